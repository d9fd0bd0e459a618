// Open contracting data (docs/procurement.md, "Open data"): every project,
// at every stage from its registration to its settlement, answers an OCDS
// 1.1 release package that validates against the official schema
// (schemas/ocds-1.1/, with Debian's python3-jsonschema: validate_ocds.py);
// its release says what the records say and no more (no tenderers before
// the opening, no panel), in yuan with the offset of its dates.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, test } from 'node:test';

import { procurementMakers } from './lib/procurement_fixtures.mjs';
import { apiDir, login, request, shanghaiDay, startServer } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const auth = { admin, member: await login(url, 'diankou.member') };
const today = shanghaiDay(0);

async function ok(method, p, body, status) {
    const res = await request(url, method, p, { auth: admin, body });
    assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${p}: ${res.text}`);
    return res.body;
}

const maker = await procurementMakers({ ok, auth });

/** Validates packages with the official schema; returns the validator's line. */
function validate(packages) {
    const run = spawnSync('/usr/bin/python3', [path.join(apiDir, 'validate_ocds.py')], {
        input: JSON.stringify(packages),
        encoding: 'utf8',
    });
    assert.equal(run.status, 0, `OCDS: ${run.stdout}${run.stderr}`);
    return run.stdout.trim();
}

const release = (pkg) => pkg.releases[0];

test('every stage of a project is a valid release package, saying what the records say', async () => {
    const registered = await maker.project();
    const tendering = await maker.project({ steps: ['design', 'price', 'tender'] });
    const opened = await maker.opened();
    const settled = await maker.advanced('accepted');
    await ok('POST', `/projects/${settled.id}/change_orders`, { delta_fen: 12345, reason: '增加排水沟', approved_by: '镇建设办', approved_on: today });
    await ok('POST', `/projects/${settled.id}/settlement`, { amount_fen: 4812345, settled_on: today, audited_by: '诸暨市审计事务所' }, 200);
    const direct = await maker.project({ steps: ['design', 'price'], method: 'direct', amount: 3000000 });
    await ok('POST', `/projects/${direct}/contract`, {
        price_fen: 2900050,
        signed_on: today,
        starts_on: today,
        ends_on: today,
        supplier_id: await maker.bidder('诸暨市文具商店'),
    }, 200);
    const ids = [registered, tendering, opened, settled.id, direct];
    const packages = [];
    for (const id of ids) {
        packages.push((await request(url, 'GET', `/projects/${id}/ocds`)).body);
    }
    assert.match(validate(packages), /^valid: 5 packages, 5 releases$/);

    const [r0, r1, r2, r3, r4] = packages.map(release);
    assert.deepEqual(r0.tag, ['planning']);
    assert.equal(r0.tender.status, 'planning');
    assert.equal(r0.tender.procurementMethod, 'open');
    assert.equal(r0.tender.mainProcurementCategory, 'works');
    assert.deepEqual(r0.planning.budget.amount, { amount: 600000, currency: 'CNY' });
    assert.deepEqual(r1.tag, ['planning', 'tender']);
    assert.equal(r1.tender.status, 'active');
    assert.equal(r1.tender.tenderers, undefined, 'no tenderers before the opening');
    assert.equal(r1.tender.numberOfTenderers, undefined);
    assert.equal(r2.tender.numberOfTenderers, 2);
    assert.equal(r2.tender.procurementMethod, 'limited', 'a single source');
    assert.ok(r2.parties.every((p) => p.identifier === undefined || /^91330681/.test(p.identifier.id)));
    assert.deepEqual(r3.tag, ['planning', 'tender', 'award', 'contract', 'implementation']);
    assert.equal(r3.awards[0].suppliers[0].name, settled.bids[0].bidder_name);
    assert.deepEqual(r3.contracts[0].value, { amount: settled.bids[0].price_fen / 100, currency: 'CNY' });
    assert.equal(r3.contracts[0].status, 'terminated');
    assert.equal(r3.contracts[0].amendments[0].rationale, '增加排水沟');
    assert.deepEqual(r3.contracts[0].implementation.transactions[0].value, { amount: 48123.45, currency: 'CNY' });
    assert.equal(r3.contracts[0].dateSigned, `${today}T00:00:00+08:00`);
    assert.ok(!JSON.stringify(packages[3]).includes('panel'), 'no panel in open data');
    assert.deepEqual(r4.tag, ['planning', 'award', 'contract']);
    assert.equal(r4.tender.procurementMethod, 'direct');
    assert.deepEqual(r4.contracts[0].value, { amount: 29000.5, currency: 'CNY' });
    assert.ok(r4.parties.some((p) => p.name === '诸暨市文具商店' && p.roles.includes('supplier')) || r4.awards[0].suppliers[0].name === '诸暨市文具商店');
});

test('a project that is not there is a 404', async () => {
    assert.equal((await request(url, 'GET', '/projects/999999/ocds')).status, 404);
});
