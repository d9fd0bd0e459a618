/* Unit tests of actorWords: who acted, in words, in the UI language. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actorWords } from './actor.js';
import { LABELS_DOC as DOC } from '../../labelsTestDoc.js';

test('a person by name; an account that is no person\'s by its role, in the UI language', () => {
  assert.equal(actorWords(DOC, { user: 3, role: 'clerk', person: null, name: null }, 'en', 'the system'), 'Clerk');
  assert.equal(actorWords(DOC, { user: 3, role: 'clerk', person: null, name: null }, 'zh-CN', '系统'), '文书');
  assert.equal(actorWords(DOC, { user: 5, role: 'member', person: 9, name: '俞晓娟' }, 'en', 'the system'), '俞晓娟');
  assert.equal(actorWords(DOC, '文书', 'en', 'the system'), 'Clerk', 'a row\'s Chinese role name');
  assert.equal(actorWords(DOC, '文书', 'zh-CN', '系统'), '文书');
});

test('the system; an older record\'s text as it is; before the description loads, the role\'s id', () => {
  assert.equal(actorWords(DOC, 'system', 'zh-CN', '系统'), '系统');
  assert.equal(actorWords(DOC, '张三', 'en', 'the system'), '张三');
  assert.equal(actorWords(DOC, null, 'en', 'the system'), '');
  assert.equal(actorWords(null, { user: 3, role: 'clerk' }, 'en', 'the system'), 'clerk');
});
