/* Tests of the project pages' steps, score sheet and figures (procurement.js). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STEPS, nextSteps, permilleText, pointsText, criteriaProblems, missingScores, evaluationPayload, cellKey, rankedBids } from './procurement.js';

test('the steps that may come next follow the status', () => {
  assert.deepEqual(nextSteps({ status: 'registered' }), ['design']);
  assert.deepEqual(nextSteps({ status: 'design_approved' }), ['controlPrice']);
  assert.deepEqual(nextSteps({ status: 'price_reviewed', method: 'open_tender' }), ['tender']);
  assert.deepEqual(nextSteps({ status: 'price_reviewed', method: 'direct' }), ['contract'], 'a direct purchase has no tender');
  const tendering = { status: 'tendering', submission_deadline: '2026-12-08T02:00:00Z', opening_at: '2026-12-08T02:00:00Z' };
  assert.deepEqual(nextSteps(tendering, Date.parse('2026-12-08T01:59:00Z')), ['bid']);
  assert.deepEqual(nextSteps(tendering, Date.parse('2026-12-08T02:00:00Z')), ['bid', 'opening'], 'at the deadline both');
  assert.deepEqual(nextSteps(tendering, Date.parse('2026-12-08T02:00:01Z')), ['opening']);
  assert.deepEqual(nextSteps({ ...tendering, opening_at: '2026-12-08T03:00:00Z' }, Date.parse('2026-12-08T02:30:00Z')), []);
  assert.deepEqual(nextSteps({ status: 'opened', panel_formed_at: null }), ['panel']);
  assert.deepEqual(nextSteps({ status: 'opened', panel_formed_at: '2026-12-08T02:10:00Z' }), ['evaluation']);
  assert.deepEqual(nextSteps({ status: 'evaluated' }), ['award']);
  assert.deepEqual(nextSteps({ status: 'awarded' }), ['contract']);
  assert.deepEqual(nextSteps({ status: 'contracted' }), ['acceptance', 'changeOrder']);
  assert.deepEqual(nextSteps({ status: 'accepted' }), ['settlement', 'changeOrder']);
  assert.deepEqual(nextSteps({ status: 'settled' }), []);
  assert.deepEqual(nextSteps(null), []);
  const known = new Set(STEPS.map((s) => s.key));
  assert.equal(known.size, 12);
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
