// The Merkle log as an outsider checks it, and as an attacker would break
// it: the signed checkpoint and tiles recomputed independently here (node's
// own SHA-256 and Ed25519), and every way of tampering with the database
// caught by `probity verify` (crash.test.mjs kills the server).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { BIN, copyData, makeDemo, onPostgres, request, runCli, sql, startServer, tempDir } from './lib/server.mjs';
import { bytes, entries, tilePath } from './lib/tiles.mjs';

// ---- RFC 9162 and C2SP, written here from the specs, independently ----

const sha256 = (...parts) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (bytes) => sha256(Buffer.from([0]), bytes);
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);

/** RFC 9162 §2.1.1 MTH over a list of leaf hashes. */
function mth(hashes) {
    if (hashes.length === 0) {
        return sha256(Buffer.alloc(0));
    }
    if (hashes.length === 1) {
        return hashes[0];
    }
    let k = 1;
    while (k * 2 < hashes.length) {
        k *= 2;
    }
    return nodeHash(mth(hashes.slice(0, k)), mth(hashes.slice(k)));
}

/** Opens a signed checkpoint with a verifier key "name+hex+base64(0x01||pub)". */
function openCheckpoint(note, vkey) {
    // name + key id + base64: the name has no '+', the base64 may.
    const [name, hex, ...rest] = vkey.split('+');
    const b64 = rest.join('+');
    const raw = Buffer.from(b64, 'base64');
    assert.equal(raw[0], 1, 'an Ed25519 verifier key');
    const pub = crypto.createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]),
        format: 'der',
        type: 'spki',
    });
    const split = note.indexOf('\n\n');
    const text = note.slice(0, split + 1);
    const sigs = note.slice(split + 2).split('\n').filter(Boolean);
    const mine = sigs.map((l) => /^— (\S+) (\S+)$/.exec(l)).find((m) => m && m[1] === name);
    assert.ok(mine, 'the note is signed by the log');
    const sig = Buffer.from(mine[2], 'base64');
    assert.equal(sig.subarray(0, 4).toString('hex'), hex, 'the key id');
    const good = crypto.verify(null, Buffer.from(text, 'utf8'), pub, sig.subarray(4));
    const [origin, size, root] = text.trimEnd().split('\n');
    return { good, origin, size: Number(size), root: Buffer.from(root, 'base64') };
}

describe('the log, checked from outside with independent code', () => {
    let srv;
    after(() => srv?.stop());

    test('checkpoint, entries, tiles and proofs agree with a fresh computation', async () => {
        srv = await startServer();
        const info = (await request(srv.url, 'GET', '/log')).body;
        const key = runCli(['key', '--data', srv.dataDir]).stdout.trim();
        assert.equal(info.verifier_key, key);
        const note = (await bytes(srv.url, '/log/checkpoint')).toString('utf8');
        const cp = openCheckpoint(note, key);
        assert.ok(cp.good, 'the checkpoint signature verifies with node:crypto');
        assert.equal(cp.origin, 'zhuji.example/demo');
        assert.ok(cp.size > 1000);

        // Every entry, from the entry bundles; each is the record /events shows.
        const leaves = [];
        for (let n = 0; n * 256 < cp.size; n++) {
            const width = Math.min(256, cp.size - n * 256);
            const got = entries(await bytes(srv.url, tilePath('entries', n, width)));
            assert.equal(got.length, width);
            leaves.push(...got);
        }
        const page = (await request(srv.url, 'GET', '/events?limit=5&offset=0')).body;
        for (const rec of page.items) {
            assert.deepEqual(JSON.parse(leaves[rec.seq].toString('utf8')), rec);
        }
        const hashes = leaves.map(leafHash);
        assert.ok(mth(hashes).equals(cp.root), 'the root recomputed from the entries');

        // Level-0 tiles hold the leaf hashes; level-1 tiles the full level-0 tiles' roots.
        const t0 = await bytes(srv.url, tilePath(0, 0, 256));
        for (let i = 0; i < 256; i++) {
            assert.ok(t0.subarray(i * 32, i * 32 + 32).equals(hashes[i]), `leaf hash ${i}`);
        }
        const full = Math.floor(cp.size / 256);
        const t1 = await bytes(srv.url, tilePath(1, 0, full));
        for (let i = 0; i < full; i++) {
            assert.ok(t1.subarray(i * 32, i * 32 + 32).equals(mth(hashes.slice(i * 256, i * 256 + 256))));
        }
        // Full tiles are immutable; a tile past the tree is not there.
        const head = await fetch(srv.url + tilePath(0, 0, 256));
        assert.match(head.headers.get('cache-control'), /immutable/);
        assert.equal((await fetch(srv.url + tilePath(0, full + 1, 256))).status, 404);
        assert.equal((await fetch(srv.url + '/log/tile/0/x000/001')).status, 404, 'a non-canonical path');

        // An inclusion proof from the API checks out against the signed root.
        for (const index of [0, 5, 777, cp.size - 1]) {
            const p = (await request(srv.url, 'GET', `/log/proof?index=${index}`)).body;
            assert.equal(p.size, cp.size);
            let h = hashes[index];
            let fn = index;
            let sn = cp.size - 1;
            for (const sib of p.proof.map((b) => Buffer.from(b, 'base64'))) {
                if (fn % 2 === 1 || fn === sn) {
                    h = nodeHash(sib, h);
                    while (fn % 2 === 0 && fn !== 0) {
                        fn = Math.floor(fn / 2);
                        sn = Math.floor(sn / 2);
                    }
                } else {
                    h = nodeHash(h, sib);
                }
                fn = Math.floor(fn / 2);
                sn = Math.floor(sn / 2);
            }
            assert.ok(h.equals(cp.root), `inclusion of ${index}`);
        }
        // The receipt is a C2SP tlog-proof carrying the same signed checkpoint.
        const receipt = (await bytes(srv.url, '/api/v1/log/receipt?index=5')).toString('utf8');
        assert.ok(receipt.startsWith('c2sp.org/tlog-proof@v1\nindex 5\n'));
        assert.ok(receipt.endsWith(note));
    });
});

// ---- tampering with the file, caught by `probity verify` ----

function demoCopy(base) {
    const dir = tempDir('probity-tamper-');
    copyData(base, path.join(dir, 'data'));
    return path.join(dir, 'data');
}

// Each change as SQLite's client and PostgreSQL's spell it: dropping an
// append-only trigger first where the change needs it.
const drop = (trigger, table) => (onPostgres ? `DROP TRIGGER ${trigger} ON ${table};` : `DROP TRIGGER ${trigger};`);
const spelled = (sqlite, pg) => (onPostgres ? pg : sqlite);

describe('tampering with the database is detected by probity verify', () => {
    const base = tempDir('probity-tamper-base-');
    const data = path.join(base, 'data');
    assert.equal(makeDemo(data).status, 0);
    after(() => fs.rmSync(base, { recursive: true, force: true }));

    test('an untouched record verifies, on one hashing thread or several', () => {
        for (const jobs of [[], ['--jobs', '1'], ['--jobs', '3']]) {
            const r = runCli(['verify', '--data', data, ...jobs]);
            assert.equal(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /OK: \d+ events/);
        }
    });

    test('a number of hashing threads out of range is refused', () => {
        for (const jobs of ['0', '65', 'two', '']) {
            const r = runCli(['verify', '--data', data, '--jobs', jobs]);
            assert.equal(r.status, 2, r.stdout + r.stderr);
            assert.match(r.stderr, /--jobs 须为 1 到 64 \/ --jobs must be 1 to 64/);
        }
    });

    const cases = [
        ['a changed row', drop('events_no_update', 'events') + spelled(
            "UPDATE events SET body = CAST(replace(CAST(body AS TEXT), 'Diankou', 'Diankoo') AS BLOB) WHERE seq = 3;",
            "UPDATE events SET body = convert_to(replace(convert_from(body, 'UTF8'), 'Diankou', 'Diankoo'), 'UTF8') WHERE seq = 3;",
        ), /row_changed at index 3/],
        ['a changed column', drop('events_no_update', 'events') + "UPDATE events SET type = 'person.deleted' WHERE seq = 40;", /row_changed at index 40/],
        ['a deleted row', drop('events_no_delete', 'events') + 'DELETE FROM events WHERE seq = 500;', /row_missing at index 500/],
        // PostgreSQL keeps the sealed parts' references to the events: the
        // rollback drops that constraint too (sqlite3 does not check them).
        ['the last rows deleted (a rollback)', drop('events_no_delete', 'events') + spelled('',
            'ALTER TABLE sealed_parts DROP CONSTRAINT sealed_parts_seq_fkey;') + 'DELETE FROM events WHERE seq >= 1000;', /row_missing at index 1000/],
        ['two rows swapped', drop('events_no_update', 'events') + 'UPDATE events SET seq = -1 WHERE seq = 8; UPDATE events SET seq = 8 WHERE seq = 9; UPDATE events SET seq = 9 WHERE seq = -1;', /rows_reordered at index 8/],
        ['a row inserted', 'INSERT INTO events (seq, time, time_ms, township, actor, type, body, tlog) SELECT seq + 1, time, time_ms, township, actor, type, body, tlog FROM events ORDER BY seq DESC LIMIT 1;', /rows_reordered|checkpoint_size|row_changed/],
        ['a stored subtree hash changed', drop('events_no_update', 'events') + spelled(
            'UPDATE events SET tlog = substr(tlog, 1, 32) || zeroblob(32) WHERE seq = 1023;',
            "UPDATE events SET tlog = substring(tlog from 1 for 32) || decode(repeat('00', 32), 'hex') WHERE seq = 1023;",
        ), /tile_mismatch at index 1023|row_changed at index 1023/],
        ['a forged checkpoint', spelled(
            'UPDATE checkpoint SET note = replace(note, char(10) || size || char(10), char(10) || (size - 1) || char(10));',
            'UPDATE checkpoint SET note = replace(note, chr(10) || size || chr(10), chr(10) || (size - 1) || chr(10));',
        ), /bad_signature|checkpoint/],
        ['a query table edited', "UPDATE people SET name = '假名' WHERE id = 2;", /tables_out_of_step/],
        // time_ms sets the floor of new events' times: a year ahead would stop every write.
        ['an event time moved', drop('events_no_update', 'events') + 'UPDATE events SET time_ms = time_ms + 31536000000 WHERE seq = 50;', /row_changed at index 50: event 50: its time_ms/],
        ['a sealed part changed', drop('sealed_parts_no_update', 'sealed_parts') + spelled(
            "UPDATE sealed_parts SET content = CAST('{\"login\":\"someone.else\"}' AS BLOB) WHERE seq = (SELECT MIN(seq) FROM sealed_parts);",
            "UPDATE sealed_parts SET content = convert_to('{\"login\":\"someone.else\"}', 'UTF8') WHERE seq = (SELECT MIN(seq) FROM sealed_parts);",
        ), /sealed_mismatch at index \d+/],
        ['a sealed part deleted', drop('sealed_parts_no_delete', 'sealed_parts') + 'DELETE FROM sealed_parts WHERE seq = (SELECT MAX(seq) FROM sealed_parts);', /sealed_mismatch at index -1: \d+ events carry a sealed digest but \d+ sealed parts/],
    ];
    // Every other case on one hashing thread, the rest on four: the same
    // first problem either way.
    for (const [i, [what, statements, expected]] of cases.entries()) {
        test(what, () => {
            const copy = demoCopy(data);
            try {
                const s = sql(copy, statements);
                assert.equal(s.status, 0, s.stderr);
                const r = runCli(['verify', '--data', copy, '--jobs', i % 2 ? '1' : '4']);
                assert.equal(r.status, 1, `${what}: verify should fail\n${r.stdout}${r.stderr}`);
                assert.match(r.stdout, expected);
            } finally {
                fs.rmSync(path.dirname(copy), { recursive: true, force: true });
            }
        });
    }
});

describe('verify only reads the data folder', () => {
    const base = tempDir('probity-verify-ro-');
    const data = path.join(base, 'data');
    assert.equal(makeDemo(data).status, 0);
    after(() => {
        spawnSync('chmod', ['-R', 'u+w', base]);
        fs.rmSync(base, { recursive: true, force: true });
    });

    /** Names, sizes and modification times of the folder's files. */
    const listing = (dir) =>
        fs
            .readdirSync(dir)
            .sort()
            .map((f) => {
                const st = fs.statSync(path.join(dir, f));
                return `${f} ${st.size} ${st.mtimeMs}`;
            });

    test('a read-only copy verifies, and nothing in it changes', () => {
        const before = listing(data);
        // Read-only for whoever runs verify: as root, verify runs as nobody.
        fs.chmodSync(base, 0o755);
        assert.equal(spawnSync('chmod', ['-R', 'a+rX,a-w', data]).status, 0);
        const args = ['verify', '--data', data];
        const r =
            process.getuid() === 0
                ? spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', BIN, ...args], {
                      encoding: 'utf8',
                  })
                : runCli(args);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /OK: \d+ events, log hashes, signed checkpoint, sealed parts and query tables agree/);
        assert.deepEqual(listing(data), before, 'no file made or changed in the data folder');
    });

    test('when the check cannot run, the exit code says so (3), not tampering (1)', () => {
        const r = runCli(['verify', '--data', data], { env: { ...process.env, TMPDIR: path.join(base, 'no-such-folder') } });
        assert.equal(r.status, 3, r.stdout + r.stderr);
        assert.match(r.stderr, /could not check: cannot make a scratch folder/);
        const none = runCli(['verify', '--data', path.join(base, 'not-a-data-folder')]);
        assert.equal(none.status, 3, none.stdout + none.stderr);
    });
});
