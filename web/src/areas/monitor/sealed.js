/*
 * The sealed parts of the followed logs as the monitor pages show them
 * (docs/monitor.md, "Web pages"). A township's public record carries only
 * the salted digest of what stays confidential (statements, ballots,
 * reasons for absence or recusal, a user's login); the monitor reads the
 * parts with an inspector's token on the node, or takes them from the
 * township's own publication record, and checks each against the digest
 * in its mirror. The public sees how many parts are in which state; the
 * commission's inspectors (`monitor.sealed_read`) also see the content.
 *
 * Free of Vue and of the message catalogues: the pages translate the
 * states (`monitor.sealedState.<state>`), the content's labels come from
 * the API's description (sealed.test.js).
 */
import { entitySchemaOf, labelOf, valueLabelsOf } from '../../entities.js';
import { commandsOf, sentence, textIn } from '../../schema.js';
import { formatTime } from '../../format.js';

/* The states of a part, in the order the pages list them. */
export const SEALED_STATES = ['read', 'published', 'pending', 'refused', 'bad'];

/* States that call for attention: the node refused a part, or a part does not match its digest. */
const ALARMING = new Set(['refused', 'bad']);

/*
 * A node's sealed summary ({token, parts, pending, read, published,
 * refused, bad, error, error_at} of GET /monitor/nodes) in figures:
 * `checked` (read or published: the parts whose content matched),
 * `parts`, `counts` ([{state, n}] of every state, in SEALED_STATES order),
 * `alarming` (refused or bad parts), `token`, `error` and `errorAt`; null
 * when the node has no summary (an older server).
 */
export function sealedFigures(sealed) {
  if (!sealed || typeof sealed !== 'object') {
    return null;
  }
  const count = (state) => (Number.isInteger(sealed[state]) && sealed[state] > 0 ? sealed[state] : 0);
  const counts = SEALED_STATES.map((state) => ({ state, n: count(state) }));
  return {
    token: !!sealed.token,
    parts: Number.isInteger(sealed.parts) ? sealed.parts : counts.reduce((sum, c) => sum + c.n, 0),
    checked: count('read') + count('published'),
    counts,
    alarming: counts.some((c) => c.n > 0 && ALARMING.has(c.state)),
    error: sealed.error || null,
    errorAt: sealed.error_at || null,
  };
}

/* The el-tag type of a part's state: matched green, pending grey, refused amber, not matching red. */
export function sealedTagType(state) {
  switch (state) {
    case 'read':
    case 'published':
      return 'success';
    case 'refused':
      return 'warning';
    case 'bad':
      return 'danger';
    default:
      return 'info';
  }
}

/* True when a part in this state calls for attention (refused, or not matching its digest). */
export function isSealedAlarming(state) {
  return ALARMING.has(state);
}

/* The page (from 1) of a node's entries, `pageSize` a page, that holds entry `index`. */
export function entryPage(index, pageSize) {
  return Math.floor(index / pageSize) + 1;
}

/* The first property called `key` in a JSON Schema, its nested objects and arrays included (depth-limited), or null. */
function findProperty(schema, key, depth = 4) {
  if (!schema || typeof schema !== 'object' || depth < 0) {
    return null;
  }
  const properties = schema.properties || {};
  if (properties[key] && labelOf(properties[key])) {
    return properties[key];
  }
  for (const child of [...Object.values(properties), schema.items]) {
    const found = findProperty(child, key, depth - 1);
    if (found) {
      return found;
    }
  }
  return null;
}

/*
 * The description's property of `key` for a part of a record of entity
 * `entity`: the entity's own column, else a field of one of its commands
 * (`<entity>.<action>`: a reason for absence is a field of the agenda
 * item's attendance); null when neither names it.
 */
function propertyFor(doc, entity, key) {
  const schema = entitySchemaOf(doc, entity);
  const own = schema && schema.properties && schema.properties[key];
  if (own && labelOf(own)) {
    return own;
  }
  for (const [name, command] of commandsOf(doc)) {
    if (name.startsWith(`${entity}.`)) {
      const found = findProperty(command.schema, key);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

/* A person of the record's roster (an agenda item's members) by id, or null. */
function rosterPerson(record, id) {
  const roster = record && record.payload && Array.isArray(record.payload.roster) ? record.payload.roster : [];
  return roster.find((p) => p && String(p.person_id) === String(id)) || null;
}

/*
 * The content of a sealed part as labelled rows for the inspectors:
 * [{key, label, lines}], one per member of `content` in its order. Labels
 * come from the API's description (`doc`) for the entity of the part's
 * record (`record.type`, "statement.created" → statement), or from
 * `options.label(key)` (the page's own text, '' when it has none), or are
 * the key itself. Values: an enumeration's label, a time in Asia/Shanghai,
 * yes or no (`options.yes`, `options.no`), a reference (`…_id`) as
 * `options.ref(id)`, text as it is; an object one line per member (a
 * member of the record's roster named, "寿振祥: 缺席原因 参加市委党校培训");
 * anything deeper as JSON. `locale` picks the language.
 */
export function sealedContentRows(doc, record, content, options = {}) {
  if (!content || typeof content !== 'object' || Array.isArray(content)) {
    return [];
  }
  const locale = options.locale || 'zh-CN';
  const english = locale === 'en';
  const entity = record && typeof record.type === 'string' ? record.type.split('.')[0] : '';
  const colon = english ? ': ' : '：';
  const semicolon = english ? '; ' : '；';

  const refText = (id) => (options.ref ? options.ref(id) : `#${id}`);
  const labelFor = (key) => {
    const property = doc ? propertyFor(doc, entity, key) : null;
    return textIn(labelOf(property), locale) || (options.label && options.label(key)) || key;
  };
  const scalar = (key, value) => {
    if (value === null || value === undefined || value === '') {
      return '—';
    }
    const property = doc ? propertyFor(doc, entity, key) : null;
    const labels = valueLabelsOf(property);
    if (typeof value === 'string' && labels[value]) {
      return english ? sentence(labels[value].en || labels[value]['zh-CN']) : textIn(labels[value], locale);
    }
    if (typeof value === 'boolean') {
      return value ? options.yes || 'yes' : options.no || 'no';
    }
    if (key.endsWith('_id') && Number.isInteger(value)) {
      const person = rosterPerson(record, value);
      if (person) {
        return (english && person.name_en) || person.name || String(value);
      }
      return refText(value);
    }
    if (typeof value === 'string' && property && property.format === 'date-time') {
      return formatTime(value);
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  const member = (key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value).map(([k, v]) => `${labelFor(k)} ${scalar(k, v)}`).join(semicolon);
    }
    return scalar(key, value);
  };
  const subject = (key) => {
    const person = /^\d+$/.test(key) ? rosterPerson(record, key) : null;
    if (person) {
      return (english && person.name_en) || person.name;
    }
    return /^\d+$/.test(key) ? refText(Number(key)) : labelFor(key);
  };

  return Object.entries(content).map(([key, value]) => {
    let lines;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      lines = Object.entries(value).map(([k, v]) => `${subject(k)}${colon}${member(k, v)}`);
    } else {
      lines = [scalar(key, value)];
    }
    return { key, label: labelFor(key), lines: lines.length > 0 ? lines : ['—'] };
  });
}
