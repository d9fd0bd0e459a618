/* Unit tests of rulebookDoc.js: overrides merged and built, the start of an edit, values in words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mergeOverride, editStart, contentToPost, documentToPost, contentOf,
  formatValue, formatThreshold, formatWhen, pathKeys, clone, categoryNames,
} from './rulebookDoc.js';
import { textFor, cityDocument } from './rulebookTestText.js';

const zh = textFor('zh-CN');
const en = textFor('en');

const override = {
  version: 1,
  effective_from: '2026-04-29T16:00:00.000Z',
  township: 'fengqiao',
  categories: { major_decision: { notice_hours: 72 } },
};

/* GET /rulebook answers for the city and for fengqiao. */
function answers({ overrides = [override] } = {}) {
  const city = cityDocument();
  const cityRows = [
    { id: 1, township_id: null, version: 1, document: { ...clone(city), version: 1 } },
    { id: 6, township_id: null, version: 2, document: clone(city) },
  ];
  const townshipRows = overrides.map((o, i) => ({ id: 10 + i, township_id: 'fengqiao', version: o.version, document: o }));
  return {
    city: { township: null, in_force: { version: 2, document: city }, history: cityRows },
    fengqiao: { township: 'fengqiao', in_force: { version: 1, document: mergeOverride(city, override) }, history: [...cityRows, ...townshipRows] },
  };
}

test('an override is merged over the city key by key', () => {
  const merged = mergeOverride(cityDocument(), override);
  assert.equal(merged.categories.major_decision.notice_hours, 72);
  assert.equal(merged.categories.major_decision.ballot, 'always');
  assert.equal(merged.categories.cadre_appointment.notice_hours, 48);
  assert.equal(merged.version, undefined, 'content only');
  assert.deepEqual(Object.keys(merged), ['thresholds', 'congress', 'categories', 'actions']);
  const city = cityDocument();
  mergeOverride(city, { categories: { major_decision: { quorum: { numerator: 2, denominator: 3 } } } });
  assert.deepEqual(city, cityDocument(), 'the city document is not changed');
});

test('the city edits its latest version into the next one', () => {
  const { city } = answers();
  const start = editStart(city, null, null);
  assert.equal(start.township, null);
  assert.equal(start.nextVersion, 3);
  assert.equal(start.latest.id, 6);
  assert.deepEqual(start.base, contentOf(cityDocument()));
  const edited = clone(start.base);
  edited.categories.major_decision.notice_hours = 60;
  const content = contentToPost(start, edited);
  assert.equal(content.categories.major_decision.notice_hours, 60);
  assert.equal(Object.keys(content.categories).length, 3, 'the complete document');
  const doc = documentToPost(start, content, '2027-01-01T00:00:00.000Z');
  assert.deepEqual(Object.keys(doc).slice(0, 4), ['version', 'effective_from', 'township', 'city_version']);
  assert.equal(doc.version, 3);
  assert.equal(doc.township, null);
  assert.equal(doc.city_version, null);
});

test('with no stored city version, the first one is version 1', () => {
  const { city } = answers();
  city.history = [];
  assert.equal(editStart(city, null, null).nextVersion, 1);
});

test("a township's new override keeps its earlier changes and adds the new ones", () => {
  const { city, fengqiao } = answers();
  const start = editStart(city, fengqiao, 'fengqiao');
  assert.equal(start.nextVersion, 2);
  assert.deepEqual(start.draft, { categories: { major_decision: { notice_hours: 72 } } });
  assert.equal(start.base.categories.major_decision.notice_hours, 72);
  const edited = clone(start.base);
  edited.categories.large_fund = undefined;
  delete edited.categories.large_fund;
  edited.categories.cadre_appointment.notice_hours = 96;
  edited.categories.major_decision.quorum.denominator = 3;
  edited.categories.major_decision.quorum.numerator = 2;
  edited.actions['notice.adhoc'] = 'refuse';
  const content = contentToPost(start, edited);
  assert.deepEqual(content, {
    categories: {
      major_decision: { notice_hours: 72, quorum: { numerator: 2, denominator: 3 } },
      cadre_appointment: { notice_hours: 96 },
    },
    actions: { 'notice.adhoc': 'refuse' },
  });
  const doc = documentToPost(start, content, '2027-01-01T00:00:00.000Z');
  assert.deepEqual(Object.keys(doc), ['version', 'effective_from', 'township', 'categories', 'actions']);
  assert.equal(doc.township, 'fengqiao');
  assert.equal(doc.version, 2);
  assert.equal(start.draft.actions, undefined, 'the draft is not changed');
});

test('an unchanged form posts the override as it was', () => {
  const { city, fengqiao } = answers();
  const start = editStart(city, fengqiao, 'fengqiao');
  assert.deepEqual(contentToPost(start, clone(start.base)), { categories: { major_decision: { notice_hours: 72 } } });
});

test("a township's latest override counts, even one not yet in force", () => {
  const later = { version: 2, effective_from: '2099-01-01T00:00:00.000Z', township: 'fengqiao', actions: { 'notice.adhoc': 'refuse' } };
  const { city, fengqiao } = answers({ overrides: [later, override] });
  const start = editStart(city, fengqiao, 'fengqiao');
  assert.equal(start.nextVersion, 3);
  assert.deepEqual(start.draft, { actions: { 'notice.adhoc': 'refuse' } });
  assert.equal(start.base.categories.major_decision.notice_hours, 48);
});

test("a township without an override starts from the city's rules as version 1", () => {
  const { city } = answers();
  const start = editStart(city, { township: 'diankou', history: city.history }, 'diankou');
  assert.equal(start.nextVersion, 1);
  assert.deepEqual(start.draft, {});
  assert.deepEqual(start.base, contentOf(cityDocument()));
  assert.deepEqual(contentToPost(start, clone(start.base)), {});
});

test('"on saving" leaves the effective time to the server', () => {
  const start = editStart(answers().city, null, null);
  const doc = documentToPost(start, {}, null);
  assert.equal('effective_from' in doc, false);
  assert.deepEqual(Object.keys(doc).slice(0, 3), ['version', 'township', 'city_version']);
});

test('rule ids keep their dots in paths', () => {
  assert.deepEqual(pathKeys('actions.notice.min_hours'), ['actions', 'notice.min_hours']);
  assert.deepEqual(pathKeys('categories.large_fund.pass.base'), ['categories', 'large_fund', 'pass', 'base']);
});

test('values in words', () => {
  const doc = cityDocument();
  assert.equal(formatThreshold(zh, doc.congress.quorum), '不少于 2/3');
  assert.equal(formatThreshold(en, doc.congress.pass), 'more than 1/2 of those entitled');
  assert.equal(formatWhen(zh, 'from_tender', doc.thresholds), '50.00万元起');
  assert.equal(formatWhen(en, 'from_large_fund', doc.thresholds), 'From ¥100,000.00');
  assert.equal(formatWhen(en, 'always', doc.thresholds), 'Yes');
  assert.equal(formatValue(zh, ['categories', 'x', 'adhoc_allowed'], false), '否');
  assert.equal(formatValue(en, ['categories', 'x', 'notice_hours'], 48), '48 hours');
  assert.equal(formatValue(en, ['thresholds', 'tender_fen'], 50000000), '¥500,000.00');
  assert.equal(formatValue(zh, ['congress', 'quorum', 'compare'], 'at_least'), '不少于');
  assert.equal(formatValue(zh, ['city_version'], 2), '第 2 版');
  assert.equal(formatValue(zh, ['categories', 'x', 'notice_hours'], null), '—');
});

test('the major categories come first, then the others by name', () => {
  const doc = { categories: { routine_affairs: {}, large_fund: {}, budget_adjustment: {}, major_decision: {}, village_works: {} } };
  assert.deepEqual(categoryNames(doc), ['major_decision', 'large_fund', 'budget_adjustment', 'routine_affairs', 'village_works']);
  assert.deepEqual(categoryNames(null), []);
});
