// The deliberation rules an outside audit found loose, each as the scenario
// an office would hit.
//
// An agenda item's roster is the committee's members on the meeting day
// (Asia/Shanghai) as the record stands when each step is taken, not as it
// stood when the item was notified (docs/decisions.md, "The roster"). The
// office's scenario: an item is notified; then one member leaves the
// committee and a new member takes office, both before the meeting day.
// The one who left is off the roster (no attendance, no statement, no
// ballot); the newcomer is on it, and because no notice reached them the
// attendance is flagged (attendance.not_notified) and needs a
// justification.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';

import { decisionFixtures } from './lib/decision_fixtures.mjs';
import { eventCount, login, loginAll, request, spendingTerms, startServer, unique } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const clerk = await login(url, 'diankou.clerk');
const secretary = await login(url, 'diankou.secretary');
const congress = await login(url, 'diankou.congress');
const discipline = await login(url, 'diankou.discipline');
const admin = await login(url, 'admin');
const department = (await request(url, 'GET', '/townships/diankou/departments')).body.items[0].id;

async function ok(method, path, body, status) {
    const res = await request(url, method, path, { auth: clerk, body });
    assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${path}: ${res.text}`);
    return method === 'GET' ? res.body : res.body.item;
}

/** A refusal with its rule id (or, for rule null, naming field) that
 * writes nothing. */
async function refused(path, body, status, rule, { as = clerk, field } = {}) {
    const before = await eventCount(url);
    const res = await request(url, 'POST', path, { auth: as, body });
    assert.equal(res.status, status, `${path}: ${res.text}`);
    assert.equal(res.body.error.rule, rule ?? undefined, res.text);
    if (field !== undefined) {
        assert.equal(res.body.error.field, field, res.text);
    }
    assert.equal(await eventCount(url), before, `${path} wrote an event`);
}

/** The role walk's fixtures (lib/decision_fixtures.mjs), made as the admin. */
async function adminFixtures() {
    const auth = await loginAll(url);
    const adminOk = async (method, path, body, status) => {
        const res = await request(url, method, path, { auth: auth.admin, body });
        assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${path}: ${res.text}`);
        return res.body;
    };
    return decisionFixtures({ url, ok: adminOk, auth });
}

/** The date in Asia/Shanghai of time ms, days later. */
function shanghaiDate(ms, days = 0) {
    return new Date(ms + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

/**
 * A committee meeting that began an hour ago (startsMs) with a large-fund
 * matter on its agenda (its fields overridden by matter), notified late
 * with a justification: the item.
 */
async function heldItem(meetingTitle, matterTitle, justification, matter = {}) {
    const startsMs = Date.now() - 3600e3;
    const meeting = await ok('POST', '/townships/diankou/meetings', {
        kind: 'committee',
        title: meetingTitle,
        starts_at: new Date(startsMs).toISOString(),
        place: '三楼会议室',
        convener_id: secretary.user.person_id,
    });
    const registered = await ok('POST', '/townships/diankou/matters', {
        title: matterTitle,
        category: 'large_fund',
        amount_fen: 30000000,
        proposer_id: secretary.user.person_id,
        ...spendingTerms(department),
        ...matter,
    });
    const item = await ok('POST', `/meetings/${meeting.id}/items`, { matter_id: registered.id, justification });
    return { item, startsMs };
}

/** Runs a held item to its result: everyone present, everyone agrees
 * (the secretary last), everyone votes for it. The passed item. */
async function passItem(item) {
    const everyone = item.roster.map((m) => ({ person_id: m.person_id, present: true }));
    await ok('POST', `/items/${item.id}/attendance`, { members: everyone }, 200);
    const speakers = [...item.roster.filter((m) => !m.secretary), ...item.roster.filter((m) => m.secretary)];
    for (const m of speakers) {
        await ok('POST', `/items/${item.id}/statements`, { person_id: m.person_id, view: 'agree', summary: '同意' });
    }
    await ok('POST', `/items/${item.id}/vote`, {}, 200);
    for (const m of item.roster) {
        await ok('POST', `/items/${item.id}/ballots`, { person_id: m.person_id, choice: 'agree' });
    }
    const passed = await ok('POST', `/items/${item.id}/result`, {}, 200);
    assert.equal(passed.status, 'passed');
    return passed;
}

test('the roster follows who is on the committee on the meeting day', async () => {
    const members = (await ok('GET', '/townships/diankou/members')).items;
    const leaver = members.find((m) => m.role === 'member' && m.person_id !== secretary.user.person_id);
    assert.ok(leaver, 'the demo has an ordinary committee member');
    const held = await heldItem('党委会议（任职变动）', '村道修缮资金安排', '汛后抢修');
    const startsMs = held.startsMs;
    let item = held.item;
    assert.ok(item.roster.some((m) => m.person_id === leaver.person_id), 'notified while still a member');

    // The member's membership ends on the meeting day (an end date is the
    // first day without it), and a new member took office the day before.
    await ok('PATCH', `/memberships/${leaver.membership_id}`, { end_date: shanghaiDate(startsMs) }, 200);
    const person = await ok('POST', '/townships/diankou/people', { name: unique('新任委员') });
    await ok('POST', '/memberships', { person_id: person.id, post_id: leaver.post_id, start_date: shanghaiDate(startsMs, -1) });

    item = await ok('GET', `/items/${item.id}`);
    assert.ok(!item.roster.some((m) => m.person_id === leaver.person_id), 'the member who left is off the roster');
    const newcomer = item.roster.find((m) => m.person_id === person.id);
    assert.ok(newcomer, 'the new member is on the roster');
    assert.equal(newcomer.notified, false);

    // Attendance names the roster as it stands: naming the one who left is refused.
    const everyone = item.roster.map((m) => ({ person_id: m.person_id, present: true }));
    const withLeaver = [...everyone, { person_id: leaver.person_id, present: true }];
    const res = await request(url, 'POST', `/items/${item.id}/attendance`, { auth: clerk, body: { members: withLeaver } });
    assert.equal(res.status, 422, res.text);
    // The newcomer got no notice: flagged, so a justification is needed.
    await refused(`/items/${item.id}/attendance`, { members: everyone }, 422, 'attendance.not_notified');
    item = await ok('POST', `/items/${item.id}/attendance`, { members: everyone, justification: '新任委员当日到任，已当面告知' }, 200);
    assert.equal(item.attendance.verdict.rule, 'attendance.not_notified');

    // The one who left can neither state a view nor vote.
    await refused(`/items/${item.id}/statements`, { person_id: leaver.person_id, view: 'agree', summary: '同意' }, 422, 'statement.not_member');
    for (const m of item.roster.filter((r) => !r.secretary)) {
        item = await ok('POST', `/items/${item.id}/statements`, { person_id: m.person_id, view: 'agree', summary: '同意' });
    }
    const sec = item.roster.find((r) => r.secretary);
    item = await ok('POST', `/items/${item.id}/statements`, { person_id: sec.person_id, view: 'agree', summary: '同意' });
    item = await ok('POST', `/items/${item.id}/vote`, {}, 200);
    await refused(`/items/${item.id}/ballots`, { person_id: leaver.person_id, choice: 'agree' }, 422, 'ballot.not_member');
    item = await ok('POST', `/items/${item.id}/ballots`, { person_id: person.id, choice: 'agree' });
    assert.equal(item.status, 'voting');
});

test('a budget adjustment citing another township\'s matter is told no such matter', async () => {
    const adopted = (await ok('GET', '/townships/diankou/budgets')).items.find((b) => b.status === 'adopted');
    assert.ok(adopted, 'the demo has an adopted budget');
    const budget = await ok('GET', `/budgets/${adopted.id}`);
    const elsewhere = (await ok('GET', '/townships/zhibu/matters')).items[0];
    assert.ok(elsewhere, 'the demo has matters in another township');
    const body = {
        matter_id: elsewhere.id,
        reason: '跨乡镇引用',
        changes: [{ line_id: budget.lines[0].id, delta_fen: 100 }],
        vote: {
            session: '镇人大临时会议',
            voted_on: shanghaiDate(Date.now(), -1),
            absent: [],
            votes_for: 45,
            votes_against: 3,
            abstentions: 2,
        },
    };
    await refused(`/budgets/${adopted.id}/adjustments`, body, 422, null, { as: congress, field: 'matter_id' });
});

test('reading tiles and receipts leaves nothing in the server\'s log', async () => {
    const size = (await ok('GET', '/log')).size;
    const reads = [
        ['/log/tile/0/000', 200],
        ['/log/tile/entries/000', 200],
        ['/log/tile/0/999', 404],
        ['/api/v1/log/receipt?index=0', 200],
        [`/api/v1/log/receipt?index=${size + 10}`, 404],
    ];
    for (const [p, status] of reads) {
        const res = await request(url, 'GET', url + p);
        assert.equal(res.status, status, `${p}: ${res.text}`);
    }
    assert.doesNotMatch(srv.stderr(), /ending a read|rolled back/);
});

test('an empty reason is refused with the rule that asks for it', async () => {
    const { item } = await heldItem('党委会议（缺席理由）', '农村道路养护经费', '养护季节');
    const absent = item.roster.find((m) => !m.secretary);
    const members = (reason) =>
        item.roster.map((m) =>
            m.person_id === absent.person_id ? { person_id: m.person_id, present: false, ...reason } : { person_id: m.person_id, present: true },
        );
    await refused(`/items/${item.id}/attendance`, { members: members({}) }, 422, 'attendance.absence_reason', { field: 'absence_reason' });
    await refused(`/items/${item.id}/attendance`, { members: members({ absence_reason: '' }) }, 422, 'attendance.absence_reason', {
        field: 'absence_reason',
    });
    const description = await ok('GET', '/openapi.json');
    const attendance = description.paths['/items/{id}/attendance'].post.requestBody.content['application/json'].schema;
    assert.equal(attendance.properties.members.items.properties.absence_reason['x-rule'], 'attendance.absence_reason');
});

test('an amount too large for 64 bits is refused on its field, not as malformed JSON', async () => {
    const before = await eventCount(url);
    const res = await request(url, 'POST', '/townships/diankou/matters', {
        auth: clerk,
        body: `{"title":"超大金额","category":"large_fund","amount_fen":99999999999999999999,"proposer_id":${secretary.user.person_id}}`,
    });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.body.error.field, 'amount_fen');
    assert.equal(await eventCount(url), before);
});

describe('an expenditure cites only a resolution that authorises it', () => {
    let overspent = null; // the resolution spent beyond, flagged with a justification
    test('a spending matter says what its resolution will authorise', async () => {
        const path = '/townships/diankou/matters';
        const fund = { title: unique('困难群众救助资金使用'), category: 'large_fund', amount_fen: 20000000, proposer_id: secretary.user.person_id };
        await refused(path, fund, 422, 'catalogue.spending_terms', { field: 'budget_line_id' });
        await refused(path, { ...fund, department_id: department }, 422, 'catalogue.spending_terms', { field: 'spend_from' });
        const backwards = { ...fund, department_id: department, spend_from: '2026-06-30', spend_until: '2026-03-01' };
        await refused(path, backwards, 422, 'catalogue.spending_period', { field: 'spend_until' });
        const cadre = { title: unique('干部任免'), category: 'cadre_appointment', proposer_id: secretary.user.person_id, spend_from: '2026-03-01' };
        await refused(path, cadre, 422, 'catalogue.not_spending', { field: 'spend_from' });
        const otherTownship = (await request(url, 'GET', '/townships/zhibu/budgets')).body.items.find((b) => b.status === 'adopted');
        const foreignLine = (await ok('GET', `/budgets/${otherTownship.id}`)).lines[0].id;
        const res = await request(url, 'POST', path, { auth: clerk, body: { ...fund, budget_line_id: foreignLine, spend_from: '2026-03-01', spend_until: '2026-06-30' } });
        assert.equal(res.status, 422, res.text);
        assert.equal(res.body.error.field, 'budget_line_id');
    });

    test('a ¥150,000 payment from a relief line: only its own resolution, in its period, within its amount', async () => {
        const adopted = (await ok('GET', '/townships/diankou/budgets')).items.find((b) => b.status === 'adopted');
        const budget = await ok('GET', `/budgets/${adopted.id}`);
        const [line, other] = [...budget.lines].sort((a, b) => b.remaining_fen - a.remaining_fen);
        assert.ok(line.remaining_fen >= 30000000, 'the demo leaves room on a line');
        const year = adopted.fiscal_year;
        // The committee authorises ¥200,000 from the line, March to November.
        const held = await heldItem('党委会议（资金安排）', unique('困难群众救助资金使用'), '救助资金需及时拨付', {
            amount_fen: 20000000,
            department_id: null,
            budget_line_id: line.id,
            spend_from: `${year}-03-01`,
            spend_until: `${year}-11-30`,
        });
        const fund = await passItem(held.item);
        const cadre = (await ok('GET', '/townships/diankou/resolutions?limit=200')).items.find((r) => r.category === 'cadre_appointment');
        assert.ok(cadre, 'the demo has a cadre appointment resolution');
        assert.equal(cadre.authorises_spending, false);

        const pay = (l) => `/budget_lines/${l.id}/expenditures`;
        const payment = { amount_fen: 15000000, purpose: '困难群众救助金发放', spent_on: `${year}-06-15` };
        await refused(pay(line), { ...payment, resolution_id: cadre.id }, 409, 'budget.resolution_not_spending', { as: clerk, field: 'resolution_id' });
        await refused(pay(other), { ...payment, resolution_id: fund.id }, 409, 'budget.resolution_other_line', { field: 'resolution_id' });
        await refused(pay(line), { ...payment, resolution_id: fund.id, spent_on: `${year}-12-15` }, 409, 'budget.resolution_period', { field: 'spent_on' });
        const paid = await ok('POST', pay(line), { ...payment, resolution_id: fund.id });
        assert.equal(paid.verdicts, null);
        // ¥150,000 and ¥60,000 are more than the ¥200,000 authorised.
        const more = { ...payment, amount_fen: 6000000, resolution_id: fund.id };
        await refused(pay(line), more, 409, 'budget.resolution_exceeded', { field: 'amount_fen' });

        // What was spent shows on the resolution, on its page and in the list.
        const item = await ok('GET', `/items/${fund.id}`);
        assert.equal(item.spending.authorised_fen, 20000000);
        assert.equal(item.spending.spent_fen, 15000000);
        assert.equal(item.spending.left_fen, 5000000);
        assert.equal(item.spending.line_purpose, line.purpose);
        assert.deepEqual(item.spending.expenditures.map((e) => e.amount_fen), [15000000]);
        const citable = (await ok('GET', `/townships/diankou/resolutions?spending_line=${line.id}&limit=200`)).items;
        const listed = citable.find((r) => r.id === fund.id);
        assert.equal(listed.spent_fen, 15000000);
        assert.ok(citable.every((r) => r.authorises_spending), 'only resolutions that authorise spending are offered');
        assert.ok(!citable.some((r) => r.id === cadre.id));
        assert.ok(!(await ok('GET', `/townships/diankou/resolutions?spending_line=${other.id}&limit=200`)).items.some((r) => r.id === fund.id));

        // Where the township's rulebook flags going over, it needs a justification, recorded.
        const history = (await ok('GET', '/rulebook?township=diankou')).history.filter((h) => h.township_id === 'diankou');
        const version = Math.max(0, ...history.map((h) => h.version)) + 1;
        const change = await request(url, 'POST', '/rulebook', {
            auth: admin,
            body: { document: { version, township: 'diankou', actions: { 'budget.resolution_exceeded': 'flag' } } },
        });
        assert.equal(change.status, 201, change.text);
        await refused(pay(line), more, 422, 'budget.resolution_exceeded', { field: 'justification' });
        const flagged = await ok('POST', pay(line), { ...more, justification: '救助对象增加，追加决议正在提请' });
        assert.deepEqual(flagged.verdicts.map((v) => v.rule), ['budget.resolution_exceeded']);
        assert.equal(flagged.justification, '救助对象增加，追加决议正在提请');
        assert.equal((await ok('GET', `/items/${fund.id}`)).spending.left_fen, -1000000);
        overspent = fund.id;
    });

    test('the demo\'s spending cites only resolutions that authorise it, within their amounts', async () => {
        for (const township of ['diankou', 'zhibu', 'fengqiao']) {
            const resolutions = (await ok('GET', `/townships/${township}/resolutions?limit=200`)).items;
            const cited = resolutions.filter((r) => r.spent_fen > 0);
            assert.ok(cited.length > 0, `${township}: the demo spends citing resolutions`);
            for (const r of cited) {
                assert.ok(r.authorises_spending, `${township}: ${r.title} authorises no spending`);
                if (r.id !== overspent) {
                    assert.ok(r.spent_fen <= r.amount_fen, `${township}: ${r.title} overspent`);
                }
            }
        }
    });
});

test('the congress counts its deputies from the record, not from the request', async () => {
    const fixtures = await adminFixtures();
    const { path, body } = await fixtures.post_budgets_id_adjustments.prepare();
    const congressBody = (await ok('GET', '/townships/diankou/bodies')).items.find((b) => b.class === 'congress');
    const roll = (await ok('GET', `/organizations/${congressBody.id}/memberships?current=1&limit=200`)).items;
    assert.ok(roll.length >= 45, 'the demo congress has its deputies on record');
    const vote = { session: '镇第十八届人民代表大会临时会议', voted_on: shanghaiDate(Date.now(), -1), votes_for: 3, votes_against: 0, abstentions: 0 };

    // "3 of 5" by hand, after the budget vote counted the whole congress: a
    // flagged exception that needs a justification.
    await refused(path, { ...body, vote: { ...vote, entitled: 5, present: 3 } }, 422, 'congress.manual_count', { as: congress, field: 'justification' });
    // Only deputies can be absent; the message names the person.
    const stranger = secretary.user.person_id;
    const res = await request(url, 'POST', path, { auth: congress, body: { ...body, vote: { ...vote, absent: [stranger] } } });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.body.error.rule, 'congress.not_deputy');
    assert.equal(res.body.error.field, 'absent');
    assert.doesNotMatch(res.body.error.message, /\d{2,}/, 'named, not numbered');

    // A deputy who left the day before the vote is no longer entitled.
    const leaver = roll[roll.length - 1];
    await ok('PATCH', `/memberships/${leaver.id}`, { end_date: shanghaiDate(Date.now(), -1) }, 200);
    const absent = [roll[0].person_id, roll[1].person_id];
    const counted = await request(url, 'POST', path, { auth: congress, body: { ...body, vote: { ...vote, absent } } });
    assert.equal(counted.status, 201, counted.text);
    const recorded = counted.body.item.congress_vote;
    assert.equal(recorded.roll, 'record');
    assert.equal(recorded.entitled, roll.length - 1);
    assert.equal(recorded.present, roll.length - 3);
    assert.deepEqual(recorded.absent.map((a) => a.person_id), absent);
    assert.ok(recorded.absent.every((a) => typeof a.name === 'string' && a.name.length > 0));
    assert.equal(recorded.roll_verdict, null);
    await request(url, 'POST', path, { auth: congress, body: { ...body, vote: { ...vote, absent: [leaver.person_id] } } }).then((r) => {
        assert.equal(r.status, 422, r.text);
        assert.equal(r.body.error.rule, 'congress.not_deputy');
    });

    // By hand with a justification: recorded, flagged for supervision.
    const byHand = await request(url, 'POST', path, {
        auth: congress,
        body: { ...body, vote: { ...vote, entitled: 5, present: 4 }, justification: '代表名册待换届后更新' },
    });
    assert.equal(byHand.status, 201, byHand.text);
    const manual = byHand.body.item.congress_vote;
    assert.equal(manual.roll, 'by_hand');
    assert.equal(manual.entitled, 5);
    assert.equal(manual.roll_verdict.rule, 'congress.manual_count');
    assert.equal(manual.justification, '代表名册待换届后更新');
});

/** JSON with sorted keys and no spaces: the record's canonical bytes. */
function canonical(v) {
    if (Array.isArray(v)) {
        return `[${v.map(canonical).join(',')}]`;
    }
    if (v !== null && typeof v === 'object') {
        return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
    }
    return JSON.stringify(v);
}

/** Every event from seq on, as anyone reads the public record. */
async function publicEvents(from) {
    const out = [];
    for (let offset = from; ; offset += 200) {
        const page = (await request(url, 'GET', `/events?offset=${offset}&limit=200`)).body;
        out.push(...page.items);
        if (page.items.length < 200) {
            return out;
        }
    }
}

test('the public record shows results at once, deliberations with the final minutes, personal reasons never', async () => {
    const from = await eventCount(url);
    const title = unique('集镇道路提升资金使用');
    const held = await heldItem('党委会议（公开范围）', title, '汛后需尽快安排');
    let item = held.item;
    const [absentee, ...present] = item.roster.filter((m) => !m.secretary);
    const sec = item.roster.find((m) => m.secretary);
    const attendance = item.roster.map((m) =>
        m.person_id === absentee.person_id ? { person_id: m.person_id, present: false, absence_reason: '病假（住院治疗）' } : { person_id: m.person_id, present: true });
    await ok('POST', `/items/${item.id}/attendance`, { members: attendance }, 200);
    const said = (m) => `意见${m.person_id}：${title}`;
    for (const m of [...present, sec]) {
        await ok('POST', `/items/${item.id}/statements`, { person_id: m.person_id, view: 'agree', summary: said(m) });
    }
    await ok('POST', `/items/${item.id}/vote`, {}, 200);
    for (const m of [...present, sec]) {
        await ok('POST', `/items/${item.id}/ballots`, { person_id: m.person_id, choice: m === present[0] ? 'abstain' : 'agree' });
    }
    // Until the outcome, what is being decided is not in the public record.
    let record = await publicEvents(from);
    assert.ok(!JSON.stringify(record).includes(title), 'the matter\'s title is not in the public record yet');
    item = await ok('POST', `/items/${item.id}/result`, {}, 200);
    assert.equal(item.status, 'passed');

    // Before the minutes are final, the public record has the outcome (the
    // resolution), the tally and who was present; no statement, choice or
    // reason.
    record = await publicEvents(from);
    const text = JSON.stringify(record);
    assert.ok(!text.includes('病假'), 'an absence reason is not in the public record');
    assert.ok(!text.includes('意见'), 'no statement is in the public record yet');
    const ballots = record.filter((e) => e.type === 'ballot.created');
    assert.equal(ballots.length, present.length + 1);
    assert.ok(ballots.every((e) => e.payload.choice === undefined && e.payload.sealed_digest));
    const concluded = record.filter((e) => e.type === 'agenda_item.updated' && e.payload.id === item.id).at(-1);
    assert.equal(concluded.payload.status, 'passed');
    assert.equal(concluded.payload.result.passed, true);
    assert.ok(concluded.payload.roster.some((m) => m.person_id === absentee.person_id && m.present === false));
    assert.ok(concluded.payload.roster.every((m) => m.absence_reason === undefined));
    // The public API agrees: the item is not public yet.
    assert.equal((await request(url, 'GET', `/items/${item.id}`)).status, 404);
    // A department head reads the township's record, but not its sealed parts.
    const head = await login(url, 'diankou.head');
    const toHead = (await request(url, 'GET', `/items/${item.id}`, { auth: head })).body;
    assert.ok(toHead.statements.every((st) => st.summary === null && st.view === null && st.sealed));
    assert.ok(toHead.ballots.items.every((b) => b.choice === null && b.sealed));
    assert.equal(toHead.reasons_sealed, true);
    assert.equal(toHead.roster.find((m) => m.person_id === absentee.person_id).absence_reason, undefined);
    // Who records the meeting reads them as they are recorded.
    const toClerk = (await request(url, 'GET', `/items/${item.id}`, { auth: clerk })).body;
    assert.equal(toClerk.roster.find((m) => m.person_id === absentee.person_id).absence_reason, '病假（住院治疗）');
    assert.ok(toClerk.statements.every((st) => st.summary === said({ person_id: st.person_id })));

    // The minutes are countersigned and finalised: what the rulebook
    // publishes then is published, by records linked to the sealed ones.
    const signed = await request(url, 'POST', `/meetings/${item.meeting_id}/countersign`, { auth: discipline, body: { note: '同步记录' } });
    assert.equal(signed.status, 200, signed.text);
    await ok('POST', `/meetings/${item.meeting_id}/finalise`, {}, 200);
    record = await publicEvents(from);
    const sealedBySeq = new Map(record.filter((e) => e.payload.sealed_digest).map((e) => [e.seq, e]));
    const parts = record.filter((e) => e.type === 'publication.created').flatMap((e) => e.payload.parts);
    assert.ok(parts.length > 0, 'the finalised minutes publish');
    for (const part of parts) {
        const sealed = sealedBySeq.get(part.id);
        assert.ok(sealed, `part ${part.id} names a sealed record`);
        const digest = createHash('sha256').update(Buffer.from(part.salt, 'base64')).update(canonical(part.content)).digest('base64');
        assert.equal(digest, sealed.payload.sealed_digest, `part ${part.id} matches its record's digest`);
    }
    const published = new Set(parts.map((p) => p.id));
    const kinds = (type) => {
        const sealed = record.filter((e) => e.type === type && e.payload.sealed_digest);
        assert.ok(sealed.length > 0, `the meeting sealed parts of ${type}`);
        return sealed;
    };
    assert.ok(kinds('statement.created').every((e) => published.has(e.seq)), 'every statement is published');
    assert.ok(kinds('ballot.created').every((e) => published.has(e.seq)), 'every choice is published');
    assert.ok(kinds('matter.created').every((e) => published.has(e.seq)), 'the matter is published');
    assert.ok(kinds('agenda_item.updated').every((e) => !published.has(e.seq)), 'personal reasons stay sealed');
    assert.ok(!JSON.stringify(record).includes('病假'));

    // The public page shows what was published, not the reason.
    const shown = (await request(url, 'GET', `/items/${item.id}`)).body;
    assert.equal(shown.matter.title, title);
    assert.ok(shown.statements.every((st) => st.summary === said({ person_id: st.person_id })));
    assert.equal(shown.ballots.items.find((b) => b.person_id === present[0].person_id).choice, 'abstain');
    assert.equal(shown.roster.find((m) => m.person_id === absentee.person_id).absence_reason, undefined);
    // Those who may read sealed parts see it.
    const toSecretary = await request(url, 'GET', `/items/${item.id}`, { auth: secretary });
    assert.equal(toSecretary.body.roster.find((m) => m.person_id === absentee.person_id).absence_reason, '病假（住院治疗）');
});

describe('dates that make no sense are refused or flagged with their rule', () => {
    test('spending dated outside the budget\'s fiscal year', async () => {
        const adopted = (await ok('GET', '/townships/diankou/budgets')).items.find((b) => b.status === 'adopted');
        const budget = await ok('GET', `/budgets/${adopted.id}`);
        const line = budget.lines[0];
        const body = { amount_fen: 100, purpose: '跨年支出', spent_on: `${adopted.fiscal_year - 1}-12-31` };
        await refused(`/budget_lines/${line.id}/expenditures`, body, 422, 'budget.spent_outside_year', { field: 'spent_on' });
    });

    test('a congress vote dated after today', async () => {
        const fixtures = await adminFixtures();
        const { path, body } = await fixtures.post_budgets_id_congressvote.prepare();
        const tomorrow = shanghaiDate(Date.now(), 1);
        await refused(path, { ...body, voted_on: tomorrow }, 422, 'congress.vote_in_future', { as: congress, field: 'voted_on' });
    });

    test('a task due before it is set: flagged, recorded with its justification', async () => {
        const resolution = (await ok('GET', '/townships/diankou/resolutions?limit=50')).items[0];
        assert.ok(resolution, 'the demo has a resolution');
        const today = shanghaiDate(Date.now());
        const lastWeek = shanghaiDate(Date.now(), -7);
        const path = `/items/${resolution.id}/tasks`;
        const task = { description: unique('补登上月已布置的执行任务'), owner_id: secretary.user.person_id, due_date: lastWeek };
        // Without a justification the office is told why one is needed.
        await refused(path, task, 422, 'task.due_in_past', { field: 'justification' });
        const flagged = await ok('POST', path, { ...task, justification: '上月会后已口头布置，现补登' });
        assert.equal(flagged.due_date, lastWeek);
        assert.equal(flagged.due_verdict.rule, 'task.due_in_past');
        assert.equal(flagged.due_verdict.kind, 'flag');
        assert.equal(flagged.due_justification, '上月会后已口头布置，现补登');
        const listed = (await ok('GET', '/townships/diankou/tasks?status=open&limit=200')).items.find((t) => t.id === flagged.id);
        assert.equal(listed.due_justification, '上月会后已口头布置，现补登');
        // Due today is not overdue: no verdict.
        const due = await ok('POST', path, { ...task, due_date: today });
        assert.equal(due.due_verdict, null);
        assert.equal(due.due_justification, null);
        // Moving a due date into the past is checked as a new task's is;
        // moving it to a later day clears the flag.
        const patch = async (body, status) => {
            const before = await eventCount(url);
            const res = await request(url, 'PATCH', `/tasks/${due.id}`, { auth: clerk, body });
            assert.equal(res.status, status, res.text);
            if (status !== 200) {
                assert.equal(await eventCount(url), before, 'a refused change wrote an event');
            }
            return res.body;
        };
        const asked = await patch({ due_date: lastWeek }, 422);
        assert.equal(asked.error.field, 'justification');
        const moved = (await patch({ due_date: lastWeek, justification: '期限按实际布置日期更正' }, 200)).item;
        assert.equal(moved.due_justification, '期限按实际布置日期更正');
        const later = (await patch({ due_date: shanghaiDate(Date.now(), 30) }, 200)).item;
        assert.equal(later.due_verdict, null);
        assert.equal(later.due_justification, null);
        // A township whose rulebook refuses it: no justification lets it through.
        const history = (await ok('GET', '/rulebook?township=diankou')).history.filter((h) => h.township_id === 'diankou');
        const version = Math.max(0, ...history.map((h) => h.version)) + 1;
        const change = await request(url, 'POST', '/rulebook', {
            auth: admin,
            body: { document: { version, township: 'diankou', actions: { 'task.due_in_past': 'refuse' } } },
        });
        assert.equal(change.status, 201, change.text);
        await refused(path, { ...task, justification: '补登' }, 422, 'task.due_in_past', { field: 'due_date' });
    });
});

test('no township version goes below the city\'s floors', async () => {
    const history = (await ok('GET', '/rulebook?township=lipu')).history.filter((h) => h.township_id === 'lipu');
    const version = Math.max(0, ...history.map((h) => h.version)) + 1;
    const loosened = [
        [{ categories: { major_decision: { notice_hours: 0 } } }, 'rulebook.floor_notice', 'categories.major_decision.notice_hours'],
        [{ categories: { large_fund: { secretary_last: false } } }, 'rulebook.floor_secretary_last', 'categories.large_fund.secretary_last'],
        [{ categories: { cadre_appointment: { adhoc_allowed: true } } }, 'rulebook.floor_cadre_adhoc', 'categories.cadre_appointment.adhoc_allowed'],
        [
            { categories: { cadre_appointment: { quorum: { compare: 'more_than', numerator: 1, denominator: 2 } } } },
            'rulebook.floor_cadre_quorum',
            'categories.cadre_appointment.quorum',
        ],
        [
            { categories: { procurement_minor: { pass: { compare: 'more_than', numerator: 1, denominator: 2, base: 'present' } } } },
            'rulebook.floor_pass',
            'categories.procurement_minor.pass.base',
        ],
    ];
    for (const [change, rule, field] of loosened) {
        const document = { version, township: 'lipu', ...change };
        await refused('/rulebook', { document }, 409, rule, { as: admin, field });
        // A dry run is refused alike: the admin sees it before trying.
        await refused('/rulebook', { document, dry_run: true }, 409, rule, { as: admin, field });
    }
    // A township cannot lower the floors themselves.
    await refused('/rulebook', { document: { version, township: 'lipu', floors: { notice_hours: 0 } } }, 422, null, {
        as: admin,
        field: 'floors',
    });
    // Tightening above the floors is a township's to decide.
    const res = await request(url, 'POST', '/rulebook', {
        auth: admin,
        body: { document: { version, township: 'lipu', categories: { major_decision: { notice_hours: 72 } } } },
    });
    assert.equal(res.status, 201, res.text);
});
