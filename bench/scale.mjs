// The scale benchmark: one node holding a city of TOWNSHIPS townships and
// a log of EVENTS events, on SQLite and on PostgreSQL in the same run.
// PostgreSQL is a primary with a synchronous hot standby (streaming
// replication, synchronous_commit on), as docs/deployment.md sets it up.
// For each database, bench_scale builds the node and measures the
// townships' creation, the append rate, verify and inclusion proofs; then
// `probity serve` (on PostgreSQL with --replica, the standby) is read
// with wrk for READ_SECONDS: random townships, then inclusion proofs of
// random events. The standby's and the primary's committed transactions
// are counted around PostgreSQL's reads, to show where they went.
//
//   PROBITY_BIN=build/probity node bench/scale.mjs [EVENTS=10000000] [TOWNSHIPS=1000] [READ_SECONDS=30]
//
// The data (about 25 GB for 10M events on both databases) goes under
// $TMPDIR and is removed at the end.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { startProbity } from '../tests/api/lib/monitor.mjs';
import { psqlAdmin, startPair, stopServer, uriOf } from '../tests/api/lib/pg.mjs';
import { API, BIN, tempDir } from '../tests/api/lib/server.mjs';
import { wrk } from '../tests/api/lib/wrk.mjs';

const events = Number(process.argv[2] ?? 10000000);
const townships = Number(process.argv[3] ?? 1000);
const readSeconds = Number(process.argv[4] ?? 30);
const BENCH = path.join(path.dirname(BIN), 'bench_scale');
const root = tempDir('probity-scale-');
const primary = path.join(root, 'pg-primary');
const standby = path.join(root, 'pg-standby');

/** Builds a node with bench_scale, its report printed as it comes. */
function build(data, db) {
    const args = ['--data', data, '--townships', String(townships), '--events', String(events)];
    const r = spawnSync(BENCH, db ? [...args, '--db', db] : args, { stdio: 'inherit' });
    if (r.status !== 0) {
        throw new Error(`bench_scale failed (${r.status ?? r.signal})`);
    }
}

/** A wrk script asking for one of paths() at random each time. */
function script(name, pathExpression) {
    const file = path.join(root, `${name}.lua`);
    fs.writeFileSync(file, `request = function()\n    return wrk.format("GET", ${pathExpression})\nend\n`);
    return file;
}

/** Committed transactions of the probity database of the server in dir. */
function transactions(dir) {
    return Number(psqlAdmin(dir, "SELECT xact_commit FROM pg_stat_database WHERE datname = 'probity'"));
}

/** Serves data and reads it with wrk; returns the two reads' figures. */
async function read(data, extra) {
    const srv = await startProbity(['serve', '--data', data, '--listen', '127.0.0.1:0', ...extra]);
    try {
        const log = await (await fetch(`${srv.url}${API}/log`)).json();
        const reads = [
            ['a township', script('township', `string.format("${API}/townships/t%04d", math.random(1, ${townships}))`)],
            ['an inclusion proof', script('proof', `"${API}/log/proof?index=" .. math.random(0, ${log.size - 1})`)],
        ];
        const out = [];
        for (const [what, lua] of reads) {
            const r = await wrk(['-t2', '-c16', `-d${readSeconds}s`, '--latency', '-s', lua, srv.url]);
            if (r.code !== 0 || r.non2xx > 0 || r.socketErrors > 0 || r.requests === 0) {
                throw new Error(`wrk (${what}) failed:\n${r.out}`);
            }
            out.push({ what, ...r });
        }
        return out;
    } finally {
        await srv.stop();
    }
}

function report(name, figures) {
    console.log(`${name}: HTTP reads, wrk -t2 -c16 -d${readSeconds}s`);
    for (const f of figures) {
        console.log(`  ${f.what.padEnd(24)} ${f.rate.toFixed(0).padStart(10)} req/s  (p99 ${f.p99})`);
    }
}

try {
    console.log(`== SQLite: ${townships} townships, ${events} events\n`);
    build(path.join(root, 'sqlite'), null);
    const sqliteReads = await read(path.join(root, 'sqlite'), []);
    report('\nSQLite', sqliteReads);

    console.log(`\n== PostgreSQL 15, a primary and its synchronous standby: ${townships} townships, ${events} events\n`);
    startPair(primary, standby);
    build(path.join(root, 'pg'), uriOf(primary));
    const before = [transactions(standby), transactions(primary)];
    const pgReads = await read(path.join(root, 'pg'), ['--replica', uriOf(standby)]);
    // The statistics reach pg_stat_database within a second or so.
    spawnSync('sleep', ['2']);
    const after = [transactions(standby), transactions(primary)];
    report('\nPostgreSQL, reads from the standby', pgReads);
    const served = pgReads.reduce((n, f) => n + f.requests, 0);
    console.log(
        `  ${served} requests; transactions committed meanwhile: ${after[0] - before[0]} on the standby,` +
            ` ${after[1] - before[1]} on the primary`,
    );
} finally {
    for (const dir of [standby, primary]) {
        if (fs.existsSync(dir)) {
            stopServer(dir);
        }
    }
    fs.rmSync(root, { recursive: true, force: true });
}
