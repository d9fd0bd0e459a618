// The node's memory: its resident set (RSS) idle after starting, then
// through SECONDS of wrk reading public answers picked at random from
// tens of thousands of distinct ones (a township's people and meetings by
// every page size and offset, each person, the log's tiles and entry
// bundles), more than the answer cache holds, so that it fills and
// evicts; then idle again. The server's closing line says how full the
// cache was.
//
//   PROBITY_BIN=build/probity node bench/memory.mjs [SECONDS=60]
import fs from 'node:fs';
import path from 'node:path';

import { request, startServer, tempDir } from '../tests/api/lib/server.mjs';
import { wrk } from '../tests/api/lib/wrk.mjs';

const seconds = Number(process.argv[2] ?? 60);
const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'memory.lua');

/** The resident set of process pid in MB: all of it, its anonymous
 * memory (the heap: the cache's answers among it) and its file-backed
 * pages (the database file SQLite maps, counted once per connection
 * mapping it); and its proportional set (PSS), which counts each page
 * once however many of the process's mappings share it. */
function rss(pid) {
    const kb = (text, name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(text)[1]) / 1024;
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return { all: kb(status, 'VmRSS'), anon: kb(status, 'RssAnon'), file: kb(status, 'RssFile'), pss: kb(rollup, 'Pss') };
}

/** The larger of two samples, by the whole resident set. */
const larger = (a, b) => (b.all > a.all ? b : a);
const mb = (r) =>
    `${r.all.toFixed(1)} MB (anonymous ${r.anon.toFixed(1)}, file-backed ${r.file.toFixed(1)}); PSS ${r.pss.toFixed(1)} MB`;

const root = tempDir('probity-memory-');
const server = await startServer({ dir: root, keep: true, args: ['--per-address', '256'] });
const pid = server.child.pid;
try {
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rss(pid);
    const paths = [];
    const townships = (await request(server.url, 'GET', '/townships?limit=100')).body.items.map((t) => t.id);
    for (const t of townships) {
        for (const list of ['people', 'meetings']) {
            for (const limit of [5, 10, 20, 50, 100]) {
                for (let offset = 0; offset < 200; offset++) {
                    paths.push(`/api/v1/townships/${t}/${list}?limit=${limit}&offset=${offset}`);
                }
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
        peak = larger(peak, rss(pid));
    }, 250);
    const r = await wrk(['-t2', '-c64', `-d${seconds}s`, '-H', 'Accept-Encoding: gzip', '-s', script, server.url, '--', list]);
    clearInterval(sampler);
    if (r.code !== 0 || r.non2xx > 0 || r.socketErrors > 0) {
        throw new Error(`wrk: ${r.out}`);
    }
    peak = larger(peak, rss(pid));
    await new Promise((res) => setTimeout(res, 2000));
    const after = rss(pid);
    await server.stop();
    const cache = /answer cache: .*/.exec(server.stderr())?.[0] ?? '(no cache line)';
    console.log(`${paths.length} distinct public reads, wrk -t2 -c64 -d${seconds}s: ${r.rate.toFixed(0)} req/s`);
    console.log(`RSS idle: ${mb(idle)}`);
    console.log(`RSS peak during the run: ${mb(peak)}`);
    console.log(`RSS after it: ${mb(after)}`);
    console.log(cache);
} finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
}
