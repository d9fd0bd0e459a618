// One-time codes of two-factor sign-in computed here, independently of the
// server: RFC 6238 TOTP (HMAC-SHA-1 from node:crypto, 30-second steps, six
// digits) over the base32 secret the server answers when a user sets it
// up, and the steps of setting it up and turning it on as a user does.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import { request } from './server.mjs';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The bytes of base32 text (RFC 4648, no padding). */
export function base32Bytes(text) {
    let bits = 0;
    let held = 0;
    const out = [];
    for (const ch of text.replace(/=+$/, '')) {
        const v = BASE32.indexOf(ch);
        assert.ok(v >= 0, `not base32: ${ch}`);
        bits = (bits << 5) | v;
        held += 5;
        if (held >= 8) {
            held -= 8;
            out.push((bits >> held) & 0xff);
        }
    }
    return Buffer.from(out);
}

/** The code of `secret` (base32) for time step `step` (RFC 4226 §5.3 truncation), `digits` long. */
export function codeOfStep(secret, step, digits = 6) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(step));
    const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
    const offset = mac[mac.length - 1] & 0x0f;
    const value = mac.readUInt32BE(offset) & 0x7fffffff;
    return String(value % 10 ** digits).padStart(digits, '0');
}

/** The current time step (30 s from the Unix epoch), `shift` steps on. */
export function stepNow(shift = 0) {
    return Math.floor(Date.now() / 1000 / 30) + shift;
}

/** The code of `secret` now, or `shift` steps on (one either side is accepted). */
export function codeNow(secret, shift = 0) {
    return codeOfStep(secret, stepNow(shift));
}

/**
 * Sets up two-factor sign-in for the session `auth` of a user whose
 * password is `password` and turns it on with the current code, as a user
 * does in the account page. Returns {secret, uri, enrol, confirm} (the
 * answers).
 */
export async function turnOnTotp(url, auth, password) {
    const enrol = await request(url, 'POST', '/session/totp', { auth, body: { password } });
    assert.equal(enrol.status, 200, enrol.text);
    const { secret, uri } = enrol.body;
    const confirm = await request(url, 'POST', '/session/totp/confirm', { auth, body: { code: codeNow(secret) } });
    assert.equal(confirm.status, 200, confirm.text);
    return { secret, uri, enrol, confirm };
}

/**
 * Signs `login` in with two-factor sign-in on: the password, then the code
 * (by default the next step's, so that a code the confirmation used is not
 * given again). Returns {auth, first, second} as login() would.
 */
export async function signInWithCode(url, login, password, secret, code = codeNow(secret, 1)) {
    const first = await request(url, 'POST', '/session', { body: { login, password } });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.code_required, true, first.text);
    const second = await request(url, 'POST', '/session/code', { body: { ticket: first.body.ticket, code } });
    assert.equal(second.status, 200, second.text);
    const setCookie = second.headers.getSetCookie().find((c) => c.startsWith('probity_session='));
    assert.ok(setCookie, `${login}: no session cookie`);
    const cookie = setCookie.split(';')[0];
    return { auth: { cookie, csrf: second.body.csrf_token, user: second.body.user }, first, second };
}
