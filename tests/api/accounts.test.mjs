// The account's lifecycle through the HTTP API and the command line: the
// administrator changes a role, disables and enables an account, sets a
// new password and ends every session and token of a user; a user changes
// their own password. Each is a "user.updated" record without the login;
// each ends what it must at once, wherever the session was opened (the
// command line is another process). API tokens: read only by default,
// limited to a township or an area, ending after their days, and unable
// to make tokens or change a password. The password policy: 12 to 128
// characters, never a common password nor the login.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { eventCount, expectError, expectEvent, login, request, runCli, sql, startServer, unique } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const PASSWORD = 'lifecycle-password-2026';
const PEOPLE = '/townships/diankou/people';

/** A new member of diankou, signed in: {id, login, auth}. */
async function newUser(role = 'member', township = 'diankou') {
    const name = unique('acct');
    const res = await request(url, 'POST', '/users', {
        auth: admin,
        body: { login: name, role, township, password: PASSWORD },
    });
    assert.equal(res.status, 201, res.text);
    return { id: res.body.item.id, login: name, auth: await login(url, name, PASSWORD) };
}

/** A token of auth's user made with body; returns {item, bearer}. */
async function newToken(auth, body) {
    const res = await request(url, 'POST', '/tokens', { auth, body });
    assert.equal(res.status, 201, res.text);
    return { item: res.body.item, bearer: { token: res.body.token } };
}

/** The status of GET /session for auth (200 while the session or token lives). */
async function sessionStatus(auth) {
    return (await request(url, 'GET', '/session', { auth })).status;
}

/** Signing in as name with password: the answer's status and error. */
async function tryLogin(name, password) {
    return request(url, 'POST', '/session', { body: { login: name, password } });
}

/** The record at seq as the public reads it. */
async function publicRecord(seq) {
    const res = await request(url, 'GET', `/events?offset=${seq}&limit=1`);
    assert.equal(res.status, 200, res.text);
    return res.body.items[0];
}

/** Asserts a 409 that names rule user.self (an administrator's own account). */
function expectSelf(res) {
    assert.equal(res.status, 409, res.text);
    assert.equal(res.body.error.code, 'conflict', res.text);
    assert.equal(res.body.error.rule, 'user.self', res.text);
    assert.match(res.body.error.message, /另一位管理员/);
}

/** Asserts the record of a user's change names no login, and returns it. */
async function expectUpdated(res, status, name) {
    const ev = expectEvent(res, status, 'user.updated');
    const rec = await publicRecord(ev.seq);
    assert.equal(rec.type, 'user.updated');
    assert.ok(!JSON.stringify(rec).includes(name), JSON.stringify(rec));
    return rec;
}

describe('the administrator', () => {
    test('changes a role, and the next request acts with it', async () => {
        const u = await newUser();
        const res = await request(url, 'PATCH', `/users/${u.id}`, { auth: admin, body: { role: 'clerk' } });
        await expectUpdated(res, 200, u.login);
        assert.equal(res.body.item.role, 'clerk');
        const s = await request(url, 'GET', '/session', { auth: u.auth });
        assert.equal(s.body.user.role, 'clerk');
        assert.equal(s.body.capabilities['meeting.manage'], 'diankou');

        // A city-wide role has no township; the township must exist.
        const before = await eventCount(url);
        expectError(
            await request(url, 'PATCH', `/users/${u.id}`, { auth: admin, body: { role: 'commission_inspector' } }),
            422,
            'invalid',
            'township',
        );
        expectError(
            await request(url, 'PATCH', `/users/${u.id}`, { auth: admin, body: { township: 'atlantis' } }),
            422,
            'invalid',
            'township',
        );
        // Not one's own role, and only an administrator.
        const self = await request(url, 'PATCH', `/users/${admin.user.id}`, {
            auth: admin,
            body: { role: 'clerk', township: 'diankou' },
        });
        expectSelf(self);
        expectError(
            await request(url, 'PATCH', `/users/${u.id}`, { auth: u.auth, body: { role: 'secretary' } }),
            403,
            'forbidden',
        );
        expectError(await request(url, 'PATCH', '/users/999999', { auth: admin, body: { role: 'clerk' } }), 404, 'not_found');
        assert.equal(await eventCount(url), before);
    });

    test('disables an account: every session and token ends at once, and it stays out until enabled', async () => {
        const u = await newUser();
        const second = await login(url, u.login, PASSWORD);
        const { bearer } = await newToken(u.auth, { label: '同步', access: 'write' });
        const before = await eventCount(url);
        expectError(await request(url, 'POST', `/users/${u.id}/disable`, { auth: admin, body: {} }), 422, 'invalid', 'reason');
        expectError(await request(url, 'POST', `/users/${u.id}/disable`, { auth: u.auth, body: { reason: 'x' } }), 403, 'forbidden');
        expectSelf(await request(url, 'POST', `/users/${admin.user.id}/disable`, { auth: admin, body: { reason: '测试' } }));
        assert.equal(await eventCount(url), before);

        const res = await request(url, 'POST', `/users/${u.id}/disable`, { auth: admin, body: { reason: '调离本镇' } });
        // Why is a sealed part, as the login is.
        const rec = await expectUpdated(res, 200, u.login);
        assert.ok(!JSON.stringify(rec).includes('调离本镇'), JSON.stringify(rec));
        assert.equal(typeof rec.payload.sealed_digest, 'string');
        assert.match(res.body.item.disabled, /^\d{4}-/);
        for (const auth of [u.auth, second, bearer]) {
            assert.equal(await sessionStatus(auth), 401);
        }
        expectError(await request(url, 'POST', PEOPLE, { auth: bearer, body: { name: '停用后' } }), 401, 'unauthenticated');
        // The right password hears the account is disabled; a wrong one only that it is wrong.
        const right = await tryLogin(u.login, PASSWORD);
        expectError(right, 403, 'forbidden');
        assert.match(right.body.error.message, /已停用/);
        expectError(await tryLogin(u.login, 'not-the-password-1'), 401, 'unauthenticated');
        expectError(await request(url, 'POST', `/users/${u.id}/disable`, { auth: admin, body: { reason: '再次' } }), 409, 'conflict');
        const listed = (await request(url, 'GET', '/users?limit=200', { auth: admin })).body.items.find((x) => x.id === u.id);
        assert.equal(listed.disabled_reason, '调离本镇');

        const enabled = await request(url, 'POST', `/users/${u.id}/enable`, { auth: admin, body: {} });
        await expectUpdated(enabled, 200, u.login);
        assert.equal(enabled.body.item.disabled, null);
        assert.equal(enabled.body.item.disabled_reason, null);
        const again = await login(url, u.login, PASSWORD);
        assert.equal(await sessionStatus(again), 200);
        // Its tokens were revoked for good.
        assert.equal(await sessionStatus(bearer), 401);
        expectError(await request(url, 'POST', `/users/${u.id}/enable`, { auth: admin, body: {} }), 409, 'conflict');
    });

    test('sets a new password: given or generated, and the old one, its sessions and tokens end', async () => {
        const u = await newUser();
        const { bearer } = await newToken(u.auth, { label: 'x' });
        const before = await eventCount(url);
        expectError(
            await request(url, 'POST', `/users/${u.id}/password`, { auth: admin, body: { password: 'qwertyuiop123' } }),
            422,
            'invalid',
            'password',
        );
        expectError(
            await request(url, 'POST', `/users/${u.id}/password`, { auth: admin, body: { password: `x-${u.login}-y` } }),
            422,
            'invalid',
            'password',
        );
        assert.equal(await eventCount(url), before);
        const res = await request(url, 'POST', `/users/${u.id}/password`, { auth: admin, body: {} });
        const rec = await expectUpdated(res, 200, u.login);
        assert.match(res.body.password, /^[A-Za-z0-9]{16}$/);
        assert.ok(!JSON.stringify(rec).includes(res.body.password));
        assert.equal(rec.payload.password_changed, res.body.item.password_changed);
        assert.equal(await sessionStatus(u.auth), 401);
        assert.equal(await sessionStatus(bearer), 401);
        expectError(await tryLogin(u.login, PASSWORD), 401, 'unauthenticated');
        await login(url, u.login, res.body.password);

        const chosen = await request(url, 'POST', `/users/${u.id}/password`, {
            auth: admin,
            body: { password: '一个足够长的新密码可以用' },
        });
        assert.equal(chosen.status, 200, chosen.text);
        assert.equal(chosen.body.password, undefined);
        await login(url, u.login, '一个足够长的新密码可以用');
    });

    test('ends every session and token of a user, who may sign in again', async () => {
        const u = await newUser();
        const second = await login(url, u.login, PASSWORD);
        const { bearer } = await newToken(u.auth, { label: 'x' });
        const res = await request(url, 'POST', `/users/${u.id}/sign-out`, { auth: admin, body: {} });
        await expectUpdated(res, 200, u.login);
        assert.match(res.body.item.sessions_ended, /^\d{4}-/);
        for (const auth of [u.auth, second, bearer]) {
            assert.equal(await sessionStatus(auth), 401);
        }
        assert.equal(await sessionStatus(await login(url, u.login, PASSWORD)), 200);
        // The admin's own sessions elsewhere are the admin's to end.
        const other = await login(url, 'admin');
        const mine = await request(url, 'POST', `/users/${admin.user.id}/sign-out`, { auth: other, body: {} });
        assert.equal(mine.status, 200, mine.text);
        assert.equal(await sessionStatus(other), 401);
        Object.assign(admin, await login(url, 'admin'));
    });
});

describe('one\'s own password', () => {
    test('needs the current one, a good new one, and then every session ends while tokens stay', async () => {
        const u = await newUser();
        const second = await login(url, u.login, PASSWORD);
        const { bearer } = await newToken(u.auth, { label: '脚本' });
        const change = (auth, body, extra = {}) => request(url, 'POST', '/session/password', { auth, body, ...extra });
        const before = await eventCount(url);
        const wrong = await change(u.auth, { current_password: 'not-my-password-1', new_password: 'my-new-password-2026' });
        expectError(wrong, 422, 'invalid', 'current_password');
        assert.match(wrong.body.error.message, /当前密码不正确/);
        const common = await change(u.auth, { current_password: PASSWORD, new_password: 'iloveyou1234' });
        expectError(common, 422, 'invalid', 'new_password');
        assert.match(common.body.error.message, /常见密码/);
        const english = await change(
            u.auth,
            { current_password: PASSWORD, new_password: 'short-1' },
            { headers: { 'Accept-Language': 'en' } },
        );
        expectError(english, 422, 'invalid', 'new_password');
        assert.match(english.body.error.message, /at least 12 characters/);
        expectError(
            await change(u.auth, { current_password: PASSWORD, new_password: 'x'.repeat(129) }),
            422,
            'invalid',
            'new_password',
        );
        expectError(await change(bearer, { current_password: PASSWORD, new_password: 'my-new-password-2026' }), 403, 'forbidden');
        expectError(
            await change(u.auth, { current_password: PASSWORD, new_password: 'my-new-password-2026' }, { csrf: null }),
            403,
            'forbidden',
        );
        expectError(await change(null, { current_password: PASSWORD, new_password: 'my-new-password-2026' }), 401, 'unauthenticated');
        assert.equal(await eventCount(url), before);

        const res = await change(u.auth, { current_password: PASSWORD, new_password: 'my-new-password-2026' });
        const rec = await expectUpdated(res, 200, u.login);
        assert.deepEqual(rec.actor.user, u.id);
        assert.equal(await sessionStatus(u.auth), 401);
        assert.equal(await sessionStatus(second), 401);
        assert.equal(await sessionStatus(bearer), 200);
        expectError(await tryLogin(u.login, PASSWORD), 401, 'unauthenticated');
        await login(url, u.login, 'my-new-password-2026');
        const lines = srv.securityLog();
        assert.ok(
            lines.some((l) => l.event === 'password.refused' && l.user === u.id),
            'the wrong current password is in the security log',
        );
        assert.ok(!srv.stderr().includes('not-my-password-1'), 'no password in the log');
    });
});

describe('API tokens', () => {
    test('are read only unless asked, and say so', async () => {
        const u = await newUser('clerk');
        const { item, bearer } = await newToken(u.auth, { label: '只读' });
        assert.equal(item.access, 'read');
        assert.equal(item.township, null);
        assert.equal(item.area, null);
        const days = (Date.parse(item.expires) - Date.now()) / 86400000;
        assert.ok(days > 89.9 && days <= 90, item.expires);
        assert.equal((await request(url, 'GET', `${PEOPLE}?limit=1`, { auth: bearer })).status, 200);
        const before = await eventCount(url);
        const res = await request(url, 'POST', PEOPLE, { auth: bearer, body: { name: '只读写入' } });
        expectError(res, 403, 'forbidden');
        assert.match(res.body.error.message, /只能读取/);
        assert.equal(await eventCount(url), before);
    });

    test('limited to a township act only there, even for a city-wide role', async () => {
        const { bearer } = await newToken(admin, { label: '店口', access: 'write', township: 'diankou' });
        const before = await eventCount(url);
        expectError(await request(url, 'POST', '/townships/zhibu/people', { auth: bearer, body: { name: '越界' } }), 403, 'forbidden');
        expectError(await request(url, 'GET', '/users', { auth: bearer }), 403, 'forbidden');
        assert.equal(await eventCount(url), before);
        expectEvent(await request(url, 'POST', PEOPLE, { auth: bearer, body: { name: '店口令牌' } }), 201, 'person.created');
        // The capabilities say where.
        const s = await request(url, 'GET', '/session', { auth: bearer });
        assert.equal(s.body.capabilities['org.write'], 'diankou');
        // A township user limits a token to their own township only.
        const clerk = await newUser('clerk');
        expectError(
            await request(url, 'POST', '/tokens', { auth: clerk.auth, body: { label: 'x', township: 'zhibu' } }),
            422,
            'invalid',
            'township',
        );
    });

    test('limited to an area use only its routes', async () => {
        const u = await newUser('clerk');
        const { bearer } = await newToken(u.auth, { label: '组织', access: 'write', area: 'org' });
        expectEvent(await request(url, 'POST', PEOPLE, { auth: bearer, body: { name: '组织令牌' } }), 201, 'person.created');
        assert.equal(await sessionStatus(bearer), 200);
        const res = await request(url, 'GET', '/townships/diankou/tasks', { auth: bearer });
        expectError(res, 403, 'forbidden');
        assert.match(res.body.error.message, /组织架构/);
        const en = await request(url, 'GET', '/townships/diankou/tasks', { auth: bearer, headers: { 'Accept-Language': 'en' } });
        assert.match(en.body.error.message, /limited to organisation/);
        for (const [body, field] of [
            [{ label: 'x', area: 'nowhere' }, 'area'],
            [{ label: 'x', access: 'admin' }, 'access'],
            [{ label: 'x', expires_in_days: 0 }, 'expires_in_days'],
            [{ label: 'x', expires_in_days: 366 }, 'expires_in_days'],
        ]) {
            expectError(await request(url, 'POST', '/tokens', { auth: u.auth, body }), 422, 'invalid', field);
        }
        // The areas a token may be limited to are the API description's tags.
        const doc = (await request(url, 'GET', '/openapi.json')).body;
        const org = doc.tags.find((t) => t.name === 'org');
        assert.deepEqual(org, { name: 'org', description: 'organisation', 'x-title': '组织架构', 'x-title-en': 'organisation', 'x-area': true });
    });

    test('end after their days', async () => {
        const u = await newUser('clerk');
        const { item, bearer } = await newToken(u.auth, { label: '一天', expires_in_days: 1 });
        const days = (Date.parse(item.expires) - Date.now()) / 86400000;
        assert.ok(days > 0.99 && days <= 1, item.expires);
        assert.equal(await sessionStatus(bearer), 200);
        // Another process moves its end into the past, as time would.
        const r = sql(srv.dataDir, `UPDATE api_tokens SET expires_ms = 1 WHERE id = ${item.id}`);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(await sessionStatus(bearer), 401);
    });
});

describe('the command line', () => {
    test('changes a running server\'s accounts, each recorded, each ending sessions there', async () => {
        const u = await newUser();
        const cli = (args, input) => runCli(['user', ...args, '--data', srv.dataDir, '--login', u.login], { input });

        let before = await eventCount(url);
        let r = cli(['role', '--role', 'secretary', '--township', 'diankou']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(await eventCount(url), before + 1);
        assert.equal((await request(url, 'GET', '/session', { auth: u.auth })).body.user.role, 'secretary');

        before = await eventCount(url);
        r = cli(['password'], 'qwertyqwerty\n');
        assert.equal(r.status, 2, r.stdout);
        assert.match(r.stderr, /常见密码/);
        assert.equal(await eventCount(url), before);
        r = cli(['password'], 'a-new-password-from-cli\n');
        assert.equal(r.status, 0, r.stderr);
        assert.equal(await eventCount(url), before + 1);
        assert.equal(await sessionStatus(u.auth), 401);
        let auth = await login(url, u.login, 'a-new-password-from-cli');

        r = cli(['sign-out']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(await sessionStatus(auth), 401);
        auth = await login(url, u.login, 'a-new-password-from-cli');

        r = cli(['disable']);
        assert.equal(r.status, 2, 'the reason is required');
        r = cli(['disable', '--reason', '退休']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(await sessionStatus(auth), 401);
        expectError(await tryLogin(u.login, 'a-new-password-from-cli'), 403, 'forbidden');
        const listed = runCli(['user', 'list', '--data', srv.dataDir]);
        assert.match(listed.stdout, new RegExp(`${u.login}.*已停用`));
        r = cli(['enable']);
        assert.equal(r.status, 0, r.stderr);
        await login(url, u.login, 'a-new-password-from-cli');

        r = runCli(['user', 'sign-out', '--data', srv.dataDir, '--login', 'no.such.user']);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /用户不存在/);
    });
});
