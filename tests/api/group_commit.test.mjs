// Group commit over real HTTP (docs/http.md, "Group commit"): writers
// sending at once share commits, and yet each is answered only once its
// write is durable and under a signed checkpoint — the checkpoint read
// right after an answer covers that answer's log entry. A write refused
// inside a batch (a person that does not exist) leaves the others as they
// were; the server's closing line counts fewer commits than writes; the
// log verifies afterwards.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { login, request, runCli, startServer } from './lib/server.mjs';
import { bytes } from './lib/tiles.mjs';

const WRITERS = 24;
const WRITES = 12;

/** The size of the signed checkpoint the node serves now. */
async function signedSize(url) {
    const note = (await bytes(url, '/log/checkpoint')).toString('utf8').split('\n');
    return Number(note[1]);
}

test(`${WRITERS} writers at once share commits; each answer is under the checkpoint read right after it`, async () => {
    const srv = await startServer({ keep: true, args: ['--per-address', String(4 * WRITERS)] });
    let stopped = false;
    try {
        const admin = await login(srv.url, 'admin');
        const before = (await request(srv.url, 'GET', '/health')).body.events;
        const last = new Map(); // person id -> the last name acknowledged
        let acknowledged = 0;
        let refused = 0;
        const writer = async (w) => {
            const id = w + 1; /* each writer renames its own person */
            for (let i = 0; i < WRITES; i++) {
                if (i % 4 === 3) {
                    /* Refused inside the batch: nobody has this id. */
                    const res = await request(srv.url, 'PATCH', '/people/987654', { auth: admin, body: { name_en: `nobody ${w}.${i}` } });
                    assert.equal(res.status, 404, res.text);
                    refused++;
                    continue;
                }
                const name = `Group ${w}.${i}`;
                const res = await request(srv.url, 'PATCH', `/people/${id}`, { auth: admin, body: { name_en: name } });
                assert.equal(res.status, 200, res.text);
                const index = res.body.event.log_index;
                const size = await signedSize(srv.url);
                assert.ok(size > index, `writer ${w}: entry ${index} answered, but the checkpoint read next covers ${size}`);
                last.set(id, name);
                acknowledged++;
            }
        };
        await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
        assert.equal(refused, WRITERS * (WRITES / 4));

        const after = (await request(srv.url, 'GET', '/health')).body.events;
        assert.equal(after - before, acknowledged, 'one event per acknowledged write, none for a refused one');
        for (const [id, name] of last) {
            assert.equal((await request(srv.url, 'GET', `/people/${id}`)).body.name_en, name);
        }
        assert.equal(await signedSize(srv.url), after);

        await srv.stop();
        stopped = true;
        const m = /group commit: (\d+) writes in (\d+) commits, at most (\d+) in one/.exec(srv.stderr());
        assert.ok(m, `the server's closing line counts its commits:\n${srv.stderr()}`);
        const [writes, commits, largest] = m.slice(1).map(Number);
        assert.ok(writes >= acknowledged + refused, `${writes} writes run`);
        assert.ok(commits < writes, `${writes} writes in ${commits} commits: some shared one`);
        assert.ok(largest > 1);
        const verified = runCli(['verify', '--data', srv.dataDir]);
        assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    } finally {
        if (!stopped) {
            await srv.stop();
        }
        fs.rmSync(srv.dir, { recursive: true, force: true });
    }
});
