/*
 * Browser test of the budget pages against a running probity server with
 * the demo data. The clerk opens a fresh budget for a fiscal year no budget
 * of the township has yet (so the test runs again on the same server and
 * leaves the demo's budgets alone), proposes two lines and registers the
 * committee's study (a major decision: its form asks for no budget line or
 * period), then on the matters page a large-fund matter that names the
 * first line and a period (fields the form shows only for a spending
 * category); the committee passes both, and another large-fund matter for
 * the second line, at a meeting of its own (through the API; the meeting
 * pages have their own test). The congress officer records a failed vote
 * with its figures by hand (two deputies not yet on the roll), answering
 * the justification asked for: on record, flagged, nothing adopted. Then,
 * picking the absent deputies from the roll, is refused an inconsistent
 * vote with its rule, and records the vote that adopts the budget,
 * entitled and present counted from the roll. The clerk charges an
 * expenditure and sees the bar move, is refused an overdraw and, in
 * English, a large expenditure that cites no resolution; the resolution
 * picker offers exactly the resolutions the API says authorise spending
 * from the line, and citing the first line's one it goes through. Going
 * beyond what that resolution still authorises is warned of and refused;
 * its item page shows what was spent citing it, and so does the
 * resolutions page. At last an adjustment, with its own study and congress
 * vote, its absent deputy picked by name. Every step is checked against
 * what the server stored.
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, pickOption, fillInput, keepScreenshots, BASE_URL, LOGIN, TOWNSHIP, CJK } from './browser.js';

const TIMEOUT = { timeout: 240000 };
const CONGRESS = `${TOWNSHIP}.congress`;
const DISCIPLINE = `${TOWNSHIP}.discipline`;

/* What the tests hand on to each other, in order. */
const state = {};

/* Amounts in yuan as the pages show them: 万元 in Chinese, yuan in English. */
const grouped = (n) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const wan = (yuan) => `${grouped(yuan / 10000)}万元`;
const yuanText = (yuan) => `¥${grouped(yuan)}`;

/*
 * The two lines, in multiples of the large-fund threshold T of the
 * rulebook in force (100,000 yuan in the demo): 5T and 2T, so that T/2 is
 * an ordinary expenditure, 1.5T a large one and 2.5T overdraws the second.
 */
async function planLines(api) {
  const rulebook = await api.get(`/rulebook?township=${TOWNSHIP}`);
  state.threshold = rulebook.in_force.document.thresholds.large_fund_fen / 100;
  state.plan = [
    { purpose: 'E2E 村道养护', yuan: 5 * state.threshold },
    { purpose: 'E2E 文化礼堂', yuan: 2 * state.threshold },
  ];
}

/* The first fiscal year from 2001 that the township has no budget for (a year no demo budget uses). */
async function unusedYear(api) {
  const years = new Set((await api.get(`/townships/${TOWNSHIP}/budgets?limit=200`)).items.map((b) => b.fiscal_year));
  let year = 2001;
  while (years.has(year)) {
    year += 1;
  }
  return year;
}

function expectStatus(res, status, what) {
  assert.equal(res.status, status, `${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body && res.body.item;
}

/*
 * The committee studies matters at a meeting of its own held now: for
 * each, an ad-hoc item (with a justification), everyone present, every
 * member's view with the secretary last, the vote and the result; then the
 * record is countersigned and finalised, so no meeting is left in
 * progress. Resolves to the passed agenda items' ids, in the matters'
 * order.
 */
async function committeePasses(clerk, ...matterIds) {
  const members = (await clerk.get(`/townships/${TOWNSHIP}/members`)).items;
  const meeting = expectStatus(await clerk.post(`/townships/${TOWNSHIP}/meetings`, {
    kind: 'committee',
    title: `E2E 预算研究 ${state.year}`,
    starts_at: new Date(Date.now() - 3600e3).toISOString(),
    place: '三楼会议室',
    convener_id: members[0].person_id,
  }), 201, 'schedule the meeting');
  const items = [];
  for (const matterId of matterIds) {
    const item = expectStatus(await clerk.post(`/meetings/${meeting.id}/items`, { matter_id: matterId, justification: 'E2E：提请党委会议研究' }), 201, 'put the matter on the agenda');
    const path = `/items/${item.id}`;
    expectStatus(await clerk.post(`${path}/attendance`, { members: item.roster.map((m) => ({ person_id: m.person_id, present: true })) }), 200, 'attendance');
    for (const m of [...item.roster.filter((r) => !r.secretary), ...item.roster.filter((r) => r.secretary)]) {
      expectStatus(await clerk.post(`${path}/statements`, { person_id: m.person_id, view: 'agree', summary: '同意' }), 201, 'statement');
    }
    expectStatus(await clerk.post(`${path}/vote`, {}), 200, 'open the vote');
    for (const m of item.roster) {
      expectStatus(await clerk.post(`${path}/ballots`, { person_id: m.person_id, choice: 'agree' }), 201, 'ballot');
    }
    expectStatus(await clerk.post(`${path}/result`, { resolution: 'E2E 决议：同意' }), 200, 'result');
    items.push(item.id);
  }
  const discipline = await apiSession(DISCIPLINE);
  expectStatus(await discipline.post(`/meetings/${meeting.id}/countersign`, {}), 200, 'countersign');
  expectStatus(await clerk.post(`/meetings/${meeting.id}/finalise`, {}), 200, 'finalise');
  return items;
}

/* Types a date into the FormDialog date field `item` (the form item's data-test). */
async function fillDate(page, item, date) {
  const input = page.locator(`[data-test=${item}] input`);
  await input.fill(date);
  await input.press('Enter');
}

/* Changes the Element Plus select `selector`, which already shows a choice, to its option containing `text`. */
async function changeOption(page, selector, text) {
  const list = await page.locator(`${selector} input[aria-controls]`).getAttribute('aria-controls');
  await page.locator(`[id="${list}"]`).waitFor({ state: 'hidden' });
  await page.click(selector);
  await page.locator(`[id="${list}"] .el-select-dropdown__item:visible`).filter({ hasText: text }).first().click();
  await page.locator(selector).filter({ hasText: text }).waitFor();
}

/* The data-test ids of the options of the open resolution picker: the resolution ids it offers. */
async function offeredResolutions(page) {
  const list = await page.locator('[data-test=expenditure-resolution] input[aria-controls]').getAttribute('aria-controls');
  const options = page.locator(`[id="${list}"] .el-select-dropdown__item`);
  const tests = await options.evaluateAll((els) => els.map((el) => el.getAttribute('data-test')));
  return tests.map((test) => Number(String(test).replace('expenditure-resolution-', ''))).sort((a, b) => a - b);
}

/* Logs `login` in and opens the test's budget (a draft is not public). */
async function openBudget(page, login) {
  await page.goto(`${BASE_URL}/t/${TOWNSHIP}/budgets`);
  await logIn(page, login);
  await page.goto(`${BASE_URL}/t/${TOWNSHIP}/budgets/${state.budgetId}`);
  await page.locator('[data-test=steps]').waitFor();
}

const DEPUTY_ROLES = ['chair', 'vice_chair', 'member'];

/*
 * The roll of the township congress as the server counts it: `deputies`,
 * the people holding its chair's, vice chair's or deputies' post today,
 * each once ([{person_id, name}]), and `first`, the first day any deputy
 * on record took office (before it, the roll is empty).
 */
async function congressRoll(api) {
  const congress = (await api.get(`/townships/${TOWNSHIP}/bodies?limit=200`)).items.find((b) => b.class === 'congress');
  assert.ok(congress, 'the township has a congress on record');
  const memberships = async (query) => (await api.get(`/organizations/${congress.id}/memberships?limit=200${query}`)).items
    .filter((m) => DEPUTY_ROLES.includes(m.role));
  const deputies = new Map();
  for (const m of await memberships('&current=1')) {
    deputies.set(m.person_id, { person_id: m.person_id, name: m.person_name });
  }
  const first = (await memberships('')).map((m) => m.start_date).sort()[0];
  return { deputies: [...deputies.values()], first };
}

/* Fills the congress vote's votes in the open dialog `dialog` (vote or adjust). */
async function fillVotes(page, dialog, [votesFor, against, abstentions]) {
  const counts = { votes_for: votesFor, votes_against: against, abstentions };
  for (const [key, value] of Object.entries(counts)) {
    await fillInput(page, `[data-test=${dialog}-dialog] [data-test=vote-${key}]`, value);
  }
}

/*
 * Picks deputies absent in the open dialog `dialog`'s roll: `count` of
 * them, the first listed not yet picked, or with `search` the first whose
 * name matches what is typed into the select. Each pick is checked to
 * have become a tag of the select (a click on a list still opening can be
 * swallowed: it is tried again). Closes the list and resolves to the
 * names picked.
 */
async function pickAbsent(page, dialog, { count = 1, search = null } = {}) {
  const select = page.locator(`[data-test=${dialog}-dialog] [data-test=vote-absent]`);
  const input = select.locator('input[aria-controls]');
  const list = await input.getAttribute('aria-controls');
  const options = page.locator(`[id="${list}"] [data-test=vote-absent-option]:visible:not(.is-selected)`);
  const tags = select.locator('.el-tag');
  const names = [];
  for (let i = 0; i < count; i += 1) {
    const before = await tags.count();
    for (let attempt = 0; ; attempt += 1) {
      if (!(await options.count())) {
        await select.click();
      }
      if (search && (await input.inputValue()) !== search) {
        await input.fill(search);
      }
      const option = search ? options.filter({ hasText: search }).first() : options.first();
      const name = (await option.innerText()).trim();
      await option.click();
      try {
        await page.waitForFunction(([el, n]) => el.querySelectorAll('.el-tag').length > n, [await select.elementHandle(), before], { timeout: 2000 });
        names.push(name);
        break;
      } catch (error) {
        if (attempt === 2) {
          throw error;
        }
      }
    }
  }
  await page.locator(`[data-test=${dialog}-dialog] [data-test=vote-session]`).click();
  await page.locator(`[id="${list}"]`).waitFor({ state: 'hidden' });
  return names;
}

/* Types `date` ("YYYY-MM-DD") into the open dialog `dialog`'s date of the vote. */
async function dateVote(page, dialog, date) {
  const input = page.locator(`[data-test=${dialog}-dialog] .el-date-editor input`);
  await input.fill(date);
  await input.press('Enter');
  await page.locator(`[data-test=${dialog}-dialog] [data-test=vote-session]`).click();
}

/* Closes the messages a save leaves at the top of the page, so that a screenshot shows the page itself. */
async function dismissMessages(page) {
  for (const close of await page.locator('.el-message .el-message__closeBtn').all()) {
    await close.click().catch(() => {});
  }
  await page.locator('.el-message').first().waitFor({ state: 'detached' }).catch(() => {});
}

/* The figures the open dialog `dialog` counts from the roll: [entitled, present]. */
async function rollFigures(page, dialog) {
  const figure = async (key) => Number((await page.locator(`[data-test=${dialog}-dialog] [data-test=vote-roll-${key}]`).innerText()).trim());
  return [await figure('entitled'), await figure('present')];
}

/* Answers the justification the server asks for (runStep's prompt). */
async function justify(page, text) {
  const box = page.locator('.justify-box');
  await box.waitFor();
  await box.locator('textarea').fill(text);
  await box.locator('.el-message-box__btns .el-button--primary').click();
}

const sorted = (names) => [...names].sort();

test('the clerk opens a budget, proposes two lines and registers the committee\'s study', TIMEOUT, async () => {
  const clerk = await apiSession(LOGIN);
  state.year = await unusedYear(clerk);
  await planLines(clerk);
  await withBrowser('budget-draft', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/budgets`);
    await logIn(page);
    await page.click('[data-test=budget-create]');
    await fillInput(page, '[data-test=budget-fiscal_year-input]', state.year);
    await page.fill('[data-test=budget-title-input]', `E2E ${state.year}年度预算`);
    await page.click('[data-test=save]');
    await page.waitForURL(/\/budgets\/\d+$/);
    state.budgetId = Number(page.url().match(/\/budgets\/(\d+)$/)[1]);
    assert.equal((await page.locator('[data-test=budget-status]').innerText()).trim(), '草案');
    /* The congress may not vote before the committee has studied the draft, and the page says why. */
    const notYet = page.locator('[data-test=step-blocked-congress_vote]');
    assert.match(await notYet.innerText(), /预算草案须先经党委会研究通过/);
    assert.equal(await notYet.getAttribute('data-rule'), 'procedure.committee_study', 'the rule is named off the text');
    assert.equal(await page.locator('[data-test=vote-create]').count(), 0, 'the clerk does not record congress votes');

    for (const [i, line] of state.plan.entries()) {
      await page.click('[data-test=line-create]');
      await page.fill('[data-test=line-purpose-input]', line.purpose);
      await fillInput(page, '[data-test=line-amount_fen-input]', line.yuan);
      await pickOption(page, '[data-test=line-department_id-input]');
      await pickOption(page, '[data-test=line-owner_id-input]');
      await page.click('[data-test=save]');
      await page.locator('.budget-line-row').nth(i).waitFor();
    }
    assert.equal((await page.locator('[data-test=budget-lines-total]').innerText()).trim(), wan(7 * state.threshold));

    await page.click('[data-test=study-create]');
    assert.match(await page.locator('[data-test=study-title-input]').inputValue(), /E2E/);
    /* The draft's study authorises no spending of its own: no budget line or period to name. */
    assert.equal(await page.locator('[data-test=study-budget_line_id-item]').count(), 0);
    assert.equal(await page.locator('[data-test=study-spend_from-item]').count(), 0);
    await pickOption(page, '[data-test=study-proposer_id-input]');
    await page.click('[data-test=save]');
    await page.locator('.budget-study-row').waitFor();
    assert.match(await page.locator('.budget-study-row').innerText(), /重大决策/);
  });

  const budget = await clerk.get(`/budgets/${state.budgetId}`);
  assert.equal(budget.fiscal_year, state.year);
  assert.equal(budget.status, 'draft');
  assert.deepEqual(budget.lines.map((l) => [l.purpose, l.amount_fen]), state.plan.map((l) => [l.purpose, l.yuan * 100]));
  assert.ok(budget.lines.every((l) => l.owner_id && l.department_id), 'each line has an owner and a department');
  assert.equal(budget.matters.length, 1);
  assert.equal(budget.matters[0].category, 'major_decision');
  assert.equal(budget.matters[0].budget_line_id ?? null, null);
  state.lines = budget.lines.map((l) => l.id);
  state.study = budget.matters[0].id;
});

test('a large-fund matter names its budget line and period, and the committee passes it with the study', TIMEOUT, async () => {
  assert.ok(state.lines, 'the budget has its lines');
  const [first, second] = state.lines;
  const T = state.threshold;
  const clerk = await apiSession(LOGIN);
  const title = `E2E ${state.year} 村道硬化工程资金使用`;
  await withBrowser('budget-spending-matter', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/matters`);
    await logIn(page);
    await page.click('[data-test=matter-create]');
    await page.fill('[data-test=matter-title-input]', title);
    /* The budget line and the period show only for a category whose resolution authorises spending. */
    const line = page.locator('[data-test=matter-budget_line_id-item]');
    assert.equal(await line.count(), 0, 'no category yet: no budget line');
    await pickOption(page, '[data-test=matter-category-input]', '重大决策');
    assert.equal(await line.count(), 0, 'a major decision names no budget line');
    await changeOption(page, '[data-test=matter-category-input]', '大额资金使用');
    await line.waitFor();
    await page.locator('[data-test=matter-spend_until-item]').waitFor();
    assert.match(await page.locator('[data-test=matter-budget_line_id-note]').innerText(), /须写明预算线或承办部门/);
    await fillInput(page, '[data-test=matter-amount_fen-input]', 2 * T);
    await pickOption(page, '[data-test=matter-proposer_id-input]');
    await pickOption(page, '[data-test=matter-budget_line_id-input]', `E2E 村道养护 · E2E ${state.year}年度预算`);
    await fillDate(page, 'matter-spend_from-item', `${state.year}-01-01`);
    await fillDate(page, 'matter-spend_until-item', `${state.year}-12-31`);
    await page.click('[data-test=save]');
    await page.waitForURL(/\/matters\/\d+$/);
    state.spendingMatter = Number(page.url().match(/\/matters\/(\d+)$/)[1]);
  });

  const matter = await clerk.get(`/matters/${state.spendingMatter}`);
  assert.equal(matter.title, title);
  assert.equal(matter.category, 'large_fund');
  assert.equal(matter.amount_fen, 200 * T);
  assert.equal(matter.budget_line_id, first);
  assert.deepEqual([matter.spend_from, matter.spend_until], [`${state.year}-01-01`, `${state.year}-12-31`]);
  /* Another line's large fund, registered through the API: not to be offered on the first line. */
  const other = expectStatus(await clerk.post(`/townships/${TOWNSHIP}/matters`, {
    title: `E2E ${state.year} 文化礼堂设备资金使用`,
    category: 'large_fund',
    amount_fen: 100 * T,
    proposer_id: matter.proposer_id,
    budget_line_id: second,
    spend_from: `${state.year}-01-01`,
    spend_until: `${state.year}-12-31`,
  }), 201, 'register the second line\'s large fund');
  [state.resolution, state.spending, state.otherSpending] = await committeePasses(clerk, state.study, state.spendingMatter, other.id);
});

test('the congress officer records a failed vote by hand, is refused an inconsistent one, and adopts the budget from the roll', TIMEOUT, async () => {
  assert.ok(state.resolution, 'the draft was studied');
  const congress = await apiSession(CONGRESS);
  const { deputies, first } = await congressRoll(congress);
  const N = deputies.length;
  assert.ok(N >= 40, `the demo's congress has its deputies on record (${N})`);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const JUSTIFICATION = 'E2E：两名新当选代表尚未登记入代表名册';
  let picked = [];
  await withBrowser('budget-congress', async (page) => {
    await openBudget(page, CONGRESS);
    await page.locator('[data-test=step-next-congress_vote]').waitFor();
    assert.equal(await page.locator('[data-test=line-create]').count(), 0, 'the congress officer proposes no lines');

    /*
     * By hand: two deputies elected but not yet on the roll make N + 2
     * entitled; two on the roll were absent, so N present. Half of N + 2
     * for is not more than half of all deputies: the vote fails, and is
     * recorded with its justification.
     */
    await page.click('[data-test=vote-create]');
    await page.fill('[data-test=vote-dialog] [data-test=vote-session]', 'E2E 镇人民代表大会会议');
    assert.deepEqual(await rollFigures(page, 'vote'), [N, N], 'the roll counts every deputy in office today');
    /* Dated before the deputies' term, the roll is empty: the dialog says so and offers only the figures by hand. */
    const before = new Date(Date.parse(`${first}T00:00:00Z`) - 86400e3).toISOString().slice(0, 10);
    await dateVote(page, 'vote', before);
    const none = page.locator('[data-test=vote-dialog] [data-test=vote-no-deputies]');
    await none.waitFor();
    assert.ok((await none.innerText()).includes(`在 ${before} 没有在任代表的记录`), await none.innerText());
    assert.equal(await page.locator('[data-test=vote-dialog] [data-test=vote-absent]').count(), 0);
    assert.equal(await page.locator('[data-test=vote-dialog] [data-test=vote-by-hand]').count(), 0, 'no choice: the figures by hand are the only way');
    await page.locator('[data-test=vote-dialog] [data-test=vote-entitled]').waitFor();
    await dateVote(page, 'vote', today);
    assert.deepEqual(await rollFigures(page, 'vote'), [N, N]);
    assert.equal(await none.count(), 0);
    picked = await pickAbsent(page, 'vote', { count: 2 });
    assert.deepEqual(await rollFigures(page, 'vote'), [N, N - 2]);
    await page.click('[data-test=vote-dialog] [data-test=vote-by-hand]');
    await fillInput(page, '[data-test=vote-dialog] [data-test=vote-entitled]', N + 2);
    await fillInput(page, '[data-test=vote-dialog] [data-test=vote-present]', N);
    const half = Math.floor((N + 2) / 2);
    await fillVotes(page, 'vote', [half, 10, 5]);
    const outcome = page.locator('[data-test=vote-dialog] [data-test=vote-outcome]');
    assert.match(await outcome.innerText(), /未通过[\s\S]*budget\.congress_rejected/);
    await page.click('[data-test=vote-save]');
    await justify(page, JUSTIFICATION);
    await page.locator('[data-test=budget-status]').filter({ hasText: '未批准' }).waitFor();
    assert.match(await page.locator('[data-test=budget-adoption-verdict]').innerText(), /budget\.congress_rejected/);
    const failed = (await congress.get(`/budgets/${state.budgetId}`)).congress_vote;
    assert.equal(failed.result.passed, false);
    assert.deepEqual([failed.roll, failed.entitled, failed.present, failed.votes_for], ['by_hand', N + 2, N, half]);
    assert.equal(failed.justification, JUSTIFICATION);
    assert.equal(failed.roll_verdict.rule, 'congress.manual_count');
    assert.deepEqual(sorted(failed.absent.map((a) => a.name)), sorted(picked));
    assert.equal((await page.locator('[data-test=vote-result]').innerText()).trim(), `未通过（需 ${failed.result.needed} 票，全体代表 ${N + 2} 人）`);
    assert.equal((await page.locator('[data-test=vote-attendance]').innerText()).trim(), `应到 ${N + 2} 人 / 实到 ${N} 人（手工填写）`);
    const flag = await page.locator('[data-test=vote-by-hand-flag]').innerText();
    assert.ok(flag.includes(`人数手工填写，理由：${JUSTIFICATION}`) && flag.includes('congress.manual_count'), flag);
    await page.locator('[data-test=budget-vote]').scrollIntoViewIfNeeded();
    await dismissMessages(page);
    await keepScreenshots(page, 'budget-vote-by-hand');

    /* From the roll: three absent, one of them found by name; counts that do not add up are warned of and refused with the rule. */
    await page.click('[data-test=vote-create]');
    await page.fill('[data-test=vote-dialog] [data-test=vote-session]', 'E2E 镇人民代表大会会议（续）');
    assert.equal(await page.locator('[data-test=vote-dialog] [data-test=vote-entitled]').count(), 0, 'the dialog opens on the roll again');
    picked = [
      ...await pickAbsent(page, 'vote', { count: 2 }),
      ...await pickAbsent(page, 'vote', { search: deputies[N - 1].name }),
    ];
    assert.deepEqual(await rollFigures(page, 'vote'), [N, N - 3]);
    await fillVotes(page, 'vote', [N - 3, 5, 0]);
    assert.match(await outcome.innerText(), /congress\.tally/);
    await page.click('[data-test=vote-save]');
    const refusal = page.locator('[data-test=vote-error]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /依据规则：congress\.tally/);
    assert.match(await refusal.innerText(), CJK);

    await fillVotes(page, 'vote', [N - 8, 3, 2]);
    assert.match(await outcome.innerText(), /通过。/);
    await keepScreenshots(page, 'budget-vote-dialog');
    await page.click('[data-test=vote-save]');
    await page.locator('[data-test=budget-status]').filter({ hasText: '已批准' }).waitFor();
    /* The congress officer is offered the steps they may take: an adjustment, not an expenditure. */
    await page.locator('[data-test=step-next-adjust]').waitFor();
    assert.equal(await page.locator('[data-test=step-next-expenditure]').count(), 0);
    assert.equal(await page.locator('[data-test=step-blocked-add_line]').getAttribute('data-rule'), 'procedure.budget_adopted');
    assert.equal((await page.locator('[data-test=vote-attendance]').innerText()).trim(), `应到 ${N} 人（代表名册）/ 实到 ${N - 3} 人`);
    assert.deepEqual(sorted((await page.locator('[data-test=vote-absent-value]').innerText()).trim().split('、')), sorted(picked));
    assert.equal(await page.locator('[data-test=vote-by-hand-flag]').count(), 0, 'a vote counted from the roll carries no flag');
    await page.locator('[data-test=budget-vote]').scrollIntoViewIfNeeded();
    await dismissMessages(page);
    await keepScreenshots(page, 'budget-vote-panel');
  });

  const budget = await congress.get(`/budgets/${state.budgetId}`);
  assert.equal(budget.status, 'adopted');
  assert.equal(budget.adopted_fen, 7 * state.threshold * 100);
  const v = budget.congress_vote;
  assert.deepEqual([v.roll, v.entitled, v.present, v.votes_for], ['record', N, N - 3, N - 8], 'entitled is the roll, present the roll less the absent');
  assert.deepEqual(sorted(v.absent.map((a) => a.name)), sorted(picked));
  assert.equal(v.justification, null);
  assert.equal(v.result.passed, true);
});

test('the clerk charges expenditures: the bar moves, an overdraw and an uncited large sum are refused', TIMEOUT, async () => {
  assert.ok(state.lines, 'the budget was adopted');
  const [first, second] = state.lines;
  const T = state.threshold;
  const clerk = await apiSession(LOGIN);
  await withBrowser('budget-expenditures', async (page) => {
    await openBudget(page, LOGIN);
    await page.locator(`[data-test=budget-line-link][href$="/budget_lines/${first}"]`).click();
    await page.waitForURL(/\/budget_lines\/\d+$/);
    const bar = page.locator('[data-test=spend-bar] .el-progress__text');
    assert.equal((await bar.innerText()).trim(), '0%');

    await page.click('[data-test=expenditure-create]');
    await fillInput(page, '[data-test=expenditure-amount]', T / 2);
    await page.fill('[data-test=expenditure-purpose]', 'E2E 诸暨路桥公司，村道修补');
    assert.equal(await page.locator('[data-test=expenditure-resolution]').count(), 0, 'below the threshold no resolution is asked for');
    await page.click('[data-test=expenditure-save]');
    await page.locator('.expenditure-row').waitFor();
    await bar.filter({ hasText: '10%' }).waitFor();
    assert.equal((await page.locator('[data-test=line-spent]').innerText()).trim(), wan(T / 2));

    /* The second line has 2T: 2.5T would overdraw it. */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/budget_lines/${second}`);
    await page.click('[data-test=expenditure-create]');
    await fillInput(page, '[data-test=expenditure-amount]', 2.5 * T);
    await page.fill('[data-test=expenditure-purpose]', 'E2E 超支');
    await page.locator('[data-test=expenditure-overdraw]').waitFor();
    await page.click('[data-test=expenditure-save]');
    const refusal = page.locator('[data-test=expenditure-error]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /依据规则：budget\.overdraw/);
    assert.match(await refusal.innerText(), CJK);
    await page.click('[data-test=expenditure-cancel]');

    /* In English: 1.5T is past the large-fund threshold and must cite a resolution. */
    await page.click('[data-test=lang-en]');
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/budget_lines/${first}`);
    await page.locator('[data-test=expenditure-create]').filter({ hasText: 'Record an expenditure' }).click();
    await fillInput(page, '[data-test=expenditure-amount]', 1.5 * T);
    await page.fill('[data-test=expenditure-purpose]', 'E2E Zhuji Roads Co., resurfacing');
    await page.locator('[data-test=expenditure-resolution]').waitFor();
    const note = await page.locator('[data-test=expenditure-threshold]').innerText();
    assert.ok(note.includes(`${yuanText(T)} or more must cite`), note);
    await page.click('[data-test=expenditure-save]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /Rule: budget\.large_fund_resolution/, 'the rule on the detail line');
    assert.doesNotMatch(await refusal.innerText(), CJK, 'the refusal is in English');

    /* The picker offers the resolutions that authorise spending from this line, as the API lists them: not the study's, not the other line's. */
    const authorising = (await clerk.get(`/townships/${TOWNSHIP}/resolutions?spending_line=${first}&limit=200`)).items;
    assert.ok(authorising.every((r) => r.authorises_spending));
    const ids = authorising.map((r) => r.id).sort((a, b) => a - b);
    assert.ok(ids.includes(state.spending), 'the first line\'s large fund authorises spending from it');
    assert.ok(!ids.includes(state.resolution) && !ids.includes(state.otherSpending), 'the study and the other line\'s do not');
    await page.click('[data-test=expenditure-resolution]');
    await page.locator(`[data-test=expenditure-resolution-${state.spending}]`).waitFor();
    assert.deepEqual(await offeredResolutions(page), ids);
    const choice = await page.locator(`[data-test=expenditure-resolution-${state.spending}]`).innerText();
    assert.ok(choice.includes(`${yuanText(2 * T)} left`) && choice.includes(`${state.year}-01-01 to ${state.year}-12-31`), choice);
    await pickOption(page, '[data-test=expenditure-resolution]', `E2E ${state.year} 村道硬化工程`);
    assert.equal(await page.locator('[data-test=expenditure-resolution-exceeded]').count(), 0, 'within what it authorises');
    await page.click('[data-test=expenditure-save]');
    await page.locator('.expenditure-row').nth(1).waitFor();
    await bar.filter({ hasText: '40%' }).waitFor();
    /* The resolution is named by its matter, and links to its item. */
    const cited = page.locator('[data-test=expenditure-resolution-link]');
    assert.equal((await cited.innerText()).trim(), `E2E ${state.year} 村道硬化工程资金使用`);
    assert.match(await cited.getAttribute('href'), new RegExp(`/items/${state.spending}$`));
    assert.equal((await page.locator('[data-test=line-remaining]').innerText()).trim(), yuanText(3 * T));

    /* In Chinese again (the page read anew, its steps in Chinese too): T more would go beyond the 0.5T the resolution still authorises; the page warns, the server refuses. */
    await page.click('[data-test=lang-zh]');
    await page.reload();
    await page.locator('[data-test=expenditure-create]').filter({ hasText: '登记支出' }).click();
    await fillInput(page, '[data-test=expenditure-amount]', T);
    await page.fill('[data-test=expenditure-purpose]', 'E2E 诸暨路桥公司，追加工程款');
    await pickOption(page, '[data-test=expenditure-resolution]', `E2E ${state.year} 村道硬化工程`);
    const exceeded = page.locator('[data-test=expenditure-resolution-exceeded]');
    await exceeded.waitFor();
    assert.match(await exceeded.innerText(), new RegExp(`${wan(T / 2)}[\\s\\S]*budget\\.resolution_exceeded`));
    assert.equal((await page.locator('[data-test=expenditure-resolution-terms]').innerText()).trim(),
      `该决议授权 ${wan(2 * T)}，已支出 ${wan(1.5 * T)}，尚可支出 ${wan(T / 2)}；资金使用期限 ${state.year}-01-01 至 ${state.year}-12-31`);
    await keepScreenshots(page, 'expenditure-resolution');
    await page.click('[data-test=expenditure-save]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /依据规则：budget\.resolution_exceeded/);
    await page.click('[data-test=expenditure-cancel]');

    /* On the second line the picker has only that line's resolution. */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/budget_lines/${second}`);
    await page.click('[data-test=expenditure-create]');
    await fillInput(page, '[data-test=expenditure-amount]', 1.5 * T);
    await page.click('[data-test=expenditure-resolution]');
    await page.locator(`[data-test=expenditure-resolution-${state.otherSpending}]`).waitFor();
    const secondIds = (await clerk.get(`/townships/${TOWNSHIP}/resolutions?spending_line=${second}&limit=200`)).items.map((r) => r.id).sort((a, b) => a - b);
    assert.deepEqual(await offeredResolutions(page), secondIds);
    assert.ok(!secondIds.includes(state.spending));
  });

  const line = await clerk.get(`/budget_lines/${first}`);
  assert.deepEqual(line.expenditures.map((e) => [e.amount_fen, e.resolution_id]), [[50 * T, null], [150 * T, state.spending]]);
  assert.equal(line.remaining_fen, 300 * T);
  assert.equal((await clerk.get(`/budget_lines/${second}`)).spent_fen, 0, 'the refused overdraw left nothing behind');
});

test('a resolution\'s item page and the resolutions page show what was spent citing it', TIMEOUT, async () => {
  assert.ok(state.spending, 'an expenditure cited the large fund\'s resolution');
  const T = state.threshold;
  const clerk = await apiSession(LOGIN);
  const spending = (await clerk.get(`/items/${state.spending}`)).spending;
  assert.deepEqual([spending.authorised_fen, spending.spent_fen, spending.left_fen], [200 * T, 150 * T, 50 * T]);
  await withBrowser('budget-item-spending', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/resolutions`);
    await logIn(page);
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/items/${state.spending}`);
    const section = page.locator('[data-test=spending-section]');
    await section.waitFor();
    const text = (test) => section.locator(`[data-test=${test}]`).innerText();
    assert.equal((await text('spending-authorised')).trim(), wan(2 * T));
    assert.equal((await text('spending-spent')).trim(), wan(1.5 * T));
    assert.equal((await text('spending-left')).trim(), wan(T / 2));
    assert.equal((await text('spending-line')).trim(), 'E2E 村道养护');
    assert.equal((await text('spending-period')).trim(), `${state.year}-01-01 至 ${state.year}-12-31`);
    const rows = section.locator('.spending-expenditure-row');
    assert.equal(await rows.count(), 1, 'the expenditure citing it, not the line\'s others');
    const row = await rows.first().innerText();
    assert.ok(row.includes(`${state.year}-12-31`) && row.includes('E2E Zhuji Roads Co., resurfacing') && row.includes(yuanText(1.5 * T)), row);
    await section.scrollIntoViewIfNeeded();
    await keepScreenshots(page, 'item-spending');
    /* Another item's page has no spending section: the study authorises none. */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/items/${state.resolution}`);
    await page.locator('[data-test=task-section]').waitFor();
    assert.equal(await page.locator('[data-test=spending-section]').count(), 0);

    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/resolutions`);
    const listed = page.locator('.resolution-row').filter({ hasText: `E2E ${state.year} 村道硬化工程` });
    await listed.waitFor();
    assert.equal((await listed.locator('[data-test=resolution-spending]').innerText()).replace(/\s+/g, ' ').trim(), `已支出 ${wan(1.5 * T)} / 授权 ${wan(2 * T)}`);
    const study = page.locator('.resolution-row').filter({ has: page.locator(`a[href$="/items/${state.resolution}"]`) });
    assert.equal(await study.locator('[data-test=resolution-spending]').count(), 0, 'blank for a resolution that authorises no spending');
  });
});

test('an adjustment goes through its own study and congress vote', TIMEOUT, async () => {
  assert.ok(state.lines, 'the budget was adopted');
  const second = state.lines[1];
  const clerk = await apiSession(LOGIN);
  await withBrowser('budget-adjustment-study', async (page) => {
    await openBudget(page, LOGIN);
    await page.click('[data-test=adjust-study-create]');
    await pickOption(page, '[data-test=study-proposer_id-input]');
    await page.click('[data-test=save]');
    await page.locator('.budget-study-row').nth(1).waitFor();
  });
  const study = (await clerk.get(`/budgets/${state.budgetId}`)).matters.find((m) => m.category === 'budget_adjustment');
  assert.ok(study, 'the adjustment study is linked to the budget');
  await committeePasses(clerk, study.id);

  const { deputies } = await congressRoll(clerk);
  const N = deputies.length;
  let absent = [];
  await withBrowser('budget-adjustment', async (page) => {
    await openBudget(page, CONGRESS);
    await page.click('[data-test=adjust-create]');
    await page.fill('[data-test=adjust-reason]', 'E2E 文化礼堂增加设备');
    await fillInput(page, `[data-test=adjust-line-${second}] [data-test=adjust-delta]`, state.threshold / 5);
    await page.fill('[data-test=adjust-dialog] [data-test=vote-session]', 'E2E 镇人民代表大会会议');
    absent = await pickAbsent(page, 'adjust', { search: deputies[0].name });
    assert.deepEqual(await rollFigures(page, 'adjust'), [N, N - 1]);
    await fillVotes(page, 'adjust', [N - 6, 3, 2]);
    assert.match(await page.locator('[data-test=adjust-dialog] [data-test=vote-outcome]').innerText(), /通过。/);
    await page.click('[data-test=adjust-save]');
    const row = page.locator('.budget-adjustment-row').filter({ hasText: '已批准' });
    await row.waitFor();
    assert.equal((await row.locator('[data-test=vote-attendance-cell] > div').first().innerText()).trim(), `应到 ${N} 人（代表名册）/ 实到 ${N - 1} 人`);
    assert.equal((await row.locator('[data-test=vote-absent-names]').innerText()).trim(), `缺席：${absent[0]}`);
    await page.locator('[data-test=budget-adjustments]').scrollIntoViewIfNeeded();
    await dismissMessages(page);
    await keepScreenshots(page, 'budget-adjustments');
  });

  const budget = await clerk.get(`/budgets/${state.budgetId}`);
  const adjustment = budget.adjustments.find((a) => a.matter_id === study.id);
  assert.equal(adjustment.status, 'adopted');
  assert.deepEqual(adjustment.changes, [{ budget_line_id: second, delta_fen: 20 * state.threshold }]);
  assert.equal(budget.lines.find((l) => l.id === second).allocated_fen, 220 * state.threshold);
  const v = adjustment.congress_vote;
  assert.deepEqual([v.roll, v.entitled, v.present], ['record', N, N - 1]);
  assert.deepEqual(v.absent.map((a) => a.name), absent);
});
