/* Tests of a query's table (tables.js): columns from the description, rows from an answer, a file's name. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispositionFilename, tableOf, tableRows } from './tables.js';

const doc = {
  paths: {
    '/townships/{tid}/indicators': {
      get: {
        'x-query': 'indicators.township',
        'x-table': {
          title: '三多三少', 'x-title-en': 'three-more-three-fewer', rows: 'months',
          total: { title: '合计', 'x-title-en': 'Total' },
          columns: [
            { key: 'month', key_en: 'month_en', kind: 'text', title: '月份', 'x-title-en': 'Month' },
            { key: 'counts.items_notified', kind: 'integer', title: '提前通知的议题', 'x-title-en': 'Items notified in advance' },
            { key: 'permille.notified', kind: 'permille', title: '提前通知占比', 'x-title-en': 'Share notified in advance' },
          ],
        },
      },
    },
    '/townships/{tid}/projects': {
      get: {
        'x-query': 'project.list',
        'x-table': {
          title: '工程项目和采购', 'x-title-en': 'projects', rows: 'items',
          columns: [{ key: 'status', kind: 'text', title: '状态', 'x-title-en': 'Status', 'x-value-labels': { settled: { 'zh-CN': '已决算', en: 'settled' } } }],
        },
      },
    },
    '/tasks': { get: { 'x-query': 'task.list' } },
  },
};

test('a table is read from the query\'s x-table', () => {
  const t = tableOf(doc, 'indicators.township');
  assert.equal(t.rows, 'months');
  assert.deepEqual(t.total, { 'zh-CN': '合计', en: 'Total' });
  assert.deepEqual(t.columns.map((c) => c.kind), ['text', 'integer', 'permille']);
  assert.deepEqual(t.columns[1].label, { 'zh-CN': '提前通知的议题', en: 'Items notified in advance' });
  assert.equal(t.columns[0].keyEn, 'month_en');
  assert.equal(tableOf(doc, 'task.list'), null);
  assert.equal(tableOf(null, 'indicators.township'), null);
});

test('the rows are the answer\'s, then its total; null for what is missing', () => {
  const t = tableOf(doc, 'indicators.township');
  const answer = {
    counts: { items_notified: 7 }, permille: { notified: 886 },
    months: [
      { month: '2026-01', month_en: 'Jan 2026', counts: { items_notified: 3 }, permille: { notified: 1000 } },
      { month: '2026-02', counts: {}, permille: { notified: null } },
    ],
  };
  assert.deepEqual(tableRows(t, answer, 'zh-CN'), [['2026-01', 3, 1000], ['2026-02', null, null], ['合计', 7, 886]]);
  assert.deepEqual(tableRows(t, answer, 'en').map((r) => r[0]), ['Jan 2026', null, 'Total']);
  assert.deepEqual(tableRows(t, { months: null }, 'zh-CN'), [['合计', null, null]]);
  assert.deepEqual(tableRows(null, answer, 'zh-CN'), []);
});

test('a text with labelled values shows its label; a value without one, as it is', () => {
  const t = tableOf(doc, 'project.list');
  const answer = { items: [{ status: 'settled' }, { status: 'draft' }, { status: 3 }] };
  assert.deepEqual(tableRows(t, answer, 'zh-CN'), [['已决算'], ['draft'], [null]]);
  assert.deepEqual(tableRows(t, answer, 'en'), [['settled'], ['draft'], [null]]);
});

test('a file\'s name comes from filename*, else filename', () => {
  assert.equal(
    dispositionFilename("attachment; filename=\"Diankou-x-2026.csv\"; filename*=UTF-8''%E5%BA%97%E5%8F%A3%E9%95%87-2026.csv"),
    '店口镇-2026.csv',
  );
  assert.equal(dispositionFilename('attachment; filename="Diankou-x-2026.csv"'), 'Diankou-x-2026.csv');
  assert.equal(dispositionFilename("attachment; filename=\"a.csv\"; filename*=UTF-8''%E5%ZZ"), 'a.csv');
  assert.equal(dispositionFilename(null), null);
  assert.equal(dispositionFilename('inline'), null);
});
