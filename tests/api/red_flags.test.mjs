// The red flags of works and purchases (docs/red-flags.md), through the
// API: each raised by the step that completes its evidence where its sign
// is there, and not where it is not; kept from the public log and from
// the clerk's answers; waiting, named in the reader's language, in the
// discipline secretary's to-do list until reviewed, confirmed or
// dismissed with the reason, once.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { creditCode } from './lib/credit_code.mjs';
import { decisionMakers } from './lib/decision_fixtures.mjs';
import { procurementMakers } from './lib/procurement_fixtures.mjs';
import { eventCount, login, request, shanghaiDay, startServer, unique } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const clerk = await login(url, 'diankou.clerk');
const discipline = await login(url, 'diankou.discipline');
const auth = { admin, member: await login(url, 'diankou.member') };
const inDays = (d) => new Date(Date.now() + d * 86400e3).toISOString();
const today = shanghaiDay(0);

async function ok(method, path, body, status, who = admin) {
    const res = await request(url, method, path, { auth: who, body });
    assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${path}: ${res.text}`);
    return res.body;
}

const maker = await procurementMakers({ ok, auth });
const { make } = await decisionMakers({ ok, auth });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** n bidders of the township, new, by id. */
async function bidders(n) {
    const ids = [];
    for (let i = 0; i < n; i++) {
        const body = { name: unique('轮标公司'), registration_no: creditCode(), legal_representative: unique('法人') };
        ids.push((await ok('POST', '/townships/diankou/bidders', body)).item.id);
    }
    return ids;
}

/**
 * Projects for which the same group of bidders bid, one for each winner
 * (an index into group), each awarded today to that winner after a review
 * that ranks it first; prices well apart. Returns the project ids, in
 * the order of their awards.
 */
async function awardedTo(group, winners) {
    const due = new Date(Date.now() + 1500 + 200 * group.length * winners.length).toISOString();
    const projects = [];
    for (let p = 0; p < winners.length; p++) {
        const id = await maker.project({ steps: ['design', 'price', 'tender'], method: 'single_source', amount: 5000000, deadline: due });
        for (const [i, bidder] of group.entries()) {
            await ok('POST', `/projects/${id}/bids`, { bidder_id: bidder, price_fen: 4400000 + 250000 * i });
        }
        projects.push(id);
    }
    await sleep(Math.max(0, Date.parse(due) - Date.now() + 50));
    for (const [p, id] of projects.entries()) {
        await ok('POST', `/projects/${id}/opening`, {}, 200);
        const { bids } = await ok('GET', `/projects/${id}`);
        const winner = bids.find((b) => b.bidder_id === group[winners[p]]);
        await evaluate(id, bids, { scores: Object.fromEntries(bids.map((b) => [b.id, b.id === winner.id ? 95 : 80])) });
        await ok('POST', `/projects/${id}/award`, { bid_id: winner.id, awarded_on: today }, 200);
    }
    return projects;
}

/** A direct purchase of works for matter from supplier, contracted today at price. */
async function directPurchase(matter, supplier, price) {
    const id = await maker.project({ steps: ['design', 'price'], method: 'direct', amount: price, matter });
    const body = { supplier_id: supplier, price_fen: price, signed_on: today, starts_on: today, ends_on: shanghaiDay(30) };
    await ok('POST', `/projects/${id}/contract`, body, 200);
    return id;
}

/** The flag of project id named name, as the discipline secretary lists it. */
async function flagOf(id, name) {
    const items = (await ok('GET', '/townships/diankou/red_flags?limit=200', undefined, 200, discipline)).items;
    return items.find((f) => f.project_id === id && f.flag === name);
}

/** The flags of project id (their ids, sorted), as the discipline secretary lists them. */
async function flagsOf(id) {
    const items = (await ok('GET', '/townships/diankou/red_flags?limit=200', undefined, 200, discipline)).items;
    return items.filter((f) => f.project_id === id).map((f) => f.flag).sort();
}

/** The evaluation of an opened project by a panel of three: scores by bid id, all on the price. */
async function evaluate(id, bids, { scores, disqualified = [] }) {
    await ok('POST', `/projects/${id}/panel`, { evaluator_ids: await maker.evaluators() }, 200);
    const members = (await ok('GET', `/projects/${id}`)).panel;
    const given = [];
    for (const bid of bids.filter((b) => !disqualified.includes(b.id))) {
        for (const m of members) {
            given.push({ bid_id: bid.id, evaluator_id: m.evaluator_id, criterion: '报价', score: scores[bid.id] });
        }
    }
    const body = {
        criteria: [{ name: '报价', weight: 100, price: true }],
        scores: given,
        disqualified: disqualified.map((bid) => ({ bid_id: bid, reason: '资格审查不合格' })),
    };
    await ok('POST', `/projects/${id}/evaluation`, body, 200);
}

describe('raised where the sign is, not where it is not', () => {
    test('a short submission period', async () => {
        const short = await maker.project({ steps: ['design', 'price', 'tender'], deadline: inDays(22) });
        assert.deepEqual(await flagsOf(short), ['flag.short_period']);
        const usual = await maker.project({ steps: ['design', 'price', 'tender'], deadline: inDays(30) });
        assert.deepEqual(await flagsOf(usual), []);
    });

    test('a single bid; identical prices; prices unusually close', async () => {
        const single = await maker.openedWith({ bids: [{ price: 4800000 }] });
        assert.deepEqual(await flagsOf(single.id), ['flag.single_bidder']);
        const identical = await maker.openedWith({ bids: [{ price: 4800000 }, { price: 4800000 }] });
        assert.deepEqual(await flagsOf(identical.id), ['flag.identical_prices']);
        const close = await maker.openedWith({ bids: [{ price: 4800000 }, { price: 4820000 }, { price: 4840000 }] });
        assert.deepEqual(await flagsOf(close.id), ['flag.close_bids']);
        const apart = await maker.openedWith({ bids: [{ price: 4500000 }, { price: 4700000 }, { price: 4900000 }] });
        assert.deepEqual(await flagsOf(apart.id), []);
    });

    test('bidders sharing a phone, or a bank account', async () => {
        const phone = '0575-87123456';
        const shared = await maker.openedWith({
            bids: [{ price: 4500000, bidder: { phone } }, { price: 4900000, bidder: { phone } }],
        });
        assert.deepEqual(await flagsOf(shared.id), ['flag.shared_details']);
        const account = await maker.openedWith({
            bids: [
                { price: 4500000, bidder: { bank_account: '6222 0201 0000 1234' } },
                { price: 4900000, bidder: { bank_account: '6222 0201 0000 1234' } },
            ],
        });
        assert.deepEqual(await flagsOf(account.id), ['flag.shared_details']);
        const apart = await maker.openedWith({
            bids: [{ price: 4500000, bidder: { phone: '0575-87000001' } }, { price: 4900000, bidder: { phone: '0575-87000002' } }],
        });
        assert.deepEqual(await flagsOf(apart.id), []);
    });

    test('a winning bid close to the control price; the others all disqualified; the lowest disqualified on price', async () => {
        // The control price is 50,000 yuan: 49,800 is within 1%.
        const near = await maker.openedWith({ bids: [{ price: 4980000 }, { price: 4990000 }, { price: 4800000 }] });
        await evaluate(near.id, near.bids, {
            scores: Object.fromEntries(near.bids.map((b) => [b.id, b.price_fen === 4980000 ? 95 : 80])),
            disqualified: [near.bids.find((b) => b.price_fen === 4800000).id],
        });
        const winner = near.bids.find((b) => b.price_fen === 4980000);
        await ok('POST', `/projects/${near.id}/award`, { bid_id: winner.id, awarded_on: today }, 200);
        assert.deepEqual(await flagsOf(near.id), ['flag.lowest_disqualified', 'flag.near_control_price']);

        const alone = await maker.openedWith({ bids: [{ price: 4500000 }, { price: 4600000 }] });
        const [first, second] = alone.bids;
        await evaluate(alone.id, alone.bids, { scores: { [first.id]: 90 }, disqualified: [second.id] });
        await ok('POST', `/projects/${alone.id}/award`, { bid_id: first.id, awarded_on: today }, 200);
        assert.deepEqual(await flagsOf(alone.id), ['flag.all_but_winner_disqualified']);

        const fair = await maker.openedWith({ bids: [{ price: 4500000 }, { price: 4600000 }] });
        await evaluate(fair.id, fair.bids, { scores: { [fair.bids[0].id]: 90, [fair.bids[1].id]: 85 } });
        await ok('POST', `/projects/${fair.id}/award`, { bid_id: fair.bids[0].id, awarded_on: today }, 200);
        assert.deepEqual(await flagsOf(fair.id), []);
    });

    test('change orders over a tenth of the contract; a settlement over it by more than a tenth', async () => {
        const { id, bids } = await maker.advanced('contracted');
        const contract = bids[0].price_fen;
        const change = (delta) => ({ delta_fen: delta, reason: '设计变更', approved_by: '镇建设办', approved_on: today });
        await ok('POST', `/projects/${id}/change_orders`, change(contract / 10));
        assert.deepEqual(await flagsOf(id), [], 'a tenth exactly is within');
        await ok('POST', `/projects/${id}/change_orders`, change(10000));
        assert.deepEqual(await flagsOf(id), ['flag.change_share']);

        const within = await maker.advanced('accepted');
        const settle = (amount) => ({ amount_fen: amount, settled_on: today, audited_by: '诸暨市审计事务所' });
        await ok('POST', `/projects/${within.id}/settlement`, settle(within.bids[0].price_fen * 1.1), 200);
        assert.deepEqual(await flagsOf(within.id), []);
        const over = await maker.advanced('accepted');
        await ok('POST', `/projects/${over.id}/settlement`, settle(over.bids[0].price_fen * 1.2), 200);
        assert.deepEqual(await flagsOf(over.id), ['flag.settlement_overrun']);
    });
});

describe('across projects', () => {
    test('the same group of bidders taking turns to win', async () => {
        const group = await bidders(3);
        const [first, second, third] = await awardedTo(group, [0, 1, 2]);
        assert.deepEqual(await flagsOf(first), []);
        assert.deepEqual(await flagsOf(second), [], 'two projects are not yet a rotation');
        assert.deepEqual(await flagsOf(third), ['flag.rotating_winners']);
        const flag = await flagOf(third, 'flag.rotating_winners');
        assert.deepEqual([...flag.projects].sort(), [first, second].sort(), 'the other projects are its evidence');
        assert.equal(flag.figure, 3);
        assert.match(flag.message, /3 个项目/);

        const steady = await bidders(3);
        const won = await awardedTo(steady, [0, 0, 0]);
        assert.deepEqual(await flagsOf(won[2]), [], 'one winner throughout is no rotation');
        const other = await awardedTo([...group.slice(0, 2), (await bidders(1))[0]], [2]);
        assert.deepEqual(await flagsOf(other[0]), [], 'another group');
    });

    test('a purchase split into direct purchases each below the amount that needs competition', async () => {
        // Works need competition from 100,000 yuan; two of 60,000 yuan from one supplier, or for one matter.
        const [supplier, another, third] = await bidders(3);
        const first = await directPurchase(await make.matter('routine_affairs'), supplier, 6000000);
        const second = await directPurchase(await make.matter('routine_affairs'), supplier, 6000000);
        assert.deepEqual(await flagsOf(first), []);
        assert.deepEqual(await flagsOf(second), ['flag.split_purchase']);
        const flag = await flagOf(second, 'flag.split_purchase');
        assert.deepEqual(flag.projects, [first]);
        assert.equal(flag.figure, 120000);

        const matter = await make.matter('routine_affairs');
        await directPurchase(matter, another, 5500000);
        const sameMatter = await directPurchase(matter, third, 5000000);
        assert.deepEqual(await flagsOf(sameMatter), ['flag.split_purchase'], 'one matter, two suppliers');

        const [x, y] = await bidders(2);
        await directPurchase(await make.matter('routine_affairs'), x, 6000000);
        const apart = await directPurchase(await make.matter('routine_affairs'), y, 6000000);
        assert.deepEqual(await flagsOf(apart), [], 'another supplier, another matter');
        const small = await directPurchase(await make.matter('routine_affairs'), x, 3000000);
        assert.deepEqual(await flagsOf(small), [], 'together below the amount');
    });
});

describe('kept for the supervisors, and reviewed', () => {
    let flag;
    let project;

    test('the public log, the clerk and the public see nothing of a flag', async () => {
        const before = await eventCount(url);
        const single = await maker.openedWith({ bids: [{ price: 4800000 }] });
        project = single.id;
        const events = (await request(url, 'GET', `/events?offset=${before}&limit=200`)).body.items;
        for (const e of events) {
            assert.ok(!JSON.stringify(e.payload).includes('flag.'), `${e.type}: no flag in the leaf`);
        }
        assert.equal((await request(url, 'GET', '/townships/diankou/red_flags')).status, 401);
        assert.equal((await request(url, 'GET', '/townships/diankou/red_flags', { auth: clerk })).status, 403);
        const todo = (await request(url, 'GET', '/todo', { auth: discipline })).body;
        flag = todo.red_flags.find((f) => f.project_id === project);
        assert.ok(flag, 'the flag waits in the discipline secretary\'s to-do list');
        assert.equal(flag.flag, 'flag.single_bidder');
        assert.equal(flag.title, '只有一家投标', 'the flag named, in the reader\'s language');
        const inEnglish = (await request(url, 'GET', '/todo', { auth: discipline, headers: { 'Accept-Language': 'en' } })).body;
        assert.equal(inEnglish.red_flags.find((f) => f.id === flag.id).title, 'single bid received');
        assert.equal((await request(url, 'GET', '/todo', { auth: clerk })).body.red_flags, undefined);
        const listed = (await ok('GET', '/townships/diankou/red_flags?status=open&limit=200', undefined, 200, discipline)).items.find((f) => f.id === flag.id);
        assert.equal(listed.title, '只有一家投标');
        assert.match(listed.source, /Cardinal R018/);
        const en = (await request(url, 'GET', '/townships/diankou/red_flags?limit=200', { auth: discipline, headers: { 'Accept-Language': 'en' } })).body.items.find((f) => f.id === flag.id);
        assert.equal(en.title, 'single bid received');
    });

    test('the discipline secretary dismisses it with the reason, once; the clerk may not', async () => {
        const path = `/red_flags/${flag.id}/review`;
        assert.equal((await request(url, 'POST', path, { auth: clerk, body: { outcome: 'dismissed', reason: '无' } })).status, 403);
        assert.equal((await request(url, 'POST', path, { auth: discipline, body: { outcome: 'dismissed' } })).status, 422);
        const before = await eventCount(url);
        const res = await request(url, 'POST', path, { auth: discipline, body: { outcome: 'dismissed', reason: '经核实，该项目为单一来源采购，只有一家投标属正常' } });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.item.status, 'dismissed');
        assert.equal(await eventCount(url), before + 1);
        const leaf = (await request(url, 'GET', `/events?offset=${before}&limit=1`)).body.items[0];
        assert.equal(leaf.type, 'red_flag.updated');
        assert.ok(!JSON.stringify(leaf.payload).includes('单一来源'), 'the review is no public leaf either');
        const again = await request(url, 'POST', path, { auth: discipline, body: { outcome: 'confirmed', reason: '再次核查' } });
        assert.equal(again.status, 409);
        assert.equal(again.body.error.rule, 'procedure.flag_reviewed');
        const todo = (await request(url, 'GET', '/todo', { auth: discipline })).body;
        assert.ok(!todo.red_flags.some((f) => f.id === flag.id), 'reviewed, it leaves the to-do list');
    });
});

describe('an exception the rulebook allows', () => {
    test('a contract before the award, where the township allows it with a reason, is flagged', async () => {
        const { id, bids } = await maker.advanced('awarded');
        const early = { price_fen: bids[0].price_fen, signed_on: shanghaiDay(-1), starts_on: today, ends_on: shanghaiDay(90) };
        const refused = await request(url, 'POST', `/projects/${id}/contract`, { auth: admin, body: early });
        assert.equal(refused.status, 409, refused.text);
        assert.equal(refused.body.error.rule, 'procurement.contract_before_award');

        const history = (await ok('GET', '/rulebook?township=diankou')).history.filter((h) => h.township_id === 'diankou');
        const version = Math.max(0, ...history.map((h) => h.version)) + 1;
        const document = { version, township: 'diankou', actions: { 'procurement.contract_before_award': 'flag' } };
        assert.equal((await request(url, 'POST', '/rulebook', { auth: admin, body: { document } })).status, 201);
        await ok('POST', `/projects/${id}/contract`, { ...early, justification: '防汛抢险，先行签约施工' }, 200);
        assert.deepEqual(await flagsOf(id), ['flag.contract_early']);

        const { id: onTime, bids: theirs } = await maker.advanced('awarded');
        await ok('POST', `/projects/${onTime}/contract`, { price_fen: theirs[0].price_fen, signed_on: today, starts_on: today, ends_on: shanghaiDay(90) }, 200);
        assert.deepEqual(await flagsOf(onTime), []);
    });
});
