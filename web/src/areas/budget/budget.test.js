/* Tests of the budget pages' arithmetic in budget.js (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  thresholdMin, congressOutcome, congressRules, largeFundFen, requiresResolution, toFen, toYuan,
  linesTotal, draftStudies, openAdjustmentStudies, adjustmentChanges,
  resolutionLeft, exceedsResolution, outsideResolutionPeriod,
} from './budget.js';

/* The city default's congress rules (docs/rules.md). */
const CONGRESS = {
  quorum: { compare: 'at_least', numerator: 2, denominator: 3 },
  pass: { compare: 'more_than', numerator: 1, denominator: 2, base: 'entitled' },
};
const vote = (entitled, present, votesFor, against, abstentions) => ({
  entitled, present, votes_for: votesFor, votes_against: against, abstentions,
});

test('thresholds count as the server does', () => {
  assert.equal(thresholdMin(CONGRESS.pass, 60), 31);
  assert.equal(thresholdMin(CONGRESS.pass, 61), 31);
  assert.equal(thresholdMin(CONGRESS.quorum, 60), 40);
  assert.equal(thresholdMin(CONGRESS.quorum, 61), 41);
  assert.equal(thresholdMin(CONGRESS.quorum, 0), 1);
});

test('a congress vote passes with more than half of all deputies, not of those present', () => {
  assert.deepEqual(congressOutcome(vote(60, 50, 31, 10, 9), CONGRESS), { rule: null, passed: true, needed: 31, base: 60 });
  /* 30 of 50 present is a majority of those present, but not of the 60 entitled. */
  assert.equal(congressOutcome(vote(60, 50, 30, 10, 10), CONGRESS).passed, false);
});

test('an inconsistent or inquorate vote is refused', () => {
  assert.deepEqual(congressOutcome(vote(60, 50, 45, 10, 5), CONGRESS), { rule: 'congress.tally' });
  assert.deepEqual(congressOutcome(vote(60, 61, 40, 0, 0), CONGRESS), { rule: 'congress.tally' });
  assert.deepEqual(congressOutcome(vote(60, 50, -1, 0, 0), CONGRESS), { rule: 'congress.tally' });
  assert.deepEqual(congressOutcome(vote(60, 39, 35, 0, 0), CONGRESS), { rule: 'congress.quorum', least: 40 });
});

test('no outcome until every count is given', () => {
  assert.equal(congressOutcome(vote(60, 50, null, 0, 0), CONGRESS), null);
  assert.equal(congressOutcome(vote(60, 50, 40, 0, 0), null), null);
});

test('the rulebook answer gives the congress rules and the large-fund threshold', () => {
  const rulebook = { in_force: { version: 2, document: { congress: CONGRESS, thresholds: { large_fund_fen: 10000000 } } } };
  assert.deepEqual(congressRules(rulebook), CONGRESS);
  assert.equal(largeFundFen(rulebook), 10000000);
  assert.equal(largeFundFen(null), null);
  assert.equal(requiresResolution(10000000, 10000000), true);
  assert.equal(requiresResolution(9999999, 10000000), false);
  assert.equal(requiresResolution(null, 10000000), false);
});

test('yuan and fen', () => {
  assert.equal(toFen('1234.56'), 123456);
  assert.equal(toFen(0.29), 29);
  assert.equal(toFen(''), null);
  assert.equal(toFen('abc'), null);
  assert.equal(toYuan(123456), 1234.56);
  assert.equal(linesTotal([{ allocated_fen: 100 }, { amount_fen: 50 }]), 150);
});

test('studies and adjustments', () => {
  const budget = {
    matters: [
      { id: 1, category: 'large_fund', item_status: 'passed' },
      { id: 2, category: 'budget_adjustment', item_status: 'passed' },
      { id: 3, category: 'budget_adjustment', item_status: 'passed' },
      { id: 4, category: 'budget_adjustment', item_status: 'voting' },
    ],
    adjustments: [{ matter_id: 2, status: 'adopted' }, { matter_id: 3, status: 'rejected' }],
  };
  assert.deepEqual(draftStudies(budget).map((m) => m.id), [1]);
  assert.deepEqual(openAdjustmentStudies(budget).map((m) => m.id), [3]);
  assert.deepEqual(adjustmentChanges({ 7: 100, 8: 0, 9: '-2.5', 10: null }), [
    { line_id: 7, delta_fen: 10000 },
    { line_id: 9, delta_fen: -250 },
  ]);
});

test('a new expenditure is dated within its budget\'s fiscal year', async () => {
  const { spendingDateIn, outsideFiscalYear } = await import('./budget.js');
  assert.equal(spendingDateIn(2026, '2026-12-07'), '2026-12-07');
  assert.equal(spendingDateIn(2001, '2026-12-07'), '2001-12-31');
  assert.equal(spendingDateIn(2030, '2026-12-07'), '2030-01-01');
  assert.equal(spendingDateIn(undefined, '2026-12-07'), '2026-12-07');
  assert.equal(outsideFiscalYear(2026, new Date(2026, 5, 1)), false);
  assert.equal(outsideFiscalYear(2026, new Date(2025, 11, 31)), true);
});

test('what a resolution cited still authorises: its amount less what was spent citing it, within its period', () => {
  /* A row of GET /townships/{tid}/resolutions?spending_line=: 20万 authorised, 12万 spent. */
  const r = { amount_fen: 20000000, spent_fen: 12000000, spend_from: '2026-03-01', spend_until: '2026-08-31' };
  assert.equal(resolutionLeft(r), 8000000);
  assert.equal(exceedsResolution(r, 8000000), false, 'what is left may be spent');
  assert.equal(exceedsResolution(r, 8000001), true);
  assert.equal(exceedsResolution(r, null), false, 'no amount typed yet');
  assert.equal(exceedsResolution({ ...r, spent_fen: 0 }, 20000000), false);
  assert.equal(resolutionLeft({ amount_fen: null }), null);
  assert.equal(exceedsResolution({ amount_fen: null }, 1), false, 'no amount recorded: nothing to warn of');
  assert.equal(exceedsResolution(null, 1), false);
  /* The period's first and last days are in it. */
  assert.equal(outsideResolutionPeriod(r, '2026-03-01'), false);
  assert.equal(outsideResolutionPeriod(r, '2026-08-31'), false);
  assert.equal(outsideResolutionPeriod(r, '2026-02-28'), true);
  assert.equal(outsideResolutionPeriod(r, '2026-09-01'), true);
  assert.equal(outsideResolutionPeriod({ amount_fen: 1 }, '2026-09-01'), false, 'a resolution without a period recorded');
  assert.equal(outsideResolutionPeriod(r, ''), false);
});
