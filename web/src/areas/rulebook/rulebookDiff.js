/*
 * What changes between two rulebook documents, field by field, and the
 * same changes described in the UI language for the rulebook page.
 *
 *   diffRulebooks(old, new)  -> [{path, old, new}] sorted by path, as the
 *                               server's dry run answers (docs/rules.md);
 *                               a key only one side has shows null on the
 *                               other
 *   describeDiff(diff, text, newDoc?)
 *                            -> [{key, path, meta, category, section, field,
 *                                 old, new}] in the UI language; with the
 *                               new document, the parts of one quorum or
 *                               pass rule make one row ("more than 1/2" →
 *                               "at least 2/3")
 *
 * `text` is {t, te, locale, category} as in rulebookDoc.js. No Vue imports.
 */
import {
  META_KEYS, isPlainObject, clone, getAt, pathKeys,
  categoryLabel, fieldLabel, ruleLabel, formatValue,
} from './rulebookDoc.js';

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function walk(oldNode, newNode, prefix, out) {
  const keys = new Set([...Object.keys(oldNode), ...Object.keys(newNode)]);
  for (const key of keys) {
    const path = prefix ? `${prefix}.${key}` : key;
    const a = oldNode[key];
    const b = newNode[key];
    if (isPlainObject(a) && isPlainObject(b)) {
      walk(a, b, path, out);
    } else if (!same(a, b)) {
      out.push({ path, old: a === undefined ? null : clone(a), new: b === undefined ? null : clone(b) });
    }
  }
}

/* The changes from document `oldDoc` to `newDoc`, sorted by path ([] when the same). */
export function diffRulebooks(oldDoc, newDoc) {
  const out = [];
  walk(isPlainObject(oldDoc) ? oldDoc : {}, isPlainObject(newDoc) ? newDoc : {}, '', out);
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/* True for a change of the version keys (version, effective_from, ...), not of a rule. */
export function isMetaPath(path) {
  return META_KEYS.includes(String(path));
}

/* The quorum or pass rule a path belongs to, as its keys, or null. */
function thresholdOf(keys) {
  if (keys[0] === 'congress' && keys.length === 3 && (keys[1] === 'quorum' || keys[1] === 'pass')) {
    return keys.slice(0, 2);
  }
  if (keys[0] === 'categories' && keys.length === 4 && (keys[2] === 'quorum' || keys[2] === 'pass')) {
    return keys.slice(0, 3);
  }
  return null;
}

/* True for a threshold with all its parts (an override may give only some). */
function isWholeThreshold(value) {
  return isPlainObject(value) && ['compare', 'numerator', 'denominator'].every((k) => k in value);
}

/* Where a change is (section or category) and which field, in the UI language. */
function place(text, keys) {
  const [section, second, field] = keys;
  if (keys.length === 1) {
    return { section: text.t('rulebook.section.meta'), field: fieldLabel(text, section), category: null };
  }
  if (section === 'categories') {
    const rest = keys.slice(2).map((k) => fieldLabel(text, k)).join(' · ');
    return { section: categoryLabel(text, second), field: rest || text.t('rulebook.wholeCategory'), category: second };
  }
  if (section === 'actions') {
    return { section: text.t('rulebook.section.actions'), field: ruleLabel(text, second), category: null };
  }
  const sectionKey = `rulebook.section.${section}`;
  const sectionLabel = text.te(sectionKey) ? text.t(sectionKey) : section;
  const rest = keys.slice(1).map((k) => fieldLabel(text, k)).join(' · ');
  return { section: sectionLabel, field: rest || field || '', category: null };
}

/*
 * The changes in the UI language, one row per field (one per quorum or
 * pass rule when `newDoc`, the complete new document, is given). Rows keep
 * the order of `diff`.
 */
export function describeDiff(diff, text, newDoc = null) {
  const rows = [];
  const grouped = new Map();
  const thresholds = newDoc && isPlainObject(newDoc.thresholds) ? newDoc.thresholds : null;
  for (const change of diff || []) {
    const keys = pathKeys(change.path);
    const group = newDoc ? thresholdOf(keys) : null;
    const current = group ? getAt(newDoc, group) : undefined;
    if (group && isWholeThreshold(current)) {
      const id = group.join('.');
      let row = grouped.get(id);
      if (!row) {
        row = { id, keys: group, before: clone(current), after: clone(current) };
        grouped.set(id, row);
        rows.push(row);
      }
      row.before[keys[keys.length - 1]] = change.old;
      continue;
    }
    rows.push({ id: change.path, keys, before: change.old, after: change.new, leaf: true });
  }
  return rows.map((row) => ({
    key: row.id,
    path: row.id,
    meta: isMetaPath(row.id),
    ...place(text, row.keys),
    old: formatValue(text, row.keys, row.before, thresholds),
    new: formatValue(text, row.keys, row.after, thresholds),
  }));
}
