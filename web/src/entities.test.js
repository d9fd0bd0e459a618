/* Tests of entities.js: list pages and record names from the API's description (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queriesOf, queryOf, columnsOf, cellText, fillPath, entityTitle, entitySchemaOf, queryEnumOf, entityRoute, entityFieldText, pageTitle } from './entities.js';
import { formatYuan } from './format.js';
import { ENTITIES_DOC as DOC } from './entitiesTestDoc.js';

const byKey = (columns) => Object.fromEntries(columns.map((c) => [c.key, c]));

test('the queries answering rows of an entity are indexed by name, with their path, paging and entity', () => {
  const queries = queriesOf(DOC);
  assert.deepEqual([...queries.keys()].sort(), ['matter.get', 'matter.list', 'org.village_list', 'task.list'], 'not the members: no entity');
  const villages = queryOf(DOC, 'org.village_list');
  assert.equal(villages.path, '/townships/{tid}/villages');
  assert.equal(villages.paged, true);
  assert.equal(villages.entity, 'village');
  assert.equal(villages.capability, 'public.read');
  assert.deepEqual(villages.summary, { 'zh-CN': '村（社区）', en: 'Villages and communities' });
  assert.equal(queryOf(DOC, 'matter.get').paged, false);
  assert.throws(() => queryOf(DOC, 'org.member_list'), /no query "org.member_list"/);
  assert.equal(queriesOf(null).size, 0);
});

test('a list page is called by its query\'s short page title when it declares one (English in sentence case), else by its summary', () => {
  const tasks = queryOf(DOC, 'task.list');
  assert.deepEqual(tasks.title, { 'zh-CN': '执行任务', en: 'execution tasks' });
  assert.equal(pageTitle(tasks, 'zh-CN'), '执行任务');
  assert.equal(pageTitle(tasks, 'en'), 'Execution tasks');
  const villages = queryOf(DOC, 'org.village_list');
  assert.equal(villages.title, null);
  assert.equal(pageTitle(villages, 'zh-CN'), '村（社区）');
  assert.equal(pageTitle(villages, 'en'), 'Villages and communities');
  assert.equal(pageTitle(null, 'en'), '');
});

test('a list\'s columns: its labelled properties in the declared order, without ids, references or composites', () => {
  const villages = columnsOf(DOC, 'org.village_list');
  assert.deepEqual(villages.map((c) => c.key), ['name', 'name_en', 'kind'], 'the name first; not the id, nor the township (unlabelled)');
  const v = byKey(villages);
  assert.deepEqual(v.kind.label, { 'zh-CN': '类型', en: 'Kind' });
  assert.equal(v.kind.kind, 'enum');
  assert.deepEqual(v.name_en.label, { 'zh-CN': '英文名称', en: 'English name' });

  const tasks = columnsOf(DOC, 'task.list');
  assert.deepEqual(tasks.map((c) => c.key), ['description', 'due_date', 'status', 'note', 'owner_name', 'department_name', 'matter_title'],
    'the references (owner_id, department_id) give way to the names the query adds');
  assert.equal(byKey(tasks).due_date.kind, 'date');
  assert.deepEqual(columnsOf(DOC, 'task.list', { only: ['status', 'description'] }).map((c) => c.key), ['status', 'description']);
  assert.deepEqual(columnsOf(DOC, 'task.list', { omit: ['note', 'matter_title'] }).map((c) => c.key), ['description', 'due_date', 'status', 'owner_name', 'department_name']);
  assert.throws(() => columnsOf(DOC, 'task.list', { only: ['nothing'] }), /answers no "nothing"/);

  const matters = byKey(columnsOf(DOC, 'matter.list'));
  assert.deepEqual(Object.keys(matters), ['title', 'amount_fen', 'status', 'proposer_name'], 'JSON columns without a label are left out');
  assert.equal(matters.amount_fen.kind, 'money');
  assert.deepEqual(columnsOf(DOC, 'matter.get').map((c) => c.key), ['title', 'amount_fen'], 'a list of items is no column');
});

test('a cell: an enumeration by its label in the UI language, dates, amounts in yuan, nothing for null', () => {
  const v = byKey(columnsOf(DOC, 'org.village_list'));
  const row = { id: 3, kind: 'community', name: '江西社区', name_en: null };
  assert.equal(cellText(v.kind, row, 'zh-CN'), '社区');
  assert.equal(cellText(v.kind, row, 'en'), 'Community');
  assert.equal(cellText(v.kind, { kind: 'hamlet' }, 'zh-CN'), 'hamlet', 'a value the description does not know shows as itself');
  assert.equal(cellText(v.name, row, 'en'), '江西社区');
  assert.equal(cellText(v.name_en, row, 'zh-CN'), '');
  const t = byKey(columnsOf(DOC, 'task.list'));
  assert.equal(cellText(t.due_date, { due_date: '2026-03-31' }, 'zh-CN'), '2026-03-31');
  assert.equal(cellText(t.status, { status: 'done' }, 'zh-CN'), '已完成');
  const m = byKey(columnsOf(DOC, 'matter.list'));
  assert.equal(cellText(m.amount_fen, { amount_fen: 1234500 }, 'zh-CN'), '¥12,345.00');
  assert.equal(cellText(m.status, { status: 'decided' }, 'en'), 'Decided', 'what the query adds is labelled too');
});

test('an enumeration of a query\'s rows: its choices with their labels', () => {
  assert.deepEqual(queryEnumOf(DOC, 'matter.list', 'status'), [
    { value: 'registered', label: { 'zh-CN': '已登记', en: 'Registered' } },
    { value: 'decided', label: { 'zh-CN': '已决定', en: 'Decided' } },
  ]);
  assert.deepEqual(queryEnumOf(DOC, 'org.village_list', 'kind').map((c) => c.value), ['village', 'community'], 'null is no choice');
  assert.deepEqual(queryEnumOf(null, 'matter.list', 'status'), [], 'before the description has loaded');
  assert.throws(() => queryEnumOf(DOC, 'matter.list', 'title'), /no enumeration "title"/);
});

test('an entity\'s name in both languages, as the log names a record\'s type', () => {
  assert.equal(entityTitle(DOC, 'task', 'zh-CN'), '执行任务');
  assert.equal(entityTitle(DOC, 'task', 'en'), 'Execution task');
  assert.equal(entityTitle(DOC, 'Page', 'zh-CN'), '', 'a shared schema is no entity');
  assert.equal(entityTitle(DOC, 'ballot', 'zh-CN'), '');
  assert.equal(entityTitle(null, 'task', 'zh-CN'), '');
  assert.equal(entitySchemaOf(DOC, 'village').properties.kind['x-labels'].village['zh-CN'], '行政村');
});

test('a path of the description with the route\'s and the row\'s parameters', () => {
  assert.equal(fillPath('/townships/{tid}/villages', { tid: 'diankou' }), '/townships/diankou/villages');
  assert.equal(fillPath('/villages/{id}', { tid: 'diankou', id: 12 }), '/villages/12');
  assert.equal(fillPath('/cities/{id}', { id: 'a b' }), '/cities/a%20b');
  assert.throws(() => fillPath('/villages/{id}', { tid: 'diankou' }), /no value for \{id\}/);
});

test('a list page of an entity is one route', () => {
  const route = entityRoute({ path: '/t/:tid/villages', query: 'org.village_list', create: 'org.village_create', update: 'org.village_update' });
  assert.equal(route.path, '/t/:tid/villages');
  assert.equal(route.name, 'villages');
  assert.equal(typeof route.component, 'function');
  assert.deepEqual(route.props, { query: 'org.village_list', create: 'org.village_create', update: 'org.village_update', remove: null, title: null, fields: {} });
  assert.deepEqual(route.meta, { entityQuery: 'org.village_list', nav: true });
  assert.equal(entityRoute({ path: '/cities', query: 'org.city_list' }).meta.nav, false, 'a page of no township is not in a township\'s navigation');
  assert.equal(entityRoute({ path: '/t/:tid/tasks2', query: 'task.list', name: 'task-list', nav: false }).meta.nav, false);
});

test('a record\'s field in words for the log: its label and value as a column shows them; ids, references and unlabelled fields left out', () => {
  assert.equal(entityFieldText(DOC, 'task', 'status', 'done', 'zh-CN'), '状态: 已完成');
  assert.equal(entityFieldText(DOC, 'task', 'status', 'done', 'en'), 'Status: Done');
  assert.equal(entityFieldText(DOC, 'task', 'due_date', '2026-05-01', 'zh-CN'), '完成期限: 2026-05-01');
  assert.equal(entityFieldText(DOC, 'matter', 'amount_fen', 1234500, 'zh-CN'), `金额: ${formatYuan(1234500)}`);
  assert.equal(entityFieldText(DOC, 'matter', 'amount_fen', 1234500, 'en'), `Amount: ${formatYuan(1234500)}`);
  assert.equal(entityFieldText(DOC, 'task', 'owner_id', 7, 'zh-CN'), null);
  assert.equal(entityFieldText(DOC, 'task', 'id', 7, 'zh-CN'), null);
  assert.equal(entityFieldText(DOC, 'task', 'created', '2026-01-01', 'zh-CN'), null);
  assert.equal(entityFieldText(DOC, 'nothing', 'status', 'done', 'zh-CN'), null);
});
