// PostgreSQL restarted under load: a server of this test's own is stopped
// at once (no shutdown checkpoint) and started again while three writers
// go on. Meanwhile probity answers 503 with Retry-After; then it writes
// again without being restarted, no acknowledged write is lost, and
// `probity verify` passes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { psqlAdmin, restartServer, startServer as startPostgres, stopServer } from './lib/pg.mjs';
import { login, runCli, startServer, tempDir } from './lib/server.mjs';
import { startCityWriters } from './lib/writers.mjs';

const PASSWORD = 'restart-admin-password';
const dir = tempDir('probity-restart-');
const pg = path.join(dir, 'pg');
let srv;
let pgUp = false;

after(async () => {
    await srv?.stop();
    if (pgUp) {
        stopServer(pg);
    }
    fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a PostgreSQL restarted under writes: 503 meanwhile, then writes again, nothing acknowledged lost', async (t) => {
    const uri = startPostgres(pg);
    pgUp = true;
    const data = path.join(dir, 'data');
    let r = runCli(['init', '--data', data, '--db', uri]);
    assert.equal(r.status, 0, r.stderr);
    r = runCli(['user', 'add', '--data', data, '--login', 'restart.admin', '--role', 'admin'], { input: PASSWORD + '\n' });
    assert.equal(r.status, 0, r.stderr);
    srv = await startServer({ demo: false, dir, keep: true });
    const auth = await login(srv.url, 'restart.admin', PASSWORD);

    const writers = startCityWriters(srv.url, auth, 're', 3);
    await sleep(1000);
    restartServer(pg);
    writers.mark();
    await writers.waitAfterMark(20, 60000, () => srv.stderr());
    await writers.stop();
    const { acknowledged, refused } = writers;
    t.diagnostic(`${acknowledged.length} writes acknowledged, ${refused} refused with 503 while the server restarted`);

    const present = new Set(psqlAdmin(pg, "SELECT id FROM cities WHERE id LIKE 're%'", 'probity').split('\n'));
    assert.deepEqual(acknowledged.filter((id) => !present.has(id)), []);
    await srv.stop();
    srv = null;
    const v = runCli(['verify', '--data', data]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
});
