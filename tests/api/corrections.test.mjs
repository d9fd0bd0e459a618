// Correcting a mis-entered record over HTTP (docs/decisions.md,
// "Correcting a record"): an expenditure is corrected with its reason and
// checked again as if charged anew (the budget's rules are tested in
// tests/unit/test_budget.c); the line's figures follow the corrected
// amount, its list keeps what was replaced, and the original record stays
// in the log; a correction that changes nothing, gives no reason, or
// comes from a role or township that may not charge the line is refused
// and writes nothing.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { eventCount, expectError, expectOneWrite, login, request, startServer } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const clerk = await login(url, 'diankou.clerk');
const member = await login(url, 'diankou.member');
const otherClerk = await login(url, 'zhibu.clerk');

async function ok(method, path, body, auth = clerk, status = method === 'POST' ? 201 : 200) {
    const res = await request(url, method, path, { auth, body });
    assert.equal(res.status, status, `${method} ${path}: ${res.text}`);
    return res.body;
}

/** Sends a correction expected to be refused; asserts nothing was written. */
async function refused(path, body, auth, status, code, field) {
    const before = await eventCount(url);
    const res = await request(url, 'POST', path, { auth, body });
    expectError(res, status, code, field);
    assert.equal(await eventCount(url), before, `${path}: nothing written`);
    return res;
}

/** The same for a refusal by a rule, which names the rule. */
async function refusedByRule(path, body, rule, status = 409) {
    const before = await eventCount(url);
    const res = await request(url, 'POST', path, { auth: clerk, body });
    assert.equal(res.status, status, res.text);
    assert.equal(res.body.error.rule, rule, res.text);
    assert.equal(await eventCount(url), before, `${path}: nothing written`);
    return res;
}

describe('correcting an expenditure', () => {
    let line;
    let spent;

    test('a correction changes the amount and purpose, keeps what it replaced, and the line follows', async () => {
        const budgets = (await ok('GET', '/townships/diankou/budgets')).items;
        const adopted = budgets.find((b) => b.status === 'adopted');
        line = (await ok('GET', `/budgets/${adopted.id}`)).lines.find((l) => l.remaining_fen > 100000);
        assert.ok(line, 'the demo has a line with money left');
        const created = await ok('POST', `/budget_lines/${line.id}/expenditures`, {
            amount_fen: 12000,
            purpose: '办公用品采购',
            spent_on: '2026-11-03',
        });
        spent = created.item;
        const before = await eventCount(url);
        const res = await request(url, 'POST', `/expenditures/${spent.id}/correction`, {
            auth: clerk,
            body: { amount_fen: 10500, purpose: '办公用品采购（打印纸）', reason: '发票金额为105元，录入有误' },
        });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.event.type, 'expenditure.updated');
        await expectOneWrite(url, before, 'a correction');
        const item = res.body.item;
        assert.equal(item.amount_fen, 10500);
        assert.equal(item.spent_on, '2026-11-03', 'what the correction does not give stays');
        assert.deepEqual(item.corrections[0].previous, { amount_fen: 12000, purpose: '办公用品采购' });
        assert.equal(item.corrections[0].reason, '发票金额为105元，录入有误');
        assert.equal(item.line.spent_fen, line.spent_fen + 10500, 'the line counts the corrected amount');

        // The public line lists the expenditure with its correction.
        const shown = (await request(url, 'GET', `/budget_lines/${line.id}`)).body.expenditures.find(
            (e) => e.id === spent.id,
        );
        assert.equal(shown.amount_fen, 10500);
        assert.equal(shown.corrections.length, 1);
        assert.equal(shown.corrections[0].previous.amount_fen, 12000);

        // The original record is still in the log as it was; the correction's
        // record names the same expenditure.
        const events = async (seq) => (await request(url, 'GET', `/events?offset=${seq}&limit=1`)).body.items[0];
        const original = await events(created.event.seq);
        assert.equal(original.type, 'expenditure.created');
        assert.equal(original.payload.amount_fen, 12000);
        const correcting = await events(res.body.event.seq);
        assert.equal(correcting.payload.id, spent.id);
        assert.equal(correcting.payload.corrections[0].reason, '发票金额为105元，录入有误');
    });

    test('a correction is checked again as if charged anew', async () => {
        // Corrected up to the large-fund threshold, it needs a resolution.
        const res = await refusedByRule(
            `/expenditures/${spent.id}/correction`,
            { amount_fen: 10000000, reason: '核对' },
            'budget.large_fund_resolution',
        );
        assert.match(res.body.error.message, /决议/);
        assert.equal(res.body.error.field, 'resolution_id');
        // Out of the budget's year.
        await refusedByRule(`/expenditures/${spent.id}/correction`, { spent_on: '2025-12-31', reason: '核对' }, 'budget.spent_outside_year', 422);
    });

    test('a correction that changes nothing or gives no reason, and one by who may not charge the line, is refused', async () => {
        await refused(`/expenditures/${spent.id}/correction`, { amount_fen: 10500, reason: '核对' }, clerk, 422, 'invalid', 'amount_fen');
        await refused(`/expenditures/${spent.id}/correction`, { amount_fen: 9000 }, clerk, 422, 'invalid', 'reason');
        await refused(`/expenditures/${spent.id}/correction`, { amount_fen: 9000, reason: '核对' }, member, 403, 'forbidden');
        await refused(`/expenditures/${spent.id}/correction`, { amount_fen: 9000, reason: '核对' }, otherClerk, 403, 'forbidden');
        await refused('/expenditures/999999/correction', { amount_fen: 9000, reason: '核对' }, clerk, 404, 'not_found');
    });
});
