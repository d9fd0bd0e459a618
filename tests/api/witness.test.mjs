// The monitor as a C2SP tlog-witness: a township node started with
// --witness submits each new checkpoint and serves it with the monitor's
// cosignature (checked here with Node's Ed25519 over the cosignature/v1
// message); the monitor, whose fallback poll is too slow to matter here,
// gets the node's writes through the feed; add-checkpoint refuses what the
// spec says it must (400, 403, 404, 409 with the size, 409, 422) and
// cosigning goes on afterwards.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir } from './lib/server.mjs';
import {
    addUser,
    adminLogin,
    checkCosignature,
    freePort,
    logSize,
    makeNode,
    monitorNode,
    nodeKey,
    nodePrivateKey,
    serveNode,
    signCheckpoint,
    startProbity,
    waitFor,
    writeEvents,
} from './lib/monitor.mjs';

const root = tempDir('probity-witness-');
const ORIGIN = 'test.example/w';
let node;
let monitor;
let nodeUrl;
let monitorUrl;
let cosignerKey;
let auth;

before(async () => {
    const nodePort = await freePort();
    const monitorPort = await freePort();
    nodeUrl = `http://127.0.0.1:${nodePort}`;
    monitorUrl = `http://127.0.0.1:${monitorPort}`;
    const key = makeNode(path.join(root, 'w'), ORIGIN);
    makeNode(path.join(root, 'm'), 'commission.example/m');
    cosignerKey = nodeKey(path.join(root, 'm'), true);
    monitor = await startProbity([
        'monitor',
        '--data',
        path.join(root, 'm'),
        '--listen',
        `127.0.0.1:${monitorPort}`,
        '--poll',
        '600',
        '--follow',
        `${nodeUrl}=${key}`,
    ]);
    node = await serveNode(path.join(root, 'w'), nodePort, ['--witness', `${monitorUrl}=${cosignerKey}`]);
    auth = await adminLogin(nodeUrl);
});

after(async () => {
    await node?.stop();
    await monitor?.stop();
    fs.rmSync(root, { recursive: true, force: true });
});

/** Waits until the node serves its checkpoint with the monitor's cosignature. */
async function cosigned() {
    const size = await logSize(nodeUrl);
    return waitFor(async () => {
        const note = await (await fetch(`${nodeUrl}/log/checkpoint`)).text();
        const lines = note.split('\n');
        return Number(lines[1]) === size && checkCosignature(note, cosignerKey) !== null && { note, size };
    }, `a cosigned checkpoint of size ${size}`);
}

test('the node serves its checkpoint with the monitor cosignature', async () => {
    assert.match(cosignerKey, /^commission\.example\/m\+[0-9a-f]{8}\+/);
    await writeEvents(nodeUrl, auth, 2);
    const { note, size } = await cosigned();
    const time = checkCosignature(note, cosignerKey);
    assert.ok(Math.abs(time - Date.now() / 1000) < 120, 'a current timestamp');
    // The log's own signature is still there, first.
    assert.match(note.split('\n\n')[1], new RegExp(`^\u2014 ${ORIGIN.replace('/', '\\/')} `));
    // The monitor got the writes through the feed (its poll is every 10 minutes).
    const m = await waitFor(async () => {
        const n = await monitorNode(monitorUrl, ORIGIN);
        return n && n.size === size && n;
    }, 'the monitor to verify the node');
    assert.equal(m.cosigned_size, size);
    assert.match(m.cosigned_at, /^\d{4}-/);
});

test('a write of another process on the node reaches the feed and the witness', async () => {
    const { size } = await cosigned();
    // `probity user add` writes the serving node's folder from a process of
    // its own: the node reads the log's size itself to notice it (at once
    // on SQLite, within a second on PostgreSQL: docs/http.md, "The answer
    // cache").
    addUser(path.join(root, 'w'), `admin.other${process.pid}`);
    await waitFor(async () => (await logSize(nodeUrl)) === size + 1, "the node to notice the other process's write");
    const done = await cosigned();
    assert.equal(done.size, size + 1);
    const m = await waitFor(async () => {
        const n = await monitorNode(monitorUrl, ORIGIN);
        return n && n.size === size + 1 && n;
    }, 'the monitor to verify the other process\'s write through the feed');
    assert.equal(m.cosigned_size, size + 1);
});

/** POSTs an add-checkpoint body to the monitor. */
async function addCheckpoint(body) {
    const res = await fetch(`${monitorUrl}/add-checkpoint`, { method: 'POST', body });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

test('the witness refuses what C2SP tlog-witness says it must', async () => {
    const { size } = await cosigned();
    const key = nodePrivateKey(path.join(root, 'w'));
    const other = nodePrivateKey(path.join(root, 'm'));
    const root32 = crypto.randomBytes(32);
    const hash = crypto.randomBytes(32).toString('base64');
    const forged = signCheckpoint(key, ORIGIN, size + 1, root32);

    let r = await addCheckpoint(`old ${size}\n${hash}\n\n${forged}`);
    assert.equal(r.status, 422, `an inconsistent checkpoint: ${r.text}`);
    r = await addCheckpoint(`old ${size}\n\n${signCheckpoint(key, ORIGIN, size, root32)}`);
    assert.equal(r.status, 409, `same size, another root: ${r.text}`);
    assert.match(r.type, /^application\/json/);
    r = await addCheckpoint(`old 0\n\n${forged}`);
    assert.equal(r.status, 409, r.text);
    assert.equal(r.type, 'text/x.tlog.size');
    assert.equal(r.text, `${size}\n`);
    r = await addCheckpoint(`old ${size + 2}\n\n${forged}`);
    assert.equal(r.status, 400, `old size above the checkpoint's: ${r.text}`);
    r = await addCheckpoint(`old ${size}\n\n${signCheckpoint(other, 'commission.example/m', 1, root32)}`);
    assert.equal(r.status, 404, `a log the witness does not follow: ${r.text}`);
    r = await addCheckpoint(`old ${size}\n\n${signCheckpoint({ ...other, name: ORIGIN }, ORIGIN, size + 1, root32)}`);
    assert.equal(r.status, 403, `signed by another key: ${r.text}`);
    r = await addCheckpoint('hello\n');
    assert.equal(r.status, 400, r.text);

    // None of it moved the witness: the node's next checkpoint is cosigned.
    await writeEvents(nodeUrl, auth, 1);
    const next = await cosigned();
    assert.equal(next.size, size + 1);
    assert.equal((await monitorNode(monitorUrl, ORIGIN)).cosigned_size, size + 1);
});
