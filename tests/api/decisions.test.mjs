// Collective decisions through the HTTP API (docs/decisions.md): the
// rulebook's versions and dry runs, matters and what the catalogue requires,
// a meeting run step by step by the clerk and the members themselves (each
// refusal answering with the broken rule's id and writing nothing), the
// next and blocked steps, the minutes' countersignature, finalisation and
// amendment, what the public may read, sealed personnel deliberations,
// two clerks racing on one meeting, budgets and expenditures, and the
// indicators.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { eventCount, expectEvent, expectOneWrite, login, request, spendingTerms, startServer } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const clerk = await login(url, 'diankou.clerk');
const member = await login(url, 'diankou.member');
const secretary = await login(url, 'diankou.secretary');
const discipline = await login(url, 'diankou.discipline');
const head = await login(url, 'diankou.head');

/** Asserts the error shape with a rule id: {"error":{"code","message","field","rule"}}. */
function expectRule(res, status, code, rule, field) {
    const where = `${res.status} ${res.text}`;
    assert.equal(res.status, status, where);
    assert.deepEqual(Object.keys(res.body).sort(), ['error'], where);
    assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'field', 'message', 'rule'], where);
    assert.equal(res.body.error.code, code, where);
    assert.equal(res.body.error.rule, rule, where);
    assert.ok(res.body.error.message.length > 0, where);
    if (field !== undefined) {
        assert.equal(res.body.error.field, field, where);
    }
}

/** A request that must be refused with the rule and write nothing. */
async function refused(method, path, as, body, status, code, rule, field, headers = {}) {
    const before = await eventCount(url);
    const res = await request(url, method, path, { auth: as, body, headers });
    expectRule(res, status, code, rule, field);
    assert.equal(await eventCount(url), before, `${method} ${path} wrote an event`);
    return res;
}

/** A write that must answer status with one new event. */
async function write(method, path, as, body, status = method === 'POST' ? 201 : 200) {
    const before = await eventCount(url);
    const res = await request(url, method, path, { auth: as, body });
    expectEvent(res, status, undefined, before);
    await expectOneWrite(url, before, `${method} ${path}`);
    return res.body.item;
}

async function get(path, as = null, status = 200) {
    const res = await request(url, 'GET', path, { auth: as });
    assert.equal(res.status, status, `${path}: ${res.text}`);
    return res.body;
}

const members = (await get('/townships/diankou/members')).items;
const memberPerson = member.user.person_id;
const secretaryPerson = secretary.user.person_id;
const dept = (await request(url, 'GET', '/townships/diankou/departments')).body.items[0].id;
const hourAgo = () => new Date(Date.now() - 3600e3).toISOString();

describe('the rulebook', () => {
    test('the version in force and its history', async () => {
        const rb = await get('/rulebook?township=fengqiao');
        assert.equal(rb.township, 'fengqiao');
        assert.equal(rb.in_force.township, 'fengqiao');
        assert.equal(rb.in_force.document.categories.major_decision.notice_hours, 72);
        assert.match(rb.in_force.digest, /^[0-9a-f]{64}$/);
        const own = rb.history.find((h) => h.township_id === 'fengqiao' && h.in_force);
        assert.ok(own);
        // Each version names the log entry that recorded it, and who did.
        const logged = (await get(`/events?offset=${own.seq}&limit=1`)).items[0];
        assert.equal(logged.type, 'rulebook.created');
        assert.equal(logged.payload.id, own.id);
        // The demo loaded it: the node's own command, "system"; the history
        // gives the record's actor as it is.
        assert.equal(logged.actor, 'system');
        assert.deepEqual(own.recorded_by, logged.actor);
        assert.equal((await get('/rulebook')).in_force.township, null);
        await get('/rulebook?township=nowhere', null, 404);
    });

    test('a dry run shows the diff and writes nothing; a change is admin only and never retroactive', async () => {
        const city = (await get('/rulebook')).in_force;
        const doc = structuredClone(city.document);
        doc.version = city.version + 1;
        doc.effective_from = new Date(Date.now() + 86400e3).toISOString();
        doc.thresholds.large_fund_fen = 20000000;
        const before = await eventCount(url);
        const dry = await request(url, 'POST', '/rulebook', { auth: admin, body: { document: doc, dry_run: true } });
        assert.equal(dry.status, 200, dry.text);
        assert.equal(dry.body.dry_run, true);
        assert.deepEqual(
            dry.body.diff.find((d) => d.path === 'thresholds.large_fund_fen'),
            { path: 'thresholds.large_fund_fen', old: 10000000, new: 20000000 },
        );
        assert.equal(await eventCount(url), before);
        const forbidden = await request(url, 'POST', '/rulebook', { auth: clerk, body: { document: doc } });
        assert.equal(forbidden.status, 403);
        const past = structuredClone(doc);
        past.effective_from = '2020-01-01T00:00:00Z';
        await refused('POST', '/rulebook', admin, { document: past }, 409, 'conflict', 'rulebook.retroactive', 'effective_from');
        const skip = structuredClone(doc);
        skip.version += 1;
        await refused('POST', '/rulebook', admin, { document: skip }, 409, 'conflict', 'rulebook.version', 'version');
    });

    test('a version without an effective time is in force from when it is recorded', async () => {
        const history = (await get('/rulebook?township=lipu')).history.filter((h) => h.township_id === 'lipu');
        const version = Math.max(0, ...history.map((h) => h.version)) + 1;
        const override = { version, township: 'lipu', categories: { routine_affairs: { notice_hours: 36 } } };
        const sent = Date.now();
        const res = await request(url, 'POST', '/rulebook', { auth: admin, body: { document: override } });
        assert.equal(res.status, 201, res.text);
        const effective = Date.parse(res.body.item.effective_from);
        assert.ok(Math.abs(effective - sent) < 60e3, `recorded now: ${res.body.item.effective_from}`);
        assert.equal(res.body.item.effective_from, res.body.item.created);
        const after = (await get('/rulebook?township=lipu')).in_force;
        assert.equal(after.township, 'lipu');
        assert.equal(after.version, version);
        assert.equal(after.document.categories.routine_affairs.notice_hours, 36, 'in force at once');
    });
});

describe('matters', () => {
    test('the catalogue tells what a matter requires; unknown categories are refused', async () => {
        const m = await write('POST', '/townships/diankou/matters', clerk, {
            title: '关于集镇有机更新实施方案的决定',
            category: 'major_decision',
            proposer_id: memberPerson,
            attachments: ['0'.repeat(64)],
        });
        assert.equal(m.requirements.collective, true);
        assert.equal(m.requirements.ballot, true);
        assert.equal(m.status, 'registered');
        await refused(
            'POST',
            '/townships/diankou/matters',
            clerk,
            { title: 'x', category: 'lottery', proposer_id: memberPerson },
            422,
            'invalid',
            'catalogue.unknown_category',
            'category',
        );
        // Collective matters cannot be decided alone; the matter says so.
        assert.ok(m.blocked.some((b) => b.rule === 'decision.collective_required'));
        await refused('POST', `/matters/${m.id}/decide`, member, { note: '我定' }, 409, 'conflict', 'decision.collective_required');
        // The public does not see a matter before it is concluded.
        await get(`/matters/${m.id}`, null, 404);
    });

    test('the responsible member decides an ordinary matter alone', async () => {
        const m = await write('POST', '/townships/diankou/matters', member, {
            title: '社会事务局走访慰问安排',
            category: 'routine_affairs',
        });
        assert.equal(m.proposer_id, memberPerson);
        await refused('POST', `/matters/${m.id}/decide`, secretary, { note: '代定' }, 403, 'forbidden', 'procedure.not_responsible');
        const decided = await write('POST', `/matters/${m.id}/decide`, member, { note: '分管范围内办理' }, 200);
        assert.equal(decided.status, 'decided');
        assert.equal(decided.rulebook.version, 2);
        assert.equal((await get(`/matters/${m.id}`)).status, 'decided');
    });
});

describe('a meeting, step by step', () => {
    let meeting;
    let item;
    test('an item notified after the start is an ad-hoc motion: a justification, then flagged', async () => {
        meeting = await write('POST', '/townships/diankou/meetings', clerk, {
            kind: 'committee',
            title: '党委会议',
            starts_at: hourAgo(),
            place: '三楼会议室',
            convener_id: secretaryPerson,
        });
        const matter = await write('POST', '/townships/diankou/matters', clerk, {
            title: '防汛抢险资金使用',
            category: 'large_fund',
            amount_fen: 30000000,
            proposer_id: memberPerson,
            ...spendingTerms(dept),
        });
        await refused('POST', `/meetings/${meeting.id}/items`, clerk, { matter_id: matter.id }, 422, 'invalid', 'notice.adhoc', 'justification');
        item = await write('POST', `/meetings/${meeting.id}/items`, clerk, {
            matter_id: matter.id,
            justification: '汛情紧急',
        });
        assert.equal(item.adhoc, true);
        assert.equal(item.notice.verdict.rule, 'notice.adhoc');
        assert.equal(item.notice.justification, '汛情紧急');
        assert.equal(item.notifications.length, members.length);
        assert.deepEqual(
            item.next.map((n) => n.action),
            ['defer', 'attendance'],
        );
        assert.ok(item.blocked.some((b) => b.action === 'statement' && b.rule === 'procedure.attendance_first'));
        // The members' pending notifications.
        const mine = await get('/notifications?status=pending', member);
        assert.ok(mine.items.some((n) => n.agenda_item_id === item.id));
    });

    test('attendance needs reasons; statements: the secretary last, members their own', async () => {
        const absentee = members.find((m) => m.role === 'member' && m.person_id !== memberPerson);
        const roster = item.roster.map((m) => ({ person_id: m.person_id, present: m.person_id !== absentee.person_id }));
        await refused('POST', `/items/${item.id}/attendance`, clerk, { members: roster }, 422, 'invalid', 'attendance.absence_reason', 'absence_reason');
        roster.find((m) => !m.present).absence_reason = '出差';
        item = await write('POST', `/items/${item.id}/attendance`, clerk, { members: roster }, 200);
        assert.equal(item.status, 'in_session');
        await refused(
            'POST',
            `/items/${item.id}/statements`,
            secretary,
            { view: 'agree', summary: '同意' },
            409,
            'conflict',
            'statement.secretary_last',
            'member',
            { 'Accept-Language': 'en' },
        );
        await refused(
            'POST',
            `/items/${item.id}/statements`,
            member,
            { person_id: absentee.person_id, view: 'agree', summary: '同意' },
            403,
            'forbidden',
            'procedure.own_person',
        );
        await refused('POST', `/items/${item.id}/statements`, clerk, { person_id: absentee.person_id, view: 'agree', summary: 'x' }, 409, 'conflict', 'statement.not_present');
        item = await write('POST', `/items/${item.id}/statements`, member, { view: 'reserved', summary: '建议分期拨付' });
        // Who recorded it, by name (the member is a person on record), never by login.
        const memberName = (await get(`/people/${member.user.person_id}`)).name;
        assert.equal(item.statements[0].recorded_by, memberName);
        const open = await request(url, 'POST', `/items/${item.id}/vote`, { auth: clerk, body: {} });
        expectRule(open, 409, 'conflict', 'statement.incomplete');
        for (const m of item.roster) {
            if (m.secretary || m.person_id === memberPerson || m.person_id === absentee.person_id) {
                continue;
            }
            item = await write('POST', `/items/${item.id}/statements`, clerk, { person_id: m.person_id, view: 'agree', summary: '同意' });
        }
        assert.deepEqual(item.next.find((n) => n.action === 'statement').persons, [secretaryPerson]);
        item = await write('POST', `/items/${item.id}/statements`, secretary, { view: 'agree', summary: '同意，抓紧落实' });
        // Every view is on record: the clerk is offered to open the vote, the secretary (who may not) is not.
        assert.ok(!item.next.some((n) => n.action === 'open_vote'), 'the secretary does not open votes');
        assert.ok((await get(`/items/${item.id}`, clerk)).next.some((n) => n.action === 'open_vote'));
    });

    test('the vote: one matter, no proxy, once; the result by the pass rule', async () => {
        await refused('POST', `/items/${item.id}/vote`, clerk, { matter_ids: [1, 2] }, 422, 'invalid', 'ballot.bundle');
        item = await write('POST', `/items/${item.id}/vote`, clerk, {}, 200);
        assert.equal(item.status, 'voting');
        const absent = item.roster.find((m) => m.present === false);
        await refused('POST', `/items/${item.id}/ballots`, clerk, { person_id: absent.person_id, choice: 'agree' }, 409, 'conflict', 'ballot.proxy');
        item = await write('POST', `/items/${item.id}/ballots`, member, { choice: 'agree' });
        await refused('POST', `/items/${item.id}/ballots`, member, { choice: 'disagree' }, 409, 'conflict', 'ballot.duplicate');
        for (const m of item.roster.filter((r) => r.present && r.person_id !== memberPerson)) {
            item = await write('POST', `/items/${item.id}/ballots`, clerk, { person_id: m.person_id, choice: 'agree' });
        }
        assert.equal(item.ballots.cast, members.length - 1);
        const resultSeq = await eventCount(url);
        item = await write('POST', `/items/${item.id}/result`, clerk, { resolution: '同意拨付防汛抢险资金' }, 200);
        assert.equal(item.status, 'passed');
        assert.equal(item.result_seq, resultSeq, 'the log index of the record that concluded the item');
        assert.equal(item.result.passed, true);
        assert.equal(item.result.base, members.length);
        assert.equal(item.result.not_voting, 1);
        assert.equal(item.resolution_text, '同意拨付防汛抢险资金');
    });

    test('countersigned, finalised, then corrected only by amendment; now public', async () => {
        await get(`/items/${item.id}`, null, 404);
        const latest = async () => (await get('/resolutions?limit=5')).items;
        assert.ok(!(await latest()).some((r) => r.id === item.id), 'not on the home page before the minutes are final');
        await refused('POST', `/meetings/${meeting.id}/finalise`, clerk, {}, 409, 'conflict', 'procedure.countersign_first');
        const signed = await write('POST', `/meetings/${meeting.id}/countersign`, discipline, { note: '同步记录' }, 200);
        assert.equal(signed.countersigned_by, discipline.user.person_id);
        await refused('POST', `/items/${item.id}/defer`, clerk, { reason: 'x' }, 409, 'conflict', 'procedure.countersigned');
        await write('POST', `/meetings/${meeting.id}/finalise`, clerk, {}, 200);
        await refused('PATCH', `/meetings/${meeting.id}`, clerk, { place: '改' }, 409, 'conflict', 'procedure.finalised');
        const amendmentSeq = await eventCount(url);
        const amendment = await write('POST', `/meetings/${meeting.id}/amendments`, clerk, {
            text: '决议文字更正为“同意拨付”',
            reason: '笔误',
            item_id: item.id,
        });
        assert.equal(amendment.agenda_item_id, item.id);
        const open = await get(`/items/${item.id}`);
        assert.equal(open.statements.length, members.length - 1);
        assert.equal(open.notifications, undefined);
        assert.deepEqual(open.next, []);
        const m = await get(`/meetings/${meeting.id}`);
        assert.equal(m.amendments.length, 1);
        assert.equal(m.amendments[0].seq, amendmentSeq, 'an amendment carries its log index');
        const logged = (await get(`/events?offset=${amendmentSeq}&limit=1`)).items[0];
        assert.equal(logged.seq, amendmentSeq);
        assert.equal(logged.type, 'amendment.created');
        assert.equal(logged.payload.id, m.amendments[0].id);
        const tasks = await write('POST', `/items/${item.id}/tasks`, head, {
            description: '拨付并报告使用情况',
            owner_id: memberPerson,
            due_date: new Date(Date.now() + 8 * 3600e3 + 60 * 86400e3).toISOString().slice(0, 10),
        });
        assert.equal(tasks.status, 'open');
        const owner = members.find((p) => p.id === memberPerson) || {};
        const viewed = (await get(`/items/${item.id}`)).tasks.find((t) => t.id === tasks.id);
        assert.equal(viewed.owner_name, owner.name ?? viewed.owner_name);
        assert.equal(typeof viewed.owner_name, 'string');
        const listed = (await get('/townships/diankou/tasks?limit=200')).items.find((t) => t.id === tasks.id);
        assert.equal(listed.owner_name, viewed.owner_name);
        if (listed.department_id !== null) {
            assert.equal(typeof listed.department_name, 'string');
            assert.equal(typeof listed.department_name_en, 'string');
        }
        const resolution = (await get('/townships/diankou/resolutions?limit=200')).items.find((r) => r.id === item.id);
        assert.ok(resolution, 'the passed item is a resolution');
        assert.equal(resolution.result_seq, open.result_seq);
        assert.equal(typeof open.result_seq, 'number');
        assert.equal(resolution.result.passed, true);
        assert.equal(resolution.rulebook.digest, item.rulebook.digest);
        // The home page's latest resolutions lead with it, its township named.
        const first = (await latest())[0];
        assert.equal(first.id, item.id);
        assert.equal(first.township_id, 'diankou');
        assert.equal(first.township_name, '店口镇');
        assert.equal(first.resolution_text, '同意拨付防汛抢险资金');
        assert.equal(first.meeting_id, meeting.id);
    });
});

describe('sealed personnel deliberations', () => {
    test('the public sees who spoke, not what, until the secretary publishes it', async () => {
        const list = (await get('/townships/diankou/matters?status=decided&limit=200')).items;
        let sealedItem = null;
        for (const m of list.filter((x) => x.category === 'cadre_appointment')) {
            const full = await get(`/matters/${m.id}`);
            sealedItem = full.items.find((i) => i.status === 'passed')?.id ?? sealedItem;
            if (sealedItem) {
                break;
            }
        }
        assert.ok(sealedItem, 'the demo has a decided cadre appointment');
        const seen = await get(`/items/${sealedItem}`);
        const s = seen.statements[0];
        assert.equal(s.sealed, true);
        assert.equal(s.view, null);
        assert.equal(seen.ballots.secret, true);
        assert.ok(seen.ballots.items.every((b) => b.choice === null));
        const insider = await get(`/items/${sealedItem}`, secretary);
        assert.ok(['agree', 'disagree', 'abstain', 'reserved'].includes(insider.statements[0].view));
        await write('POST', `/events/${s.seq}/publish`, secretary, {}, 201);
        const now = await get(`/items/${sealedItem}`);
        assert.equal(now.statements[0].published, true);
        assert.equal(now.statements[0].view, insider.statements[0].view);
    });
});

describe('two clerks editing one meeting', () => {
    test('one wins; the other is told the record changed and writes nothing', async () => {
        const m = await write('POST', '/townships/diankou/meetings', clerk, {
            kind: 'joint',
            title: '党政联席会议',
            starts_at: new Date(Date.now() + 5 * 86400e3).toISOString(),
            place: '二楼',
            convener_id: secretaryPerson,
        });
        const other = await login(url, 'diankou.clerk');
        const before = await eventCount(url);
        const [a, b] = await Promise.all([
            request(url, 'PATCH', `/meetings/${m.id}`, { auth: clerk, body: { place: '一楼', revision: m.revision } }),
            request(url, 'PATCH', `/meetings/${m.id}`, { auth: other, body: { place: '三楼', revision: m.revision } }),
        ]);
        const statuses = [a.status, b.status].sort();
        assert.deepEqual(statuses, [200, 409], `${a.text} ${b.text}`);
        const lost = a.status === 409 ? a : b;
        expectRule(lost, 409, 'conflict', 'procedure.stale', 'revision');
        assert.equal(await eventCount(url), before + 1);
    });
});

describe('budgets', () => {
    test('lines report allocated, spent and remaining; no overdraw; large sums cite a resolution', async () => {
        const budgets = (await get('/townships/diankou/budgets')).items;
        const b = await get(`/budgets/${budgets[0].id}`);
        assert.equal(b.status, 'adopted');
        assert.equal(b.congress_vote.result.passed, true);
        const line = b.lines[0];
        assert.equal(line.remaining_fen, line.allocated_fen - line.spent_fen);
        assert.equal(b.totals.allocated_fen, b.lines.reduce((s, l) => s + l.allocated_fen, 0));
        await refused(
            'POST',
            `/budget_lines/${line.id}/expenditures`,
            head,
            { amount_fen: line.remaining_fen + 1, purpose: '超支', spent_on: '2026-11-20' },
            409,
            'conflict',
            'budget.overdraw',
            'amount_fen',
        );
        const big = b.lines.find((l) => l.remaining_fen >= 10000000);
        await refused(
            'POST',
            `/budget_lines/${big.id}/expenditures`,
            head,
            { amount_fen: 10000000, purpose: '大额支出', spent_on: '2026-11-20' },
            409,
            'conflict',
            'budget.large_fund_resolution',
            'resolution_id',
        );
        const spent = await write('POST', `/budget_lines/${line.id}/expenditures`, head, {
            amount_fen: 1000,
            purpose: '办公用品',
            spent_on: '2026-11-20',
        });
        assert.equal(spent.line.spent_fen, line.spent_fen + 1000);
        await refused('POST', `/budgets/${b.id}/lines`, clerk, { purpose: 'x', amount_fen: 1, owner_id: memberPerson }, 409, 'conflict', 'procedure.budget_adopted');
    });
});

describe('indicators', () => {
    test('three more, three fewer, per township and for all', async () => {
        const one = await get('/townships/huandong/indicators?from=2026-01-01&to=2026-12-01');
        assert.equal(one.township_id, 'huandong');
        for (const k of ['items_notified', 'items_adhoc', 'items_discussed', 'items_vote_only', 'matters_collective', 'matters_individual']) {
            assert.ok(Number.isInteger(one.counts[k]), k);
        }
        assert.ok(one.counts.items_vote_only > 0, 'huandong lets vote-only items through (flagged)');
        const c = one.counts;
        assert.equal(one.permille.notified, Math.round((1000 * c.items_notified) / (c.items_notified + c.items_adhoc)));
        // Month by month: eleven calendar months whose counts add up to the period's.
        assert.deepEqual(one.months.map((m) => m.month), ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((m) => `2026-${m}`));
        assert.equal(one.months[0].from, '2026-01-01');
        assert.equal(one.months[10].to, '2026-12-01');
        for (const k of Object.keys(c)) {
            assert.equal(one.months.reduce((sum, m) => sum + m.counts[k], 0), c[k], `${k} month by month`);
        }
        assert.equal(one.months.reduce((sum, m) => sum + m.meetings, 0), one.meetings);
        // A period that starts mid-month is clipped to it; more than 60 months has no series.
        const clipped = await get('/townships/huandong/indicators?from=2026-03-15&to=2026-05-10');
        assert.deepEqual(clipped.months.map((m) => [m.month, m.from, m.to]), [
            ['2026-03', '2026-03-15', '2026-04-01'],
            ['2026-04', '2026-04-01', '2026-05-01'],
            ['2026-05', '2026-05-01', '2026-05-10'],
        ]);
        assert.equal((await get('/townships/huandong/indicators?from=2020-01-01&to=2026-01-01')).months, null);
        assert.equal((await get('/townships/huandong/indicators?from=2021-01-01&to=2026-01-01')).months.length, 60);
        const all = await get('/indicators?from=2026-01-01&to=2026-12-01');
        assert.equal(all.items.length, 23);
        assert.equal(all.items[0].months, undefined, 'the all-townships view has no series');
        const bad = await request(url, 'GET', '/indicators?from=yesterday');
        assert.equal(bad.status, 400);
    });
});
