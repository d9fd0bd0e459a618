// Bad input through the HTTP API: every refusal answers with the one error
// shape {"error":{"code","message","field"}}, the documented status and
// code, the field at fault where there is one, and writes nothing (the
// event count is unchanged). Covers malformed and oversized bodies, field
// validation, content types, header limits, unknown paths and methods,
// paging arguments, unknown and wrong-kind ids, and the message language.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import {
    eventCount,
    expectError,
    login,
    rawRequest,
    request,
    startServer,
} from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');

async function get(path) {
    const res = await request(url, 'GET', path);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res.body;
}

const bodies = (await get('/townships/diankou/bodies')).items;
const committee = bodies.find((b) => b.class === 'committee').id;
const departments = (await get('/townships/diankou/departments')).items;
const dept = departments[0].id;
const people = (await get('/townships/diankou/people')).items;
const person = people[0].id;
const committeePosts = (await get(`/organizations/${committee}/posts`)).items;
const memberPost = committeePosts.find((p) => p.role === 'member').id;
const memberships = (await get(`/organizations/${committee}/memberships`)).items;
const membership = memberships[0].id;

/** Sends as the admin and asserts the error and that nothing was written. */
async function refused(method, path, opts, status, code, field) {
    const before = await eventCount(url);
    const res = await request(url, method, path, { auth: admin, ...opts });
    expectError(res, status, code, field, `${method} ${path}`);
    assert.equal(await eventCount(url), before, `${method} ${path} wrote an event`);
    return res;
}

/** Raw bytes to the server; asserts nothing was written. */
async function refusedRaw(chunks, opts) {
    const before = await eventCount(url);
    const res = await rawRequest(url, chunks, opts);
    assert.equal(await eventCount(url), before, 'a refused raw request wrote an event');
    return res;
}

function head(method, path, headers) {
    const lines = [`${method} /api/v1${path} HTTP/1.1`, `Host: 127.0.0.1`, 'Connection: close'];
    for (const [k, v] of Object.entries(headers)) {
        lines.push(`${k}: ${v}`);
    }
    return lines.join('\r\n') + '\r\n\r\n';
}

const PEOPLE = '/townships/diankou/people';

describe('malformed bodies', () => {
    test('malformed JSON is 400 bad_request', async () => {
        await refused('POST', PEOPLE, { body: '{"name": "甲"' }, 400, 'bad_request', null);
        await refused('POST', PEOPLE, { body: '{name: "甲"}' }, 400, 'bad_request', null);
        await refused('POST', PEOPLE, { body: '{"name": "甲"} trailing' }, 400, 'bad_request', null);
    });

    test('a body that is not an object is 400', async () => {
        for (const body of ['[1, 2]', '"甲"', '42', 'null', 'true']) {
            await refused('POST', PEOPLE, { body }, 400, 'bad_request', null);
        }
    });

    test('duplicate keys are 400', async () => {
        await refused('POST', PEOPLE, { body: '{"name": "甲", "name": "乙"}' }, 400, 'bad_request', null);
    });

    test('a body nested 20 deep is 400', async () => {
        let nested = '1';
        for (let i = 0; i < 20; i++) {
            nested = `{"x": ${nested}}`;
        }
        await refused('POST', PEOPLE, { body: `{"name": "甲", "x": ${nested}}` }, 400, 'bad_request', null);
        let arrays = '1';
        for (let i = 0; i < 20; i++) {
            arrays = `[${arrays}]`;
        }
        await refused('POST', PEOPLE, { body: `{"name": "甲", "x": ${arrays}}` }, 400, 'bad_request', null);
    });

    test('a route that takes a body refuses an empty one (400)', async () => {
        await refused('POST', PEOPLE, { body: '' }, 400, 'bad_request', null);
        await refused('PATCH', `/people/${person}`, {}, 400, 'bad_request', null);
    });

    test('invalid UTF-8 is 400', async () => {
        const before = await eventCount(url);
        const res = await fetch(`${url}/api/v1${PEOPLE}`, {
            method: 'POST',
            headers: {
                'Content-Type': 'application/json',
                Authorization: `Bearer ${await adminToken()}`,
            },
            body: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        });
        const text = await res.text();
        expectError({ status: res.status, text, body: JSON.parse(text) }, 400, 'bad_request', null);
        assert.equal(await eventCount(url), before);
    });
});

let tokenCache = null;
async function adminToken() {
    if (!tokenCache) {
        const res = await request(url, 'POST', '/tokens', { auth: admin, body: { label: 'errors', access: 'write' } });
        assert.equal(res.status, 201, res.text);
        tokenCache = res.body.token;
    }
    return tokenCache;
}

describe('field validation (422 invalid, with the field)', () => {
    test('an unknown field is named', async () => {
        await refused('POST', PEOPLE, { body: { name: '甲', nickname: '乙' } }, 422, 'invalid', 'nickname');
        await refused('PATCH', `/people/${person}`, { body: { township_id: 'zhibu' } }, 422, 'invalid', 'township_id');
        await refused('POST', '/session', { body: { login: 'admin', password: 'x', remember: true } }, 422, 'invalid', 'remember');
        await refused('POST', '/tokens', { body: { label: 'x', scope: 'all' } }, 422, 'invalid', 'scope');
    });

    test('a missing required field is named', async () => {
        await refused('POST', PEOPLE, { body: {} }, 422, 'invalid', 'name');
        await refused('POST', PEOPLE, { body: { name_en: 'Nobody' } }, 422, 'invalid', 'name');
        await refused('POST', '/townships/diankou/bodies', { body: { name: '机构', name_en: 'Body' } }, 422, 'invalid', 'class');
        await refused('POST', '/memberships', { body: { person_id: person, post_id: memberPost } }, 422, 'invalid', 'start_date');
        await refused('POST', '/memberships', { body: { post_id: memberPost, start_date: '2024-01-01' } }, 422, 'invalid', 'person_id');
        await refused('POST', '/townships', { body: { kind: 'township', name: '镇', name_en: 'Town' } }, 422, 'invalid', 'id');
        await refused('POST', '/users', { body: { role: 'admin' } }, 422, 'invalid', 'login');
        await refused('POST', '/tokens', { body: {} }, 422, 'invalid', 'label');
    });

    test('a required field cannot be null', async () => {
        await refused('POST', PEOPLE, { body: { name: null } }, 422, 'invalid', 'name');
        await refused('PATCH', `/people/${person}`, { body: { name: null } }, 422, 'invalid', 'name');
    });

    test('wrong types are named', async () => {
        await refused('POST', PEOPLE, { body: { name: 42 } }, 422, 'invalid', 'name');
        await refused('POST', PEOPLE, { body: { name: ['甲'] } }, 422, 'invalid', 'name');
        await refused('POST', PEOPLE, { body: { name: '甲', name_en: true } }, 422, 'invalid', 'name_en');
        await refused('POST', PEOPLE, { body: { name: '甲', gender: 'other' } }, 422, 'invalid', 'gender');
        await refused(
            'POST',
            '/memberships',
            { body: { person_id: String(person), post_id: memberPost, start_date: '2024-01-01' } },
            422,
            'invalid',
            'person_id',
        );
        await refused(
            'POST',
            '/memberships',
            { body: { person_id: person, post_id: 1.5, start_date: '2024-01-01' } },
            422,
            'invalid',
            'post_id',
        );
        await refused(
            'POST',
            `/organizations/${dept}/posts`,
            { body: { role: 'staff', label: '岗', label_en: 'Post', seats: '2' } },
            422,
            'invalid',
            'seats',
        );
        await refused(
            'POST',
            `/organizations/${dept}/posts`,
            { body: { role: 'staff', label: '岗', label_en: 'Post', seats: 0 } },
            422,
            'invalid',
            'seats',
        );
        await refused(
            'POST',
            `/organizations/${dept}/posts`,
            { body: { role: 'staff', label: '岗', label_en: 'Post', seats: 201 } },
            422,
            'invalid',
            'seats',
        );
        await refused(
            'POST',
            `/organizations/${dept}/posts`,
            { body: { role: 'emperor', label: '岗', label_en: 'Post' } },
            422,
            'invalid',
            'role',
        );
        await refused('POST', '/townships/diankou/villages', { body: { kind: 'city', name: '村' } }, 422, 'invalid', 'kind');
    });

    test('a post role the organisation does not have is refused', async () => {
        await refused(
            'POST',
            `/organizations/${dept}/posts`,
            { body: { role: 'mayor', label: '镇长', label_en: 'Mayor' } },
            422,
            'invalid',
            'role',
        );
    });

    test('text longer than the field allows is refused; the limit counts characters', async () => {
        await refused('POST', PEOPLE, { body: { name: '甲'.repeat(41) } }, 422, 'invalid', 'name');
        await refused('POST', PEOPLE, { body: { name: 'a'.repeat(41) } }, 422, 'invalid', 'name');
        await refused('POST', PEOPLE, { body: { name: '甲', name_en: 'a'.repeat(81) } }, 422, 'invalid', 'name_en');
        const before = await eventCount(url);
        const ok = await request(url, 'POST', PEOPLE, { auth: admin, body: { name: '甲'.repeat(40) } });
        assert.equal(ok.status, 201, ok.text);
        assert.equal(ok.body.item.name, '甲'.repeat(40));
        assert.equal(await eventCount(url), before + 1);
    });

    test('empty, space-padded and control-character text is refused', async () => {
        for (const name of ['', ' ', '  ', ' 甲', '甲 ', '甲\n乙', '甲\t', '\r', '甲\u007f', '甲\u0085乙', '\u009f']) {
            await refused('POST', PEOPLE, { body: { name } }, 422, 'invalid', 'name');
        }
        // An escaped NUL is refused by the JSON parser itself.
        await refused('POST', PEOPLE, { body: { name: '甲\u0000乙' } }, 400, 'bad_request', null);
    });

    test('impossible and malformed dates are refused', async () => {
        for (const start_date of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-1-5', '20240105', '2024-01-05T00:00:00Z', '1899-12-31', '']) {
            await refused(
                'POST',
                '/memberships',
                { body: { person_id: person, post_id: memberPost, start_date } },
                422,
                'invalid',
                'start_date',
            );
        }
        await refused('PATCH', `/memberships/${membership}`, { body: { end_date: '2025-04-31' } }, 422, 'invalid', 'end_date');
    });

    test('an end date before the start date is refused', async () => {
        await refused(
            'POST',
            '/memberships',
            { body: { person_id: person, post_id: memberPost, start_date: '2024-05-01', end_date: '2024-04-30' } },
            422,
            'invalid',
            'end_date',
        );
        await refused('PATCH', `/memberships/${membership}`, { body: { end_date: '1999-01-01' } }, 422, 'invalid', 'end_date');
        await refused(
            'POST',
            '/portfolios',
            { body: { person_id: person, area: '分管', area_en: 'area', start_date: '2024-05-01', end_date: '2024-01-01' } },
            422,
            'invalid',
            'end_date',
        );
    });

    test('fields fixed at creation cannot be changed', async () => {
        await refused('PATCH', `/organizations/${dept}`, { body: { class: 'centre' } }, 422, 'invalid', 'class');
        await refused('PATCH', `/memberships/${membership}`, { body: { person_id: people[1].id } }, 422, 'invalid', 'person_id');
        await refused('PATCH', `/memberships/${membership}`, { body: { post_id: memberPost + 1 } }, 422, 'invalid', 'post_id');
        await refused('PATCH', `/posts/${memberPost}`, { body: { role: 'staff' } }, 422, 'invalid', 'role');
    });

    test("a township's id and city cannot be changed either", async () => {
        // The township's slug fields are fixed like every other fixed field.
        await refused('PATCH', '/townships/diankou', { body: { id: 'renamed' } }, 422, 'invalid', 'id');
        await refused('PATCH', '/townships/diankou', { body: { city_id: 'nowhere' } }, 422, 'invalid', 'city_id');
        const t = await get('/townships/diankou');
        assert.equal(t.id, 'diankou');
        assert.equal(t.city_id, 'zhuji');
    });

    test('references to records that do not exist are refused', async () => {
        await refused(
            'POST',
            '/memberships',
            { body: { person_id: 999999, post_id: memberPost, start_date: '2024-01-01' } },
            422,
            'invalid',
            'person_id',
        );
        await refused(
            'POST',
            '/memberships',
            { body: { person_id: person, post_id: 999999, start_date: '2024-01-01' } },
            422,
            'invalid',
            'post_id',
        );
        await refused(
            'POST',
            '/users',
            { body: { login: 'nobody.here', role: 'clerk', township: 'atlantis' } },
            422,
            'invalid',
            'township',
        );
    });
});

describe('content type and size', () => {
    test('a body that is not declared JSON is 415', async () => {
        await refused(
            'POST',
            PEOPLE,
            { body: '{"name":"甲"}', headers: { 'Content-Type': 'text/plain' } },
            415,
            'unsupported_media_type',
            null,
        );
        await refused(
            'POST',
            PEOPLE,
            { body: 'name=甲', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
            415,
            'unsupported_media_type',
            null,
        );
    });

    test('JSON with a charset parameter is accepted', async () => {
        const res = await request(url, 'POST', PEOPLE, {
            auth: admin,
            body: '{"name":"字符集"}',
            headers: { 'Content-Type': 'application/json; charset=utf-8' },
        });
        assert.equal(res.status, 201, res.text);
    });

    test('a body over the route limit with Content-Length is 413', async () => {
        const big = JSON.stringify({ name: '甲', name_en: 'x'.repeat(70 * 1024) });
        await refused('POST', PEOPLE, { body: big }, 413, 'too_large', null);
        // Signing in takes at most 4 KiB.
        const login5k = JSON.stringify({ login: 'admin', password: 'y'.repeat(5000) });
        await refused('POST', '/session', { body: login5k }, 413, 'too_large', null);
    });

    test('a client still sending a body over the limit reads the 413, not a reset connection', async () => {
        const token = await adminToken();
        const size = 300 * 1024;
        const parts = [
            head('POST', PEOPLE, {
                Authorization: `Bearer ${token}`,
                'Content-Type': 'application/json',
                'Content-Length': String(size),
            }),
        ];
        for (let sent = 0; sent < size; sent += 16 * 1024) {
            parts.push('x'.repeat(Math.min(16 * 1024, size - sent)));
        }
        let sentAll = false;
        const res = await refusedRaw(parts, { pauseMs: 10, onLast: () => (sentAll = true) });
        assert.equal(res.error, null, `the connection broke: ${res.error}`);
        assert.ok(sentAll, 'the server closed the connection before the client had sent its body');
        expectError({ status: res.status, text: res.text, body: res.body }, 413, 'too_large', null);
        // A body far beyond any limit is answered at once, unread.
        const huge = await refusedRaw(
            head('POST', PEOPLE, {
                Authorization: `Bearer ${token}`,
                'Content-Type': 'application/json',
                'Content-Length': String(64 * 1024 * 1024),
            }),
        );
        expectError({ status: huge.status, text: huge.text, body: huge.body }, 413, 'too_large', null);
    });

    test('a chunked body over the route limit is 413', async () => {
        const token = await adminToken();
        const chunk = 'x'.repeat(16 * 1024);
        const parts = [
            head('POST', PEOPLE, {
                Authorization: `Bearer ${token}`,
                'Content-Type': 'application/json',
                'Transfer-Encoding': 'chunked',
            }),
        ];
        const json = `{"name":"甲","name_en":"${chunk.repeat(5)}"}`;
        for (let i = 0; i < json.length; i += 8192) {
            const piece = Buffer.from(json.slice(i, i + 8192));
            parts.push(Buffer.concat([Buffer.from(piece.length.toString(16) + '\r\n'), piece, Buffer.from('\r\n')]));
        }
        parts.push('0\r\n\r\n');
        const res = await refusedRaw(parts);
        expectError({ status: res.status, text: res.text, body: res.body }, 413, 'too_large', null);
    });

    test('a small chunked body is accepted', async () => {
        const token = await adminToken();
        const json = Buffer.from('{"name":"分块"}');
        const res = await rawRequest(url, [
            head('POST', PEOPLE, {
                Authorization: `Bearer ${token}`,
                'Content-Type': 'application/json',
                'Transfer-Encoding': 'chunked',
            }),
            Buffer.concat([Buffer.from(json.length.toString(16) + '\r\n'), json, Buffer.from('\r\n0\r\n\r\n')]),
        ]);
        assert.equal(res.status, 201, res.raw);
        assert.equal(res.body.item.name, '分块');
    });

    test('a body framed two ways is refused and nothing behind it is read as a request', async () => {
        const token = await adminToken();
        const smuggled = 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
        const body = '{"name":"甲"}' + smuggled;
        const framings = [
            // Two lengths: the short one would leave the smuggled request behind.
            { 'Content-Length': String(Buffer.byteLength('{"name":"甲"}')), 'Content-Length ': String(Buffer.byteLength(body)) },
            { 'Content-Length': String(Buffer.byteLength(body)), 'Transfer-Encoding': 'chunked' },
            { 'Transfer-Encoding': 'chunked', 'Transfer-Encoding ': 'identity' },
        ];
        for (const framing of framings) {
            const lines = [`POST /api/v1${PEOPLE} HTTP/1.1`, 'Host: 127.0.0.1', `Authorization: Bearer ${token}`,
                'Content-Type: application/json'];
            for (const [k, v] of Object.entries(framing)) {
                lines.push(`${k.trim()}: ${v}`);
            }
            const res = await refusedRaw(lines.join('\r\n') + '\r\n\r\n' + body);
            assert.equal(res.status, 400, res.raw);
            assert.equal(res.body.error.code, 'bad_request');
            assert.match(res.raw, /\r\nConnection: close\r\n/i);
            assert.equal(res.raw.split('HTTP/1.1 ').length - 1, 1, `one answer only: ${res.raw}`);
        }
    });

    test('a body on a route that takes none is refused', async () => {
        await refused('DELETE', `/memberships/${membership}`, { body: { reason: 'x' } }, 413, 'too_large', null);
    });

    test('a header block over 64 KiB is refused and the server keeps serving', async () => {
        const res = await refusedRaw(head('GET', '/health', { 'X-Padding': 'p'.repeat(70 * 1024) }));
        if (!res.closedWithoutResponse) {
            assert.ok(res.status === 413 || res.status === 431, `status ${res.status}: ${res.raw.slice(0, 200)}`);
        }
        const again = await request(url, 'GET', '/health');
        assert.equal(again.status, 200);
        assert.equal(again.body.status, 'ok');
    });
});

describe('paths, methods and paging', () => {
    test('an unknown path under /api is 404 not_found', async () => {
        for (const path of ['/api/v1/nope', '/api/v2/health', '/api/', '/api/v1/townships/diankou/nothing', '/api/v1/health/']) {
            const res = await request(url, 'GET', path);
            expectError(res, 404, 'not_found', null, path);
        }
    });

    test('a known path with the wrong method is 405', async () => {
        await refused('PUT', '/townships', { body: {} }, 405, 'method_not_allowed', null);
        await refused('DELETE', '/townships/diankou', {}, 405, 'method_not_allowed', null);
        await refused('POST', '/health', {}, 405, 'method_not_allowed', null);
        await refused('PATCH', '/events', {}, 405, 'method_not_allowed', null);
    });

    test('a 405 says which methods the path allows (Allow header)', async () => {
        const res = await request(url, 'DELETE', '/townships/diankou');
        assert.equal(res.status, 405);
        const allow = res.headers.get('allow');
        assert.ok(allow, 'a 405 response must carry an Allow header (RFC 9110, 15.5.6)');
        assert.deepEqual(allow.split(/,\s*/).sort(), ['GET', 'PATCH']);
    });

    test('bad paging arguments are 400 with the argument named', async () => {
        const cases = [
            ['limit=0', 'limit'],
            ['limit=201', 'limit'],
            ['limit=abc', 'limit'],
            ['limit=', 'limit'],
            ['limit=-5', 'limit'],
            ['limit=10x', 'limit'],
            ['offset=-1', 'offset'],
            ['offset=abc', 'offset'],
        ];
        for (const path of ['/events', '/townships', '/townships/diankou/people', `/organizations/${committee}/memberships`]) {
            for (const [q, field] of cases) {
                const res = await request(url, 'GET', `${path}?${q}`);
                expectError(res, 400, 'bad_request', field, `${path}?${q}`);
            }
        }
        const users = await request(url, 'GET', '/users?limit=0', { auth: admin });
        expectError(users, 400, 'bad_request', 'limit');
    });

    test('paging limits are inclusive', async () => {
        const one = await get('/events?limit=1');
        assert.equal(one.items.length, 1);
        assert.equal(one.limit, 1);
        const max = await get('/events?limit=200&offset=3');
        assert.equal(max.items.length, 200);
        assert.equal(max.limit, 200);
        assert.equal(max.offset, 3);
        assert.equal(max.items[0].seq, 3);
    });
});

describe('unknown ids and ids of the wrong kind (404)', () => {
    test('unknown ids', async () => {
        for (const path of [
            '/townships/atlantis',
            '/townships/atlantis/people',
            '/townships/atlantis/bodies',
            '/townships/atlantis/members',
            '/organizations/999999',
            '/organizations/999999/posts',
            '/organizations/999999/memberships',
            '/people/999999',
            '/people/999999/memberships',
            '/posts/999999',
            '/memberships/999999',
            '/portfolios/999999',
        ]) {
            expectError(await request(url, 'GET', path), 404, 'not_found', undefined, path);
        }
        await refused('PATCH', '/people/999999', { body: { name: '甲' } }, 404, 'not_found');
        await refused('DELETE', '/memberships/999999', {}, 404, 'not_found');
        await refused('DELETE', '/villages/999999', {}, 404, 'not_found');
        await refused('PATCH', '/townships/atlantis', { body: { name: '镇' } }, 404, 'not_found');
        await refused('POST', '/townships/atlantis/people', { body: { name: '甲' } }, 404, 'not_found');
        await refused('POST', '/organizations/999999/posts', { body: { role: 'staff', label: '岗', label_en: 'Post' } }, 404, 'not_found');
        await refused('DELETE', '/tokens/999999', {}, 404, 'not_found');
    });

    test('ids that are not numbers', async () => {
        for (const path of ['/people/abc', '/people/0', '/people/-1', '/people/1.0', '/people/01x', '/organizations/diankou', '/memberships/%20']) {
            expectError(await request(url, 'GET', path), 404, 'not_found', undefined, path);
        }
        await refused('DELETE', '/tokens/abc', {}, 404, 'not_found');
    });

    test('ids of another kind', async () => {
        // A department's id where a township's slug belongs.
        expectError(await request(url, 'GET', `/townships/${dept}/bodies`), 404, 'not_found');
        expectError(await request(url, 'GET', `/townships/${committee}`), 404, 'not_found');
        // A township's slug where an organisation's id belongs.
        await refused('POST', '/organizations/diankou/posts', { body: { role: 'staff', label: '岗', label_en: 'Post' } }, 404, 'not_found');
        // Ids past the last post but inside the people's range name people, not posts.
        const lastPost = Math.max(...(await get('/export/popolo')).posts.map((p) => Number(p.id.split('/')[1])));
        const someone = (await get('/export/popolo')).persons.map((p) => Number(p.id.split('/')[1])).find((id) => id > lastPost);
        assert.ok(someone, 'the demo has more people than posts');
        expectError(await request(url, 'GET', `/posts/${someone}`), 404, 'not_found');
        await refused(
            'POST',
            '/memberships',
            { body: { person_id: person, post_id: someone, start_date: '2024-01-01' } },
            422,
            'invalid',
            'post_id',
        );
        // A body where a department belongs.
        await refused(
            'POST',
            '/portfolios',
            { body: { person_id: person, area: '分管', area_en: 'area', department_id: committee, start_date: '2024-01-01' } },
            422,
            'invalid',
            'department_id',
        );
    });
});

describe('authentication failures on reads and writes', () => {
    test('a malformed or unknown Authorization header is 401, also on public reads', async () => {
        for (const value of ['Basic YWRtaW46eA==', 'Bearer pt_not-a-token', 'Bearer ', 'bearer pt_x']) {
            const res = await request(url, 'GET', '/townships', { headers: { Authorization: value } });
            expectError(res, 401, 'unauthenticated', null, value);
        }
    });

    test('a write without any credentials is 401', async () => {
        const before = await eventCount(url);
        const res = await request(url, 'POST', PEOPLE, { body: { name: '甲' } });
        expectError(res, 401, 'unauthenticated', null);
        assert.equal(await eventCount(url), before);
    });
});

describe('message language', () => {
    const hasCjk = (s) => /[\u4e00-\u9fff]/.test(s);

    test('the default is Chinese', async () => {
        const res = await request(url, 'GET', '/people/999999');
        expectError(res, 404, 'not_found');
        assert.ok(hasCjk(res.body.error.message), res.body.error.message);
        const bad = await request(url, 'POST', PEOPLE, { auth: admin, body: { name: '甲', nickname: 'x' } });
        assert.ok(hasCjk(bad.body.error.message), bad.body.error.message);
        const zh = await request(url, 'GET', '/people/999999', { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9' } });
        assert.ok(hasCjk(zh.body.error.message), zh.body.error.message);
    });

    test('Accept-Language: en gives English', async () => {
        for (const lang of ['en', 'en-US,en;q=0.9', 'en-GB']) {
            const res = await request(url, 'GET', '/people/999999', { headers: { 'Accept-Language': lang } });
            expectError(res, 404, 'not_found');
            assert.equal(res.body.error.message, 'not found');
        }
        const bad = await request(url, 'POST', PEOPLE, {
            auth: admin,
            body: { name: '甲', nickname: 'x' },
            headers: { 'Accept-Language': 'en' },
        });
        expectError(bad, 422, 'invalid', 'nickname');
        assert.equal(bad.body.error.message, "unknown field 'nickname'");
        const page = await request(url, 'GET', '/events?limit=0', { headers: { 'Accept-Language': 'en' } });
        assert.match(page.body.error.message, /^parameter 'limit' must be an integer from 1 to 200$/);
        const big = await request(url, 'POST', PEOPLE, {
            auth: admin,
            body: JSON.stringify({ name: 'x'.repeat(70000) }),
            headers: { 'Accept-Language': 'en' },
        });
        expectError(big, 413, 'too_large', null);
        assert.ok(!hasCjk(big.body.error.message), big.body.error.message);
        const missing = await request(url, 'GET', '/nope', { headers: { 'Accept-Language': 'en' } });
        assert.equal(missing.body.error.message, 'no such endpoint');
    });
});

describe('response headers', () => {
    const expected = {
        'content-type': /^application\/json; charset=utf-8$/,
        'cache-control': /^no-store$/,
        'x-content-type-options': /^nosniff$/,
        'x-frame-options': /^DENY$/,
        'referrer-policy': /^no-referrer$/,
        'content-security-policy': /default-src 'self'.*frame-ancestors 'none'/,
    };

    test('API answers, errors included, carry the security headers and no-store', async () => {
        const answers = [
            ['200', await request(url, 'GET', '/health')],
            ['201', await request(url, 'POST', PEOPLE, { auth: admin, body: { name: '头部' } })],
            ['400', await request(url, 'GET', '/events?limit=0')],
            ['401', await request(url, 'GET', '/tokens')],
            ['404', await request(url, 'GET', '/nope')],
            ['405', await request(url, 'PUT', '/health')],
            ['413', await request(url, 'POST', PEOPLE, { auth: admin, body: JSON.stringify({ name: 'x'.repeat(70000) }) })],
            ['415', await request(url, 'POST', PEOPLE, { auth: admin, body: 'x', headers: { 'Content-Type': 'text/plain' } })],
            ['422', await request(url, 'POST', PEOPLE, { auth: admin, body: {} })],
        ];
        for (const [status, res] of answers) {
            assert.equal(String(res.status), status, res.text);
            for (const [h, re] of Object.entries(expected)) {
                assert.match(res.headers.get(h) ?? '', re, `${status}: ${h}`);
            }
        }
    });
});

