/* Tests of attendance.js: the marks of a roster, an item's attendance body, a meeting's members (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marksOf, attendanceMembers, meetingMembers } from './attendance.js';

const ROSTER = [
  { person_id: 1, name: '俞晓娟' },
  { person_id: 2, name: '宣丽婷', present: false, absence_reason: '出差' },
  { person_id: 3, name: '楼卫成', present: true, recused: true, recusal_reason: '亲属关系' },
];

test('a roster\'s marks: as recorded, present when nothing is', () => {
  assert.deepEqual(marksOf(ROSTER), {
    1: { present: true, absence_reason: '', recused: false, recusal_reason: '' },
    2: { present: false, absence_reason: '出差', recused: false, recusal_reason: '' },
    3: { present: true, absence_reason: '', recused: true, recusal_reason: '亲属关系' },
  });
  assert.deepEqual(marksOf(null), {});
});

test('an item\'s attendance: every roster member, reasons trimmed and only where they belong', () => {
  const marks = {
    1: { present: true, absence_reason: '不该发送', recused: false },
    2: { present: false, absence_reason: '  出差  ' },
    3: { present: true, recused: true, recusal_reason: ' 亲属关系 ' },
  };
  assert.deepEqual(attendanceMembers(ROSTER, marks), [
    { person_id: 1, present: true },
    { person_id: 2, present: false, absence_reason: '出差' },
    { person_id: 3, present: true, recused: true, recusal_reason: '亲属关系' },
  ]);
  assert.deepEqual(attendanceMembers([{ person_id: 9 }], {}), [{ person_id: 9, present: true }], 'unmarked: present');
});

test('a meeting\'s members: each once, in the order the items list them', () => {
  const items = [{ roster: [{ person_id: 1 }, { person_id: 2 }] }, { roster: [{ person_id: 2 }, { person_id: 5 }] }, {}];
  assert.deepEqual(meetingMembers(items).map((m) => m.person_id), [1, 2, 5]);
  assert.deepEqual(meetingMembers(null), []);
});
