/*
 * Tests of the names the pages read from the API's description instead of
 * copies in the catalogues (run with `npm test`): an agenda item's,
 * budget's and adjustment's statuses, a matter's categories and a user's
 * role, in both languages, from a sample shaped like the server's
 * (labelsTestDoc.js).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choiceText, columnsOf, cellText, entityEnumOf, queryEnumOf } from './entities.js';
import { enumLabel } from './schema.js';
import { LABELS_DOC as DOC } from './labelsTestDoc.js';

const texts = (choices, locale) => choices.map((c) => [c.value, c.label[locale]]);

test('an agenda item\'s statuses: the agenda_item entity\'s, wherever an answer carries items', () => {
  const statuses = entityEnumOf(DOC, 'agenda_item', 'status');
  assert.deepEqual(texts(statuses, 'zh-CN'), [
    ['notified', '已通知'], ['in_session', '审议中'], ['voting', '表决中'],
    ['passed', '通过'], ['rejected', '未通过'], ['deferred', '暂缓'], ['withdrawn', '已撤回（会议取消）'],
  ]);
  assert.equal(choiceText(statuses, 'in_session', 'en'), 'In session');
  assert.equal(choiceText(statuses, 'voting', 'zh-CN'), '表决中');
  assert.equal(choiceText(statuses, 'adjourned', 'zh-CN'), 'adjourned', 'a status the description does not know shows as itself');
  assert.equal(choiceText(statuses, null, 'zh-CN'), '');
  assert.deepEqual(entityEnumOf(null, 'agenda_item', 'status'), [], 'before the description has loaded');
  assert.throws(() => entityEnumOf(DOC, 'agenda_item', 'matter_id'), /no enumeration "matter_id"/);
  assert.throws(() => entityEnumOf(DOC, 'ballot', 'choice'), /entity "ballot"/);
});

test('a budget\'s statuses: budget.list\'s rows, budget_line.get\'s budget_status, an adjustment\'s', () => {
  assert.deepEqual(texts(queryEnumOf(DOC, 'budget.list', 'status'), 'zh-CN'), [['draft', '草案'], ['adopted', '已批准'], ['rejected', '未批准']]);
  assert.deepEqual(texts(queryEnumOf(DOC, 'budget.list', 'status'), 'en'), [['draft', 'Draft'], ['adopted', 'Adopted'], ['rejected', 'Rejected']]);
  assert.equal(choiceText(queryEnumOf(DOC, 'budget_line.get', 'budget_status'), 'adopted', 'zh-CN'), '已批准');
  assert.deepEqual(entityEnumOf(DOC, 'budget_adjustment', 'status').map((c) => c.value), ['adopted', 'rejected'], 'an adjustment is never a draft');
  const status = columnsOf(DOC, 'budget.list').find((c) => c.key === 'status');
  assert.equal(cellText(status, { status: 'rejected' }, 'zh-CN'), '未批准');
});

test('a matter\'s categories: an open set whose known values the server names', () => {
  const categories = entityEnumOf(DOC, 'matter', 'category');
  assert.deepEqual(categories.map((c) => c.value), [
    'major_decision', 'cadre_appointment', 'major_project', 'large_fund',
    'budget_adjustment', 'personnel_minor', 'procurement_minor', 'routine_affairs',
  ]);
  assert.equal(choiceText(categories, 'large_fund', 'zh-CN'), '大额资金使用');
  assert.equal(choiceText(categories, 'large_fund', 'en'), 'Use of large funds');
  assert.equal(choiceText(categories, 'village_works', 'en'), 'village_works', 'a category a rulebook added shows as its id');
  assert.equal(choiceText(queryEnumOf(DOC, 'matter.list', 'category'), 'cadre_appointment', 'zh-CN'), '干部任免');
  const column = columnsOf(DOC, 'matter.list').find((c) => c.key === 'category');
  assert.equal(column.kind, 'enum');
  assert.equal(cellText(column, { category: 'routine_affairs' }, 'en'), 'Routine affairs');
  assert.equal(cellText(column, { category: 'village_works' }, 'zh-CN'), 'village_works');
});

test('a user\'s role: user.create\'s enumeration', () => {
  assert.equal(enumLabel(DOC, 'user.create', 'role', 'clerk', 'zh-CN'), '文书');
  assert.equal(enumLabel(DOC, 'user.create', 'role', 'member', 'en'), 'Committee member');
  assert.equal(enumLabel(DOC, 'user.create', 'role', 'commission_inspector', 'zh-CN'), '市纪委监察员');
});
