// Every acknowledged write survives kill -9: the server is killed with
// SIGKILL at a random point under concurrent writers (enough of them that
// the server commits their writes in groups), again and again, on
// whichever database the suite runs on. After each restart every write
// that was answered is there (a write in flight at the kill may or may not
// be), the signed checkpoint covers every event, and `probity verify`
// passes. PROBITY_CRASH_ROUNDS sets the number of kills (5 by default;
// `make crash` runs 1,000 on each database); PROBITY_CRASH_SEED replays a
// run's kill points.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { BIN, login, makeDemo, request, runCli, tempDir } from './lib/server.mjs';
import { bytes } from './lib/tiles.mjs';

const ROUNDS = Number(process.env.PROBITY_CRASH_ROUNDS ?? 5);
const SEED = Number(process.env.PROBITY_CRASH_SEED ?? Date.now() % 1000000);
const WRITERS = 12;
// Each writer renames its own people, so that each person's last
// acknowledged name is one writer's.
const PEOPLE_PER_WRITER = 2;

/** A small seeded generator (mulberry32), so that a run can be replayed. */
function random(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function serveOnce(data) {
    const child = spawn(BIN, ['serve', '--data', data, '--listen', '127.0.0.1:0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no listen line: ' + err)), 60000);
        child.stdout.on('data', (d) => {
            out += d;
            const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
            if (m) {
                clearTimeout(timer);
                resolve({ child, url: m[1] });
            }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
}

test(`kill -9 at ${ROUNDS} random points under ${WRITERS} writers loses no acknowledged write (seed ${SEED})`, async (t) => {
    const next = random(SEED);
    const base = tempDir('probity-crash-');
    const data = path.join(base, 'data');
    let written = 0;
    try {
        assert.equal(makeDemo(data).status, 0);
        const acknowledged = new Map(); // person id -> last acknowledged name_en
        for (let round = 0; round < ROUNDS; round++) {
            const { child, url } = await serveOnce(data);
            const exited = new Promise((r) => child.once('exit', r));
            const auth = await login(url, 'admin');
            let stop = false;
            const inflight = new Map(); // writer -> the write sent and not yet answered
            const writer = async (w) => {
                for (let i = 0; !stop; i++) {
                    const id = 1 + w * PEOPLE_PER_WRITER + (i % PEOPLE_PER_WRITER);
                    const name = `crash ${round}.${w}.${i}`;
                    inflight.set(w, { id, name });
                    try {
                        const res = await request(url, 'PATCH', `/people/${id}`, { auth, body: { name_en: name } });
                        if (res.status === 200) {
                            acknowledged.set(id, name);
                            written++;
                        }
                        inflight.delete(w);
                    } catch {
                        return; /* the server is gone */
                    }
                }
            };
            const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
            await new Promise((r) => setTimeout(r, 50 + Math.floor(next() * 700)));
            child.kill('SIGKILL');
            stop = true;
            await exited;
            await Promise.all(writers);

            const again = await serveOnce(data);
            for (const [id, name] of acknowledged) {
                const p = await request(again.url, 'GET', `/people/${id}`);
                const allowed = [name, ...[...inflight.values()].filter((f) => f.id === id).map((f) => f.name)];
                assert.ok(
                    allowed.includes(p.body.name_en),
                    `round ${round} (seed ${SEED}): person ${id} shows ${p.body.name_en}, not ${allowed}`,
                );
                acknowledged.set(id, p.body.name_en);
            }
            const health = (await request(again.url, 'GET', '/health')).body;
            const cp = (await bytes(again.url, '/log/checkpoint')).toString('utf8').split('\n');
            assert.equal(Number(cp[1]), health.events, `round ${round}: the checkpoint covers every event`);
            const gone = new Promise((r) => again.child.once('exit', r));
            again.child.kill('SIGTERM');
            assert.equal(await gone, 0);
            const v = runCli(['verify', '--data', data]);
            assert.equal(v.status, 0, `round ${round} (seed ${SEED}): ${v.stdout}${v.stderr}`);
            if ((round + 1) % 50 === 0) {
                // A long run tells how far it has come.
                process.stderr.write(`crash: ${round + 1} of ${ROUNDS} kills, ${written} writes acknowledged\n`);
            }
        }
        assert.ok(written > 0, 'some writes were acknowledged');
        t.diagnostic(`${ROUNDS} kills, ${written} writes acknowledged, seed ${SEED}`);
    } finally {
        fs.rmSync(base, { recursive: true, force: true });
    }
});
