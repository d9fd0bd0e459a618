// The workbench (GET /api/v1/todo): what waits for each user, as one
// office day goes. A meeting that began an hour ago gets an ad-hoc item:
// the members' notices appear and go when acknowledged; once attendance is
// taken each member present has a statement to make, and the party
// secretary only when every other member has spoken; the open vote gives
// everyone a ballot to cast; once the result is in, the discipline
// secretary has the minutes to countersign, the late item and its rule
// exception with the justification; an overdue execution task waits for
// the clerk and the department head, and for its owner; a draft budget
// for the congress officer. Each role sees only the sections it can act
// on; a city-wide role names the township. Each user's meetings come as
// an iCalendar feed at a secret address of their own.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { eventCount as countEvents, expectError, login, request, spendingTerms, startServer } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const clerk = await login(url, 'diankou.clerk');
const member = await login(url, 'diankou.member');
const secretary = await login(url, 'diankou.secretary');
const discipline = await login(url, 'diankou.discipline');
const head = await login(url, 'diankou.head');
const congress = await login(url, 'diankou.congress');
const admin = await login(url, 'admin');
const inspector = await login(url, 'inspector');
const department = (await request(url, 'GET', '/townships/diankou/departments')).body.items[0].id;

const eventCount = () => countEvents(url);

async function ok(method, path, body, status) {
    const res = await request(url, method, path, { auth: clerk, body });
    assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${path}: ${res.text}`);
    return method === 'GET' ? res.body : res.body.item;
}

/** The to-do of auth (query: "?township=..."). */
async function todo(auth, query = '') {
    const res = await request(url, 'GET', `/todo${query}`, { auth });
    assert.equal(res.status, 200, res.text);
    for (const [key, n] of Object.entries(res.body.counts)) {
        assert.equal(res.body[key].length, Math.min(n, 100), `the count of ${key}`);
    }
    return res.body;
}

/** Whether the section key of auth's to-do lists the item. */
async function lists(auth, key, itemId) {
    return (await todo(auth))[key].some((row) => row.item_id === itemId);
}

describe('one meeting through the day', () => {
    let item;
    let meetingId;

    test('notices wait for each member until acknowledged', async () => {
        const meeting = await ok('POST', '/townships/diankou/meetings', {
            kind: 'committee',
            title: '党委会议（工作台）',
            starts_at: new Date(Date.now() - 3600e3).toISOString(),
            place: '三楼会议室',
            convener_id: secretary.user.person_id,
        });
        meetingId = meeting.id;
        const matter = await ok('POST', '/townships/diankou/matters', {
            title: '敬老院修缮资金安排',
            category: 'large_fund',
            amount_fen: 30000000,
            proposer_id: secretary.user.person_id,
            ...spendingTerms(department),
        });
        item = await ok('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id, justification: '汛后抢修，需当场研究' });

        const mine = (await todo(member)).notices.find((n) => n.item_id === item.id);
        assert.ok(mine, 'the member has the notice');
        assert.equal(mine.matter_title, '敬老院修缮资金安排');
        assert.equal(mine.meeting_title, '党委会议（工作台）');
        assert.equal(mine.adhoc, 1);
        const res = await request(url, 'POST', `/notifications/${mine.id}/acknowledge`, { auth: member, body: {} });
        assert.equal(res.status, 200, res.text);
        assert.ok(!(await lists(member, 'notices', item.id)), 'acknowledged, it goes');
        assert.ok(await lists(secretary, 'notices', item.id), 'the others still wait');

        // The clerk's meeting counts the notices not yet acknowledged.
        const m = (await todo(clerk)).meetings.find((x) => x.id === meeting.id);
        assert.equal(m.items_open, 1);
        assert.equal(m.notices_pending, item.notifications.length - 1);
    });

    test('statements wait for each member present, and the secretary\'s once the others have spoken', async () => {
        const everyone = item.roster.map((m) => ({ person_id: m.person_id, present: true }));
        await ok('POST', `/items/${item.id}/attendance`, { members: everyone }, 200);
        assert.equal(item.requirements.secretary_last, true, 'the rulebook has the secretary speak last');
        const waiting = (await todo(member)).statements.find((s) => s.item_id === item.id);
        assert.ok(waiting, 'the member has a statement to make');
        assert.equal(waiting.last, 0);
        assert.ok(!(await lists(secretary, 'statements', item.id)), 'not yet the secretary\'s turn');

        for (const m of item.roster.filter((x) => !x.secretary)) {
            await ok('POST', `/items/${item.id}/statements`, { person_id: m.person_id, view: 'agree', summary: '同意' });
        }
        assert.ok(!(await lists(member, 'statements', item.id)), 'stated, it goes');
        const last = (await todo(secretary)).statements.find((s) => s.item_id === item.id);
        assert.ok(last, 'now the secretary\'s turn');
        assert.equal(last.last, 1);
        await ok('POST', `/items/${item.id}/statements`, { person_id: secretary.user.person_id, view: 'agree', summary: '同意' });
        assert.ok(!(await lists(secretary, 'statements', item.id)));
    });

    test('ballots wait for each member present until cast', async () => {
        await ok('POST', `/items/${item.id}/vote`, {}, 200);
        assert.ok(await lists(member, 'ballots', item.id));
        assert.ok(await lists(secretary, 'ballots', item.id));
        for (const m of item.roster) {
            await ok('POST', `/items/${item.id}/ballots`, { person_id: m.person_id, choice: 'agree' });
        }
        assert.ok(!(await lists(member, 'ballots', item.id)));
        const passed = await ok('POST', `/items/${item.id}/result`, {}, 200);
        assert.equal(passed.status, 'passed');
        assert.equal((await todo(clerk)).meetings.find((x) => x.id === meetingId).items_open, 0);
    });

    test('the discipline secretary has the minutes to countersign, the late item and its exception', async () => {
        const mine = await todo(discipline);
        assert.ok(mine.countersign.some((m) => m.id === meetingId), 'the minutes wait for the countersignature');
        const late = mine.late_items.find((x) => x.item_id === item.id);
        assert.equal(late.notice_justification, '汛后抢修，需当场研究');
        const exception = mine.exceptions.find((x) => x.item_id === item.id && x.step === 'notice');
        assert.equal(exception.justification, '汛后抢修，需当场研究');
        assert.equal(exception.verdict.kind, 'flag');
        assert.match(exception.verdict.message_zh, /小时/);
        const signed = await request(url, 'POST', `/meetings/${meetingId}/countersign`, { auth: discipline, body: { note: '同步记录' } });
        assert.equal(signed.status, 200, signed.text);
        assert.ok(!(await todo(discipline)).countersign.some((m) => m.id === meetingId));
        // The clerk still has it to finalise, until it is.
        const waiting = (await todo(clerk)).meetings.find((m) => m.id === meetingId);
        assert.equal(waiting.items_open, 0);
        await ok('POST', `/meetings/${meetingId}/finalise`, {}, 200);
        assert.ok(!(await todo(clerk)).meetings.some((m) => m.id === meetingId));
    });

    test('an overdue task waits for the clerk, the department head and its owner', async () => {
        const yesterday = new Date(Date.now() + 8 * 3600e3 - 86400e3).toISOString().slice(0, 10);
        const task = await ok('POST', `/items/${item.id}/tasks`, {
            description: '修缮方案报镇政府',
            owner_id: member.user.person_id,
            department_id: department,
            due_date: yesterday,
            justification: '补录已逾期的任务',
        });
        const owner = (await ok('GET', `/people/${member.user.person_id}`)).name;
        for (const auth of [clerk, head]) {
            const row = (await todo(auth)).tasks.find((t) => t.id === task.id);
            assert.ok(row, 'the overdue task is listed');
            assert.equal(row.owner_name, owner);
        }
        assert.ok((await todo(member)).my_tasks.some((t) => t.id === task.id), 'and for its owner');
        const exception = (await todo(discipline)).exceptions.find((x) => x.step === 'task' && x.item_id === item.id);
        assert.equal(exception.justification, '补录已逾期的任务');
        await ok('PATCH', `/tasks/${task.id}`, { status: 'done' }, 200);
        assert.ok(!(await todo(clerk)).tasks.some((t) => t.id === task.id));
        assert.ok(!(await todo(member)).my_tasks.some((t) => t.id === task.id));
    });
});

describe('sections by role', () => {
    test('the congress officer has the draft budgets', async () => {
        const budget = await ok('POST', '/townships/diankou/budgets', { fiscal_year: 2039, title: '2039年度预算' });
        const row = (await todo(congress)).budgets.find((b) => b.id === budget.id);
        assert.equal(row.title, '2039年度预算');
    });

    test('each role has only the sections it can act on', async () => {
        assert.deepEqual(Object.keys((await todo(head)).counts).sort(), ['tasks']);
        assert.deepEqual(Object.keys((await todo(congress)).counts).sort(), ['budgets']);
        const forClerk = Object.keys((await todo(clerk)).counts).sort();
        assert.ok(forClerk.includes('meetings') && forClerk.includes('tasks') && !forClerk.includes('countersign'), forClerk.join());
        const forDiscipline = Object.keys((await todo(discipline)).counts);
        for (const key of ['notices', 'statements', 'ballots', 'countersign', 'late_items', 'exceptions']) {
            assert.ok(forDiscipline.includes(key), key);
        }
        assert.ok(!forDiscipline.includes('meetings'));
        // The commission's inspector follows a township's late items and rule exceptions.
        const forInspector = await todo(inspector, '?township=diankou');
        assert.deepEqual(Object.keys(forInspector.counts).sort(), ['exceptions', 'late_items']);
        assert.deepEqual(forInspector.exceptions, (await todo(discipline)).exceptions);
    });

    test('a city-wide role names the township; others see their own only', async () => {
        const none = await todo(admin);
        assert.equal(none.township, null);
        assert.deepEqual(none.counts, {});
        const diankou = await todo(admin, '?township=diankou');
        assert.equal(diankou.township, 'diankou');
        assert.ok('meetings' in diankou.counts && 'countersign' in diankou.counts);
        expectError(await request(url, 'GET', '/todo?township=atlantis', { auth: admin }), 404, 'not_found', 'township');
        expectError(await request(url, 'GET', '/todo?township=zhibu', { auth: clerk }), 403, 'forbidden', 'township');
        assert.equal((await todo(clerk, '?township=diankou')).township, 'diankou');
        expectError(await request(url, 'GET', '/todo'), 401, 'unauthenticated');
    });
});

describe('the calendar feed', () => {
    /** The feed at path, unfolded (RFC 5545 folds long lines): {status, type, text}. */
    async function feed(path) {
        const res = await fetch(`${url}${path}`);
        const text = (await res.text()).replace(/\r\n[ \t]/g, '');
        return { status: res.status, type: res.headers.get('content-type'), text };
    }

    test('a member subscribes to the meetings they are notified of, at an address only they know', async () => {
        const meeting = await ok('POST', '/townships/diankou/meetings', {
            kind: 'committee',
            title: '党委会议（日历订阅）',
            starts_at: '2031-03-05T01:00:00.000Z',
            place: '镇党委三楼会议室',
            convener_id: secretary.user.person_id,
        });
        const matter = await ok('POST', '/townships/diankou/matters', {
            title: '镇区停车场建设方案',
            category: 'major_decision',
            proposer_id: secretary.user.person_id,
        });
        await ok('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id });
        const alone = await ok('POST', '/townships/diankou/meetings', {
            kind: 'committee',
            title: '党委会议（无议题）',
            starts_at: '2031-03-06T01:00:00.000Z',
            place: '镇党委三楼会议室',
            convener_id: secretary.user.person_id,
        });

        const made = await request(url, 'POST', '/session/calendar', { auth: member, body: {} });
        assert.equal(made.status, 201, made.text);
        assert.match(made.body.path, /^\/api\/v1\/calendar\/pf_[A-Za-z0-9_-]{40,}$/);
        const mine = await feed(made.body.path);
        assert.equal(mine.status, 200);
        assert.match(mine.type, /^text\/calendar/);
        assert.match(mine.text, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
        const event = mine.text.split('BEGIN:VEVENT').find((e) => e.includes(`UID:meeting-${meeting.id}-diankou@probity`));
        assert.ok(event, 'the meeting is in the feed');
        assert.match(event, /DTSTART:20310305T010000Z/);
        assert.match(event, /SUMMARY:党委会议（日历订阅）/);
        assert.match(event, /LOCATION:镇党委三楼会议室/);
        assert.match(event, /DESCRIPTION:镇区停车场建设方案/);
        assert.ok(!mine.text.includes(`UID:meeting-${alone.id}-`), 'not a meeting the member is not notified of');

        // The clerk's feed has every meeting of the township.
        const clerks = await request(url, 'POST', '/session/calendar', { auth: clerk, body: {} });
        assert.ok((await feed(clerks.body.path)).text.includes(`UID:meeting-${alone.id}-diankou@probity`));

        // A new address stops the old one; stopping the feed stops it.
        const again = await request(url, 'POST', '/session/calendar', { auth: member, body: {} });
        assert.notEqual(again.body.path, made.body.path);
        assert.equal((await feed(made.body.path)).status, 404);
        assert.equal((await feed(again.body.path)).status, 200);
        assert.equal((await request(url, 'DELETE', '/session/calendar', { auth: member })).status, 200);
        assert.equal((await feed(again.body.path)).status, 404);
        assert.equal((await feed('/api/v1/calendar/pf_not-a-feed')).status, 404);
        // Made from a signed-in session only.
        expectError(await request(url, 'POST', '/session/calendar', { body: {} }), 401, 'unauthenticated');
        const token = await request(url, 'POST', '/tokens', { auth: member, body: { label: '日历', access: 'write' } });
        expectError(await request(url, 'POST', '/session/calendar', { auth: { token: token.body.token }, body: {} }), 403, 'forbidden');
    });
});

describe('a meeting postponed, then another cancelled', () => {
    let meeting;
    let item;
    let matter;
    const inDays = (d) => new Date(Date.now() + d * 86400e3).toISOString();

    test('postponed: each member is told again, once acknowledged the notice goes', async () => {
        meeting = await ok('POST', '/townships/diankou/meetings', {
            kind: 'committee',
            title: '党委会议（延期）',
            starts_at: inDays(3),
            place: '三楼会议室',
            convener_id: secretary.user.person_id,
        });
        matter = await ok('POST', '/townships/diankou/matters', {
            title: '农村公路养护计划',
            category: 'major_decision',
            proposer_id: secretary.user.person_id,
        });
        item = await ok('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id });
        const first = (await todo(member)).notices.find((n) => n.item_id === item.id);
        assert.equal(first.change, null);
        assert.equal((await request(url, 'POST', `/notifications/${first.id}/acknowledge`, { auth: member, body: {} })).status, 200);
        assert.ok(!(await lists(member, 'notices', item.id)));

        const before = await eventCount();
        const bare = await request(url, 'POST', `/meetings/${meeting.id}/postpone`, { auth: clerk, body: { starts_at: inDays(5) } });
        expectError(bare, 422, 'invalid');
        assert.equal(bare.body.error.field, 'reason');
        assert.equal(await eventCount(), before, 'refused: nothing written');
        const postponed = await ok('POST', `/meetings/${meeting.id}/postpone`, { starts_at: inDays(5), reason: '书记到市里开会' }, 200);
        assert.equal(postponed.stage, 'scheduled');
        assert.equal(postponed.changes.at(-1).reason, '书记到市里开会');
        const again = (await todo(member)).notices.find((n) => n.item_id === item.id);
        assert.equal(again.change, 'postponed', 'the member is told of the new time');
        assert.equal(new Date(again.starts_at).getTime(), new Date(postponed.starts_at).getTime());
        assert.ok((await todo(secretary)).notices.some((n) => n.item_id === item.id && n.change === 'postponed'));
        // Only the latest notice of an item waits: the earlier unacknowledged one of the secretary is superseded.
        assert.equal((await todo(secretary)).notices.filter((n) => n.item_id === item.id).length, 1);
        assert.equal((await request(url, 'POST', `/notifications/${again.id}/acknowledge`, { auth: member, body: {} })).status, 200);
        assert.ok(!(await lists(member, 'notices', item.id)));
    });

    test('cancelled: members are told, the item is withdrawn, its matter free, the calendar strikes it', async () => {
        const feedPath = (await request(url, 'POST', '/session/calendar', { auth: member, body: {} })).body.path;
        const cancelled = await ok('POST', `/meetings/${meeting.id}/cancel`, { reason: '议题已并入下月计划' }, 200);
        assert.equal(cancelled.stage, 'cancelled');
        assert.equal(cancelled.items[0].status, 'withdrawn');
        assert.deepEqual(cancelled.next, []);
        const told = (await todo(member)).notices.find((n) => n.item_id === item.id);
        assert.equal(told.change, 'cancelled', 'the member is told it is off');
        assert.ok(!(await todo(clerk)).meetings.some((m) => m.id === meeting.id), 'nothing left to prepare');
        const res = await request(url, 'POST', `/meetings/${meeting.id}/items`, { auth: clerk, body: { matter_id: matter.id } });
        assert.equal(res.status, 409, res.text);
        assert.equal(res.body.error.rule, 'procedure.meeting_cancelled');
        assert.equal((await ok('GET', `/matters/${matter.id}`)).status, 'registered', 'the matter may go on another agenda');
        const text = (await (await fetch(`${url}${feedPath}`)).text()).replace(/\r\n[ \t]/g, '');
        const event = text.split('BEGIN:VEVENT').find((e) => e.includes(`UID:meeting-${meeting.id}-diankou@probity`));
        assert.match(event, /STATUS:CANCELLED/);
        assert.match(event, /SEQUENCE:3/, 'made, postponed, cancelled');
    });
});

test('the API describes the to-do list\'s answer: its sections, labelled, are the ones it sends', async () => {
    const doc = (await request(url, 'GET', '/openapi.json')).body;
    const schema = doc.paths['/todo'].get.responses['200'].content['application/json'].schema;
    assert.equal(schema.type, 'object');
    const sent = new Set();
    for (const auth of [clerk, member, secretary, discipline, head, congress, admin]) {
        const answer = await todo(auth, auth === admin ? '?township=diankou' : '');
        Object.keys(answer).forEach((key) => sent.add(key));
        for (const key of Object.keys(answer.counts)) {
            assert.ok(schema.properties[key], `the section ${key} is described`);
        }
    }
    assert.deepEqual(Object.keys(schema.properties).sort(), [...sent].sort(), 'every part of the answer is described, and nothing else');
    assert.equal(schema.properties.notices.type, 'array');
    assert.equal(schema.properties.notices.title, '待确认收到的会议通知');
    assert.equal(schema.properties.countersign['x-title-en'], 'minutes to countersign');
});

test('a record offers each reader only the steps they may take; why a step waits is everyone\'s', async () => {
    const meeting = await ok('POST', '/townships/diankou/meetings', {
        kind: 'committee',
        title: '党委会议（可进行的步骤）',
        starts_at: new Date(Date.now() + 3 * 86400e3).toISOString(),
        place: '三楼会议室',
        convener_id: secretary.user.person_id,
    });
    const matter = await ok('POST', '/townships/diankou/matters', {
        title: '镇文化礼堂管理办法',
        category: 'major_decision',
        proposer_id: secretary.user.person_id,
    });
    await ok('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id });
    const steps = async (auth) => {
        const res = await request(url, 'GET', `/meetings/${meeting.id}`, { auth });
        assert.equal(res.status, 200, res.text);
        return { next: res.body.next.map((s) => s.action).sort(), blocked: res.body.blocked.map((s) => s.action).sort() };
    };
    const clerks = await steps(clerk);
    assert.deepEqual(clerks.next, ['add_item', 'cancel', 'edit', 'postpone']);
    assert.deepEqual(clerks.blocked, ['countersign', 'finalise']);
    const members = await steps(member);
    assert.deepEqual(members.next, [], 'a member prepares nothing');
    assert.deepEqual(members.blocked, clerks.blocked, 'but reads why the minutes wait');
    // The matter alone: only its responsible member is offered to decide it (an ordinary matter).
    const ordinary = await ok('POST', '/townships/diankou/matters', {
        title: '镇机关食堂采购蔬菜',
        category: 'routine_affairs',
        proposer_id: member.user.person_id,
    });
    const decideFor = async (auth) => (await request(url, 'GET', `/matters/${ordinary.id}`, { auth })).body;
    assert.ok((await decideFor(member)).next.some((s) => s.action === 'decide'), 'the responsible member decides it');
    const other = await decideFor(secretary);
    assert.ok(!other.next.some((s) => s.action === 'decide'));
    assert.equal(other.blocked.find((s) => s.action === 'decide').rule, 'procedure.not_responsible');
    assert.ok(!(await decideFor(clerk)).next.some((s) => s.action === 'decide'), 'a clerk decides nothing');
});
