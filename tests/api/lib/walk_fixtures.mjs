// The fixture table of the role x endpoint walk (roles.test.mjs), also
// used by schemas.test.mjs to check every body against its operation's
// request schema and to build refused bodies from valid ones. One fixture
// per operationId: {township: the township the write touches (null: none),
// prepare(role, roleAuth) -> {path, body?, auth?, township?, stream?},
// then?(res, role, prepared), fresh?: true when what prepare makes goes
// stale (a one-time code, a sign-in ticket), so that it is made anew for
// each use rather than kept}. prepare makes what the request needs as the
// admin, so that every role the policy table allows succeeds; writes use
// fresh objects, so deletions and creations of one role do not disturb the
// next. The collective-decision fixtures are in decision_fixtures.mjs.
import assert from 'node:assert/strict';

import { PASSWORD, expectError, login, request, unique } from './server.mjs';
import { decisionFixtures } from './decision_fixtures.mjs';
import { procurementFixtures } from './procurement_fixtures.mjs';
import { codeNow, turnOnTotp } from './totp.mjs';

/**
 * Makes the objects the fixtures share (as the admin) and returns the
 * fixtures keyed by operationId. auth maps role names to sessions
 * (loginAll); auth.admin must be signed in.
 */
export async function walkFixtures({ url, auth }) {
    const admin = auth.admin;

    async function ok(method, path, body, status) {
        const res = await request(url, method, path, { auth: admin, body });
        assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${path}: ${res.text}`);
        return res.body;
    }

    // Objects the fixtures share, made once.
    const ctx = {};
    {
        const bodies = await ok('GET', '/townships/diankou/bodies');
        ctx.committee = bodies.items.find((b) => b.class === 'committee').id;
        const posts = await ok('GET', `/organizations/${ctx.committee}/posts`);
        ctx.committeePost = posts.items[0].id;
        const people = await ok('GET', '/townships/diankou/people');
        ctx.person = people.items[0].id;
        const memberships = await ok('GET', `/organizations/${ctx.committee}/memberships`);
        ctx.membership = memberships.items[0].id;
        const portfolios = await ok('GET', '/townships/diankou/portfolios');
        ctx.portfolio = portfolios.items[0].id;
        ctx.dept = (
            await ok('POST', '/townships/diankou/departments', {
                class: 'office',
                name: '巡检办公室',
                name_en: 'Walk Office',
            })
        ).item.id;
        ctx.post = (
            await ok('POST', `/organizations/${ctx.dept}/posts`, {
                role: 'staff',
                label: '巡检员',
                label_en: 'Walk Staff',
                seats: 200,
            })
        ).item.id;
        ctx.patchPerson = (
            await ok('POST', '/townships/diankou/people', { name: '巡检人', name_en: 'Walk Person' })
        ).item.id;
    }

    // Fresh objects, made by the admin.
    const make = {
        async township() {
            const id = unique('t');
            await ok('POST', '/townships', { id, kind: 'township', name: '巡检镇', name_en: 'Walk Town', city_id: 'zhuji' });
            return id;
        },
        async village() {
            return (
                await ok('POST', '/townships/diankou/villages', {
                    kind: 'village',
                    name: unique('村'),
                    name_en: 'Walk Village',
                })
            ).item.id;
        },
        async department() {
            return (
                await ok('POST', '/townships/diankou/departments', {
                    class: 'bureau',
                    name: unique('局'),
                    name_en: 'Walk Bureau',
                })
            ).item.id;
        },
        async post() {
            return (
                await ok('POST', `/organizations/${ctx.dept}/posts`, {
                    role: 'staff',
                    label: unique('岗'),
                    label_en: 'Walk Post',
                    seats: 1,
                })
            ).item.id;
        },
        async person() {
            return (await ok('POST', '/townships/diankou/people', { name: unique('人') })).item.id;
        },
        async membership() {
            const person = await make.person();
            return (
                await ok('POST', '/memberships', {
                    person_id: person,
                    post_id: ctx.post,
                    start_date: '2024-01-01',
                })
            ).item.id;
        },
        async portfolio() {
            const person = await make.person();
            return (
                await ok('POST', '/portfolios', {
                    person_id: person,
                    area: unique('分管'),
                    area_en: 'walk area',
                    department_id: ctx.dept,
                    start_date: '2024-01-01',
                })
            ).item.id;
        },
        // A new user (a member of Diankou unless told): {id, login}.
        async account(role = 'member', township = 'diankou') {
            const name = unique('walk.acct.');
            const made = await ok('POST', '/users', { login: name, role, township, password: PASSWORD });
            return { id: made.item.id, login: name };
        },
        // A new user of the role with two-factor sign-in on, signed in:
        // {id, login, secret, auth}.
        async totpAccount(role = 'member', township = 'diankou') {
            const made = await make.account(role, township);
            const auth = await login(url, made.login);
            const { secret } = await turnOnTotp(url, auth, PASSWORD);
            return { ...made, secret, auth };
        },
        // A user of Diankou: its record carries the login as a sealed part.
        async sealedRecord() {
            const made = await ok('POST', '/users', {
                login: unique('sealed.').toLowerCase().replace(/[^a-z0-9._-]/g, ''),
                role: 'clerk',
                township: 'diankou',
                password: PASSWORD,
            });
            return made.event.seq;
        },
    };

    const fixtures = {
        get_health: { prepare: () => ({ path: '/health' }) },
        get_openapi_json: { prepare: () => ({ path: '/openapi.json' }) },
        get_events: { prepare: () => ({ path: '/events?limit=3' }) },
        get_export_popolo: { prepare: () => ({ path: '/export/popolo' }) },
        get_events_seq_sealed: {
            township: 'diankou',
            prepare: async () => {
                ctx.sealed ??= await make.sealedRecord();
                return { path: `/events/${ctx.sealed}/sealed` };
            },
            then: (res) => {
                assert.equal(res.body.seq, ctx.sealed);
                assert.match(res.body.content.login, /^sealed\./);
                assert.equal(typeof res.body.salt, 'string');
            },
        },
        post_events_seq_publish: {
            township: 'diankou',
            prepare: async () => ({ path: `/events/${await make.sealedRecord()}/publish`, body: {} }),
            then: (res) => assert.match(res.body.item.content.login, /^sealed\./),
        },
        get_log: { prepare: () => ({ path: '/log' }) },
        get_log_proof: { prepare: () => ({ path: '/log/proof?index=0' }) },
        get_log_consistency: { prepare: () => ({ path: '/log/consistency?from=1&to=2' }) },
        get_log_receipt: { prepare: () => ({ path: '/log/receipt?index=0' }) },
        get_monitor_nodes: { prepare: () => ({ path: '/monitor/nodes' }) },
        get_monitor_alerts: { prepare: () => ({ path: '/monitor/alerts?limit=5' }) },
        // The mirrored entries of a log; a node that follows nothing answers
        // with none (docs/monitor.md).
        get_monitor_nodes_: { prepare: () => ({ path: '/monitor/nodes/zhuji.example/demo/entries' }) },
        // A township node follows nothing: the monitor holds no sealed parts.
        get_monitor_sealed: {
            prepare: () => ({ path: '/monitor/sealed?origin=zhuji.example/demo' }),
            then: (res) => assert.equal(res.body.total, 0),
        },
        get_feed: {
            // An endless stream of new records: read the start, then hang up.
            prepare: () => ({ path: '/feed?from=0', stream: true }),
            then: (res) => assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/),
        },

        post_session: {
            prepare: (role) => ({
                path: '/session',
                body: { login: role.login ?? 'diankou.member', password: PASSWORD },
            }),
            then: (res, role) => {
                assert.equal(res.body.user.login, role.login ?? 'diankou.member');
                assert.equal(typeof res.body.csrf_token, 'string');
            },
        },
        get_session: {
            prepare: () => ({ path: '/session' }),
            then: (res, role) => assert.equal(res.body.user?.login ?? null, role.login),
        },
        delete_session: {
            // A separate session, so that the walk's own sessions survive.
            prepare: async (role) => ({
                path: '/session',
                auth: role.login ? await login(url, role.login) : null,
            }),
            then: async (res, role, prepared) => {
                const gone = await request(url, 'GET', '/session', { auth: prepared.auth });
                expectError(gone, 401, 'unauthenticated');
                const kept = await request(url, 'GET', '/session', { auth: auth[role.name] });
                assert.equal(kept.status, 200, 'the walk session must survive: ' + kept.text);
            },
        },
        get_sessions: {
            prepare: () => ({ path: '/sessions' }),
            then: (res) => assert.equal(res.body.items.filter((s) => s.current).length, 1),
        },
        post_sessions_end: {
            // Ends a session of the role's own, opened for it, so that the walk's survive.
            prepare: async (role, roleAuth) => {
                if (!roleAuth) {
                    return { path: '/sessions/end', body: { password: PASSWORD } };
                }
                const extra = await login(url, role.login);
                const list = await request(url, 'GET', '/sessions', { auth: extra });
                const id = list.body.items.find((s) => s.current).id;
                return { path: '/sessions/end', body: { password: PASSWORD, id }, extra };
            },
            then: async (res, role, prepared) => {
                assert.equal(res.body.ended, 1);
                expectError(await request(url, 'GET', '/session', { auth: prepared.extra }), 401, 'unauthenticated');
            },
        },
        get_tokens: { prepare: () => ({ path: '/tokens' }) },
        post_tokens: {
            prepare: () => ({ path: '/tokens', body: { label: unique('walk token ') } }),
            then: (res) => assert.match(res.body.token, /^pt_/),
        },
        delete_tokens_id: {
            prepare: async (role, roleAuth) => {
                let id = 1;
                if (roleAuth) {
                    const made = await request(url, 'POST', '/tokens', {
                        auth: roleAuth,
                        body: { label: 'to revoke' },
                    });
                    assert.equal(made.status, 201, made.text);
                    id = made.body.item.id;
                }
                return { path: `/tokens/${id}` };
            },
        },

        get_todo: {
            prepare: (role) => ({ path: role.township ? '/todo' : '/todo?township=diankou' }),
            then: (res, role) => assert.equal(res.body.township, role.township ?? 'diankou'),
        },
        post_session_notices_seen: {
            prepare: () => ({ path: '/session/notices/seen', body: {} }),
            then: (res) => assert.equal(typeof res.body.seen, 'number'),
        },
        post_session_calendar: {
            prepare: () => ({ path: '/session/calendar', body: {} }),
            then: (res) => assert.match(res.body.path, /^\/api\/v1\/calendar\/pf_/),
        },
        delete_session_calendar: { prepare: () => ({ path: '/session/calendar' }) },
        get_calendar_token: {
            prepare: async () => {
                // A feed of a clerk of its own, so that the walk's feeds stay as they are.
                const { login: name } = await make.account('clerk');
                const clerk = await login(url, name);
                const made = await request(url, 'POST', '/session/calendar', { auth: clerk, body: {} });
                assert.equal(made.status, 201, made.text);
                return { path: made.body.path.replace('/api/v1', '') };
            },
            then: (res) => assert.match(res.headers.get('content-type'), /^text\/calendar/),
        },
        get_users: { prepare: () => ({ path: '/users' }) },
        post_users: {
            prepare: () => ({
                path: '/users',
                body: {
                    login: unique('walk.'),
                    role: 'member',
                    township: 'diankou',
                    password: 'walk-password-2026',
                },
            }),
        },

        patch_users_id: {
            prepare: async () => ({ path: `/users/${(await make.account()).id}`, body: { role: 'clerk' } }),
            then: (res) => assert.equal(res.body.item.role, 'clerk'),
        },
        post_users_id_disable: {
            prepare: async () => ({ path: `/users/${(await make.account()).id}/disable`, body: { reason: '巡检停用' } }),
            then: (res) => assert.equal(res.body.item.disabled_reason, '巡检停用'),
        },
        post_users_id_enable: {
            prepare: async () => {
                const { id } = await make.account();
                await ok('POST', `/users/${id}/disable`, { reason: '巡检停用' }, 200);
                return { path: `/users/${id}/enable`, body: {} };
            },
            then: (res) => assert.equal(res.body.item.disabled, null),
        },
        post_users_id_password: {
            prepare: async () => ({ path: `/users/${(await make.account()).id}/password`, body: {} }),
            then: (res) => assert.match(res.body.password, /^[A-Za-z0-9]{16}$/),
        },
        post_users_id_signout: {
            prepare: async () => ({ path: `/users/${(await make.account()).id}/sign-out`, body: {} }),
            then: (res) => assert.equal(typeof res.body.item.sessions_ended, 'string'),
        },
        // Two-factor sign-in, as a new user of the role (so that the walk's
        // own users sign in with their password alone).
        post_session_code: {
            fresh: true,
            prepare: async () => {
                const { login: name, secret } = await make.totpAccount();
                const first = await request(url, 'POST', '/session', { body: { login: name, password: PASSWORD } });
                assert.equal(first.status, 200, first.text);
                return { path: '/session/code', body: { ticket: first.body.ticket, code: codeNow(secret, 1) } };
            },
            then: (res) => assert.match(res.body.user.login, /^walk\.acct\./),
        },
        post_session_totp: {
            prepare: async (role) => {
                if (!role.login) {
                    return { path: '/session/totp', body: { password: PASSWORD }, auth: null };
                }
                const { login: name } = await make.account(role.role, role.township);
                return { path: '/session/totp', body: { password: PASSWORD }, auth: await login(url, name) };
            },
            then: (res) => assert.match(res.body.uri, /^otpauth:\/\/totp\/probity:walk\.acct\./),
        },
        post_session_totp_confirm: {
            fresh: true,
            prepare: async (role) => {
                if (!role.login) {
                    return { path: '/session/totp/confirm', body: { code: '123456' }, auth: null };
                }
                const { login: name } = await make.account(role.role, role.township);
                const auth = await login(url, name);
                const enrol = await request(url, 'POST', '/session/totp', { auth, body: { password: PASSWORD } });
                assert.equal(enrol.status, 200, enrol.text);
                return { path: '/session/totp/confirm', body: { code: codeNow(enrol.body.secret) }, auth };
            },
            then: (res) => assert.equal(res.body.item.totp, 'on'),
        },
        post_session_totp_disable: {
            fresh: true,
            prepare: async (role) => {
                if (!role.login) {
                    return { path: '/session/totp/disable', body: { password: PASSWORD, code: '123456' }, auth: null };
                }
                const { secret, auth } = await make.totpAccount(role.role, role.township);
                return { path: '/session/totp/disable', body: { password: PASSWORD, code: codeNow(secret, 1) }, auth };
            },
            then: (res) => assert.equal(res.body.item.totp, null),
        },
        post_users_id_totp_reset: {
            prepare: async () => ({ path: `/users/${(await make.totpAccount()).id}/totp/reset`, body: {} }),
            then: (res) => assert.equal(res.body.item.totp, null),
        },
        // One's own password, as a new user of the role (so that the walk's
        // sessions and the demo's passwords stay as they are).
        post_session_password: {
            prepare: async (role) => {
                const body = { current_password: PASSWORD, new_password: 'walk-new-password-2026' };
                if (!role.login) {
                    return { path: '/session/password', body, auth: null };
                }
                const { login: name } = await make.account(role.role, role.township);
                return { path: '/session/password', body, auth: await login(url, name) };
            },
            then: async (res, role, prepared) => {
                expectError(await request(url, 'GET', '/session', { auth: prepared.auth }), 401, 'unauthenticated');
            },
        },

        get_cities: { prepare: () => ({ path: '/cities' }) },
        post_cities: {
            prepare: () => ({ path: '/cities', body: { id: unique('c'), name: '巡检市', name_en: 'Walk City' } }),
        },
        get_townships: { prepare: () => ({ path: '/townships' }) },
        post_townships: {
            prepare: () => ({
                path: '/townships',
                body: { id: unique('t'), kind: 'township', name: '巡检镇', name_en: 'Walk Town', city_id: 'zhuji' },
            }),
        },
        get_townships_tid: { prepare: () => ({ path: '/townships/diankou' }) },
        patch_townships_tid: {
            prepare: async () => {
                const id = await make.township();
                return { path: `/townships/${id}`, body: { name_en: 'Renamed Town' }, township: id };
            },
        },
        get_townships_tid_villages: { prepare: () => ({ path: '/townships/diankou/villages' }) },
        post_townships_tid_villages: {
            township: 'diankou',
            prepare: () => ({
                path: '/townships/diankou/villages',
                body: { kind: 'community', name: unique('社区'), name_en: 'Walk Community' },
            }),
        },
        patch_villages_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/villages/${await make.village()}`, body: { name: unique('村') } }),
        },
        delete_villages_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/villages/${await make.village()}` }),
        },
        get_townships_tid_bodies: { prepare: () => ({ path: '/townships/diankou/bodies' }) },
        post_townships_tid_bodies: {
            township: 'diankou',
            prepare: async () => {
                // A new township: each demo township has a body of every class.
                const township = await make.township();
                return {
                    township,
                    path: `/townships/${township}/bodies`,
                    body: { class: 'congress', name: '巡检新镇人民代表大会', name_en: "Walk New Town People's Congress" },
                };
            },
        },
        get_townships_tid_departments: { prepare: () => ({ path: '/townships/diankou/departments' }) },
        post_townships_tid_departments: {
            township: 'diankou',
            prepare: () => ({
                path: '/townships/diankou/departments',
                body: { class: 'centre', name: unique('中心'), name_en: 'Walk Centre' },
            }),
        },
        get_townships_tid_people: { prepare: () => ({ path: '/townships/diankou/people' }) },
        post_townships_tid_people: {
            township: 'diankou',
            prepare: () => ({
                path: '/townships/diankou/people',
                body: { name: unique('人'), name_en: 'Walk Person', gender: 'female' },
            }),
        },
        get_townships_tid_members: { prepare: () => ({ path: '/townships/diankou/members' }) },
        get_townships_tid_portfolios: { prepare: () => ({ path: '/townships/diankou/portfolios' }) },

        get_organizations_id: { prepare: () => ({ path: `/organizations/${ctx.committee}` }) },
        patch_organizations_id: {
            township: 'diankou',
            prepare: async () => ({
                path: `/organizations/${await make.department()}`,
                body: { name: unique('局') },
            }),
        },
        delete_organizations_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/organizations/${await make.department()}` }),
        },
        get_organizations_id_posts: { prepare: () => ({ path: `/organizations/${ctx.committee}/posts` }) },
        post_organizations_id_posts: {
            township: 'diankou',
            prepare: () => ({
                path: `/organizations/${ctx.dept}/posts`,
                body: { role: 'staff', label: unique('岗'), label_en: 'Walk Post', seats: 1 },
            }),
        },
        get_organizations_id_memberships: {
            prepare: () => ({ path: `/organizations/${ctx.committee}/memberships?current=1` }),
        },
        get_posts_id: { prepare: () => ({ path: `/posts/${ctx.committeePost}` }) },
        patch_posts_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/posts/${await make.post()}`, body: { label: unique('岗') } }),
        },
        delete_posts_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/posts/${await make.post()}` }),
        },
        get_people_id: { prepare: () => ({ path: `/people/${ctx.person}` }) },
        patch_people_id: {
            township: 'diankou',
            prepare: () => ({ path: `/people/${ctx.patchPerson}`, body: { name: unique('人') } }),
        },
        delete_people_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/people/${await make.person()}` }),
        },
        get_people_id_memberships: { prepare: () => ({ path: `/people/${ctx.person}/memberships` }) },
        post_memberships: {
            township: 'diankou',
            prepare: async () => ({
                path: '/memberships',
                body: { person_id: await make.person(), post_id: ctx.post, start_date: '2024-01-01' },
            }),
        },
        get_memberships_id: { prepare: () => ({ path: `/memberships/${ctx.membership}` }) },
        patch_memberships_id: {
            township: 'diankou',
            prepare: async () => ({
                path: `/memberships/${await make.membership()}`,
                body: { end_date: '2030-12-31' },
            }),
        },
        delete_memberships_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/memberships/${await make.membership()}` }),
        },
        post_portfolios: {
            township: 'diankou',
            prepare: async () => ({
                path: '/portfolios',
                body: {
                    person_id: await make.person(),
                    area: unique('分管'),
                    area_en: 'walk area',
                    department_id: ctx.dept,
                    start_date: '2024-01-01',
                },
            }),
        },
        get_portfolios_id: { prepare: () => ({ path: `/portfolios/${ctx.portfolio}` }) },
        patch_portfolios_id: {
            township: 'diankou',
            prepare: async () => ({
                path: `/portfolios/${await make.portfolio()}`,
                body: { area: unique('分管') },
            }),
        },
        delete_portfolios_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/portfolios/${await make.portfolio()}` }),
        },
    };

    // The collective-decision routes (docs/decisions.md).
    Object.assign(fixtures, await decisionFixtures({ url, ok, auth }));
    // Works and purchases (docs/procurement.md).
    Object.assign(fixtures, await procurementFixtures({ ok, auth }));
    return fixtures;
}
