// Helpers for the monitor, witness and verify --remote tests: township
// nodes and monitors on fixed loopback ports (so that a node can be stopped
// and started again, or replaced, on the same address), an admin to write
// with, bounded waiting, C2SP notes signed and checked with Node's crypto.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BIN, copyData, login, request, runCli } from './server.mjs';

export const ADMIN_PASSWORD = 'monitor-admin-pass';

/** A loopback port that was free a moment ago. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

// Processes not stopped yet: killed when the test process exits.
const live = new Set();
process.on('exit', () => {
    for (const child of live) {
        child.kill('SIGKILL');
    }
});

/**
 * Runs `probity <args>` until it prints "listening on URL". Returns
 * {url, child, stderr(), stop()}; stop() sends SIGTERM and asserts a clean
 * exit (status 0), which under the sanitizers also means no leak.
 */
export async function startProbity(args, { env = {} } = {}) {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
        stderr += d;
    });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const url = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`probity ${args[0]} did not start; stderr:\n${stderr}`)), 20000);
        child.stdout.on('data', (d) => {
            stdout += d;
            const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
            if (m) {
                clearTimeout(timer);
                resolve(m[1]);
            }
        });
        exited.then(({ code, signal }) => {
            clearTimeout(timer);
            reject(new Error(`probity ${args[0]} exited (${code ?? signal}) before listening; stderr:\n${stderr}`));
        });
    }).catch((e) => {
        child.kill('SIGKILL');
        live.delete(child);
        throw e;
    });
    let stopped = false;
    return {
        url,
        child,
        stderr: () => stderr,
        async stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            child.kill('SIGTERM');
            const { code, signal } = await exited;
            live.delete(child);
            assert.equal(code, 0, `probity ${args[0]} exited with ${code ?? signal}; stderr:\n${stderr}`);
        },
    };
}

/** Creates a data folder dir with origin and an admin; returns its verifier key. */
export function makeNode(dir, origin, { demo = false } = {}) {
    let r = runCli(['init', '--data', dir, '--origin', origin]);
    assert.equal(r.status, 0, r.stderr);
    if (demo) {
        r = runCli(['demo', '--data', dir]);
        assert.equal(r.status, 0, r.stderr);
    }
    addUser(dir, 'admin.monitor');
    return nodeKey(dir);
}

/** Adds an admin user (one event) with the CLI; the node may be stopped. */
export function addUser(dir, loginName) {
    const r = runCli(['user', 'add', '--data', dir, '--login', loginName, '--role', 'admin'], {
        input: ADMIN_PASSWORD + '\n',
    });
    assert.equal(r.status, 0, r.stderr);
}

/** The node's verifier key (or, with cosigner, its witness key). */
export function nodeKey(dir, cosigner = false) {
    const r = runCli(['key', '--data', dir, ...(cosigner ? ['--cosigner'] : [])]);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
}

/** Starts `probity serve` for dir on port, with extra arguments. */
export function serveNode(dir, port, extra = []) {
    return startProbity(['serve', '--data', dir, '--listen', `127.0.0.1:${port}`, '--threads', '2', ...extra]);
}

/** Signs in as the admin of makeNode. */
export function adminLogin(url) {
    return login(url, 'admin.monitor', ADMIN_PASSWORD);
}

/** Records n events on the node through its API (new cities). */
let cities = 0;
export async function writeEvents(url, auth, n) {
    for (let i = 0; i < n; i++) {
        cities += 1;
        const id = `c${process.pid}x${cities}`;
        const res = await request(url, 'POST', '/cities', { auth, body: { id, name: `城${cities}`, name_en: `City ${cities}` } });
        assert.equal(res.status, 201, res.text);
    }
}

/** The node's signed log size (GET /api/v1/log). */
export async function logSize(url) {
    const res = await request(url, 'GET', '/log');
    assert.equal(res.status, 200, res.text);
    return res.body.size;
}

/** Polls fn until it returns a truthy value, for at most timeoutMs. */
export async function waitFor(fn, what, timeoutMs = 15000) {
    const until = Date.now() + timeoutMs;
    let last;
    for (;;) {
        last = await fn();
        if (last) {
            return last;
        }
        if (Date.now() > until) {
            assert.fail(`timed out waiting for ${what}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}

/** The monitor's record of origin, or undefined. */
export async function monitorNode(monitorUrl, origin) {
    const res = await request(monitorUrl, 'GET', '/monitor/nodes');
    assert.equal(res.status, 200, res.text);
    return res.body.items.find((n) => n.origin === origin);
}

/** The monitor's alerts of origin (newest first). */
export async function monitorAlerts(monitorUrl, origin) {
    const res = await request(monitorUrl, 'GET', `/monitor/alerts?limit=200&origin=${encodeURIComponent(origin)}`);
    assert.equal(res.status, 200, res.text);
    return res.body.items;
}

/** Copies a stopped node's data folder. */
export function copyFolder(from, to) {
    copyData(from, to);
}

/** Replaces folder dir by the folder from (both of stopped nodes). */
export function replaceFolder(dir, from) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(from, dir);
}

// C2SP signed notes in JavaScript, to forge and to check.

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** Splits text at its first n - 1 '+' signs (base64 may hold more). */
function splitPlus(text, n) {
    const parts = [];
    let rest = text;
    while (parts.length < n - 1) {
        const i = rest.indexOf('+');
        parts.push(rest.slice(0, i));
        rest = rest.slice(i + 1);
    }
    parts.push(rest);
    return parts;
}

/** The C2SP key id: SHA-256(name || "\n" || type || key)[:4]. */
export function keyId(name, type, publicKey) {
    const h = crypto.createHash('sha256');
    h.update(Buffer.from(name + '\n'));
    h.update(Buffer.from([type]));
    h.update(publicKey);
    return h.digest().subarray(0, 4);
}

/** Parses "name+hex+base64(type || key)" into {name, id, type, publicKey, keyObject}. */
export function parseVerifierKey(text) {
    const [name, hex, b64] = splitPlus(text, 3);
    const raw = Buffer.from(b64, 'base64');
    const publicKey = raw.subarray(1);
    const keyObject = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(publicKey) }, format: 'jwk' });
    return { name, id: Buffer.from(hex, 'hex'), type: raw[0], publicKey, keyObject };
}

/** The node's Ed25519 signing key from its data folder, as a Node key. */
export function nodePrivateKey(dir) {
    const text = fs.readFileSync(path.join(dir, 'node.key'), 'utf8').trim();
    const parts = splitPlus(text, 5);
    const seed = Buffer.from(parts[4], 'base64').subarray(1);
    const vkey = parseVerifierKey(nodeKey(dir));
    const keyObject = crypto.createPrivateKey({
        key: { kty: 'OKP', crv: 'Ed25519', d: b64url(seed), x: b64url(vkey.publicKey) },
        format: 'jwk',
    });
    return { name: vkey.name, publicKey: vkey.publicKey, keyObject };
}

/** A signed checkpoint: body "origin\nsize\nroot\n" signed by key. */
export function signCheckpoint(key, origin, size, root) {
    const body = `${origin}\n${size}\n${Buffer.from(root).toString('base64')}\n`;
    const sig = crypto.sign(null, Buffer.from(body), key.keyObject);
    const id = keyId(key.name, 0x01, key.publicKey);
    return `${body}\n\u2014 ${key.name} ${Buffer.concat([id, sig]).toString('base64')}\n`;
}

/**
 * Checks the cosignature/v1 line by the cosigner vkeyText on a signed
 * checkpoint note (C2SP tlog-cosignature); returns its timestamp, or null
 * when there is no such line. Throws when a line of that key does not verify.
 */
export function checkCosignature(note, vkeyText) {
    const v = parseVerifierKey(vkeyText);
    assert.equal(v.type, 0x04, 'a cosigner key has type 0x04');
    assert.deepEqual(keyId(v.name, 0x04, v.publicKey), v.id);
    const split = note.lastIndexOf('\n\n');
    const body = note.slice(0, split + 1);
    for (const line of note.slice(split + 2).split('\n')) {
        const m = /^\u2014 (\S+) (\S+)$/.exec(line);
        if (!m || m[1] !== v.name) {
            continue;
        }
        const raw = Buffer.from(m[2], 'base64');
        if (!raw.subarray(0, 4).equals(v.id)) {
            continue;
        }
        assert.equal(raw.length, 4 + 8 + 64, 'key id, timestamp and Ed25519 signature');
        const time = raw.readBigUInt64BE(4);
        const message = Buffer.from(`cosignature/v1\ntime ${time}\n${body}`);
        assert.ok(crypto.verify(null, message, v.keyObject, raw.subarray(12)), 'the cosignature verifies');
        return Number(time);
    }
    return null;
}
