// Importing OCDS 1.1 release packages (docs/procurement.md, "Open data"):
// a project exported by one township comes back in another as the same
// project (its stage, figures, bids and bidders, its ocid kept, its
// bidders registered there); every stage's red flags are raised on the
// imported records; a package is refused whole, naming where in it what
// is wrong, and nothing of it is written; the same release is imported
// once; only the township's procurement staff import.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { creditCode } from './lib/credit_code.mjs';
import { decisionMakers } from './lib/decision_fixtures.mjs';
import { procurementMakers } from './lib/procurement_fixtures.mjs';
import { eventCount, login, request, shanghaiDay, startServer, unique } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const zhibuClerk = await login(url, 'zhibu.clerk');
const diankouClerk = await login(url, 'diankou.clerk');
const auth = { admin, member: await login(url, 'diankou.member') };
const today = shanghaiDay(0);

async function ok(method, path, body, status, who = admin) {
    const res = await request(url, method, path, { auth: who, body });
    assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${path}: ${res.text}`);
    return res.body;
}

const maker = await procurementMakers({ ok, auth });
const { make } = await decisionMakers({ ok, auth });

/** A routine matter of Zhibu, by id. */
async function zhibuMatter() {
    const people = (await ok('GET', '/townships/zhibu/people?limit=5')).items;
    return (await ok('POST', '/townships/zhibu/matters', { title: unique('导入事项'), category: 'routine_affairs', proposer_id: people[0].id })).item.id;
}

/** Sends package (an object, or bytes) to Zhibu's imports for matter. */
function send(matter, pkg, who = zhibuClerk) {
    const body = pkg instanceof Uint8Array || typeof pkg === 'string' ? pkg : JSON.stringify(pkg);
    return request(url, 'POST', `/townships/zhibu/ocds_imports?matter_id=${matter}`, {
        auth: who,
        body,
        headers: { 'Content-Type': 'application/octet-stream' },
    });
}

/** A package refused with status (and field), writing nothing. */
async function refused(matter, pkg, status, field, who) {
    const before = await eventCount(url);
    const res = await send(matter, pkg, who);
    assert.equal(res.status, status, res.text);
    if (field !== undefined) {
        assert.equal(res.body.error.field, field, res.text);
    }
    assert.ok(res.body.error.message.length > 0);
    assert.equal(await eventCount(url), before, 'nothing written');
    return res;
}

let settled; /* Diankou's settled project */
let pkg; /* its release package */
let matter; /* Zhibu's matter for imports */

before(async () => {
    const { id, bids } = await maker.advanced('accepted');
    await ok('POST', `/projects/${id}/settlement`, { amount_fen: bids[0].price_fen + 12345, settled_on: today, audited_by: '诸暨市审计局' }, 200);
    settled = await ok('GET', `/projects/${id}`);
    pkg = await ok('GET', `/projects/${id}/ocds`);
    matter = await zhibuMatter();
});

describe('a package exported comes back as the same project', () => {
    test('its stage, figures, bids and bidders, and its ocid', async () => {
        const res = await send(matter, pkg);
        assert.equal(res.status, 201, res.text);
        const [imported] = res.body.item.projects;
        assert.equal(imported.ocid, pkg.releases[0].ocid);
        const got = await ok('GET', `/projects/${imported.id}`);
        assert.equal(got.township_id, 'zhibu');
        assert.equal(got.matter_id, matter);
        for (const key of ['title', 'kind', 'method', 'status', 'amount_fen', 'control_price_fen', 'contract_price_fen', 'settlement_fen', 'awarded_on', 'contract_signed_on', 'settled_on', 'submission_deadline']) {
            assert.deepEqual(got[key], settled[key], key);
        }
        assert.deepEqual(got.figures, settled.figures);
        assert.deepEqual(got.bids.map((b) => [b.bidder_name, b.registration_no, b.price_fen]), settled.bids.map((b) => [b.bidder_name, b.registration_no, b.price_fen]));
        assert.equal(got.supplier_name, settled.supplier_name);
        const bidders = (await ok('GET', '/townships/zhibu/bidders?limit=200')).items;
        for (const b of settled.bids) {
            assert.ok(bidders.some((d) => d.registration_no === b.registration_no), 'its bidders are registered in Zhibu');
        }
        const again = await ok('GET', `/projects/${imported.id}/ocds`);
        assert.equal(again.releases[0].ocid, pkg.releases[0].ocid, 'the ocid it came with');
    });

    test('the same release is imported once', async () => {
        await refused(matter, pkg, 409, 'releases[0].ocid');
    });
});

/** A release of a tender of 50,000 yuan with bids by new bidders, as another platform publishes it. */
function release(ocid, { bids = [4800000], awardDate = today, signed = today, currency = 'CNY' } = {}) {
    const parties = bids.map((_, i) => ({
        id: `org-${i}`,
        name: unique('导入供应商'),
        identifier: { scheme: 'CN-USCC', id: creditCode() },
        details: { legalRepresentative: unique('法人') },
        roles: ['tenderer'],
    }));
    const at = (day) => `${day}T00:00:00+08:00`;
    return {
        ocid,
        id: `${ocid}-1`,
        date: at(today),
        tag: ['contract'],
        initiationType: 'tender',
        parties,
        planning: { budget: { amount: { amount: 50000, currency: 'CNY' } } },
        tender: {
            id: ocid,
            title: unique('导入的采购'),
            procurementMethod: 'limited',
            mainProcurementCategory: 'goods',
            value: { amount: 50000, currency },
            tenderPeriod: { startDate: at(shanghaiDay(-20)), endDate: at(shanghaiDay(-10)) },
        },
        bids: { details: bids.map((price, i) => ({ id: `b${i}`, tenderers: [{ id: `org-${i}` }], value: { amount: price / 100, currency: 'CNY' } })) },
        awards: [{ id: 'a1', status: 'active', date: at(awardDate), suppliers: [{ id: 'org-0' }] }],
        contracts: [{ id: 'c1', awardID: 'a1', value: { amount: bids[0] / 100, currency: 'CNY' }, dateSigned: at(signed), period: { startDate: at(signed), endDate: at(shanghaiDay(60)) } }],
    };
}

const packageOf = (...releases) => ({ uri: 'urn:test', version: '1.1', publishedDate: `${today}T00:00:00+08:00`, publisher: { name: '诸暨市公共资源交易中心' }, releases });

describe('the red flags of every stage', () => {
    test('a single bid; a contract signed before the award', async () => {
        const res = await send(matter, packageOf(release(unique('ocds-x-single')), release(unique('ocds-x-early'), { bids: [4700000, 4900000], awardDate: today, signed: shanghaiDay(-2) })));
        assert.equal(res.status, 201, res.text);
        const [single, early] = res.body.item.projects;
        assert.equal(single.status, 'contracted');
        assert.equal(res.body.item.projects[0].red_flags, undefined, 'the clerk\'s answer shows no flag');
        const flags = (await ok('GET', '/townships/zhibu/red_flags?limit=200', undefined, 200, admin)).items;
        const of = (id) => flags.filter((f) => f.project_id === id).map((f) => f.flag).sort();
        assert.deepEqual(of(single.id), ['flag.single_bidder']);
        assert.deepEqual(of(early.id), ['flag.contract_early']);
    });
});

describe('refused whole, naming where, writing nothing', () => {
    test('what is not a package, or not as probity keeps it', async () => {
        await refused(matter, 'not json at all', 415);
        await refused(matter, { ...packageOf(release(unique('o'))), version: '1.0' }, 422, 'version');
        await refused(matter, packageOf(), 422, 'releases');
        await refused(matter, packageOf(release(unique('o'), { currency: 'USD' })), 422, 'releases[0].tender.value.currency');
        const badCode = release(unique('o'));
        badCode.parties[0].identifier.id = '91330681MA2BCDEF1X';
        await refused(matter, packageOf(badCode), 422, 'releases[0].parties[0].identifier.id');
        const noParty = release(unique('o'));
        noParty.bids.details[0].tenderers[0].id = 'nobody';
        await refused(matter, packageOf(noParty), 422, 'releases[0].bids.details[0].tenderers[0].id');
        const noLegal = release(unique('o'));
        delete noLegal.parties[0].details;
        await refused(matter, packageOf(noLegal), 422, 'releases[0].parties[0].details');
        const cents = release(unique('o'));
        cents.planning.budget.amount.amount = 500.001;
        await refused(matter, packageOf(cents), 422, 'releases[0].planning.budget.amount.amount');
    });

    test('one bad release refuses the good ones before it; an ocid twice', async () => {
        const good = release(unique('ocds-good'));
        const bad = release(unique('ocds-bad'));
        delete bad.tender.title;
        await refused(matter, packageOf(good, bad), 422, 'releases[1].tender.title');
        const projects = (await ok('GET', '/townships/zhibu/projects?limit=200')).items;
        assert.ok(!projects.some((p) => p.title === good.tender.title), 'nothing of the good one');
        await refused(matter, packageOf(good, { ...release(good.ocid) }), 422, 'releases[1].ocid');
    });

    test('the matter must be the township\'s; only its procurement staff import', async () => {
        const diankouMatter = await make.matter('routine_affairs');
        await refused(diankouMatter, packageOf(release(unique('o'))), 422, 'matter_id');
        await refused(matter, packageOf(release(unique('o'))), 403, undefined, diankouClerk);
        const res = await request(url, 'POST', `/townships/zhibu/ocds_imports`, { auth: zhibuClerk, body: JSON.stringify(packageOf(release(unique('o')))), headers: { 'Content-Type': 'application/octet-stream' } });
        assert.equal(res.status, 422, res.text);
        assert.equal(res.body.error.field, 'matter_id');
    });
});
