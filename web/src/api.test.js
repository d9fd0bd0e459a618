/* Tests of the HTTP client's request bodies (api.js; run with `npm test`): JSON by default, a file's bytes as they are with their type. */
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, setCsrfToken } from './api.js';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
});

/* Answers every request with `status` and `body`, keeping what was asked: [{url, init}]. */
function answering(status, body) {
  const asked = [];
  globalThis.fetch = async (url, init) => {
    asked.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return asked;
}

test('a write sends JSON with the session\'s CSRF token', async () => {
  const asked = answering(201, { item: { id: 1 } });
  setCsrfToken('tok');
  await api.post('/townships/diankou/matters', { title: '议题' });
  assert.equal(asked[0].init.headers['Content-Type'], 'application/json');
  assert.equal(asked[0].init.headers['X-CSRF-Token'], 'tok');
  assert.equal(asked[0].init.body, '{"title":"议题"}');
});

test('a file is sent as it is, with its type, its name in the query and the CSRF token', async () => {
  const asked = answering(201, { item: { id: 7 }, event: { seq: 9 } });
  setCsrfToken('tok');
  const file = new Blob(['%PDF-1.4'], { type: 'application/pdf' });
  const answer = await api.postFile('/matters/12/materials', file, 'application/pdf', { name: '会议议程.pdf' });
  assert.deepEqual(answer, { item: { id: 7 }, event: { seq: 9 } });
  assert.equal(asked[0].url, `/api/v1/matters/12/materials?name=${encodeURIComponent('会议议程.pdf')}`);
  assert.equal(asked[0].init.method, 'POST');
  assert.equal(asked[0].init.headers['Content-Type'], 'application/pdf');
  assert.equal(asked[0].init.headers['X-CSRF-Token'], 'tok');
  assert.equal(asked[0].init.body, file, 'the bytes themselves, not JSON');
});

test('a refused file comes back as the server\'s error', async () => {
  answering(415, { error: { code: 'unsupported_media_type', message: '会议材料只接受PDF 文档', field: null } });
  await assert.rejects(api.postFile('/matters/12/materials', new Blob(['x']), 'application/pdf', { name: 'x.pdf' }),
    { name: 'ApiError', status: 415, code: 'unsupported_media_type', message: '会议材料只接受PDF 文档' });
});
