// The commission's monitor reads the sealed parts of a township's log
// (statements, ballots and reasons kept from the public until the minutes
// close) with an inspector's API token on the township's node, checks each
// against the digest in its own mirror of the log, and shows them to the
// commission's inspectors only. The Zhuji demo is the township node: its
// finalised meetings published most parts already (the monitor checks those
// publications too), the rest are read with the token. A monitor holding a
// township discipline secretary's token is refused the other townships'
// parts; a revoked token stops the reading and says why; a node that
// serves a part other than the one it sealed raises an alert.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PASSWORD, login, request, runCli, tempDir } from './lib/server.mjs';
import {
    freePort,
    makeNode,
    monitorAlerts,
    monitorNode,
    serveNode,
    startProbity,
    waitFor,
} from './lib/monitor.mjs';

const root = tempDir('probity-monitor-sealed-');
const ORIGIN = 'test.example/sealed';
const MONITOR_PASSWORD = 'commission-pass-2026';
let node;
let key;
let proxyUrl;
let tampered = null; // the entry index whose sealed part the proxy alters
const proxies = [];
const monitors = {};

/** The canonical JSON of the records (keys sorted, no spaces). */
function canonical(v) {
    if (Array.isArray(v)) {
        return `[${v.map(canonical).join(',')}]`;
    }
    if (v !== null && typeof v === 'object') {
        return `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
            .join(',')}}`;
    }
    return JSON.stringify(v);
}

/** base64(SHA-256(salt || canonical(content))), as the record's digest is made. */
function digest(saltB64, content) {
    return crypto
        .createHash('sha256')
        .update(Buffer.from(saltB64, 'base64'))
        .update(Buffer.from(canonical(content)))
        .digest('base64');
}

/**
 * A proxy in front of the node that passes requests through with their
 * Authorization header, has no feed (the monitor polls), and alters the
 * sealed part of the entry `tampered` when it is read.
 */
async function proxy() {
    const server = http.createServer(async (req, res) => {
        if (req.url.startsWith('/api/v1/feed')) {
            res.writeHead(404, { 'Content-Type': 'application/json' });
            res.end('{"error":{"code":"not_found","message":"no feed here"}}');
            return;
        }
        const headers = req.headers.authorization ? { Authorization: req.headers.authorization } : {};
        const upstream = await fetch(node.url + req.url, { headers });
        let body = Buffer.from(await upstream.arrayBuffer());
        if (tampered !== null && req.url === `/api/v1/events/${tampered}/sealed` && upstream.status === 200) {
            const part = JSON.parse(body.toString('utf8'));
            part.content = { ...part.content, altered: true };
            body = Buffer.from(JSON.stringify(part));
        }
        res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'text/plain' });
        res.end(body);
    });
    const port = await freePort();
    await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    proxies.push(server);
    return `http://127.0.0.1:${port}`;
}

/** Creates an API token for the user on the node; returns {id, token}. */
async function nodeToken(loginName) {
    const auth = await login(node.url, loginName, PASSWORD);
    const res = await request(node.url, 'POST', '/tokens', { auth, body: { label: 'commission monitor', area: 'sealed' } });
    assert.equal(res.status, 201, res.text);
    return { id: res.body.item.id, token: res.body.token, auth };
}

/** Writes a token file readable by its owner only. */
function tokenFile(name, token) {
    const file = path.join(root, name);
    fs.writeFileSync(file, token + '\n', { mode: 0o600 });
    return file;
}

/** A monitor data folder with one commission inspector; returns its folder. */
function monitorFolder(name) {
    const dir = path.join(root, name);
    makeNode(dir, `commission.example/${name}`);
    const r = runCli(['user', 'add', '--data', dir, '--login', 'inspector.li', '--role', 'commission_inspector'], {
        input: MONITOR_PASSWORD + '\n',
    });
    assert.equal(r.status, 0, r.stderr);
    return dir;
}

function startMonitor(dir, url, file) {
    return startProbity([
        'monitor', '--data', dir, '--listen', '127.0.0.1:0', '--poll', '0.5',
        '--follow', `${url}=${key}`, '--sealed-token', `${url}=${file}`,
    ]);
}

/** Waits until the monitor has mirrored the node's log and read every part it can. */
function settled(m) {
    return waitFor(async () => {
        const size = (await request(node.url, 'GET', '/log')).body.size;
        const n = await monitorNode(m.url, ORIGIN);
        return n && n.mirrored === size && n.sealed.pending === 0 && n;
    }, 'the monitor to mirror the log and read its sealed parts', 90000);
}

before(async () => {
    const dir = path.join(root, 'node');
    key = makeNode(dir, ORIGIN, { demo: true });
    node = await serveNode(dir, await freePort());
    proxyUrl = await proxy();
    const inspector = await nodeToken('inspector');
    const discipline = await nodeToken('diankou.discipline');
    monitors.commission = {
        dir: monitorFolder('commission'),
        file: tokenFile('inspector.token', inspector.token),
    };
    monitors.commission.server = await startMonitor(monitors.commission.dir, proxyUrl, monitors.commission.file);
    monitors.township = { dir: monitorFolder('township'), discipline };
    monitors.township.server = await startMonitor(
        monitors.township.dir, node.url, tokenFile('discipline.token', discipline.token));
});

after(async () => {
    for (const m of Object.values(monitors)) {
        await m.server?.stop();
    }
    for (const p of proxies) {
        p.closeAllConnections();
        p.close();
    }
    await node?.stop();
    fs.rmSync(root, { recursive: true, force: true });
});

test("the inspector's token reads every sealed part, each matching the digest in the mirrored log", async () => {
    const m = monitors.commission.server;
    const summary = (await settled(m)).sealed;
    assert.equal(summary.token, true);
    assert.equal(summary.error, null);
    assert.equal(summary.refused, 0);
    assert.equal(summary.bad, 0);
    assert.ok(summary.read > 0 && summary.published > 0, JSON.stringify(summary));
    assert.equal(summary.parts, summary.read + summary.published);

    const auth = await login(m.url, 'inspector.li', MONITOR_PASSWORD);
    const read = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&state=read&limit=200`, { auth });
    assert.equal(read.status, 200, read.text);
    assert.equal(read.body.total, summary.read);
    assert.equal(read.body.items.length, Math.min(200, summary.read));
    const published = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&state=published&limit=50`, { auth });
    assert.equal(published.body.total, summary.published);

    const nodeAuth = await login(node.url, 'inspector');
    for (const part of [...read.body.items.slice(0, 20), ...published.body.items.slice(0, 20)]) {
        // The digest is the one in the log's record, and salt and content give it.
        const entry = await request(m.url, 'GET', `/monitor/nodes/${ORIGIN}/entries?offset=${part.index}&limit=1`);
        const record = entry.body.items[0].record;
        assert.equal(entry.body.items[0].sealed, part.state);
        assert.equal(record.payload.sealed_digest, part.digest);
        assert.equal(digest(part.salt, part.content), part.digest, `entry ${part.index}`);
        // The same part the node gives its own inspector.
        const fromNode = await request(node.url, 'GET', `/events/${part.index}/sealed`, { auth: nodeAuth });
        assert.equal(fromNode.status, 200, fromNode.text);
        assert.deepEqual(part.content, fromNode.body.content);
        assert.equal(part.salt, fromNode.body.salt);
    }
    for (const part of published.body.items.slice(0, 20)) {
        // A published part names the publication record that disclosed it.
        assert.ok(part.published_index > part.index);
        const pub = await request(m.url, 'GET', `/monitor/nodes/${ORIGIN}/entries?offset=${part.published_index}&limit=1`);
        const payload = pub.body.items[0].record.payload;
        const disclosed = payload.parts ? payload.parts.find((p) => p.id === part.index) : payload;
        assert.deepEqual(disclosed.content, part.content);
    }
    // One part by its index.
    const one = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&index=${read.body.items[0].index}`, { auth });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.body.item, read.body.items[0]);
    const none = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&index=0`, { auth });
    assert.equal(none.status, 404, none.text);
});

test('a part sealed on the node later is read within seconds', async () => {
    const m = monitors.commission.server;
    const admin = await login(node.url, 'admin.monitor', 'monitor-admin-pass');
    const created = await request(node.url, 'POST', '/users', {
        auth: admin,
        body: { login: 'zhao.clerk', role: 'clerk', township: 'diankou', password: 'a-long-password-2026' },
    });
    assert.equal(created.status, 201, created.text);
    const index = created.body.event.log_index;
    const auth = await login(m.url, 'inspector.li', MONITOR_PASSWORD);
    const part = await waitFor(async () => {
        const res = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&index=${index}`, { auth });
        return res.status === 200 && res.body.item.state === 'read' && res.body.item;
    }, 'the new part to be read', 30000);
    assert.deepEqual(part.content, { login: 'zhao.clerk' });
});

test('only the commission’s inspectors read them on the monitor; the public sees states, never content', async () => {
    const m = monitors.commission.server;
    const anon = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}`);
    assert.equal(anon.status, 401, anon.text);
    const entries = await request(m.url, 'GET', `/monitor/nodes/${ORIGIN}/entries?limit=200&offset=4000`);
    const sealed = entries.body.items.filter((e) => e.sealed !== null);
    assert.ok(sealed.length > 0);
    for (const e of sealed) {
        assert.ok(['read', 'published'].includes(e.sealed), e.sealed);
        assert.deepEqual(Object.keys(e).sort(), ['index', 'leaf_hash', 'record', 'sealed']);
        assert.equal(typeof e.record.payload.sealed_digest, 'string');
    }
    const admin = await login(m.url, 'admin.monitor', 'monitor-admin-pass');
    assert.equal((await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&limit=1`, { auth: admin })).status, 200);
    const auth = await login(m.url, 'inspector.li', MONITOR_PASSWORD);
    const bad = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&state=lost`, { auth });
    assert.equal(bad.status, 422, bad.text);
    assert.equal(bad.body.error.field, 'state');
    const noOrigin = await request(m.url, 'GET', '/monitor/sealed', { auth });
    assert.equal(noOrigin.status, 422, noOrigin.text);
    const notFollowed = await request(m.url, 'GET', '/monitor/sealed?origin=nobody.example/x', { auth });
    assert.equal(notFollowed.status, 200);
    assert.equal(notFollowed.body.total, 0);
});

test("a township discipline secretary's token is refused the other townships' parts", async () => {
    const m = monitors.township.server;
    const summary = (await settled(m)).sealed;
    assert.ok(summary.read > 0 && summary.refused > 0, JSON.stringify(summary));
    const auth = await login(m.url, 'inspector.li', MONITOR_PASSWORD);
    const refused = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&state=refused&limit=200`, { auth });
    assert.equal(refused.body.total, summary.refused);
    for (const part of refused.body.items) {
        assert.equal(part.content, null);
        assert.match(part.detail, /403/);
        const entry = await request(m.url, 'GET', `/monitor/nodes/${ORIGIN}/entries?offset=${part.index}&limit=1`);
        assert.notEqual(entry.body.items[0].record.township, 'diankou');
    }
    const read = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&state=read&limit=200`, { auth });
    for (const part of read.body.items) {
        const entry = await request(m.url, 'GET', `/monitor/nodes/${ORIGIN}/entries?offset=${part.index}&limit=1`);
        assert.equal(entry.body.items[0].record.township, 'diankou');
    }
});

test('a revoked token stops the reading, and the node’s summary says why', async () => {
    const m = monitors.township.server;
    await settled(m);
    const { discipline } = monitors.township;
    const revoked = await request(node.url, 'DELETE', `/tokens/${discipline.id}`, { auth: discipline.auth });
    assert.equal(revoked.status, 200, revoked.text);
    const admin = await login(node.url, 'admin.monitor', 'monitor-admin-pass');
    const created = await request(node.url, 'POST', '/users', {
        auth: admin,
        body: { login: 'qian.member', role: 'member', township: 'diankou', password: 'a-long-password-2026' },
    });
    assert.equal(created.status, 201, created.text);
    const n = await waitFor(async () => {
        const n = await monitorNode(m.url, ORIGIN);
        return n.sealed.error !== null && n;
    }, 'the monitor to report the refused token', 30000);
    assert.match(n.sealed.error, /401/);
    assert.match(n.sealed.error_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(n.sealed.pending, 1);
    assert.equal(n.status, 'ok', 'the log itself still verifies');
});

test('a node serving a part other than the one it sealed raises bad_sealed', async () => {
    const m = monitors.commission.server;
    await settled(m);
    const admin = await login(node.url, 'admin.monitor', 'monitor-admin-pass');
    const before = await request(node.url, 'GET', '/log');
    tampered = before.body.size; // the next entry: the user created below
    const created = await request(node.url, 'POST', '/users', {
        auth: admin,
        body: { login: 'sun.head', role: 'department_head', township: 'diankou', password: 'a-long-password-2026' },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.event.log_index, tampered);
    const alert = await waitFor(async () => {
        const alerts = await monitorAlerts(m.url, ORIGIN);
        return alerts.find((a) => a.kind === 'bad_sealed');
    }, 'the bad_sealed alert', 30000);
    assert.match(alert.detail, new RegExp(`entry ${tampered} does not match`));
    const auth = await login(m.url, 'inspector.li', MONITOR_PASSWORD);
    const part = await request(m.url, 'GET', `/monitor/sealed?origin=${ORIGIN}&index=${tampered}`, { auth });
    assert.equal(part.body.item.state, 'bad');
    assert.equal(part.body.item.content, null, 'what does not match is not kept');
    tampered = null;
});

test('the token file must be private and name a followed node', async () => {
    const dir = path.join(root, 'refusals');
    makeNode(dir, 'commission.example/refusals');
    const open = path.join(root, 'open.token');
    fs.writeFileSync(open, 'pt_x\n', { mode: 0o644 });
    fs.chmodSync(open, 0o644);
    let r = runCli(['monitor', '--data', dir, '--listen', '127.0.0.1:0',
        '--follow', `${node.url}=${key}`, '--sealed-token', `${node.url}=${open}`]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /chmod 600/);
    r = runCli(['monitor', '--data', dir, '--listen', '127.0.0.1:0',
        '--follow', `${node.url}=${key}`, '--sealed-token', `http://127.0.0.1:1=${monitors.commission.file}`]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /not a node given to --follow/);
    const empty = tokenFile('empty.token', '');
    r = runCli(['monitor', '--data', dir, '--listen', '127.0.0.1:0',
        '--follow', `${node.url}=${key}`, '--sealed-token', `${node.url}=${empty}`]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /one token/);
});
