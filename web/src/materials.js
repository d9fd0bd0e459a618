/*
 * A matter's meeting materials (会议材料), and any file sent to a command
 * that takes one (an OCDS release package, ocds.import), free of Vue
 * (tests: materials.test.js): what the API's description says an upload
 * may be (the media types its request body takes, named as an office
 * names them, its size limit and its query parameters, from
 * material.upload or the command named) and who may upload, withdraw and
 * download; a file's type in words; the check of a chosen file before
 * it is sent, so that a wrong file is named at once rather than after a
 * long upload, and what it found in words; and a SHA-256 shown short.
 * What the description does not name comes from the catalogues, through
 * the `t` a caller passes.
 */
import { commandsOf, sentence, textIn } from './schema.js';
import { formatBytes } from './format.js';

export const UPLOAD_COMMAND = 'material.upload';
export const REMOVE_COMMAND = 'material.remove';
export const CONTENT_QUERY = 'material.content';

/*
 * The file name endings of the media types a material may be, which the
 * API's description does not give: the file picker offers them, and a
 * file the browser gives no type (a .doc on a computer without Word) is
 * sent as the type its name says.
 */
const ENDINGS = {
  'application/pdf': ['pdf'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'application/json': ['json'],
};

/* A file name's ending in lower case ('pdf'), '' when it has none. */
function endingOf(name) {
  const match = /\.([^./\\]+)$/.exec(String(name ?? ''));
  return match ? match[1].toLowerCase() : '';
}

/*
 * The query parameters of declared command `command` (from commandsOf)
 * in `doc`: {name: {label: {'zh-CN', en} (its schema's `title` and
 * `x-title-en`, the English in sentence case), required}}.
 */
function queryParametersOf(doc, command) {
  const operation = ((doc.paths || {})[command.path] || {})[command.method.toLowerCase()] || {};
  const query = (operation.parameters || []).filter((p) => p && p.in === 'query');
  return Object.fromEntries(query.map((p) => {
    const schema = p.schema || {};
    const label = { 'zh-CN': schema.title || schema['x-title-en'] || p.name, en: sentence(schema['x-title-en'] || schema.title || p.name) };
    return [p.name, { label, required: !!p.required }];
  }));
}

/*
 * What an upload to declared command `name` (material.upload unless
 * told; ocds.import) may be, from the API's description `doc`: {types
 * (the media types its request body takes), titles (what an office calls
 * each: {type: {'zh-CN', en}}, from their `x-title` and `x-title-en`),
 * maxBytes (the body's `x-max-bytes`), capability (the command's
 * `x-capability`), parameters (its query parameters with their labels:
 * queryParametersOf)}; null before the description has loaded or when it
 * declares no such command.
 */
export function uploadRulesOf(doc, name = UPLOAD_COMMAND) {
  const command = commandsOf(doc).get(name);
  if (!command) {
    return null;
  }
  const body = command.body || {};
  const content = body.content || {};
  const types = Object.keys(content);
  const titles = Object.fromEntries(types.map((type) => [type, { 'zh-CN': content[type]['x-title'], en: content[type]['x-title-en'] }]));
  const maxBytes = Number.isInteger(body['x-max-bytes']) ? body['x-max-bytes'] : null;
  return { types, titles, maxBytes, capability: command.capability, parameters: queryParametersOf(doc, command) };
}

/* The capability of declared command `name` of `doc` (its `x-capability`), null when unknown. */
export function commandCapability(doc, name) {
  const command = commandsOf(doc).get(name);
  return command ? command.capability : null;
}

/* The capability that reads a material's bytes (the `x-capability` of query material.content), null when unknown. */
export function downloadCapability(doc) {
  for (const operations of Object.values((doc && doc.paths) || {})) {
    const get = operations && operations.get;
    if (get && get['x-query'] === CONTENT_QUERY) {
      return get['x-capability'] || null;
    }
  }
  return null;
}

/*
 * The media type file `file` ({name, type}) is sent as: the browser's
 * type when it is one of `types`, else the type its name's ending says
 * (among `types`), else the browser's type, else
 * application/octet-stream.
 */
export function mediaTypeOf(file, types) {
  const accepted = new Set(types || []);
  const given = String(file.type || '').toLowerCase();
  if (accepted.has(given)) {
    return given;
  }
  const ending = endingOf(file.name);
  const byName = Object.keys(ENDINGS).find((type) => accepted.has(type) && ENDINGS[type].includes(ending));
  return byName || given || 'application/octet-stream';
}

/* The input's `accept` of the media types `types`: the types and their files' endings. */
export function acceptOf(types) {
  const endings = (types || []).flatMap((type) => (ENDINGS[type] || []).map((e) => `.${e}`));
  return [...new Set([...endings, ...(types || [])])].join(',');
}

/*
 * What is wrong with file `file` ({name, type, size}) under `rules`
 * (uploadRulesOf): null when nothing is, else {problem: 'type' (not a
 * kind the upload takes), 'empty' or 'size' (over `rules.maxBytes`),
 * name, size, maxBytes}.
 */
export function fileProblem(file, rules) {
  const found = { name: file.name, size: file.size, maxBytes: rules.maxBytes };
  if (!rules.types.includes(mediaTypeOf(file, rules.types))) {
    return { problem: 'type', ...found };
  }
  if (!file.size) {
    return { problem: 'empty', ...found };
  }
  if (rules.maxBytes && file.size > rules.maxBytes) {
    return { problem: 'size', ...found };
  }
  return null;
}

/* A SHA-256 in hex shown short: its first and last eight digits ("3a7bd3e2…9c1f0b4d"); '' for none. */
export function shortHash(sha256) {
  const hex = String(sha256 ?? '');
  return hex.length > 20 ? `${hex.slice(0, 8)}…${hex.slice(-8)}` : hex;
}

/*
 * Media type `type` in words in `locale`, as the description names it
 * under `rules` ("PDF 文档"); another type with the catalogues' `t`
 * ("text/plain 文件"); '' for none (a sealed material).
 */
export function typeText(type, rules, locale, t) {
  if (!type) {
    return '';
  }
  const title = rules && rules.titles[type];
  return title ? textIn(title, locale) : t('material.otherType', { type });
}

/* The types an upload takes in words, each once, as one list ("PDF 文档、Word 文档"; `t` gives the separator). */
export function typesText(rules, locale, t) {
  return [...new Set(rules.types.map((type) => typeText(type, rules, locale, t)))].join(t('material.listSeparator'));
}

/* What fileProblem() found under `rules`, in words: the file, why, and what is accepted. */
export function problemText(found, rules, locale, t) {
  return t(`material.problem.${found.problem}`, {
    name: found.name,
    size: formatBytes(found.size),
    max: formatBytes(found.maxBytes),
    types: typesText(rules, locale, t),
  });
}
