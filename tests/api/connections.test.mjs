// The server's connections under a slow or greedy crowd, on loopback only
// (127.0.0.0/8 gives each simulated client an address of its own): while
// hundreds of connections trickle their headers a byte at a time, a
// normal client is answered within a second each time, and the tricklers
// are cut off at the header bound however steadily they send; a body
// trickled past its bound is cut off too; one address gets only its
// share of connections, also when it opens many at once; a full server
// makes room by closing the connection that waited longest for its
// request, and answers 503 with Retry-After when every connection is busy
// answering.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { request } from './lib/server.mjs';
import { freePort, makeNode, serveNode } from './lib/monitor.mjs';
import { tempDir } from './lib/server.mjs';
import fs from 'node:fs';
import path from 'node:path';

const root = tempDir('probity-connections-');
const servers = [];
let dir;

before(() => {
    dir = path.join(root, 'node');
    makeNode(dir, 'test.example/connections');
});

after(async () => {
    for (const s of servers) {
        await s.stop();
    }
    fs.rmSync(root, { recursive: true, force: true });
});

async function serve(extra) {
    const port = await freePort();
    const s = await serveNode(dir, port, extra);
    servers.push(s);
    return { ...s, port };
}

/**
 * Opens a connection from localAddress; resolves once connected to
 * {socket, closed (a promise of the time it closed), data ()}.
 */
function open(port, localAddress) {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port, localAddress });
        let data = '';
        const closed = new Promise((r) => socket.on('close', () => r(Date.now())));
        socket.on('error', () => {});
        socket.on('data', (d) => {
            data += d;
        });
        socket.once('connect', () => resolve({ socket, closed, data: () => data }));
        socket.once('error', reject);
    });
}

/** Sends one byte of a never-ending header every intervalMs until the socket closes. */
function trickle(conn, intervalMs) {
    conn.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const timer = setInterval(() => {
        if (!conn.socket.destroyed) {
            conn.socket.write('a');
        }
    }, intervalMs);
    conn.closed.then(() => clearInterval(timer));
    return conn;
}

/** GET /api/v1/health on a fresh connection from localAddress; {status, ms, headers, text}. */
function health(port, localAddress, path = '/api/v1/health') {
    return new Promise((resolve, reject) => {
        const began = Date.now();
        const socket = net.connect({ host: '127.0.0.1', port, localAddress });
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (d) => {
            text += d;
        });
        socket.on('error', reject);
        socket.on('close', () => {
            const status = Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0);
            resolve({ status, ms: Date.now() - began, text });
        });
        socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a normal client is answered within a second while 400 connections trickle their headers', async () => {
    const s = await serve(['--header-timeout', '3']);
    const began = Date.now();
    const slow = [];
    for (let a = 10; a < 50; a++) {
        for (let i = 0; i < 10; i++) {
            slow.push(trickle(await open(s.port, `127.0.0.${a}`), 200));
        }
    }
    for (let i = 0; i < 13; i++) {
        const r = await health(s.port, '127.0.0.2');
        assert.equal(r.status, 200, r.text);
        assert.ok(r.ms < 1000, `answered in ${r.ms} ms`);
        await sleep(100);
    }
    // Every trickler is cut off at the header bound (3 s from its opening),
    // though it sent a byte every 200 ms.
    const ends = await Promise.all(slow.map((c) => c.closed));
    for (const end of ends) {
        assert.ok(end - began < 3000 + 2500, `cut off after ${end - began} ms`);
    }
    assert.ok(slow.every((c) => c.data() === ''), 'no answer to a request never finished');
});

test('a body trickled past its bound is cut off', async () => {
    const s = await serve(['--body-timeout', '1.5']);
    const conn = await open(s.port, '127.0.0.3');
    const began = Date.now();
    conn.socket.write('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{');
    const timer = setInterval(() => conn.socket.destroyed || conn.socket.write(' '), 100);
    const end = await conn.closed;
    clearInterval(timer);
    assert.ok(end - began >= 1400 && end - began < 4000, `cut off after ${end - began} ms`);
});

test('one address gets its share of connections; another address is still served', async () => {
    const s = await serve(['--per-address', '8']);
    const held = [];
    for (let i = 0; i < 8; i++) {
        held.push(await open(s.port, '127.0.0.4'));
    }
    // The ninth is closed at once, with no answer.
    const ninth = await open(s.port, '127.0.0.4');
    ninth.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    await ninth.closed;
    assert.equal(ninth.data(), '');
    const other = await health(s.port, '127.0.0.5');
    assert.equal(other.status, 200, other.text);
    // A connection of the eight still works.
    held[0].socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await held[0].closed;
    assert.match(held[0].data(), /^HTTP\/1\.1 200/);
    for (const c of held) {
        c.socket.destroy();
    }
});

test('connections opened all at once from one address: no more than its share stay open', async () => {
    const s = await serve(['--per-address', '8']);
    for (let round = 0; round < 5; round++) {
        const from = `127.0.4.${round + 1}`;
        const conns = await Promise.all(Array.from({ length: 24 }, () => open(s.port, from)));
        let shut = 0;
        for (const c of conns) {
            c.closed.then(() => shut++);
        }
        // Those past the share are closed with no answer; the eight wait
        // for their requests (well within the header bound).
        const until = Date.now() + 10000;
        while (shut < 16 && Date.now() < until) {
            await sleep(50);
        }
        await sleep(300);
        assert.equal(shut, 16, `${24 - shut} of 24 left open`);
        const open8 = conns.filter((c) => !c.socket.destroyed && c.socket.readyState === 'open');
        assert.equal(open8.length, 8);
        assert.ok(conns.every((c) => c.data() === ''));
        for (const c of open8) {
            c.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        }
        await Promise.all(open8.map((c) => c.closed));
        assert.ok(open8.every((c) => /^HTTP\/1\.1 200/.test(c.data())));
    }
});

test('a full server closes the connection that waited longest, and answers 503 when all are busy', async () => {
    const s = await serve(['--max-connections', '16']);
    const idle = [];
    for (let i = 0; i < 16; i++) {
        idle.push(await open(s.port, `127.0.1.${i + 1}`));
        await sleep(5);
    }
    // Room is made for a new client by closing the oldest idle connection.
    const r = await health(s.port, '127.0.0.6');
    assert.equal(r.status, 200, r.text);
    await idle[0].closed;
    for (const c of idle) {
        c.socket.destroy();
    }
    await sleep(200);
    // Every connection busy: eight feeds (half the connections may stream)
    // and eight requests sending their bodies; none waiting for a request.
    const busy = [];
    for (let i = 0; i < 8; i++) {
        const c = await open(s.port, `127.0.2.${i + 1}`);
        c.socket.write('GET /api/v1/feed HTTP/1.1\r\nHost: x\r\n\r\n');
        busy.push(c);
    }
    for (let i = 0; i < 8; i++) {
        const c = await open(s.port, `127.0.3.${i + 1}`);
        c.socket.write('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
        busy.push(c);
    }
    await sleep(300);
    const feed = await health(s.port, '127.0.0.8', '/api/v1/feed');
    assert.equal(feed.status, 503, feed.text);
    const full = await health(s.port, '127.0.0.7');
    assert.equal(full.status, 503, full.text);
    assert.match(full.text, /\r\nRetry-After: 5\r\n/i);
    assert.match(full.text, /"code":"unavailable"/);
    // Once they leave (a waiting feed notices at its next keepalive, within
    // 15 s), there is room again.
    for (const c of busy) {
        c.socket.destroy();
    }
    const until = Date.now() + 20000;
    let again;
    do {
        await sleep(500);
        again = await health(s.port, '127.0.0.7');
    } while (again.status === 503 && Date.now() < until);
    assert.equal(again.status, 200, again.text);
});

test('one address streams at most four feeds at once', async () => {
    const s = await serve([]);
    const feeds = [];
    for (let i = 0; i < 4; i++) {
        const c = await open(s.port, '127.0.0.9');
        c.socket.write('GET /api/v1/feed HTTP/1.1\r\nHost: x\r\n\r\n');
        feeds.push(c);
    }
    await sleep(200);
    assert.ok(feeds.every((c) => /^HTTP\/1\.1 200/.test(c.data())));
    const fifth = await health(s.port, '127.0.0.9', '/api/v1/feed');
    assert.equal(fifth.status, 503, fifth.text);
    const other = await open(s.port, '127.0.0.10');
    other.socket.write('GET /api/v1/feed HTTP/1.1\r\nHost: x\r\n\r\n');
    feeds.push(other);
    await sleep(200);
    assert.match(other.data(), /^HTTP\/1\.1 200/, 'another address streams');
    for (const c of feeds) {
        c.socket.destroy();
    }
});
