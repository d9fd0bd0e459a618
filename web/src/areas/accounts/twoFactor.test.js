/* Tests of twoFactor.js (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretGroups, codeOf, codeProblem, CODE_DIGITS } from './twoFactor.js';

test('the secret is shown in groups of four, nothing trailing', () => {
  assert.equal(secretGroups('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'), 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
  assert.equal(secretGroups('ABCDEF'), 'ABCD EF');
  assert.equal(secretGroups(''), '');
  assert.equal(secretGroups(null), '');
});

test('a code is six digits, however it was spaced', () => {
  assert.equal(CODE_DIGITS, 6);
  assert.equal(codeOf(' 123 456 '), '123456');
  assert.equal(codeOf('123-456'), '123456');
  assert.equal(codeProblem('123 456'), null);
  assert.equal(codeProblem(''), 'required');
  assert.equal(codeProblem('   '), 'required');
  assert.equal(codeProblem('12345'), 'digits');
  assert.equal(codeProblem('1234567'), 'digits');
  assert.equal(codeProblem('12345a'), 'digits');
  assert.equal(codeProblem('１２３４５６'), 'digits');
});
