// The node's memory: its resident set (RSS) idle after starting, then
// through SECONDS of wrk reading public answers picked at random from
// tens of thousands of distinct ones (a township's people by every page
// size and offset, each person, the log's tiles and entry bundles), more
// than the answer cache holds, so that it fills and evicts; then idle
// again. The server's closing line says how full the cache was.
//
//   PROBITY_BIN=build/probity node bench/memory.mjs [SECONDS=60]
import fs from 'node:fs';
import path from 'node:path';

import { request, startServer, tempDir } from '../tests/api/lib/server.mjs';
import { wrk } from '../tests/api/lib/wrk.mjs';

const seconds = Number(process.argv[2] ?? 60);
const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'memory.lua');

/** The resident set of process pid, in MB. */
function rssMb(pid) {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(m[1]) / 1024;
}

const root = tempDir('probity-memory-');
const server = await startServer({ dir: root, keep: true, args: ['--per-address', '256'] });
const pid = server.child.pid;
try {
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rssMb(pid);
    const paths = [];
    const townships = (await request(server.url, 'GET', '/townships?limit=100')).body.items.map((t) => t.id);
    for (const t of townships) {
        for (const limit of [5, 10, 20, 50, 100]) {
            for (let offset = 0; offset < 200; offset++) {
                paths.push(`/api/v1/townships/${t}/people?limit=${limit}&offset=${offset}`);
            }
        }
    }
    for (let id = 1; (await request(server.url, 'GET', `/people/${id}`)).status === 200; id++) {
        paths.push(`/api/v1/people/${id}`);
    }
    const size = (await request(server.url, 'GET', '/health')).body.events;
    for (let n = 0; n < Math.floor(size / 256); n++) {
        const tile = String(n).padStart(3, '0');
        paths.push(`/log/tile/0/${tile}`, `/log/tile/entries/${tile}`);
    }
    const list = path.join(root, 'paths');
    fs.writeFileSync(list, paths.join('\n') + '\n');

    let peak = idle;
    const sampler = setInterval(() => {
        peak = Math.max(peak, rssMb(pid));
    }, 250);
    const r = await wrk(['-t2', '-c64', `-d${seconds}s`, '-H', 'Accept-Encoding: gzip', '-s', script, server.url, '--', list]);
    clearInterval(sampler);
    if (r.code !== 0 || r.non2xx > 0 || r.socketErrors > 0) {
        throw new Error(`wrk: ${r.out}`);
    }
    peak = Math.max(peak, rssMb(pid));
    await new Promise((res) => setTimeout(res, 2000));
    const after = rssMb(pid);
    await server.stop();
    const cache = /answer cache: .*/.exec(server.stderr())?.[0] ?? '(no cache line)';
    console.log(`${paths.length} distinct public reads, wrk -t2 -c64 -d${seconds}s: ${r.rate.toFixed(0)} req/s`);
    console.log(`RSS: idle ${idle.toFixed(1)} MB; peak ${peak.toFixed(1)} MB during the run; ${after.toFixed(1)} MB after it`);
    console.log(cache);
} finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
}
