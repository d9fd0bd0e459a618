// C2SP tlog-tiles for the tests: tile paths, fetching, and splitting an
// entry bundle into its entries.
import assert from 'node:assert/strict';

/** C2SP tlog-tiles: index N as 3-digit groups, all but the last with "x". */
function tileIndex(n) {
    const groups = [];
    do {
        groups.unshift(String(n % 1000).padStart(3, '0'));
        n = Math.floor(n / 1000);
    } while (n > 0);
    return groups.map((g, i) => (i < groups.length - 1 ? 'x' + g : g)).join('/');
}

export function tilePath(level, n, width) {
    return `/log/tile/${level}/${tileIndex(n)}${width < 256 ? `.p/${width}` : ''}`;
}

export async function bytes(url, p) {
    const res = await fetch(url + p);
    assert.equal(res.status, 200, `${p}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
}

/** Splits an entry bundle (uint16 big-endian length + bytes, repeated). */
export function entries(bundle) {
    const out = [];
    for (let i = 0; i < bundle.length; ) {
        const len = bundle.readUInt16BE(i);
        out.push(bundle.subarray(i + 2, i + 2 + len));
        i += 2 + len;
    }
    return out;
}

/** Every entry of the log at url (its signed size), bundle by bundle. */
export async function allEntries(url) {
    const res = await fetch(`${url}/api/v1/log`);
    assert.equal(res.status, 200);
    const { size } = await res.json();
    const out = [];
    for (let n = 0; n * 256 < size; n++) {
        const width = Math.min(256, size - n * 256);
        out.push(...entries(await bytes(url, tilePath('entries', n, width))));
    }
    return out;
}
