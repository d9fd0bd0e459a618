// Fixtures of the role x endpoint walk (roles.test.mjs) for the
// collective-decision routes (docs/decisions.md): rulebook, matters,
// meetings, agenda items, notifications, tasks, indicators and budgets.
// Each prepare(role, roleAuth) makes what the request needs as the admin,
// so that every role allowed by the policy table succeeds: a member records
// their own statement or ballot (their user is linked to their person), the
// secretary's statement comes after everyone else's, a notification is
// acknowledged by its own member. Meetings that are held start an hour ago,
// so their items are ad-hoc motions with a justification.
import assert from 'node:assert/strict';

import { request, spendingTerms, unique } from './server.mjs';

/* A small PDF (libmagic knows it by its first bytes), as a material's file. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
/* Where a material of matter is uploaded, named as the office named it. */
export const materialPath = (matter, name = '实施方案.pdf') =>
    `/matters/${matter}/materials?name=${encodeURIComponent(name)}`;

/**
 * What the fixtures and the tests of later steps build on, as the admin
 * (ok(method, path, body, status) sends as the admin and asserts the
 * status): matters, meetings, items taken as far as asked (make.item,
 * make.passedItem), budgets; the demo's members, a member's person, a
 * department, and times and budget years to use.
 */
export async function decisionMakers({ ok, auth }) {
    const members = (await ok('GET', '/townships/diankou/members')).items;
    const personOf = (roleName) => auth[roleName]?.user?.person_id ?? null;
    const memberPerson = personOf('member');
    assert.ok(memberPerson, 'the demo member is linked to a person');
    const departments = (await ok('GET', '/townships/diankou/departments')).items;
    const dept = departments[0].id;
    const hourAgo = () => new Date(Date.now() - 3600e3).toISOString();
    const inDays = (d) => new Date(Date.now() + d * 86400e3).toISOString();
    let year = 2100;
    const nextYear = () => year++;

    const make = {
        async matter(category = 'major_decision', amount = 0, extra = {}) {
            return (
                await ok('POST', '/townships/diankou/matters', {
                    title: unique('巡检事项'),
                    category,
                    amount_fen: amount,
                    proposer_id: memberPerson,
                    ...(['large_fund', 'major_project'].includes(category) ? spendingTerms(dept) : { department_id: dept }),
                    ...extra,
                })
            ).item.id;
        },
        async meeting(startsAt = inDays(3)) {
            return (
                await ok('POST', '/townships/diankou/meetings', {
                    kind: 'committee',
                    title: unique('巡检会议'),
                    starts_at: startsAt,
                    place: '三楼会议室',
                    convener_id: members[0].person_id,
                })
            ).item.id;
        },
        // An item at a meeting held now, taken as far as the options say.
        async item({
            category = 'major_decision',
            amount = 0,
            extra = {},
            attend = true,
            statements = false,
            secretary = true,
            vote = false,
            ballots = false,
            result = false,
        } = {}) {
            const meeting = await make.meeting(hourAgo());
            const matter = await make.matter(category, amount, extra);
            const item = (
                await ok('POST', `/meetings/${meeting}/items`, {
                    matter_id: matter,
                    justification: '巡检临时动议',
                })
            ).item;
            const roster = item.roster;
            if (attend) {
                await ok(
                    'POST',
                    `/items/${item.id}/attendance`,
                    { members: roster.map((m) => ({ person_id: m.person_id, present: true })) },
                    200,
                );
            }
            if (statements) {
                for (const m of [...roster.filter((r) => !r.secretary), ...roster.filter((r) => r.secretary)]) {
                    if (m.secretary && !secretary) {
                        continue;
                    }
                    await ok('POST', `/items/${item.id}/statements`, {
                        person_id: m.person_id,
                        view: 'agree',
                        summary: '同意',
                    });
                }
            }
            if (vote) {
                await ok('POST', `/items/${item.id}/vote`, {}, 200);
            }
            if (ballots) {
                for (const m of roster) {
                    await ok('POST', `/items/${item.id}/ballots`, { person_id: m.person_id, choice: 'agree' });
                }
            }
            if (result) {
                await ok('POST', `/items/${item.id}/result`, {}, 200);
            }
            return { id: item.id, meeting, matter, roster };
        },
        async passedItem(options = {}) {
            return make.item({ statements: true, vote: true, ballots: true, result: true, ...options });
        },
        async finalisedMeeting() {
            const meeting = await make.meeting();
            await ok('POST', `/meetings/${meeting}/countersign`, {}, 200);
            await ok('POST', `/meetings/${meeting}/finalise`, {}, 200);
            return meeting;
        },
        async budget() {
            return (await ok('POST', '/townships/diankou/budgets', { fiscal_year: nextYear(), title: '巡检预算' })).item
                .id;
        },
    };

    return { make, members, memberPerson, personOf, dept, hourAgo, inDays, nextYear };
}

/**
 * Returns the fixtures keyed by operationId. ok(method, path, body, status)
 * sends as the admin and asserts the status; auth maps role names to
 * sessions.
 */
export async function decisionFixtures({ url, ok, auth }) {
    const admin = auth.admin;
    const { make, members, memberPerson, personOf, dept, inDays, nextYear } = await decisionMakers({ ok, auth });
    // Objects read by the public: the demo's finalised meetings and adopted budget.
    const meetings = (await request(url, 'GET', '/townships/diankou/meetings')).body.items;
    assert.ok(meetings.length > 0, 'the demo has finalised meetings');
    const publicMeeting = meetings[0].id;
    const publicItem = (await ok('GET', `/meetings/${publicMeeting}`)).items[0].id;
    const decided = (await request(url, 'GET', '/townships/diankou/matters?status=decided')).body.items;
    const publicMatter = decided[0].id;
    const budgets = (await request(url, 'GET', '/townships/diankou/budgets')).body.items;
    const adopted = budgets.find((b) => b.status === 'adopted').id;
    const adoptedLine = (await ok('GET', `/budgets/${adopted}`)).lines[0].id;
    const shared = {};
    // A matter of a role's own township (Diankou for a city-wide role) with
    // one material, uploaded as the admin: {matter, material}.
    const proposers = {};
    const withMaterial = async (role) => {
        const township = role.township ?? 'diankou';
        proposers[township] ??= (await ok('GET', `/townships/${township}/members`)).items[0].person_id;
        const matter = (
            await ok('POST', `/townships/${township}/matters`, {
                title: unique('材料事项'),
                category: 'routine_affairs',
                proposer_id: proposers[township],
            })
        ).item.id;
        const res = await request(url, 'POST', materialPath(matter), {
            auth: admin,
            body: PDF,
            headers: { 'Content-Type': 'application/pdf' },
        });
        assert.equal(res.status, 201, res.text);
        return { matter, material: res.body.item.id };
    };
    // A member's own person, or the member's for roles that record on behalf.
    const subject = (role) => personOf(role.name) ?? memberPerson;
    const failingVote = {
        session: '巡检会议',
        voted_on: '2026-03-01',
        absent: [],
        votes_for: 20,
        votes_against: 25,
        abstentions: 5,
    };

    return {
        get_rulebook: { prepare: () => ({ path: '/rulebook?township=diankou' }) },
        post_rulebook: {
            prepare: async () => {
                const id = unique('t');
                await ok('POST', '/townships', { id, kind: 'township', name: '巡检镇', name_en: 'Walk Town', city_id: 'zhuji' });
                return {
                    path: '/rulebook',
                    body: {
                        document: {
                            version: 1,
                            effective_from: inDays(1),
                            township: id,
                            categories: { routine_affairs: { notice_hours: 24 } },
                        },
                    },
                };
            },
            then: (res) => assert.equal(res.body.event.type, 'rulebook.created'),
        },
        get_resolutions: { prepare: () => ({ path: '/resolutions?limit=5' }) },
        get_townships_tid_matters: { prepare: () => ({ path: '/townships/diankou/matters' }) },
        post_townships_tid_matters: {
            township: 'diankou',
            prepare: () => ({
                path: '/townships/diankou/matters',
                body: { title: unique('议题'), category: 'routine_affairs', proposer_id: memberPerson },
            }),
            then: (res) => assert.equal(res.body.item.requirements.collective, false),
        },
        get_matters_id: { prepare: () => ({ path: `/matters/${publicMatter}` }) },
        post_matters_id_materials: {
            township: 'diankou',
            prepare: async () => ({
                path: materialPath(await make.matter('routine_affairs')),
                body: PDF,
                headers: { 'Content-Type': 'application/pdf' },
            }),
            then: (res) => assert.equal(res.body.event.type, 'material.created'),
        },
        delete_materials_id: {
            township: 'diankou',
            prepare: async () => ({
                path: `/materials/${(await withMaterial({ township: 'diankou' })).material}`,
            }),
            then: (res) => assert.equal(res.body.event.type, 'material.deleted'),
        },
        // The public reads a public matter's (none); the others a matter of their township's.
        get_matters_id_materials: {
            prepare: async (role) => ({
                path:
                    role.role === 'public'
                        ? `/matters/${publicMatter}/materials`
                        : `/matters/${(await withMaterial(role)).matter}/materials`,
            }),
        },
        get_materials_id_content: {
            prepare: async (role) => ({
                path: `/materials/${(await withMaterial(role.role === 'public' ? {} : role)).material}/content`,
            }),
        },
        post_matters_id_decide: {
            township: 'diankou',
            prepare: async (role) => ({
                path: `/matters/${await make.matter('routine_affairs', 0, { responsible_id: subject(role) })}/decide`,
                body: { note: '分管职责内办理' },
            }),
            then: (res) => assert.equal(res.body.item.status, 'decided'),
        },
        get_townships_tid_meetings: { prepare: () => ({ path: '/townships/diankou/meetings' }) },
        post_townships_tid_meetings: {
            township: 'diankou',
            prepare: () => ({
                path: '/townships/diankou/meetings',
                body: {
                    kind: 'joint',
                    title: unique('联席会'),
                    starts_at: inDays(5),
                    place: '二楼',
                    convener_id: members[0].person_id,
                },
            }),
        },
        get_meetings_id: { prepare: () => ({ path: `/meetings/${publicMeeting}` }) },
        patch_meetings_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/meetings/${await make.meeting()}`, body: { place: unique('会议室') } }),
        },
        post_meetings_id_postpone: {
            township: 'diankou',
            prepare: async () => {
                const meeting = await make.meeting();
                await ok('POST', `/meetings/${meeting}/items`, { matter_id: await make.matter() });
                return { path: `/meetings/${meeting}/postpone`, body: { starts_at: inDays(5), reason: '书记出差' } };
            },
            then: (res) => {
                assert.equal(res.body.item.changes[0].kind, 'postponed');
                assert.equal(res.body.item.stage, 'scheduled');
            },
        },
        post_meetings_id_cancel: {
            township: 'diankou',
            prepare: async () => {
                const meeting = await make.meeting();
                await ok('POST', `/meetings/${meeting}/items`, { matter_id: await make.matter() });
                return { path: `/meetings/${meeting}/cancel`, body: { reason: '议题已不需研究' } };
            },
            then: (res) => {
                assert.equal(res.body.item.stage, 'cancelled');
                assert.equal(res.body.item.items[0].status, 'withdrawn');
            },
        },
        post_meetings_id_items: {
            township: 'diankou',
            prepare: async () => ({
                path: `/meetings/${await make.meeting()}/items`,
                body: { matter_id: await make.matter() },
            }),
            then: (res) => {
                assert.equal(res.body.item.adhoc, false);
                assert.equal(res.body.item.notifications.length, members.length);
            },
        },
        post_meetings_id_countersign: {
            township: 'diankou',
            prepare: async () => ({ path: `/meetings/${await make.meeting()}/countersign`, body: {} }),
        },
        post_meetings_id_finalise: {
            township: 'diankou',
            prepare: async () => {
                const meeting = await make.meeting();
                await ok('POST', `/meetings/${meeting}/countersign`, {}, 200);
                return { path: `/meetings/${meeting}/finalise`, body: {} };
            },
        },
        post_meetings_id_amendments: {
            township: 'diankou',
            prepare: async () => ({
                path: `/meetings/${await make.finalisedMeeting()}/amendments`,
                body: { text: '更正会议地点', reason: '笔误' },
            }),
        },
        get_items_id: { prepare: () => ({ path: `/items/${publicItem}` }) },
        post_items_id_attendance: {
            township: 'diankou',
            prepare: async () => {
                const item = await make.item({ attend: false });
                return {
                    path: `/items/${item.id}/attendance`,
                    body: { members: item.roster.map((m) => ({ person_id: m.person_id, present: true })) },
                };
            },
            then: (res) => assert.equal(res.body.item.status, 'in_session'),
        },
        post_items_id_statements: {
            township: 'diankou',
            prepare: async (role) => {
                // The secretary speaks last: everyone else first.
                const item = await make.item({ statements: role.name === 'secretary', secretary: false });
                const own = personOf(role.name);
                return {
                    path: `/items/${item.id}/statements`,
                    body: own
                        ? { view: 'agree', summary: '同意' }
                        : { person_id: memberPerson, view: 'agree', summary: '同意' },
                };
            },
        },
        post_items_id_vote: {
            township: 'diankou',
            prepare: async () => ({ path: `/items/${(await make.item({ statements: true })).id}/vote`, body: {} }),
            then: (res) => assert.equal(res.body.item.status, 'voting'),
        },
        post_items_id_ballots: {
            township: 'diankou',
            prepare: async (role) => {
                const item = await make.item({ statements: true, vote: true });
                const own = personOf(role.name);
                return {
                    path: `/items/${item.id}/ballots`,
                    body: own ? { choice: 'agree' } : { person_id: memberPerson, choice: 'agree' },
                };
            },
        },
        post_items_id_result: {
            township: 'diankou',
            prepare: async () => ({
                path: `/items/${(await make.item({ statements: true, vote: true, ballots: true })).id}/result`,
                body: {},
            }),
            then: (res) => assert.equal(res.body.item.status, 'passed'),
        },
        post_statements_id_correction: {
            township: 'diankou',
            prepare: async (role) => {
                const item = await make.item({ statements: true });
                const statements = (await ok('GET', `/items/${item.id}`)).statements;
                const own = statements.find((s) => s.person_id === subject(role));
                return {
                    path: `/statements/${own.id}/correction`,
                    body: { view: 'reserved', reason: '表态记错，应为保留意见' },
                };
            },
            then: (res) => assert.equal(res.body.event.type, 'statement.updated'),
        },
        post_ballots_id_correction: {
            township: 'diankou',
            prepare: async (role) => {
                const item = await make.item({ statements: true, vote: true, ballots: true });
                const ballots = (await ok('GET', `/items/${item.id}`)).ballots.items;
                const own = ballots.find((b) => b.person_id === subject(role));
                return {
                    path: `/ballots/${own.id}/correction`,
                    body: { choice: 'abstain', reason: '选票记错，应为弃权' },
                };
            },
            then: (res) => assert.equal(res.body.event.type, 'ballot.updated'),
        },
        post_items_id_defer: {
            township: 'diankou',
            prepare: async () => ({ path: `/items/${(await make.item()).id}/defer`, body: { reason: '材料不全' } }),
        },
        post_items_id_tasks: {
            township: 'diankou',
            prepare: async () => {
                shared.passed ??= await make.passedItem();
                return {
                    path: `/items/${shared.passed.id}/tasks`,
                    body: { description: '落实决议', owner_id: memberPerson, department_id: dept, due_date: '2030-06-30' },
                };
            },
        },
        get_notifications: { prepare: () => ({ path: '/notifications?status=pending' }) },
        post_notifications_id_acknowledge: {
            township: 'diankou',
            prepare: async (role) => {
                const meeting = await make.meeting();
                const item = (await ok('POST', `/meetings/${meeting}/items`, { matter_id: await make.matter() })).item;
                const person = personOf(role.name) ?? memberPerson;
                const notice = item.notifications.find((n) => n.person_id === person);
                return { path: `/notifications/${notice.id}/acknowledge`, body: {} };
            },
        },
        patch_tasks_id: {
            township: 'diankou',
            prepare: async () => {
                shared.passed ??= await make.passedItem();
                const task = (
                    await ok('POST', `/items/${shared.passed.id}/tasks`, {
                        description: '落实决议',
                        owner_id: memberPerson,
                        due_date: '2030-06-30',
                    })
                ).item.id;
                return { path: `/tasks/${task}`, body: { status: 'done', note: '已完成' } };
            },
        },
        get_townships_tid_tasks: { prepare: () => ({ path: '/townships/diankou/tasks' }) },
        get_townships_tid_resolutions: { prepare: () => ({ path: '/townships/diankou/resolutions' }) },
        get_townships_tid_indicators: {
            prepare: () => ({ path: '/townships/diankou/indicators?from=2026-01-01&to=2027-01-01' }),
        },
        get_indicators: { prepare: () => ({ path: '/indicators' }) },
        get_townships_tid_budgets: { prepare: () => ({ path: '/townships/diankou/budgets' }) },
        post_townships_tid_budgets: {
            township: 'diankou',
            prepare: () => ({ path: '/townships/diankou/budgets', body: { fiscal_year: nextYear(), title: '巡检预算' } }),
        },
        get_budgets_id: { prepare: () => ({ path: `/budgets/${adopted}` }) },
        post_budgets_id_lines: {
            township: 'diankou',
            prepare: async () => ({
                path: `/budgets/${await make.budget()}/lines`,
                body: { purpose: '巡检预算线', amount_fen: 100000, owner_id: memberPerson, department_id: dept },
            }),
        },
        post_budgets_id_congressvote: {
            township: 'diankou',
            // A vote that fails is recorded (and adopts nothing), so one
            // studied draft serves every role.
            prepare: async () => {
                if (!shared.studied) {
                    const budget = await make.budget();
                    await ok('POST', `/budgets/${budget}/lines`, {
                        purpose: '巡检',
                        amount_fen: 100000,
                        owner_id: memberPerson,
                    });
                    await make.passedItem({ category: 'major_decision', amount: 100000, extra: { budget_id: budget } });
                    shared.studied = budget;
                }
                return {
                    path: `/budgets/${shared.studied}/congress_vote`,
                    body: { ...failingVote, adopted_fen: 100000 },
                };
            },
            then: (res) => assert.equal(res.body.item.status, 'rejected'),
        },
        post_budgets_id_adjustments: {
            township: 'diankou',
            prepare: async () => {
                shared.adjustment ??= await make.passedItem({
                    category: 'budget_adjustment',
                    amount: 100000,
                    extra: { budget_id: adopted },
                });
                return {
                    path: `/budgets/${adopted}/adjustments`,
                    body: {
                        matter_id: shared.adjustment.matter,
                        reason: '巡检调整',
                        changes: [{ line_id: adoptedLine, delta_fen: 100000 }],
                        vote: failingVote,
                    },
                };
            },
            then: (res) => assert.equal(res.body.item.status, 'rejected'),
        },
        get_budgetlines_id: { prepare: () => ({ path: `/budget_lines/${adoptedLine}` }) },
        post_budgetlines_id_expenditures: {
            township: 'diankou',
            prepare: () => ({
                path: `/budget_lines/${adoptedLine}/expenditures`,
                body: { amount_fen: 100, purpose: '巡检支出', spent_on: '2026-11-01' },
            }),
            then: (res) => assert.ok(res.body.item.line.remaining_fen >= 0),
        },
        post_expenditures_id_correction: {
            township: 'diankou',
            prepare: async () => {
                const spent = await ok('POST', `/budget_lines/${adoptedLine}/expenditures`, {
                    amount_fen: 200,
                    purpose: '巡检支出',
                    spent_on: '2026-11-02',
                });
                return {
                    path: `/expenditures/${spent.item.id}/correction`,
                    body: { amount_fen: 150, reason: '金额录入有误' },
                };
            },
            then: (res) => assert.equal(res.body.item.corrections[0].previous.amount_fen, 200),
        },
    };
}
