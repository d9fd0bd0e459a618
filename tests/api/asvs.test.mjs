// The session and password controls of OWASP ASVS 4.0.3 at level 2
// (chapters V2 Authentication and V3 Session Management), one test per
// control, named after its number, over real HTTP. V3.3.2's idle and
// absolute timeouts are shown in tests/unit/test_auth.c
// (test_auth_asvs_3_3_2_…), since no test waits 12 hours; docs/security.md
// lists every control with where it is met.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { API, eventCount, expectError, login, onPostgres, request, sql, startServer, unique } from './lib/server.mjs';
import { base32Bytes, codeNow, signInWithCode, turnOnTotp } from './lib/totp.mjs';

const srv = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] });
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');

/** Creates a member of diankou with password; returns the answer. */
function createUser(password, name = unique('asvs')) {
    return request(url, 'POST', '/users', { auth: admin, body: { login: name, role: 'member', township: 'diankou', password } });
}

/** Signs in; returns the raw answer (status, Set-Cookie, body). */
async function signIn(name, password, headers = {}) {
    const res = await fetch(`${url}${API}/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ login: name, password }),
    });
    return { status: res.status, cookies: res.headers.getSetCookie(), body: await res.json() };
}

/** A user made with password signs in with it. */
async function acceptsPassword(password) {
    const name = unique('asvs');
    const made = await createUser(password, name);
    assert.equal(made.status, 201, made.text);
    assert.equal((await signIn(name, password)).status, 200, `${JSON.stringify(password)} does not sign in`);
    return name;
}

describe('V2.1 password security', () => {
    test('V2.1.1 passwords set by users are at least 12 characters', async () => {
        expectError(await createUser('elevenchars'), 422, 'invalid', 'password');
        await acceptsPassword('twelve chars');
    });

    test('V2.1.2 passwords of 64 characters and more are permitted', async () => {
        await acceptsPassword('p'.repeat(64));
        await acceptsPassword('long passphrase '.repeat(8).trim());
    });

    test('V2.1.3 spaces are kept and nothing is truncated', async () => {
        const password = 'correct horse battery staple  twice';
        const name = await acceptsPassword(password);
        assert.equal((await signIn(name, password.replace('  ', ' '))).status, 401);
        const long = `${'a'.repeat(99)}b`;
        const other = await acceptsPassword(long);
        assert.equal((await signIn(other, `${'a'.repeat(99)}c`)).status, 401, 'the 100th character counts');
    });

    test('V2.1.4 Unicode is permitted: 12 emoji or 64 kanji', async () => {
        await acceptsPassword('🐉🌾🏯🌸🍵🎋🐼🌕🎐🏮🧧🥟');
        await acceptsPassword('诸暨市镇街权力运行机制规则程序监督测评追究公开'.repeat(3).slice(0, 64));
    });

    test('V2.1.5 and V2.1.6 users change their password, giving the current and the new one', async () => {
        const name = await acceptsPassword('before-the-change-2026');
        const auth = await login(url, name, 'before-the-change-2026');
        expectError(
            await request(url, 'POST', '/session/password', { auth, body: { new_password: 'after-the-change-2026' } }),
            422,
            'invalid',
            'current_password',
        );
        expectError(
            await request(url, 'POST', '/session/password', {
                auth,
                body: { current_password: 'not-the-password-1', new_password: 'after-the-change-2026' },
            }),
            422,
            'invalid',
            'current_password',
        );
        const changed = await request(url, 'POST', '/session/password', {
            auth,
            body: { current_password: 'before-the-change-2026', new_password: 'after-the-change-2026' },
        });
        assert.equal(changed.status, 200, changed.text);
        assert.equal((await signIn(name, 'after-the-change-2026')).status, 200);
        assert.equal((await signIn(name, 'before-the-change-2026')).status, 401);
    });

    test('V2.1.7 common (breached) passwords are refused when set and when changed', async () => {
        const refused = await createUser('password1234');
        expectError(refused, 422, 'invalid', 'password');
        assert.match(refused.body.error.message, /常见密码/);
        const name = await acceptsPassword('an-uncommon-password-2026');
        const auth = await login(url, name, 'an-uncommon-password-2026');
        expectError(
            await request(url, 'POST', '/session/password', {
                auth,
                body: { current_password: 'an-uncommon-password-2026', new_password: 'qwertyuiop123' },
            }),
            422,
            'invalid',
            'new_password',
        );
    });

    test('V2.1.9 no composition rules: letters alone, digits alone or symbols alone will do', async () => {
        await acceptsPassword('quietriverbanksofzhuji');
        await acceptsPassword('802634917735');
        await acceptsPassword('!@#$%^&*()_+-=');
    });

    test('V2.1.10 no rotation and no history: an earlier password may be set again', async () => {
        const name = await acceptsPassword('the-first-password-2026');
        const change = async (from, to) => {
            const auth = await login(url, name, from);
            const res = await request(url, 'POST', '/session/password', { auth, body: { current_password: from, new_password: to } });
            assert.equal(res.status, 200, res.text);
        };
        await change('the-first-password-2026', 'the-second-password-2026');
        await change('the-second-password-2026', 'the-first-password-2026');
        assert.equal((await signIn(name, 'the-first-password-2026')).status, 200);
    });
});

describe('V2.2 and V2.4: guessing and storage', () => {
    test('V2.2.1 failed sign-ins are slowed: past five free failures, each try waits and is told how long', async () => {
        // From an address of its own (the trusted proxy names it). The cap
        // of 100 failures an hour on one account from every address is
        // tests/unit/test_throttle.c, test_asvs_2_2_1_….
        const name = await acceptsPassword('guess-me-if-you-can-2026');
        const from = { 'X-Forwarded-For': '10.9.0.1' };
        for (let i = 0; i < 6; i++) {
            assert.equal((await signIn(name, `wrong-guess-${i}`, from)).status, 401);
        }
        const refused = await signIn(name, 'guess-me-if-you-can-2026', from);
        assert.equal(refused.status, 429);
        assert.equal(refused.body.error.code, 'rate_limited');
        // Elsewhere, the right password still signs in: nobody locks another out.
        assert.equal((await signIn(name, 'guess-me-if-you-can-2026', { 'X-Forwarded-For': '10.9.0.2' })).status, 200);
    });

    test('V2.4.1 and V2.4.2 passwords are kept as salted Argon2id hashes, a salt of their own each', async () => {
        const a = await acceptsPassword('one-password-for-two');
        const b = await acceptsPassword('one-password-for-two');
        const hashes = sql(
            srv.dataDir,
            `SELECT k.password_hash FROM credentials k JOIN users u ON u.id = k.user_id WHERE u.login IN ('${a}', '${b}') ORDER BY u.login`,
        );
        assert.equal(hashes.status, 0, hashes.stderr);
        const [ha, hb] = hashes.stdout.trim().split('\n');
        for (const h of [ha, hb]) {
            const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=\d+\$([A-Za-z0-9+/]+)\$[A-Za-z0-9+/]+$/.exec(h);
            assert.ok(m, h);
            assert.ok(Buffer.from(m[3], 'base64').length >= 16, 'a salt of 128 bits');
        }
        assert.notEqual(ha, hb, 'the same password hashes apart');
        assert.ok(!ha.includes('one-password-for-two'));
    });
});

describe('V2.8 one-time codes', () => {
    test('V2.8.2 the TOTP secret is not in the database in the clear', async () => {
        const name = await acceptsPassword('sealed-secret-2026');
        const auth = await login(url, name, 'sealed-secret-2026');
        const { secret } = await turnOnTotp(url, auth, 'sealed-secret-2026');
        const raw = base32Bytes(secret);
        const stored = sql(
            srv.dataDir,
            `SELECT ${onPostgres ? "encode(k.totp_secret, 'hex')" : 'hex(k.totp_secret)'} FROM credentials k JOIN users u ON u.id = k.user_id WHERE u.login = '${name}'`,
        );
        assert.equal(stored.status, 0, stored.stderr);
        const bytes = Buffer.from(stored.stdout.trim(), 'hex');
        assert.equal(bytes.length, 20 + 40, 'the secret, a nonce and a tag');
        assert.equal(bytes.indexOf(raw), -1, 'not in the clear');
        // The server still checks codes with it.
        await signInWithCode(url, name, 'sealed-secret-2026', secret);
    });

    test('V2.8.5 a code used again is refused and logged, and its holder is told in their sessions', async () => {
        const password = 'told-of-reuse-2026';
        const name = await acceptsPassword(password);
        const { secret } = await turnOnTotp(url, await login(url, name, password), password);
        const code = codeNow(secret, 1);
        const holder = await signInWithCode(url, name, password, secret, code);
        assert.deepEqual(holder.second.body.notices, []);
        // Someone with the password gives the code just used, from elsewhere.
        const ticket = (await request(url, 'POST', '/session', { body: { login: name, password } })).body.ticket;
        const replay = await request(url, 'POST', '/session/code', {
            body: { ticket, code },
            headers: { 'X-Forwarded-For': '203.0.113.45' },
        });
        expectError(replay, 401, 'unauthenticated', 'code');
        assert.match(replay.body.error.message, /已经用过/);
        const logged = srv.securityLog().filter((l) => l.event === 'login.code_failed' && l.login === name);
        assert.deepEqual(
            logged.map((l) => [l.reason, l.address]),
            [['replayed', '203.0.113.45']],
        );
        // The holder's session says so, with when and from where.
        const told = (await request(url, 'GET', '/session', { auth: holder.auth })).body.notices;
        assert.equal(told.length, 1);
        assert.equal(told[0].kind, 'code_replayed');
        assert.equal(told[0].address, '203.0.113.45');
        assert.ok(Math.abs(Date.parse(told[0].at) - Date.now()) < 60000, told[0].at);
        // No one else hears of it; only the holder's own session says it was seen.
        assert.deepEqual((await request(url, 'GET', '/session', { auth: admin })).body.notices, []);
        expectError(await request(url, 'POST', '/session/notices/seen', { auth: { cookie: holder.auth.cookie }, body: {} }), 403, 'forbidden');
        const seen = await request(url, 'POST', '/session/notices/seen', { auth: holder.auth, body: {} });
        assert.equal(seen.status, 200, seen.text);
        assert.equal(seen.body.seen, 1);
        assert.deepEqual((await request(url, 'GET', '/session', { auth: holder.auth })).body.notices, []);
        assert.equal((await request(url, 'POST', '/session/notices/seen', { auth: holder.auth, body: {} })).body.seen, 0);
    });
});

describe('V3 session management', () => {
    test('V3.1.1 session tokens are never in URLs: neither given there nor taken from there', async () => {
        const name = await acceptsPassword('tokens-stay-in-cookies');
        const res = await signIn(name, 'tokens-stay-in-cookies');
        const token = /probity_session=([^;]+)/.exec(res.cookies.join('\n'))[1];
        assert.ok(!JSON.stringify(res.body).includes(token), 'the answer body does not carry the token');
        const byQuery = await request(url, 'GET', `/session?session=${encodeURIComponent(token)}&probity_session=${encodeURIComponent(token)}`);
        assert.equal(byQuery.body.user ?? null, null, 'a token in the URL signs nobody in');
    });

    test('V3.2.1 every sign-in makes a new session token', async () => {
        const name = await acceptsPassword('new-token-each-time');
        const first = await login(url, name, 'new-token-each-time');
        const second = await login(url, name, 'new-token-each-time');
        assert.notEqual(first.cookie, second.cookie);
    });

    test('V3.2.2 and V3.2.4 tokens carry at least 64 bits from the system random source', async () => {
        const name = await acceptsPassword('random-tokens-2026');
        const tokens = new Set();
        for (let i = 0; i < 10; i++) {
            const auth = await login(url, name, 'random-tokens-2026');
            const token = auth.cookie.split('=')[1];
            // "ps_" and base64url of 32 random bytes (libsodium randombytes).
            assert.match(token, /^ps_[A-Za-z0-9_-]{43}$/);
            tokens.add(token);
        }
        assert.equal(tokens.size, 10);
    });

    test('V3.3.1 signing out ends the session: its token is refused afterwards', async () => {
        const name = await acceptsPassword('signing-out-for-good');
        const auth = await login(url, name, 'signing-out-for-good');
        assert.equal((await request(url, 'GET', '/session', { auth })).body.user.login, name);
        const out = await request(url, 'DELETE', '/session', { auth });
        assert.equal(out.status, 200, out.text);
        assert.equal((await request(url, 'GET', '/session', { auth })).body.user ?? null, null);
        expectError(await request(url, 'POST', '/session/password', { auth, body: {} }), 401, 'unauthenticated');
    });

    test('V3.3.4 users see their open sessions and end one, or all the others, with the password again', async () => {
        const password = 'my-three-devices-2026';
        const name = await acceptsPassword(password);
        /** Signs in from a browser and an address; {cookie, csrf} as login() gives. */
        const from = async (device, address) => {
            const res = await signIn(name, password, { 'User-Agent': device, 'X-Forwarded-For': address });
            assert.equal(res.status, 200);
            return { cookie: res.cookies.find((c) => c.startsWith('probity_session=')).split(';')[0], csrf: res.body.csrf_token };
        };
        const desk = await from('Mozilla/5.0 (Windows NT 10.0) Chrome/120.0', '10.20.0.1');
        const phone = await from('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1', '10.20.0.2');
        const home = await from('Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0', '10.20.0.3');
        const signedIn = async (auth) => (await request(url, 'GET', '/session', { auth })).body.user?.login === name;

        // The three, and the sign-in of acceptsPassword (from the test's own address).
        const list = await request(url, 'GET', '/sessions', { auth: desk });
        assert.equal(list.status, 200, list.text);
        assert.deepEqual(
            list.body.items.map((s) => [s.address, s.current]),
            [
                ['10.20.0.3', false],
                ['10.20.0.2', false],
                ['10.20.0.1', true],
                ['127.0.0.1', false],
            ],
            'the newest first, the current one marked',
        );
        const phoneItem = list.body.items.find((s) => s.address === '10.20.0.2');
        assert.match(phoneItem.device, /iPhone/);
        assert.match(phoneItem.signed_in, /^\d{4}-\d\d-\d\dT/);
        assert.ok(Date.parse(phoneItem.ends) > Date.now(), 'it ends in the future');
        assert.match(phoneItem.id, /^[0-9a-f]{16}$/);
        assert.ok(!list.text.includes(desk.cookie.split('=')[1]), 'no secret in the list');

        // Ending one takes the password again; the current one is signed out instead.
        const end = (body, auth = desk) => request(url, 'POST', '/sessions/end', { auth, body });
        expectError(await end({ id: phoneItem.id }), 422, 'invalid', 'password');
        expectError(await end({ id: phoneItem.id, password: 'not-my-password-2026' }), 422, 'invalid', 'password');
        assert.ok(await signedIn(phone), 'a refusal ends nothing');
        const current = list.body.items.find((s) => s.current);
        expectError(await end({ id: current.id, password }), 422, 'invalid', 'id');
        expectError(await end({ id: 'ffffffffffffffff', password }), 404, 'not_found', 'id');
        const one = await end({ id: phoneItem.id, password });
        assert.equal(one.status, 200, one.text);
        assert.equal(one.body.ended, 1);
        assert.equal(await signedIn(phone), false, 'the phone is signed out');
        assert.ok((await signedIn(desk)) && (await signedIn(home)));

        // All the others at once; another user's sessions are not theirs to see.
        const other = await login(url, 'admin');
        assert.ok((await request(url, 'GET', '/sessions', { auth: other })).body.items.every((s) => s.address !== '10.20.0.3'));
        const rest = await end({ password });
        assert.equal(rest.body.ended, 2);
        assert.equal(await signedIn(home), false);
        assert.ok(await signedIn(desk));
        assert.deepEqual(
            (await request(url, 'GET', '/sessions', { auth: desk })).body.items.map((s) => s.address),
            ['10.20.0.1'],
        );
        assert.equal((await request(url, 'GET', '/session', { auth: other })).body.user?.login, 'admin', "another user's session goes on");
    });

    test('V3.3.3 a password change ends every other session of the user', async () => {
        const name = await acceptsPassword('ends-the-others-2026');
        const here = await login(url, name, 'ends-the-others-2026');
        const elsewhere = await login(url, name, 'ends-the-others-2026');
        const changed = await request(url, 'POST', '/session/password', {
            auth: here,
            body: { current_password: 'ends-the-others-2026', new_password: 'a-fresh-password-2026' },
        });
        assert.equal(changed.status, 200, changed.text);
        assert.equal((await request(url, 'GET', '/session', { auth: elsewhere })).body.user ?? null, null);
    });

    test('V3.4.1 to V3.4.5 over TLS the session cookie is __Host-, Secure, HttpOnly, SameSite=Strict, Path=/', async () => {
        const name = await acceptsPassword('cookies-done-right');
        const res = await signIn(name, 'cookies-done-right', { 'X-Forwarded-Proto': 'https' });
        assert.equal(res.status, 200);
        const cookie = res.cookies.find((c) => c.startsWith('__Host-probity_session='));
        assert.ok(cookie, res.cookies.join('\n'));
        const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
        for (const a of ['secure', 'httponly', 'samesite=strict', 'path=/']) {
            assert.ok(attrs.includes(a), `${a} missing from ${cookie}`);
        }
        assert.ok(!attrs.some((a) => a.startsWith('domain=')), '__Host- cookies name no domain');
    });

    test('V3.5.2 scripts use tokens that end, not static secrets', async () => {
        const made = await request(url, 'POST', '/tokens', { auth: admin, body: { label: 'ASVS', access: 'read' } });
        assert.equal(made.status, 201, made.text);
        const days = (Date.parse(made.body.item.expires) - Date.now()) / 86400000;
        assert.ok(days > 0 && days <= 366, `the token ends (${made.body.item.expires})`);
    });

    test('V3.7.1 changing the password asks for the current one again, even when signed in', async () => {
        const name = await acceptsPassword('sensitive-changes-2026');
        const auth = await login(url, name, 'sensitive-changes-2026');
        expectError(
            await request(url, 'POST', '/session/password', {
                auth,
                body: { current_password: 'guessed-wrong-2026', new_password: 'taken-over-2026!' },
            }),
            422,
            'invalid',
            'current_password',
        );
    });

    test('V3.7.1 setting up two-factor sign-in asks for the password again: a session left open cannot bind another phone', async () => {
        const name = await acceptsPassword('binds-my-phone-2026');
        const auth = await login(url, name, 'binds-my-phone-2026');
        const before = await eventCount(url);
        expectError(await request(url, 'POST', '/session/totp', { auth, body: {} }), 422, 'invalid', 'password');
        const wrong = await request(url, 'POST', '/session/totp', { auth, body: { password: 'left-open-on-a-desk' } });
        expectError(wrong, 422, 'invalid', 'password');
        assert.match(wrong.body.error.message, /当前密码不正确/);
        assert.equal(await eventCount(url), before, 'nothing is written');
        assert.equal((await request(url, 'GET', '/session', { auth })).body.user.totp ?? null, null);
        const enrol = await request(url, 'POST', '/session/totp', { auth, body: { password: 'binds-my-phone-2026' } });
        assert.equal(enrol.status, 200, enrol.text);
        assert.match(enrol.body.secret, /^[A-Z2-7]{32}$/);
    });
});
