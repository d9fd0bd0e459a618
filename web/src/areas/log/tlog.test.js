/*
 * Known-answer tests of tlog.js (run with `npm test`; node's Web Crypto):
 * the RFC 6962/9162 inclusion vectors of tests/vectors/merkle, a small tree
 * computed independently (Python's hashlib) and against a recursive
 * reference here, entry bundles and tile paths, the C2SP signed-note
 * example, and a checkpoint, entry and proof served by probity itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import {
  FAILURES, VerifyError, decodeBase64, decodeHash, encodeBase64, leafHash, nodeHash, sha256,
  rootFromInclusionProof, verifyInclusion, tileIndexPath, entryBundleLocation, parseEntryBundle,
  parseNote, parseCheckpoint, parseVerifierKey, keyId, verifyCheckpointSignature, ed25519Supported,
  verifyEntry, sameJson, concatBytes,
} from './tlog.js';
import zhCN from './zh-CN.js';
import en from './en.js';

const VECTORS = new URL('../../../../tests/vectors/merkle/inclusion/', import.meta.url).pathname;
const b64 = encodeBase64;
const text = (s) => new TextEncoder().encode(s);

async function rejects(promise, code) {
  await assert.rejects(promise, (error) => error instanceof VerifyError && error.code === code);
}

/* ---- reference RFC 9162 tree (MTH and PATH, recursively) ---- */

function split(n) {
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

async function mth(entries) {
  if (entries.length === 0) {
    return sha256(new Uint8Array(0));
  }
  if (entries.length === 1) {
    return leafHash(entries[0]);
  }
  const k = split(entries.length);
  return nodeHash(await mth(entries.slice(0, k)), await mth(entries.slice(k)));
}

async function path(m, entries) {
  if (entries.length <= 1) {
    return [];
  }
  const k = split(entries.length);
  return m < k
    ? [...await path(m, entries.slice(0, k)), await mth(entries.slice(k))]
    : [...await path(m - k, entries.slice(k)), await mth(entries.slice(0, k))];
}

/* ---- RFC 9162 vectors ---- */

async function vectorFiles() {
  const files = [];
  async function walk(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(p);
      } else if (entry.name.endsWith('.json')) {
        files.push(p);
      }
    }
  }
  await walk(VECTORS);
  return files.sort();
}

/* A vector's verdict: decoding and verification, any VerifyError failing it. */
async function runVector(v) {
  try {
    await verifyInclusion({
      index: v.leafIdx,
      size: v.treeSize,
      leafHash: decodeHash(v.leafHash, 'leaf'),
      proof: (v.proof || []).map((p) => decodeHash(p, 'proof')),
      root: decodeHash(v.root, 'root'),
    });
    return true;
  } catch (error) {
    assert.ok(error instanceof VerifyError, `unexpected ${error}`);
    return false;
  }
}

test('a few RFC 9162 inclusion vectors by name: the happy path verifies, a modified proof fails', async () => {
  const read = async (name) => JSON.parse(await readFile(join(VECTORS, name), 'utf8'));
  const happy = await read('1/happy-path.json');
  assert.equal(happy.wantErr, false);
  assert.equal(await runVector(happy), true);
  for (const name of ['1/modified-proof[0]-bit-@3.json', '1/wrong-leaf.json', '1/removed-component.json',
    '1/inserted-component.json', '1/treeSize-mul-@2.json', '1/leafIdx-plus-@1.json']) {
    const v = await read(name);
    assert.equal(v.wantErr, true, name);
    assert.equal(await runVector(v), false, name);
  }
  await rejects(
    verifyInclusion({ index: happy.leafIdx, size: happy.treeSize, leafHash: decodeHash(happy.leafHash),
      proof: happy.proof.slice(0, -1).map((p) => decodeHash(p)), root: decodeHash(happy.root) }),
    'proofTooShort');
  const single = await read('single-entry/matching-root-and-leaf.json');
  assert.equal(await runVector(single), true);
});

test('every RFC 9162 inclusion vector: happy paths verify, every other case fails', async () => {
  const files = await vectorFiles();
  assert.ok(files.length > 90, 'found the vectors');
  let happy = 0;
  for (const file of files) {
    const v = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(await runVector(v), !v.wantErr, file);
    happy += v.wantErr ? 0 : 1;
  }
  assert.ok(happy >= 5, 'some happy paths');
});

/* ---- a fixed small tree ---- */

/* Computed with Python's hashlib (RFC 9162 MTH and PATH written out there). */
const SEVEN = Array.from({ length: 7 }, (_, i) => text(`probity-${i}`));
const SEVEN_ROOT = 'XeZlB+mb+HKOd6y+hnYnsEOYA/50adcvymUQVK2qwqs=';
const SEVEN_LEAF5 = 'oGcDWI/VY3oLNLNbUK8Q9BRT5WWqXNkeHBQ9Cz0RD4c=';
const SEVEN_PATH5 = [
  'sqxvqbAy0SCmHwjxMdTWpH9q5ctToDQUE6uAb3gReHI=',
  'ny444Gw1TIGVDFYnPF3qyb/5XYxH/rJAjaiz/KHjqTU=',
  'Q5k1cUpCmtDBN/mjsGZxnmllZc5C4HooLJr83+HgtPs=',
];

test('known answers: hashes of a fixed seven-leaf tree and of RFC 6962\'s eight leaves', async () => {
  assert.equal(b64(await sha256(new Uint8Array(0))), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  assert.equal(b64(await leafHash(SEVEN[5])), SEVEN_LEAF5);
  assert.equal(b64(await mth(SEVEN)), SEVEN_ROOT);
  assert.deepEqual((await path(5, SEVEN)).map(b64), SEVEN_PATH5);
  const root = await rootFromInclusionProof(5, 7, decodeHash(SEVEN_LEAF5), SEVEN_PATH5.map((p) => decodeHash(p)));
  assert.equal(b64(root), SEVEN_ROOT);

  const rfc = [[], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
    [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
    Array.from({ length: 16 }, (_, i) => 0x60 + i)].map((a) => Uint8Array.from(a));
  assert.equal(b64(await mth(rfc)), 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=');
});

test('every inclusion proof of trees of 1..20 leaves verifies, and tampering fails', async () => {
  for (let size = 1; size <= 20; size++) {
    const entries = Array.from({ length: size }, (_, i) => text(`leaf ${i} of ${size}`));
    const root = await mth(entries);
    for (let index = 0; index < size; index++) {
      const leaf = await leafHash(entries[index]);
      const proof = await path(index, entries);
      assert.equal(await verifyInclusion({ index, size, leafHash: leaf, proof, root }), true);
      const other = await leafHash(text('another'));
      await rejects(verifyInclusion({ index, size, leafHash: other, proof, root }), 'rootMismatch');
      if (proof.length > 0) {
        const flipped = proof.map((p) => p.slice());
        flipped[0][0] ^= 1;
        await rejects(verifyInclusion({ index, size, leafHash: leaf, proof: flipped, root }), 'rootMismatch');
        await rejects(verifyInclusion({ index, size, leafHash: leaf, proof: proof.slice(1), root }),
          'proofTooShort');
      }
      await rejects(verifyInclusion({ index, size, leafHash: leaf, proof: [...proof, root], root }), 'proofTooLong');
      await rejects(verifyInclusion({ index: size, size, leafHash: leaf, proof, root }), 'indexOutOfRange');
    }
  }
});

test('hashes must be canonical base64 of 32 bytes', () => {
  assert.throws(() => decodeHash(''), { code: 'badHash' });
  assert.throws(() => decodeHash('AAAA'), { code: 'badHash' });
  assert.throws(() => decodeHash(SEVEN_ROOT.slice(0, -1)), { code: 'badBase64' });
  assert.throws(() => decodeBase64('YR=='), { code: 'badBase64' }); /* non-zero padding bits */
  assert.throws(() => decodeBase64('a b='), { code: 'badBase64' });
  assert.equal(decodeHash(SEVEN_ROOT).length, 32);
});

/* ---- C2SP tlog-tiles ---- */

test('entry bundle paths follow C2SP tlog-tiles', () => {
  assert.equal(tileIndexPath(0), '000');
  assert.equal(tileIndexPath(4), '004');
  assert.equal(tileIndexPath(1000), 'x001/000');
  assert.equal(tileIndexPath(1234067), 'x001/x234/067');
  assert.deepEqual(entryBundleLocation(5, 1033), { path: 'tile/entries/000', tile: 0, width: 256, position: 5 });
  assert.deepEqual(entryBundleLocation(1030, 1033), { path: 'tile/entries/004.p/9', tile: 4, width: 9, position: 6 });
  assert.deepEqual(entryBundleLocation(255, 256), { path: 'tile/entries/000', tile: 0, width: 256, position: 255 });
  assert.deepEqual(entryBundleLocation(256, 257), { path: 'tile/entries/001.p/1', tile: 1, width: 1, position: 0 });
  assert.throws(() => entryBundleLocation(7, 7), { code: 'indexOutOfRange' });
});

test('entry bundles are length-prefixed entries', () => {
  const bundle = Uint8Array.from([0, 3, 0x61, 0x62, 0x63, 0, 0, 0x01, 0x00, ...new Uint8Array(256).fill(7)]);
  const entries = parseEntryBundle(bundle);
  assert.equal(entries.length, 3);
  assert.deepEqual([...entries[0]], [0x61, 0x62, 0x63]);
  assert.equal(entries[1].length, 0);
  assert.equal(entries[2].length, 256);
  assert.throws(() => parseEntryBundle(bundle.subarray(0, 4)), { code: 'bundleMalformed' });
  assert.throws(() => parseEntryBundle(Uint8Array.of(0)), { code: 'bundleMalformed' });
});

/* ---- C2SP signed-note ---- */

/* C2SP signed-note's example. */
const SPEC_KEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE = 'This is an example message.\n\n\u2014 example.com/foo '
  + 'Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

test('notes and verifier keys parse as C2SP signed-note says', async () => {
  const note = parseNote(SPEC_NOTE);
  assert.equal(note.text, 'This is an example message.\n');
  assert.equal(note.signatures.length, 1);
  assert.equal(note.signatures[0].name, 'example.com/foo');
  assert.equal(Buffer.from(note.signatures[0].keyId).toString('hex'), '530d903a');
  assert.equal(note.signatures[0].signature.length, 64);

  const key = await parseVerifierKey(SPEC_KEY);
  assert.equal(key.name, 'example.com/foo');
  assert.equal(key.keyIdHex, '530d903a');
  assert.equal(key.publicKey.length, 32);
  await rejects(parseVerifierKey(SPEC_KEY.replace('530d903a', '530d903b')), 'keyIdMismatch');
  await rejects(parseVerifierKey('example.com/foo+530d903a'), 'badKey');
  await rejects(parseVerifierKey(SPEC_KEY.replace('+Aek', '+Bek')), 'badKey');

  assert.throws(() => parseNote('no signatures\n'), { code: 'badNote' });
  assert.throws(() => parseNote(SPEC_NOTE.slice(0, -1)), { code: 'badNote' });
  assert.throws(() => parseNote(SPEC_NOTE.replace('\u2014', '-')), { code: 'badNote' });
});

test('Ed25519 signatures verify with node\'s Web Crypto: the spec\'s example', async () => {
  assert.equal(await ed25519Supported(), true);
  /* The example is not a checkpoint, so check the signature itself. */
  const key = await parseVerifierKey(SPEC_KEY);
  const { text: signed, signatures } = parseNote(SPEC_NOTE);
  const cryptoKey = await globalThis.crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  assert.equal(await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, signatures[0].signature, text(signed)), true);
  assert.equal(await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, signatures[0].signature, text(signed + ' ')), false);
  await rejects(verifyCheckpointSignature(SPEC_NOTE, SPEC_KEY), 'badCheckpoint');
});

/* A checkpoint of a demo log, signed by probity (libsodium), and one of its entries with its proof. */
const PROBITY_KEY = 'zhuji.example/demo+1109d18a+AbJZoNL5MbWbOa+b8+R99AZB6h+B8dPpKghjrPdVh7HT';
const PROBITY_CHECKPOINT = 'zhuji.example/demo\n1033\nXXPyZpEXN8J8uN5VkV/WP00oowvM9FSgy4/rpU/x9yc=\n\n'
  + '\u2014 zhuji.example/demo EQnRimLo1nnZBC3ptbb81dqtACVVV2bDDPGxF0PMRyk2VLejS9Ni2Q9/BFmPl6W40OgZK7NP0MN7zKwHrVXN48haPA0=\n';
const PROBITY_ENTRY0 = '{"actor":"system","payload":{"id":"zhuji","name":"诸暨市","name_en":"Zhuji City"},'
  + '"seq":0,"time":"2026-11-29T14:37:32.056Z","township":null,"type":"city.created"}';
const PROBITY_PROOF0 = {
  index: 0,
  size: 1033,
  leaf_hash: 'jRQJuAJQhqCyQylzVmRlSR/gxywgyLvWkyAkiWAAkQA=',
  proof: [
    '9BTFyNNnA882mqpfEr5SPu3DRQ2X09vf7YGQMGyA7f4=', '1ZZouaYeP67CG5ZHKQbEUiCyFkvKrolQjT3k679iQQA=',
    'AEpq0iW5wnoylOVjv3OG79biOlSzZccR0fxXgFN9NPI=', 'LtY2M7HnQEpS7oepryNQlkwRSVgwB22GQQdNC3/Set8=',
    'A2F/edfwxBRKjWeO2nMnS7aFv9OGqKzxekEwpLEj5x8=', 'R9lF8X4fgkaDRC1apgrVK6oY3yQcdyR48XTXNW/RLnM=',
    'og+gDyLt1/+6fmkv15oNt3t32DM3UO3hw5WyLMVQhjE=', 'x8h7QC1PLfIiyfJ6x7kpqUM+dmjKEPZYXpYHgoQObRo=',
    '8oGJkOV49sP3dCc0tp4QdwLfYYdIecMR+jzHQdJVaR4=', 'Zf7ImkpZlY6SoA70TvcmwTX4XlUxA5bXiCBduVWF7Cw=',
    'bT/NajLXhTl6VpcvvKyYksQ0KggYhBwhwFeFQe3Zzjg=',
  ],
};

test('a checkpoint signed by probity verifies, and tampering is caught', async () => {
  const cp = parseCheckpoint(PROBITY_CHECKPOINT);
  assert.equal(cp.origin, 'zhuji.example/demo');
  assert.equal(cp.size, 1033);
  assert.equal(cp.rootBase64, 'XXPyZpEXN8J8uN5VkV/WP00oowvM9FSgy4/rpU/x9yc=');
  assert.deepEqual(cp.extensions, []);
  assert.deepEqual(await verifyCheckpointSignature(PROBITY_CHECKPOINT, PROBITY_KEY), { status: 'verified', keyIdHex: '1109d18a' });
  await rejects(verifyCheckpointSignature(PROBITY_CHECKPOINT.replace('\n1033\n', '\n1034\n'), PROBITY_KEY), 'badSignature');
  await rejects(verifyCheckpointSignature(PROBITY_CHECKPOINT.replace('S9Ni2Q9', 'S9Ni2Q8'), PROBITY_KEY), 'badSignature');
  await rejects(verifyCheckpointSignature(PROBITY_CHECKPOINT.replace('EQnRim', 'AAAAAA'), PROBITY_KEY), 'noSignature');
  await rejects(verifyCheckpointSignature(PROBITY_CHECKPOINT, SPEC_KEY), 'originMismatch');
  assert.throws(() => parseCheckpoint(PROBITY_CHECKPOINT.replace('\n1033\n', '\n01033\n')), { code: 'badCheckpoint' });
});

test('a checkpoint with an extension line, signed here with a fresh key', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x;
  const pub = Buffer.from(raw, 'base64url');
  const name = 'example.org/log';
  const id = await keyId(name, 1, pub);
  const vkey = `${name}+${Buffer.from(id).toString('hex')}+${b64(concatBytes(Uint8Array.of(1), pub))}`;
  const body = `${name}\n7\n${SEVEN_ROOT}\nextension line\n`;
  const sig = nodeSign(null, Buffer.from(body), privateKey);
  const note = `${body}\n\u2014 ${name} ${b64(concatBytes(id, sig))}\n\u2014 witness.example/w ${b64(new Uint8Array(72))}\n`;
  const cp = parseCheckpoint(note);
  assert.deepEqual(cp.extensions, ['extension line']);
  assert.equal(cp.signatures.length, 2);
  assert.equal((await verifyCheckpointSignature(note, vkey)).status, 'verified');
  await rejects(verifyCheckpointSignature(note.replace('extension line', 'extension lime'), vkey), 'badSignature');
});

/* ---- one entry, end to end ---- */

function bundleOf(entries) {
  return concatBytes(...entries.flatMap((e) => [Uint8Array.of(e.length >> 8, e.length & 0xff), e]));
}

test('verifyEntry: probity\'s own entry 0 of its demo log against the signed root', async () => {
  const entry = text(PROBITY_ENTRY0);
  assert.equal(b64(await leafHash(entry)), PROBITY_PROOF0.leaf_hash);
  const checkpoint = parseCheckpoint(PROBITY_CHECKPOINT);
  const filler = Array.from({ length: 255 }, (_, i) => text(`{"seq":${i + 1}}`));
  const paths = [];
  const result = await verifyEntry({
    index: 0,
    checkpoint,
    record: JSON.parse(PROBITY_ENTRY0),
    getBytes: async (p) => {
      paths.push(p);
      return bundleOf([entry, ...filler]);
    },
    getProof: async () => PROBITY_PROOF0,
  });
  assert.deepEqual(paths, ['tile/entries/000']);
  assert.equal(result.leafHash, PROBITY_PROOF0.leaf_hash);
  assert.equal(result.root, checkpoint.rootBase64);
  assert.equal(result.proofLength, 11);
  assert.equal(result.entryText, PROBITY_ENTRY0);
});

test('verifyEntry: a fixed tree in partial bundles; wrong bytes, proofs and records are caught', async () => {
  const entries = Array.from({ length: 300 }, (_, i) => text(JSON.stringify({ seq: i, note: `entry ${i}` })));
  const root = await mth(entries);
  const checkpoint = parseCheckpoint(`example.org/log\n300\n${b64(root)}\n\n\u2014 example.org/log ${b64(new Uint8Array(68))}\n`);
  const bundles = {
    'tile/entries/000': bundleOf(entries.slice(0, 256)),
    'tile/entries/001.p/44': bundleOf(entries.slice(256)),
  };
  const getBytes = async (p) => {
    if (!bundles[p]) {
      throw new Error(`HTTP 404 ${p}`);
    }
    return bundles[p];
  };
  const getProof = async (index, size) => ({ index, size, proof: (await path(index, entries)).map(b64) });
  for (const index of [0, 1, 255, 256, 299]) {
    const record = { seq: index, note: `entry ${index}` };
    const result = await verifyEntry({ index, checkpoint, getBytes, getProof, record });
    assert.equal(result.root, b64(root));
    assert.equal(result.computedRoot, b64(root));
    assert.equal(result.bundlePath, index < 256 ? 'tile/entries/000' : 'tile/entries/001.p/44');
  }
  await rejects(verifyEntry({ index: 3, checkpoint, getBytes, getProof, record: { seq: 3, note: 'entry 4' } }), 'recordMismatch');
  await rejects(verifyEntry({ index: 300, checkpoint, getBytes, getProof }), 'indexOutOfRange');
  await rejects(verifyEntry({ index: 3, checkpoint, getBytes, getProof: async (i, s) => ({ ...await getProof(i, s), index: 4 }) }), 'proofMismatch');
  await rejects(verifyEntry({ index: 3, checkpoint, getBytes, getProof: async (i, s) => ({ ...await getProof(i + 1, s), index: i }) }), 'rootMismatch');
  await rejects(verifyEntry({ index: 3, checkpoint, getBytes: async () => { throw new Error('offline'); }, getProof }), 'fetchFailed');
  const tampered = entries.slice(0, 256).map((e, i) => (i === 3 ? text('{"seq":3,"note":"entry 3 "}') : e));
  const error = await verifyEntry({ index: 3, checkpoint, getBytes: async () => bundleOf(tampered), getProof })
    .catch((e) => e);
  assert.equal(error.code, 'rootMismatch');
  assert.equal(error.partial.entryText, '{"seq":3,"note":"entry 3 "}');
  assert.notEqual(error.partial.computedRoot, b64(root));
  assert.equal(error.partial.root, undefined);
  await rejects(verifyEntry({ index: 3, checkpoint, getBytes: async () => bundleOf(entries.slice(0, 255)), getProof }), 'bundleMalformed');
});

test('sameJson compares JSON values structurally', () => {
  assert.ok(sameJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }));
  assert.ok(!sameJson({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!sameJson({ a: [] }, { a: {} }));
  assert.ok(!sameJson({ a: '1' }, { a: 1 }));
});

test('every failure code has a message in both languages', () => {
  for (const code of FAILURES) {
    assert.equal(typeof zhCN.audit.failure[code], 'string', `zh-CN audit.failure.${code}`);
    assert.equal(typeof en.audit.failure[code], 'string', `en audit.failure.${code}`);
  }
});
