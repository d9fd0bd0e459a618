// The node's published documents: the Popolo export (validated item by item
// against the Popolo JSON schemas, draft 3, with Debian's python3-jsonschema
// and the schema files in schemas/popolo/; its counts and ids equal the
// API's lists; its references resolve), the OpenAPI 3.1 description (every
// route of src/http/routes.c present, well-formed operations), and the
// event record (paged in order, seq 0..N-1, each record with exactly the
// keys actor, payload, seq, time, township, type).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { apiDir, eventCount, login, repoRoot, request, startServer } from './lib/server.mjs';

const PYTHON = '/usr/bin/python3';
const VALIDATOR = path.join(apiDir, 'validate_popolo.py');

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;

async function get(p) {
    const res = await request(url, 'GET', p);
    assert.equal(res.status, 200, `${p}: ${res.text}`);
    return res.body;
}

/** Every item of a paged list. */
async function all(p) {
    const items = [];
    const sep = p.includes('?') ? '&' : '?';
    for (let offset = 0; ; offset += 200) {
        const page = await get(`${p}${sep}limit=200&offset=${offset}`);
        items.push(...page.items);
        if (items.length >= page.total || page.items.length === 0) {
            assert.equal(items.length, page.total, `${p}: the pages add up to the total`);
            return items;
        }
    }
}

function validate(doc) {
    return spawnSync(PYTHON, [VALIDATOR], { input: JSON.stringify(doc), encoding: 'utf8', timeout: 60000 });
}

describe('Popolo export', () => {
    test('every person, organization, post and membership validates against the Popolo schemas', async () => {
        // Add a few objects that use the optional fields too.
        const admin = await login(url, 'admin');
        const made = await request(url, 'POST', '/townships/diankou/people', {
            auth: admin,
            body: { name: '导出测试', name_en: 'Export Test', gender: 'female' },
        });
        assert.equal(made.status, 201, made.text);
        const dept = (await get('/townships/diankou/departments')).items[0].id;
        const made2 = await request(url, 'POST', `/organizations/${dept}/posts`, {
            auth: admin,
            body: { role: 'staff', label: '科员', label_en: 'Staff', seats: 5 },
        });
        assert.equal(made2.status, 201, made2.text);
        const post = made2.body.item.id;
        const m = await request(url, 'POST', '/memberships', {
            auth: admin,
            body: { person_id: made.body.item.id, post_id: post, start_date: '2023-03-01', end_date: '2024-02-29' },
        });
        assert.equal(m.status, 201, m.text);

        const doc = await get('/export/popolo');
        assert.deepEqual(Object.keys(doc).sort(), ['memberships', 'organizations', 'persons', 'posts']);
        for (const key of Object.keys(doc)) {
            assert.ok(doc[key].length > 0, `${key} is empty`);
        }
        const r = validate(doc);
        assert.equal(r.error, undefined, String(r.error));
        assert.equal(r.status, 0, `Popolo validation failed:\n${r.stdout}${r.stderr}`);
        assert.match(r.stdout, /^valid: persons \d+, organizations \d+, posts \d+, memberships \d+/);

        const ended = doc.memberships.find((x) => x.id === `membership/${m.body.item.id}`);
        assert.deepEqual(ended, {
            id: `membership/${m.body.item.id}`,
            person_id: `person/${made.body.item.id}`,
            organization_id: `organization/${dept}`,
            post_id: `post/${post}`,
            role: 'staff',
            start_date: '2023-03-01',
            end_date: '2024-02-29',
        });
        const p = doc.persons.find((x) => x.id === `person/${made.body.item.id}`);
        assert.deepEqual(p, {
            id: `person/${made.body.item.id}`,
            name: '导出测试',
            gender: 'female',
            other_names: [{ name: 'Export Test', note: 'en' }],
        });
    });

    test('the validator is not vacuous: it rejects an invalid export', () => {
        const bad = validate({
            persons: [{ id: 'person/1', name: '甲', other_names: [{ name: 5 }] }],
            organizations: [],
            posts: [],
            memberships: [],
        });
        assert.notEqual(bad.status, 0, bad.stdout);
        assert.match(bad.stdout, /persons\[0\].*other_names/);
        const badDate = validate({
            persons: [],
            organizations: [],
            posts: [],
            memberships: [{ id: 'membership/1', start_date: '2024-1-1' }],
        });
        assert.notEqual(badDate.status, 0, badDate.stdout);
        assert.match(badDate.stdout, /memberships\[0\].*start_date/);
    });

    test("the export's counts and ids equal the API's lists", async () => {
        const doc = await get('/export/popolo');
        const townships = await all('/townships');
        const people = [];
        const orgs = [];
        for (const t of townships) {
            people.push(...(await all(`/townships/${t.id}/people`)));
            orgs.push(...(await all(`/townships/${t.id}/bodies`)));
            orgs.push(...(await all(`/townships/${t.id}/departments`)));
        }
        const posts = [];
        let memberships = 0;
        const membershipIds = [];
        for (const o of orgs) {
            posts.push(...(await all(`/organizations/${o.id}/posts`)));
            const ms = await all(`/organizations/${o.id}/memberships`);
            memberships += ms.length;
            membershipIds.push(...ms.map((x) => `membership/${x.id}`));
        }
        const sorted = (xs) => [...xs].sort();
        assert.equal(doc.persons.length, people.length);
        assert.deepEqual(sorted(doc.persons.map((x) => x.id)), sorted(people.map((x) => `person/${x.id}`)));
        assert.equal(doc.organizations.length, townships.length + orgs.length);
        assert.deepEqual(
            sorted(doc.organizations.map((x) => x.id)),
            sorted([...townships.map((x) => `township/${x.id}`), ...orgs.map((x) => `organization/${x.id}`)]),
        );
        assert.equal(doc.posts.length, posts.length);
        assert.deepEqual(sorted(doc.posts.map((x) => x.id)), sorted(posts.map((x) => `post/${x.id}`)));
        assert.equal(doc.memberships.length, memberships);
        assert.deepEqual(sorted(doc.memberships.map((x) => x.id)), sorted(membershipIds));
        // The townships' own counts agree too.
        for (const t of townships) {
            const one = await get(`/townships/${t.id}`);
            assert.equal(one.people, doc.persons.filter((x) => people.find((p) => `person/${p.id}` === x.id)?.township_id === t.id).length);
            assert.equal(
                one.bodies + one.departments,
                doc.organizations.filter((x) => x.parent_id === `township/${t.id}`).length,
                t.id,
            );
        }
    });

    test("the export's references resolve", async () => {
        const doc = await get('/export/popolo');
        const ids = (xs) => new Set(xs.map((x) => x.id));
        const persons = ids(doc.persons);
        const orgs = ids(doc.organizations);
        const posts = ids(doc.posts);
        for (const o of doc.organizations) {
            if (o.parent_id !== undefined) {
                assert.ok(orgs.has(o.parent_id), `${o.id}: parent ${o.parent_id}`);
            }
        }
        for (const p of doc.posts) {
            assert.ok(orgs.has(p.organization_id), `${p.id}: organization ${p.organization_id}`);
        }
        const postOrg = new Map(doc.posts.map((p) => [p.id, p.organization_id]));
        for (const m of doc.memberships) {
            assert.ok(persons.has(m.person_id), `${m.id}: person ${m.person_id}`);
            assert.ok(posts.has(m.post_id), `${m.id}: post ${m.post_id}`);
            assert.equal(m.organization_id, postOrg.get(m.post_id), `${m.id}: organization of its post`);
        }
        assert.equal(new Set([...persons, ...orgs, ...posts]).size, persons.size + orgs.size + posts.size, 'ids are unique');
    });
});

describe('OpenAPI description', () => {
    // The hand-written routes (routes.c) and the commands the areas declare
    // (.method and .path of each struct command under src/, or the
    // method and path given to an area's command macro).
    const routesC = fs.readFileSync(path.join(repoRoot, 'src', 'http', 'routes.c'), 'utf8');
    const srcDir = path.join(repoRoot, 'src');
    const areaSources = fs
        .readdirSync(srcDir, { recursive: true })
        .filter((f) => f.endsWith('.c') && !f.startsWith('http'))
        .map((f) => fs.readFileSync(path.join(srcDir, f), 'utf8'))
        .join('\n');
    const table = [
        ...routesC.matchAll(/ROUTE(?:_FIELDS)?\(\s*"(GET|POST|PATCH|DELETE|PUT)",\s*"(\/api\/v1[^"]*)"/g),
        ...areaSources.matchAll(/\.method = "(GET|POST|PATCH|DELETE|PUT)",\s*\.path = "(\/api\/v1[^"]*)"/g),
        ...areaSources.matchAll(/_COMMAND\(\w+,\s*"(GET|POST|PATCH|DELETE|PUT)",\s*"(\/api\/v1[^"]*)"/g),
        // Declared queries are GETs: .path of each struct query.
        ...[...areaSources.matchAll(/struct query \w+ = \{[^}]*?\.path = "(\/api\/v1[^"]*)"/g)].map((m) => [m[0], 'GET', m[1]]),
        ...[...areaSources.matchAll(/_QUERY\(\w+,\s*"(\/api\/v1[^"]*)"/g)].map((m) => [m[0], 'GET', m[1]]),
    ].map((m) => ({
        method: m[1].toLowerCase(),
        path: m[2].slice('/api/v1'.length),
    }));

    test('the route table was read', () => {
        assert.ok(table.length >= 40, `only ${table.length} routes found in routes.c and the areas`);
    });

    test('it is OpenAPI 3.1 and lists exactly the routes of the table', async () => {
        const doc = await get('/openapi.json');
        assert.equal(doc.openapi, '3.1.0');
        assert.equal(typeof doc.info?.title, 'string');
        assert.equal(doc.info.version, (await get('/health')).version);
        assert.deepEqual(doc.servers, [{ url: '/api/v1' }]);
        const documented = [];
        for (const [p, item] of Object.entries(doc.paths)) {
            assert.ok(p.startsWith('/'), p);
            for (const method of Object.keys(item)) {
                assert.ok(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(method), `${p}: ${method}`);
                documented.push(`${method} ${p}`);
            }
        }
        const expected = table.map((r) => `${r.method} ${r.path}`);
        assert.deepEqual([...documented].sort(), [...expected].sort());
    });

    test('every operation is well formed', async () => {
        const doc = await get('/openapi.json');
        const opIds = new Set();
        assert.ok(doc.components?.schemas?.Error, 'components.schemas.Error');
        assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearer', 'session']);
        for (const [p, item] of Object.entries(doc.paths)) {
            const params = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
            for (const [method, op] of Object.entries(item)) {
                const where = `${method.toUpperCase()} ${p}`;
                assert.equal(typeof op.operationId, 'string', where);
                assert.ok(!opIds.has(op.operationId), `${where}: duplicate operationId ${op.operationId}`);
                opIds.add(op.operationId);
                assert.equal(typeof op.summary, 'string', where);
                assert.ok(Array.isArray(op.tags) && op.tags.length === 1, where);
                const inPath = op.parameters.filter((x) => x.in === 'path');
                assert.deepEqual(
                    inPath.map((x) => x.name),
                    params,
                    `${where}: path parameters`,
                );
                for (const prm of inPath) {
                    assert.equal(prm.required, true, where);
                }
                // Other parameters are the query string's, declared with a schema: a
                // read's, or the fields of a write whose body is a file.
                const fileBody = Object.values(op.requestBody?.content ?? {}).some((c) => c.schema?.format === 'binary');
                for (const prm of op.parameters.filter((x) => x.in !== 'path')) {
                    assert.equal(prm.in, 'query', where);
                    assert.ok(method === 'get' || fileBody, `${where}: query parameters on a read`);
                    assert.equal(typeof prm.schema?.type, 'string', `${where}: ${prm.name} has a type`);
                }
                const codes = Object.keys(op.responses);
                // One success response, or 201 and a 200 for a dry run that creates nothing.
                const successes = codes.filter((c) => /^2\d\d$/.test(c)).sort();
                const dryRun = successes.join() === '200,201' && /dry run/.test(op.responses['200'].description);
                assert.ok(successes.length === 1 || dryRun, `${where}: one success response`);
                for (const c of codes.filter((x) => /^[45]\d\d$/.test(x))) {
                    assert.equal(op.responses[c].content['application/json'].schema.$ref, '#/components/schemas/Error', `${where} ${c}`);
                }
                assert.ok(Array.isArray(op['x-roles']), where);
                const caps = [].concat(op['x-capability']);
                assert.ok(caps.length > 0 && caps.every((c) => typeof c === 'string'), `${where}: x-capability`);
                const isPublic = op['x-roles'].includes('public');
                assert.equal(op.security === undefined, isPublic, `${where}: security iff not public`);
                if (method === 'post' || method === 'patch') {
                    assert.ok(op.requestBody?.required, `${where}: a request body`);
                    assert.ok(op.requestBody.content['application/json'] || fileBody, where);
                    assert.ok(Number.isInteger(op.requestBody['x-max-bytes']) && op.requestBody['x-max-bytes'] > 0, where);
                } else {
                    assert.equal(op.requestBody, undefined, `${where}: no request body`);
                }
            }
        }
    });
});

describe('event record', () => {
    test('pages through seq 0..N-1 in order, each record with exactly its keys', async () => {
        const n = await eventCount(url);
        assert.ok(n > 1000, `the demo has ${n} events`);
        const seen = [];
        let lastTime = '';
        for (let offset = 0; offset < n; offset += 150) {
            const page = await get(`/events?limit=150&offset=${offset}`);
            assert.deepEqual(Object.keys(page).sort(), ['items', 'limit', 'offset', 'total']);
            assert.equal(page.total, n);
            assert.equal(page.limit, 150);
            assert.equal(page.offset, offset);
            assert.equal(page.items.length, Math.min(150, n - offset));
            for (const e of page.items) {
                assert.deepEqual(Object.keys(e).sort(), ['actor', 'payload', 'seq', 'time', 'township', 'type'], JSON.stringify(e));
                assert.match(e.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
                assert.ok(e.time >= lastTime, `time goes backwards at ${e.seq}`);
                lastTime = e.time;
                assert.match(e.type, /^[a-z]+(_[a-z]+)*\.(created|updated|deleted)$/);
                // "system" for the node's own commands, else who acted: never a login.
                if (typeof e.actor === 'string') {
                    assert.equal(e.actor, 'system', `${e.seq}: actor`);
                } else {
                    assert.deepEqual(Object.keys(e.actor).sort(), ['name', 'person', 'role', 'user'], `${e.seq}: actor`);
                }
                assert.ok(e.township === null || typeof e.township === 'string');
                assert.equal(typeof e.payload, 'object');
                assert.ok(e.payload !== null && e.payload.id !== undefined, `${e.seq}: payload id`);
                seen.push(e.seq);
            }
        }
        assert.deepEqual(seen, Array.from({ length: n }, (_, i) => i));
        const past = await get(`/events?offset=${n}`);
        assert.deepEqual(past.items, []);
        assert.equal(past.total, n);
        const first = (await get('/events?limit=1')).items[0];
        assert.equal(first.type, 'city.created');
        assert.equal(first.township, null);
        assert.equal(first.actor, 'system');
        // Township events name their township; city-wide users have none.
        const tail = await all('/events');
        // Users' logins are sealed: the record holds a digest, not the login.
        const users = tail.filter((e) => e.type === 'user.created');
        assert.equal(users.find((e) => e.payload.role === 'admin').township, null);
        assert.equal(users.find((e) => e.payload.role === 'commission_inspector').township, null);
        assert.ok(users.some((e) => e.payload.role === 'clerk' && e.township === 'zhibu'));
        for (const u of users) {
            assert.equal(u.payload.login, undefined, `event ${u.seq} shows a login`);
            assert.match(u.payload.sealed_digest, /^[A-Za-z0-9+/]{43}=$/);
        }
        assert.ok(!/"zhibu\.clerk"|"diankou\.clerk"/.test(JSON.stringify(tail)));
        for (const e of tail.filter((x) => x.type === 'person.created')) {
            assert.equal(e.township, e.payload.township_id, `event ${e.seq}`);
        }
        // No secret ever enters the record.
        assert.ok(!/"password"|password_hash|argon|zhuji-demo-2026|"ps_|"pt_|"pc_/.test(JSON.stringify(tail)));
    });

    test('default paging is 50 from the start', async () => {
        const page = await get('/events');
        assert.equal(page.limit, 50);
        assert.equal(page.offset, 0);
        assert.equal(page.items.length, 50);
        assert.equal(page.items[0].seq, 0);
    });
});
