// Measures the monitor's lag: a township node and a monitor on loopback
// ports, WRITES writes at RATE writes/s through the node's API, then, for
// each write, the time from its commit to the first checkpoint covering it
// that the monitor verified (read from the monitor's verified_checkpoints
// after it stops). "Commit" is taken two ways: the record's own time
// (stamped just before its transaction commits) and the client's receipt
// of the 201. Prints median, p99 and max of both.
//
//   PROBITY_BIN=build/probity node bench/monitor_lag.mjs [WRITES=100] [RATE=100]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { request, tempDir } from '../tests/api/lib/server.mjs';
import {
    adminLogin,
    freePort,
    logSize,
    makeNode,
    monitorNode,
    serveNode,
    startProbity,
    waitFor,
} from '../tests/api/lib/monitor.mjs';

const writes = Number(process.argv[2] ?? 100);
const rate = Number(process.argv[3] ?? 100);
const root = tempDir('probity-lag-');
const origin = 'bench.example/town';

function percentile(sorted, p) {
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values) {
    const s = [...values].sort((a, b) => a - b);
    return `median ${percentile(s, 50)} ms, p99 ${percentile(s, 99)} ms, max ${s[s.length - 1]} ms`;
}

try {
    const key = makeNode(path.join(root, 'node'), origin);
    makeNode(path.join(root, 'monitor'), 'bench.example/monitor');
    const port = await freePort();
    const node = await serveNode(path.join(root, 'node'), port);
    const monitor = await startProbity([
        'monitor', '--data', path.join(root, 'monitor'), '--listen', '127.0.0.1:0',
        '--follow', `${node.url}=${key}`,
    ]);
    const auth = await adminLogin(node.url);
    await waitFor(async () => (await monitorNode(monitor.url, origin))?.size === (await logSize(node.url)), 'the first sync');
    const acks = [];
    const t0 = Date.now() + 100;
    for (let i = 0; i < writes; i++) {
        const due = t0 + (i * 1000) / rate;
        if (Date.now() < due) {
            await new Promise((r) => setTimeout(r, due - Date.now()));
        }
        const res = await request(node.url, 'POST', '/cities', {
            auth, body: { id: `lag${i}`, name: `城${i}`, name_en: `City ${i}` },
        });
        if (res.status !== 201) {
            throw new Error(res.text);
        }
        acks.push({ seq: res.body.event.seq, ack: Date.now() });
    }
    const elapsed = (Date.now() - t0) / 1000;
    const size = await logSize(node.url);
    await waitFor(async () => (await monitorNode(monitor.url, origin))?.size === size, 'the monitor to catch up', 30000);
    const events = (await request(node.url, 'GET', '/events?limit=200&offset=0')).body;
    const timeOf = new Map();
    for (let offset = 0; offset < events.total; offset += 200) {
        const page = (await request(node.url, 'GET', `/events?limit=200&offset=${offset}`)).body.items;
        for (const r of page) {
            timeOf.set(r.seq, Date.parse(r.time));
        }
    }
    await monitor.stop();
    await node.stop();
    const rows = execFileSync('sqlite3', [
        path.join(root, 'monitor', 'probity.db'),
        `SELECT size, verified_ms FROM verified_checkpoints WHERE origin = '${origin}' ORDER BY size`,
    ], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split('|').map(Number));
    const verifiedAt = (seq) => Math.min(...rows.filter(([s]) => s > seq).map(([, ms]) => ms));
    const fromRecord = acks.map(({ seq }) => verifiedAt(seq) - timeOf.get(seq));
    const fromAck = acks.map(({ seq, ack }) => Math.max(0, verifiedAt(seq) - ack));
    console.log(`${writes} writes in ${elapsed.toFixed(2)} s (${(writes / elapsed).toFixed(1)} writes/s), ` +
        `${rows.length} checkpoints verified`);
    console.log(`lag from the record's time (before commit): ${summary(fromRecord)}`);
    console.log(`lag from the client's acknowledgement:      ${summary(fromAck)}`);
} finally {
    fs.rmSync(root, { recursive: true, force: true });
}
