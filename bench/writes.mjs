// Concurrent API writers against a bare SQLite insert loop, in one run:
// for 1, 8 and 64 writers, wrk sends real API writes (bench/writes.lua: a
// person renamed, each to a new name) to a demo node for SECONDS after a
// warm-up, each writer sending its next write once the last is answered;
// then bench_writers runs as many threads each inserting one row per
// durable commit into a bare SQLite database. Prints acknowledged writes
// per second with the median and p99 time of one, and how 64 writers
// compare with one.
//
//   PROBITY_BIN=build/probity node bench/writes.mjs [SECONDS=8]
//
// bench_writers is looked for beside PROBITY_BIN. After the run the
// node's log is verified and its checkpoint must cover every write.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { BIN, login, request, startServer, tempDir } from '../tests/api/lib/server.mjs';
import { wrk, wrkMs } from '../tests/api/lib/wrk.mjs';

const seconds = Number(process.argv[2] ?? 8);
const WARM_UP = 2;
const WRITERS = [1, 8, 64];
const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'writes.lua');
const bare = path.join(path.dirname(BIN), 'bench_writers');

/** wrk's run of n writers for s seconds. */
async function apiWriters(url, token, people, n, s) {
    const r = await wrk([`-t${Math.min(n, 2)}`, `-c${n}`, `-d${s}s`, '--latency', '-s', script, url, '--', token, String(people)]);
    if (r.code !== 0 || r.non2xx > 0 || r.socketErrors > 0) {
        throw new Error(`wrk with ${n} writers: ${r.out}`);
    }
    const got = { rate: r.rate, median: wrkMs(r.p50), p99: wrkMs(r.p99) };
    if (Number.isNaN(got.median) || Number.isNaN(got.p99)) {
        throw new Error(`wrk's latencies unread: ${r.out}`);
    }
    return got;
}

/** bench_writers's run of n threads. */
function bareWriters(dir, n) {
    const r = spawnSync(bare, ['--threads', String(n), '--seconds', String(seconds), '--dir', dir], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    const m = /: ([\d.]+) writes\/s, median ([\d.]+) ms, p99 ([\d.]+) ms/.exec(r.stdout);
    if (r.status !== 0 || !m) {
        throw new Error(`bench_writers ${n}: ${r.stdout}${r.stderr}`);
    }
    return { rate: Number(m[1]), median: Number(m[2]), p99: Number(m[3]) };
}

const root = tempDir('probity-writes-');
const server = await startServer({ dir: root, keep: true, args: ['--per-address', '256'] });
const rows = [];
try {
    const admin = await login(server.url, 'admin');
    const made = await request(server.url, 'POST', '/tokens', { auth: admin, body: { label: 'bench', access: 'write' } });
    if (made.status !== 201) {
        throw new Error(`token: ${made.text}`);
    }
    const token = made.body.token;
    let people = 0;
    while ((await request(server.url, 'GET', `/people/${people + 1}`)).status === 200) {
        people++;
    }
    for (const n of WRITERS) {
        await apiWriters(server.url, token, people, n, WARM_UP);
        const api = await apiWriters(server.url, token, people, n, seconds);
        const base = bareWriters(tempDir('probity-bare-'), n);
        rows.push({ n, api, base });
        console.log(
            `${n} writers: probity ${api.rate.toFixed(0)}/s median ${api.median.toFixed(2)} ms p99 ${api.p99.toFixed(2)} ms; ` +
                `bare ${base.rate.toFixed(0)}/s median ${base.median.toFixed(2)} ms p99 ${base.p99.toFixed(2)} ms`,
        );
    }
    const health = (await request(server.url, 'GET', '/health')).body;
    const cp = (await (await fetch(`${server.url}/log/checkpoint`)).text()).split('\n');
    if (Number(cp[1]) !== health.events) {
        throw new Error(`the checkpoint covers ${cp[1]} of ${health.events} events`);
    }
} finally {
    await server.stop();
}
const verified = spawnSync(BIN, ['verify', '--data', server.dataDir], { encoding: 'utf8' });
if (verified.status !== 0) {
    throw new Error(`probity verify: ${verified.stdout}${verified.stderr}`);
}

const one = rows[0];
console.log('\n| writers | probity writes/s | median | p99 | bare SQLite writes/s | median | p99 |');
console.log('|---|---|---|---|---|---|---|');
for (const { n, api, base } of rows) {
    console.log(
        `| ${n} | ${api.rate.toFixed(0)} | ${api.median.toFixed(2)} ms | ${api.p99.toFixed(2)} ms | ` +
            `${base.rate.toFixed(0)} | ${base.median.toFixed(2)} ms | ${base.p99.toFixed(2)} ms |`,
    );
}
for (const { n, api, base } of rows.slice(1)) {
    console.log(
        `${n} writers: probity ${(api.rate / one.api.rate).toFixed(2)}x one writer's writes/s, ` +
            `p99 ${(api.p99 / one.api.median).toFixed(2)}x one write's median; ` +
            `bare ${(base.rate / one.base.rate).toFixed(2)}x`,
    );
}
console.log(`verify: ${verified.stdout.trim().split('\n').pop()}`);
fs.rmSync(root, { recursive: true, force: true });
