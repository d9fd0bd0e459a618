/* Tests of what the to-do page makes of GET /api/v1/todo (todo.js; run with `npm test`): the sections each role's answer gives, in order, the total, and each row's words in both languages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SECTIONS, sectionsOf, todoTotal, todoRow, daysBetween, verdictText } from './todo.js';
import zhCN from './zh-CN.js';
import en from './en.js';
import { entityEnumOf, choiceText } from '../../entities.js';
import { LABELS_DOC } from '../../labelsTestDoc.js';

/* The catalogue's words, as vue-i18n gives them ({name} filled in). */
function translator(catalogue) {
  const lookup = (key) => key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), catalogue);
  const t = (key, params = {}) => {
    const text = lookup(key);
    assert.equal(typeof text, 'string', `the catalogue has ${key}`);
    return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
  };
  return { t, te: (key) => typeof lookup(key) === 'string' };
}

/* 2026-12-07 09:00 in Beijing. */
const NOW = Date.parse('2026-12-07T01:00:00Z');
const labels = (locale) => ({
  category: (c) => choiceText(entityEnumOf(LABELS_DOC, 'matter', 'category'), c, locale),
  itemStatus: (s) => choiceText(entityEnumOf(LABELS_DOC, 'agenda_item', 'status'), s, locale),
  meetingKind: (k) => ({ committee: locale === 'en' ? 'Committee meeting' : '党委会议' }[k] || k),
  budgetStatus: (s) => ({ draft: locale === 'en' ? 'Draft' : '草案' }[s] || s),
  noticeChange: (c) => ({ postponed: locale === 'en' ? 'The meeting is postponed' : '会议延期', cancelled: locale === 'en' ? 'The meeting is cancelled' : '会议取消' }[c] || c),
});
const zh = { ...translator(zhCN), tid: 'diankou', locale: 'zh-CN', now: NOW, labels: labels('zh-CN') };
const english = { ...translator(en), tid: 'diankou', locale: 'en', now: NOW, labels: labels('en') };

const ITEM = {
  item_id: 34, meeting_id: 11, meeting_title: '党委会议', starts_at: '2026-12-06T22:30:00.000Z', place: '镇党委三楼会议室',
  matter_title: '湖西社区河道清淤资金使用', category: 'large_fund',
};

/* Answers shaped as the server gives them to each role (only the sections it can act on). */
const MEMBER = {
  township: 'diankou',
  counts: { notices: 2, statements: 0, ballots: 1, my_tasks: 0 },
  notices: [{ id: 302, sent_at: '2026-12-03T22:30:00.000Z', adhoc: 0, ...ITEM }, { id: 303, adhoc: 1, ...ITEM, item_id: 35 }],
  statements: [],
  ballots: [{ ...ITEM, secret: 1 }],
  my_tasks: [],
};
const CLERK = {
  township: 'diankou',
  counts: { meetings: 1, tasks: 0 },
  meetings: [{ id: 11, title: '党委会议', kind: 'committee', starts_at: '2026-12-10T01:00:00Z', place: '三楼会议室', items: 3, items_open: 3, notices_pending: 5 }],
  tasks: [],
};
const DISCIPLINE = {
  township: 'diankou',
  counts: { notices: 0, statements: 0, ballots: 0, countersign: 0, late_items: 1, exceptions: 1, my_tasks: 0 },
  notices: [], statements: [], ballots: [], countersign: [], my_tasks: [],
  late_items: [{ ...ITEM, status: 'passed', notified_at: '2026-12-06T06:30:00.000Z', notice_justification: '汛期应急，需立即研究' }],
  exceptions: [{
    ...ITEM, step: 'notice', justification: '汛期应急，需立即研究', at: '2026-12-06T06:30:00.000Z',
    verdict: { kind: 'flag', rule: 'notice.min_hours', field: 'notified_at', message_zh: '议题在会前 16 小时告知，少于规定的 48 小时，属临时动议', message_en: 'notified 16 hours before the meeting; at least 48 required: an ad-hoc motion' },
  }],
};

test('each role\'s sections in the order of what must be done first, those with rows before the empty ones', () => {
  assert.deepEqual(sectionsOf(MEMBER).map((s) => s.key), ['ballots', 'notices', 'statements', 'my_tasks']);
  assert.deepEqual(sectionsOf(CLERK).map((s) => s.key), ['meetings', 'tasks']);
  assert.deepEqual(sectionsOf(DISCIPLINE).map((s) => s.key),
    ['late_items', 'exceptions', 'ballots', 'statements', 'notices', 'countersign', 'my_tasks']);
  assert.deepEqual(sectionsOf({ township: 'diankou', counts: { budgets: 0 }, budgets: [] }), [{ key: 'budgets', rows: [], count: 0 }]);
  assert.deepEqual(sectionsOf({ township: null, counts: {} }), [], 'a city-wide role that named no township');
  assert.deepEqual(sectionsOf(null), []);
  assert.deepEqual(sectionsOf({ counts: { news: 1 }, news: [{}] }), [], 'a section the page does not know is not shown');
  assert.equal(new Set(SECTIONS).size, 11);
});

test('the total is the sum of the sections\' counts', () => {
  assert.equal(todoTotal(MEMBER), 3);
  assert.equal(todoTotal(CLERK), 1);
  assert.equal(todoTotal(DISCIPLINE), 2);
  assert.equal(todoTotal({ township: null, counts: {} }), 0);
  assert.equal(todoTotal({ counts: {}, notices: [{}, {}] }), 2, 'without a count: the rows');
  assert.equal(todoTotal({ counts: { notices: 1, news: 4 }, notices: [{}] }), 1, 'only what the page shows');
  assert.equal(todoTotal(null), null);
});

test('a notice: what to acknowledge, the meeting\'s time in Beijing, a button and a link to the item', () => {
  const row = todoRow('notices', MEMBER.notices[0], zh);
  assert.equal(row.text, '请确认收到“湖西社区河道清淤资金使用”的会议通知');
  assert.deepEqual(row.meta, ['党委会议', '2026-12-07 06:30', '镇党委三楼会议室']);
  assert.deepEqual(row.tags, [{ text: '大额资金使用', type: 'info' }]);
  assert.equal(row.acknowledge, 302);
  assert.deepEqual(row.link, { to: { name: 'item', params: { tid: 'diankou', id: 34 } }, label: '查看议题' });
  const adhoc = todoRow('notices', MEMBER.notices[1], english);
  assert.equal(adhoc.text, 'Acknowledge the meeting notice of "湖西社区河道清淤资金使用"');
  assert.deepEqual(adhoc.tags.map((x) => x.text), ['Use of large funds', 'Ad-hoc motion']);
});

test('a notice carries its matter\'s meeting materials; other rows none', () => {
  const material = { id: 7, township_id: 'diankou', matter_id: 12, name: '清淤工程预算.pdf', media_type: 'application/pdf', size_bytes: 52000, personnel: false };
  assert.deepEqual(todoRow('notices', { ...MEMBER.notices[0], materials: [material] }, zh).materials, [material]);
  assert.deepEqual(todoRow('notices', MEMBER.notices[0], zh).materials, [], 'an answer without materials');
  assert.deepEqual(todoRow('ballots', { ...MEMBER.ballots[0], materials: [material] }, zh).materials, []);
});

test('a notice of a change says the meeting is postponed or cancelled, and tags it', () => {
  const postponed = todoRow('notices', { ...MEMBER.notices[0], change: 'postponed', starts_at: '2026-12-09T01:00:00.000Z' }, zh);
  assert.equal(postponed.text, '会议延期：请确认收到“湖西社区河道清淤资金使用”的新时间');
  assert.deepEqual(postponed.meta, ['党委会议', '2026-12-09 09:00', '镇党委三楼会议室'], 'the new start, in Beijing time');
  assert.deepEqual(postponed.tags.at(-1), { text: '会议延期', type: 'warning' });
  const cancelled = todoRow('notices', { ...MEMBER.notices[0], change: 'cancelled' }, english);
  assert.equal(cancelled.text, 'Meeting cancelled: acknowledge that "湖西社区河道清淤资金使用" will not be considered at it');
  assert.deepEqual(cancelled.tags.at(-1), { text: 'The meeting is cancelled', type: 'danger' });
  assert.equal(cancelled.acknowledge, 302, 'acknowledged like any notice');
});

test('a statement says when it is the secretary\'s turn to speak last; a ballot when it is secret', () => {
  const mine = todoRow('statements', { ...ITEM, last: 0 }, zh);
  assert.equal(mine.text, '请对“湖西社区河道清淤资金使用”发表意见');
  assert.equal(mine.turn, '');
  assert.equal(mine.link.label, '进入会议室');
  assert.equal(todoRow('statements', { ...ITEM, last: 1 }, zh).turn, '轮到您最后发言');
  assert.equal(todoRow('statements', { ...ITEM, last: 1 }, english).turn, 'Your turn: you speak last');
  const ballot = todoRow('ballots', MEMBER.ballots[0], zh);
  assert.equal(ballot.text, '请对“湖西社区河道清淤资金使用”投票');
  assert.deepEqual(ballot.tags.map((x) => x.text), ['大额资金使用', '无记名投票']);
  assert.deepEqual(todoRow('ballots', { ...ITEM, secret: 0 }, zh).tags.map((x) => x.text), ['大额资金使用']);
});

test('a clerk\'s meeting: what it needs, by its state', () => {
  const coming = CLERK.meetings[0];
  const row = todoRow('meetings', coming, zh);
  assert.equal(row.text, '筹备“党委会议”：5 份会议通知尚未确认');
  assert.deepEqual(row.meta, ['党委会议', '2026-12-10 09:00', '三楼会议室']);
  assert.deepEqual(row.facts, ['议题 3 项，未审结 3 项', '未确认通知 5 份']);
  assert.deepEqual(row.link.to, { name: 'meeting', params: { tid: 'diankou', id: 11 } });
  assert.equal(todoRow('meetings', { ...coming, notices_pending: 0 }, zh).text, '筹备“党委会议”：会议通知均已确认');
  assert.deepEqual(todoRow('meetings', { ...coming, notices_pending: 0 }, zh).facts, ['议题 3 项，未审结 3 项', '通知均已确认']);
  const started = { ...coming, starts_at: '2026-12-07T00:00:00Z', items_open: 2 };
  assert.equal(todoRow('meetings', started, zh).text, '“党委会议”进行中：2 项议题尚未审结');
  assert.equal(todoRow('meetings', { ...started, items_open: 0, notices_pending: 0 }, zh).text, '“党委会议”的议题均已审结：请送纪委书记会签后定稿');
  const empty = todoRow('meetings', { ...coming, items: 0, items_open: 0, notices_pending: 0 }, english);
  assert.equal(empty.text, 'Put items on the agenda of "党委会议"');
  assert.deepEqual(empty.facts, ['No items yet']);
  assert.equal(empty.meta[0], 'Committee meeting');
});

test('the discipline secretary\'s lists: minutes to countersign, a late item and a rule exception with their justification', () => {
  const sign = todoRow('countersign', { id: 12, title: '党委会议', starts_at: '2026-11-10T22:30:00Z', place: '三楼会议室', items: 4 }, zh);
  assert.equal(sign.text, '会签“党委会议”的会议记录');
  assert.deepEqual(sign.meta, ['2026-11-11 06:30', '三楼会议室']);
  assert.deepEqual(sign.facts, ['议题 4 项']);
  assert.deepEqual(sign.link.to, { name: 'meeting', params: { tid: 'diankou', id: 12 } });

  const late = todoRow('late_items', DISCIPLINE.late_items[0], zh);
  assert.equal(late.text, '临时增加的议题：“湖西社区河道清淤资金使用”');
  assert.deepEqual(late.facts, ['通知时间 2026-12-06 14:30', '状态：通过']);
  assert.deepEqual(late.quote, { label: '理由', text: '汛期应急，需立即研究' });
  assert.deepEqual(todoRow('late_items', { ...ITEM, notice_justification: null }, english).quote, { label: 'Justification', text: 'No justification given' });

  const exception = todoRow('exceptions', DISCIPLINE.exceptions[0], zh);
  assert.equal(exception.text, '会前通知：议题在会前 16 小时告知，少于规定的 48 小时，属临时动议');
  assert.deepEqual(exception.meta, ['议题“湖西社区河道清淤资金使用”', '党委会议', '2026-12-06 14:30']);
  assert.deepEqual(exception.quote, { label: '理由', text: '汛期应急，需立即研究' });
  assert.equal(todoRow('exceptions', DISCIPLINE.exceptions[0], english).text,
    'Notice: notified 16 hours before the meeting; at least 48 required: an ad-hoc motion');
  assert.match(todoRow('exceptions', { ...DISCIPLINE.exceptions[0], step: 'recusal' }, zh).text, /^recusal：/, 'a step the page does not name');
  assert.notEqual(exception.key, todoRow('exceptions', { ...DISCIPLINE.exceptions[0], step: 'attendance' }, zh).key);
});

test('tasks: overdue ones with their owner in the UI language and how late; one\'s own; a budget for the congress', () => {
  const overdue = {
    id: 13, description: '按决议抓好落实并按期报告进度', due_date: '2026-11-11', owner_id: 2, owner_name: '宣丽婷', owner_name_en: 'Xuan Liting',
    meeting_id: 10, matter_title: '湖西社区污水管网改造工程项目安排',
  };
  const row = todoRow('tasks', overdue, zh);
  assert.equal(row.text, '逾期未完成：按决议抓好落实并按期报告进度');
  assert.deepEqual(row.meta, ['负责人 宣丽婷', '截止 2026-11-11', '决议“湖西社区污水管网改造工程项目安排”']);
  assert.deepEqual(row.tags, [{ text: '已逾期 26 天', type: 'danger' }]);
  assert.deepEqual(row.link.to, { name: 'tasks', params: { tid: 'diankou' }, query: { overdue: '1' } });
  assert.equal(todoRow('tasks', overdue, english).meta[0], 'Owner Xuan Liting');

  const mine = todoRow('my_tasks', { id: 14, description: '报送方案', due_date: '2026-12-07', meeting_id: 10, matter_title: '敬老院修缮' }, zh);
  assert.equal(mine.text, '落实：报送方案');
  assert.deepEqual(mine.tags, [{ text: '今天到期', type: 'warning' }]);
  assert.deepEqual(todoRow('my_tasks', { id: 15, description: '报送方案', due_date: '2026-12-31' }, zh).tags, []);

  const budget = todoRow('budgets', { id: 7, fiscal_year: 2027, title: '2027年度预算', status: 'draft' }, zh);
  assert.equal(budget.text, '“2027年度预算”待人大表决');
  assert.deepEqual(budget.meta, ['2027 年度', '草案']);
  assert.deepEqual(budget.link.to, { name: 'budget', params: { tid: 'diankou', id: 7 } });
  assert.equal(todoRow('unknown', {}, zh), null);
});

test('days between two dates, and a rule\'s message in the UI language', () => {
  assert.equal(daysBetween('2026-11-11', '2026-12-07'), 26);
  assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
  assert.equal(daysBetween('2026-12-07', '2026-12-07'), 0);
  assert.equal(daysBetween('2026-12-08', '2026-12-07'), -1);
  const verdict = DISCIPLINE.exceptions[0].verdict;
  assert.match(verdictText(verdict, 'zh-CN'), /小时/);
  assert.match(verdictText(verdict, 'en'), /hours/);
  assert.equal(verdictText({ rule: 'x.y', message_zh: '中文' }, 'en'), '中文');
  assert.equal(verdictText({ rule: 'x.y' }, 'en'), 'x.y');
  assert.equal(verdictText(null, 'en'), '');
});

test('both languages have the same words', () => {
  const keys = (obj, prefix = '') => Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
  assert.deepEqual(keys(zhCN).sort(), keys(en).sort());
});

test('the discipline secretary\'s red flags: the project and the flag named, linking to the open flags of the board', () => {
  const row = { id: 7, project_id: 3, flag: 'flag.single_bidder', raised_at: '2026-12-06T06:30:00Z', project_title: '湖西路面硬化', title: '只有一家投标' };
  const answer = { township: 'diankou', counts: { red_flags: 1 }, red_flags: [row] };
  assert.deepEqual(sectionsOf(answer).map((s) => s.key), ['red_flags']);
  assert.equal(todoTotal(answer), 1);
  const zhRow = todoRow('red_flags', row, zh);
  assert.equal(zhRow.text, '项目“湖西路面硬化”有风险提示待核查：只有一家投标');
  assert.deepEqual(zhRow.meta, ['提示时间 2026-12-06 14:30']);
  assert.deepEqual(zhRow.link.to, { name: 'redFlags', params: { tid: 'diankou' }, query: { status: 'open' } });
  assert.ok(!JSON.stringify(zhRow).includes('flag.single_bidder'), 'no flag id shown');
  assert.equal(todoRow('red_flags', { ...row, title: 'single bid received' }, english).text, 'A red flag on “湖西路面硬化” to review: single bid received');
  assert.equal(todoRow('red_flags', { ...row, title: undefined }, zh).text, '项目“湖西路面硬化”有风险提示待核查', 'without a title, the project alone');
});
