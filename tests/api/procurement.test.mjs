// Works and purchases (docs/procurement.md): a project registered from a
// matter with the method its amount requires; its pre-control steps in
// order (design, control price, tender); a tender only with the
// resolution its matter needs and within what it authorises, and with
// the least submission period; bidders by a unified social credit code
// that checks; bids received by the deadline and sealed (the API, the
// log's leaves and the server's log show nothing of them) until the
// opening, not before its time, publishes them all. Every refusal writes
// nothing.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { creditCode } from './lib/credit_code.mjs';
import { decisionMakers } from './lib/decision_fixtures.mjs';
import { procurementMakers } from './lib/procurement_fixtures.mjs';
import { readXlsx } from './lib/xlsx.mjs';
import { eventCount, expectError, expectOneWrite, login, request, shanghaiDay, startServer, unique } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const clerk = await login(url, 'diankou.clerk');
const otherClerk = await login(url, 'zhibu.clerk');
const secretary = await login(url, 'diankou.secretary');
const discipline = await login(url, 'diankou.discipline');
const auth = { admin, member: await login(url, 'diankou.member') };
const inDays = (d) => new Date(Date.now() + d * 86400e3).toISOString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function ok(method, path, body, status, who = admin) {
    const res = await request(url, method, path, { auth: who, body });
    assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${path}: ${res.text}`);
    return res.body;
}

const { make } = await decisionMakers({ ok, auth });
const maker = await procurementMakers({ ok, auth });

/** Sends as the clerk; returns the response. */
const send = (method, path, body) => request(url, method, path, { auth: clerk, body });

/** A request refused with status and code (on field, by rule, when given), writing nothing. */
async function refusal(status, code, method, path, body, field, rule) {
    const before = await eventCount(url);
    const res = await send(method, path, body);
    assert.equal(res.status, status, `${method} ${path}: ${res.text}`);
    assert.equal(res.body.error.code, code, res.text);
    assert.ok(res.body.error.message.length > 0, res.text);
    if (field !== undefined) {
        assert.equal(res.body.error.field, field, res.text);
    }
    if (rule !== undefined) {
        assert.equal(res.body.error.rule, rule, res.text);
    }
    assert.equal(await eventCount(url), before, `${path}: nothing written`);
    return res;
}

/** A request the procedure or a rule refuses (409, its rule). */
const refused = (method, path, body, rule, field) => refusal(409, 'conflict', method, path, body, field, rule);
/** A request refused as invalid (422 on field). */
const invalid = (method, path, body, field) => refusal(422, 'invalid', method, path, body, field);

/** The log's record at seq, as the public reads it. */
async function record(seq) {
    return (await request(url, 'GET', `/events?offset=${seq}&limit=1`)).body.items[0];
}

const project = (body) => ({ title: unique('村道修缮工程'), kind: 'works', ...body });

describe('the method an amount requires', () => {
    test('works of 600,000 yuan go to an open tender', async () => {
        const matter = await maker.matter();
        await refused('POST', '/townships/diankou/projects', project({ matter_id: matter, method: 'negotiation', amount_fen: 60000000 }), 'tender.required', 'method');
        const before = await eventCount(url);
        const res = await send('POST', '/townships/diankou/projects', project({ matter_id: matter, method: 'open_tender', amount_fen: 60000000 }));
        assert.equal(res.status, 201, res.text);
        await expectOneWrite(url, before, 'a project');
        assert.equal(res.body.event.type, 'project.created');
        assert.equal(res.body.item.status, 'registered');
        assert.ok(Number.isInteger(res.body.item.rulebook.version), 'the rulebook in force is named');
        assert.equal(res.body.item.verdicts, null);
    });

    test('goods of 50,000 yuan are bought competitively; below, directly', async () => {
        const matter = await maker.matter();
        const goods = { matter_id: matter, title: '办公桌椅', kind: 'goods' };
        const res = await refused('POST', '/townships/diankou/projects', { ...goods, method: 'direct', amount_fen: 5000000 }, 'procurement.competition_required', 'method');
        assert.match(res.body.error.message, /50,000\.00/);
        await refused('POST', '/townships/diankou/projects', { ...goods, method: 'single_source', amount_fen: 5000000 }, 'procurement.competition_required', 'method');
        assert.equal((await send('POST', '/townships/diankou/projects', { ...goods, method: 'direct', amount_fen: 4999900 })).status, 201);
        assert.equal((await send('POST', '/townships/diankou/projects', { ...goods, method: 'negotiation', amount_fen: 5000000 })).status, 201);
    });

    test('a project starts from a matter of its own township', async () => {
        await invalid('POST', '/townships/diankou/projects', project({ matter_id: 999999, method: 'open_tender', amount_fen: 60000000 }), 'matter_id');
        const zhibuMatter = (await ok('GET', '/townships/zhibu/matters')).items[0]?.id;
        if (zhibuMatter !== undefined) {
            await invalid('POST', '/townships/diankou/projects', project({ matter_id: zhibuMatter, method: 'open_tender', amount_fen: 60000000 }), 'matter_id');
        }
        const res = await request(url, 'POST', '/townships/diankou/projects', {
            auth: otherClerk,
            body: project({ matter_id: await maker.matter(), method: 'open_tender', amount_fen: 60000000 }),
        });
        expectError(res, 403, 'forbidden');
    });
});

describe('the pre-control steps, in order', () => {
    let id;

    test('no tender and no price before the design', async () => {
        id = await maker.project();
        await refused('POST', `/projects/${id}/tender`, { submission_deadline: inDays(21) }, 'procedure.design_first');
        await refused('POST', `/projects/${id}/control_price`, { control_price_fen: 58000000, reviewed_by: '造价公司', reviewed_on: '2026-03-05' }, 'procedure.design_first');
        await refused('POST', `/projects/${id}/bids`, { bidder_id: await maker.bidder(), price_fen: 1 }, 'procedure.design_first');
    });

    test('the design is approved once', async () => {
        const res = await send('POST', `/projects/${id}/design`, { approved_by: '镇建设办', approved_on: '2026-03-01' });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.item.status, 'design_approved');
        assert.equal(res.body.item.design_approved_by, '镇建设办');
        await refused('POST', `/projects/${id}/design`, { approved_by: '镇建设办', approved_on: '2026-03-02' }, 'procedure.step_done');
        await refused('POST', `/projects/${id}/tender`, { submission_deadline: inDays(21) }, 'procedure.control_price_first');
    });

    test('the control price is reviewed after the design, and decides the method again', async () => {
        await invalid('POST', `/projects/${id}/control_price`, { control_price_fen: 58000000, reviewed_by: '造价公司', reviewed_on: '2026-02-28' }, 'reviewed_on');
        const negotiated = await maker.project({ steps: ['design'], method: 'negotiation', amount: 40000000 });
        await refused('POST', `/projects/${negotiated}/control_price`, { control_price_fen: 52000000, reviewed_by: '造价公司', reviewed_on: '2026-03-05' }, 'tender.required', 'method');
        const res = await send('POST', `/projects/${id}/control_price`, { control_price_fen: 58000000, reviewed_by: '诸暨造价咨询公司', reviewed_on: '2026-03-05' });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.item.status, 'price_reviewed');
        assert.equal(res.body.item.control_price_fen, 58000000);
    });

    test('the tender gives bidders the least period the method needs', async () => {
        await refused('POST', `/projects/${id}/tender`, { submission_deadline: inDays(10) }, 'procurement.submission_period', 'submission_deadline');
        await invalid('POST', `/projects/${id}/tender`, { submission_deadline: inDays(21), opening_at: inDays(20) }, 'opening_at');
        await invalid('POST', `/projects/${id}/tender`, { submission_deadline: 'next Friday' }, 'submission_deadline');
        const res = await send('POST', `/projects/${id}/tender`, { submission_deadline: inDays(21) });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.item.status, 'tendering');
        assert.equal(res.body.item.opening_at, res.body.item.submission_deadline, 'the bids open when they are due');
        await refused('POST', `/projects/${id}/tender`, { submission_deadline: inDays(30) }, 'procedure.step_done');
    });

    test('a direct purchase has no tender', async () => {
        const direct = await maker.project({ steps: ['design', 'price'], method: 'direct', amount: 5000000 });
        await refused('POST', `/projects/${direct}/tender`, { submission_deadline: inDays(1) }, 'procedure.no_tender', 'method');
    });
});

describe('the steps a project page offers', () => {
    const steps = async (id, who = clerk) => {
        const res = await request(url, 'GET', `/projects/${id}`, { auth: who });
        assert.equal(res.status, 200, res.text);
        return { next: res.body.next.map((s) => s.action), blocked: Object.fromEntries(res.body.blocked.map((b) => [b.action, b.rule])), body: res.body };
    };

    test('each status offers its next step at its path, and names the first step missing', async () => {
        const id = await maker.project();
        let s = await steps(id);
        assert.deepEqual(s.next, ['design']);
        assert.deepEqual(s.blocked, { control_price: 'procedure.design_first' });
        assert.equal(s.body.next[0].path, `/api/v1/projects/${id}/design`);
        assert.match(s.body.blocked[0].message, /设计/);
        await ok('POST', s.body.next[0].path, { approved_by: '镇建设办', approved_on: '2026-03-01' }, 200, clerk);
        s = await steps(id);
        assert.deepEqual(s.next, ['control_price']);
        assert.deepEqual(s.blocked, { tender: 'procedure.control_price_first' });

        const direct = await maker.project({ steps: ['design', 'price'], method: 'direct', amount: 5000000 });
        s = await steps(direct);
        assert.deepEqual(s.next, ['contract'], 'a direct purchase goes to its contract');
        assert.deepEqual(s.blocked, {});
    });

    test('bids until the deadline, the opening from its time, by the server\'s clock', async () => {
        const [closed] = await maker.closedTenders(1, 1);
        const open = await maker.project({ steps: ['design', 'price', 'tender'], method: 'single_source', amount: 5000000, deadline: inDays(1) });
        let s = await steps(open);
        assert.deepEqual(s.next, ['bid']);
        assert.deepEqual(s.blocked, { opening: 'procurement.opening_early' });
        s = await steps(closed);
        assert.deepEqual(s.next, ['opening']);
        assert.deepEqual(s.blocked, { bid: 'procurement.late_bid' });
        await ok('POST', s.body.next[0].path, {}, 200, clerk);
        s = await steps(closed);
        assert.deepEqual(s.next, ['panel']);
        assert.deepEqual(s.blocked, { evaluation: 'procedure.panel_first' });
    });

    test('after the contract: acceptance and change orders; a settled project offers nothing', async () => {
        const { id } = await maker.advanced('contracted');
        let s = await steps(id);
        assert.deepEqual(s.next, ['acceptance', 'change_order']);
        assert.deepEqual(s.blocked, { settlement: 'procedure.acceptance_first' });
        await ok('POST', `/projects/${id}/acceptance`, { accepted_on: shanghaiDay(0), inspectors: ['周建军'], result: 'passed' }, 200);
        await ok('POST', `/projects/${id}/settlement`, { amount_fen: 4800000, audited_by: '诸暨市审计局', settled_on: shanghaiDay(0) }, 200);
        s = await steps(id);
        assert.deepEqual(s.next, []);
        assert.deepEqual(s.blocked, { '*': 'procedure.settled' });
    });

    test('a reader sees only the steps their role may take; the public none', async () => {
        const id = await maker.project();
        assert.deepEqual((await steps(id, auth.member)).next, [], 'a member takes no procurement step');
        assert.deepEqual((await steps(id, discipline)).blocked, { control_price: 'procedure.design_first' });
        const res = await request(url, 'GET', `/projects/${id}`);
        assert.deepEqual([res.body.next, res.body.blocked], [[], []]);
        const matter = await ok('GET', `/matters/${res.body.matter_id}`);
        assert.equal(res.body.matter_title, matter.title, 'the matter named by its title');
    });
});

describe('the resolution behind a tender', () => {
    test('a major project is tendered only once its resolution passed, and within its amount', async () => {
        const matter = await make.matter('major_project', 150000000);
        const id = await maker.project({ steps: ['design'], matter, amount: 150000000 });
        await ok('POST', `/projects/${id}/control_price`, { control_price_fen: 160000000, reviewed_by: '造价公司', reviewed_on: '2026-03-05' }, 200);
        const res = await refused('POST', `/projects/${id}/tender`, { submission_deadline: inDays(21) }, 'procurement.resolution_required', 'matter_id');
        assert.match(res.body.error.message, /集体决策|collective decision/);

        // Its resolution, for 1,500,000 yuan: the control price of 1,600,000 exceeds it.
        const passed = await make.passedItem({ category: 'major_project', amount: 150000000 });
        const authorised = await maker.project({ steps: ['design'], matter: passed.matter, amount: 150000000 });
        await ok('POST', `/projects/${authorised}/control_price`, { control_price_fen: 160000000, reviewed_by: '造价公司', reviewed_on: '2026-03-05' }, 200);
        await refused('POST', `/projects/${authorised}/tender`, { submission_deadline: inDays(21) }, 'procurement.resolution_amount', 'control_price_fen');

        const within = await maker.project({ steps: ['design', 'price'], matter: passed.matter, amount: 140000000 });
        const tendered = await send('POST', `/projects/${within}/tender`, { submission_deadline: inDays(21) });
        assert.equal(tendered.status, 200, tendered.text);
        assert.equal(tendered.body.item.resolution_id, passed.id, 'the resolution is named on the project');
    });
});

describe('bidders', () => {
    test('a bidder is registered by a credit code that checks, once per township', async () => {
        const bidder = { name: '诸暨市路桥建设有限公司', legal_representative: '陈志强', phone: '0575-87012345', bank_account: '6222021208000123456' };
        const bad = await invalid('POST', '/townships/diankou/bidders', { ...bidder, registration_no: '91350100M000100Y44' }, 'registration_no');
        assert.match(bad.body.error.message, /校验位|check/);
        await invalid('POST', '/townships/diankou/bidders', { ...bidder, registration_no: '91350100M000100Y4' }, 'registration_no');
        await invalid('POST', '/townships/diankou/bidders', { ...bidder, registration_no: '91350100M0001O0Y43' }, 'registration_no');
        const code = creditCode();
        const res = await send('POST', '/townships/diankou/bidders', { ...bidder, registration_no: code });
        assert.equal(res.status, 201, res.text);
        const leaf = (await record(res.body.event.seq)).payload;
        assert.equal(leaf.name, bidder.name);
        assert.equal(leaf.registration_no, code);
        assert.equal(leaf.phone, undefined, 'the phone is no public leaf');
        assert.ok(!JSON.stringify(leaf).includes('6222021208000123456'), 'nor the bank account');
        const again = await send('POST', '/townships/diankou/bidders', { ...bidder, name: '另一家公司', registration_no: code });
        expectError(again, 409, 'conflict', 'registration_no');
        assert.match(again.body.error.message, /诸暨市路桥建设有限公司/);

        const listed = (await request(url, 'GET', '/townships/diankou/bidders?limit=200')).body.items.find((b) => b.registration_no === code);
        assert.equal(listed.name, bidder.name);
        assert.equal(listed.bank_account, null, 'the public sees no account');
        const staff = (await request(url, 'GET', '/townships/diankou/bidders?limit=200', { auth: clerk })).body.items.find((b) => b.registration_no === code);
        assert.equal(staff.bank_account, bidder.bank_account);
    });
});

describe('sealed bids', () => {
    let id;
    let bidSeq;
    let bidder;
    const PRICE = 56789012;

    test('a bid is received only on a tender, from a bidder of the township, once', async () => {
        id = await maker.project({ steps: ['design', 'price', 'tender'] });
        bidder = await maker.bidder('诸暨市永安建筑工程有限公司');
        await invalid('POST', `/projects/${id}/bids`, { bidder_id: 999999, price_fen: PRICE }, 'bidder_id');
        const before = await eventCount(url);
        const res = await send('POST', `/projects/${id}/bids`, { bidder_id: bidder, price_fen: PRICE, summary: '工期 90 天' });
        assert.equal(res.status, 201, res.text);
        await expectOneWrite(url, before, 'a bid');
        bidSeq = res.body.event.seq;
        assert.deepEqual(Object.keys(res.body.item).sort(), ['id', 'project_id', 'recorded_by', 'submitted_at', 'township_id'], 'a receipt, not the bid');
        await refused('POST', `/projects/${id}/bids`, { bidder_id: bidder, price_fen: PRICE - 1 }, 'procedure.bid_duplicate', 'bidder_id');
    });

    test('before the opening nobody reads it: not the API, not the log, not the server log', async () => {
        const leaf = await record(bidSeq);
        assert.equal(leaf.type, 'bid.created');
        assert.ok(leaf.payload.sealed_digest);
        const text = JSON.stringify(leaf);
        for (const secret of [String(PRICE), '工期', `"bidder_id"`, `"project_id"`]) {
            assert.ok(!text.includes(secret), `the leaf shows nothing of ${secret}`);
        }
        for (const who of [clerk, secretary, discipline, admin, null]) {
            const seen = await request(url, 'GET', `/projects/${id}`, { auth: who });
            assert.equal(seen.status, 200, seen.text);
            assert.equal(seen.body.bids, null);
            assert.ok(!seen.text.includes(String(PRICE)));
            const part = await request(url, 'GET', `/events/${bidSeq}/sealed`, { auth: who });
            assert.ok([401, 403].includes(part.status), `the sealed part is nobody's yet: ${part.status}`);
        }
        assert.equal((await request(url, 'GET', `/projects/${id}`, { auth: clerk })).body.bids_received, 1, 'the staff know how many came in');
        assert.equal((await request(url, 'GET', `/projects/${id}`)).body.bids_received, null, 'the public does not');
        const early = await request(url, 'POST', `/events/${bidSeq}/publish`, { auth: secretary, body: {} });
        expectError(early, 403, 'forbidden');
        assert.ok(!srv.stderr().includes(String(PRICE)), 'the server log shows no price');
        await refused('POST', `/projects/${id}/opening`, {}, 'procurement.opening_early', 'opening_at');
    });

    test('after the deadline no bid is received; the opening publishes every bid', async () => {
        const due = new Date(Date.now() + 1500).toISOString();
        const closing = await maker.project({ steps: ['design', 'price', 'tender'], method: 'single_source', amount: 5000000, deadline: due });
        const first = await maker.bidder('诸暨市东方建材有限公司');
        const second = await maker.bidder('诸暨市西山建材有限公司');
        const bid = await send('POST', `/projects/${closing}/bids`, { bidder_id: first, price_fen: 4800000 });
        assert.equal(bid.status, 201, bid.text);
        await sleep(Date.parse(due) - Date.now() + 100);
        const late = await refused('POST', `/projects/${closing}/bids`, { bidder_id: second, price_fen: 4700000 }, 'procurement.late_bid', 'submitted_at');
        assert.match(late.body.error.message, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

        const before = await eventCount(url);
        const opened = await send('POST', `/projects/${closing}/opening`, {});
        assert.equal(opened.status, 200, opened.text);
        await expectOneWrite(url, before, 'the opening');
        assert.equal(opened.body.item.status, 'opened');
        const publication = await record(before + 1);
        assert.equal(publication.type, 'publication.created');
        assert.equal(publication.payload.parts[0].id, bid.body.event.seq);
        assert.equal(publication.payload.parts[0].content.price_fen, 4800000);

        const seen = (await request(url, 'GET', `/projects/${closing}`)).body;
        assert.equal(seen.bids_received, 1);
        assert.deepEqual(seen.bids.map((b) => [b.bidder_name, b.price_fen]), [['诸暨市东方建材有限公司', 4800000]]);
        const part = await request(url, 'GET', `/events/${bid.body.event.seq}/sealed`, { auth: discipline });
        assert.equal(part.status, 200, part.text);
        assert.equal(part.body.content.bidder_id, first);
        await refused('POST', `/projects/${closing}/opening`, {}, 'procedure.bids_opened');
        await refused('POST', `/projects/${closing}/bids`, { bidder_id: second, price_fen: 4700000 }, 'procedure.bids_opened');
    });
});

describe('the panel, its review and the award', () => {
    let project;
    let bids;
    let panel;
    const today = shanghaiDay(0);

    test('the panel is formed once the bids are open, from the register, nobody related to a bidder', async () => {
        const early = await maker.project({ steps: ['design', 'price', 'tender'] });
        await refused('POST', `/projects/${early}/panel`, { size: 5 }, 'procedure.opening_first');
        project = await maker.opened();
        bids = (await ok('GET', `/projects/${project}`)).bids;
        assert.equal(bids.length, 2);
        const evaluators = await maker.evaluators();
        // A bidder that declared one of the register related to it.
        const related = (await ok('POST', '/townships/diankou/evaluators', { name: '郑国强', employer: '诸暨市交通设计院', specialty: '道路工程' })).item.id;
        await invalid('POST', `/projects/${project}/panel`, { size: 4 }, 'size');
        await invalid('POST', `/projects/${project}/panel`, { evaluator_ids: [evaluators[0], evaluators[0], evaluators[1]] }, 'evaluator_ids');
        await invalid('POST', `/projects/${project}/panel`, { size: 3, evaluator_ids: evaluators }, 'size');
        const relatedBid = bids[0];
        const bidder = (await request(url, 'GET', '/townships/diankou/bidders?limit=200', { auth: clerk })).body.items.find((b) => b.name === relatedBid.bidder_name);
        assert.equal((await send('PATCH', `/bidders/${bidder.id}`, { relations: ['郑国强'] })).status, 200);
        const res = await refused('POST', `/projects/${project}/panel`, { evaluator_ids: [evaluators[0], evaluators[1], related] }, 'procurement.evaluator_related', 'evaluator_ids');
        assert.match(res.body.error.message, /郑国强/);
        // Drawn: the related one is never drawn, and the seed redraws the same panel.
        const drawn = await send('POST', `/projects/${project}/panel`, { size: 3, seed: 'draw-2026-06-01' });
        assert.equal(drawn.status, 200, drawn.text);
        panel = drawn.body.item.panel;
        assert.equal(panel.length, 3);
        assert.ok(!panel.some((m) => m.evaluator_id === related), 'the related evaluator is left out');
        assert.equal(drawn.body.item.panel_seed, 'draw-2026-06-01');
        await refused('POST', `/projects/${project}/panel`, { size: 3 }, 'procedure.panel_formed');
    });

    test('until the award the panel is secret: sealed in the log, hidden from the public', async () => {
        const seen = (await request(url, 'GET', `/projects/${project}`)).body;
        assert.equal(seen.panel, null);
        assert.equal(seen.panel_seed, null);
        const staff = (await request(url, 'GET', `/projects/${project}`, { auth: clerk })).body;
        assert.equal(staff.panel.length, 3);
        const events = (await request(url, 'GET', `/events?offset=${(await eventCount(url)) - 1}&limit=1`)).body.items;
        assert.equal(events[0].type, 'project.updated');
        assert.ok(events[0].payload.sealed_digest, 'the panel is a sealed part');
        assert.ok(!JSON.stringify(events[0]).includes(panel[0].name), 'no evaluator named in the leaf');
    });

    test('the review needs every score, weights adding up to 100; the ranking follows', async () => {
        const criteria = [
            { name: '报价', weight: 60 },
            { name: '技术', weight: 40 },
        ];
        const score = (bid, m, criterion, n) => ({ bid_id: bid.id, evaluator_id: m.evaluator_id, criterion, score: n });
        const scores = [];
        for (const m of panel) {
            scores.push(score(bids[0], m, '报价', 80), score(bids[0], m, '技术', 90));
            scores.push(score(bids[1], m, '报价', 95), score(bids[1], m, '技术', 70));
        }
        await invalid('POST', `/projects/${project}/evaluation`, { criteria: [{ name: '报价', weight: 60 }, { name: '技术', weight: 30 }], scores }, 'criteria');
        const missing = await invalid('POST', `/projects/${project}/evaluation`, { criteria, scores: scores.slice(1) }, 'scores');
        assert.match(missing.body.error.message, new RegExp(panel[0].name));
        await invalid('POST', `/projects/${project}/evaluation`, { criteria, scores: [...scores, scores[0]] }, 'scores');
        await invalid('POST', `/projects/${project}/evaluation`, { criteria, scores: [...scores, { ...scores[0], evaluator_id: 999999 }] }, 'scores');
        await refused('POST', `/projects/${project}/award`, { bid_id: bids[0].id, awarded_on: today }, 'procedure.evaluation_first');
        const res = await send('POST', `/projects/${project}/evaluation`, { criteria, scores });
        assert.equal(res.status, 200, res.text);
        // bids[0]: 0.6 × 80 + 0.4 × 90 = 84.00; bids[1]: 0.6 × 95 + 0.4 × 70 = 85.00.
        const ranking = res.body.item.bid_review.ranking;
        assert.deepEqual(ranking.map((r) => [r.bid_id, r.total_hundredths, r.rank]), [
            [bids[1].id, 8500, 1],
            [bids[0].id, 8400, 2],
        ]);
    });

    test('the award goes to the first-ranked bid, and publishes the panel', async () => {
        const second = await refused('POST', `/projects/${project}/award`, { bid_id: bids[0].id, awarded_on: today }, 'procurement.award_not_first', 'bid_id');
        assert.match(second.body.error.message, new RegExp(bids[1].bidder_name));
        await invalid('POST', `/projects/${project}/award`, { bid_id: 999999, awarded_on: today }, 'bid_id');
        const before = await eventCount(url);
        const res = await send('POST', `/projects/${project}/award`, { bid_id: bids[1].id, awarded_on: today });
        assert.equal(res.status, 200, res.text);
        await expectOneWrite(url, before, 'the award');
        assert.equal(res.body.item.status, 'awarded');
        assert.equal((await record(before + 1)).type, 'publication.created', 'the panel and the review are published');
        const seen = (await request(url, 'GET', `/projects/${project}`)).body;
        assert.equal(seen.panel.length, 3, 'the public sees the panel now');
        assert.equal(seen.supplier_name, bids[1].bidder_name);
    });

    test('a disqualified bid never wins', async () => {
        const { id, bids: two } = await maker.advanced('panel');
        const members = (await ok('GET', `/projects/${id}`)).panel;
        const scores = members.map((m) => ({ bid_id: two[1].id, evaluator_id: m.evaluator_id, criterion: '报价', score: 70 }));
        const body = { criteria: [{ name: '报价', weight: 100 }], scores, disqualified: [{ bid_id: two[0].id, reason: '未按要求提交投标保证金' }] };
        assert.equal((await send('POST', `/projects/${id}/evaluation`, body)).status, 200);
        await refused('POST', `/projects/${id}/award`, { bid_id: two[0].id, awarded_on: today }, 'procurement.award_disqualified', 'bid_id');
    });
});

describe('the contract to the settlement', () => {
    const today = shanghaiDay(0);

    test('the contract is signed after the award, at the winning price', async () => {
        const { id, bids } = await maker.advanced('awarded');
        const price = bids[0].price_fen;
        await refused('POST', `/projects/${id}/acceptance`, { accepted_on: today, inspectors: ['周建军'], result: 'passed' }, 'procedure.contract_first');
        await refused('POST', `/projects/${id}/contract`, { price_fen: price, signed_on: shanghaiDay(-1), starts_on: today, ends_on: shanghaiDay(90) }, 'procurement.contract_before_award', 'signed_on');
        await refused('POST', `/projects/${id}/contract`, { price_fen: price + 100000, signed_on: today, starts_on: today, ends_on: shanghaiDay(90) }, 'procurement.contract_price', 'price_fen');
        await invalid('POST', `/projects/${id}/contract`, { price_fen: price, signed_on: today, starts_on: today, ends_on: shanghaiDay(-1) }, 'ends_on');
        const res = await send('POST', `/projects/${id}/contract`, { price_fen: price, signed_on: today, starts_on: today, ends_on: shanghaiDay(90) });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.item.status, 'contracted');
    });

    test('change orders, a failed then a passed acceptance, the settlement; the figures follow', async () => {
        const { id, bids } = await maker.advanced('contracted');
        const contract = bids[0].price_fen;
        await invalid('POST', `/projects/${id}/change_orders`, { delta_fen: 0, reason: '无', approved_by: '镇建设办', approved_on: today }, 'delta_fen');
        await invalid('POST', `/projects/${id}/change_orders`, { delta_fen: 50000, reason: '增加排水沟', approved_by: '镇建设办', approved_on: shanghaiDay(-1) }, 'approved_on');
        const change = await send('POST', `/projects/${id}/change_orders`, { delta_fen: 98000, reason: '增加排水沟', approved_by: '镇建设办', approved_on: today });
        assert.equal(change.status, 201, change.text);
        assert.equal(change.body.event.type, 'change_order.created');
        await refused('POST', `/projects/${id}/settlement`, { amount_fen: contract, settled_on: today, audited_by: '诸暨市审计事务所' }, 'procedure.acceptance_first');
        const failed = await send('POST', `/projects/${id}/acceptance`, { accepted_on: today, inspectors: ['周建军', '吴晓燕'], result: 'failed', note: '路面平整度不达标' });
        assert.equal(failed.status, 200, failed.text);
        assert.equal(failed.body.item.status, 'contracted', 'a failed acceptance leaves the project to be accepted');
        assert.equal(failed.body.item.acceptance.note, '路面平整度不达标');
        const passed = await send('POST', `/projects/${id}/acceptance`, { accepted_on: today, inspectors: ['周建军', '吴晓燕'], result: 'passed' });
        assert.equal(passed.body.item.status, 'accepted');
        await refused('POST', `/projects/${id}/acceptance`, { accepted_on: today, inspectors: ['周建军'], result: 'passed' }, 'procedure.step_done');
        const settled = await send('POST', `/projects/${id}/settlement`, { amount_fen: contract + 98000, settled_on: today, audited_by: '诸暨市审计事务所' });
        assert.equal(settled.status, 200, settled.text);
        await refused('POST', `/projects/${id}/change_orders`, { delta_fen: 1000, reason: '补充', approved_by: '镇建设办', approved_on: today }, 'procedure.settled');
        const seen = (await request(url, 'GET', `/projects/${id}`)).body;
        // Control price 50,000 yuan, contract 48,000 (the lower bid): 4% saved;
        // changes of 980 yuan: 2.04% of the contract; settled at contract + changes.
        assert.equal(seen.control_price_fen, 5000000);
        assert.equal(contract, 4800000);
        assert.deepEqual(seen.figures, { changes_fen: 98000, saving_permille: 40, change_permille: 20, overrun_permille: 20 });
        assert.equal(seen.change_orders.length, 1);
    });

    test('a direct purchase names its supplier at the contract', async () => {
        const id = await maker.project({ steps: ['design', 'price'], method: 'direct', amount: 3000000 });
        const supplier = await maker.bidder('诸暨市文具商店');
        await invalid('POST', `/projects/${id}/contract`, { price_fen: 2900000, signed_on: today, starts_on: today, ends_on: today }, 'supplier_id');
        const res = await send('POST', `/projects/${id}/contract`, { price_fen: 2900000, signed_on: today, starts_on: today, ends_on: today, supplier_id: supplier });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.item.supplier_id, supplier);
    });
});

describe('the township\'s savings by year', () => {
    test('the sums and shares are those of the contracted projects, also as CSV and XLSX', async () => {
        const contracted = [];
        for (let offset = 0; ; offset += 200) {
            const page = (await ok('GET', `/townships/diankou/projects?limit=200&offset=${offset}`)).items;
            for (const p of page.filter((p) => ['contracted', 'accepted', 'settled'].includes(p.status))) {
                contracted.push((await ok('GET', `/projects/${p.id}`)));
            }
            if (page.length < 200) {
                break;
            }
        }
        assert.ok(contracted.length >= 2, 'the tests above signed contracts');
        const sum = (f) => contracted.reduce((n, p) => n + f(p), 0);
        const settled = contracted.filter((p) => p.settlement_fen !== null);
        const want = {
            projects: contracted.length,
            control_fen: sum((p) => p.control_price_fen),
            contract_fen: sum((p) => p.contract_price_fen),
            changes_fen: sum((p) => p.figures.changes_fen),
            settled: settled.length,
            settlement_fen: settled.reduce((n, p) => n + p.settlement_fen, 0),
        };
        const permille = (part, whole) => Math.sign(part) * Math.round((Math.abs(part) * 1000) / whole);
        const answer = (await ok('GET', '/townships/diankou/savings'));
        const year = answer.years.find((y) => y.year === shanghaiDay(0).slice(0, 4));
        for (const [key, value] of Object.entries(want)) {
            assert.equal(year[key], value, key);
        }
        assert.equal(year.saving_permille, permille(want.control_fen - want.contract_fen, want.control_fen));
        assert.equal(year.change_permille, permille(want.changes_fen, want.contract_fen));
        const settledContracts = settled.reduce((n, p) => n + p.contract_price_fen, 0);
        assert.equal(year.overrun_permille, permille(want.settlement_fen - settledContracts, settledContracts));

        const csv = await fetch(`${url}/api/v1/townships/diankou/savings?format=csv`);
        assert.equal(csv.status, 200);
        const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
        assert.equal(lines[0].split(',')[2], '控制价合计（元）');
        const yuan = (fen) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        assert.equal(lines.find((l) => l.startsWith(year.year)).split(',')[2], yuan(year.control_fen), 'amounts in yuan');

        const xlsx = await fetch(`${url}/api/v1/townships/diankou/savings?format=xlsx`, { headers: { 'Accept-Language': 'en' } });
        const book = readXlsx(Buffer.from(await xlsx.arrayBuffer()));
        assert.equal(book.rows[0][2], 'Control prices (yuan)');
        const row = book.rows.findIndex((r) => r[0] === year.year);
        assert.ok(Math.abs(book.rows[row][2] - year.control_fen / 100) < 1e-9);
        assert.equal(book.formats[row][2], '#,##0.00');
        assert.equal(book.rows.at(-1)[0], 'Total');
    });
});
