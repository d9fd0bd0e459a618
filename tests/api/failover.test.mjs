// Fail-over on PostgreSQL: a primary and its synchronous standby
// (synchronous_standby_names '*', synchronous_commit on) of this test's
// own; probity's data folder names both hosts with
// target_session_attrs=read-write. Under a stream of writes the primary is
// killed with SIGKILL and the standby promoted: probity answers 503 with
// Retry-After meanwhile, writes again on the promoted node without being
// restarted, no acknowledged write is lost, and `probity verify` passes on
// the promoted node.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { killServer, promote, psqlAdmin, startPair, stopServer } from './lib/pg.mjs';
import { login, request, runCli, startServer, tempDir } from './lib/server.mjs';
import { startCityWriters } from './lib/writers.mjs';

const PASSWORD = 'failover-admin-password';
const dir = tempDir('probity-failover-');
const primary = path.join(dir, 'primary');
const standby = path.join(dir, 'standby');
let srv;
let primaryUp = false;
let standbyUp = false;

after(async () => {
    await srv?.stop();
    if (primaryUp) {
        stopServer(primary);
    }
    if (standbyUp) {
        stopServer(standby);
    }
    fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('the standby promoted after the primary is killed under writes has every acknowledged write', async (t) => {
    startPair(primary, standby);
    primaryUp = standbyUp = true;
    const data = path.join(dir, 'data');
    const both = `postgresql:///probity?host=${primary},${standby}&user=probity&target_session_attrs=read-write`;
    let r = runCli(['init', '--data', data, '--db', both]);
    assert.equal(r.status, 0, r.stderr);
    r = runCli(['user', 'add', '--data', data, '--login', 'failover.admin', '--role', 'admin'], { input: PASSWORD + '\n' });
    assert.equal(r.status, 0, r.stderr);
    srv = await startServer({ demo: false, dir, keep: true });
    const auth = await login(srv.url, 'failover.admin', PASSWORD);

    // Four writers, each creating cities one after another.
    const writers = startCityWriters(srv.url, auth, 'fo', 4);
    await sleep(1500);
    const before = writers.acknowledged.length;
    killServer(primary);
    const killedAt = Date.now();
    primaryUp = false;
    writers.mark();
    promote(standby);
    await writers.waitAfterMark(20, 60000, () => srv.stderr());
    const recovered = Date.now() - killedAt;
    await writers.stop();
    const { acknowledged, refused } = writers;
    t.diagnostic(
        `${acknowledged.length} writes acknowledged (${before} before the kill), ${refused} refused with 503; ` +
            `20 writes through ${recovered} ms after the kill`,
    );
    assert.ok(before > 10, `only ${before} writes before the kill`);
    assert.ok(refused > 0, 'some writes met the fail-over');

    // Every acknowledged write is on the promoted node.
    const present = new Set(psqlAdmin(standby, "SELECT id FROM cities WHERE id LIKE 'fo%'", 'probity').split('\n'));
    const lost = acknowledged.filter((id) => !present.has(id));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes lost`);
    const health = await request(srv.url, 'GET', '/health');
    assert.equal(health.status, 200);

    await srv.stop();
    srv = null;
    const v = runCli(['verify', '--data', data]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /OK: \d+ events/);
});
