// The C2SP signed-note and checkpoint parsers against an independent
// implementation, written here from the specs (c2sp.org/signed-note,
// c2sp.org/tlog-checkpoint) in JavaScript: thousands of variants of a
// signed checkpoint, each byte of it replaced, removed or preceded by
// another (letters outside the base64 alphabet, bytes >= 0x80 that some
// base64 decoders take for '/', padding, spaces, newlines, zeros) and each
// two bytes replaced by a two-byte UTF-8 letter (which such a decoder reads
// as "//", so that two texts give one root), are
// sent to the monitor's witness endpoint (POST /add-checkpoint), which
// parses them with probity's parsers; it must accept exactly the variants
// this implementation accepts. Variants of the checkpoint's text are
// signed again with the log's key, so that the text's own rules decide;
// variants of the signature line keep the text, so that the line's do.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir } from './lib/server.mjs';
import { freePort, keyId, makeNode, nodePrivateKey, startProbity } from './lib/monitor.mjs';

const root = tempDir('probity-note-diff-');
const ORIGIN = 'test.example/notes';
let monitor;
let key;

before(async () => {
    const dir = path.join(root, 'log');
    const vkey = makeNode(dir, ORIGIN);
    key = nodePrivateKey(dir);
    makeNode(path.join(root, 'm'), 'commission.example/m');
    // The log's node never runs: the witness judges the notes alone.
    monitor = await startProbity([
        'monitor', '--data', path.join(root, 'm'), '--listen', '127.0.0.1:0', '--poll', '600',
        '--unreachable-after', '86400', '--follow', `http://127.0.0.1:${await freePort()}=${vkey}`,
    ]);
});

after(async () => {
    await monitor?.stop();
    fs.rmSync(root, { recursive: true, force: true });
});

// ---- the independent implementation ----

/** Strict standard base64: the canonical encoding of what it decodes to, or null. */
function strictBase64(text) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
        return null;
    }
    const bytes = Buffer.from(text, 'base64');
    return bytes.toString('base64') === text ? bytes : null;
}

const WHITE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

/** The note's text and signatures, or null (c2sp.org/signed-note, "Format"). */
function parseNote(bytes) {
    let s;
    try {
        s = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
        return null;
    }
    if (!s.endsWith('\n') || /[\u0000-\u0009\u000b-\u001f]/.test(s)) {
        return null;
    }
    const split = s.lastIndexOf('\n\n');
    if (split < 0) {
        return null;
    }
    const text = s.slice(0, split + 1);
    const lines = s.slice(split + 2, -1).split('\n');
    if (s.slice(split + 2) === '') {
        return null;
    }
    const sigs = [];
    for (const line of lines) {
        const m = /^\u2014 ([^ ]+) ([^ ]+)$/u.exec(line);
        if (!m || m[1].includes('+') || WHITE_SPACE.test(m[1])) {
            return null;
        }
        const raw = strictBase64(m[2]);
        if (raw === null || raw.length < 5) {
            return null;
        }
        sigs.push({ name: m[1], id: raw.subarray(0, 4), sig: raw.subarray(4) });
    }
    return { text, sigs };
}

/** The checkpoint's origin, size and root, or null (c2sp.org/tlog-checkpoint). */
function parseCheckpoint(text) {
    const lines = text.split('\n');
    if (lines.length < 4) {
        return null;
    }
    const [origin, size, rootText, ...rest] = lines;
    rest.pop(); // after the final newline
    if (origin === '' || origin.startsWith(' ') || origin.endsWith(' ')) {
        return null;
    }
    if (!/^(0|[1-9][0-9]*)$/.test(size) || BigInt(size) > 2n ** 63n - 1n) {
        return null;
    }
    const rootBytes = strictBase64(rootText);
    if (rootBytes === null || rootBytes.length !== 32 || rest.some((l) => l === '')) {
        return null;
    }
    return { origin, size, root: rootBytes };
}

/** True when the note is a checkpoint of ORIGIN signed by the log's key. */
function accepts(bytes) {
    const note = parseNote(bytes);
    if (note === null || parseCheckpoint(note.text) === null || parseCheckpoint(note.text).origin !== ORIGIN) {
        return false;
    }
    const id = keyId(key.name, 0x01, key.publicKey);
    return note.sigs.some(
        (s) =>
            s.name === key.name &&
            s.id.equals(id) &&
            s.sig.length === 64 &&
            crypto.verify(null, Buffer.from(note.text), key.keyObject, s.sig),
    );
}

// ---- the variants ----

/** The signature line of text, signed with the log's key. */
function signatureLine(text) {
    const sig = crypto.sign(null, text, key.keyObject);
    const raw = Buffer.concat([keyId(key.name, 0x01, key.publicKey), sig]);
    return Buffer.from(`\u2014 ${key.name} ${raw.toString('base64')}\n`);
}

const BYTES = [0x80, 0xff, 0x2f, 0x2b, 0x3d, 0x41, 0x30, 0x20, 0x0a, 0x09, 0x2d, 0x5f];

// Two-byte UTF-8 letters (é, a no-break space): a note stays valid UTF-8
// with one of them in place of two base64 letters.
const PAIRS = [[0xc3, 0xa9], [0xc2, 0xa0]];

/**
 * Every variant of buf: each byte replaced by each of BYTES, removed, or
 * preceded by one; each two bytes replaced by a two-byte UTF-8 letter.
 */
function* variants(buf) {
    for (let i = 0; i < buf.length; i++) {
        for (const pair of PAIRS) {
            if (i + 1 < buf.length) {
                yield Buffer.concat([buf.subarray(0, i), Buffer.from(pair), buf.subarray(i + 2)]);
            }
        }
        for (const b of BYTES) {
            if (buf[i] !== b) {
                yield Buffer.concat([buf.subarray(0, i), Buffer.from([b]), buf.subarray(i + 1)]);
            }
        }
        yield Buffer.concat([buf.subarray(0, i), buf.subarray(i + 1)]);
        for (const b of [0x80, 0x3d, 0x41, 0x0a]) {
            yield Buffer.concat([buf.subarray(0, i), Buffer.from([b]), buf.subarray(i)]);
        }
    }
}

/** Whether probity's witness parses and verifies the note (any answer but 400, 403 and 404). */
async function witnessAccepts(note) {
    const res = await fetch(`${monitor.url}/add-checkpoint`, {
        method: 'POST',
        body: Buffer.concat([Buffer.from('old 0\n\n'), note]),
    });
    await res.arrayBuffer();
    assert.ok([200, 400, 403, 404, 409, 422].includes(res.status), `status ${res.status}`);
    return ![400, 403, 404].includes(res.status);
}

/** Compares the two over notes, in batches; returns how many each accepted. */
async function compare(notes) {
    let accepted = 0;
    for (let i = 0; i < notes.length; i += 16) {
        const batch = notes.slice(i, i + 16);
        const theirs = await Promise.all(batch.map(witnessAccepts));
        batch.forEach((note, k) => {
            const ours = accepts(note);
            assert.equal(theirs[k], ours, `the witness ${theirs[k] ? 'accepts' : 'refuses'} ${JSON.stringify(note.toString('latin1'))}`);
            accepted += ours;
        });
    }
    return accepted;
}

// A root whose base64 is mostly '/', the letter lenient decoders confuse.
const root32 = Buffer.concat([Buffer.alloc(16, 0xff), crypto.createHash('sha256').update('the tree').digest().subarray(16)]);
const body = Buffer.from(`${ORIGIN}\n4096\n${root32.toString('base64')}\n`);

test('the original is accepted by both', async () => {
    const note = Buffer.concat([body, Buffer.from('\n'), signatureLine(body)]);
    assert.equal(accepts(note), true);
    assert.equal(await compare([note]), 1);
});

test('variants of the text, signed again, are judged alike', async () => {
    const notes = [];
    for (const text of variants(body)) {
        notes.push(Buffer.concat([text, Buffer.from('\n'), signatureLine(text)]));
    }
    const accepted = await compare(notes);
    assert.ok(notes.length > 1000, `${notes.length} variants`);
    assert.ok(accepted > 0 && accepted < notes.length, `${accepted} of ${notes.length} accepted`);
});

test('variants of the signature line are judged alike', async () => {
    const line = signatureLine(body);
    const notes = [...variants(line)].map((l) => Buffer.concat([body, Buffer.from('\n'), l]));
    // Any change to the line changes the name, the key id or the signature,
    // or is another encoding of them: none may verify.
    assert.equal(await compare(notes), 0);
    assert.ok(notes.length > 1000, `${notes.length} variants`);
});
