/* Tests of what the account pages read from the API's description and answers (accounts.js; run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  areaChoices, choiceLabel, townshipOptions, personOptions, isDisabled, disabledReason, userTownship, userName,
  newPasswordProblem, passwordMinLength, TOKEN_CREATE, userScope, manages,
} from './accounts.js';
import { enumLabel, fieldLabel, fieldsOf, textIn } from '../../schema.js';

const body = (schema) => ({ required: true, content: { 'application/json': { schema } } });

/* A sample of the API's description: the token route (no declared command), a password change, and the areas' tags. */
const doc = {
  servers: [{ url: '/api/v1' }],
  tags: [
    { name: 'session', description: 'Sessions' },
    { name: 'meeting', description: 'Meetings', 'x-area': true, 'x-title': '会议', 'x-title-en': 'meetings' },
    { name: 'budget', description: 'Budgets', 'x-area': true, 'x-title': '预算', 'x-title-en': 'budgets' },
    { name: 'log', description: 'The log', 'x-area': false, 'x-title': '日志' },
  ],
  paths: {
    '/tokens': {
      get: { summary: 'Your API tokens' },
      post: {
        summary: 'Create an API token',
        requestBody: body({
          type: 'object',
          properties: {
            label: { type: 'string', minLength: 1, maxLength: 60, pattern: '^\\S.*$', title: '令牌用途', 'x-title-en': 'label' },
            access: {
              type: 'string', enum: ['read', 'write'], default: 'read', title: '权限', 'x-title-en': 'access',
              'x-labels': { read: { 'zh-CN': '只读', en: 'read only' }, write: { 'zh-CN': '读写', en: 'read and write' } },
            },
            township: { type: ['string', 'null'], maxLength: 40, pattern: '^[a-z]+$', title: '限定乡镇', 'x-title-en': 'township' },
            area: { type: ['string', 'null'], maxLength: 40, pattern: '^[a-z_]+$', title: '限定业务', 'x-title-en': 'area' },
            expires_in_days: { type: 'integer', minimum: 1, maximum: 365, default: 90, title: '有效天数', 'x-title-en': 'days valid' },
          },
          required: ['label'],
        }),
      },
    },
    '/session/password': {
      post: {
        'x-command': 'user.change_password',
        requestBody: body({
          type: 'object',
          properties: {
            current_password: { type: 'string', minLength: 1, maxLength: 200, title: '当前密码', 'x-title-en': 'current password' },
            new_password: { type: 'string', minLength: 12, maxLength: 200, title: '新密码', 'x-title-en': 'new password' },
          },
          required: ['current_password', 'new_password'],
        }),
      },
    },
  },
};

const byKey = (fields) => Object.fromEntries(fields.map((f) => [f.key, f]));

test('a token\'s form from its route\'s request schema: labels, a select of access, defaults, the page\'s choices', () => {
  const townships = async () => [];
  const areas = async () => [];
  const fields = fieldsOf(doc, TOKEN_CREATE, {
    fields: { township: { options: townships, hint: 'account.anyTownship' }, area: { options: areas } },
  });
  assert.deepEqual(fields.map((f) => f.key), ['label', 'access', 'township', 'area', 'expires_in_days']);
  const f = byKey(fields);
  assert.deepEqual(f.label.label, { 'zh-CN': '令牌用途', en: 'Label' });
  assert.equal(f.label.type, 'text');
  assert.equal(f.label.required, true);
  assert.equal(f.access.type, 'select');
  assert.deepEqual(f.access.options(), [
    { value: 'read', label: { 'zh-CN': '只读', en: 'Read only' } },
    { value: 'write', label: { 'zh-CN': '读写', en: 'Read and write' } },
  ]);
  assert.equal(f.access.default, 'read', 'the declared default');
  assert.equal(f.township.type, 'select', 'a township is chosen, not typed');
  assert.equal(f.township.options, townships);
  assert.equal(f.township.nullable, true);
  assert.equal(f.township.required, false);
  assert.equal(f.township.hint, 'account.anyTownship');
  assert.equal(f.area.options, areas);
  assert.equal(f.expires_in_days.type, 'number');
  assert.equal(f.expires_in_days.min, 1);
  assert.equal(f.expires_in_days.max, 365);
  assert.equal(f.expires_in_days.default, 90);

  const given = byKey(fieldsOf(doc, TOKEN_CREATE, { fields: { expires_in_days: { default: 30 } } }));
  assert.equal(given.expires_in_days.default, 30, 'the page\'s default wins');
  assert.throws(() => fieldsOf(doc, 'DELETE /tokens'), /no command "DELETE \/tokens"/);
  assert.throws(() => fieldsOf(doc, 'GET /tokens'), /no command "GET \/tokens"/, 'a route without a body has no form');
});

test('a token\'s access and its fields labelled in either language', () => {
  assert.equal(enumLabel(doc, TOKEN_CREATE, 'access', 'read', 'zh-CN'), '只读');
  assert.equal(enumLabel(doc, TOKEN_CREATE, 'access', 'write', 'en'), 'Read and write');
  assert.equal(enumLabel(doc, TOKEN_CREATE, 'access', 'admin', 'en'), 'admin', 'undeclared: the value');
  assert.equal(enumLabel(doc, TOKEN_CREATE, 'access', null, 'en'), '');
  assert.equal(enumLabel(null, TOKEN_CREATE, 'access', 'read', 'zh-CN'), 'read', 'before the description loads');
  assert.equal(textIn(fieldLabel(doc, TOKEN_CREATE, 'area'), 'zh-CN'), '限定业务');
  assert.equal(textIn(fieldLabel(doc, TOKEN_CREATE, 'expires_in_days'), 'en'), 'Days valid');
  assert.throws(() => fieldLabel(doc, TOKEN_CREATE, 'nothing'), /has no field "nothing"/);
});

test('the areas a token may be limited to are the tags marked x-area, named in both languages', () => {
  const areas = areaChoices(doc);
  assert.deepEqual(areas, [
    { value: 'meeting', label: { 'zh-CN': '会议', en: 'Meetings' } },
    { value: 'budget', label: { 'zh-CN': '预算', en: 'Budgets' } },
  ]);
  assert.equal(choiceLabel(areas, 'budget', 'zh-CN'), '预算');
  assert.equal(choiceLabel(areas, 'budget', 'en'), 'Budgets');
  assert.equal(choiceLabel(areas, 'log', 'en'), 'log', 'an area not offered: its name');
  assert.equal(choiceLabel(areas, null, 'en'), '');
  assert.deepEqual(areaChoices({}), []);
  assert.deepEqual(areaChoices(null), []);
});

test('townships and people as choices, each person named with their township', () => {
  const diankou = { id: 'diankou', name: '店口镇', name_en: 'Diankou Town' };
  const datang = { id: 'datang', name: '大唐街道' };
  assert.deepEqual(townshipOptions([diankou, datang]), [
    { value: 'diankou', label: { 'zh-CN': '店口镇', en: 'Diankou Town' } },
    { value: 'datang', label: { 'zh-CN': '大唐街道', en: '大唐街道' } },
  ]);
  assert.deepEqual(personOptions([
    { township: diankou, items: [{ id: 8, name: '寿振祥', name_en: 'Shou Zhenxiang' }] },
    { township: datang, items: [{ id: 9, name: '陈丽' }] },
  ]), [
    { value: 8, label: { 'zh-CN': '寿振祥（店口镇）', en: 'Shou Zhenxiang (Diankou Town)' } },
    { value: 9, label: { 'zh-CN': '陈丽（大唐街道）', en: '陈丽 (大唐街道)' } },
  ]);
  assert.deepEqual(townshipOptions(undefined), []);
  assert.deepEqual(personOptions([{ township: datang, items: [] }]), []);
});

test('a user\'s status, the reason they were disabled, their township', () => {
  assert.equal(isDisabled({ status: 'active' }), false);
  assert.equal(isDisabled({ status: 'disabled', status_reason: '调离' }), true);
  assert.equal(disabledReason({ status: 'disabled', status_reason: '调离' }), '调离');
  assert.equal(disabledReason({ status: 'active', status_reason: '误停用，已恢复' }), '', 'an enabled user shows no reason');
  assert.equal(disabledReason({ status: 'disabled', status_reason: null }), '');
  assert.equal(isDisabled({ disabled: '2026-05-01T08:00:00Z', disabled_reason: '调离' }), true, 'the time it was disabled');
  assert.equal(disabledReason({ disabled: '2026-05-01T08:00:00Z', disabled_reason: '调离' }), '调离');
  assert.equal(isDisabled({ disabled: null }), false);
  assert.equal(isDisabled(null), false);
  assert.equal(userTownship({ township_id: 'diankou' }), 'diankou');
  assert.equal(userTownship({ township_id: null }), null);
  assert.equal(userTownship({ township: 'zhibu' }), 'zhibu', 'as user.create answers it');
  assert.equal(userTownship({}), null);
});

test('a user is named as the office knows them: their person, with the login', () => {
  assert.equal(userName({ login: 'diankou.clerk', person_name: '寿振祥' }), '寿振祥（diankou.clerk）');
  assert.equal(userName({ login: 'diankou.clerk', person_name: '寿振祥' }, { open: ' (', close: ')' }), '寿振祥 (diankou.clerk)');
  assert.equal(userName({ id: 12, login: 'admin', person_name: null }), 'admin', 'no person: the login, never the id');
  assert.equal(userName(null), '');
});

test('a new password: required, repeated the same; its least length as the command declares it', () => {
  assert.equal(newPasswordProblem('', ''), 'required');
  assert.equal(newPasswordProblem('梅花香自苦寒来-2026', '梅花香自苦寒来-2025'), 'mismatch');
  assert.equal(newPasswordProblem('梅花香自苦寒来-2026', '梅花香自苦寒来-2026'), null);
  assert.equal(passwordMinLength(doc, 'user.change_password', 'new_password'), 12);
  assert.equal(passwordMinLength(doc, 'user.change_password', 'current_password'), null, 'a minLength of 1 says only: not empty');
  assert.equal(passwordMinLength(doc, 'user.change_password', 'other'), null);
  assert.equal(passwordMinLength(null, 'user.change_password', 'new_password'), null, 'before the description loads');
});

test('whom a manager of users manages: the city administrator everyone, a township administrator their staff', () => {
  assert.equal(userScope({ capabilities: { 'public.read': '*' } }), null);
  assert.equal(userScope(null), null);
  const city = userScope({ capabilities: { 'user.admin': '*' }, grantableRoles: ['clerk', 'admin'] });
  assert.deepEqual(city, { township: null, roles: ['clerk', 'admin'] });
  assert.equal(manages(city, { role: 'admin', township_id: null }), true);
  assert.equal(manages(city, { role: 'township_admin', township_id: 'zhibu' }), true);
  const township = userScope({ capabilities: { 'user.admin': 'diankou' }, grantableRoles: ['clerk', 'member'] });
  assert.deepEqual(township, { township: 'diankou', roles: ['clerk', 'member'] });
  assert.equal(manages(township, { role: 'clerk', township_id: 'diankou' }), true);
  assert.equal(manages(township, { role: 'clerk', township_id: 'zhibu' }), false, 'not another township');
  assert.equal(manages(township, { role: 'township_admin', township_id: 'diankou' }), false, 'not a township administrator');
  assert.equal(manages(township, { role: 'admin', township_id: null }), false);
  assert.equal(manages(null, { role: 'clerk', township_id: 'diankou' }), false);
  assert.equal(userScope({ capabilities: { 'user.admin': 'diankou' } }).roles.length, 0);
});
