/* Unit tests of publicationSummary: a publication record said in words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicationSummary } from './publication.js';

const DOC = {
  components: {
    schemas: {
      meeting: { type: 'object', title: '会议', 'x-title-en': 'meeting', properties: {} },
    },
  },
};
/* A stand-in for vue-i18n's t with the two messages this file uses. */
const t = (key, values) =>
  key === 'audit.published' ? `公开${values.what}的 ${values.n} 项密封内容` : `公开第 ${values.index} 条记录的密封内容`;

test('a publication names how many parts of what it opens', () => {
  const payload = { id: 7, subject_entity: 'meeting', subject_id: 3, parts: [{ id: 1 }, { id: 2 }, { id: 5 }] };
  assert.equal(publicationSummary(DOC, 'publication.created', payload, 'zh-CN', t), '公开会议的 3 项密封内容');
});

test('an entity the description does not name is said by its key; a single publication by the record it opens', () => {
  assert.equal(
    publicationSummary(DOC, 'publication.created', { subject_entity: 'matter', parts: [] }, 'zh-CN', t),
    '公开matter的 0 项密封内容',
  );
  assert.equal(publicationSummary(DOC, 'sealed_publication.created', { id: 42 }, 'zh-CN', t), '公开第 42 条记录的密封内容');
});

test('any other record has no publication summary', () => {
  assert.equal(publicationSummary(DOC, 'meeting.created', { id: 1 }, 'zh-CN', t), null);
});
