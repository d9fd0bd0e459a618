// Faults of the machine under a SQLite data folder: the disk filling up
// (a small filesystem mounted for the test) and a data folder that cannot
// be written. Writes get a clear, temporary refusal (503 with
// Retry-After), reads go on, nothing is corrupted or lost, and writing
// resumes once there is room, without a restart. (The database locked
// by another process is stall.test.mjs; PostgreSQL restarted, failed
// over or its standby gone are restart, failover and replica.test.mjs.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { BIN, login, request, runCli, startServer, tempDir } from './lib/server.mjs';

const PASSWORD = 'faults-admin-password';
const dir = tempDir('probity-faults-');
const mnt = path.join(dir, 'small');
let mounted = false;
let srv;

after(async () => {
    await srv?.stop();
    if (mounted) {
        spawnSync('umount', [mnt]);
    }
    spawnSync('chmod', ['-R', 'u+w', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
});

/** Fills the filesystem at folder, leaving about `room` bytes free. */
function fill(folder, room) {
    const free = fs.statfsSync(folder).bavail * fs.statfsSync(folder).bsize;
    fs.writeFileSync(path.join(folder, 'filler'), Buffer.alloc(Math.max(0, free - room)));
}

test('a full disk: writes are refused for now, reads go on, nothing is lost, writing resumes once there is room', async (t) => {
    fs.mkdirSync(mnt);
    // A filesystem of its own for the data folder, to fill (root mounts it).
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mnt], { encoding: 'utf8' });
    assert.equal(m.status, 0, `mounting a small filesystem for the test: ${m.stderr}`);
    mounted = true;
    const data = path.join(mnt, 'data');
    let r = runCli(['init', '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    r = runCli(['user', 'add', '--data', data, '--login', 'faults.admin', '--role', 'admin'], { input: PASSWORD + '\n' });
    assert.equal(r.status, 0, r.stderr);
    srv = await startServer({ demo: false, dir: mnt, keep: true });
    const auth = await login(srv.url, 'faults.admin', PASSWORD);

    fill(mnt, 1024 * 1024);
    const acknowledged = [];
    let refusal = null;
    for (let i = 0; i < 2000 && refusal === null; i++) {
        const body = { id: `full${i}`, name: `满盘市${i}`, name_en: `Full ${i} ${'x'.repeat(60)}` };
        const res = await request(srv.url, 'POST', '/cities', { auth, body });
        if (res.status === 201) {
            acknowledged.push(body.id);
        } else {
            refusal = res;
        }
    }
    assert.ok(refusal !== null, 'the disk never filled');
    t.diagnostic(`${acknowledged.length} writes before the disk was full`);
    assert.equal(refusal.status, 503, refusal.text);
    assert.equal(refusal.body.error.code, 'unavailable');
    assert.match(refusal.body.error.message, /磁盘已满/);
    assert.ok(Number(refusal.headers.get('retry-after')) > 0);
    const en = await request(srv.url, 'POST', '/cities', {
        auth,
        body: { id: 'fullen', name: '满', name_en: 'Full' },
        headers: { 'Accept-Language': 'en' },
    });
    assert.equal(en.status, 503);
    assert.match(en.body.error.message, /disk of the data folder is full/);

    // Reads go on, and show every acknowledged write.
    const list = await request(srv.url, 'GET', '/cities?limit=200');
    assert.equal(list.status, 200, list.text);
    const ids = new Set(list.body.items.map((c) => c.id));
    assert.deepEqual(acknowledged.filter((id) => !ids.has(id)), []);

    // Room again: writing resumes on the same server.
    fs.rmSync(path.join(mnt, 'filler'));
    const again = await request(srv.url, 'POST', '/cities', { auth, body: { id: 'roomagain', name: '有空间', name_en: 'Room again' } });
    assert.equal(again.status, 201, again.text);

    await srv.stop();
    srv = null;
    const v = runCli(['verify', '--data', data]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('a data folder that cannot be written: serve says so in one line and does not start', () => {
    const data = path.join(dir, 'readonly');
    assert.equal(runCli(['init', '--data', data]).status, 0);
    fs.chmodSync(dir, 0o755);
    assert.equal(spawnSync('chmod', ['-R', 'a+rX,a-w', data]).status, 0);
    const args = ['serve', '--data', data, '--listen', '127.0.0.1:0'];
    // Read-only for whoever serves: as root, it serves as nobody.
    const r =
        process.getuid() === 0
            ? spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', BIN, ...args], {
                  encoding: 'utf8',
                  timeout: 30000,
              })
            : runCli(args, { timeout: 30000 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /cannot be written: serving needs to write to it/);
    assert.match(lines[0], /不可写/);
});
