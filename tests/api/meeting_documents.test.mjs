// The numbers and issuing bodies of a meeting's printed notice (会议通知)
// and minutes (会议纪要), as GET /meetings/{id} answers them
// (src/areas/meeting/document.c; docs/decisions.md, "Printed notice and
// minutes"):
//   - a notice's number is the meeting's place by id among the township's
//     meetings scheduled in the same year (Asia/Shanghai), committee and
//     joint meetings in one series (the party committee's), cancelled
//     ones keeping theirs;
//   - the minutes' number, once finalised, is their place by the time of
//     finalising among the minutes of that kind of meeting in that year;
//   - the issuers are the township's party committee, and its government
//     too for a joint meeting; the issuing code is the township's short
//     name with 委 (a subdistrict's with 工委);
//   - scheduling, cancelling and finalising meetings moves no number
//     already given, and the public reads the same numbers of finalised
//     minutes.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { login, request, startServer, unique } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const clerk = await login(url, 'diankou.clerk');
const discipline = await login(url, 'diankou.discipline');
const secretary = await login(url, 'diankou.secretary');

async function ok(method, path, body, { as = clerk, status } = {}) {
    const res = await request(url, method, path, { auth: as, body });
    assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${path}: ${res.text}`);
    return method === 'GET' ? res.body : res.body.item;
}

/** Every meeting of township as its clerk reads it (GET /meetings/{id}), by id. */
async function meetingsOf(township, as = clerk) {
    const list = await ok('GET', `/townships/${township}/meetings?limit=200`, undefined, { as });
    assert.ok(list.total <= 200, 'one page holds them all');
    const all = await Promise.all(list.items.map((m) => ok('GET', `/meetings/${m.id}`, undefined, { as })));
    return all.sort((a, b) => a.id - b.id);
}

/** The year in Asia/Shanghai of an RFC 3339 time. */
const beijingYear = (time) => Number(new Date(Date.parse(time) + 8 * 3600e3).toISOString().slice(0, 4));

/** Groups rows by key(row). */
function groupBy(rows, key) {
    const groups = new Map();
    for (const row of rows) {
        const k = key(row);
        groups.set(k, [...(groups.get(k) ?? []), row]);
    }
    return groups;
}

/** The numbers of each meeting: {id: {notice_year, notice_number, minutes_year, minutes_number}}. */
const numbersOf = (meetings) =>
    Object.fromEntries(
        meetings.map((m) => [m.id, { notice_year: m.notice_year, notice_number: m.notice_number, minutes_year: m.minutes_year, minutes_number: m.minutes_number }]),
    );

test("the demo's notices are numbered 1, 2, 3... each year by id, the minutes by finalisation per kind", async () => {
    const meetings = await meetingsOf('diankou');
    assert.ok(meetings.length >= 12, `${meetings.length} meetings`);
    for (const [year, rows] of groupBy(meetings, (m) => m.notice_year)) {
        assert.deepEqual(
            rows.map((m) => m.notice_number),
            rows.map((_, i) => i + 1),
            `the notices of ${year} in order of id`,
        );
        for (const m of rows) {
            assert.equal(beijingYear(m.created), year, `meeting ${m.id} was scheduled in ${year}`);
        }
    }
    const finalised = meetings.filter((m) => m.finalised_at);
    assert.ok(finalised.length >= 10);
    for (const m of meetings.filter((x) => !x.finalised_at)) {
        assert.equal(m.minutes_year, null, `meeting ${m.id} has no minutes yet`);
        assert.equal(m.minutes_number, null);
    }
    const series = groupBy(finalised, (m) => `${m.kind} ${m.minutes_year}`);
    for (const [name, rows] of series) {
        const ordered = [...rows].sort((a, b) => a.finalised_at.localeCompare(b.finalised_at) || a.id - b.id);
        assert.deepEqual(
            ordered.map((m) => m.minutes_number),
            ordered.map((_, i) => i + 1),
            `the minutes of ${name} in order of finalising`,
        );
        for (const m of rows) {
            assert.equal(beijingYear(m.finalised_at), m.minutes_year);
        }
    }
    // The demo's joint meetings (March and August) are a series of their own.
    const joint = finalised.filter((m) => m.kind === 'joint' && m.minutes_year === 2026);
    assert.deepEqual(joint.map((m) => m.minutes_number), [1, 2]);
    const committees = finalised.filter((m) => m.kind === 'committee' && m.minutes_year === 2026);
    assert.equal(Math.max(...committees.map((m) => m.minutes_number)), committees.length);
});

test('the issuers are the party committee, and the government too for a joint meeting', async () => {
    const meetings = await meetingsOf('diankou');
    const committee = meetings.find((m) => m.kind === 'committee');
    const joint = meetings.find((m) => m.kind === 'joint');
    assert.deepEqual(committee.issuers, [{ name: '中共店口镇委员会', name_en: 'CPC Diankou Town Committee' }]);
    assert.deepEqual(joint.issuers, [
        { name: '中共店口镇委员会', name_en: 'CPC Diankou Town Committee' },
        { name: '店口镇人民政府', name_en: "Diankou Town People's Government" },
    ]);
    assert.equal(committee.issuer_code, '店口委');
    assert.equal(joint.issuer_code, '店口委');

    // A subdistrict's party working committee, and a 乡 (the public reads finalised meetings).
    for (const [township, code, issuer] of [
        ['jiyang', '暨阳工委', '中共暨阳街道工作委员会'],
        ['donghe', '东和委', '中共东和乡委员会'],
    ]) {
        const first = (await ok('GET', `/townships/${township}/meetings?limit=1`, undefined, { as: null })).items[0];
        const m = await ok('GET', `/meetings/${first.id}`, undefined, { as: null });
        assert.equal(m.issuer_code, code, township);
        assert.equal(m.issuers[0].name, issuer, township);
    }
});

test('scheduling, cancelling and finalising meetings move no number already given', async () => {
    const before = await meetingsOf('diankou');
    const year = beijingYear(new Date().toISOString());
    const lastNotice = Math.max(0, ...before.filter((m) => m.notice_year === year).map((m) => m.notice_number));
    const jointMinutes = before.filter((m) => m.kind === 'joint' && m.minutes_year === year).length;
    const schedule = (kind) =>
        ok('POST', '/townships/diankou/meetings', {
            kind,
            title: unique(kind === 'joint' ? '党政联席会议（编号）' : '党委会议（编号）'),
            starts_at: new Date(Date.now() + 3 * 86400e3).toISOString(),
            place: '镇党委三楼会议室',
            convener_id: secretary.user.person_id,
        });

    const committee = await schedule('committee');
    const joint = await schedule('joint');
    assert.equal(committee.notice_year, year, 'the year it is scheduled in, in Beijing');
    assert.equal(committee.notice_number, lastNotice + 1);
    assert.equal(joint.notice_number, lastNotice + 2, 'joint meetings are in the same series of notices');
    assert.equal(committee.minutes_number, null);

    // Cancelled, the committee meeting keeps its number; the next takes the one after.
    const cancelled = await ok('POST', `/meetings/${committee.id}/cancel`, { reason: '议题并入下次会议' }, { status: 200 });
    assert.equal(cancelled.notice_number, lastNotice + 1);
    const next = await schedule('committee');
    assert.equal(next.notice_number, lastNotice + 3);

    // The joint meeting's minutes take the next number of the joint series.
    await ok('POST', `/meetings/${joint.id}/countersign`, {}, { as: discipline, status: 200 });
    const finalised = await ok('POST', `/meetings/${joint.id}/finalise`, {}, { status: 200 });
    assert.equal(finalised.minutes_year, year);
    assert.equal(finalised.minutes_number, jointMinutes + 1);
    assert.equal(finalised.notice_number, lastNotice + 2, 'finalising keeps the notice number');

    const after = numbersOf(await meetingsOf('diankou'));
    for (const [id, numbers] of Object.entries(numbersOf(before))) {
        assert.deepEqual(after[id], numbers, `meeting ${id} keeps its numbers`);
    }

    // The public reads the finalised minutes with the same numbers, and no unfinalised meeting.
    const public_ = await ok('GET', `/meetings/${joint.id}`, undefined, { as: null });
    assert.equal(public_.minutes_number, jointMinutes + 1);
    assert.equal(public_.notice_number, lastNotice + 2);
    assert.equal((await request(url, 'GET', `/meetings/${next.id}`)).status, 404);
});

test('the API description declares the numbers and issuers of GET /meetings/{id} in both languages', async () => {
    const doc = (await request(url, 'GET', '/openapi.json')).body;
    const schema = doc.paths['/meetings/{id}'].get.responses['200'].content['application/json'].schema;
    for (const key of ['issuers', 'issuer_code', 'notice_year', 'notice_number', 'minutes_year', 'minutes_number']) {
        const p = schema.properties[key];
        assert.ok(p, `${key} is declared`);
        assert.match(p.title, /[\u4e00-\u9fff]/, `${key} has a Chinese label`);
        assert.ok(p['x-title-en'], `${key} has an English label`);
    }
    assert.equal(schema.properties.notice_number.type, 'integer');
    assert.deepEqual(schema.properties.minutes_number.type, ['integer', 'null']);
});
