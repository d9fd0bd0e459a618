/* Tests of materials.js: the upload's rules read from the API's description, types in words and the check before sending (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  uploadRulesOf, commandCapability, downloadCapability, typeText, typesText, mediaTypeOf, acceptOf, fileProblem, problemText, shortHash,
} from './materials.js';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const DOC = 'application/msword';
const XLS = 'application/vnd.ms-excel';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TYPES = [PDF, DOC, DOCX, XLS, XLSX, 'image/png', 'image/jpeg'];
const MIB = 1024 * 1024;

/* The part of the API's description the materials read, as the server gives it: the upload, the withdrawal and the bytes' query. */
const TITLES = {
  [PDF]: ['PDF 文档', 'PDF document'],
  [DOC]: ['Word 文档', 'Word document'],
  [DOCX]: ['Word 文档', 'Word document'],
  [XLS]: ['Excel 表格', 'Excel workbook'],
  [XLSX]: ['Excel 表格', 'Excel workbook'],
  'image/png': ['PNG 图片', 'PNG image'],
  'image/jpeg': ['JPEG 图片', 'JPEG image'],
};
const content = Object.fromEntries(TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' }, 'x-title': TITLES[type][0], 'x-title-en': TITLES[type][1] }]));
const SAMPLE = {
  paths: {
    '/matters/{id}/materials': {
      post: {
        'x-command': 'material.upload',
        'x-capability': 'matter.write',
        parameters: [{ name: 'name', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } }],
        requestBody: { required: true, content, 'x-max-bytes': 20 * MIB, 'x-title': '会议材料', 'x-title-en': 'meeting material' },
      },
      get: { 'x-query': 'material.list', 'x-capability': 'public.read' },
    },
    '/materials/{id}': { delete: { 'x-command': 'material.remove', 'x-capability': 'matter.write' } },
    '/materials/{id}/content': { get: { 'x-query': 'material.content', 'x-capability': 'decision.read' } },
  },
};

const RULES = uploadRulesOf(SAMPLE);

test('the upload\'s types, their names, its limit and capability are the description\'s', () => {
  assert.deepEqual(RULES.types, TYPES);
  assert.deepEqual(RULES.titles[XLSX], { 'zh-CN': 'Excel 表格', en: 'Excel workbook' });
  assert.equal(RULES.maxBytes, 20 * MIB);
  assert.equal(RULES.capability, 'matter.write');
  assert.deepEqual(RULES.parameters, { name: { label: { 'zh-CN': 'name', en: 'Name' }, required: true } }, 'a parameter without a title is named by its name');
  assert.equal(commandCapability(SAMPLE, 'material.remove'), 'matter.write');
  assert.equal(downloadCapability(SAMPLE), 'decision.read');
  assert.equal(uploadRulesOf(null), null, 'not before the description has loaded');
  assert.equal(commandCapability(null, 'material.remove'), null);
  assert.equal(downloadCapability({ paths: {} }), null);
});

/* The catalogues' `t` as the tests need it: the key and its parameters. */
const t = (key, params) => (key === 'material.listSeparator' ? '、' : params ? `${key}${JSON.stringify(params)}` : key);

test('a material\'s type is named as the description names it, in the UI language', () => {
  assert.equal(typeText(PDF, RULES, 'zh-CN', t), 'PDF 文档');
  assert.equal(typeText(DOCX, RULES, 'en', t), 'Word document');
  assert.equal(typeText('text/plain', RULES, 'zh-CN', t), 'material.otherType{"type":"text/plain"}');
  assert.equal(typeText(null, RULES, 'zh-CN', t), '', 'a sealed material has none');
  assert.equal(typesText(RULES, 'zh-CN', t), 'PDF 文档、Word 文档、Excel 表格、PNG 图片、JPEG 图片', 'each name once');
});

test('a file is sent as the browser\'s type, else as its name says', () => {
  assert.equal(mediaTypeOf({ name: 'a.pdf', type: PDF }, TYPES), PDF);
  assert.equal(mediaTypeOf({ name: '方案.DOC', type: '' }, TYPES), DOC);
  assert.equal(mediaTypeOf({ name: '预算.xls', type: 'application/octet-stream' }, TYPES), XLS);
  assert.equal(mediaTypeOf({ name: 'photo.jpeg', type: '' }, TYPES), 'image/jpeg');
  assert.equal(mediaTypeOf({ name: 'notes.txt', type: 'text/plain' }, TYPES), 'text/plain');
  assert.equal(mediaTypeOf({ name: 'setup', type: '' }, TYPES), 'application/octet-stream');
  assert.equal(mediaTypeOf({ name: 'a.pdf', type: '' }, ['image/png']), 'application/octet-stream', 'only the types the upload takes');
});

test('the file picker offers the endings and types the upload takes', () => {
  assert.equal(acceptOf([PDF, DOCX, 'image/jpeg']), `.pdf,.docx,.jpg,.jpeg,${PDF},${DOCX},image/jpeg`);
  assert.equal(acceptOf([]), '');
});

test('a file of another type, an empty one and one over the limit are caught before sending, and said in words', () => {
  assert.equal(fileProblem({ name: '会议议程.pdf', type: PDF, size: 12000 }, RULES), null);
  assert.equal(fileProblem({ name: '名单.xlsx', type: '', size: 20 * MIB }, RULES), null, 'the limit itself is allowed');
  assert.deepEqual(fileProblem({ name: '说明.txt', type: 'text/plain', size: 10 }, RULES), { problem: 'type', name: '说明.txt', size: 10, maxBytes: 20 * MIB });
  assert.equal(fileProblem({ name: 'setup.exe', type: 'application/x-msdownload', size: 10 }, RULES).problem, 'type');
  assert.equal(fileProblem({ name: '空白.pdf', type: PDF, size: 0 }, RULES).problem, 'empty');
  const big = fileProblem({ name: '扫描件.pdf', type: PDF, size: 20 * MIB + 1 }, RULES);
  assert.deepEqual(big, { problem: 'size', name: '扫描件.pdf', size: 20 * MIB + 1, maxBytes: 20 * MIB });
  assert.equal(problemText({ ...big, size: 21 * MIB }, RULES, 'zh-CN', t),
    'material.problem.size{"name":"扫描件.pdf","size":"21 MB","max":"20 MB","types":"PDF 文档、Word 文档、Excel 表格、PNG 图片、JPEG 图片"}');
});

/* The import of an OCDS release package as the server describes it: another command that takes a file, with a labelled query parameter. */
const IMPORT = {
  paths: {
    '/townships/{tid}/ocds_imports': {
      post: {
        'x-command': 'ocds.import',
        'x-capability': 'procurement.write',
        parameters: [
          { name: 'tid', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'matter_id', in: 'query', required: true, schema: { type: 'integer', minimum: 1, title: '依据的事项', 'x-title-en': 'matter' } },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'string', format: 'binary' }, 'x-title': 'JSON 文件', 'x-title-en': 'JSON file' } },
          'x-max-bytes': 8 * MIB,
          'x-title': 'OCDS 发布包',
          'x-title-en': 'OCDS release package',
        },
      },
    },
  },
};

test('the rules of another command that takes a file: its types, limit, capability and labelled query parameters', () => {
  const rules = uploadRulesOf(IMPORT, 'ocds.import');
  assert.deepEqual(rules.types, ['application/json']);
  assert.equal(rules.maxBytes, 8 * MIB);
  assert.equal(rules.capability, 'procurement.write');
  assert.deepEqual(rules.parameters, { matter_id: { label: { 'zh-CN': '依据的事项', en: 'Matter' }, required: true } }, 'the query\'s only, not the path\'s');
  assert.equal(typesText(rules, 'en', t), 'JSON file');
  assert.equal(uploadRulesOf(IMPORT), null, 'material.upload is not declared there');
  assert.equal(acceptOf(rules.types), '.json,application/json');
  assert.equal(mediaTypeOf({ name: 'package.JSON', type: '' }, rules.types), 'application/json', 'a package the browser gives no type is sent as JSON');
  assert.equal(fileProblem({ name: 'package.json', type: 'application/json', size: 2048 }, rules), null);
  assert.equal(fileProblem({ name: 'package.zip', type: 'application/zip', size: 2048 }, rules).problem, 'type');
  assert.equal(fileProblem({ name: 'package.json', type: 'application/json', size: 8 * MIB + 1 }, rules).problem, 'size');
});

test('a SHA-256 is shown by its first and last eight digits', () => {
  const hex = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  assert.equal(shortHash(hex), 'e3b0c442…7852b855');
  assert.equal(shortHash(null), '');
});
