/*
 * Checking probity's public Merkle log in the browser, with nothing but Web
 * Crypto (docs/log.md):
 *
 * - RFC 9162 hashing: leaf SHA-256(0x00 || entry), node SHA-256(0x01 || l || r);
 *   an inclusion proof folded into a root per §2.1.3.2, step by step;
 * - C2SP tlog-tiles: the path of the entry bundle holding an index, and the
 *   bundle's entries (big-endian uint16 length, then the bytes);
 * - C2SP signed-note and tlog-checkpoint: the note's text and signature
 *   lines, the checkpoint's origin, size and root, the verifier key
 *   (name+keyid+base64(0x01 || Ed25519 key)) and the Ed25519 signature.
 *
 * verifyEntry() ties them together: the entry's bytes from its bundle, the
 * leaf hash computed here, the server's inclusion proof, the recomputed root
 * compared with the root of the signed checkpoint.
 *
 * Failures throw VerifyError(code, params); `code` is one of FAILURES and
 * names the message audit.failure.<code> of the UI. This file imports
 * nothing, so node's test runner loads it directly (node has Web Crypto as
 * globalThis.crypto).
 */

export const HASH_SIZE = 32;
export const TILE_WIDTH = 256;
export const MAX_PROOF = 64;
const EM_DASH = '\u2014';
const KEY_TYPE_ED25519 = 0x01;

/* The failure codes (each has a message audit.failure.<code> in both catalogues). */
export const FAILURES = [
  'noWebCrypto', 'badBase64', 'badHash', 'badNumber', 'indexOutOfRange', 'proofTooLong',
  'proofTooShort', 'rootMismatch', 'fetchFailed', 'bundleMalformed', 'proofMismatch',
  'notUtf8', 'recordMismatch', 'badNote', 'badCheckpoint', 'badKey', 'keyIdMismatch',
  'originMismatch', 'noSignature', 'badSignature',
];

export class VerifyError extends Error {
  constructor(code, params = {}) {
    super(`${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`);
    this.name = 'VerifyError';
    this.code = code;
    this.params = params;
  }
}

function subtle() {
  const c = globalThis.crypto;
  if (!c || !c.subtle) {
    /* Browsers offer Web Crypto only in secure contexts (HTTPS or localhost). */
    throw new VerifyError('noWebCrypto');
  }
  return c.subtle;
}

/* ---- bytes and base64 ---- */

export function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equalBytes(a, b) {
  if (a.length !== b.length) {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    diff |= a[i] ^ b[i];
  }
  return diff === 0;
}

export function encodeBase64(bytes) {
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary);
}

/* Standard padded base64, canonical only (re-encoding gives the same text). */
export function decodeBase64(text, what = 'base64') {
  let binary;
  try {
    binary = atob(String(text));
  } catch {
    throw new VerifyError('badBase64', { what });
  }
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  if (encodeBase64(bytes) !== text) {
    throw new VerifyError('badBase64', { what });
  }
  return bytes;
}

/* A hash given in base64: exactly 32 bytes. */
export function decodeHash(text, what = 'hash') {
  if (typeof text !== 'string' || text === '') {
    throw new VerifyError('badHash', { what });
  }
  const bytes = decodeBase64(text, what);
  if (bytes.length !== HASH_SIZE) {
    throw new VerifyError('badHash', { what });
  }
  return bytes;
}

const utf8 = new TextEncoder();

/* ---- RFC 9162 hashing and inclusion proofs ---- */

export async function sha256(bytes) {
  return new Uint8Array(await subtle().digest('SHA-256', bytes));
}

/* SHA-256(0x00 || entry). */
export function leafHash(entry) {
  return sha256(concatBytes(Uint8Array.of(0), entry));
}

/* SHA-256(0x01 || left || right). */
export function nodeHash(left, right) {
  return sha256(concatBytes(Uint8Array.of(1), left, right));
}

function checkCount(value, what) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new VerifyError('badNumber', { what });
  }
}

/*
 * The root that an inclusion proof of leaf `index` in a tree of `size`
 * leaves gives for leaf hash `leaf` (RFC 9162 §2.1.3.2, steps 1-4; the
 * caller does step 5, comparing it with the root it trusts). Hashes are
 * 32-byte Uint8Arrays.
 */
export async function rootFromInclusionProof(index, size, leaf, proof) {
  checkCount(index, 'index');
  checkCount(size, 'size');
  if (leaf.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) {
    throw new VerifyError('badHash', { what: 'proof' });
  }
  if (proof.length > MAX_PROOF) {
    throw new VerifyError('proofTooLong');
  }
  /* 1. leaf_index must be below tree_size. */
  if (index >= size) {
    throw new VerifyError('indexOutOfRange', { index, size });
  }
  /* 2. fn = leaf_index, sn = tree_size - 1 (BigInt: shifts beyond 32 bits). */
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  /* 3. r = hash. */
  let r = leaf;
  /* 4. for each p in the proof: */
  for (const p of proof) {
    /* a. a proof longer than the path fails. */
    if (sn === 0n) {
      throw new VerifyError('proofTooLong');
    }
    /* b. p is a left sibling when LSB(fn) is set or fn == sn ... */
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      /* ... and then right-shift until LSB(fn) is set or fn is 0. */
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    /* c. right-shift fn and sn once. */
    fn >>= 1n;
    sn >>= 1n;
  }
  /* 5 (first half). sn must have reached 0: otherwise the proof is short. */
  if (sn !== 0n) {
    throw new VerifyError('proofTooShort');
  }
  return r;
}

/* RFC 9162 §2.1.3.2 in full: resolves to true, or throws VerifyError. */
export async function verifyInclusion({ index, size, leafHash: leaf, proof, root }) {
  const computed = await rootFromInclusionProof(index, size, leaf, proof);
  if (!equalBytes(computed, root)) {
    throw new VerifyError('rootMismatch', { computed: encodeBase64(computed), expected: encodeBase64(root) });
  }
  return true;
}

/* ---- C2SP tlog-tiles: entry bundles ---- */

/* A tile index in 3-digit groups, all but the last prefixed "x": 1234067 → x001/x234/067. */
export function tileIndexPath(n) {
  checkCount(n, 'tile');
  let digits = String(n);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups = digits.match(/\d{3}/g);
  return groups.map((g, i) => (i < groups.length - 1 ? 'x' + g : g)).join('/');
}

/*
 * Where entry `index` of a tree of `size` leaves is published: the entry
 * bundle's path (relative to the log's prefix, e.g. "tile/entries/004.p/9"),
 * the bundle's width and the entry's position in it. The last bundle of the
 * tree is partial, with width size mod 256.
 */
export function entryBundleLocation(index, size) {
  checkCount(index, 'index');
  checkCount(size, 'size');
  if (index >= size) {
    throw new VerifyError('indexOutOfRange', { index, size });
  }
  const tile = Math.floor(index / TILE_WIDTH);
  const width = Math.min(TILE_WIDTH, size - tile * TILE_WIDTH);
  const path = `tile/entries/${tileIndexPath(tile)}` + (width < TILE_WIDTH ? `.p/${width}` : '');
  return { path, tile, width, position: index - tile * TILE_WIDTH };
}

/* The entries of a bundle: each a big-endian uint16 length, then that many bytes. */
export function parseEntryBundle(bytes) {
  const entries = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) {
      throw new VerifyError('bundleMalformed');
    }
    const length = (bytes[at] << 8) | bytes[at + 1];
    at += 2;
    if (at + length > bytes.length) {
      throw new VerifyError('bundleMalformed');
    }
    entries.push(bytes.subarray(at, at + length));
    at += length;
  }
  return entries;
}

/* ---- C2SP signed-note and tlog-checkpoint ---- */

/*
 * Splits a signed note into its text (up to and including the newline
 * before the last blank line: the signed bytes) and its signature lines
 * "— <name> <base64(key id (4) || signature)>".
 */
export function parseNote(note) {
  if (typeof note !== 'string' || !note.endsWith('\n')) {
    throw new VerifyError('badNote');
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0) {
    throw new VerifyError('badNote');
  }
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const signatures = lines.map((line) => {
    const match = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!match) {
      throw new VerifyError('badNote');
    }
    const bytes = decodeBase64(match[2], 'signature');
    if (bytes.length < 5) {
      throw new VerifyError('badNote');
    }
    return { name: match[1], keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/*
 * A signed checkpoint: {note, text, origin, size, root (bytes), rootBase64,
 * extensions, signatures}. The text is "<origin>\n<size>\n<root>\n" plus
 * optional extension lines.
 */
export function parseCheckpoint(note) {
  const { text, signatures } = parseNote(note);
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (lines.length < 3 || !origin || origin.trim() !== origin || !/^(0|[1-9][0-9]*)$/.test(sizeText)) {
    throw new VerifyError('badCheckpoint');
  }
  const size = Number(sizeText);
  checkCount(size, 'size');
  if (extensions.some((line) => line === '')) {
    throw new VerifyError('badCheckpoint');
  }
  const root = decodeHash(rootText, 'root');
  return { note, text, origin, size, root, rootBase64: rootText, extensions, signatures };
}

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/* The first four bytes of SHA-256(name || "\n" || type || public key). */
export async function keyId(name, type, publicKey) {
  const digest = await sha256(concatBytes(utf8.encode(name + '\n'), Uint8Array.of(type), publicKey));
  return digest.subarray(0, 4);
}

/* A verifier key "<name>+<8 hex digits>+<base64(0x01 || 32-byte key)>", its id checked. */
export async function parseVerifierKey(text) {
  const match = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/u.exec(String(text).trim());
  if (!match) {
    throw new VerifyError('badKey');
  }
  const [, name, idHex, keyText] = match;
  const bytes = decodeBase64(keyText, 'key');
  if (bytes.length !== 33 || bytes[0] !== KEY_TYPE_ED25519) {
    throw new VerifyError('badKey');
  }
  const publicKey = bytes.subarray(1);
  const id = await keyId(name, KEY_TYPE_ED25519, publicKey);
  if (hex(id) !== idHex) {
    throw new VerifyError('keyIdMismatch');
  }
  return { name, keyId: id, keyIdHex: idHex, publicKey };
}

/* Whether this browser's Web Crypto can verify Ed25519 signatures. */
export async function ed25519Supported() {
  try {
    await subtle().importKey('raw', new Uint8Array(32), { name: 'Ed25519' }, false, ['verify']);
    return true;
  } catch {
    return false;
  }
}

/*
 * Verifies the log's Ed25519 signature on a signed checkpoint with the
 * verifier key text. Resolves to {status: 'verified', keyIdHex} or, when
 * this browser's Web Crypto lacks Ed25519, {status: 'unsupported', detail};
 * throws VerifyError when the checkpoint, the key or the signature is bad.
 */
export async function verifyCheckpointSignature(note, verifierKey) {
  const checkpoint = parseCheckpoint(note);
  const key = await parseVerifierKey(verifierKey);
  if (checkpoint.origin !== key.name) {
    throw new VerifyError('originMismatch', { origin: checkpoint.origin, name: key.name });
  }
  const line = checkpoint.signatures.find((s) => s.name === key.name && equalBytes(s.keyId, key.keyId));
  if (!line) {
    throw new VerifyError('noSignature', { name: key.name });
  }
  let cryptoKey;
  try {
    cryptoKey = await subtle().importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    if (error instanceof VerifyError) {
      throw error;
    }
    return { status: 'unsupported', detail: String(error && error.name ? `${error.name}: ${error.message}` : error) };
  }
  const ok = line.signature.length === 64
    && await subtle().verify({ name: 'Ed25519' }, cryptoKey, line.signature, utf8.encode(checkpoint.text));
  if (!ok) {
    throw new VerifyError('badSignature', { name: key.name });
  }
  return { status: 'verified', keyIdHex: key.keyIdHex };
}

/* ---- one entry, end to end ---- */

/* Structural equality of two JSON values (as JSON.parse gives them). */
export function sameJson(a, b) {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

/*
 * Verifies that entry `index` is in the tree of the signed checkpoint
 * (from parseCheckpoint): fetches its entry bundle with getBytes(path),
 * hashes the entry here, asks getProof(index, size) for the inclusion
 * proof ({index, size, proof: [base64...]}), folds it and compares the root
 * with the checkpoint's. When `record` is given, the entry must also be
 * that record's JSON. Resolves to what was checked:
 *   {index, size, bundlePath, entryText, entryLength, leafHash, proofLength,
 *    computedRoot, root (the checkpoint's, equal to it), serverLeafHash}
 * and throws VerifyError otherwise, with `partial` holding the steps done.
 */
export async function verifyEntry({ index, checkpoint, getBytes, getProof, record }) {
  const out = { index, size: checkpoint.size };
  try {
    const where = entryBundleLocation(index, checkpoint.size);
    out.bundlePath = where.path;
    let bundle;
    try {
      bundle = await getBytes(where.path);
    } catch (error) {
      throw new VerifyError('fetchFailed', { what: where.path, message: error.message || String(error) });
    }
    const entries = parseEntryBundle(bundle);
    if (entries.length !== where.width) {
      throw new VerifyError('bundleMalformed');
    }
    const entry = entries[where.position];
    out.entryLength = entry.length;
    try {
      out.entryText = new TextDecoder('utf-8', { fatal: true }).decode(entry);
    } catch {
      throw new VerifyError('notUtf8');
    }
    if (record !== undefined) {
      let parsed;
      try {
        parsed = JSON.parse(out.entryText);
      } catch {
        parsed = undefined;
      }
      if (!sameJson(parsed, record)) {
        throw new VerifyError('recordMismatch', { index });
      }
    }
    const leaf = await leafHash(entry);
    out.leafHash = encodeBase64(leaf);

    let answer;
    try {
      answer = await getProof(index, checkpoint.size);
    } catch (error) {
      throw new VerifyError('fetchFailed', { what: 'proof', message: error.message || String(error) });
    }
    if (!answer || answer.index !== index || answer.size !== checkpoint.size || !Array.isArray(answer.proof)) {
      throw new VerifyError('proofMismatch', { index, size: checkpoint.size });
    }
    out.serverLeafHash = answer.leaf_hash ?? null;
    const proof = answer.proof.map((p) => decodeHash(p, 'proof'));
    out.proofLength = proof.length;
    const computed = await rootFromInclusionProof(index, checkpoint.size, leaf, proof);
    out.computedRoot = encodeBase64(computed);
    if (!equalBytes(computed, checkpoint.root)) {
      throw new VerifyError('rootMismatch', { computed: out.computedRoot, expected: checkpoint.rootBase64 });
    }
    out.root = checkpoint.rootBase64;
    return out;
  } catch (error) {
    error.partial = out;
    throw error;
  }
}
