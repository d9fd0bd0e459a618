// `probity verify --remote URL --key VKEY` checks a node as an outsider,
// through its checkpoint, tiles and entry bundles alone: it passes on a
// good node (the Zhuji demo: several tiles), and fails naming the index and
// the problem when a proxy in front of the node alters one entry of a
// bundle, alters a hash tile, or alters the checkpoint's signature, and
// when the key is not the node's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { spawn } from 'node:child_process';
import { BIN, runCli, tempDir } from './lib/server.mjs';
import { freePort, makeNode, serveNode } from './lib/monitor.mjs';

const root = tempDir('probity-verify-remote-');
let node;
let key;
let otherKey;
const proxies = [];

/** A proxy to the node that passes every answer through rewrite(path, bytes). */
async function proxy(rewrite) {
    const server = http.createServer(async (req, res) => {
        const upstream = await fetch(node.url + req.url);
        const body = Buffer.from(await upstream.arrayBuffer());
        res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'text/plain' });
        res.end(rewrite(req.url, body));
    });
    const port = await freePort();
    await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    proxies.push(server);
    return `http://127.0.0.1:${port}`;
}

/** Runs verify --remote without blocking this process, which runs the proxies. */
function verify(url, vkey = key) {
    return new Promise((resolve, reject) => {
        const child = spawn(BIN, ['verify', '--remote', url, '--key', vkey], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => {
            stdout += d;
        });
        child.stderr.on('data', (d) => {
            stderr += d;
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
        child.on('error', reject);
        child.on('exit', (status) => {
            clearTimeout(timer);
            resolve({ status, stdout, stderr });
        });
    });
}

before(async () => {
    const dir = path.join(root, 'node');
    key = makeNode(dir, 'test.example/verify', { demo: true });
    otherKey = makeNode(path.join(root, 'other'), 'test.example/verify');
    node = await serveNode(dir, await freePort());
});

after(async () => {
    for (const p of proxies) {
        p.closeAllConnections();
        p.close();
    }
    await node?.stop();
    fs.rmSync(root, { recursive: true, force: true });
});

test('verify --remote passes on a good node', async () => {
    const r = await verify(node.url);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^验证通过 \/ OK: test\.example\/verify, \d+ entries/);
});

test('an entry altered in its bundle is named with its index', async () => {
    // Bundle 1 holds entries 256..511: change a byte inside entry 258.
    const url = await proxy((p, body) => {
        if (p !== '/log/tile/entries/001') {
            return body;
        }
        const out = Buffer.from(body);
        let at = 0;
        for (let i = 0; i < 2; i++) {
            at += 2 + out.readUInt16BE(at);
        }
        out[at + 2 + 10] ^= 0x01;
        return out;
    });
    const r = await verify(url);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED: bad_entry at index 258: entry 258 of tile\/entries\/001 does not hash/);
});

test('an altered hash tile is refused', async () => {
    const url = await proxy((p, body) => {
        if (p !== '/log/tile/0/002') {
            return body;
        }
        const out = Buffer.from(body);
        out[5 * 32] ^= 0x80; /* the hash of leaf 517 */
        return out;
    });
    const r = await verify(url);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED: bad_root/);
});

test('a checkpoint with an altered signature, or checked with another key, fails', async () => {
    const url = await proxy((p, body) => {
        if (p !== '/log/checkpoint') {
            return body;
        }
        const text = body.toString('utf8');
        const i = text.lastIndexOf(' ') + 10;
        return Buffer.from(text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1));
    });
    let r = await verify(url);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED: bad_signature/);
    r = await verify(node.url, otherKey);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAILED: bad_signature.*no signature by a known key/);
});

test('verify takes exactly one of --data and --remote, and --remote needs --key', () => {
    for (const args of [
        ['verify'],
        ['verify', '--data', root, '--remote', node.url, '--key', key],
        ['verify', '--remote', node.url],
        ['verify', '--remote', 'ftp://127.0.0.1/', '--key', key],
    ]) {
        const r = runCli(args);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    }
    const down = runCli(['verify', '--remote', 'http://127.0.0.1:1', '--key', key]);
    assert.equal(down.status, 1, down.stderr);
    assert.match(down.stderr, /cannot fetch/);
});
