/*
 * The API's own description of its writes, read from GET /api/v1/openapi.json
 * (loaded once, cached): every declared command (`x-command`, such as
 * "task.create") with the JSON Schema of its request body. The forms of the
 * shared FormDialog are built from it instead of from field lists kept by
 * hand, and the labels of the enumerations a command declares (`x-labels`)
 * are read from it too.
 *
 *   fieldsOf(doc, 'task.create', {
 *     only: ['description', 'owner_id'],          // which fields, in this order (default: all)
 *     omit: ['budget_id'],                         // or leave some out
 *     fields: { owner_id: { options: people } },   // per field: options (a select), default, hint, note, required ...
 *   })
 *
 * gives FormDialog's field list: {key, label: {'zh-CN', en}, type, required,
 * nullable, fixed, when, maxLength, min, max, precision, lines, maxItems,
 * note, options, toApi, fromApi}.
 * A property's `title` is its zh-CN label and `x-title-en` its English one.
 * Types: an enumeration is a select labelled from `x-labels`; a boolean a
 * switch; a reference (an integer `…_id`, or a text one naming a record by
 * its text id, such as `city_id`) a select whose options the page supplies
 * (people, departments, cities, ...); an amount in fen (an integer `…_fen`)
 * a number typed in yuan; `format` "date" and "date-time" a date and a
 * date-time picker; other text an input, or a textarea when it may be
 * longer than LONG_TEXT characters (or has neither a maxLength nor a
 * pattern); a list of texts a textarea of one text per line (`lines`:
 * fromLines() and toLines() convert). Objects and other arrays are not
 * form fields. The protocol fields
 * (PROTOCOL_FIELDS) are sent by the page, not typed. In an update (PATCH)
 * nothing is required, but a field that cannot be null cannot be emptied
 * either, so the form requires it. A field marked `x-fixed` is given when
 * the record is created and never changed: a create form has it
 * (`fixed: true`, which FormDialog leaves out when it edits), an update's
 * form does not. A field whose property has `x-when` ({other: [values]})
 * applies only while the form's field `other` has one of those values
 * (`when`, the same object): FormDialog shows and sends only the fields
 * that apply (shownFields), so a hidden field is never sent.
 *
 * The functions taking `doc` are pure (the unit tests call them with a
 * sample); commandFields() and the `openapi` ref serve the pages.
 */
import { shallowRef } from 'vue';
import { api } from './api.js';
import { toFen, toYuan } from './format.js';

/* Sent by the pages themselves: the record's revision (a stale write is
 * refused) and the justification a flagged rule asks for (runStep). */
export const PROTOCOL_FIELDS = ['revision', 'justification'];

/* Text that may be longer than this is typed in a textarea. */
export const LONG_TEXT = 200;

/* The OpenAPI document once loaded (null before), for reactive labels. */
export const openapi = shallowRef(null);

let pending = null;

/* Loads the OpenAPI document once; later calls share the same answer (a failure is tried again next time). */
export function loadSchema() {
  if (!pending) {
    pending = api.get('/openapi.json').then((doc) => {
      openapi.value = doc;
      return doc;
    }, (error) => {
      pending = null;
      throw error;
    });
  }
  return pending;
}

/* loadSchema() for a page's loader: resolves to the document, or null when it could not be had (labels then show raw values). */
export function schemaReady() {
  return loadSchema().catch(() => null);
}

/* The longest text field `name` of `command` takes (its maxLength; undefined before the document is loaded), for the pages' own dialogs. */
export function maxLengthOf(command, name) {
  return openapi.value ? propertyOf(openapi.value, command, name).maxLength : undefined;
}

/* FormDialog's fields of `command` (see fieldsOf), once the document is loaded. */
export async function commandFields(command, options) {
  return fieldsOf(await loadSchema(), command, options);
}

const indexes = new WeakMap();

/*
 * The declared commands of `doc`: a Map of name → {name, method, path,
 * capability, summary (zh-CN), label ({'zh-CN', en}: what it does),
 * schema, body (the request body as declared, its media types and
 * `x-max-bytes`, also one that is no JSON: an uploaded file)}. A
 * hand-written route that takes a JSON body (creating an API token, say)
 * is there too, named by its method and path ("POST /tokens"), so that
 * its form and labels come from its schema the same way.
 */
export function commandsOf(doc) {
  if (!doc || typeof doc !== 'object') {
    return new Map();
  }
  let index = indexes.get(doc);
  if (!index) {
    index = new Map();
    for (const [path, operations] of Object.entries(doc.paths || {})) {
      for (const [method, op] of Object.entries(operations || {})) {
        if (!op || typeof op !== 'object') {
          continue;
        }
        const body = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
        const name = op['x-command'] || (body && body.schema ? `${method.toUpperCase()} ${path}` : null);
        if (!name) {
          continue;
        }
        index.set(name, {
          name,
          method: method.toUpperCase(),
          path,
          capability: op['x-capability'] || null,
          summary: op['x-summary-zh'] || op.summary || '',
          label: { 'zh-CN': op['x-summary-zh'] || op.summary || '', en: op.summary || op['x-summary-zh'] || '' },
          schema: (body && body.schema) || { type: 'object', properties: {} },
          body: op.requestBody || null,
        });
      }
    }
    indexes.set(doc, index);
  }
  return index;
}

/* One declared command of `doc`; throws when the API declares no such command. */
export function commandOf(doc, name) {
  const command = commandsOf(doc).get(name);
  if (!command) {
    throw new Error(`the API declares no command "${name}"`);
  }
  return command;
}

/* A label or text of the schema ({'zh-CN', en}, or a plain string) in `locale`; zh-CN when that language has none. */
export function textIn(label, locale) {
  if (label === null || label === undefined) {
    return '';
  }
  if (typeof label !== 'object') {
    return String(label);
  }
  return label[locale] || label['zh-CN'] || label.en || '';
}

/* English labels are lower-case phrases ("due date"); a form shows them in sentence case. */
export function sentence(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function typesOf(property) {
  const type = property.type;
  return Array.isArray(type) ? type : type ? [type] : [];
}

/* The label of property `name` in both languages. */
function labelOf(name, property) {
  const zh = property.title || property['x-title-en'] || name;
  return { 'zh-CN': zh, en: sentence(property['x-title-en'] || property.title || name) };
}

/* An amount in fen: the form takes yuan, and says so in its label ("金额（分）" → "金额（元）"). */
function isMoney(name, types) {
  return name.endsWith('_fen') && types.includes('integer');
}

function moneyLabel(label) {
  return {
    'zh-CN': `${label['zh-CN'].replace(/\s*（分）$/, '')}（元）`,
    en: `${label.en.replace(/\s*\(fen\)$/i, '')} (yuan)`,
  };
}

/* A reference to another record (owner_id, department_id, city_id, ...): a choice among what the page offers. */
function isReference(name, types) {
  return name.endsWith('_id') && (types.includes('integer') || types.includes('string'));
}

/* The choices of an enumerated property: [{value, label: {'zh-CN', en}}] in the declared order (null left out). */
function choicesOf(property) {
  const labels = property['x-labels'] || {};
  return (property.enum || []).filter((value) => value !== null).map((value) => {
    const label = labels[value] || {};
    return { value, label: { 'zh-CN': label['zh-CN'] || String(value), en: sentence(label.en || String(value)) } };
  });
}

/* A property's `x-when` as {other: [values]}, or null when it always applies. */
function whenOf(when) {
  if (!when || typeof when !== 'object') {
    return null;
  }
  const entries = Object.entries(when).filter(([, values]) => Array.isArray(values));
  return entries.length ? Object.fromEntries(entries.map(([other, values]) => [other, [...values]])) : null;
}

/* True when `field` applies to a form whose values are `values` ({key: value}): it has no `when`, or each field its `when` names has one of the values listed. */
export function fieldApplies(field, values) {
  if (!field.when) {
    return true;
  }
  return Object.entries(field.when).every(([other, allowed]) => allowed.includes(values ? values[other] : undefined));
}

/* The fields of a form that apply while it holds `values` (fieldApplies), in their order: those it shows and sends. */
export function shownFields(fields, values) {
  return fields.filter((field) => fieldApplies(field, values));
}

/* A list of texts as a textarea holds it: one text per line. */
export function toLines(list) {
  return Array.isArray(list) ? list.join('\n') : '';
}

/* The texts a textarea holds, one per line: each trimmed, empty lines dropped. */
export function fromLines(text) {
  return String(text ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

/* True when a property is a list of texts (not of ids, objects or choices). */
function isTextList(property, types) {
  const items = property.items;
  return types.includes('array') && !!items && items.type === 'string' && !Array.isArray(items.enum);
}

/* The FormDialog field of one property, or null when a form cannot take it (an object, or an array of anything but texts). */
function fieldOf(name, property, { required, update }) {
  const types = typesOf(property);
  const nullable = types.includes('null');
  const field = {
    key: name,
    label: labelOf(name, property),
    required: required || (update && !nullable),
    nullable,
  };
  if (property['x-fixed']) {
    field.fixed = true;
  }
  if (property.default !== undefined) {
    field.default = property.default;
  }
  const when = whenOf(property['x-when']);
  if (when) {
    field.when = when;
  }
  if (Array.isArray(property.enum)) {
    const choices = choicesOf(property);
    return { ...field, type: 'select', options: () => choices };
  }
  if (types.includes('boolean')) {
    return { ...field, type: 'switch' };
  }
  if (isTextList(property, types)) {
    return { ...field, type: 'textarea', lines: true, maxItems: property.maxItems, note: 'common.onePerLine', toApi: fromLines, fromApi: toLines };
  }
  if (isReference(name, types)) {
    return { ...field, type: 'select', reference: true };
  }
  if (types.includes('integer') || types.includes('number')) {
    const bounds = { min: property.minimum, max: property.maximum };
    if (isMoney(name, types)) {
      return {
        ...field,
        label: moneyLabel(field.label),
        type: 'number',
        precision: 2,
        min: bounds.min === undefined ? undefined : bounds.min / 100,
        max: bounds.max === undefined ? undefined : bounds.max / 100,
        toApi: toFen,
        fromApi: toYuan,
      };
    }
    return { ...field, type: 'number', ...bounds, precision: types.includes('integer') ? 0 : undefined };
  }
  if (types.includes('string')) {
    if (property.format === 'date') {
      return { ...field, type: 'date' };
    }
    if (property.format === 'date-time') {
      return { ...field, type: 'datetime' };
    }
    /* Without a maxLength, a text held to a pattern (an id) is short; any other may be long. */
    const long = property.maxLength === undefined ? !property.pattern : property.maxLength > LONG_TEXT;
    return { ...field, type: long ? 'textarea' : 'text', maxLength: property.maxLength };
  }
  return null;
}

/*
 * FormDialog's fields of `command` in `doc` (see the top of this file).
 * `only` names the fields in the order shown; without it, every property
 * a form can take, in the declared order, but for the protocol fields and
 * `omit`. `fields` adds to or replaces what the schema gives, per field
 * (options, default, hint, label as an i18n key, required, ...); a field
 * given options is a select (a category the rulebook lists, say). An
 * update leaves out the fields fixed at creation (`x-fixed`); what `fields`
 * says of them is ignored, so a create and an edit form may share it.
 * Throws when a field named is not in the command, `only` names a fixed
 * field of an update, or a reference is left without options.
 */
export function fieldsOf(doc, command, { only, omit = [], fields: overrides = {} } = {}) {
  const { method, schema } = commandOf(doc, command);
  const properties = schema.properties || {};
  const required = new Set(schema.required || []);
  const update = method === 'PATCH';
  for (const name of [...(only || []), ...omit, ...Object.keys(overrides)]) {
    if (!(name in properties)) {
      throw new Error(`command "${command}" has no field "${name}"`);
    }
  }
  const fixed = (name) => update && !!properties[name]['x-fixed'];
  for (const name of only || []) {
    if (fixed(name)) {
      throw new Error(`command "${command}": "${name}" is fixed when the record is created`);
    }
  }
  const names = only || Object.keys(properties).filter((name) => !PROTOCOL_FIELDS.includes(name) && !omit.includes(name) && !fixed(name));
  const result = [];
  for (const name of names) {
    const generated = fieldOf(name, properties[name], { required: required.has(name), update });
    const override = overrides[name];
    if (!generated && !(override && override.type)) {
      if (only) {
        throw new Error(`command "${command}": a form cannot take "${name}"`);
      }
      continue;
    }
    const field = { ...(generated || { key: name, label: labelOf(name, properties[name]) }), ...override };
    if (override && override.options && !override.type) {
      field.type = 'select';
    }
    if (field.reference && !field.options) {
      throw new Error(`command "${command}": the page must offer the choices of "${name}"`);
    }
    result.push(field);
  }
  return result;
}

/* The choices of enumeration `field` of `command`: [{value, label: {'zh-CN', en}}] ([] when `doc` is not loaded yet). */
export function enumOf(doc, command, field) {
  if (!doc) {
    return [];
  }
  const property = (commandOf(doc, command).schema.properties || {})[field];
  if (!property || !Array.isArray(property.enum)) {
    throw new Error(`command "${command}" declares no enumeration "${field}"`);
  }
  return choicesOf(property);
}

/* The label of `value` of enumeration `field` of `command` in `locale`; the value itself when undeclared or not loaded. */
export function enumLabel(doc, command, field, value, locale) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  const choice = enumOf(doc, command, field).find((c) => c.value === value);
  return choice ? textIn(choice.label, locale) : String(value);
}

/* The schema of field `name` of `command` (its type, title, bounds ...); throws when there is no such field. */
export function propertyOf(doc, command, name) {
  const property = (commandOf(doc, command).schema.properties || {})[name];
  if (!property) {
    throw new Error(`command "${command}" has no field "${name}"`);
  }
  return property;
}

/* The label of field `name` of `command` in both languages, as its form shows it (an amount in fen: in yuan). */
export function fieldLabel(doc, command, name) {
  const property = propertyOf(doc, command, name);
  const label = labelOf(name, property);
  return isMoney(name, typesOf(property)) ? moneyLabel(label) : label;
}
