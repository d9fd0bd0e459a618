/* Tests of print.js: the dates of a printed document in Beijing, who attended, and which statements it may print (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attendanceOf, attendeesOf, chineseDate, chineseNumber, englishDate, itemAttendance, meetingTime, readableStatements, textDate } from './print.js';

test('an issuing date in Chinese numerals, in Beijing', () => {
  assert.equal(chineseDate('2026-12-07T05:00:00.000Z'), '二〇二六年十二月七日');
  assert.equal(chineseDate('2026-10-10T06:30:00.000Z'), '二〇二六年十月十日');
  assert.equal(chineseDate('2030-11-21T01:00:00.000Z'), '二〇三〇年十一月二十一日');
  assert.equal(chineseDate('2027-03-30T00:00:00.000Z'), '二〇二七年三月三十日');
  assert.equal(chineseDate('2027-01-31T00:00:00.000Z'), '二〇二七年一月三十一日');
  /* 00:30 on New Year's Day in Beijing is still the old year in UTC. */
  assert.equal(chineseDate('2026-12-31T16:30:00.000Z'), '二〇二七年一月一日');
  assert.equal(chineseDate(null), '');
  assert.equal(chineseDate('not a time'), '');
});

test('numbers in Chinese numerals, for headings', () => {
  assert.deepEqual([1, 9, 10, 11, 20, 23, 99].map(chineseNumber), ['一', '九', '十', '十一', '二十', '二十三', '九十九']);
});

test('dates and times in the text, in both languages', () => {
  assert.equal(englishDate('2026-12-31T16:30:00.000Z'), '1 January 2027');
  assert.equal(meetingTime('2026-12-10T01:00:00.000Z', false), '2026年12月10日（星期四）9:00');
  assert.equal(meetingTime('2026-12-10T06:30:00.000Z', true), 'Thursday 10 December 2026, 14:30');
  assert.equal(textDate('2026-10-10T06:30:00.000Z', false), '2026年10月10日');
  assert.equal(textDate('2026-10-10T06:30:00.000Z', true), '10 October 2026');
});

const yu = { person_id: 1, name: '俞晓娟' };
const xuan = { person_id: 2, name: '宣丽婷' };
const lou = { person_id: 3, name: '楼卫成' };
const ding = { person_id: 4, name: '丁伟勇' };

test('the attendees are every member notified, once each, in roster order', () => {
  const items = [{ roster: [yu, xuan] }, { roster: [yu, lou] }, {}];
  assert.deepEqual(attendeesOf(items).map((m) => m.name), ['俞晓娟', '宣丽婷', '楼卫成']);
});

test('present at any item, absent from all, and what an item adds', () => {
  const items = [
    {
      roster: [
        { ...yu, present: true },
        { ...xuan, present: false, absence_reason: '赴市里开会' },
        { ...lou, present: false },
        { ...ding, present: true, recused: true, recusal_reason: '亲属关系' },
      ],
    },
    {
      roster: [
        { ...yu, present: true },
        { ...xuan, present: false, absence_reason: '赴市里开会' },
        { ...lou, present: true },
        { ...ding, present: true },
      ],
    },
    /* Deferred before its attendance was taken: it tells nothing of anyone. */
    { roster: [yu, xuan, lou, ding] },
  ];
  const attendance = attendanceOf(items);
  assert.deepEqual(attendance.present.map((m) => m.name), ['俞晓娟', '楼卫成', '丁伟勇']);
  assert.deepEqual(attendance.absent.map((a) => [a.member.name, a.reason]), [['宣丽婷', '赴市里开会']]);
  const first = itemAttendance(items[0], attendance);
  assert.deepEqual(first.absent.map((a) => [a.member.name, a.reason]), [['楼卫成', null]], 'absent from this item only');
  assert.deepEqual(first.recused.map((a) => [a.member.name, a.reason]), [['丁伟勇', '亲属关系']]);
  assert.deepEqual(itemAttendance(items[1], attendance), { absent: [], recused: [] });
});

test('an absence whose reason is sealed from the reader has none', () => {
  const items = [{ roster: [{ ...yu, present: true }, { ...xuan, present: false }] }];
  assert.deepEqual(attendanceOf(items).absent, [{ member: { ...xuan, present: false }, reason: null }]);
});

test('only statements the server gave the reader are printed', () => {
  const item = {
    statements: [
      { person_id: 2, view: 'agree', summary: '同意', sealed: true, published: true },
      { person_id: 3, view: null, summary: null, sealed: true, published: false },
      { person_id: 1, view: 'agree', summary: '同意，抓紧实施', sealed: false },
    ],
  };
  const { readable, withheld } = readableStatements(item);
  assert.deepEqual(readable.map((s) => s.person_id), [2, 1]);
  assert.equal(withheld, 1);
  assert.deepEqual(readableStatements({}), { readable: [], withheld: 0 });
});
