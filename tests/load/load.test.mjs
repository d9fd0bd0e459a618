// Load: wrk against the demo's public reads and authenticated writes at
// once, for PROBITY_LOAD_SECONDS (60 in `make test`, 600 in `make load`),
// then nginx serving the very same bytes of the read from a file, in the
// same run. No request may fail (no socket error, no answer other than
// 2xx), and the server's own memory (its anonymous pages: the database's
// mapped file pages come and go with the page cache) must stay flat.
// The figures are printed; bench/RESULTS.md keeps those of `make load`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { freePort, waitFor } from '../api/lib/monitor.mjs';
import { startNginx } from '../api/lib/nginx.mjs';
import { API, login, request, startServer, tempDir } from '../api/lib/server.mjs';
import { wrk } from '../api/lib/wrk.mjs';

const SECONDS = Number(process.env.PROBITY_LOAD_SECONDS ?? 60);
const WARM_UP = 5;
const NGINX_SECONDS = Math.min(SECONDS, 15);
// A busy office and its public at once: the public reading on 8
// connections, a clerk's script writing on one (writes queue for the one
// write lock; their tail under read load is issue 13's, bench/RESULTS.md).
const READERS = 8;
const WRITERS = 1;
const root = tempDir('probity-load-');
let srv;
let nginx;

after(async () => {
    await nginx?.stop();
    await srv?.stop();
    fs.rmSync(root, { recursive: true, force: true });
});

/** The server's anonymous resident memory, in KiB. */
function rssAnon(pid) {
    const m = /RssAnon:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(m[1]);
}

test(`${SECONDS} s of reads and writes at once: no error, flat memory; nginx beside it`, async (t) => {
    srv = await startServer({ dir: root, keep: true });
    const admin = await login(srv.url, 'admin');
    const made = await request(srv.url, 'POST', '/tokens', { auth: admin, body: { label: '负载测试', access: 'write' } });
    assert.equal(made.status, 201, made.text);
    const token = made.body.token;
    const readPath = `${API}/townships`;
    const bytes = Buffer.from(await (await fetch(srv.url + readPath)).arrayBuffer());

    // The writes: each renames one of five people, as an office would.
    const script = path.join(root, 'writes.lua');
    fs.writeFileSync(
        script,
        [
            'local n = 0',
            'request = function()',
            '    n = n + 1',
            `    return wrk.format("PATCH", "${API}/people/" .. (1 + n % 5), {`,
            `        ["Authorization"] = "Bearer ${token}", ["Content-Type"] = "application/json"`,
            '    }, \'{"name_en":"Load \' .. n .. \'"}\')',
            'end',
        ].join('\n'),
    );

    // Warm up, then measure: readers and writers at once.
    await wrk(['-t1', '-c8', `-d${WARM_UP}s`, srv.url + readPath]);
    const before = rssAnon(srv.child.pid);
    const samples = [before];
    const sampler = setInterval(() => samples.push(rssAnon(srv.child.pid)), 5000);
    const [reads, writes] = await Promise.all([
        wrk(['-t1', `-c${READERS}`, `-d${SECONDS}s`, '--latency', srv.url + readPath]),
        wrk(['-t1', `-c${WRITERS}`, `-d${SECONDS}s`, '--latency', '-s', script, srv.url]),
    ]);
    clearInterval(sampler);
    const afterKb = rssAnon(srv.child.pid);
    samples.push(afterKb);

    // nginx serving the same bytes from a file, in the same run.
    const site = path.join(root, 'site');
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(site, 'townships.json'), bytes);
    fs.chmodSync(root, 0o755);
    const port = await freePort();
    nginx = startNginx(root, [
        `server { listen 127.0.0.1:${port}; root ${site};`,
        '    location = /townships { default_type application/json; try_files /townships.json =404; } }',
    ]);
    const staticUrl = `http://127.0.0.1:${port}/townships`;
    await waitFor(async () => (await fetch(staticUrl).catch(() => null))?.status === 200, 'nginx to answer');
    const same = Buffer.from(await (await fetch(staticUrl)).arrayBuffer());
    assert.ok(same.equals(bytes), 'nginx serves the very same bytes');
    const served = await wrk(['-t1', `-c${READERS}`, `-d${NGINX_SECONDS}s`, '--latency', staticUrl]);

    t.diagnostic(
        `reads ${reads.rate.toFixed(0)}/s (p99 ${reads.p99}), writes ${writes.rate.toFixed(0)}/s ` +
            `(p99 ${writes.p99}, at most ${writes.max}) for ${SECONDS} s; nginx, the same ${bytes.length} bytes: ` +
            `${served.rate.toFixed(0)}/s (p99 ${served.p99}); ratio ${(reads.rate / served.rate).toFixed(3)}`,
    );
    t.diagnostic(`server memory (anonymous, KiB) every 5 s: ${samples.join(' ')}`);

    for (const [what, r] of [
        ['reads', reads],
        ['writes', writes],
        ['nginx', served],
    ]) {
        assert.equal(r.code, 0, `wrk (${what}): ${r.out}`);
        assert.ok(r.requests > 0, `no ${what}: ${r.out}`);
        assert.equal(r.non2xx, 0, `${what}: answers other than 2xx:\n${r.out}`);
        assert.equal(r.socketErrors, 0, `${what}: socket errors:\n${r.out}`);
    }
    // Flat: growth within 32 MiB, whatever the number of requests.
    assert.ok(afterKb - before < 32 * 1024, `the server's memory grew from ${before} to ${afterKb} KiB`);
    const health = await request(srv.url, 'GET', '/health');
    assert.equal(health.status, 200);
});
