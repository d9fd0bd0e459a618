// Authentication through the HTTP API: cookie sessions (HttpOnly,
// SameSite=Strict, CSRF token required on writes), signing out, wrong
// credentials and the login throttle, bearer API tokens (shown once, listed
// without the secret, revocable only by their owner), and user
// administration (with a chosen or a generated password, login uniqueness,
// township rules). The throttle (by login and address: five free failures,
// then waits doubling from 1 s; fifty for an address across logins; the
// right password from an address that has not failed always gets in) runs
// against a second, nearly empty server behind a trusted proxy, whose
// X-Forwarded-For gives each simulated client its address; its security
// log is read back.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    PASSWORD,
    eventCount,
    expectError,
    expectEvent,
    login,
    request,
    runCli,
    startServer,
    tempDir,
} from './lib/server.mjs';
import { allEntries } from './lib/tiles.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const clerk = await login(url, 'diankou.clerk');

const PEOPLE = '/townships/diankou/people';

async function createUser(body) {
    const res = await request(url, 'POST', '/users', { auth: admin, body });
    assert.equal(res.status, 201, res.text);
    return res.body;
}

// What a token and a user are, as the API answers them.
const TOKEN_KEYS = ['access', 'area', 'created', 'expires', 'id', 'label', 'township'];
const USER_KEYS = ['created', 'disabled', 'disabled_reason', 'id', 'login', 'password_changed', 'person_id', 'role',
    'sessions_ended', 'totp', 'totp_changed', 'township_id'];

describe('cookie sessions', () => {
    test('signing in sets an HttpOnly, SameSite=Strict session cookie and returns the user', async () => {
        const res = await fetch(`${url}/api/v1/session`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ login: 'diankou.member', password: PASSWORD }),
        });
        assert.equal(res.status, 200);
        const body = await res.json();
        assert.deepEqual(Object.keys(body).sort(), ['capabilities', 'csrf_token', 'notices', 'role_label', 'user']);
        assert.deepEqual(body.notices, []);
        assert.deepEqual(body.role_label, { 'zh-CN': '班子成员', en: 'committee member' });
        assert.deepEqual(Object.keys(body.user).sort(), ['id', 'login', 'name', 'person_id', 'role', 'totp', 'township']);
        assert.equal(body.user.login, 'diankou.member');
        assert.equal(body.user.role, 'member');
        assert.equal(body.user.township, 'diankou');
        assert.equal(typeof body.user.person_id, 'number');
        assert.match(body.csrf_token, /^pc_[A-Za-z0-9_-]{20,}$/);
        const cookies = res.headers.getSetCookie();
        assert.equal(cookies.length, 1, cookies.join(' | '));
        const attrs = cookies[0].split(/;\s*/);
        assert.match(attrs[0], /^probity_session=ps_[A-Za-z0-9_-]{20,}$/);
        const lower = attrs.map((a) => a.toLowerCase());
        assert.ok(lower.includes('httponly'), cookies[0]);
        assert.ok(lower.includes('samesite=strict'), cookies[0]);
        assert.ok(lower.includes('path=/'), cookies[0]);
        assert.ok(lower.includes('max-age=43200'), `a 12-hour session: ${cookies[0]}`);
        // The session's token never appears in the body.
        assert.ok(!JSON.stringify(body).includes(attrs[0].split('=')[1]));
    });

    test('GET /session returns the user and the same CSRF token', async () => {
        const s = await login(url, 'diankou.secretary');
        const res = await request(url, 'GET', '/session', { auth: s });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body.user, s.user);
        assert.equal(res.body.csrf_token, s.csrf);
        // A visitor has no user (not an error); a session that ended is 401.
        const visitor = await request(url, 'GET', '/session');
        assert.equal(visitor.status, 200, visitor.text);
        assert.deepEqual(visitor.body, { user: null, capabilities: { 'public.read': '*' }, csrf_token: null, role_label: null });
        expectError(
            await request(url, 'GET', '/session', { auth: { cookie: 'probity_session=ps_ended', csrf: null } }),
            401,
            'unauthenticated',
        );
    });

    test('GET /session lists the capabilities of the role, each with where it holds', async () => {
        const clerk = await login(url, 'diankou.clerk');
        const caps = (await request(url, 'GET', '/session', { auth: clerk })).body.capabilities;
        // A township role holds its township's capabilities in its own township only.
        assert.equal(caps['org.write'], 'diankou');
        assert.equal(caps['meeting.manage'], 'diankou');
        assert.equal(caps['public.read'], '*');
        assert.equal(caps['rulebook.admin'], undefined);
        assert.equal(caps['meeting.countersign'], undefined);
        const admin = await login(url, 'admin');
        const all = (await request(url, 'GET', '/session', { auth: admin })).body.capabilities;
        assert.equal(all['rulebook.admin'], '*');
        assert.equal(all['org.write'], '*');
        // Every capability listed is one the API description names.
        const doc = (await request(url, 'GET', '/openapi.json')).body;
        const named = new Set(Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op['x-capability'])));
        // Read access within the record (decision.read) and to the to-do's supervision
        // lists (supervision.read) guards parts of answers, not an operation.
        const withinAnswers = ['decision.read', 'supervision.read'];
        for (const cap of Object.keys(all)) {
            if (!withinAnswers.includes(cap)) {
                assert.ok(named.has(cap), `${cap} guards an operation`);
            }
        }
    });

    test('each session has its own CSRF token', async () => {
        const a = await login(url, 'diankou.clerk');
        assert.notEqual(a.csrf, clerk.csrf);
        assert.notEqual(a.cookie, clerk.cookie);
    });

    test('a cookie write without the CSRF token is 403 and writes nothing', async () => {
        const before = await eventCount(url);
        const res = await request(url, 'POST', PEOPLE, { auth: clerk, csrf: null, body: { name: '无令牌' } });
        expectError(res, 403, 'forbidden', null);
        const patch = await request(url, 'PATCH', '/villages/1', { auth: clerk, csrf: null, body: { name: '无令牌' } });
        expectError(patch, 403, 'forbidden', null);
        const del = await request(url, 'DELETE', '/villages/1', { auth: clerk, csrf: null });
        expectError(del, 403, 'forbidden', null);
        assert.equal(await eventCount(url), before);
        const names = (await request(url, 'GET', `${PEOPLE}?limit=200`)).body.items.map((p) => p.name);
        assert.ok(!names.includes('无令牌'));
    });

    test('a wrong CSRF token, or another session\'s, is 403 and writes nothing', async () => {
        const other = await login(url, 'diankou.clerk');
        const before = await eventCount(url);
        for (const csrf of ['pc_wrong', clerk.csrf + 'x', clerk.csrf.slice(0, -1), other.csrf, clerk.csrf.toUpperCase()]) {
            const res = await request(url, 'POST', PEOPLE, { auth: clerk, csrf, body: { name: '错令牌' } });
            expectError(res, 403, 'forbidden', null, csrf);
        }
        assert.equal(await eventCount(url), before);
    });

    test('with the right CSRF token the cookie write succeeds; reads need none', async () => {
        const before = await eventCount(url);
        const res = await request(url, 'POST', PEOPLE, { auth: clerk, body: { name: '有令牌' } });
        expectEvent(res, 201, 'person.created', before);
        const read = await request(url, 'GET', '/session', { auth: clerk, csrf: null });
        assert.equal(read.status, 200);
    });

    test('signing out clears the cookie and invalidates the session', async () => {
        const s = await login(url, 'diankou.head');
        // Signing out is a write: it needs the CSRF token too.
        expectError(await request(url, 'DELETE', '/session', { auth: s, csrf: null }), 403, 'forbidden');
        assert.equal((await request(url, 'GET', '/session', { auth: s })).status, 200);
        const res = await request(url, 'DELETE', '/session', { auth: s });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body, {});
        const cleared = res.headers.getSetCookie().find((c) => c.startsWith('probity_session='));
        assert.ok(cleared, 'signing out sends a clearing cookie');
        assert.match(cleared, /^probity_session=;/);
        assert.match(cleared, /Max-Age=0/i);
        expectError(await request(url, 'GET', '/session', { auth: s }), 401, 'unauthenticated');
        expectError(await request(url, 'GET', '/tokens', { auth: s }), 401, 'unauthenticated');
        const before = await eventCount(url);
        const write = await request(url, 'POST', PEOPLE, { auth: s, body: { name: '已退出' } });
        expectError(write, 401, 'unauthenticated');
        assert.equal(await eventCount(url), before);
        // A stale cookie still reads public information.
        assert.equal((await request(url, 'GET', '/townships', { auth: s })).status, 200);
        // Other sessions of other users are untouched.
        assert.equal((await request(url, 'GET', '/session', { auth: clerk })).status, 200);
    });
});

describe('wrong credentials and the throttle', () => {
    test('a wrong password or an unknown login is 401 with the same answer', async () => {
        const wrong = await request(url, 'POST', '/session', { body: { login: 'diankou.member', password: 'not-the-password' } });
        expectError(wrong, 401, 'unauthenticated', null);
        assert.equal(wrong.headers.getSetCookie().length, 0);
        const unknown = await request(url, 'POST', '/session', { body: { login: 'no.such.user', password: 'whatever-it-is' } });
        expectError(unknown, 401, 'unauthenticated', null);
        assert.deepEqual(unknown.body, wrong.body);
    });

    test('sign-in input is validated', async () => {
        expectError(await request(url, 'POST', '/session', { body: { login: 'admin' } }), 422, 'invalid', 'password');
        expectError(await request(url, 'POST', '/session', { body: { password: PASSWORD } }), 422, 'invalid', 'login');
        expectError(await request(url, 'POST', '/session', { body: { login: 'admin', password: 7 } }), 422, 'invalid', 'password');
    });

    test('after 6 failures of one login from this address, its right password waits; X-Forwarded-For is not believed', async () => {
        const name = `locked${process.pid}`;
        await createUser({ login: name, role: 'member', township: 'diankou', password: 'right-password-2026' });
        // A success before any failure.
        await login(url, name, 'right-password-2026');
        for (let i = 0; i < 6; i++) {
            const res = await request(url, 'POST', '/session', { body: { login: name, password: `wrong-${i}-password` } });
            expectError(res, 401, 'unauthenticated', null, `failure ${i + 1}`);
        }
        const locked = await request(url, 'POST', '/session', { body: { login: name, password: 'right-password-2026' } });
        expectError(locked, 429, 'rate_limited', null);
        assert.equal(locked.headers.get('retry-after'), '1');
        assert.equal(locked.headers.getSetCookie().length, 0);
        // This server trusts no proxy: a forwarded address changes nothing.
        const forwarded = await request(url, 'POST', '/session', {
            body: { login: name, password: 'right-password-2026' },
            headers: { 'X-Forwarded-For': '203.0.113.77' },
        });
        expectError(forwarded, 429, 'rate_limited', null);
        // Only that login waits.
        await login(url, 'diankou.congress');
    });
});

describe('bearer tokens', () => {
    test('a token is shown once, works without CSRF, is listed without its secret, and can be revoked', async () => {
        const made = await request(url, 'POST', '/tokens', { auth: clerk, body: { label: '同步脚本', access: 'write' } });
        assert.equal(made.status, 201, made.text);
        assert.deepEqual(Object.keys(made.body).sort(), ['item', 'token']);
        assert.deepEqual(Object.keys(made.body.item).sort(), TOKEN_KEYS);
        assert.equal(made.body.item.access, 'write');
        assert.equal(made.body.item.label, '同步脚本');
        assert.match(made.body.item.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        const token = made.body.token;
        assert.match(token, /^pt_[A-Za-z0-9_-]{20,}$/);
        const bearer = { token };

        // Writes without any CSRF token.
        const before = await eventCount(url);
        const res = await request(url, 'POST', PEOPLE, { auth: bearer, body: { name: '令牌写入' } });
        expectEvent(res, 201, 'person.created', before);
        const ev = (await request(url, 'GET', `/events?offset=${before}&limit=1`)).body.items[0];
        // The token carries the user's role and township.
        const session = await request(url, 'GET', '/session', { auth: bearer });
        assert.equal(session.status, 200, session.text);
        assert.equal(session.body.user.login, 'diankou.clerk');
        // The public record names the user by id and role (no person on
        // record for this clerk), never by login.
        assert.deepEqual(ev.actor, { user: session.body.user.id, role: 'clerk', person: null, name: null });
        assert.ok(!JSON.stringify(ev).includes('diankou.clerk'), JSON.stringify(ev));
        expectError(await request(url, 'POST', '/townships/zhibu/people', { auth: bearer, body: { name: '越界' } }), 403, 'forbidden');

        // Listed without the secret.
        const list = await request(url, 'GET', '/tokens', { auth: clerk });
        assert.equal(list.status, 200, list.text);
        const listed = list.body.items.find((t) => t.id === made.body.item.id);
        assert.deepEqual(listed, made.body.item);
        assert.ok(!list.text.includes(token), 'the list must not show the token');
        for (const item of list.body.items) {
            assert.deepEqual(Object.keys(item).sort(), TOKEN_KEYS);
        }
        // Another user's list does not show it.
        const others = await request(url, 'GET', '/tokens', { auth: admin });
        assert.ok(!others.body.items.some((t) => t.id === made.body.item.id));

        // Another user cannot revoke it.
        expectError(await request(url, 'DELETE', `/tokens/${made.body.item.id}`, { auth: admin }), 404, 'not_found');
        assert.equal((await request(url, 'GET', '/session', { auth: bearer })).status, 200);

        // A token neither makes nor revokes tokens; the owner revokes it
        // from a signed-in session.
        expectError(await request(url, 'POST', '/tokens', { auth: bearer, body: { label: '再造一个' } }), 403, 'forbidden');
        expectError(await request(url, 'DELETE', `/tokens/${made.body.item.id}`, { auth: bearer }), 403, 'forbidden');
        const del = await request(url, 'DELETE', `/tokens/${made.body.item.id}`, { auth: clerk });
        assert.equal(del.status, 200, del.text);
        assert.deepEqual(del.body, { item: { id: made.body.item.id } });
        expectError(await request(url, 'GET', '/session', { auth: bearer }), 401, 'unauthenticated');
        const after = await eventCount(url);
        expectError(await request(url, 'POST', PEOPLE, { auth: bearer, body: { name: '已吊销' } }), 401, 'unauthenticated');
        assert.equal(await eventCount(url), after);
        expectError(await request(url, 'DELETE', `/tokens/${made.body.item.id}`, { auth: clerk }), 404, 'not_found');
        const again = await request(url, 'GET', '/tokens', { auth: clerk });
        assert.ok(!again.body.items.some((t) => t.id === made.body.item.id));
    });

    test('creating a token through a cookie session needs the CSRF token', async () => {
        expectError(await request(url, 'POST', '/tokens', { auth: clerk, csrf: null, body: { label: 'x' } }), 403, 'forbidden');
        expectError(await request(url, 'POST', '/tokens', { body: { label: 'x' } }), 401, 'unauthenticated');
        expectError(await request(url, 'POST', '/tokens', { auth: clerk, body: { label: '' } }), 422, 'invalid', 'label');
    });
});

describe('users', () => {
    test('the admin creates a user with a password; the user signs in', async () => {
        const before = await eventCount(url);
        const name = `new.clerk${process.pid}`;
        const res = await request(url, 'POST', '/users', {
            auth: admin,
            body: { login: name, role: 'clerk', township: 'zhibu', password: 'a-long-password' },
        });
        expectEvent(res, 201, 'user.created', before);
        assert.deepEqual(Object.keys(res.body).sort(), ['event', 'item']);
        assert.deepEqual(Object.keys(res.body.item).sort(), USER_KEYS);
        assert.equal(res.body.item.login, name);
        assert.equal(res.body.item.role, 'clerk');
        assert.equal(res.body.item.township_id, 'zhibu');
        assert.equal(res.body.item.person_id, null);
        const s = await login(url, name, 'a-long-password');
        assert.equal(s.user.role, 'clerk');
        assert.equal(s.user.township, 'zhibu');
        const users = await request(url, 'GET', '/users?limit=200', { auth: admin });
        assert.equal(users.status, 200);
        const listed = users.body.items.find((u) => u.login === name);
        assert.deepEqual(listed, { ...res.body.item, person_name: null, person_name_en: null });
        // Neither the list nor the public event record holds the password.
        assert.ok(!users.text.includes('a-long-password'));
        assert.ok(!/hash|argon/i.test(users.text), users.text.slice(0, 200));
        const events = await request(url, 'GET', `/events?offset=${before}&limit=1`);
        assert.equal(events.body.items[0].type, 'user.created');
        assert.ok(!/hash|argon|a-long-password/i.test(events.text), events.text);
    });

    test('without a password, a generated one is returned once and works', async () => {
        const name = `generated${process.pid}`;
        const res = await request(url, 'POST', '/users', {
            auth: admin,
            body: { login: name, role: 'commission_inspector' },
        });
        assert.equal(res.status, 201, res.text);
        assert.deepEqual(Object.keys(res.body).sort(), ['event', 'item', 'password']);
        assert.match(res.body.password, /^[A-Za-z0-9]{16}$/);
        assert.equal(res.body.item.township_id, null);
        const s = await login(url, name, res.body.password);
        assert.equal(s.user.role, 'commission_inspector');
        const list = await request(url, 'GET', '/users?limit=200', { auth: admin });
        assert.ok(!list.text.includes(res.body.password));
    });

    test('a login that is taken is 409', async () => {
        const before = await eventCount(url);
        const res = await request(url, 'POST', '/users', {
            auth: admin,
            body: { login: 'diankou.clerk', role: 'clerk', township: 'diankou', password: 'another-password' },
        });
        expectError(res, 409, 'conflict', 'login');
        assert.equal(await eventCount(url), before);
        // The existing user's password is unchanged.
        await login(url, 'diankou.clerk');
    });

    test('township rules and input checks are 422 and write nothing', async () => {
        const before = await eventCount(url);
        const cases = [
            [{ login: 'no.township', role: 'clerk', password: 'long-enough-pw' }, 'township'],
            [{ login: 'no.township', role: 'member', township: null, password: 'long-enough-pw' }, 'township'],
            [{ login: 'city.with.town', role: 'admin', township: 'diankou', password: 'long-enough-pw' }, 'township'],
            [{ login: 'bad.town', role: 'clerk', township: 'atlantis', password: 'long-enough-pw' }, 'township'],
            [{ login: 'short.pw', role: 'admin', password: 'short' }, 'password'],
            [{ login: 'Upper.Case', role: 'admin', password: 'long-enough-pw' }, 'login'],
            [{ login: 'ab', role: 'admin', password: 'long-enough-pw' }, 'login'],
            [{ login: 'bad.role', role: 'public', password: 'long-enough-pw' }, 'role'],
            [{ login: 'bad.role', role: 'emperor', password: 'long-enough-pw' }, 'role'],
            [{ login: 'extra.field', role: 'admin', password: 'long-enough-pw', admin: true }, 'admin'],
            [{ login: 'city.person', role: 'admin', person_id: 1, password: 'long-enough-pw' }, 'person_id'],
            [{ login: 'other.person', role: 'member', township: 'zhibu', person_id: 1, password: 'long-enough-pw' }, 'person_id'],
        ];
        for (const [body, field] of cases) {
            const res = await request(url, 'POST', '/users', { auth: admin, body });
            expectError(res, 422, 'invalid', field, JSON.stringify(body));
        }
        assert.equal(await eventCount(url), before);
        const res = await request(url, 'POST', '/session', { body: { login: 'no.township', password: 'long-enough-pw' } });
        expectError(res, 401, 'unauthenticated');
    });

    test('only the admin manages users', async () => {
        for (const who of ['diankou.clerk', 'inspector']) {
            const s = who === 'diankou.clerk' ? clerk : await login(url, who);
            expectError(await request(url, 'GET', '/users', { auth: s }), 403, 'forbidden');
            expectError(
                await request(url, 'POST', '/users', { auth: s, body: { login: 'sneaky', role: 'admin', password: 'long-enough-pw' } }),
                403,
                'forbidden',
            );
        }
        expectError(await request(url, 'GET', '/users'), 401, 'unauthenticated');
    });
});

describe('the public log names no login', () => {
    test('after writes by several users, no entry bundle holds any login', async () => {
        // Writes as a clerk, a committee member who is a person on record,
        // and the admin, each through the API.
        const member = await login(url, 'diankou.member');
        const wrote = [];
        for (const [who, body] of [
            [clerk, { name: '日志扫描甲' }],
            [admin, { name: '日志扫描乙' }],
        ]) {
            const res = await request(url, 'POST', PEOPLE, { auth: who, body });
            assert.equal(res.status, 201, res.text);
            wrote.push(res.body.event.seq);
        }
        const token = await request(url, 'POST', '/tokens', { auth: member, body: { label: '扫描' } });
        assert.equal(token.status, 201, token.text);
        const users = await request(url, 'GET', '/users?limit=200', { auth: admin });
        assert.equal(users.status, 200, users.text);
        const logins = users.body.items.map((u) => u.login);
        assert.ok(logins.includes('diankou.clerk') && logins.length >= 10, logins.join(' '));
        const all = await allEntries(url);
        assert.ok(all.length > wrote[1], `${all.length} entries`);
        // A login that is also a role's identifier ("admin") may appear as
        // the role; as the actor it may not.
        const roles = new Set(['admin', 'clerk', 'member', 'secretary', 'discipline_secretary', 'department_head',
            'congress_officer', 'commission_inspector']);
        for (const [i, entry] of all.entries()) {
            const text = entry.toString('utf8');
            const actor = JSON.parse(text).actor;
            assert.ok(actor === 'system' || typeof actor === 'object', `entry ${i}: actor ${JSON.stringify(actor)}`);
            for (const name of logins.filter((l) => !roles.has(l))) {
                assert.ok(!text.includes(`"${name}"`), `entry ${i} names the login ${name}: ${text.slice(0, 300)}`);
            }
        }
        // The entries written name the user by id and role instead.
        const clerkEntry = JSON.parse(all[wrote[0]].toString('utf8'));
        assert.equal(clerkEntry.actor.role, 'clerk');
        assert.equal(clerkEntry.actor.user, clerk.user.id);
    });
});

describe('the login throttle behind a trusted proxy (a server of its own)', () => {
    let t = null;
    before(async () => {
        const dir = tempDir();
        const data = path.join(dir, 'data');
        assert.equal(runCli(['init', '--data', data]).status, 0);
        for (const name of ['par.user', 'only.user']) {
            const r = runCli(['user', 'add', '--data', data, '--login', name, '--role', 'admin'], {
                input: 'the-right-password\n',
            });
            assert.equal(r.status, 0, r.stderr);
        }
        t = await startServer({ demo: false, dir, args: ['--trusted-proxy', '127.0.0.1'] });
    });
    after(() => t?.stop());

    /** Signs in as a client at address, as the proxy forwards it. */
    const attempt = (address, name, password) =>
        request(t.url, 'POST', '/session', {
            body: { login: name, password },
            headers: { 'X-Forwarded-For': `198.51.100.200, ${address}` },
        });

    test('attempts sent at once get one try past five failures; the right password elsewhere gets in', async () => {
        for (let i = 0; i < 5; i++) {
            expectError(await attempt('203.0.113.1', 'par.user', `guess-${i}`), 401, 'unauthenticated', null, `failure ${i + 1}`);
        }
        const answers = await Promise.all(
            Array.from({ length: 8 }, (_, i) => attempt('203.0.113.1', 'par.user', `parallel-guess-${i}`)),
        );
        const statuses = answers.map((r) => r.status);
        assert.equal(statuses.filter((s) => s === 401).length, 1, `passwords tried at once: ${statuses.join(' ')}`);
        assert.equal(statuses.filter((s) => s === 429).length, 7, statuses.join(' '));
        const waits = await attempt('203.0.113.1', 'par.user', 'the-right-password');
        expectError(waits, 429, 'rate_limited');
        assert.equal(waits.headers.get('retry-after'), '1');
        // Nobody can lock another person out: from an address that has not failed, it works.
        const elsewhere = await attempt('203.0.113.2', 'par.user', 'the-right-password');
        assert.equal(elsewhere.status, 200, elsewhere.text);
    });

    test('each further failure doubles the wait', async () => {
        for (let i = 0; i < 6; i++) {
            expectError(await attempt('203.0.113.3', 'only.user', `guess-${i}`), 401, 'unauthenticated');
        }
        await new Promise((r) => setTimeout(r, 1100));
        expectError(await attempt('203.0.113.3', 'only.user', 'guess-7'), 401, 'unauthenticated');
        const waits = await attempt('203.0.113.3', 'only.user', 'the-right-password');
        expectError(waits, 429, 'rate_limited');
        assert.equal(waits.headers.get('retry-after'), '2');
    });

    test('an address guessing across many logins waits after fifty failures; others do not', async () => {
        for (let done = 0; done < 51; done += 4) {
            const batch = await Promise.all(
                Array.from({ length: Math.min(4, 51 - done) }, (_, i) => attempt('203.0.113.9', `ghost${done + i}`, 'nothing-here')),
            );
            for (const r of batch) {
                expectError(r, 401, 'unauthenticated');
            }
        }
        const waits = await attempt('203.0.113.9', 'only.user', 'the-right-password');
        expectError(waits, 429, 'rate_limited');
        const other = await attempt('203.0.113.10', 'only.user', 'the-right-password');
        assert.equal(other.status, 200, other.text);
    });

    test('failures and waits are in the security log, without the passwords', async () => {
        const lines = t.securityLog();
        const failed = lines.filter((l) => l.event === 'login.failed' && l.login === 'par.user');
        assert.ok(failed.length >= 6, JSON.stringify(failed));
        assert.equal(failed[0].address, '203.0.113.1');
        assert.equal(failed[0].known_login, true);
        assert.equal(failed[0].log, 'security');
        assert.match(failed[0].time, /^\d{4}-\d\d-\d\dT/);
        const throttled = lines.filter((l) => l.event === 'login.throttled');
        assert.ok(
            throttled.some((l) => l.login === 'par.user' && l.address === '203.0.113.1' && l.by === 'login_and_address'),
            JSON.stringify(throttled),
        );
        assert.ok(throttled.some((l) => l.address === '203.0.113.9' && l.by === 'address'), JSON.stringify(throttled));
        // One line per wait, not per refused attempt.
        assert.equal(throttled.filter((l) => l.login === 'par.user' && l.address === '203.0.113.1').length, 1);
        assert.ok(!t.stderr().includes('guess-'), 'no password in the log');
        assert.ok(!t.stderr().includes('the-right-password'), 'no password in the log');
    });

    test('over TLS at the proxy, the session cookie is __Host- and Secure, and answers carry HSTS', async () => {
        const tls = { 'X-Forwarded-For': '203.0.113.20', 'X-Forwarded-Proto': 'https' };
        const res = await request(t.url, 'POST', '/session', {
            body: { login: 'only.user', password: 'the-right-password' },
            headers: tls,
        });
        assert.equal(res.status, 200, res.text);
        const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-probity_session='));
        assert.ok(cookie, res.headers.getSetCookie().join(' | '));
        assert.match(cookie, /; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
        assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000');
        const pair = cookie.split(';')[0];
        const me = await request(t.url, 'GET', '/session', { headers: { ...tls, Cookie: pair } });
        assert.equal(me.status, 200, me.text);
        assert.equal(me.body.user.login, 'only.user');
        // Over plain HTTP the same cookie is not the session's; no HSTS.
        const plain = await request(t.url, 'GET', '/session', { headers: { Cookie: pair } });
        assert.equal(plain.status, 200, plain.text);
        assert.equal(plain.body.user, null);
        assert.equal(plain.headers.get('strict-transport-security'), null);
    });

    test('refusals are in the security log: CSRF, access, credentials', async () => {
        const r = runCli(['user', 'add', '--data', path.join(t.dir, 'data'), '--login', 'insp.user', '--role', 'commission_inspector'], {
            input: 'the-right-password\n',
        });
        assert.equal(r.status, 0, r.stderr);
        const inspector = await login(t.url, 'insp.user', 'the-right-password');
        const city = { id: 'nocity', name: '无', name_en: 'None' };
        expectError(await request(t.url, 'POST', '/cities', { auth: inspector, body: city }), 403, 'forbidden');
        expectError(await request(t.url, 'POST', '/tokens', { auth: inspector, body: { label: 'x' }, csrf: null }), 403, 'forbidden');
        expectError(await request(t.url, 'GET', '/tokens', { auth: { token: 'pt_not-a-token' } }), 401, 'unauthenticated');
        const lines = t.securityLog();
        const access = lines.find((l) => l.event === 'access.refused' && l.login === 'insp.user');
        assert.ok(access, JSON.stringify(lines.slice(-5)));
        assert.equal(access.role, 'commission_inspector');
        assert.equal(access.method, 'POST');
        assert.equal(access.path, '/api/v1/cities');
        assert.ok(lines.some((l) => l.event === 'csrf.refused' && l.login === 'insp.user'));
        assert.ok(lines.some((l) => l.event === 'credentials.refused' && l.path === '/api/v1/tokens'));
        assert.ok(!t.stderr().includes('pt_not-a-token'), 'no token in the log');
    });
});
