// Reads from a PostgreSQL hot standby (serve --replica): a primary and its
// synchronous standby of this test's own (streaming replication,
// pg_basebackup -R). Reads are answered from the standby; a writer reads
// its own writes at once; with the standby gone, reads are answered by
// the primary.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { psqlAdmin, startPair, stopServer, uriOf } from './lib/pg.mjs';
import { login, request, runCli, startServer, tempDir } from './lib/server.mjs';

const PASSWORD = 'replica-admin-password';
let dir;
let srv;
let primary;
let standby;

before(async () => {
    dir = tempDir('probity-replica-');
    primary = path.join(dir, 'primary');
    standby = path.join(dir, 'standby');
    // The standby logs every statement with the client's name: what the
    // test reads to know who answered.
    startPair(primary, standby, ['-c', 'log_statement=all', '-c', 'log_line_prefix=%a:']);
    const data = path.join(dir, 'data');
    let r = runCli(['init', '--data', data, '--db', uriOf(primary)]);
    assert.equal(r.status, 0, r.stderr);
    r = runCli(['user', 'add', '--data', data, '--login', 'replica.admin', '--role', 'admin'], { input: PASSWORD + '\n' });
    assert.equal(r.status, 0, r.stderr);
    srv = await startServer({ demo: false, dir, keep: true, args: ['--replica', uriOf(standby, '&application_name=probity-replica')] });
});

after(async () => {
    await srv?.stop();
    for (const d of [standby, primary]) {
        if (d) {
            stopServer(d);
        }
    }
    fs.rmSync(dir, { recursive: true, force: true });
});

/** The statements probity's standby connections have run. */
function standbyQueries() {
    return fs
        .readFileSync(path.join(standby, 'server.log'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('probity-replica:'))
        .join('\n');
}

test('reads are answered from the standby', async () => {
    assert.doesNotMatch(standbyQueries(), /FROM cities/);
    const res = await request(srv.url, 'GET', '/cities');
    assert.equal(res.status, 200, res.text);
    assert.match(standbyQueries(), /FROM cities/);
    const log = await fetch(`${srv.url}/log/checkpoint`);
    assert.equal(log.status, 200);
    await log.text();
    assert.match(standbyQueries(), /FROM checkpoint/);
});

test('a writer reads its own writes at once, each written on the primary', async () => {
    const auth = await login(srv.url, 'replica.admin', PASSWORD);
    for (let i = 0; i < 30; i++) {
        const id = `replica${i}`;
        const w = await request(srv.url, 'POST', '/cities', { auth, body: { id, name: `副本市${i}`, name_en: `Replica ${i}` } });
        assert.equal(w.status, 201, w.text);
        const r = await request(srv.url, 'GET', '/cities?limit=200', { auth });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.items.find((c) => c.id === id)?.name, `副本市${i}`, `write ${i} not read back`);
    }
    assert.equal(psqlAdmin(primary, "SELECT COUNT(*) FROM cities WHERE id LIKE 'replica%'", 'probity'), '30');
    assert.equal(psqlAdmin(standby, "SELECT COUNT(*) FROM cities WHERE id LIKE 'replica%'", 'probity'), '30');
});

test('with the standby gone, the primary answers the reads', async () => {
    stopServer(standby);
    standby = null;
    for (let i = 0; i < 10; i++) {
        const res = await request(srv.url, 'GET', '/cities?limit=200');
        assert.equal(res.status, 200, `read ${i}: ${res.text}\n${srv.stderr()}`);
        assert.ok(res.body.items.some((c) => c.id === 'replica29'));
    }
    assert.match(srv.stderr(), /reads go to the primary/);
});
