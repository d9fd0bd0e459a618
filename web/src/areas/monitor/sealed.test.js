/* Tests of the sealed parts as the monitor pages show them (sealed.js). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SEALED_STATES, sealedFigures, sealedTagType, isSealedAlarming, entryPage, sealedContentRows,
} from './sealed.js';

/* A sample of the API's description: the entities and the command the parts of the demo's records name. */
const doc = {
  paths: {
    '/items/{id}/attendance': {
      post: {
        'x-command': 'agenda_item.attendance',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  members: {
                    type: 'array',
                    title: '应到成员',
                    'x-title-en': 'members',
                    items: {
                      type: 'object',
                      properties: {
                        absence_reason: { type: ['string', 'null'], title: '缺席原因', 'x-title-en': 'absence reason' },
                        recused: { type: ['boolean', 'null'], title: '回避', 'x-title-en': 'recused' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      statement: {
        type: 'object',
        title: '表态发言',
        'x-title-en': 'statement',
        properties: {
          summary: { type: ['string', 'null'], title: '发言要点', 'x-title-en': 'summary' },
          view: {
            type: ['string', 'null'],
            title: '表态',
            'x-title-en': 'view',
            enum: ['agree', 'disagree', null],
            'x-labels': { agree: { 'zh-CN': '同意', en: 'agree' }, disagree: { 'zh-CN': '不同意', en: 'disagree' } },
          },
        },
      },
      matter: {
        type: 'object',
        title: '议题事项',
        'x-title-en': 'matter',
        properties: {
          title: { type: ['string', 'null'], title: '议题名称', 'x-title-en': 'title' },
          proposer_id: { type: ['integer', 'null'], title: '提议人', 'x-title-en': 'proposer' },
        },
      },
      agenda_item: {
        type: 'object',
        title: '议程议题',
        'x-title-en': 'agenda item',
        properties: { reasons: {} },
      },
    },
  },
};

test('a node\'s summary in figures: what matched, every state, and whether it calls for attention', () => {
  const calm = sealedFigures({
    token: true, parts: 10636, pending: 0, read: 1939, published: 8697, refused: 0, bad: 0, error: null, error_at: null,
  });
  assert.equal(calm.checked, 10636);
  assert.equal(calm.parts, 10636);
  assert.equal(calm.token, true);
  assert.equal(calm.alarming, false);
  assert.deepEqual(calm.counts.map((c) => c.state), SEALED_STATES);
  assert.deepEqual(calm.counts.find((c) => c.state === 'published'), { state: 'published', n: 8697 });

  const refused = sealedFigures({ token: false, parts: 3, pending: 1, read: 1, refused: 1, error: 'HTTP 401', error_at: '2026-12-06T20:02:50.105Z' });
  assert.equal(refused.alarming, true);
  assert.equal(refused.token, false);
  assert.equal(refused.checked, 1);
  assert.equal(refused.error, 'HTTP 401');
  assert.equal(refused.errorAt, '2026-12-06T20:02:50.105Z');
  assert.equal(refused.counts.find((c) => c.state === 'published').n, 0, 'a missing count is 0');

  assert.equal(sealedFigures({ token: true, parts: 1, bad: 1 }).alarming, true);
  assert.equal(sealedFigures({ token: true, read: 2, pending: 3 }).parts, 5, 'parts summed when not given');
  assert.equal(sealedFigures(null), null);
  assert.equal(sealedFigures(undefined), null);
});

test('a part\'s state as a tag: matched green, pending grey, refused amber, not matching red', () => {
  assert.equal(sealedTagType('read'), 'success');
  assert.equal(sealedTagType('published'), 'success');
  assert.equal(sealedTagType('pending'), 'info');
  assert.equal(sealedTagType('refused'), 'warning');
  assert.equal(sealedTagType('bad'), 'danger');
  assert.deepEqual(SEALED_STATES.filter(isSealedAlarming), ['refused', 'bad']);
});

test('the page of an entry', () => {
  assert.equal(entryPage(0, 50), 1);
  assert.equal(entryPage(49, 50), 1);
  assert.equal(entryPage(50, 50), 2);
  assert.equal(entryPage(4146, 50), 83);
});

test('a statement\'s part is labelled by its entity, its view in words', () => {
  const record = { type: 'statement.created', payload: { id: 1 } };
  const content = { summary: '同意，建议加快推进', view: 'agree' };
  assert.deepEqual(sealedContentRows(doc, record, content), [
    { key: 'summary', label: '发言要点', lines: ['同意，建议加快推进'] },
    { key: 'view', label: '表态', lines: ['同意'] },
  ]);
  assert.deepEqual(sealedContentRows(doc, record, content, { locale: 'en' }), [
    { key: 'summary', label: 'Summary', lines: ['同意，建议加快推进'] },
    { key: 'view', label: 'View', lines: ['Agree'] },
  ]);
});

test('a reference the record does not name is shown as a number', () => {
  const rows = sealedContentRows(doc, { type: 'matter.created', payload: {} }, { proposer_id: 8, title: '档案整理计划' }, {
    ref: (id) => `编号 ${id}`,
  });
  assert.deepEqual(rows, [
    { key: 'proposer_id', label: '提议人', lines: ['编号 8'] },
    { key: 'title', label: '议题名称', lines: ['档案整理计划'] },
  ]);
  assert.deepEqual(sealedContentRows(doc, { type: 'matter.created' }, { proposer_id: 8 })[0].lines, ['#8']);
});

test('the reasons of an agenda item: one line per member, named from the record\'s roster, labelled by its command', () => {
  const record = {
    type: 'agenda_item.updated',
    payload: { roster: [{ person_id: 8, name: '寿振祥', name_en: 'Shou Zhenxiang' }] },
  };
  const content = { reasons: { 8: { absence_reason: '参加市委党校培训' }, 12: { recused: true } } };
  const label = (key) => (key === 'reasons' ? '缺席与回避原因' : '');
  assert.deepEqual(sealedContentRows(doc, record, content, { label, yes: '是', no: '否', ref: (id) => `编号 ${id}` }), [
    { key: 'reasons', label: '缺席与回避原因', lines: ['寿振祥：缺席原因 参加市委党校培训', '编号 12：回避 是'] },
  ]);
  const english = sealedContentRows(doc, record, content, { locale: 'en', yes: 'yes', no: 'no' });
  assert.equal(english[0].label, 'reasons', 'the key itself when nothing names it');
  assert.deepEqual(english[0].lines, ['Shou Zhenxiang: Absence reason 参加市委党校培训', '#12: Recused yes']);
});

test('without the description, or for what nothing names, the keys and values show as they are', () => {
  assert.deepEqual(sealedContentRows(null, { type: 'user.created' }, { login: 'admin', extra: [1, 2], none: null }), [
    { key: 'login', label: 'login', lines: ['admin'] },
    { key: 'extra', label: 'extra', lines: ['[1,2]'] },
    { key: 'none', label: 'none', lines: ['—'] },
  ]);
  assert.deepEqual(sealedContentRows(doc, null, { a: {} }), [{ key: 'a', label: 'a', lines: ['—'] }]);
  assert.deepEqual(sealedContentRows(doc, { type: 'statement.created' }, null), []);
  assert.deepEqual(sealedContentRows(doc, { type: 'statement.created' }, ['x']), []);
});
