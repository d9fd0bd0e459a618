// Public reads of a demo node beside nginx serving the very same bytes,
// in one run: for each read, probity is measured with wrk, then nginx
// answering those bytes (written out of probity's own answer) from a
// file, and the ratio printed. Both answer plain (no gzip), over
// loopback, wrk -t2 -cCONNECTIONS for SECONDS each after a warm-up.
//
//   PROBITY_BIN=build/probity node bench/http_vs_nginx.mjs [SECONDS=8] [CONNECTIONS=64]
//
// The node is the demo's, served with the answer cache on (the default)
// and again with --cache-mb 0, so that the cache's effect is in the same
// run too.
import fs from 'node:fs';
import path from 'node:path';

import { freePort, waitFor } from '../tests/api/lib/monitor.mjs';
import { startNginx } from '../tests/api/lib/nginx.mjs';
import { startServer, tempDir } from '../tests/api/lib/server.mjs';
import { wrk } from '../tests/api/lib/wrk.mjs';

const seconds = Number(process.argv[2] ?? 8);
const connections = Number(process.argv[3] ?? 64);
const WARM_UP = 2;

/** The reads: what the public portal, a township's page and a witness fetch. */
const READS = [
    ['townships', '/api/v1/townships'],
    ["a township's meetings", '/api/v1/townships/diankou/meetings'],
    ['checkpoint', '/log/checkpoint'],
    ['full tile', '/log/tile/0/000'],
];

/** Requests per second of wrk against url (after a warm-up). */
async function rate(url) {
    await wrk(['-t2', `-c${connections}`, `-d${WARM_UP}s`, '-H', 'Accept-Encoding: identity', url]);
    const r = await wrk(['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-H', 'Accept-Encoding: identity', url]);
    if (r.code !== 0 || r.non2xx > 0 || r.socketErrors > 0) {
        throw new Error(`wrk ${url}: ${r.out}`);
    }
    return r;
}

const root = tempDir('probity-http-vs-nginx-');
const site = path.join(root, 'site');
fs.mkdirSync(site);
fs.chmodSync(root, 0o755);
// wrk's connections all come from 127.0.0.1: let that address have them all.
const share = ['--per-address', String(connections * 2)];
const cached = await startServer({ dir: root, keep: true, args: share });
const uncached = await startServer({ demo: false, dir: root, keep: true, args: [...share, '--cache-mb', '0'] });
const files = [];
for (const [, p] of READS) {
    const res = await fetch(cached.url + p, { headers: { 'Accept-Encoding': 'identity' } });
    const name = `f${files.length}`;
    fs.writeFileSync(path.join(site, name), Buffer.from(await res.arrayBuffer()));
    files.push({ name, type: res.headers.get('content-type') });
}
const port = await freePort();
const nginx = startNginx(root, [
    `server { listen 127.0.0.1:${port}; root ${site};`,
    ...files.map((f) => `    location = /${f.name} { default_type "${f.type}"; try_files /${f.name} =404; }`),
    '}',
]);
const nginxUrl = (i) => `http://127.0.0.1:${port}/${files[i].name}`;
await waitFor(async () => (await fetch(nginxUrl(0)).catch(() => null))?.status === 200, 'nginx to answer');

const rows = [];
try {
    for (let i = 0; i < READS.length; i++) {
        const [what, p] = READS[i];
        const same = Buffer.from(await (await fetch(nginxUrl(i))).arrayBuffer());
        const ours = Buffer.from(await (await fetch(cached.url + p, { headers: { 'Accept-Encoding': 'identity' } })).arrayBuffer());
        if (!same.equals(ours)) {
            throw new Error(`nginx does not serve the same bytes as ${p}`);
        }
        const a = await rate(cached.url + p);
        const b = await rate(uncached.url + p);
        const n = await rate(nginxUrl(i));
        rows.push({ what, bytes: ours.length, cached: a, uncached: b, nginx: n });
        console.log(
            `${what} (${ours.length} B): cached ${a.rate.toFixed(0)}/s p99 ${a.p99}, ` +
                `uncached ${b.rate.toFixed(0)}/s, nginx ${n.rate.toFixed(0)}/s p99 ${n.p99}: ` +
                `ratio ${(a.rate / n.rate).toFixed(2)} (uncached ${(b.rate / n.rate).toFixed(3)})`,
        );
    }
} finally {
    await nginx.stop();
    await uncached.stop();
    await cached.stop();
    fs.rmSync(root, { recursive: true, force: true });
}
console.log('\n| read | bytes | probity, cached | probity, --cache-mb 0 | nginx, same bytes | ratio (cached) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
    console.log(
        `| ${r.what} | ${r.bytes} | ${r.cached.rate.toFixed(0)}/s | ${r.uncached.rate.toFixed(0)}/s | ` +
            `${r.nginx.rate.toFixed(0)}/s | ${(r.cached.rate / r.nginx.rate).toFixed(2)} |`,
    );
}
