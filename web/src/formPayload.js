/*
 * The body FormDialog sends, from its fields and what was typed: only the
 * fields that apply to the values held (schema.js, shownFields: a field
 * whose `when` the form does not meet is neither shown nor sent), each
 * value as the API takes it (trimmed text, an empty one as null when the
 * field may be null, a date-time typed in Beijing time sent in RFC 3339
 * UTC, an amount in fen, a list of texts typed one per line). A
 * create sends what was filled in; an edit only what changed from
 * `initial` (a list compared by its elements). Free of Vue, so node's test runner loads it directly.
 */
import { fromShanghaiClock } from './format.js';
import { shownFields } from './schema.js';

/* The values a form's `when` is judged by: what was typed, and for a field the form does not have, the record's own (an edit). */
export function formValues(model, initial) {
  return { ...(initial || {}), ...model };
}

/* One field's value as the API takes it. */
export function apiValue(field, value) {
  if (typeof value === 'string') {
    value = value.trim();
  }
  if (value === '' || value === undefined) {
    return field.nullable ? null : value === undefined ? null : '';
  }
  if (field.type === 'datetime' && value !== null) {
    /* The picker holds Beijing's wall clock; the API takes RFC 3339 UTC. */
    return fromShanghaiClock(value);
  }
  if (field.toApi && value !== null) {
    return field.toApi(value);
  }
  return value;
}

/* True when the API's values a and b are the same (lists and objects by their content; nothing, an empty text and an empty list alike). */
function same(a, b) {
  const empty = (v) => v === null || v === '' || (Array.isArray(v) && v.length === 0);
  if (empty(a) && empty(b)) {
    return true;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return a === b;
}

/* The body of a create (`create`: what was filled in) or an edit (what changed from `initial`) of `fields` holding `model`. */
export function formPayload(fields, model, { initial = null, create = !initial } = {}) {
  const payload = {};
  for (const field of shownFields(fields, formValues(model, initial))) {
    const value = apiValue(field, model[field.key]);
    if (create) {
      if (value !== null && value !== '') {
        payload[field.key] = value;
      }
    } else {
      const had = (initial || {})[field.key];
      const before = had === undefined ? null : had;
      if (!same(value, before)) {
        payload[field.key] = value;
      }
    }
  }
  return payload;
}
