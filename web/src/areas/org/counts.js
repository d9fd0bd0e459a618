/*
 * Reads the counts that township responses carry (how many bodies,
 * departments, people, villages) into labelled pairs. The server sends them
 * as top-level numbers (`"people": 12`); a `counts` object is read the same
 * way.
 */
import { translateEnum } from '../../i18n/index.js';

const COUNT_KEYS = ['bodies', 'departments', 'members', 'people', 'villages'];

export function countsOf(township) {
  if (!township) {
    return [];
  }
  const source = township.counts && typeof township.counts === 'object' ? township.counts : township;
  return COUNT_KEYS
    .filter((key) => typeof source[key] === 'number')
    .map((key) => ({ key, label: translateEnum('counts', key), value: source[key] }));
}

/* The count named `key` (e.g. 'bodies'), or null when the response has none. */
export function countOf(township, key) {
  const found = countsOf(township).find((c) => c.key === key);
  return found ? found.value : null;
}
