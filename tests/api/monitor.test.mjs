// The commission's monitor against township nodes on loopback ports:
// writes reach it and its mirror equals the nodes' records; a node signed
// by another key, a node rolled back to an older copy of its data, a
// forked copy of a node and a stopped node each raise their alert; the
// rolled-back node still passes `verify --remote` on its own.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { request, runCli, tempDir } from './lib/server.mjs';
import {
    addUser,
    adminLogin,
    copyFolder,
    freePort,
    logSize,
    makeNode,
    monitorAlerts,
    monitorNode,
    replaceFolder,
    serveNode,
    startProbity,
    waitFor,
    writeEvents,
} from './lib/monitor.mjs';

const root = tempDir('probity-monitor-');
const nodes = {};
let monitor;

// a: writes and the rollback; b: writes and the stop; d: followed with
// another key; f: the fork.
const names = ['a', 'b', 'd', 'f'];

before(async () => {
    for (const name of names) {
        const dir = path.join(root, name);
        const origin = `test.example/${name}`;
        nodes[name] = { dir, origin, key: makeNode(dir, origin), port: await freePort() };
        nodes[name].url = `http://127.0.0.1:${nodes[name].port}`;
        nodes[name].server = await serveNode(dir, nodes[name].port);
    }
    // A key of d's origin that d does not sign with.
    nodes.d.otherKey = makeNode(path.join(root, 'd-other'), nodes.d.origin);
    makeNode(path.join(root, 'monitor'), 'commission.example/monitor');
    const follow = names.flatMap((name) => [
        '--follow',
        `${nodes[name].url}=${name === 'd' ? nodes.d.otherKey : nodes[name].key}`,
    ]);
    monitor = await startProbity([
        'monitor',
        '--data',
        path.join(root, 'monitor'),
        '--listen',
        '127.0.0.1:0',
        '--poll',
        '0.5',
        '--unreachable-after',
        '2',
        ...follow,
    ]);
});

after(async () => {
    await monitor?.stop();
    for (const n of Object.values(nodes)) {
        await n.server?.stop();
    }
    fs.rmSync(root, { recursive: true, force: true });
});

/** Waits until the monitor has verified the node's current size. */
async function caughtUp(n) {
    const size = await logSize(n.url);
    return waitFor(async () => {
        const m = await monitorNode(monitor.url, n.origin);
        return m && m.size === size && m.mirrored === size && m;
    }, `the monitor to verify ${n.origin} at ${size}`);
}

test('writes on two nodes reach the monitor, whose mirror equals their records', async () => {
    const authA = await adminLogin(nodes.a.url);
    const authB = await adminLogin(nodes.b.url);
    await writeEvents(nodes.a.url, authA, 3);
    await writeEvents(nodes.b.url, authB, 2);
    for (const n of [nodes.a, nodes.b]) {
        const m = await caughtUp(n);
        assert.equal(m.status, 'ok');
        assert.equal(m.url, n.url);
        assert.equal(m.verifier_key, n.key);
        assert.equal(m.open_alerts, 0);
        assert.ok(m.lag.samples >= 1 && Number.isInteger(m.lag.latest_ms), JSON.stringify(m.lag));
        assert.match(m.verified_at, /^\d{4}-\d\d-\d\dT/);
        const log = (await request(n.url, 'GET', '/log')).body;
        assert.equal(m.root, log.root);
        const records = (await request(n.url, 'GET', '/events?limit=200')).body.items;
        const mirrored = await request(monitor.url, 'GET', `/monitor/nodes/${n.origin}/entries?limit=200`);
        assert.equal(mirrored.status, 200, mirrored.text);
        assert.equal(mirrored.body.followed, true);
        assert.equal(mirrored.body.size, records.length);
        assert.deepEqual(
            mirrored.body.items.map((e) => e.record),
            records,
        );
        assert.deepEqual(
            mirrored.body.items.map((e) => e.index),
            records.map((_, i) => i),
        );
    }
    // Paging, and an origin that is not followed.
    const page = await request(monitor.url, 'GET', `/monitor/nodes/${nodes.a.origin}/entries?limit=2&offset=1`);
    assert.deepEqual(page.body.items.map((e) => e.index), [1, 2]);
    const none = await request(monitor.url, 'GET', '/monitor/nodes/nobody.example/x/entries');
    assert.equal(none.status, 200);
    assert.equal(none.body.followed, false);
    assert.deepEqual(none.body.items, []);
    const bad = await request(monitor.url, 'GET', '/monitor/nodes/test.example/a/other');
    assert.equal(bad.status, 404);
});

test('a node whose checkpoint another key signed raises bad_signature', async () => {
    const alerts = await waitFor(async () => {
        const a = await monitorAlerts(monitor.url, nodes.d.origin);
        return a.some((x) => x.kind === 'bad_signature') && a;
    }, 'a bad_signature alert');
    assert.equal(alerts.filter((x) => x.kind === 'bad_signature').length, 1, 'the alert is not repeated');
    const m = await monitorNode(monitor.url, nodes.d.origin);
    assert.equal(m.status, 'bad_signature');
    assert.equal(m.size, 0);
    assert.match(m.last_error, /does not verify/);
});

test('a node rolled back to an older copy of its data raises rollback; verify --remote still passes', async () => {
    const a = nodes.a;
    await caughtUp(a);
    await a.server.stop();
    copyFolder(a.dir, a.dir + '.old');
    const oldSize = await (async () => {
        a.server = await serveNode(a.dir, a.port);
        return logSize(a.url);
    })();
    await writeEvents(a.url, await adminLogin(a.url), 2);
    await caughtUp(a);
    await a.server.stop();
    replaceFolder(a.dir, a.dir + '.old');
    a.server = await serveNode(a.dir, a.port);
    assert.equal(await logSize(a.url), oldSize);
    const alert = await waitFor(async () => {
        return (await monitorAlerts(monitor.url, a.origin)).find((x) => x.kind === 'rollback');
    }, 'a rollback alert');
    assert.match(alert.detail, new RegExp(`size ${oldSize}, smaller than the ${oldSize + 2}`));
    const m = await monitorNode(monitor.url, a.origin);
    assert.equal(m.status, 'rollback');
    assert.equal(m.size, oldSize + 2, 'the monitor keeps what it verified');
    // Seen alone, the rolled-back node is self-consistent.
    const r = runCli(['verify', '--remote', a.url, '--key', a.key]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /OK/);
});

test('a copy of a node with the same key that diverges raises fork', async () => {
    const f = nodes.f;
    await caughtUp(f);
    await f.server.stop();
    copyFolder(f.dir, f.dir + '.fork');
    f.server = await serveNode(f.dir, f.port);
    await writeEvents(f.url, await adminLogin(f.url), 1);
    const m1 = await caughtUp(f);
    await f.server.stop();
    // The copy records other events, more of them, and takes the node's place.
    for (let i = 0; i < 3; i++) {
        addUser(f.dir + '.fork', `fork.user${i}`);
    }
    f.server = await serveNode(f.dir + '.fork', f.port);
    assert.ok((await logSize(f.url)) > m1.size);
    const alert = await waitFor(async () => {
        return (await monitorAlerts(monitor.url, f.origin)).find((x) => x.kind === 'fork');
    }, 'a fork alert');
    assert.match(alert.detail, /differs from the one verified before|does not extend/);
    const m = await monitorNode(monitor.url, f.origin);
    assert.equal(m.status, 'fork');
    assert.equal(m.size, m1.size, 'the fork is not mirrored');
});

test('a stopped node raises unreachable, cleared when it answers again', async () => {
    const b = nodes.b;
    await b.server.stop();
    const alert = await waitFor(async () => {
        return (await monitorAlerts(monitor.url, b.origin)).find((x) => x.kind === 'unreachable');
    }, 'an unreachable alert');
    assert.equal(alert.cleared_at, null);
    assert.equal((await monitorNode(monitor.url, b.origin)).status, 'unreachable');
    b.server = await serveNode(b.dir, b.port);
    await waitFor(async () => {
        const a = (await monitorAlerts(monitor.url, b.origin)).find((x) => x.id === alert.id);
        const m = await monitorNode(monitor.url, b.origin);
        return a.cleared_at !== null && m.status === 'ok';
    }, 'the unreachable alert to clear');
    const all = await request(monitor.url, 'GET', '/monitor/alerts?limit=2');
    assert.equal(all.status, 200);
    assert.ok(all.body.total >= 4);
    assert.equal(all.body.items.length, 2);
});
