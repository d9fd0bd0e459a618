/* Tests of formPayload.js: what FormDialog sends, and that a field whose x-when the form does not meet is never sent (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formPayload, formValues, apiValue } from './formPayload.js';
import { toFen, toYuan } from './format.js';
import { fromLines, toLines } from './schema.js';

const SPENDING = { category: ['large_fund', 'major_project'] };
const FIELDS = [
  { key: 'title', type: 'text', nullable: false },
  { key: 'category', type: 'select', nullable: false },
  { key: 'amount_fen', type: 'number', nullable: true, toApi: toFen, fromApi: toYuan },
  { key: 'budget_line_id', type: 'select', nullable: true, when: SPENDING },
  { key: 'spend_from', type: 'date', nullable: true, when: SPENDING },
  { key: 'spend_until', type: 'date', nullable: true, when: SPENDING },
];

test('a create sends what was filled in of the fields that apply', () => {
  const model = { title: ' 村道改造 ', category: 'large_fund', amount_fen: 120000, budget_line_id: 3, spend_from: '2026-03-01', spend_until: '' };
  assert.deepEqual(formPayload(FIELDS, model), {
    title: '村道改造',
    category: 'large_fund',
    amount_fen: 12000000,
    budget_line_id: 3,
    spend_from: '2026-03-01',
  });
});

test('a hidden field is not sent, even when it holds a value typed before the category changed', () => {
  const model = { title: '年度工作要点', category: 'major_decision', amount_fen: null, budget_line_id: 3, spend_from: '2026-03-01', spend_until: '2026-09-30' };
  assert.deepEqual(formPayload(FIELDS, model), { title: '年度工作要点', category: 'major_decision' });
  /* A create form may start from values of its own (a budget's study): still a create. */
  assert.deepEqual(formPayload(FIELDS, model, { initial: { title: 'x', category: 'major_decision' }, create: true }), { title: '年度工作要点', category: 'major_decision' });
});

test('an edit sends what changed of the fields that apply; the record\'s own value decides for a field the form lacks', () => {
  const fields = FIELDS.filter((f) => f.key !== 'category'); /* fixed at creation: not in the edit form */
  const initial = { id: 5, title: '村道改造', category: 'large_fund', amount_fen: 12000000, budget_line_id: 3, spend_from: '2026-03-01', spend_until: '2026-09-30' };
  const model = { title: '村道改造', amount_fen: 120000, budget_line_id: 4, spend_from: '2026-03-01', spend_until: '' };
  assert.deepEqual(formPayload(fields, model, { initial }), { budget_line_id: 4, spend_until: null });
  assert.deepEqual(formValues(model, initial).category, 'large_fund');
  assert.deepEqual(formPayload(fields, model, { initial: { ...initial, category: 'major_decision' } }), {}, 'not applying, not sent');
});

test('values as the API takes them', () => {
  assert.equal(apiValue({ nullable: true }, '  '), null);
  assert.equal(apiValue({ nullable: false }, '  '), '');
  assert.equal(apiValue({ nullable: false }, undefined), null);
  /* A date-time is typed in Beijing time (UTC+8), whatever the browser's zone. */
  assert.equal(apiValue({ type: 'datetime' }, '2026-01-02 11:04'), '2026-01-02T03:04:00.000Z');
  assert.equal(apiValue({ type: 'datetime' }, '2026-12-06 02:33'), '2026-12-05T18:33:00.000Z');
  assert.equal(apiValue({ toApi: toFen }, 1.5), 150);
});

test('a list of texts typed one per line: sent as a list; on edit only when its texts changed', () => {
  const fields = [
    { key: 'name', type: 'text', nullable: false },
    { key: 'relations', type: 'textarea', lines: true, nullable: true, toApi: fromLines, fromApi: toLines },
  ];
  assert.deepEqual(formPayload(fields, { name: '诸暨市某建设公司', relations: '张三（镇建设办主任之弟）\n\n  李四 \n' }), {
    name: '诸暨市某建设公司',
    relations: ['张三（镇建设办主任之弟）', '李四'],
  });
  assert.deepEqual(formPayload(fields, { name: '诸暨市某建设公司', relations: ' \n ' }), { name: '诸暨市某建设公司' }, 'nothing typed, nothing sent');
  const initial = { id: 4, name: '诸暨市某建设公司', relations: ['张三', '李四'] };
  const model = { name: initial.name, relations: toLines(initial.relations) };
  assert.deepEqual(formPayload(fields, model, { initial }), {}, 'the same texts: nothing to send');
  assert.deepEqual(formPayload(fields, { ...model, relations: '张三\n李四\n王五' }, { initial }), { relations: ['张三', '李四', '王五'] });
  assert.deepEqual(formPayload(fields, { ...model, relations: '' }, { initial }), { relations: null }, 'emptied');
  assert.deepEqual(formPayload(fields, { ...model, relations: '' }, { initial: { ...initial, relations: [] } }), {}, 'none before, none now');
});
