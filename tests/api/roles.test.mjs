// The role x endpoint walk. GET /api/v1/openapi.json lists every operation
// with "x-roles", the roles the policy table allows ("public" is the
// anonymous visitor). For every operation and every demo role this file
// sends a valid request built from the fixture table of
// lib/walk_fixtures.mjs (keyed by operationId; an operation without a
// fixture fails, so every new route needs one) and checks:
//   - a role not in x-roles gets 401 (public) or 403, and nothing is written;
//   - a role in x-roles succeeds (2xx), and a write that answers with an
//     event adds exactly one record;
//   - a township role acting on another township's objects (zhibu.clerk on
//     Diankou's) gets 403 and nothing is written.
// Writes use fresh objects made by the admin, so deletions and creations of
// one role do not disturb the next.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { ROLES, eventCount, expectError, expectOneWrite, loginAll, request, runCli, startServer } from './lib/server.mjs';
import { walkFixtures } from './lib/walk_fixtures.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const auth = await loginAll(url);

// operationId -> {township, prepare(role, roleAuth), then?} (lib/walk_fixtures.mjs).
const fixtures = await walkFixtures({ url, auth });

const doc = (await request(url, 'GET', '/openapi.json')).body;
const operations = [];
for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
        operations.push({ path, method: method.toUpperCase(), op });
    }
}
// The success status each operation answered with during the walk.
const observed = new Map();

test('the document lists operations, each with x-roles drawn from the known roles', () => {
    assert.ok(operations.length >= 40, `only ${operations.length} operations`);
    const known = new Set(ROLES.map((r) => r.role));
    for (const { path, method, op } of operations) {
        assert.ok(Array.isArray(op['x-roles']), `${method} ${path} has no x-roles`);
        assert.ok(op['x-roles'].length > 0, `${method} ${path} allows nobody`);
        for (const r of op['x-roles']) {
            assert.ok(known.has(r), `${method} ${path}: unknown role ${r}`);
        }
        assert.ok(op['x-roles'].includes('admin'), `${method} ${path}: the admin may do everything`);
    }
});

test('every fixture names an operation of the document', () => {
    const ids = new Set(operations.map((o) => o.op.operationId));
    for (const id of Object.keys(fixtures)) {
        assert.ok(ids.has(id), `fixture ${id} has no operation (stale fixture?)`);
    }
});

for (const { path, method, op } of operations) {
    test(`${method} ${path} (${op.operationId}) for every role`, async (t) => {
        const fx = fixtures[op.operationId];
        assert.ok(fx, `no fixture for operation ${op.operationId}: add one to lib/walk_fixtures.mjs`);
        const writes = method !== 'GET';
        for (const role of ROLES) {
            await t.test(role.name, async () => {
                const roleAuth = auth[role.name];
                const prepared = await fx.prepare(role, roleAuth);
                const useAuth = 'auth' in prepared ? prepared.auth : roleAuth;
                const before = await eventCount(url);
                const res = await request(url, method, prepared.path, {
                    auth: useAuth,
                    body: prepared.body,
                    headers: prepared.headers,
                    stream: prepared.stream,
                });
                const afterCount = await eventCount(url);
                const allowed = op['x-roles'].includes(role.role);
                const township = prepared.township ?? fx.township;
                const foreign =
                    writes && township && role.township !== null && role.township !== township;
                const what = `${role.name} ${method} ${prepared.path}`;
                if (!allowed) {
                    if (role.role === 'public') {
                        expectError(res, 401, 'unauthenticated', undefined, what);
                    } else {
                        expectError(res, 403, 'forbidden', undefined, what);
                    }
                    assert.equal(afterCount, before, `${what}: a refused request wrote events`);
                    return;
                }
                if (foreign) {
                    expectError(res, 403, 'forbidden', undefined, what);
                    assert.equal(afterCount, before, `${what}: a refused request wrote events`);
                    return;
                }
                assert.ok(res.status >= 200 && res.status < 300, `${what}: ${res.status} ${res.text}`);
                if (/^application\/json/.test(res.headers.get('content-type') ?? '')) {
                    assert.ok(res.body !== null && typeof res.body === 'object', `${what}: not JSON`);
                } else {
                    assert.ok(res.text.length > 0, `${what}: an empty answer`);
                }
                const statuses = observed.get(op.operationId) ?? new Set();
                statuses.add(res.status);
                observed.set(op.operationId, statuses);
                if (res.body?.event) {
                    assert.equal(res.body.event.seq, before, `${what}: the event's seq`);
                    await expectOneWrite(url, before, what);
                } else {
                    assert.equal(afterCount, before, `${what}: an answer without an event wrote events`);
                }
                const caps = [].concat(op['x-capability']);
                if (writes && caps.some((c) => /^(org\.write|township\.admin|user\.admin)$/.test(c))) {
                    assert.ok(res.body?.event, `${what}: a write of the model must answer with its event`);
                }
                if (fx.then) {
                    await fx.then(res, role, prepared);
                }
            });
        }
    });
}

test('a clerk of another township may write in their own township', async () => {
    const zhibu = auth['clerk@zhibu'];
    const before = await eventCount(url);
    const res = await request(url, 'POST', '/townships/zhibu/people', {
        auth: zhibu,
        body: { name: '直埠测试人' },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.item.township_id, 'zhibu');
    assert.equal(await eventCount(url), before + 1);
    const patch = await request(url, 'PATCH', `/people/${res.body.item.id}`, {
        auth: zhibu,
        body: { name: '直埠测试人乙' },
    });
    assert.equal(patch.status, 200, patch.text);
    const foreign = await request(url, 'PATCH', `/people/${res.body.item.id}`, {
        auth: auth['clerk@diankou'],
        body: { name: '不应写入' },
    });
    expectError(foreign, 403, 'forbidden');
    const now = await request(url, 'GET', `/people/${res.body.item.id}`);
    assert.equal(now.body.name, '直埠测试人乙');
});

test('each operation answers with the success status its description documents', () => {
    const problems = [];
    for (const { path, method, op } of operations) {
        const documented = Object.keys(op.responses).filter((k) => /^2\d\d$/.test(k));
        const seen = [...(observed.get(op.operationId) ?? [])].map(String);
        for (const s of seen) {
            if (!documented.includes(s)) {
                problems.push(`${method} ${path}: answered ${s}, documented ${documented.join('/')}`);
            }
        }
    }
    assert.deepEqual(problems, []);
});

test('after the walk, probity rebuild finds the query tables equal to a replay of the events', () => {
    const r = runCli(['rebuild', '--data', srv.dataDir]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
});
