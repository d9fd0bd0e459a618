// The answer cache (docs/http.md, "The answer cache") over real HTTP: a
// public read is answered with a strong ETag, and again with 304 when the
// client names it; a full tile is cached as immutable; a signed-in read
// is never answered from it. Above all, a cached answer is never stale:
// after each kind of write (made through the cached server, or by another
// process on the same data: at once on SQLite, within a second on
// PostgreSQL), every cached read equals what a server without the cache
// answers from the same database at that moment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { login, onPostgres, request, startServer, unique } from './lib/server.mjs';

let srv, fresh, admin, clerk;

before(async () => {
    srv = await startServer();
    // A second server over the same data, without the cache: the truth.
    fresh = await startServer({ demo: false, dir: srv.dir, keep: true, args: ['--cache-mb', '0'] });
    admin = await login(srv.url, 'admin');
    clerk = await login(srv.url, 'diankou.clerk');
});

after(async () => {
    await fresh?.stop();
    await srv?.stop();
});

/** The cached reads a write below may change. */
const READS = [
    '/townships',
    '/townships/diankou',
    '/townships/diankou/villages?limit=200',
    '/townships/diankou/people?limit=200',
    '/townships/diankou/bodies',
    '/townships/diankou/meetings?limit=200',
    '/townships/diankou/matters?limit=200',
    '/townships/diankou/resolutions',
    '/townships/diankou/tasks',
    '/townships/diankou/budgets',
    '/townships/diankou/projects',
    '/townships/diankou/bids',
    '/resolutions',
    '/log',
    '/cities',
];

/** Every read of READS answers the same on both servers. */
async function sameAsFresh(what) {
    for (const path of READS) {
        const [cached, truth] = await Promise.all([request(srv.url, 'GET', path), request(fresh.url, 'GET', path)]);
        assert.equal(cached.status, 200, `${what}: ${path}: ${cached.text}`);
        assert.deepEqual(cached.body, truth.body, `${what}: ${path} is stale`);
    }
}

/** GET path of the cached server with the given headers (no gzip unless
 * they ask for it); {status, etag, headers, text}. */
async function raw(path, headers = {}) {
    const res = await fetch(`${srv.url}${path}`, { headers: { 'Accept-Encoding': 'identity', ...headers } });
    return { status: res.status, etag: res.headers.get('etag'), headers: res.headers, text: await res.text() };
}

describe('answers from memory', () => {
    test('a public read has a strong ETag; naming it again gets 304 with no body', async () => {
        const first = await raw('/api/v1/townships');
        assert.equal(first.status, 200);
        assert.match(first.etag, /^"\d+-[0-9a-f]{16}"$/);
        assert.equal(first.headers.get('cache-control'), 'no-cache');
        const again = await raw('/api/v1/townships');
        assert.equal(again.etag, first.etag);
        assert.equal(again.text, first.text);
        const unchanged = await raw('/api/v1/townships', { 'If-None-Match': first.etag });
        assert.equal(unchanged.status, 304);
        assert.equal(unchanged.text, '');
        assert.equal(unchanged.etag, first.etag);
        // Another tag, or another query, is answered in full.
        assert.equal((await raw('/api/v1/townships', { 'If-None-Match': '"1-0000000000000000"' })).status, 200);
        const paged = await raw('/api/v1/townships?limit=1', { 'If-None-Match': first.etag });
        assert.equal(paged.status, 200);
        assert.equal(JSON.parse(paged.text).items.length, 1);
        // The query's order does not matter; its values do.
        const ab = await raw('/api/v1/townships?limit=1&offset=1');
        const ba = await raw('/api/v1/townships?offset=1&limit=1');
        assert.equal(ab.etag, ba.etag);
        assert.notEqual((await raw('/api/v1/townships?offset=2&limit=1')).etag, ab.etag);
    });

    test('gzip is answered from its own copy, with its own tag, to those who accept it', async () => {
        const plain = await raw('/api/v1/townships');
        const res = await fetch(`${srv.url}/api/v1/townships`, { headers: { 'Accept-Encoding': 'gzip' } });
        assert.equal(res.headers.get('content-encoding'), 'gzip');
        assert.equal(res.headers.get('etag'), plain.etag.replace(/"$/, '-gzip"'));
        assert.equal(await res.text(), plain.text); // fetch inflates it
        const again = await raw('/api/v1/townships', { 'Accept-Encoding': 'gzip', 'If-None-Match': res.headers.get('etag') });
        assert.equal(again.status, 304);
    });

    test('English and Chinese answers are kept apart', async () => {
        const zh = await raw('/api/v1/townships/nowhere');
        const en = await raw('/api/v1/townships/nowhere', { 'Accept-Language': 'en' });
        assert.equal(zh.status, 404);
        assert.notEqual(zh.text, en.text);
        const openapiZh = await raw('/api/v1/openapi.json');
        const openapiEn = await raw('/api/v1/openapi.json', { 'Accept-Language': 'en' });
        assert.equal(openapiZh.status, 200);
        assert.equal(openapiEn.status, 200);
    });

    test('a full tile is kept for good and said to be immutable', async () => {
        const tile = await raw('/log/tile/0/000');
        assert.equal(tile.status, 200);
        assert.equal(tile.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.match(tile.etag, /^"0-[0-9a-f]{16}"$/);
        assert.equal((await raw('/log/tile/0/000', { 'If-None-Match': tile.etag })).status, 304);
    });

    test('a signed-in read is never answered from memory', async () => {
        const res = await request(srv.url, 'GET', '/townships', { auth: clerk });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('etag'), null);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const cookie = await raw('/api/v1/townships', { Cookie: 'probity_session=pc_none' });
        assert.equal(cookie.etag, null);
    });
});

describe('never stale', () => {
    test('after each kind of write through the server, every cached read is as fresh', async () => {
        await sameAsFresh('at the start');
        const village = await request(srv.url, 'POST', '/townships/diankou/villages', {
            auth: clerk,
            body: { kind: 'village', name: unique('缓存村'), name_en: null },
        });
        assert.equal(village.status, 201, village.text);
        await sameAsFresh('a village created');
        const id = village.body.item.id;
        assert.equal((await request(srv.url, 'PATCH', `/villages/${id}`, { auth: clerk, body: { name: unique('改名村') } })).status, 200);
        await sameAsFresh('a village renamed');
        const person = await request(srv.url, 'POST', '/townships/diankou/people', { auth: clerk, body: { name: unique('缓存') } });
        assert.equal(person.status, 201, person.text);
        await sameAsFresh('a person added');
        assert.equal((await request(srv.url, 'DELETE', `/villages/${id}`, { auth: clerk })).status, 200);
        await sameAsFresh('a village deleted');
        const members = await request(srv.url, 'GET', '/townships/diankou/members');
        const matter = await request(srv.url, 'POST', '/townships/diankou/matters', {
            auth: clerk,
            body: { title: unique('缓存议题'), category: 'major_decision', proposer_id: members.body.items[0].person_id },
        });
        assert.equal(matter.status, 201, matter.text);
        await sameAsFresh('a matter registered');
        const project = await request(srv.url, 'POST', '/townships/diankou/projects', {
            auth: clerk,
            body: { matter_id: matter.body.item.id, title: unique('缓存工程'), kind: 'works', method: 'open_tender', amount_fen: 60000000 },
        });
        assert.equal(project.status, 201, project.text);
        await sameAsFresh('a project registered');
        const design = await request(srv.url, 'POST', `/projects/${project.body.item.id}/design`, {
            auth: clerk,
            body: { approved_by: '镇建设办', approved_on: '2026-03-01' },
        });
        assert.equal(design.status, 200, design.text);
        await sameAsFresh('the design of a project approved');
        const township = await request(srv.url, 'PATCH', '/townships/diankou', { auth: admin, body: { name_en: unique('Diankou') } });
        assert.equal(township.status, 200, township.text);
        await sameAsFresh('a township renamed');
    });

    test('a write by another process on the same data shows at once (SQLite) or within a second (PostgreSQL)', async () => {
        const before = await request(srv.url, 'GET', '/log');
        // The fresh server writes: the cached one learns of it from the database.
        const person = await request(fresh.url, 'POST', '/townships/diankou/people', {
            auth: await login(fresh.url, 'diankou.clerk'),
            body: { name: unique('别处') },
        });
        assert.equal(person.status, 201, person.text);
        let now = await request(srv.url, 'GET', '/log');
        const until = Date.now() + 3000;
        while (onPostgres && now.body.size === before.body.size && Date.now() < until) {
            await new Promise((r) => setTimeout(r, 100));
            now = await request(srv.url, 'GET', '/log');
        }
        assert.equal(now.body.size, before.body.size + 1);
        await sameAsFresh('a write by another process');
    });
});
