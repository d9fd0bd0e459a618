/* Tests of orgForms.js: the organisation's forms from its declared commands (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orgForms, postRoleChoices, postRoleClasses, roleAdmitted, orgGroup } from './orgForms.js';
import { ORG_DOC } from './orgTestDoc.js';
import { enumOf } from '../../schema.js';
import { todayInShanghai } from '../../format.js';

const byKey = (fields) => Object.fromEntries(fields.map((f) => [f.key, f]));
const keys = (fields) => fields.map((f) => f.key);
const choices = async () => [{ value: 1, label: '甲' }];

test('a township: created with its id and city, which an edit leaves out', () => {
  const create = orgForms.township(ORG_DOC, { cities: choices });
  assert.deepEqual(keys(create), ['id', 'city_id', 'kind', 'name', 'name_en']);
  const f = byKey(create);
  assert.equal(f.id.type, 'text');
  assert.equal(f.id.label, 'fields.id', 'the page\'s label ("Identifier") reads better than "Id"');
  assert.equal(f.id.fixed, true);
  assert.equal(f.id.required, true);
  assert.equal(f.id.hint, 'townships.idHint');
  assert.equal(f.city_id.type, 'select', 'the city is a reference the page offers');
  assert.equal(f.city_id.options, choices);
  assert.equal(f.city_id.required, false);
  assert.equal(f.kind.type, 'select');
  assert.equal(f.kind.default, 'township');
  assert.deepEqual(f.kind.options(), [
    { value: 'township', label: { 'zh-CN': '镇', en: 'Township' } },
    { value: 'subdistrict', label: { 'zh-CN': '街道', en: 'Subdistrict' } },
  ]);
  assert.deepEqual(f.name_en.label, { 'zh-CN': '英文名称', en: 'English name' });
  assert.equal(f.name_en.maxLength, 80);
  assert.throws(() => orgForms.township(ORG_DOC), /must offer the choices of "city_id"/);

  const edit = orgForms.township(ORG_DOC, { edit: true });
  assert.deepEqual(keys(edit), ['kind', 'name', 'name_en']);
  assert.ok(edit.every((field) => field.required), 'a name or kind cannot be emptied');
});

test('a body or department: its class among its group\'s, fixed once created', () => {
  const body = byKey(orgForms.organization(ORG_DOC, { group: 'bodies' }));
  assert.deepEqual(body.class.options().map((c) => c.value), ['committee', 'government', 'congress', 'discipline']);
  assert.equal(body.class.fixed, true);
  assert.equal(body.name.maxLength, 60);
  const department = byKey(orgForms.organization(ORG_DOC, { group: 'departments' }));
  assert.deepEqual(department.class.options().map((c) => [c.value, c.label['zh-CN'], c.label.en]), [
    ['bureau', '局', 'Bureau'], ['office', '办', 'Office'], ['centre', '中心', 'Centre'],
  ]);
  assert.deepEqual(keys(orgForms.organization(ORG_DOC, { edit: true })), ['name', 'name_en']);
});

test('a body\'s classes tell bodies from departments', () => {
  assert.equal(orgGroup(ORG_DOC, 'committee'), 'bodies');
  assert.equal(orgGroup(ORG_DOC, 'discipline'), 'bodies');
  assert.equal(orgGroup(ORG_DOC, 'office'), 'departments');
  assert.equal(orgGroup(null, 'committee'), 'departments', 'before the description has loaded');
});

test('a post: the roles its organisation admits, with the declared labels', () => {
  const f = byKey(orgForms.post(ORG_DOC, { orgClass: 'government' }));
  assert.deepEqual(f.role.options().map((c) => c.value), ['member', 'mayor', 'deputy_mayor', 'staff']);
  assert.deepEqual(f.role.options()[1].label, { 'zh-CN': '镇长', en: 'Mayor' });
  assert.equal(f.role.fixed, true);
  assert.equal(f.seats.type, 'number');
  assert.equal(f.seats.min, 1);
  assert.equal(f.seats.max, 200);
  assert.equal(f.seats.default, 1);
  assert.deepEqual(f.label.label, { 'zh-CN': '职务名称', en: 'Title' });
  assert.deepEqual(postRoleChoices(ORG_DOC, 'committee').map((c) => c.value), ['secretary', 'deputy_secretary', 'discipline_secretary', 'member', 'staff']);
  assert.deepEqual(postRoleChoices(ORG_DOC, 'bureau').map((c) => c.value), ['head', 'deputy_head', 'staff']);
  assert.deepEqual(keys(orgForms.post(ORG_DOC, { edit: true })), ['label', 'label_en', 'seats']);
});

test('which roles an organisation admits: the server\'s table, and the server decides what it does not know', () => {
  const roles = enumOf(ORG_DOC, 'org.post_create', 'role').map((c) => c.value);
  assert.deepEqual(Object.keys(postRoleClasses(ORG_DOC)).sort(), [...roles].sort(), 'one row per declared role');
  const classes = enumOf(ORG_DOC, 'org.organization_update', 'class').map((c) => c.value);
  for (const admitted of Object.values(postRoleClasses(ORG_DOC))) {
    assert.ok(admitted.every((c) => classes.includes(c)), admitted.join(' '));
  }
  assert.equal(roleAdmitted(ORG_DOC, 'mayor', 'committee'), false);
  assert.equal(roleAdmitted(ORG_DOC, 'staff', 'centre'), true);
  assert.equal(roleAdmitted(ORG_DOC, 'ombudsman', 'committee'), true, 'a role the table does not know is offered');
  assert.equal(roleAdmitted(ORG_DOC, 'mayor', undefined), true);
  assert.equal(roleAdmitted(null, 'mayor', 'committee'), true, 'before the description has loaded, the server decides');
});

test('a person: names and a gender that may be left out', () => {
  const f = byKey(orgForms.person(ORG_DOC));
  assert.deepEqual(Object.keys(f), ['name', 'name_en', 'gender']);
  assert.deepEqual(f.name.label, { 'zh-CN': '姓名', en: 'Name' });
  assert.equal(f.name_en.nullable, true);
  assert.equal(f.gender.type, 'select');
  assert.equal(f.gender.nullable, true);
  assert.equal(f.gender.required, false);
  assert.equal(f.gender.hint, 'gender.none');
  assert.deepEqual(f.gender.options(), [
    { value: 'female', label: { 'zh-CN': '女', en: 'Female' } },
    { value: 'male', label: { 'zh-CN': '男', en: 'Male' } },
  ]);
  const edit = byKey(orgForms.person(ORG_DOC, { edit: true }));
  assert.equal(edit.name.required, true);
  assert.equal(edit.name_en.required, false);
});

test('a membership: of a person chosen among the people, or of the page\'s person', () => {
  const posts = async () => [{ value: 4, label: '党委委员' }];
  const chosen = orgForms.membership(ORG_DOC, { people: choices, posts });
  assert.deepEqual(keys(chosen), ['person_id', 'post_id', 'start_date', 'end_date']);
  const f = byKey(chosen);
  assert.equal(f.person_id.options, choices);
  assert.equal(f.person_id.fixed, true);
  assert.equal(f.post_id.options, posts);
  assert.equal(f.start_date.required, true);
  assert.equal(f.start_date.default(), todayInShanghai());
  assert.equal(f.end_date.nullable, true);
  assert.deepEqual(keys(orgForms.membership(ORG_DOC, { posts })), ['post_id', 'start_date', 'end_date']);
});

test('a portfolio: the area first, the department among the page\'s', () => {
  const create = orgForms.portfolio(ORG_DOC, { departments: choices });
  assert.deepEqual(keys(create), ['area', 'area_en', 'department_id', 'start_date', 'end_date']);
  const f = byKey(create);
  assert.equal(f.department_id.options, choices);
  assert.equal(f.department_id.nullable, true);
  assert.equal(f.area_en.maxLength, 120);
  assert.deepEqual(keys(orgForms.portfolio(ORG_DOC, { edit: true, departments: choices })), keys(create));
});

test('ending a membership or portfolio asks for the end date only', () => {
  for (const command of ['org.membership_update', 'org.portfolio_update']) {
    const fields = orgForms.end(ORG_DOC, { command });
    assert.deepEqual(keys(fields), ['end_date']);
    assert.equal(fields[0].required, true);
    assert.equal(fields[0].nullable, false);
    assert.equal(fields[0].type, 'date');
    assert.equal(fields[0].default(), todayInShanghai());
  }
});
