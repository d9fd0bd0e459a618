/*
 * The rulebook page's document helpers (docs/rules.md, "The rulebook
 * document"): a township's override merged over the city's rulebook, the
 * document an edit posts (the city's complete one, or a township's partial
 * override carrying every deviation it keeps), the base an edit starts
 * from, and each value in the UI language (amounts via formatMoney,
 * thresholds, "when" values, yes/no, rule actions).
 *
 * `text` is {t, te, locale, category}: vue-i18n's translate and key-exists
 * functions, the UI language, and a category's name in it as the API's
 * description gives it (category(name): '' or the name itself when it
 * has none). No Vue imports, so node's test runner loads it.
 */
import { formatMoney, formatTime } from '../../format.js';

/* The version keys of a document; the page sets them, the rest is content. */
export const META_KEYS = ['version', 'effective_from', 'township', 'city_version'];
/* The content sections of a document, in display order. */
export const SECTIONS = ['thresholds', 'congress', 'categories', 'actions'];
/* A category's keys, in display order. */
export const CATEGORY_FIELDS = [
  'collective', 'ballot', 'secret_ballot', 'public_tender', 'congress_vote',
  'quorum', 'pass', 'notice_hours', 'adhoc_allowed', 'secretary_last',
];
/* The four major-matter categories every rulebook has (docs/rules.md), in the glossary's order. */
export const MAJOR_CATEGORIES = ['major_decision', 'cadre_appointment', 'major_project', 'large_fund'];
export const WHEN_VALUES = ['never', 'always', 'from_large_fund', 'from_tender'];
export const COMPARE_VALUES = ['more_than', 'at_least'];
export const BASE_VALUES = ['entitled', 'present'];
export const ACTION_VALUES = ['refuse', 'flag'];
export const MAX_NOTICE_HOURS = 720;
export const MAX_DENOMINATOR = 100;

const WHEN_FIELDS = new Set(['collective', 'ballot', 'public_tender']);
const BOOL_FIELDS = new Set(['secret_ballot', 'congress_vote', 'adhoc_allowed', 'secretary_last']);
const THRESHOLD_FIELDS = new Set(['quorum', 'pass']);

export function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/* The document without its version keys. */
export function contentOf(doc) {
  const out = {};
  for (const [key, value] of Object.entries(doc || {})) {
    if (!META_KEYS.includes(key)) {
      out[key] = clone(value);
    }
  }
  return out;
}

/* Copies `patch` into `target` key by key (objects into objects, anything else replaces); returns target. */
export function deepAssign(target, patch) {
  for (const [key, value] of Object.entries(patch || {})) {
    if (isPlainObject(value) && isPlainObject(target[key])) {
      deepAssign(target[key], value);
    } else {
      target[key] = clone(value);
    }
  }
  return target;
}

/*
 * A township's override (partial) merged over the city's complete
 * document, as the server merges it: the result has the city's content
 * with the override's keys replaced one by one.
 */
export function mergeOverride(city, override) {
  return deepAssign(contentOf(city), contentOf(override));
}

/* A document's category names: the major ones first, then the others by name. */
export function categoryNames(doc) {
  const rank = (name) => (MAJOR_CATEGORIES.includes(name) ? MAJOR_CATEGORIES.indexOf(name) : MAJOR_CATEGORIES.length);
  return Object.keys((doc && doc.categories) || {})
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/* The value at a dotted path split into keys (undefined when absent). */
export function getAt(doc, keys) {
  let node = doc;
  for (const key of keys) {
    if (!isPlainObject(node) || !(key in node)) {
      return undefined;
    }
    node = node[key];
  }
  return node;
}

/* Sets the value at keys, creating objects on the way; undefined deletes it. */
export function setAt(doc, keys, value) {
  let node = doc;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node[key])) {
      node[key] = {};
    }
    node = node[key];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) {
    delete node[last];
  } else {
    node[last] = clone(value);
  }
}

/*
 * Splits a diff path into keys. Rule ids contain dots ("actions.notice.adhoc"
 * is rule "notice.adhoc"), category names do not.
 */
export function pathKeys(path) {
  const text = String(path);
  if (text.startsWith('actions.')) {
    return ['actions', text.slice('actions.'.length)];
  }
  return text.split('.');
}

/*
 * The starting point of an edit of one scope, from GET /rulebook (`city`
 * the answer without ?township=, `scoped` the answer for the township, or
 * null for the city). Returns {township, nextVersion, latest (that scope's
 * latest stored row or null), draft (a township's override content, null
 * for the city), base (the complete content the form shows)}.
 */
export function editStart(city, scoped, township) {
  const cityDoc = city.in_force.document;
  if (!township) {
    const rows = (city.history || []).filter((h) => !h.township_id);
    const latest = rows.reduce((a, b) => (a && a.version >= b.version ? a : b), null);
    return {
      township: null,
      nextVersion: latest ? latest.version + 1 : 1,
      latest,
      draft: null,
      base: contentOf(latest ? latest.document : cityDoc),
    };
  }
  const rows = ((scoped && scoped.history) || []).filter((h) => h.township_id === township);
  const latest = rows.reduce((a, b) => (a && a.version >= b.version ? a : b), null);
  const draft = contentOf(latest ? latest.document : {});
  return {
    township,
    nextVersion: latest ? latest.version + 1 : 1,
    latest,
    draft,
    base: mergeOverride(cityDoc, draft),
  };
}

/* Every leaf (non-object value) of a document as [keys, value], rule ids kept whole. */
function leaves(doc, prefix = []) {
  const out = [];
  for (const [key, value] of Object.entries(doc || {})) {
    const keys = [...prefix, key];
    if (isPlainObject(value)) {
      out.push(...leaves(value, keys));
    } else {
      out.push([keys, value]);
    }
  }
  return out;
}

/*
 * The content to post for an edit: for the city the edited complete
 * content; for a township the draft override with every leaf the form
 * changed (against `base`) written into it, so that the override keeps
 * all the township's earlier deviations (a new override replaces the old
 * one, it is not merged with it).
 */
export function contentToPost(start, edited) {
  if (!start.township) {
    return contentOf(edited);
  }
  const out = clone(start.draft) || {};
  const before = new Map(leaves(start.base).map(([keys, value]) => [keys.join('\u0000'), value]));
  for (const [keys, value] of leaves(edited)) {
    const old = before.get(keys.join('\u0000'));
    if (JSON.stringify(old) !== JSON.stringify(value)) {
      setAt(out, keys, value);
    }
  }
  return out;
}

/* The document to post: version keys first, then the content. Without
 * `effectiveFrom` (null), the server puts it in force when it records it. */
export function documentToPost(start, content, effectiveFrom) {
  const doc = { version: start.nextVersion };
  if (effectiveFrom) {
    doc.effective_from = effectiveFrom;
  }
  if (start.township) {
    doc.township = start.township;
  } else {
    doc.township = null;
    doc.city_version = null;
  }
  return { ...doc, ...contentOf(content) };
}

/* ---- values in the UI language ---- */

function label(text, key, fallback) {
  return text.te(key) ? text.t(key) : fallback;
}

/* A category's name (the server's, from the API's description), else its id. */
export function categoryLabel(text, name) {
  return (text.category && text.category(name)) || name;
}

/* A rule id's name ("notice.adhoc" → rulebook.rule.notice_adhoc), else the id. */
export function ruleLabel(text, id) {
  return label(text, `rulebook.rule.${String(id).replace(/\./g, '_')}`, String(id));
}

export function fieldLabel(text, name) {
  return label(text, `rulebook.field.${name}`, name);
}

export function yesNo(text, value) {
  return text.t(value ? 'common.yes' : 'common.no');
}

export function formatHours(text, n) {
  return text.t('rulebook.hours', { n });
}

/* "never", "always" or from a threshold (with its amount when `thresholds` is given). */
export function formatWhen(text, value, thresholds = null) {
  if (thresholds && (value === 'from_large_fund' || value === 'from_tender')) {
    const fen = value === 'from_large_fund' ? thresholds.large_fund_fen : thresholds.tender_fen;
    return text.t(`rulebook.whenFrom.${value}`, { amount: formatMoney(fen, text.locale) });
  }
  return label(text, `rulebook.when.${value}`, String(value));
}

/* A threshold: "more than 1/2", with its base for a pass rule. */
export function formatThreshold(text, th) {
  if (!isPlainObject(th)) {
    return formatPlain(text, th);
  }
  const fraction = `${th.numerator}/${th.denominator}`;
  const main = text.te(`rulebook.compare.${th.compare}`)
    ? text.t(`rulebook.compare.${th.compare}`, { fraction })
    : `${th.compare} ${fraction}`;
  if (!th.base) {
    return main;
  }
  return text.t('rulebook.ofBase', { threshold: main, base: label(text, `rulebook.base.${th.base}`, th.base) });
}

export function formatAction(text, value) {
  return label(text, `rulebook.action.${value}`, String(value));
}

function formatPlain(text, value) {
  if (value === null || value === undefined) {
    return '—';
  }
  if (typeof value === 'boolean') {
    return yesNo(text, value);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/*
 * One value of the document at `keys` in the UI language. `thresholds`
 * (optional) adds the amounts to "from a threshold" values.
 */
export function formatValue(text, keys, value, thresholds = null) {
  if (value === null || value === undefined) {
    return '—';
  }
  const [section, second, field, sub] = keys;
  const last = keys[keys.length - 1];
  if (keys.length === 1) {
    if (section === 'effective_from') {
      return formatTime(value, { seconds: true });
    }
    if (section === 'version' || section === 'city_version') {
      return value === 0 ? text.t('rulebook.noOverride') : text.t('rulebook.versionN', { n: value });
    }
    return formatPlain(text, value);
  }
  if (section === 'thresholds') {
    return typeof value === 'number' ? formatMoney(value, text.locale) : formatPlain(text, value);
  }
  if (section === 'actions') {
    return formatAction(text, value);
  }
  const name = section === 'categories' ? field : second;
  const part = section === 'categories' ? sub : field;
  if (section === 'categories' && keys.length === 2) {
    return formatPlain(text, value);
  }
  if (THRESHOLD_FIELDS.has(name) && part === undefined) {
    return formatThreshold(text, value);
  }
  if (last === 'compare') {
    return label(text, `rulebook.compareOption.${value}`, String(value));
  }
  if (last === 'base') {
    return label(text, `rulebook.base.${value}`, String(value));
  }
  if (WHEN_FIELDS.has(last)) {
    return formatWhen(text, value, thresholds);
  }
  if (BOOL_FIELDS.has(last)) {
    return yesNo(text, value);
  }
  if (last === 'notice_hours') {
    return formatHours(text, value);
  }
  return formatPlain(text, value);
}
