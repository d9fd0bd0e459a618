/* Tests of the congress's roll in roll.js (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inOffice, deputiesOn, absentOnRoll, rollCounts, absentNames, attendanceKey } from './roll.js';

const membership = (personId, name, role, start, end = null) => ({
  person_id: personId, person_name: name, person_name_en: `${name} (en)`, role, start_date: start, end_date: end,
});

/* A chair who is also a deputy, two deputies, one who left, one not yet elected, and a staff member. */
const MEMBERSHIPS = [
  membership(1, '赵玉兰', 'chair', '2021-12-20'),
  membership(1, '赵玉兰', 'member', '2021-12-20'),
  membership(2, '陈美娟', 'member', '2021-12-20'),
  membership(3, '楼国强', 'vice_chair', '2021-12-20'),
  membership(4, '王天宇', 'member', '2021-12-20', '2026-03-01'),
  membership(5, '何东升', 'member', '2026-06-01'),
  membership(6, '周永康', 'staff', '2021-12-20'),
];

test('a membership is in office from its first day up to, not including, its end', () => {
  const m = membership(1, '赵玉兰', 'member', '2026-01-01', '2026-03-01');
  assert.equal(inOffice(m, '2025-12-31'), false);
  assert.equal(inOffice(m, '2026-01-01'), true);
  assert.equal(inOffice(m, '2026-02-28'), true);
  assert.equal(inOffice(m, '2026-03-01'), false, 'the end date is the first day out of office, as the server counts it');
  assert.equal(inOffice(membership(1, '赵玉兰', 'member', '2026-01-01'), '2030-01-01'), true);
  assert.equal(inOffice(m, ''), false);
});

test('the deputies on a day: chair, vice chair and deputies in office, each person once, by name', () => {
  const may = deputiesOn(MEMBERSHIPS, '2026-05-20');
  assert.deepEqual(may.map((d) => d.person_id).sort(), [1, 2, 3]);
  /* Chinese collation: 陈 (chen), 楼 (lou), 赵 (zhao). */
  assert.deepEqual(may.map((d) => d.name), ['陈美娟', '楼国强', '赵玉兰']);
  assert.deepEqual(may[0], { person_id: 2, name: '陈美娟', name_en: '陈美娟 (en)' });
  assert.deepEqual(deputiesOn(MEMBERSHIPS, '2026-02-01').map((d) => d.person_id).sort(), [1, 2, 3, 4]);
  assert.deepEqual(deputiesOn(MEMBERSHIPS, '2026-06-01').map((d) => d.person_id).sort(), [1, 2, 3, 5]);
  assert.deepEqual(deputiesOn([], '2026-05-20'), []);
  assert.deepEqual(deputiesOn(null, '2026-05-20'), []);
});

test('namesakes are two deputies, listed side by side', () => {
  const namesakes = [membership(9, '寿佳琪', 'member', '2021-12-20'), membership(2, '陈美娟', 'member', '2021-12-20'), membership(7, '寿佳琪', 'member', '2021-12-20')];
  assert.deepEqual(deputiesOn(namesakes, '2026-01-01').map((d) => d.person_id), [2, 7, 9]);
});

test('entitled is every deputy that day, present those not absent', () => {
  const deputies = deputiesOn(MEMBERSHIPS, '2026-05-20');
  assert.deepEqual(rollCounts(deputies, []), { entitled: 3, present: 3 });
  assert.deepEqual(rollCounts(deputies, [2]), { entitled: 3, present: 2 });
  /* Someone twice, and someone no deputy that day (left on 1 March), count for nothing. */
  assert.deepEqual(rollCounts(deputies, [2, 2, 4]), { entitled: 3, present: 2 });
  assert.deepEqual(absentOnRoll(deputies, [4, 3, 3, 1]), [3, 1]);
  assert.deepEqual(rollCounts([], [1]), { entitled: 0, present: 0 });
  assert.deepEqual(rollCounts(deputies, undefined), { entitled: 3, present: 3 });
});

test('a recorded vote names its absent deputies', () => {
  assert.deepEqual(absentNames({ absent: [{ person_id: 2, name: '陈美娟' }, { person_id: 3, name: '楼国强' }] }), ['陈美娟', '楼国强']);
  assert.deepEqual(absentNames({ absent: [] }), []);
  assert.deepEqual(absentNames({}), [], 'a vote recorded before the roll');
  assert.deepEqual(absentNames(null), []);
});

test('a recorded vote\'s attendance says where its figures come from', () => {
  assert.equal(attendanceKey({ roll: 'record' }), 'budget.attendanceRoll');
  assert.equal(attendanceKey({ roll: 'by_hand' }), 'budget.attendanceByHand');
  assert.equal(attendanceKey({ entitled: 60, present: 50 }), 'budget.attendanceValue', 'a vote recorded before the roll');
  assert.equal(attendanceKey(null), 'budget.attendanceValue');
});
