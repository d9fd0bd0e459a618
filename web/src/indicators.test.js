/* Tests of the indicator pairs (indicators.js). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indicatorPairs } from './indicators.js';

test('each pair counts its two sides and shares them', () => {
  const [notice, discussion, collective] = indicatorPairs({
    items_notified: 31, items_adhoc: 4, items_discussed: 32, items_vote_only: 0,
    matters_collective: 32, matters_individual: 13,
  });
  /* items_notified counts the items notified in advance, not all items. */
  assert.deepEqual(notice.more, { label: 'notified', count: 31, permille: 886 });
  assert.deepEqual(notice.fewer, { label: 'adhoc', count: 4, permille: 114 });
  assert.equal(discussion.more.permille, 1000);
  assert.equal(discussion.fewer.permille, 0);
  assert.equal(collective.more.permille, 711);
  assert.equal(collective.fewer.permille, 289);
});

test('an empty pair has no shares', () => {
  const [notice] = indicatorPairs({});
  assert.equal(notice.more.count, 0);
  assert.equal(notice.more.permille, null);
  assert.equal(notice.fewer.permille, null);
});
