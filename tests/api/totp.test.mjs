// Two-factor sign-in through the HTTP API, its codes computed by the test
// itself (lib/totp.mjs: HMAC-SHA-1 from node:crypto, RFC 6238), so that the
// server is checked against an independent implementation: setting it up
// with the password again (the secret and otpauth:// URI answered once,
// never in a record), turning it on only with a current code, signing in
// in two steps (the password gives a ticket and no session; the ticket
// and a code open one), a code
// accepted once, code guessing throttled by login from any address,
// turning it off (the password and a code), an administrator's reset
// (ending the user's sessions) and the command line's; bearer tokens go
// on as before. The server trusts 127.0.0.1 as its proxy, so that
// X-Forwarded-For gives each simulated client its address.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { eventCount, expectError, expectEvent, login, request, runCli, startServer, unique } from './lib/server.mjs';
import { base32Bytes, codeNow, codeOfStep, signInWithCode, stepNow, turnOnTotp } from './lib/totp.mjs';

const srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] });
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const PASSWORD = 'two-factor-password-2026';

/** A new member of diankou, signed in with the password: {id, login, auth}. */
async function newUser() {
    const name = unique('totp.');
    const res = await request(url, 'POST', '/users', {
        auth: admin,
        body: { login: name, role: 'member', township: 'diankou', password: PASSWORD },
    });
    assert.equal(res.status, 201, res.text);
    return { id: res.body.item.id, login: name, auth: await login(url, name, PASSWORD) };
}

/** The first step of signing in, from address (X-Forwarded-For) when given. */
function passwordStep(name, { password = PASSWORD, address } = {}) {
    const headers = address ? { 'X-Forwarded-For': address } : {};
    return request(url, 'POST', '/session', { body: { login: name, password }, headers });
}

/** The second step of signing in, from address when given. */
function codeStep(ticket, code, { address, headers = {} } = {}) {
    const h = address ? { ...headers, 'X-Forwarded-For': address } : headers;
    return request(url, 'POST', '/session/code', { body: { ticket, code }, headers: h });
}

/** The status of GET /session for auth. */
async function sessionStatus(auth) {
    return (await request(url, 'GET', '/session', { auth })).status;
}

/** The record at seq as the public reads it. */
async function publicRecord(seq) {
    const res = await request(url, 'GET', `/events?offset=${seq}&limit=1`);
    assert.equal(res.status, 200, res.text);
    return res.body.items[0];
}

describe('the code check', () => {
    test('agrees with RFC 6238 Appendix B (SHA-1), so that the test computes codes as apps do', () => {
        const rfcKey = Buffer.from('12345678901234567890').toString('hex');
        // The seed as base32 (what the server would answer for it).
        const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
        assert.equal(base32Bytes(base32).toString('hex'), rfcKey);
        assert.equal(codeOfStep(base32, Math.floor(59 / 30), 8), '94287082');
        assert.equal(codeOfStep(base32, Math.floor(1111111109 / 30), 8), '07081804');
        assert.equal(codeOfStep(base32, Math.floor(20000000000 / 30), 8), '65353130');
        assert.equal(codeOfStep(base32, 1), '287082');
    });
});

describe('setting up two-factor sign-in', () => {
    test('answers the secret and the otpauth URI once, and is on only once a current code confirms it', async () => {
        const u = await newUser();
        const enrol = await request(url, 'POST', '/session/totp', { auth: u.auth, body: { password: PASSWORD } });
        const ev = expectEvent(enrol, 200, 'user.updated');
        assert.equal(enrol.body.item.totp, 'pending');
        const { secret, uri } = enrol.body;
        assert.match(secret, /^[A-Z2-7]{32}$/);
        assert.equal(
            uri,
            `otpauth://totp/probity:${u.login}?secret=${secret}&issuer=probity&algorithm=SHA1&digits=6&period=30`,
        );
        // The record names neither the login nor the secret, nor whether it is on.
        const rec = await publicRecord(ev.seq);
        const text = JSON.stringify(rec);
        assert.ok(!text.includes(secret) && !text.includes(u.login), text);
        assert.equal(rec.payload.totp, undefined, text);
        assert.match(rec.payload.totp_changed, /^\d{4}-/);
        assert.ok(!srv.stderr().includes(secret), 'no secret in the log');

        // Pending: the session says so, and the password alone still signs in.
        assert.equal((await request(url, 'GET', '/session', { auth: u.auth })).body.user.totp, 'pending');
        const plain = await passwordStep(u.login);
        assert.equal(plain.status, 200, plain.text);
        assert.equal(plain.body.code_required, undefined);

        // A wrong code, a code of another step, a malformed one: refused, nothing written.
        const before = await eventCount(url);
        for (const code of ['000000', codeOfStep(secret, stepNow(-3)), '12345', 'abcdef']) {
            const res = await request(url, 'POST', '/session/totp/confirm', { auth: u.auth, body: { code } });
            expectError(res, 422, 'invalid', 'code');
            assert.match(res.body.error.message, /验证码不正确/);
        }
        expectError(await request(url, 'POST', '/session/totp/confirm', { auth: u.auth, body: {} }), 422, 'invalid', 'code');
        assert.equal(await eventCount(url), before);

        const confirm = await request(url, 'POST', '/session/totp/confirm', { auth: u.auth, body: { code: codeNow(secret) } });
        const on = expectEvent(confirm, 200, 'user.updated');
        assert.equal(confirm.body.item.totp, 'on');
        assert.ok(!JSON.stringify(await publicRecord(on.seq)).includes(secret));
        assert.equal(confirm.body.secret, undefined, 'the secret is answered once only');

        // On: setting up again is refused until it is turned off.
        const again = await request(url, 'POST', '/session/totp', { auth: u.auth, body: { password: PASSWORD } });
        expectError(again, 409, 'conflict');
        assert.match(again.body.error.message, /已经开启/);
    });

    test('is the user\'s own, from a session: not for a token, nor the public', async () => {
        const u = await newUser();
        const token = await request(url, 'POST', '/tokens', { auth: u.auth, body: { label: 'x', access: 'write' } });
        assert.equal(token.status, 201, token.text);
        const before = await eventCount(url);
        expectError(await request(url, 'POST', '/session/totp', { auth: { token: token.body.token }, body: { password: PASSWORD } }), 403, 'forbidden');
        expectError(await request(url, 'POST', '/session/totp', { body: { password: PASSWORD } }), 401, 'unauthenticated');
        expectError(await request(url, 'POST', '/session/totp', { auth: u.auth, body: { password: PASSWORD }, csrf: null }), 403, 'forbidden');
        assert.equal(await eventCount(url), before);
    });
});

describe('signing in with a code', () => {
    test('takes the password, then the ticket and a current code; a code is accepted once', async () => {
        const u = await newUser();
        const { secret } = await turnOnTotp(url, u.auth, PASSWORD);
        const bearer = (await request(url, 'POST', '/tokens', { auth: u.auth, body: { label: '脚本' } })).body;

        // The password alone opens no session: a ticket, and no cookie.
        const first = await passwordStep(u.login);
        assert.equal(first.status, 200, first.text);
        assert.deepEqual(Object.keys(first.body).sort(), ['code_required', 'expires_in', 'ticket']);
        assert.equal(first.body.code_required, true);
        assert.equal(first.body.expires_in, 300);
        assert.match(first.body.ticket, /^pv_[A-Za-z0-9_-]+$/);
        assert.equal(first.headers.getSetCookie().length, 0);
        // A wrong password is only a wrong password.
        expectError(await passwordStep(u.login, { password: 'not-the-password-1' }), 401, 'unauthenticated');

        // A wrong code, a forged or foreign ticket: no session.
        const wrong = await codeStep(first.body.ticket, '000000');
        expectError(wrong, 401, 'unauthenticated', 'code');
        assert.match(wrong.body.error.message, /验证码不正确/);
        assert.equal(wrong.headers.getSetCookie().length, 0);
        const forged = first.body.ticket.slice(0, -2) + (first.body.ticket.endsWith('AA') ? 'BB' : 'AA');
        const code = codeNow(secret, 1);
        const bad = await codeStep(forged, code);
        expectError(bad, 401, 'unauthenticated', null);
        assert.match(bad.body.error.message, /重新输入登录名和密码/);
        expectError(await codeStep('pv_nothing', code), 401, 'unauthenticated', null);
        expectError(await request(url, 'POST', '/session/code', { body: { ticket: first.body.ticket } }), 422, 'invalid', 'code');

        // The right code opens a session like any other.
        const second = await codeStep(first.body.ticket, code);
        assert.equal(second.status, 200, second.text);
        assert.equal(second.body.user.login, u.login);
        assert.equal(second.body.user.totp, 'on');
        const cookie = second.headers.getSetCookie().find((c) => c.startsWith('probity_session='));
        assert.match(cookie, /HttpOnly; SameSite=Strict/);
        const auth = { cookie: cookie.split(';')[0], csrf: second.body.csrf_token };
        assert.equal(await sessionStatus(auth), 200);
        // A write with its CSRF token, as from any session.
        assert.equal((await request(url, 'POST', '/session/calendar', { auth, body: {} })).status, 201);

        // The same code again, even with a new ticket: refused as used.
        const next = await passwordStep(u.login);
        const replay = await codeStep(next.body.ticket, code);
        expectError(replay, 401, 'unauthenticated', 'code');
        assert.match(replay.body.error.message, /已经用过/);
        const english = await codeStep(next.body.ticket, code, { headers: { 'Accept-Language': 'en' } });
        assert.match(english.body.error.message, /used already/);

        // Bearer tokens are not asked for codes.
        assert.equal(await sessionStatus({ token: bearer.token }), 200);
        const lines = srv.securityLog().filter((l) => l.event === 'login.code_failed' && l.login === u.login);
        assert.deepEqual([...new Set(lines.map((l) => l.reason))].sort(), ['replayed', 'wrong']);
        assert.ok(!lines.some((l) => JSON.stringify(l).includes(code)), 'no code in the log');
    });

    test('code guessing is throttled by login, from any address, and the right code then waits too', async () => {
        const u = await newUser();
        const { secret } = await turnOnTotp(url, u.auth, PASSWORD);
        const first = await passwordStep(u.login, { address: '198.51.100.10' });
        assert.equal(first.status, 200, first.text);
        // Five free failures and a sixth, each from another address.
        for (let i = 0; i < 6; i++) {
            expectError(await codeStep(first.body.ticket, '000000', { address: `198.51.100.${20 + i}` }), 401, 'unauthenticated', 'code');
        }
        const waits = await codeStep(first.body.ticket, codeNow(secret, 1), { address: '198.51.100.99' });
        expectError(waits, 429, 'rate_limited');
        assert.ok(Number(waits.headers.get('Retry-After')) >= 1);
        const throttled = srv.securityLog().find((l) => l.event === 'login.throttled' && l.login === u.login);
        assert.equal(throttled?.by, 'login');
        // The password from elsewhere still gets its ticket: only codes wait.
        const other = await passwordStep(u.login, { address: '198.51.100.120' });
        assert.equal(other.status, 200, other.text);
        assert.equal(other.body.code_required, true);
    });
});

describe('turning it off', () => {
    test('needs the password and a current code; then the password alone signs in', async () => {
        const u = await newUser();
        const { secret } = await turnOnTotp(url, u.auth, PASSWORD);
        const off = (body, extra = {}) => request(url, 'POST', '/session/totp/disable', { auth: u.auth, body, ...extra });
        const before = await eventCount(url);
        const wrongPassword = await off({ password: 'not-the-password-1', code: codeNow(secret, 1) });
        expectError(wrongPassword, 422, 'invalid', 'password');
        const wrongCode = await off({ password: PASSWORD, code: '000000' });
        expectError(wrongCode, 422, 'invalid', 'code');
        expectError(await off({ password: PASSWORD }), 422, 'invalid', 'code');
        assert.equal(await eventCount(url), before);
        assert.ok(srv.securityLog().some((l) => l.event === 'code.refused' && l.user === u.id && l.reason === 'wrong'));

        const res = await off({ password: PASSWORD, code: codeNow(secret, 1) });
        expectEvent(res, 200, 'user.updated');
        assert.equal(res.body.item.totp, null);
        expectError(await off({ password: PASSWORD, code: codeNow(secret, 1) }), 409, 'conflict');
        const plain = await passwordStep(u.login);
        assert.equal(plain.status, 200, plain.text);
        assert.equal(plain.body.user.login, u.login);
        // Set up again: a new secret.
        const again = await request(url, 'POST', '/session/totp', { auth: u.auth, body: { password: PASSWORD } });
        assert.equal(again.status, 200, again.text);
        assert.notEqual(again.body.secret, secret);
    });

    test('an administrator resets it when the phone is lost, ending the user\'s sessions but not their tokens', async () => {
        const u = await newUser();
        const { secret } = await turnOnTotp(url, u.auth, PASSWORD);
        const token = (await request(url, 'POST', '/tokens', { auth: u.auth, body: { label: '同步' } })).body.token;
        const { auth } = await signInWithCode(url, u.login, PASSWORD, secret);
        const before = await eventCount(url);
        expectError(await request(url, 'POST', `/users/${u.id}/totp/reset`, { auth: u.auth, body: {} }), 403, 'forbidden');
        assert.equal(await eventCount(url), before);

        const res = await request(url, 'POST', `/users/${u.id}/totp/reset`, { auth: admin, body: {} });
        const ev = expectEvent(res, 200, 'user.updated');
        assert.equal(res.body.item.totp, null);
        assert.ok(!JSON.stringify(await publicRecord(ev.seq)).includes(u.login));
        assert.equal(await sessionStatus(auth), 401);
        assert.equal(await sessionStatus(u.auth), 401);
        assert.equal(await sessionStatus({ token }), 200);
        const plain = await passwordStep(u.login);
        assert.equal(plain.status, 200, plain.text);
        assert.equal(plain.body.code_required, undefined);

        // Nothing left to reset: said with the user's name as the office knows it.
        const none = await request(url, 'POST', `/users/${u.id}/totp/reset`, { auth: admin, body: {} });
        expectError(none, 409, 'conflict');
        assert.match(none.body.error.message, /店口镇的一个班子成员账号没有设置两步验证/);
        assert.ok(!none.body.error.message.includes(u.login));
    });

    test('the command line resets it too, recorded as the API\'s reset is', async () => {
        const u = await newUser();
        const { secret } = await turnOnTotp(url, u.auth, PASSWORD);
        const before = await eventCount(url);
        const r = runCli(['user', 'totp-reset', '--data', srv.dataDir, '--login', u.login]);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /两步验证/);
        assert.equal(await eventCount(url), before + 1);
        assert.equal(await sessionStatus(u.auth), 401);
        const plain = await passwordStep(u.login);
        assert.equal(plain.body.code_required, undefined, plain.text);
        assert.ok(secret.length === 32);
    });
});
