/* Tests of the project pages' steps (from the answer's next, asked for again by the clock), score sheet and figures (procurement.js). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STEPS, CLOCK_MARGIN_MS, CLOCK_RETRY_MS, CLOCK_RETRY_FOR_MS, clockRefreshDelay, permittedSteps, stepOf, permilleText, pointsText, criteriaProblems, missingScores, evaluationPayload, cellKey, rankedBids } from './procurement.js';

test('the steps permitted are the answer\'s next, by their API action', () => {
  assert.deepEqual(permittedSteps({ status: 'registered', next: [{ action: 'design', path: '/api/v1/projects/7/design' }] }).map((s) => s.key), ['design']);
  assert.deepEqual(permittedSteps({ next: [{ action: 'control_price' }] }).map((s) => s.key), ['controlPrice']);
  assert.deepEqual(permittedSteps({ next: [{ action: 'acceptance' }, { action: 'change_order' }] }).map((s) => s.key), ['acceptance', 'changeOrder'], 'in the answer\'s order');
  assert.deepEqual(permittedSteps({ next: [{ action: 'unknown' }, { action: 'bid' }] }).map((s) => s.path), ['bids'], 'an action the page does not know is left out');
  assert.deepEqual(permittedSteps({ status: 'settled', next: [], blocked: [{ action: '*', rule: 'procedure.settled' }] }), []);
  assert.deepEqual(permittedSteps({ status: 'registered' }), [], 'no next: none (an older answer)');
  assert.deepEqual(permittedSteps(null), []);
  assert.equal(stepOf('change_order').key, 'changeOrder');
  assert.equal(stepOf('*'), undefined);
  assert.equal(new Set(STEPS.map((s) => s.key)).size, 12);
  assert.equal(new Set(STEPS.map((s) => s.action)).size, 12);
});

test('a tendering project is asked for again when the deadline or the opening time passes', () => {
  const at = (iso) => Date.parse(iso);
  const tendering = {
    status: 'tendering',
    submission_deadline: '2026-12-08T02:00:00Z',
    opening_at: '2026-12-08T02:30:00Z',
    next: [{ action: 'bid' }],
    blocked: [{ action: 'opening', rule: 'procurement.opening_early' }],
  };
  /* Bids are taken up to the deadline itself: the answer changes just after it. */
  assert.equal(clockRefreshDelay(tendering, at('2026-12-08T01:59:00Z')), 60000 + 1 + CLOCK_MARGIN_MS);
  assert.equal(clockRefreshDelay(tendering, at('2026-12-08T02:00:00Z')), 1 + CLOCK_MARGIN_MS);
  assert.equal(clockRefreshDelay(tendering, at('2026-12-08T02:10:00Z')), 20 * 60000 + CLOCK_MARGIN_MS, 'then at the opening time');
  const same = { ...tendering, opening_at: tendering.submission_deadline };
  assert.equal(clockRefreshDelay(same, at('2026-12-08T01:59:30Z')), 30000 + CLOCK_MARGIN_MS, 'the opening at the deadline');
  assert.equal(clockRefreshDelay({ ...same, opening_at: null }, at('2026-12-08T01:59:30Z')), 30000 + CLOCK_MARGIN_MS, 'no opening time: the deadline');
  /* Both passed: nothing more unless the server, its clock behind, still blocks the opening. */
  const open = { ...same, next: [{ action: 'opening' }], blocked: [{ action: 'bid', rule: 'procurement.late_bid' }] };
  assert.equal(clockRefreshDelay(open, at('2026-12-08T02:00:02Z')), null);
  assert.equal(clockRefreshDelay(same, at('2026-12-08T02:00:02Z')), CLOCK_RETRY_MS);
  assert.equal(clockRefreshDelay(same, at('2026-12-08T02:00:00Z') + CLOCK_RETRY_FOR_MS), null, 'for a minute only');
  /* Far ahead: no longer than a browser's timer takes. */
  assert.equal(clockRefreshDelay({ ...tendering, submission_deadline: '2027-12-08T02:00:00Z', opening_at: '2027-12-08T02:00:00Z' }, at('2026-12-08T02:00:00Z')), 2 ** 31 - 1);
  /* Nothing to change: another status, or an answer without steps (the public's). */
  assert.equal(clockRefreshDelay({ ...tendering, status: 'opened' }, at('2026-12-08T01:59:00Z')), null);
  assert.equal(clockRefreshDelay({ ...tendering, next: [], blocked: [] }, at('2026-12-08T01:59:00Z')), null);
  assert.equal(clockRefreshDelay(null), null);
});

test('figures in per mille as percentages, totals in points', () => {
  assert.equal(permilleText(125), '12.5%');
  assert.equal(permilleText(0), '0.0%');
  assert.equal(permilleText(-37), '-3.7%');
  assert.equal(permilleText(null), '');
  assert.equal(pointsText(8725), '87.25');
  assert.equal(pointsText(null), '');
});

const bids = [{ id: 11, bidder_name: '甲公司', price_fen: 100 }, { id: 12, bidder_name: '乙公司', price_fen: 90 }];
const panel = [{ evaluator_id: 1, name: '张三' }, { evaluator_id: 2, name: '李四' }];
const criteria = [{ name: '价格 ', weight: 60, price: true }, { name: '技术', weight: 40 }];

test('the criteria are named once and weigh 100 in all', () => {
  assert.deepEqual(criteriaProblems(criteria), []);
  assert.deepEqual(criteriaProblems([{ name: '价格', weight: 50 }]), ['weights']);
  assert.deepEqual(criteriaProblems([{ name: '价格', weight: 50 }, { name: '价格', weight: 50 }]), ['criterionTwice']);
  assert.deepEqual(criteriaProblems([{ name: ' ', weight: 100 }]), ['criterionName']);
  assert.deepEqual(criteriaProblems([]), ['criterionName', 'weights']);
});

test('the sheet gives every member\'s score of every bid on every criterion, none for a disqualified bid', () => {
  const scores = {};
  for (const b of bids) {
    for (const m of panel) {
      scores[cellKey(b.id, m.evaluator_id, '价格')] = 80;
      scores[cellKey(b.id, m.evaluator_id, '技术')] = 70;
    }
  }
  assert.deepEqual(missingScores({ bids, panel, criteria, scores }), []);
  const body = evaluationPayload({ bids, panel, criteria, scores });
  assert.deepEqual(body.criteria, [{ name: '价格', weight: 60, price: true }, { name: '技术', weight: 40, price: false }]);
  assert.equal(body.scores.length, 8);
  assert.deepEqual(body.scores[0], { bid_id: 11, evaluator_id: 1, criterion: '价格', score: 80 });
  assert.equal(body.disqualified, undefined);

  const partial = { ...scores, [cellKey(12, 2, '技术')]: '' };
  const missing = missingScores({ bids, panel, criteria, scores: partial });
  assert.equal(missing.length, 1);
  assert.equal(missing[0].bid.bidder_name, '乙公司');
  assert.equal(missing[0].member.name, '李四');
  assert.equal(missing[0].criterion, '技术');

  const dq = evaluationPayload({ bids, panel, criteria, scores: partial, disqualified: { 12: ' 资质不符 ' } });
  assert.equal(dq.scores.length, 4);
  assert.ok(dq.scores.every((s) => s.bid_id === 11));
  assert.deepEqual(dq.disqualified, [{ bid_id: 12, reason: '资质不符' }]);
  assert.deepEqual(missingScores({ bids, panel, criteria, scores: partial, disqualified: { 12: 'x' } }), []);
});

test('the bids in the order of the review, by price before it', () => {
  assert.deepEqual(rankedBids({ bids }).map((b) => b.id), [12, 11]);
  const reviewed = { bids, bid_review: { ranking: [{ bid_id: 11, rank: 1, total_hundredths: 8000 }, { bid_id: 12, rank: 2, total_hundredths: 7000 }] } };
  assert.deepEqual(rankedBids(reviewed).map((b) => [b.id, b.rank, b.total_hundredths]), [[11, 1, 8000], [12, 2, 7000]]);
  assert.deepEqual(rankedBids(null), []);
});
