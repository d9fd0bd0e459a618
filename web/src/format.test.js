/* Tests of the display helpers in format.js (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTime, fromShanghaiClock, toShanghaiClock, formatYuan, formatWan, formatMoney, formatDate, todayInShanghai, payloadSummary, formatBytes } from './format.js';

test('times are shown in Asia/Shanghai', () => {
  assert.equal(formatTime('2026-11-29T05:48:32.123Z'), '2026-11-29 13:48:32');
  assert.equal(formatTime('2026-11-29T17:00:00Z', { seconds: false }), '2026-11-30 01:00');
  assert.equal(formatTime(null), '');
});

test('times are typed in Asia/Shanghai, and come back the same, whatever the browser\'s zone', () => {
  assert.equal(fromShanghaiClock('2026-12-06 18:33'), '2026-12-06T10:33:00.000Z');
  assert.equal(fromShanghaiClock('2026-12-07 02:33:15'), '2026-12-06T18:33:15.000Z');
  assert.equal(fromShanghaiClock('2026-01-01 07:59'), '2025-12-31T23:59:00.000Z');
  assert.equal(toShanghaiClock('2026-12-06T10:33:00.000Z'), '2026-12-06 18:33');
  assert.equal(fromShanghaiClock(toShanghaiClock('2026-06-30T16:00:00Z')), '2026-06-30T16:00:00.000Z');
  assert.equal(toShanghaiClock(null), null);
  for (const bad of ['', 'tomorrow', '2026-02-30 10:00', '2026-12-06 24:00', '2026-12-06 10:60', null]) {
    assert.equal(fromShanghaiClock(bad), null, String(bad));
  }
});

test('dates pass through and today is taken in Shanghai', () => {
  assert.equal(formatDate('2026-01-05'), '2026-01-05');
  assert.equal(todayInShanghai(new Date('2026-11-29T20:00:00Z')), '2026-11-30');
});

test('fen are shown as yuan', () => {
  assert.equal(formatYuan(123456), '¥1,234.56');
  assert.equal(formatYuan(5), '¥0.05');
  assert.equal(formatYuan(-100), '-¥1.00');
  assert.equal(formatYuan(140000000), '¥1,400,000.00');
  assert.equal(formatYuan(null), '');
});

test('fen are shown as 万元', () => {
  assert.equal(formatWan(140000000), '140.00万元');
  assert.equal(formatWan(1234560000), '1,234.56万元');
  assert.equal(formatWan(1234565000), '1,234.57万元');
  assert.equal(formatWan(1000000, 0), '1万元');
  assert.equal(formatWan(-2500000), '-2.50万元');
  assert.equal(formatMoney(123456, 'zh-CN'), '0.12万元');
  assert.equal(formatMoney(123456, 'en'), '¥1,234.56');
});

test('file sizes are shown in B, KB and MB', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(532), '532 B');
  assert.equal(formatBytes(1024), '1 KB');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(12 * 1024 + 300), '12 KB');
  assert.equal(formatBytes(1024 * 1024 - 1), '1 MB', 'rounding up to 1024 KB is 1 MB');
  assert.equal(formatBytes(5.5 * 1024 * 1024), '5.5 MB');
  assert.equal(formatBytes(20 * 1024 * 1024), '20 MB');
  assert.equal(formatBytes(null), '');
});

test('log payloads are summed up in one line', () => {
  const person = { gender: 'female', id: 1, name: '俞晓娟', name_en: 'Yu Xiaojuan', township_id: 'diankou' };
  assert.equal(payloadSummary(person), '俞晓娟 · gender: female，id: 1，township_id: diankou');
  assert.equal(payloadSummary(person, true), 'Yu Xiaojuan · gender: female, id: 1, township_id: diankou');
  /* Described: each field as describe() says it, those it leaves out left out. */
  const describe = (key, value) => (key === 'gender' ? `性别: ${value === 'female' ? '女' : '男'}` : null);
  assert.equal(payloadSummary(person, false, 90, describe), '俞晓娟 · 性别: 女');
  assert.equal(payloadSummary({ title: '村道硬化', status: 'open' }, false, 90, () => null), '村道硬化');
  assert.equal(payloadSummary({ id: 7, label_en: 'Mayor', end_date: null }), 'Mayor · id: 7');
  assert.equal(payloadSummary({ id: 3, sealed_digest: 'abc=', nested: { a: 1 } }), 'id: 3');
  assert.equal(payloadSummary({ area: 'x'.repeat(200) }, false, 10), 'xxxxxxxxx…');
  assert.equal(payloadSummary(null), 'null');
});
