// The organisation model's rules through the HTTP API: one secretary (and
// one discipline secretary) per committee at a time, no overlapping
// memberships of one person in one post, never more concurrent holders than
// seats, no deletion of referenced records, portfolios within the person's
// township, one body per class per township, memberships within the
// person's township; and full create/read/update/delete round trips for
// every kind of object, each write answering with its event (seq, type,
// time) and the sequence growing by exactly one per write.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { eventCount, expectError, expectEvent, expectOneWrite, login, request, runCli, startServer } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const clerk = await login(url, 'diankou.clerk');

/** A write as the admin (or as), which must answer status with one new event of type. */
async function write(method, path, body, status, type, as = admin) {
    const before = await eventCount(url);
    const res = await request(url, method, path, { auth: as, body });
    expectEvent(res, status, type, before);
    await expectOneWrite(url, before, `${method} ${path}`);
    return res.body.item;
}

/** A write that must be refused with status/code/field and write nothing. */
async function refused(method, path, body, status, code, field) {
    const before = await eventCount(url);
    const res = await request(url, method, path, { auth: admin, body, headers: { 'Accept-Language': 'en' } });
    expectError(res, status, code, field, `${method} ${path} ${JSON.stringify(body)}`);
    assert.equal(await eventCount(url), before, `${method} ${path}: a refused write added an event`);
    return res.body.error;
}

async function get(path, status = 200) {
    const res = await request(url, 'GET', path);
    assert.equal(res.status, status, `${path}: ${res.text}`);
    return res.body;
}

let townshipCounter = 0;
/** A fresh township with a committee, a discipline body and a bureau. */
async function freshTownship() {
    townshipCounter += 1;
    const id = `org${process.pid}t${townshipCounter}`;
    await write('POST', '/townships', { id, kind: 'township', name: '测试镇', name_en: 'Test Town' }, 201, 'township.created');
    const committee = await write(
        'POST',
        `/townships/${id}/bodies`,
        { class: 'committee', name: '测试镇党委', name_en: 'Test Committee' },
        201,
        'organization.created',
    );
    const discipline = await write(
        'POST',
        `/townships/${id}/bodies`,
        { class: 'discipline', name: '测试镇纪委', name_en: 'Test Discipline' },
        201,
        'organization.created',
    );
    const bureau = await write(
        'POST',
        `/townships/${id}/departments`,
        { class: 'bureau', name: '测试局', name_en: 'Test Bureau' },
        201,
        'organization.created',
    );
    return { id, committee: committee.id, discipline: discipline.id, bureau: bureau.id };
}

async function person(township, name = '测试人') {
    return (await write('POST', `/townships/${township}/people`, { name }, 201, 'person.created')).id;
}

async function post(org, role, seats = 1, label = '职务') {
    return (await write('POST', `/organizations/${org}/posts`, { role, label, label_en: 'Post', seats }, 201, 'post.created')).id;
}

async function membership(person_id, post_id, start_date, end_date) {
    const body = { person_id, post_id, start_date };
    if (end_date !== undefined) {
        body.end_date = end_date;
    }
    return (await write('POST', '/memberships', body, 201, 'membership.created')).id;
}

describe('one secretary per committee at a time', () => {
    test('a second concurrent secretary is a conflict; after the first ends, a new one may start that day', async () => {
        const t = await freshTownship();
        const secPost = await post(t.committee, 'secretary');
        const [a, b, c] = [await person(t.id, '甲'), await person(t.id, '乙'), await person(t.id, '丙')];
        const first = await membership(a, secPost, '2022-04-20');
        // Same post, overlapping: refused.
        const e1 = await refused(
            'POST',
            '/memberships',
            { person_id: b, post_id: secPost, start_date: '2024-01-01' },
            409,
            'conflict',
            'post_id',
        );
        assert.match(e1.message, /secretary|full/);
        // A second secretary post in the same committee does not help.
        const secPost2 = await post(t.committee, 'secretary', 1, '第二书记');
        const e2 = await refused(
            'POST',
            '/memberships',
            { person_id: b, post_id: secPost2, start_date: '2024-01-01' },
            409,
            'conflict',
            'post_id',
        );
        assert.equal(e2.message, 'the committee already has a secretary in this period');
        // Nor does one that starts before and runs into the first's term.
        await refused(
            'POST',
            '/memberships',
            { person_id: b, post_id: secPost2, start_date: '2020-01-01', end_date: '2022-04-21' },
            409,
            'conflict',
            'post_id',
        );
        // Ending just as the first starts is fine.
        await membership(c, secPost2, '2019-01-01', '2022-04-20');
        // End the first; the successor starts on the end date.
        const ended = await write('PATCH', `/memberships/${first}`, { end_date: '2025-03-01' }, 200, 'membership.updated');
        assert.equal(ended.end_date, '2025-03-01');
        await refused('POST', '/memberships', { person_id: b, post_id: secPost2, start_date: '2025-02-28' }, 409, 'conflict', 'post_id');
        const next = await membership(b, secPost2, '2025-03-01');
        const m = await get(`/memberships/${next}`);
        assert.equal(m.start_date, '2025-03-01');
        assert.equal(m.end_date, null);
        // Re-opening the first term now overlaps the successor.
        await refused('PATCH', `/memberships/${first}`, { end_date: null }, 409, 'conflict', 'post_id');
        await refused('PATCH', `/memberships/${first}`, { end_date: '2025-03-02' }, 409, 'conflict', 'post_id');
        assert.equal((await get(`/memberships/${first}`)).end_date, '2025-03-01');
    });

    test('one discipline secretary at a time, per organisation', async () => {
        const t = await freshTownship();
        const p1 = await post(t.committee, 'discipline_secretary');
        const p2 = await post(t.committee, 'discipline_secretary', 1, '第二纪委书记');
        const [a, b] = [await person(t.id, '甲'), await person(t.id, '乙')];
        await membership(a, p1, '2023-01-01');
        const e = await refused(
            'POST',
            '/memberships',
            { person_id: b, post_id: p2, start_date: '2023-06-01' },
            409,
            'conflict',
            'post_id',
        );
        assert.equal(e.message, 'the committee already has a discipline secretary in this period');
        // The discipline body is another organisation: it may have its own.
        const d = await post(t.discipline, 'discipline_secretary');
        await membership(b, d, '2023-06-01');
    });

    test('deputies are not limited to one', async () => {
        const t = await freshTownship();
        const deputies = await post(t.committee, 'deputy_secretary', 2);
        await membership(await person(t.id, '甲'), deputies, '2023-01-01');
        await membership(await person(t.id, '乙'), deputies, '2023-01-01');
    });

    test('an open-ended secretary cannot be joined by one starting at the end of time', async () => {
        // Dates run to 2999-12-31: a later date cannot slip past the overlap
        // checks, and the last accepted one is still checked.
        const t = await freshTownship();
        const p1 = await post(t.committee, 'secretary');
        const p2 = await post(t.committee, 'secretary', 1, '第二书记');
        await membership(await person(t.id, '甲'), p1, '2022-01-01');
        const other = await person(t.id, '乙');
        await refused(
            'POST',
            '/memberships',
            { person_id: other, post_id: p2, start_date: '9999-12-31' },
            422,
            'invalid',
            'start_date',
        );
        await refused(
            'POST',
            '/memberships',
            { person_id: other, post_id: p2, start_date: '2999-12-31' },
            409,
            'conflict',
            'post_id',
        );
    });
});

describe('memberships of one person in one post', () => {
    test('overlapping terms are a conflict; adjacent ones are not', async () => {
        const t = await freshTownship();
        const staff = await post(t.bureau, 'staff', 5);
        const x = await person(t.id);
        const open = await membership(x, staff, '2024-01-01');
        const e = await refused(
            'POST',
            '/memberships',
            { person_id: x, post_id: staff, start_date: '2023-01-01', end_date: '2024-06-01' },
            409,
            'conflict',
            'start_date',
        );
        assert.equal(e.message, 'this person already holds this post in an overlapping period');
        await refused('POST', '/memberships', { person_id: x, post_id: staff, start_date: '2030-01-01' }, 409, 'conflict', 'start_date');
        await refused('POST', '/memberships', { person_id: x, post_id: staff, start_date: '2024-01-01' }, 409, 'conflict', 'start_date');
        const before = await membership(x, staff, '2020-01-01', '2024-01-01');
        // Moving the earlier term's end into the open one is refused too.
        await refused('PATCH', `/memberships/${before}`, { end_date: '2024-01-02' }, 409, 'conflict', 'start_date');
        await refused('PATCH', `/memberships/${open}`, { start_date: '2023-12-31' }, 409, 'conflict', 'start_date');
        const person1 = await get(`/people/${x}`);
        assert.deepEqual(person1.memberships.map((m) => [m.start_date, m.end_date]), [
            ['2020-01-01', '2024-01-01'],
            ['2024-01-01', null],
        ]);
    });

    test('the same person may hold two different posts at once', async () => {
        const t = await freshTownship();
        const x = await person(t.id);
        await membership(x, await post(t.bureau, 'head'), '2024-01-01');
        await membership(x, await post(t.committee, 'member', 9), '2024-01-01');
    });
});

describe('seats', () => {
    test('a post never has more concurrent holders than seats', async () => {
        const t = await freshTownship();
        const p = await post(t.bureau, 'deputy_head', 2);
        const [a, b, c] = [await person(t.id, '甲'), await person(t.id, '乙'), await person(t.id, '丙')];
        const ma = await membership(a, p, '2024-01-01', '2026-01-01');
        await membership(b, p, '2024-06-01');
        const e = await refused('POST', '/memberships', { person_id: c, post_id: p, start_date: '2025-01-01' }, 409, 'conflict', 'post_id');
        assert.equal(e.message, 'the post is full in this period (2 seats)');
        // A term that starts before both and ends before the second starts fits.
        await refused(
            'POST',
            '/memberships',
            { person_id: c, post_id: p, start_date: '2023-01-01', end_date: '2024-06-02' },
            409,
            'conflict',
            'post_id',
        );
        await membership(c, p, '2023-01-01', '2024-06-01');
        // A term after the first ends fits; one overlapping it does not.
        const d = await person(t.id, '丁');
        await refused('POST', '/memberships', { person_id: d, post_id: p, start_date: '2025-12-31' }, 409, 'conflict', 'post_id');
        await membership(d, p, '2026-01-01');
        // Extending the first term now overfills the post.
        await refused('PATCH', `/memberships/${ma}`, { end_date: '2026-01-02' }, 409, 'conflict', 'post_id');
        await refused('PATCH', `/memberships/${ma}`, { end_date: null }, 409, 'conflict', 'post_id');
    });

    test('seats cannot be lowered below the concurrent holders', async () => {
        const t = await freshTownship();
        const p = await post(t.bureau, 'staff', 3);
        await membership(await person(t.id, '甲'), p, '2024-01-01');
        await membership(await person(t.id, '乙'), p, '2024-01-01');
        await membership(await person(t.id, '丙'), p, '2020-01-01', '2021-01-01');
        const e = await refused('PATCH', `/posts/${p}`, { seats: 1 }, 409, 'conflict', 'seats');
        assert.equal(e.message, 'fewer seats than concurrent holders');
        assert.equal((await get(`/posts/${p}`)).seats, 3);
        const lowered = await write('PATCH', `/posts/${p}`, { seats: 2 }, 200, 'post.updated');
        assert.equal(lowered.seats, 2);
        await refused(
            'POST',
            '/memberships',
            { person_id: await person(t.id, '丁'), post_id: p, start_date: '2024-02-01' },
            409,
            'conflict',
            'post_id',
        );
    });

    test('parallel requests cannot overfill a post', async () => {
        const t = await freshTownship();
        const p = await post(t.bureau, 'staff', 2);
        const people = [];
        for (let i = 0; i < 12; i++) {
            people.push(await person(t.id, `并发${i}`));
        }
        const before = await eventCount(url);
        const answers = await Promise.all(
            people.map((x) =>
                request(url, 'POST', '/memberships', { auth: admin, body: { person_id: x, post_id: p, start_date: '2024-01-01' } }),
            ),
        );
        const ok = answers.filter((r) => r.status === 201);
        assert.equal(ok.length, 2, answers.map((r) => r.status).join(' '));
        for (const r of answers.filter((x) => x.status !== 201)) {
            expectError(r, 409, 'conflict', 'post_id');
        }
        assert.deepEqual(ok.map((r) => r.body.event.seq).sort((a, b) => a - b), [before, before + 1]);
        assert.equal(await eventCount(url), before + 2);
        assert.equal((await get(`/organizations/${t.bureau}/memberships`)).total, 2);
    });

    test('seats default to 1', async () => {
        const t = await freshTownship();
        const item = await write(
            'POST',
            `/organizations/${t.bureau}/posts`,
            { role: 'head', label: '局长', label_en: 'Head' },
            201,
            'post.created',
        );
        assert.equal(item.seats, 1);
    });
});

describe('deletions that would leave references behind', () => {
    test('an organisation with posts, a post with memberships, a person with memberships', async () => {
        const t = await freshTownship();
        const p = await post(t.bureau, 'staff', 2);
        const x = await person(t.id);
        const m = await membership(x, p, '2024-01-01');
        await refused('DELETE', `/organizations/${t.bureau}`, undefined, 409, 'conflict', null);
        await refused('DELETE', `/posts/${p}`, undefined, 409, 'conflict', null);
        await refused('DELETE', `/people/${x}`, undefined, 409, 'conflict', null);
        // In order, each deletion becomes possible.
        await write('DELETE', `/memberships/${m}`, undefined, 200, 'membership.deleted');
        await write('DELETE', `/posts/${p}`, undefined, 200, 'post.deleted');
        await write('DELETE', `/people/${x}`, undefined, 200, 'person.deleted');
        await write('DELETE', `/organizations/${t.bureau}`, undefined, 200, 'organization.deleted');
        await get(`/organizations/${t.bureau}`, 404);
    });

    test('a person with portfolios, and a department a portfolio covers', async () => {
        const t = await freshTownship();
        const x = await person(t.id);
        const f = await write(
            'POST',
            '/portfolios',
            { person_id: x, area: '城建', area_en: 'construction', department_id: t.bureau, start_date: '2024-01-01' },
            201,
            'portfolio.created',
        );
        await refused('DELETE', `/people/${x}`, undefined, 409, 'conflict', null);
        await refused('DELETE', `/organizations/${t.bureau}`, undefined, 409, 'conflict', null);
        await write('DELETE', `/portfolios/${f.id}`, undefined, 200, 'portfolio.deleted');
        await write('DELETE', `/people/${x}`, undefined, 200, 'person.deleted');
    });

    test('a person linked to a user account', async () => {
        const t = await freshTownship();
        const x = await person(t.id);
        const u = await request(url, 'POST', '/users', {
            auth: admin,
            body: { login: `linked${process.pid}`, role: 'member', township: t.id, person_id: x, password: 'linked-password-1' },
        });
        assert.equal(u.status, 201, u.text);
        await refused('DELETE', `/people/${x}`, undefined, 409, 'conflict', null);
    });
});

describe('townships of references', () => {
    test("a portfolio's department must belong to the person's township", async () => {
        const t = await freshTownship();
        const other = await freshTownship();
        const x = await person(t.id);
        const e = await refused(
            'POST',
            '/portfolios',
            { person_id: x, area: '城建', area_en: 'construction', department_id: other.bureau, start_date: '2024-01-01' },
            422,
            'invalid',
            'department_id',
        );
        assert.equal(e.message, "the department must be one of the person's township");
        const f = await write(
            'POST',
            '/portfolios',
            { person_id: x, area: '城建', area_en: 'construction', department_id: t.bureau, start_date: '2024-01-01' },
            201,
            'portfolio.created',
        );
        await refused('PATCH', `/portfolios/${f.id}`, { department_id: other.bureau }, 422, 'invalid', 'department_id');
        // A body is not a department.
        await refused('PATCH', `/portfolios/${f.id}`, { department_id: t.committee }, 422, 'invalid', 'department_id');
        const cleared = await write('PATCH', `/portfolios/${f.id}`, { department_id: null }, 200, 'portfolio.updated');
        assert.equal(cleared.department_id, null);
    });

    test("a membership's post must belong to the person's township", async () => {
        const t = await freshTownship();
        const other = await freshTownship();
        const x = await person(t.id);
        const p = await post(other.bureau, 'staff', 3);
        const e = await refused('POST', '/memberships', { person_id: x, post_id: p, start_date: '2024-01-01' }, 422, 'invalid', 'post_id');
        assert.equal(e.message, 'the post and the person belong to different townships');
    });

    test('a clerk cannot reach into another township through a reference', async () => {
        // diankou.clerk with a Diankou person and another township's post.
        const other = await freshTownship();
        const p = await post(other.bureau, 'staff', 3);
        const people = await get('/townships/diankou/people');
        const before = await eventCount(url);
        const res = await request(url, 'POST', '/memberships', {
            auth: clerk,
            body: { person_id: people.items[0].id, post_id: p, start_date: '2024-01-01' },
        });
        expectError(res, 422, 'invalid', 'post_id');
        // And with the other township's person: not their township at all.
        const y = await person(other.id);
        const res2 = await request(url, 'POST', '/memberships', {
            auth: clerk,
            body: { person_id: y, post_id: p, start_date: '2024-01-01' },
        });
        expectError(res2, 403, 'forbidden');
        assert.equal(await eventCount(url), before + 1);
    });
});

describe('one body per class per township', () => {
    test('a second body of a class is a conflict; departments may repeat', async () => {
        const t = await freshTownship();
        const e = await refused(
            'POST',
            `/townships/${t.id}/bodies`,
            { class: 'committee', name: '又一个党委', name_en: 'Another Committee' },
            409,
            'conflict',
            'class',
        );
        assert.equal(e.message, 'the township already has a body of this class');
        await refused(
            'POST',
            '/townships/diankou/bodies',
            { class: 'government', name: '政府', name_en: 'Government' },
            409,
            'conflict',
            'class',
        );
        await write(
            'POST',
            `/townships/${t.id}/bodies`,
            { class: 'government', name: '测试镇政府', name_en: 'Test Government' },
            201,
            'organization.created',
        );
        await write(
            'POST',
            `/townships/${t.id}/departments`,
            { class: 'bureau', name: '第二个局', name_en: 'Second Bureau' },
            201,
            'organization.created',
        );
        // Renaming a body is not a second body.
        await write('PATCH', `/organizations/${t.committee}`, { name: '测试镇委员会' }, 200, 'organization.updated');
    });

    test("a post's role must fit its organisation", async () => {
        const t = await freshTownship();
        await refused(
            'POST',
            `/organizations/${t.committee}/posts`,
            { role: 'head', label: '局长', label_en: 'Head' },
            422,
            'invalid',
            'role',
        );
        await refused(
            'POST',
            `/organizations/${t.bureau}/posts`,
            { role: 'secretary', label: '书记', label_en: 'Secretary' },
            422,
            'invalid',
            'role',
        );
        await refused(
            'POST',
            `/organizations/${t.committee}/posts`,
            { role: 'chair', label: '主席', label_en: 'Chair' },
            422,
            'invalid',
            'role',
        );
        const gov = await write(
            'POST',
            `/townships/${t.id}/bodies`,
            { class: 'government', name: '政府', name_en: 'Government' },
            201,
            'organization.created',
        );
        await post(gov.id, 'mayor');
        await post(gov.id, 'deputy_mayor', 3);
        await refused(
            'POST',
            `/organizations/${gov.id}/posts`,
            { role: 'secretary', label: '书记', label_en: 'Secretary' },
            422,
            'invalid',
            'role',
        );
        await post(t.bureau, 'staff', 5);
        await post(t.committee, 'staff', 5);
    });

    test('bodies and departments take only their own classes', async () => {
        const t = await freshTownship();
        await refused('POST', `/townships/${t.id}/bodies`, { class: 'bureau', name: '局', name_en: 'Bureau' }, 422, 'invalid', 'class');
        await refused(
            'POST',
            `/townships/${t.id}/departments`,
            { class: 'congress', name: '人大', name_en: 'Congress' },
            422,
            'invalid',
            'class',
        );
    });
});

describe('create, read, update and delete round trips', () => {
    test('townships (admin only)', async () => {
        const id = `rt${process.pid}`;
        const made = await write(
            'POST',
            '/townships',
            { id, kind: 'township', name: '往返镇', name_en: 'Round Trip Town' },
            201,
            'township.created',
        );
        assert.deepEqual(
            made,
            { id, city_id: 'zhuji', kind: 'township', name: '往返镇', name_en: 'Round Trip Town', villages: 0, bodies: 0, departments: 0, people: 0 },
        );
        assert.deepEqual(await get(`/townships/${id}`), made);
        await refused('POST', '/townships', { id, kind: 'township', name: '重复镇', name_en: 'Duplicate' }, 409, 'conflict', 'id');
        await refused('POST', '/townships', { id: 'Bad Id', kind: 'township', name: '镇', name_en: 'Town' }, 422, 'invalid', 'id');
        const changed = await write(
            'PATCH',
            `/townships/${id}`,
            { name: '往返街道', name_en: 'Round Trip Subdistrict', kind: 'subdistrict' },
            200,
            'township.updated',
        );
        assert.equal(changed.kind, 'subdistrict');
        assert.deepEqual(await get(`/townships/${id}`), changed);
        const list = await get('/townships?limit=200');
        assert.deepEqual(list.items.find((x) => x.id === id).name, '往返街道');
        const res = await request(
            url,
            'POST',
            '/townships',
            { auth: clerk, body: { id: `no${process.pid}`, kind: 'township', name: '镇', name_en: 'Town' } },
        );
        expectError(res, 403, 'forbidden');
    });

    test("the townships list carries each township's counts", async () => {
        const list = await get('/townships?limit=200');
        assert.ok(list.total >= 23);
        for (const t of list.items) {
            const one = await get(`/townships/${t.id}`);
            for (const k of ['city_id', 'kind', 'name', 'name_en', 'departments', 'people', 'villages']) {
                assert.deepEqual(t[k], one[k], `${t.id}.${k}`);
            }
        }
    });

    test('villages', async () => {
        const before = (await get('/townships/diankou/villages')).total;
        const v = await write(
            'POST',
            '/townships/diankou/villages',
            { kind: 'village', name: '往返村', name_en: 'Round Trip Village' },
            201,
            'village.created',
            clerk,
        );
        assert.deepEqual(v, { id: v.id, township_id: 'diankou', kind: 'village', name: '往返村', name_en: 'Round Trip Village' });
        let list = await get('/townships/diankou/villages?limit=200');
        assert.equal(list.total, before + 1);
        assert.deepEqual(list.items.find((x) => x.id === v.id), v);
        const changed = await write(
            'PATCH',
            `/villages/${v.id}`,
            { kind: 'community', name: '往返社区', name_en: null },
            200,
            'village.updated',
            clerk,
        );
        assert.deepEqual(changed, { ...v, kind: 'community', name: '往返社区', name_en: null });
        list = await get('/townships/diankou/villages?limit=200');
        assert.deepEqual(list.items.find((x) => x.id === v.id), changed);
        const gone = await write('DELETE', `/villages/${v.id}`, undefined, 200, 'village.deleted', clerk);
        assert.deepEqual(gone, { id: v.id });
        list = await get('/townships/diankou/villages?limit=200');
        assert.equal(list.total, before);
        assert.equal(list.items.find((x) => x.id === v.id), undefined);
        assert.equal((await get('/townships/diankou')).villages, before);
    });

    test('bodies and departments', async () => {
        const t = await freshTownship();
        const gov = await write(
            'POST',
            `/townships/${t.id}/bodies`,
            { class: 'government', name: '往返政府', name_en: 'RT Government' },
            201,
            'organization.created',
        );
        assert.deepEqual(gov, { id: gov.id, township_id: t.id, class: 'government', name: '往返政府', name_en: 'RT Government', posts: [] });
        assert.deepEqual(await get(`/organizations/${gov.id}`), gov);
        assert.ok((await get(`/townships/${t.id}/bodies`)).items.some((x) => x.id === gov.id));
        assert.ok(!(await get(`/townships/${t.id}/departments`)).items.some((x) => x.id === gov.id));
        const renamed = await write(
            'PATCH',
            `/organizations/${gov.id}`,
            { name: '往返镇政府', name_en: 'RT Town Government' },
            200,
            'organization.updated',
        );
        assert.equal(renamed.name, '往返镇政府');
        assert.deepEqual(await get(`/organizations/${gov.id}`), renamed);
        const office = await write(
            'POST',
            `/townships/${t.id}/departments`,
            { class: 'office', name: '往返办', name_en: 'RT Office' },
            201,
            'organization.created',
        );
        assert.ok((await get(`/townships/${t.id}/departments`)).items.some((x) => x.id === office.id));
        assert.equal((await get(`/townships/${t.id}`)).departments, 2);
        assert.equal((await get(`/townships/${t.id}`)).bodies, 3);
        await write('DELETE', `/organizations/${gov.id}`, undefined, 200, 'organization.deleted');
        await write('DELETE', `/organizations/${office.id}`, undefined, 200, 'organization.deleted');
        await get(`/organizations/${gov.id}`, 404);
        assert.equal((await get(`/townships/${t.id}`)).bodies, 2);
    });

    test('people', async () => {
        const p = await write(
            'POST',
            '/townships/diankou/people',
            { name: '往返人', name_en: 'Wang Fan', gender: 'male' },
            201,
            'person.created',
            clerk,
        );
        assert.deepEqual(
            p,
            { id: p.id, township_id: 'diankou', name: '往返人', name_en: 'Wang Fan', gender: 'male', memberships: [], portfolios: [] },
        );
        assert.deepEqual(await get(`/people/${p.id}`), p);
        const changed = await write('PATCH', `/people/${p.id}`, { gender: null, name_en: 'Wangfan' }, 200, 'person.updated', clerk);
        assert.deepEqual(changed, { ...p, gender: null, name_en: 'Wangfan' });
        assert.deepEqual(await get(`/people/${p.id}`), changed);
        const list = await get('/townships/diankou/people?limit=200');
        assert.deepEqual(
            list.items.find((x) => x.id === p.id),
            { id: p.id, township_id: 'diankou', name: '往返人', name_en: 'Wangfan', gender: null },
        );
        await write('DELETE', `/people/${p.id}`, undefined, 200, 'person.deleted', clerk);
        await get(`/people/${p.id}`, 404);
    });

    test('posts', async () => {
        const t = await freshTownship();
        const p = await write(
            'POST',
            `/organizations/${t.bureau}/posts`,
            { role: 'head', label: '局长', label_en: 'Director', seats: 1 },
            201,
            'post.created',
        );
        assert.deepEqual(p, { id: p.id, organization_id: t.bureau, role: 'head', label: '局长', label_en: 'Director', seats: 1 });
        assert.deepEqual(await get(`/posts/${p.id}`), p);
        assert.deepEqual((await get(`/organizations/${t.bureau}/posts`)).items, [p]);
        assert.deepEqual((await get(`/organizations/${t.bureau}`)).posts, [p]);
        const changed = await write('PATCH', `/posts/${p.id}`, { label: '局长(兼)', seats: 2 }, 200, 'post.updated');
        assert.deepEqual(changed, { ...p, label: '局长(兼)', seats: 2 });
        assert.deepEqual(await get(`/posts/${p.id}`), changed);
        await write('DELETE', `/posts/${p.id}`, undefined, 200, 'post.deleted');
        await get(`/posts/${p.id}`, 404);
        assert.equal((await get(`/organizations/${t.bureau}/posts`)).total, 0);
    });

    test('memberships', async () => {
        const t = await freshTownship();
        const member = await post(t.committee, 'member', 9, '委员');
        const x = await person(t.id, '任职人');
        const m = await write(
            'POST',
            '/memberships',
            { person_id: x, post_id: member, start_date: '2024-01-01', end_date: null },
            201,
            'membership.created',
        );
        assert.equal(m.person_id, x);
        assert.equal(m.post_id, member);
        assert.equal(m.start_date, '2024-01-01');
        assert.equal(m.end_date, null);
        assert.equal(m.organization_id, t.committee);
        assert.equal(m.person_name, '任职人');
        assert.deepEqual(await get(`/memberships/${m.id}`), m);
        assert.deepEqual((await get(`/people/${x}/memberships`)).items, [m]);
        assert.deepEqual((await get(`/organizations/${t.committee}/memberships`)).items, [m]);
        assert.deepEqual((await get(`/organizations/${t.committee}/memberships?current=1`)).items, [m]);
        const members = await get(`/townships/${t.id}/members`);
        assert.deepEqual(members.items.map((x1) => x1.membership_id), [m.id]);
        const ended = await write('PATCH', `/memberships/${m.id}`, { end_date: '2024-12-31' }, 200, 'membership.updated');
        assert.deepEqual(ended, { ...m, end_date: '2024-12-31' });
        assert.deepEqual(await get(`/memberships/${m.id}`), ended);
        assert.equal((await get(`/organizations/${t.committee}/memberships?current=1`)).total, 0);
        assert.equal((await get(`/townships/${t.id}/members`)).total, 0);
        await write('DELETE', `/memberships/${m.id}`, undefined, 200, 'membership.deleted');
        await get(`/memberships/${m.id}`, 404);
        assert.equal((await get(`/people/${x}`)).memberships.length, 0);
    });

    test('"current" means start_date <= today < end_date, today in Asia/Shanghai', async () => {
        const day = (offset) => new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
        const [yesterday, today, tomorrow] = [day(-1), day(0), day(1)];
        const t = await freshTownship();
        const member = await post(t.committee, 'member', 9, '委员');
        const starts = await membership(await person(t.id, '今天起'), member, today);
        const ends = await membership(await person(t.id, '今天止'), member, '2020-01-01', today);
        const later = await membership(await person(t.id, '明天起'), member, tomorrow);
        const until = await membership(await person(t.id, '明天止'), member, yesterday, tomorrow);
        const current = await get(`/organizations/${t.committee}/memberships?current=1`);
        assert.deepEqual(current.items.map((m) => m.id).sort((a, b) => a - b), [starts, until].sort((a, b) => a - b));
        assert.equal(current.total, 2);
        const members = await get(`/townships/${t.id}/members`);
        assert.deepEqual(members.items.map((m) => m.membership_id).sort((a, b) => a - b), [starts, until].sort((a, b) => a - b));
        const everyone = await get(`/organizations/${t.committee}/memberships`);
        assert.deepEqual(everyone.items.map((m) => m.id).sort((a, b) => a - b), [starts, ends, later, until].sort((a, b) => a - b));
    });

    test('portfolios', async () => {
        const t = await freshTownship();
        const x = await person(t.id, '分管人');
        const f = await write(
            'POST',
            '/portfolios',
            { person_id: x, area: '城乡建设', area_en: 'urban and rural construction', department_id: t.bureau, start_date: '2024-01-01' },
            201,
            'portfolio.created',
        );
        assert.equal(f.person_id, x);
        assert.equal(f.department_id, t.bureau);
        assert.equal(f.department_name, '测试局');
        assert.equal(f.end_date, null);
        assert.deepEqual(await get(`/portfolios/${f.id}`), f);
        assert.deepEqual((await get(`/townships/${t.id}/portfolios`)).items, [f]);
        assert.deepEqual((await get(`/people/${x}`)).portfolios, [f]);
        const changed = await write('PATCH', `/portfolios/${f.id}`, { area: '城建', end_date: '2025-06-30' }, 200, 'portfolio.updated');
        assert.deepEqual(changed, { ...f, area: '城建', end_date: '2025-06-30' });
        assert.deepEqual(await get(`/portfolios/${f.id}`), changed);
        await refused('PATCH', `/portfolios/${f.id}`, { person_id: x + 1 }, 422, 'invalid', 'person_id');
        await write('DELETE', `/portfolios/${f.id}`, undefined, 200, 'portfolio.deleted');
        await get(`/portfolios/${f.id}`, 404);
        assert.equal((await get(`/townships/${t.id}/portfolios`)).total, 0);
    });

    test('the sequence grows by exactly one per write and the events list records each', async () => {
        const start = await eventCount(url);
        const seqs = [];
        const t = `seq${process.pid}`;
        for (const [method, path, body] of [
            ['POST', '/townships', { id: t, kind: 'township', name: '序列镇', name_en: 'Sequence Town' }],
            ['POST', `/townships/${t}/people`, { name: '序列人' }],
            ['PATCH', `/townships/${t}`, { name: '序列乡' }],
        ]) {
            const res = await request(url, method, path, { auth: admin, body });
            seqs.push(expectEvent(res, method === 'POST' ? 201 : 200).seq);
        }
        assert.deepEqual(seqs, [start, start + 1, start + 2]);
        const page = await get(`/events?offset=${start}&limit=10`);
        assert.deepEqual(page.items.map((e) => [e.seq, e.type, e.township, e.actor.role]), [
            [start, 'township.created', t, 'admin'],
            [start + 1, 'person.created', t, 'admin'],
            [start + 2, 'township.updated', t, 'admin'],
        ]);
    });
});

describe('after all of the above', () => {
    test('probity rebuild finds the query tables equal to a replay of the events', () => {
        const r = runCli(['rebuild', '--data', srv.dataDir]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /\bOK\b/);
    });

    test('with more than one city, a new township must name its city', async () => {
        // city_id "defaults to the only city"; with two there is no such city.
        await write('POST', '/cities', { id: 'aardvark', name: '阿德市', name_en: 'Aardvark City' }, 201, 'city.created');
        const cities = await get('/cities');
        assert.equal(cities.total, 2);
        await refused(
            'POST',
            '/townships',
            { id: `amb${process.pid}`, kind: 'township', name: '模糊镇', name_en: 'Ambiguous Town' },
            422,
            'invalid',
            'city_id',
        );
        const named = await write(
            'POST',
            '/townships',
            { id: `named${process.pid}`, kind: 'township', name: '明确镇', name_en: 'Named Town', city_id: 'zhuji' },
            201,
            'township.created',
        );
        assert.equal(named.city_id, 'zhuji');
        await refused(
            'POST',
            '/townships',
            { id: `bad${process.pid}`, kind: 'township', name: '镇', name_en: 'Town', city_id: 'atlantis' },
            422,
            'invalid',
            'city_id',
        );
    });
});
