/*
 * The one client for probity's HTTP API (docs/api.md): JSON in and out,
 * same-origin cookies, the session's CSRF token on writes, the UI language in
 * Accept-Language, and failures thrown as ApiError with the server's
 * status, code, message, field and rule.
 */

const BASE = '/api/v1';
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

let csrfToken = null;
let language = 'zh-CN';

/* Remembers the csrf_token of the current session (null when anonymous). */
export function setCsrfToken(token) {
  csrfToken = token || null;
}

let onUnauthenticated = null;

/*
 * Registers fn(), called when a request other than the session's own gets
 * 401: the session has expired or was ended elsewhere.
 */
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

/* Sets the language sent in Accept-Language ('zh-CN' or 'en'). */
export function setApiLanguage(lang) {
  language = lang;
}

/*
 * A failed request. `status` is the HTTP status (0 when the network failed),
 * `code` the API's error code (e.g. 'invalid', 'conflict'), `message` the
 * server's localised message, `field` the offending field or null, `rule`
 * the id of the broken rule (docs/decisions.md, e.g. 'statement.secretary_last')
 * or null.
 */
export class ApiError extends Error {
  constructor({ status, code, message, field, rule }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field ?? null;
    this.rule = rule ?? null;
  }
}

/* The URL of an API path with query parameters (also for links, e.g. downloads). */
export function apiUrl(path, query) {
  let url = BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') {
        params.set(key, String(value));
      }
    }
    const qs = params.toString();
    if (qs) {
      url += (url.includes('?') ? '&' : '?') + qs;
    }
  }
  return url;
}

/*
 * Sends one request. `options.query` is an object of query parameters,
 * `options.body` a value sent as JSON, or, with `options.contentType`,
 * bytes sent as they are with that type (a File or Blob: an uploaded
 * material). Resolves to the parsed JSON body (or null for an empty
 * body); rejects with ApiError.
 */
export async function request(method, path, options = {}) {
  const headers = {
    Accept: 'application/json',
    'Accept-Language': language,
  };
  const init = { method, headers, credentials: 'same-origin' };
  if (options.body !== undefined) {
    headers['Content-Type'] = options.contentType || 'application/json';
    init.body = options.contentType ? options.body : JSON.stringify(options.body);
  }
  if (WRITE_METHODS.has(method) && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }

  let response;
  try {
    response = await fetch(apiUrl(path, options.query), init);
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network', message: String(cause && cause.message ? cause.message : cause), field: null });
  }

  const text = await response.text();
  const data = parseJson(text);
  if (!response.ok) {
    if (response.status === 401 && path !== '/session' && onUnauthenticated) {
      onUnauthenticated();
    }
    throw failure(response, data);
  }
  return data;
}

function parseJson(text) {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/* The ApiError of a failed response, from its JSON error body when it has one. */
function failure(response, data) {
  const error = data && data.error ? data.error : {};
  return new ApiError({
    status: response.status,
    code: error.code || 'http_' + response.status,
    message: error.message || response.statusText || 'HTTP ' + response.status,
    field: error.field ?? null,
    rule: error.rule ?? null,
  });
}

/*
 * GET of raw bytes from a same-origin path outside the JSON API (the log's
 * C2SP tiles, e.g. '/log/tile/entries/000'). Resolves to a Uint8Array;
 * rejects with ApiError.
 */
export async function getBytes(path) {
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { 'Accept-Language': language } });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network', message: String(cause && cause.message ? cause.message : cause), field: null });
  }
  if (!response.ok) {
    throw failure(response, parseJson(await response.text()));
  }
  return new Uint8Array(await response.arrayBuffer());
}

/*
 * GET of an API path's answer as a file (?format=csv or xlsx of a query
 * declaring a table): resolves to {blob, disposition} (the
 * Content-Disposition header, or null); rejects with ApiError.
 */
export async function getFile(path, query) {
  let response;
  try {
    response = await fetch(apiUrl(path, query), { credentials: 'same-origin', headers: { 'Accept-Language': language } });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network', message: String(cause && cause.message ? cause.message : cause), field: null });
  }
  if (!response.ok) {
    throw failure(response, parseJson(await response.text()));
  }
  return { blob: await response.blob(), disposition: response.headers.get('Content-Disposition') };
}

/*
 * Returns the object of a single-object response. Writes answer
 * {"item":{...},"event":{...}}; single reads may answer the object itself or
 * wrap it the same way, and both are accepted.
 */
export function unwrapItem(data) {
  if (data && typeof data === 'object' && data.item && typeof data.item === 'object') {
    return data.item;
  }
  return data;
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body) => request('POST', path, { body: body ?? {} }),
  patch: (path, body) => request('PATCH', path, { body: body ?? {} }),
  del: (path) => request('DELETE', path),
  /* POST of a file's bytes as they are, as media type `contentType`, with `query` parameters (its name). */
  postFile: (path, file, contentType, query) => request('POST', path, { query, body: file, contentType }),
  /* GET of one object, unwrapped. */
  getItem: async (path, query) => unwrapItem(await request('GET', path, { query })),
  /* GET of a paged list: resolves to {items, total, limit, offset}. */
  list: async (path, query) => {
    const data = await request('GET', path, { query });
    if (Array.isArray(data)) {
      return { items: data, total: data.length, limit: data.length, offset: 0 };
    }
    const items = data && Array.isArray(data.items) ? data.items : [];
    return { items, total: data?.total ?? items.length, limit: data?.limit ?? items.length, offset: data?.offset ?? 0 };
  },
};

/* Escapes one path segment (township slugs and numeric ids). */
export function seg(value) {
  return encodeURIComponent(String(value));
}
