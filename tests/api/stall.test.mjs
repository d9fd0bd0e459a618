// Another process holds the database's write lock (Debian's sqlite3 in a
// transaction it does not end; on PostgreSQL, psql holding the advisory
// lock that is the database's write lock, docs/store.md) while the server is used as an office would:
// reads keep being answered at once (each within 100 ms), signing in and
// out works, and the writes sent meanwhile wait their bound (5 s) and are
// answered 503 unavailable with Retry-After, never hang; once the lock is
// let go, writes go through again.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { expectError, login, request, runCli, startServer, tempDir } from './lib/server.mjs';

const PASSWORD = 'stall-admin-password';
let srv;
let dir;

before(async () => {
    dir = tempDir('probity-stall-');
    const data = path.join(dir, 'data');
    assert.equal(runCli(['init', '--data', data]).status, 0);
    const r = runCli(['user', 'add', '--data', data, '--login', 'stall.admin', '--role', 'admin'], { input: PASSWORD + '\n' });
    assert.equal(r.status, 0, r.stderr);
    srv = await startServer({ demo: false, dir });
});

after(() => srv?.stop());

/** Holds the write lock from another process until release() is called. */
async function holdWriteLock(data) {
    const uriFile = path.join(data, 'database');
    const child = fs.existsSync(uriFile)
        ? spawn('psql', [fs.readFileSync(uriFile, 'utf8').trim(), '-qAt'], { stdio: ['pipe', 'pipe', 'pipe'] })
        : spawn('sqlite3', [path.join(data, 'probity.db')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
        out += d;
    });
    child.stdin.write(
        fs.existsSync(uriFile)
            ? 'BEGIN; SELECT pg_advisory_xact_lock(7368657265);\nSELECT \'locked\';\n'
            : 'BEGIN IMMEDIATE;\nSELECT \'locked\';\n',
    );
    const until = Date.now() + 5000;
    while (!out.includes('locked')) {
        assert.ok(Date.now() < until, 'the other process did not take the lock');
        await new Promise((r) => setTimeout(r, 20));
    }
    return {
        release: () =>
            new Promise((resolve) => {
                child.on('exit', resolve);
                child.stdin.end(fs.existsSync(uriFile) ? 'COMMIT;\n' : 'COMMIT;\n.quit\n');
            }),
    };
}

async function timed(fn) {
    const began = Date.now();
    const res = await fn();
    return { res, ms: Date.now() - began };
}

test('with the write lock held elsewhere, reads answer at once and writes get 503 after their bound', async () => {
    const admin = await login(srv.url, 'stall.admin', PASSWORD);
    const token = (await request(srv.url, 'POST', '/tokens', { auth: admin, body: { label: 'stall', access: 'write' } })).body.token;
    const auth = { token };
    const lock = await holdWriteLock(srv.dataDir);
    try {
        // Writes first, so that they are waiting while the reads go on.
        const writes = Array.from({ length: 6 }, (_, i) =>
            timed(() =>
                request(srv.url, 'POST', '/cities', { auth, body: { id: `stall${i}`, name: `城${i}`, name_en: `City ${i}` } }),
            ),
        );
        await new Promise((r) => setTimeout(r, 200));
        for (let i = 0; i < 20; i++) {
            for (const p of ['/health', '/townships', '/log', '/events?limit=5']) {
                const { res, ms } = await timed(() => request(srv.url, 'GET', p));
                assert.equal(res.status, 200, `${p}: ${res.text}`);
                assert.ok(ms < 100, `${p} answered in ${ms} ms`);
            }
        }
        // Signing in and out needs no write lock.
        const { res: signed, ms } = await timed(() =>
            request(srv.url, 'POST', '/session', { body: { login: 'stall.admin', password: PASSWORD } }),
        );
        assert.equal(signed.status, 200, signed.text);
        assert.ok(ms < 3000, `signed in in ${ms} ms`);
        const who = await login(srv.url, 'stall.admin', PASSWORD);
        assert.equal((await request(srv.url, 'GET', '/session', { auth: who })).status, 200);
        assert.equal((await request(srv.url, 'DELETE', '/session', { auth: who })).status, 200);
        for (const { res, ms: waited } of await Promise.all(writes)) {
            expectError(res, 503, 'unavailable', null);
            assert.ok(Number(res.headers.get('retry-after')) >= 1, 'Retry-After');
            assert.ok(waited >= 4500 && waited < 15000, `answered after ${waited} ms`);
        }
    } finally {
        await lock.release();
    }
    const after = await request(srv.url, 'POST', '/cities', { auth, body: { id: 'stallok', name: '城', name_en: 'City' } });
    assert.equal(after.status, 201, after.text);
});
