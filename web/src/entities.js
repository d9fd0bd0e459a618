/*
 * What the API answers, from its own description (GET /api/v1/openapi.json,
 * loaded once by schema.js): every entity's schema
 * (`#/components/schemas/<entity>`: its name in both languages, `title`
 * and `x-title-en`, and its columns, labelled from the fields of its
 * commands and queries, with the labels of their enumerations), and the
 * declared queries (`x-query`) whose answer is rows of one entity, with
 * what the query adds to them (names, counts).
 *
 * A generic list page is built from it (components/EntityListView.vue):
 *
 *   entityRoute({ path: '/t/:tid/villages', query: 'org.village_list',
 *                 create: 'org.village_create', update: 'org.village_update' })
 *
 * in an area's index.js is the whole of a page listing an entity's rows,
 * with a form to create one and one to change one (schema.js builds them
 * from the commands), shown to those who hold the commands' capability.
 * The log names the type of a record ("task.updated") by its entity's name.
 *
 * Which properties are columns: those with a label, but for ids and
 * references (`id`, `…_id`: codes, never shown; a query gives the names
 * of what a row refers to) and composite values (lists and objects), in
 * the declared order but for the row's name (NAME_KEYS, and its English
 * form), which comes first. An enumeration shows its value's label, an
 * amount in fen (`…_fen`) yuan, a `date` or `date-time` as a date or a
 * time. The values of an enumeration, and the known values of an open
 * set (a matter's category: `x-value-labels`), have labels in both
 * languages: queryEnumOf() for a query's rows, entityEnumOf() for an
 * entity's rows wherever an answer carries them.
 *
 * A query may name the page of its rows shortly (`x-page-title` and
 * `x-page-title-en`: "投标人名录", "bidders"): the township's navigation
 * and the page's heading then say that, and the heading's line below it
 * the summary; pageTitle() chooses.
 *
 * The functions taking `doc` are pure (entities.test.js calls them with a
 * sample, entitiesTestDoc.js).
 */
import { sentence, textIn } from './schema.js';
import { formatDate, formatTime, formatYuan } from './format.js';

const SCHEMAS = '#/components/schemas/';

/* The label of a schema ({title, x-title-en}) in both languages, or null when it has none. */
export function labelOf(schema) {
  if (!schema || (!schema.title && !schema['x-title-en'])) {
    return null;
  }
  return { 'zh-CN': schema.title || schema['x-title-en'], en: sentence(schema['x-title-en'] || schema.title) };
}

/* The schema of entity `name` ("task"), or null when `doc` has none. */
export function entitySchemaOf(doc, name) {
  const schema = doc && doc.components && doc.components.schemas && doc.components.schemas[name];
  return schema && schema.type === 'object' && schema['x-title-en'] ? schema : null;
}

/* The name of entity `name` in `locale` ("执行任务", "Execution task"); '' when `doc` does not describe it. */
export function entityTitle(doc, name, locale) {
  return textIn(labelOf(entitySchemaOf(doc, name)), locale);
}

/* The entity a schema refers to ({"$ref": "#/components/schemas/task"}), or null. */
function referredEntity(doc, schema) {
  const ref = schema && schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith(SCHEMAS)) {
    return null;
  }
  const name = ref.slice(SCHEMAS.length);
  return entitySchemaOf(doc, name) ? name : null;
}

/* A row of an answer: {entity, properties} (the entity's columns, then what the answer adds), or null when it is not one entity's. */
function rowOf(doc, schema) {
  const entity = referredEntity(doc, schema);
  if (!entity) {
    return null;
  }
  const properties = { ...entitySchemaOf(doc, entity).properties, ...(schema.properties || {}) };
  return { entity, properties };
}

const indexes = new WeakMap();

/*
 * The declared queries of `doc` that answer rows of an entity: a Map of
 * name → {name, path, paged, capability, summary: {'zh-CN', en}, title
 * (its short page title, {'zh-CN', en}, or null), entity, properties}.
 */
export function queriesOf(doc) {
  if (!doc || typeof doc !== 'object') {
    return new Map();
  }
  let index = indexes.get(doc);
  if (index) {
    return index;
  }
  index = new Map();
  for (const [path, operations] of Object.entries(doc.paths || {})) {
    const op = operations && operations.get;
    const content = op && op.responses && op.responses['200'] && op.responses['200'].content;
    const schema = content && content['application/json'] && content['application/json'].schema;
    if (!op || !op['x-query'] || !schema) {
      continue;
    }
    const paged = schema.$ref === `${SCHEMAS}Page`;
    const row = rowOf(doc, paged ? schema.properties && schema.properties.items && schema.properties.items.items : schema);
    if (row) {
      index.set(op['x-query'], {
        name: op['x-query'],
        path,
        paged,
        capability: op['x-capability'] || null,
        summary: { 'zh-CN': op['x-summary-zh'] || op.summary || '', en: op.summary || op['x-summary-zh'] || '' },
        title: op['x-page-title'] ? { 'zh-CN': op['x-page-title'], en: op['x-page-title-en'] || op['x-page-title'] } : null,
        ...row,
      });
    }
  }
  indexes.set(doc, index);
  return index;
}

/* What the page of `query`'s rows (an entry of queriesOf) is called in `locale`: its short page title when it declares one (English in sentence case), else its summary. */
export function pageTitle(query, locale) {
  if (!query) {
    return '';
  }
  return query.title ? sentence(textIn(query.title, locale)) : textIn(query.summary, locale);
}

/* One query of `doc` answering an entity's rows; throws when the API declares none of that name. */
export function queryOf(doc, name) {
  const query = queriesOf(doc).get(name);
  if (!query) {
    throw new Error(`the API declares no query "${name}" answering rows of an entity`);
  }
  return query;
}

function typesOf(property) {
  const type = property.type;
  return Array.isArray(type) ? type : type ? [type] : [];
}

/*
 * The labels of the values of a property: an enumeration's (`x-labels`),
 * or those of the known values of an open set (`x-value-labels`: a
 * matter's category, whose values are the rulebook's); {} when it has
 * none.
 */
export function valueLabelsOf(property) {
  return (property && (property['x-labels'] || property['x-value-labels'])) || {};
}

/* True when a property's values have labels (an enumeration, or an open set with known values). */
function isLabelled(property) {
  return Array.isArray(property.enum) || !!property['x-value-labels'];
}

/* How a column shows its values: 'enum' (by their labels), 'money', 'date', 'time', 'boolean' or 'text'. */
function kindOf(name, property) {
  const types = typesOf(property);
  if (isLabelled(property)) {
    return 'enum';
  }
  if (name.endsWith('_fen') && types.includes('integer')) {
    return 'money';
  }
  if (property.format === 'date') {
    return 'date';
  }
  if (property.format === 'date-time') {
    return 'time';
  }
  return types.includes('boolean') ? 'boolean' : 'text';
}

/* The keys that name a row, shown first (with their `…_en`). */
export const NAME_KEYS = ['name', 'title', 'label'];

/* Where column `key` goes: the row's name first, then the declared order. */
function rank(key) {
  const i = NAME_KEYS.indexOf(key.replace(/_en$/, ''));
  return i < 0 ? NAME_KEYS.length : i;
}

/* True when a property is shown as a column (see the top of this file). */
function isColumn(name, property) {
  const types = typesOf(property);
  return !!labelOf(property) && name !== 'id' && !name.endsWith('_id') && types.length > 0 &&
    !types.includes('array') && !types.includes('object');
}

/*
 * The columns of the rows query `name` answers: [{key, label: {'zh-CN',
 * en}, kind, labels (an enumeration's {value: {'zh-CN', en}})}] in the
 * declared order; `only` names the columns in the order shown, `omit`
 * leaves some out.
 */
export function columnsOf(doc, name, { only, omit = [] } = {}) {
  const { properties } = queryOf(doc, name);
  for (const key of [...(only || []), ...omit]) {
    if (!(key in properties)) {
      throw new Error(`query "${name}" answers no "${key}"`);
    }
  }
  const keys = only || Object.keys(properties)
    .filter((key) => isColumn(key, properties[key]) && !omit.includes(key))
    .sort((a, b) => rank(a) - rank(b));
  return keys.map((key) => ({
    key,
    label: labelOf(properties[key]) || { 'zh-CN': key, en: key },
    kind: kindOf(key, properties[key]),
    labels: valueLabelsOf(properties[key]),
  }));
}

/* The labelled values of a property: [{value, label: {'zh-CN', en}}], an enumeration's in its order, an open set's known ones. */
function choicesOf(property) {
  const labels = valueLabelsOf(property);
  const values = Array.isArray(property.enum) ? property.enum.filter((value) => value !== null) : Object.keys(labels);
  return values.map((value) => ({
    value,
    label: labelOf({ title: labels[value] && labels[value]['zh-CN'], 'x-title-en': labels[value] && labels[value].en }) || { 'zh-CN': String(value), en: String(value) },
  }));
}

/* The choices of enumeration `key` of the rows query `name` answers (see choicesOf; [] before `doc` is loaded). */
export function queryEnumOf(doc, name, key) {
  if (!doc) {
    return [];
  }
  const property = queryOf(doc, name).properties[key];
  if (!property || !isLabelled(property)) {
    throw new Error(`query "${name}" answers no enumeration "${key}"`);
  }
  return choicesOf(property);
}

/*
 * The choices of enumeration `key` of the rows of entity `name` (see
 * choicesOf; [] before `doc` is loaded), for the rows that an answer
 * carries inside another (a meeting's agenda items, a budget's
 * adjustments): entityEnumOf(doc, 'agenda_item', 'status').
 */
export function entityEnumOf(doc, name, key) {
  if (!doc) {
    return [];
  }
  const schema = entitySchemaOf(doc, name);
  const property = schema && schema.properties && schema.properties[key];
  if (!property || !isLabelled(property)) {
    throw new Error(`entity "${name}" has no enumeration "${key}"`);
  }
  return choicesOf(property);
}

/* The label of `value` among `choices` (of queryEnumOf, entityEnumOf) in `locale`; the value itself when it has none. */
export function choiceText(choices, value, locale) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  const choice = choices.find((c) => c.value === value);
  return choice ? textIn(choice.label, locale) : String(value);
}

/* The text of `column` (of columnsOf) in `row`, in `locale`. */
export function cellText(column, row, locale, { yes = '✓', no = '' } = {}) {
  const value = row ? row[column.key] : undefined;
  if (value === null || value === undefined || value === '') {
    return '';
  }
  switch (column.kind) {
    case 'enum': {
      const label = column.labels[value];
      return label ? (locale === 'en' ? sentence(label.en) : textIn(label, locale)) : String(value);
    }
    case 'money':
      return formatYuan(value);
    case 'date':
      return formatDate(value);
    case 'time':
      return formatTime(value, { seconds: false });
    case 'boolean':
      return value ? yes : no;
    default:
      return String(value);
  }
}

/*
 * A field of a record of entity `name` ("task") in words, as the log's
 * summary shows it: "label: value", the value as a column shows it (an
 * enumeration's label, an amount in yuan, a date); null for a field the
 * description does not label and for ids and references, or when `doc`
 * does not describe the entity.
 */
export function entityFieldText(doc, name, key, value, locale) {
  const schema = entitySchemaOf(doc, name);
  const property = schema && schema.properties ? schema.properties[key] : null;
  const label = labelOf(property);
  if (!label || key === 'id' || key.endsWith('_id')) {
    return null;
  }
  const kind = kindOf(key, property);
  let text = textIn(label, locale);
  if (kind === 'money') {
    text = text.replace(/（分）$/, '').replace(/\s*\(fen\)$/i, '');
  }
  const column = { key, kind, labels: valueLabelsOf(property) };
  return `${locale === 'en' ? sentence(text) : text}: ${cellText(column, { [key]: value }, locale)}`;
}

/* `path` of the description ("/townships/{tid}/villages") with its parameters from `params` ({tid: 'diankou'}); throws when one is missing. */
export function fillPath(path, params) {
  return path.replace(/\{([^}]+)\}/g, (_, name) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new Error(`no value for {${name}} of ${path}`);
    }
    return encodeURIComponent(String(value));
  });
}

/*
 * A vue-router row of a list page of an entity's rows (EntityListView):
 * `path` (with `:tid` for a township's page), `query` (the x-query that
 * lists them), and optionally `create` and `update` (the x-command that
 * makes one and the one that changes one; their forms come from their
 * request schemas), `remove` (the command that deletes one), `name` (the
 * route's name; the query's entity plural by default, e.g. "villages"),
 * `title` (an i18n key; the query's summary by default), `fields`
 * (per field of the forms, what the API cannot know: the choices of a
 * reference, a default; see schema.js fieldsOf) and `nav: false` to keep
 * it out of the township's navigation.
 */
export function entityRoute({ path, query, create = null, update = null, remove = null, name, title = null, fields = {}, nav = true }) {
  return {
    path,
    name: name || query.replace(/^.*\./, '').replace(/_list$/, 's'),
    component: () => import('./components/EntityListView.vue'),
    props: { query, create, update, remove, title, fields },
    meta: { entityQuery: query, nav: nav && path.includes(':tid') },
  };
}
