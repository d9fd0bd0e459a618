// The township administrator (乡镇系统管理员) through the HTTP API: the
// demo's diankou.admin manages the users of Diankou with its working roles
// (create, change role or person, disable and enable, a new password, end
// sessions, reset two-factor sign-in) through the same commands as the
// city's administrator, sees only Diankou's users, and is refused, with
// the user named as the office knows them (never a login or an id), for
// another township's users, city-wide accounts, township administrators
// (their own account included: the city's administrator appoints and
// manages them) and any role that is not a township's working role. A
// refusal writes nothing.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { PASSWORD, eventCount, expectEvent, login, request, startServer, unique } from './lib/server.mjs';
import { turnOnTotp } from './lib/totp.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const townshipAdmin = await login(url, 'diankou.admin');
const STAFF_ROLES = ['clerk', 'member', 'secretary', 'discipline_secretary', 'department_head', 'congress_officer'];

/** Every user, as the city's administrator lists them. */
async function allUsers() {
    const res = await request(url, 'GET', '/users?limit=200', { auth: admin });
    assert.equal(res.status, 200, res.text);
    return res.body.items;
}

/** A new user made by auth with body's role and township (password PASSWORD): the answer. */
async function create(auth, body) {
    return request(url, 'POST', '/users', {
        auth,
        body: { login: unique('twp.'), password: PASSWORD, ...body },
    });
}

/**
 * Asserts a township administrator's refusal: 403 forbidden, rule
 * user.scope, on field (null: none), whose messages (zh-CN and, asked
 * again, English) match zh and en and name no login (logins) nor id (no
 * digits at all); and that nothing was written.
 */
async function expectRefused(send, field, zh, en, { logins = [] } = {}) {
    const before = await eventCount(url);
    const res = await send({});
    assert.equal(res.status, 403, res.text);
    assert.equal(res.body.error.code, 'forbidden', res.text);
    assert.equal(res.body.error.rule, 'user.scope', res.text);
    assert.equal(res.body.error.field, field, res.text);
    assert.match(res.body.error.message, zh);
    const english = await send({ 'Accept-Language': 'en' });
    assert.match(english.body.error.message, en);
    for (const text of [res.body.error.message, english.body.error.message]) {
        assert.doesNotMatch(text, /\d/);
        for (const name of logins) {
            assert.ok(!text.includes(name), `${text} names ${name}`);
        }
    }
    assert.equal(await eventCount(url), before);
}

describe('the township administrator', () => {
    test('is told what they may do: users of Diankou, with its working roles', async () => {
        const s = await request(url, 'GET', '/session', { auth: townshipAdmin });
        assert.equal(s.status, 200, s.text);
        assert.equal(s.body.user.role, 'township_admin');
        assert.deepEqual(s.body.role_label, { 'zh-CN': '乡镇系统管理员', en: 'township administrator' });
        assert.equal(s.body.capabilities['user.admin'], 'diankou');
        assert.deepEqual(s.body.grantable_roles, STAFF_ROLES);
        const city = await request(url, 'GET', '/session', { auth: admin });
        assert.equal(city.body.capabilities['user.admin'], '*');
        assert.ok(city.body.grantable_roles.includes('township_admin'));
        assert.ok(city.body.grantable_roles.includes('admin'));
        const clerk = await request(url, 'GET', '/session', { auth: await login(url, 'diankou.clerk') });
        assert.equal(clerk.body.grantable_roles, undefined);
    });

    test('lists only the users of Diankou', async () => {
        const res = await request(url, 'GET', '/users?limit=200', { auth: townshipAdmin });
        assert.equal(res.status, 200, res.text);
        const diankou = (await allUsers()).filter((u) => u.township_id === 'diankou');
        assert.ok(res.body.items.length > 3);
        assert.ok(res.body.items.every((u) => u.township_id === 'diankou'), JSON.stringify(res.body.items));
        assert.deepEqual(res.body.items.map((u) => u.id), diankou.map((u) => u.id));
        assert.equal(res.body.total, diankou.length);
        assert.ok(!res.body.items.some((u) => u.login === 'zhibu.clerk' || u.login === 'admin'));
        const page = await request(url, 'GET', '/users?limit=2&offset=1', { auth: townshipAdmin });
        assert.deepEqual(page.body.items.map((u) => u.id), diankou.slice(1, 3).map((u) => u.id));
    });

    test('manages a Diankou user through the same commands, each recorded', async () => {
        const made = await create(townshipAdmin, { role: 'member', township: 'diankou' });
        const created = expectEvent(made, 201, 'user.created');
        const id = made.body.item.id;
        const person = (await request(url, 'GET', '/townships/diankou/people?limit=1')).body.items[0];
        const steps = [
            ['PATCH', `/users/${id}`, { role: 'clerk', person_id: person.id }],
            ['POST', `/users/${id}/disable`, { reason: '调离本镇' }],
            ['POST', `/users/${id}/enable`, {}],
            ['POST', `/users/${id}/password`, {}],
            ['POST', `/users/${id}/sign-out`, {}],
        ];
        for (const [method, path, body] of steps) {
            expectEvent(await request(url, method, path, { auth: townshipAdmin, body }), 200, 'user.updated');
        }
        const row = (await allUsers()).find((u) => u.id === id);
        assert.equal(row.role, 'clerk');
        assert.equal(row.person_id, person.id);
        assert.ok(created.seq > 0);

        // Two-factor sign-in reset, once the user has turned it on.
        const chosen = await request(url, 'POST', `/users/${id}/password`, {
            auth: townshipAdmin,
            body: { password: 'township-managed-2026' },
        });
        assert.equal(chosen.status, 200, chosen.text);
        const u = await login(url, made.body.item.login, 'township-managed-2026');
        await turnOnTotp(url, u, 'township-managed-2026');
        const reset = await request(url, 'POST', `/users/${id}/totp/reset`, { auth: townshipAdmin, body: {} });
        expectEvent(reset, 200, 'user.updated');
        assert.equal(reset.body.item.totp, null);
        assert.equal((await request(url, 'GET', '/session', { auth: u })).status, 401);
    });

    test('gives no role but the township\'s working roles, and adds users to Diankou only', async () => {
        const send = (body) => (headers) => request(url, 'POST', '/users', {
            auth: townshipAdmin,
            headers,
            body: { login: 'twp.refused', password: PASSWORD, ...body },
        });
        await expectRefused(send({ role: 'clerk', township: 'zhibu' }), 'township', /只能为本乡镇\(店口镇\)新增用户/, /own township \(Diankou Town\)/);
        await expectRefused(send({ role: 'admin' }), 'role', /“系统管理员”须由市级系统管理员授予/, /'administrator'/);
        await expectRefused(send({ role: 'commission_inspector' }), 'role', /市纪委监察员/, /commission inspector/);
        await expectRefused(send({ role: 'township_admin', township: 'diankou' }), 'role', /乡镇系统管理员/, /township administrator/);
        // The city's administrator appoints township administrators.
        expectEvent(await create(admin, { role: 'township_admin', township: 'zhibu' }), 201, 'user.created');
    });

    test('promotes nobody to a role that is not the township\'s, nor moves them away, naming them', async () => {
        const person = (await request(url, 'GET', '/townships/diankou/people?limit=1&offset=2')).body.items[0];
        const made = await create(townshipAdmin, { role: 'member', township: 'diankou', person_id: person.id });
        assert.equal(made.status, 201, made.text);
        const { id, login: name } = made.body.item;
        assert.ok(id > 0);
        const patch = (body) => (headers) => request(url, 'PATCH', `/users/${id}`, { auth: townshipAdmin, headers, body });
        const who = new RegExp(`不能把${person.name}设为`);
        const logins = [name];
        await expectRefused(patch({ role: 'township_admin' }), 'role', who, new RegExp(`give ${person.name_en ?? person.name} the role`), { logins });
        await expectRefused(patch({ role: 'admin', township: null, person_id: null }), 'role', /“系统管理员”/, /'administrator'/, { logins });
        await expectRefused(patch({ township: 'zhibu', person_id: null }), 'township', new RegExp(`不能把${person.name}调到其他乡镇`), /to another township/, { logins });
    });

    test('is refused for another township\'s users, city-wide accounts and township administrators, their own too', async () => {
        const users = await allUsers();
        const zhibuClerk = users.find((u) => u.login === 'zhibu.clerk');
        const cityAdmin = users.find((u) => u.login === 'admin');
        const self = users.find((u) => u.login === 'diankou.admin');
        const steps = (id) => [
            ['PATCH', `/users/${id}`, { role: 'member' }],
            ['POST', `/users/${id}/disable`, { reason: '越权' }],
            ['POST', `/users/${id}/enable`, {}],
            ['POST', `/users/${id}/password`, {}],
            ['POST', `/users/${id}/sign-out`, {}],
            ['POST', `/users/${id}/totp/reset`, {}],
        ];
        const cases = [
            [zhibuClerk, /^直埠镇的一个文书账号不是本乡镇的用户/, /^a clerk's account of Zhibu Town is not a user of your township/],
            [cityAdmin, /^一个系统管理员账号不是本乡镇的用户/, /^an administrator's account is not a user of your township/],
            [self, /^店口镇的一个乡镇系统管理员账号是乡镇系统管理员,其账号须由市级系统管理员管理/, /whose account the city's administrator manages/],
        ];
        for (const [user, zh, en] of cases) {
            for (const [method, path, body] of steps(user.id)) {
                const send = (headers) => request(url, method, path, { auth: townshipAdmin, headers, body });
                // ("admin" is a word of the English message: only dotted logins are looked for.)
                await expectRefused(send, null, zh, en, { logins: [user.login].filter((l) => l.includes('.')) });
            }
        }
        // Nothing changed for them: they still sign in.
        await login(url, 'zhibu.clerk');
        await login(url, 'diankou.admin');
    });

    test('holds nothing else of the administrator\'s', async () => {
        const before = await eventCount(url);
        const res = await request(url, 'POST', '/townships/diankou/people', { auth: townshipAdmin, body: { name: '越权' } });
        assert.equal(res.status, 403, res.text);
        const city = await request(url, 'POST', '/townships', {
            auth: townshipAdmin,
            body: { id: 'nowhere', kind: 'township', name: '无', name_en: 'None', city_id: 'zhuji' },
        });
        assert.equal(city.status, 403, city.text);
        assert.equal(await eventCount(url), before);
    });
});
