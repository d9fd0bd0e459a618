/* Unit tests of rulebookDiff.js: the field-by-field diff and its description in both languages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffRulebooks, describeDiff, isMetaPath } from './rulebookDiff.js';
import { textFor, cityDocument } from './rulebookTestText.js';

const zh = textFor('zh-CN');
const en = textFor('en');

test('the same document has no changes', () => {
  assert.deepEqual(diffRulebooks(cityDocument(), cityDocument()), []);
  assert.deepEqual(diffRulebooks({}, {}), []);
});

test('key order does not matter', () => {
  const reversed = (value) => (value && typeof value === 'object'
    ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]))
    : value);
  const b = reversed(cityDocument());
  assert.notDeepEqual(Object.keys(b), Object.keys(cityDocument()));
  assert.deepEqual(diffRulebooks(cityDocument(), b), []);
});

test('changes are listed leaf by leaf, sorted by path, as the server lists them', () => {
  const old = cityDocument();
  const changed = cityDocument();
  changed.version = 3;
  changed.categories.major_decision.notice_hours = 72;
  changed.categories.cadre_appointment.quorum = { compare: 'more_than', numerator: 3, denominator: 4 };
  changed.actions['notice.adhoc'] = 'refuse';
  changed.thresholds.large_fund_fen = 20000000;
  assert.deepEqual(diffRulebooks(old, changed), [
    { path: 'actions.notice.adhoc', old: 'flag', new: 'refuse' },
    { path: 'categories.cadre_appointment.quorum.compare', old: 'at_least', new: 'more_than' },
    { path: 'categories.cadre_appointment.quorum.denominator', old: 3, new: 4 },
    { path: 'categories.cadre_appointment.quorum.numerator', old: 2, new: 3 },
    { path: 'categories.major_decision.notice_hours', old: 48, new: 72 },
    { path: 'thresholds.large_fund_fen', old: 10000000, new: 20000000 },
    { path: 'version', old: 2, new: 3 },
  ]);
});

test('a key only one side has shows null on the other', () => {
  const old = cityDocument();
  const added = cityDocument();
  added.categories.village_works = { ...added.categories.major_decision };
  delete added.actions['statement.incomplete'];
  assert.deepEqual(diffRulebooks(old, added), [
    { path: 'actions.statement.incomplete', old: 'refuse', new: null },
    { path: 'categories.village_works', old: null, new: added.categories.village_works },
  ]);
  assert.deepEqual(diffRulebooks(null, { version: 1 }), [{ path: 'version', old: null, new: 1 }]);
});

test('the inputs are not changed and the result does not share their objects', () => {
  const old = cityDocument();
  const added = cityDocument();
  added.categories.extra = { notice_hours: 1 };
  const diff = diffRulebooks(old, added);
  diff[0].new.notice_hours = 2;
  assert.equal(added.categories.extra.notice_hours, 1);
  assert.deepEqual(old, cityDocument());
});

test('a change is described by category, field and values in Chinese', () => {
  const rows = describeDiff([{ path: 'categories.major_decision.notice_hours', old: 72, new: 73 }], zh);
  assert.equal(rows.length, 1);
  assert.deepEqual(
    { section: rows[0].section, field: rows[0].field, old: rows[0].old, new: rows[0].new, category: rows[0].category, meta: rows[0].meta },
    { section: '重大决策', field: '提前告知（小时）', old: '72 小时', new: '73 小时', category: 'major_decision', meta: false },
  );
});

test('the same change in English', () => {
  const [row] = describeDiff([{ path: 'categories.major_decision.notice_hours', old: 72, new: 73 }], en);
  assert.equal(row.section, 'Major decision');
  assert.equal(row.field, 'Notification (hours)');
  assert.equal(row.old, '72 hours');
  assert.equal(row.new, '73 hours');
});

test('booleans, "when" values, amounts and rule actions are shown in words', () => {
  const diff = [
    { path: 'actions.notice.adhoc', old: 'flag', new: 'refuse' },
    { path: 'categories.cadre_appointment.secret_ballot', old: true, new: false },
    { path: 'categories.procurement_minor.collective', old: 'from_large_fund', new: 'always' },
    { path: 'thresholds.large_fund_fen', old: 10000000, new: 20000000 },
  ];
  const rows = describeDiff(diff, zh);
  assert.deepEqual(rows.map((r) => [r.section, r.field, r.old, r.new]), [
    ['违反规则时的处理', '临时动议（会前未告知）', '标记（说明理由后可继续）', '拒绝'],
    ['干部任免', '无记名投票', '是', '否'],
    ['一般采购', '须集体决策', '达大额资金标准起', '是'],
    ['金额标准', '大额资金标准', '10.00万元', '20.00万元'],
  ]);
  const english = describeDiff(diff, en);
  assert.deepEqual(english.map((r) => [r.old, r.new]), [
    ['flag (go ahead with a justification)', 'refuse'],
    ['Yes', 'No'],
    ['From the large-fund threshold', 'Yes'],
    ['¥100,000.00', '¥200,000.00'],
  ]);
});

test('with the new document, "from a threshold" shows its amount and a quorum change is one row', () => {
  const doc = cityDocument();
  doc.categories.cadre_appointment.quorum = { compare: 'more_than', numerator: 3, denominator: 4 };
  doc.categories.procurement_minor.ballot = 'from_tender';
  const diff = [
    { path: 'categories.cadre_appointment.quorum.compare', old: 'at_least', new: 'more_than' },
    { path: 'categories.cadre_appointment.quorum.denominator', old: 3, new: 4 },
    { path: 'categories.cadre_appointment.quorum.numerator', old: 2, new: 3 },
    { path: 'categories.procurement_minor.ballot', old: 'from_large_fund', new: 'from_tender' },
  ];
  const rows = describeDiff(diff, zh, doc);
  assert.deepEqual(rows.map((r) => [r.path, r.section, r.field, r.old, r.new]), [
    ['categories.cadre_appointment.quorum', '干部任免', '法定到会人数', '不少于 2/3', '超过 3/4'],
    ['categories.procurement_minor.ballot', '一般采购', '须票决', '10.00万元起', '50.00万元起'],
  ]);
  const [quorum] = describeDiff(diff, en, doc);
  assert.equal(quorum.old, 'at least 2/3');
  assert.equal(quorum.new, 'more than 3/4');
});

test('a pass rule names its base; without the document each part is its own row', () => {
  const doc = cityDocument();
  doc.congress.pass.base = 'present';
  const diff = [{ path: 'congress.pass.base', old: 'entitled', new: 'present' }];
  const [grouped] = describeDiff(diff, zh, doc);
  assert.equal(grouped.section, '人大表决');
  assert.equal(grouped.field, '通过规则');
  assert.equal(grouped.old, '超过 1/2（按应到人数计）');
  assert.equal(grouped.new, '超过 1/2（按实到人数计）');
  const [leaf] = describeDiff(diff, en);
  assert.equal(leaf.field, 'Pass rule · Counted against');
  assert.equal(leaf.old, 'those entitled');
  assert.equal(leaf.new, 'those present');
});

test('version changes are marked as such and described', () => {
  const diff = [
    { path: 'effective_from', old: '2026-09-01T16:00:00.000Z', new: '2026-11-30T02:00:00.000Z' },
    { path: 'version', old: 0, new: 1 },
  ];
  const rows = describeDiff(diff, zh);
  assert.deepEqual(rows.map((r) => r.meta), [true, true]);
  assert.equal(rows[0].old, '2026-09-02 00:00:00');
  assert.equal(rows[0].new, '2026-11-30 10:00:00');
  assert.equal(rows[1].old, '无（沿用全市规则）');
  assert.equal(rows[1].new, '第 1 版');
  assert.ok(isMetaPath('version') && !isMetaPath('categories.major_decision.version'));
});

test('unknown fields and categories fall back to their names', () => {
  const [row] = describeDiff([{ path: 'categories.village_works', old: null, new: { notice_hours: 24 } }], en);
  assert.equal(row.section, 'village_works');
  assert.equal(row.field, 'the whole category');
  assert.equal(row.old, '—');
  assert.equal(row.new, '{"notice_hours":24}');
  const [rule] = describeDiff([{ path: 'actions.some.rule', old: 'refuse', new: 'flag' }], en);
  assert.equal(rule.field, 'some.rule');
});

test('a partial threshold (in an override) is not grouped', () => {
  const override = { categories: { major_decision: { quorum: { numerator: 2 } } } };
  const rows = describeDiff([{ path: 'categories.major_decision.quorum.numerator', old: 1, new: 2 }], zh, override);
  assert.deepEqual(rows.map((r) => [r.field, r.old, r.new]), [['法定到会人数 · 分子', '1', '2']]);
});
