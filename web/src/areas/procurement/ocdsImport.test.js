/* Tests of ocdsImport.js: the summary of an import's answer and where its refusals point (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importSummary, importHeadline, refusalPlace } from './ocdsImport.js';

/* An answer as the server gives it, its rows shortened. */
const ANSWER = {
  item: {
    projects: [
      { id: 122, title: '社会事务办公室办公设备采购', status: 'settled', ocid: 'ocds-probity-zhibu-120', township_id: 'diankou', matter_id: 1141 },
      { id: 123, title: '紫阆至直埠集镇道路修复工程', status: 'contracted', ocid: 'ocds-probity-zhibu-121', township_id: 'diankou', matter_id: 1141 },
    ],
    sha256: 'a38412193aececbcde717df529b55dedaa504d8045b86d85512419002d2bb715',
  },
  event: { seq: 25549, log_index: 25549, type: 'project.updated', time: '2026-12-08T03:42:54.793Z' },
};

/* The catalogues' `t` as the tests need it: the key and its parameters. */
const t = (key, params) => `${key}${JSON.stringify(params)}`;

test('an import\'s answer is summed up: its projects in the package\'s order, the package\'s digest and the log entry', () => {
  const summary = importSummary(ANSWER);
  assert.equal(summary.count, 2);
  assert.deepEqual(summary.projects, [
    { id: 122, title: '社会事务办公室办公设备采购', status: 'settled', ocid: 'ocds-probity-zhibu-120' },
    { id: 123, title: '紫阆至直埠集镇道路修复工程', status: 'contracted', ocid: 'ocds-probity-zhibu-121' },
  ]);
  assert.equal(summary.sha256, ANSWER.item.sha256);
  assert.equal(summary.logIndex, 25549);
  assert.equal(importSummary({ item: { projects: [], sha256: 'x' }, event: { seq: 7 } }).logIndex, 7, 'an event without its log index: its sequence');
  assert.deepEqual(importSummary(null), { count: 0, projects: [], sha256: '', logIndex: null });
  assert.deepEqual(importSummary({ projects: [{ id: 1 }] }).projects, [], 'only the item\'s projects');
});

test('the headline says how many projects, one project in the singular', () => {
  assert.equal(importHeadline(importSummary(ANSWER), t), 'ocdsImport.done{"count":2}');
  assert.equal(importHeadline({ count: 1 }, t), 'ocdsImport.doneOne{"count":1}');
  assert.equal(importHeadline({ count: 0 }, t), 'ocdsImport.done{"count":0}');
});

test('a refusal points at a place in the package as the server names it, or at one of the import\'s parameters', () => {
  const parameters = { matter_id: { label: { 'zh-CN': '依据的事项', en: 'Matter' }, required: true } };
  assert.deepEqual(refusalPlace({ status: 409, field: 'releases[0].ocid' }, parameters), { place: 'releases[0].ocid', parameter: null });
  assert.deepEqual(refusalPlace({ status: 422, field: 'releases[1].tender.value.currency' }, parameters),
    { place: 'releases[1].tender.value.currency', parameter: null });
  assert.deepEqual(refusalPlace({ status: 422, field: 'matter_id' }, parameters), { place: null, parameter: 'matter_id' });
  assert.deepEqual(refusalPlace({ status: 415, field: null }, parameters), { place: null, parameter: null }, 'a file that is no JSON names no place');
  assert.deepEqual(refusalPlace({ status: 0 }), { place: null, parameter: null });
  assert.deepEqual(refusalPlace({ status: 422, field: 'matter_id' }), { place: 'matter_id', parameter: null }, 'a parameter not declared is shown as it is');
});
