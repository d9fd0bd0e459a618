/* Tests of the indicator pairs (indicators.js). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indicatorPairs, monthlyShares } from './indicators.js';

test('each pair counts its two sides and shares them', () => {
  const [notice, discussion, collective] = indicatorPairs({
    items_notified: 31, items_adhoc: 4, items_discussed: 32, items_vote_only: 0,
    matters_collective: 32, matters_individual: 13,
  });
  /* items_notified counts the items notified in advance, not all items. */
  assert.deepEqual(notice.more, { label: 'notified', count: 31, permille: 886 });
  assert.deepEqual(notice.fewer, { label: 'adhoc', count: 4, permille: 114 });
  assert.equal(discussion.more.permille, 1000);
  assert.equal(discussion.fewer.permille, 0);
  assert.equal(collective.more.permille, 711);
  assert.equal(collective.fewer.permille, 289);
});

test('an empty pair has no shares', () => {
  const [notice] = indicatorPairs({});
  assert.equal(notice.more.count, 0);
  assert.equal(notice.more.permille, null);
  assert.equal(notice.fewer.permille, null);
});

test('monthly shares are the "more" side of each pair, month by month', () => {
  const months = [
    { month: '2026-01', counts: { items_notified: 3, items_adhoc: 1, items_discussed: 4, items_vote_only: 0, matters_collective: 2, matters_individual: 2 } },
    { month: '2026-02', counts: {} },
  ];
  assert.deepEqual(monthlyShares(months), [
    { key: 'notice', values: [750, null] },
    { key: 'discussion', values: [1000, null] },
    { key: 'collective', values: [500, null] },
  ]);
  assert.deepEqual(monthlyShares(null), [
    { key: 'notice', values: [] },
    { key: 'discussion', values: [] },
    { key: 'collective', values: [] },
  ]);
});
