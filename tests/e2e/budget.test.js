/*
 * Browser test of the budget pages against a running probity server with
 * the demo data. The clerk opens a fresh budget for a fiscal year no budget
 * of the township has yet (so the test runs again on the same server and
 * leaves the demo's budgets alone), proposes two lines and registers the
 * committee's study, which the committee then passes at a meeting of its
 * own (through the API; the meeting pages have their own test). The
 * congress officer records a failed vote (on record, nothing adopted), is
 * refused an inconsistent one with its rule, and records the vote that
 * adopts the budget. The clerk charges an expenditure and sees the bar
 * move, is refused an overdraw and, in English, a large expenditure that
 * cites no resolution; citing the study's resolution it goes through. At
 * last an adjustment, with its own study and congress vote. Every step is
 * checked against what the server stored.
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, pickOption, fillInput, BASE_URL, LOGIN, TOWNSHIP, CJK } from './browser.js';

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
 * The committee studies a matter at a meeting of its own held now: an
 * ad-hoc item (with a justification), everyone present, every member's
 * view with the secretary last, the vote and the result; then the record
 * is countersigned and finalised, so no meeting is left in progress.
 * Resolves to the passed agenda item's id.
 */
async function committeePasses(clerk, matterId) {
  const members = (await clerk.get(`/townships/${TOWNSHIP}/members`)).items;
  const meeting = expectStatus(await clerk.post(`/townships/${TOWNSHIP}/meetings`, {
    kind: 'committee',
    title: `E2E 预算研究 ${state.year}`,
    starts_at: new Date(Date.now() - 3600e3).toISOString(),
    place: '三楼会议室',
    convener_id: members[0].person_id,
  }), 201, 'schedule the meeting');
  const item = expectStatus(await clerk.post(`/meetings/${meeting.id}/items`, { matter_id: matterId, justification: 'E2E：预算草案提请研究' }), 201, 'put the study on the agenda');
  const path = `/items/${item.id}`;
  expectStatus(await clerk.post(`${path}/attendance`, { members: item.roster.map((m) => ({ person_id: m.person_id, present: true })) }), 200, 'attendance');
  for (const m of [...item.roster.filter((r) => !r.secretary), ...item.roster.filter((r) => r.secretary)]) {
    expectStatus(await clerk.post(`${path}/statements`, { person_id: m.person_id, view: 'agree', summary: '同意' }), 201, 'statement');
  }
  expectStatus(await clerk.post(`${path}/vote`, {}), 200, 'open the vote');
  for (const m of item.roster) {
    expectStatus(await clerk.post(`${path}/ballots`, { person_id: m.person_id, choice: 'agree' }), 201, 'ballot');
  }
  expectStatus(await clerk.post(`${path}/result`, { resolution: 'E2E 决议：同意提请镇人民代表大会审议' }), 200, 'result');
  const discipline = await apiSession(DISCIPLINE);
  expectStatus(await discipline.post(`/meetings/${meeting.id}/countersign`, {}), 200, 'countersign');
  expectStatus(await clerk.post(`/meetings/${meeting.id}/finalise`, {}), 200, 'finalise');
  return item.id;
}

/* Logs `login` in and opens the test's budget (a draft is not public). */
async function openBudget(page, login) {
  await page.goto(`${BASE_URL}/t/${TOWNSHIP}/budgets`);
  await logIn(page, login);
  await page.goto(`${BASE_URL}/t/${TOWNSHIP}/budgets/${state.budgetId}`);
  await page.locator('[data-test=steps]').waitFor();
}

/* Fills the congress vote's counts in the open dialog `dialog` (vote or adjust). */
async function fillCounts(page, dialog, [entitled, present, votesFor, against, abstentions]) {
  const counts = { entitled, present, votes_for: votesFor, votes_against: against, abstentions };
  for (const [key, value] of Object.entries(counts)) {
    await fillInput(page, `[data-test=${dialog}-dialog] [data-test=vote-${key}]`, value);
  }
}

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
    assert.match(await page.locator('[data-test=step-blocked-congress_vote]').innerText(), /procedure\.committee_study/);
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
    await pickOption(page, '[data-test=study-proposer_id-input]');
    await page.click('[data-test=save]');
    await page.locator('.budget-study-row').waitFor();
    assert.match(await page.locator('.budget-study-row').innerText(), /大额资金使用/);
  });

  const budget = await clerk.get(`/budgets/${state.budgetId}`);
  assert.equal(budget.fiscal_year, state.year);
  assert.equal(budget.status, 'draft');
  assert.deepEqual(budget.lines.map((l) => [l.purpose, l.amount_fen]), state.plan.map((l) => [l.purpose, l.yuan * 100]));
  assert.ok(budget.lines.every((l) => l.owner_id && l.department_id), 'each line has an owner and a department');
  assert.equal(budget.matters.length, 1);
  assert.equal(budget.matters[0].category, 'large_fund');
  state.lines = budget.lines.map((l) => l.id);
  state.resolution = await committeePasses(clerk, budget.matters[0].id);
});

test('the congress officer records a failed vote, is refused an inconsistent one, and adopts the budget', TIMEOUT, async () => {
  assert.ok(state.resolution, 'the draft was studied');
  const congress = await apiSession(CONGRESS);
  await withBrowser('budget-congress', async (page) => {
    await openBudget(page, CONGRESS);
    await page.locator('[data-test=step-next-congress_vote]').waitFor();
    assert.equal(await page.locator('[data-test=line-create]').count(), 0, 'the congress officer proposes no lines');

    /* 25 of 60 deputies for: a majority of those voting, but not more than half of all deputies. */
    await page.click('[data-test=vote-create]');
    await page.fill('[data-test=vote-dialog] [data-test=vote-session]', 'E2E 镇人民代表大会会议');
    await fillCounts(page, 'vote', [60, 50, 25, 20, 5]);
    const outcome = page.locator('[data-test=vote-dialog] [data-test=vote-outcome]');
    assert.match(await outcome.innerText(), /未通过[\s\S]*budget\.congress_rejected/);
    await page.click('[data-test=vote-save]');
    await page.locator('[data-test=budget-status]').filter({ hasText: '未批准' }).waitFor();
    assert.match(await page.locator('[data-test=budget-adoption-verdict]').innerText(), /budget\.congress_rejected/);
    const failed = (await congress.get(`/budgets/${state.budgetId}`)).congress_vote;
    assert.equal(failed.result.passed, false);
    assert.equal(failed.votes_for, 25);
    assert.equal((await page.locator('[data-test=vote-result]').innerText()).trim(), `未通过（需 ${failed.result.needed} 票，全体代表 60 人）`);

    /* Counts that do not add up: the page warns, the server refuses with the rule. */
    await page.click('[data-test=vote-create]');
    await page.fill('[data-test=vote-dialog] [data-test=vote-session]', 'E2E 镇人民代表大会会议（续）');
    await fillCounts(page, 'vote', [60, 50, 45, 10, 5]);
    assert.match(await outcome.innerText(), /congress\.tally/);
    await page.click('[data-test=vote-save]');
    const refusal = page.locator('[data-test=vote-error]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /规则 congress\.tally/);
    assert.match(await refusal.innerText(), CJK);

    await fillCounts(page, 'vote', [60, 50, 45, 3, 2]);
    assert.match(await outcome.innerText(), /通过。/);
    await page.click('[data-test=vote-save]');
    await page.locator('[data-test=budget-status]').filter({ hasText: '已批准' }).waitFor();
    await page.locator('[data-test=step-next-expenditure]').waitFor();
    assert.match(await page.locator('[data-test=step-blocked-add_line]').innerText(), /procedure\.budget_adopted/);
  });

  const budget = await congress.get(`/budgets/${state.budgetId}`);
  assert.equal(budget.status, 'adopted');
  assert.equal(budget.adopted_fen, 7 * state.threshold * 100);
  assert.equal(budget.congress_vote.votes_for, 45);
  assert.equal(budget.congress_vote.result.passed, true);
});

test('the clerk charges expenditures: the bar moves, an overdraw and an uncited large sum are refused', TIMEOUT, async () => {
  assert.ok(state.lines, 'the budget was adopted');
  const [first, second] = state.lines;
  const T = state.threshold;
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
    assert.match(await refusal.innerText(), /规则 budget\.overdraw/);
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
    assert.match(await refusal.innerText(), /\(rule budget\.large_fund_resolution\)/);
    assert.doesNotMatch(await refusal.innerText(), CJK, 'the refusal is in English');

    await pickOption(page, '[data-test=expenditure-resolution]', `#${state.resolution} `);
    await page.click('[data-test=expenditure-save]');
    await page.locator('.expenditure-row').nth(1).waitFor();
    await bar.filter({ hasText: '40%' }).waitFor();
    assert.match(await page.locator('[data-test=expenditure-resolution-link]').innerText(), new RegExp(`#${state.resolution}`));
    assert.equal((await page.locator('[data-test=line-remaining]').innerText()).trim(), yuanText(3 * T));
  });

  const clerk = await apiSession(LOGIN);
  const line = await clerk.get(`/budget_lines/${first}`);
  assert.deepEqual(line.expenditures.map((e) => [e.amount_fen, e.resolution_id]), [[50 * T, null], [150 * T, state.resolution]]);
  assert.equal(line.remaining_fen, 300 * T);
  assert.equal((await clerk.get(`/budget_lines/${second}`)).spent_fen, 0, 'the refused overdraw left nothing behind');
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

  await withBrowser('budget-adjustment', async (page) => {
    await openBudget(page, CONGRESS);
    await page.click('[data-test=adjust-create]');
    await page.fill('[data-test=adjust-reason]', 'E2E 文化礼堂增加设备');
    await fillInput(page, `[data-test=adjust-line-${second}] [data-test=adjust-delta]`, state.threshold / 5);
    await page.fill('[data-test=adjust-dialog] [data-test=vote-session]', 'E2E 镇人民代表大会会议');
    await fillCounts(page, 'adjust', [60, 45, 40, 3, 2]);
    assert.match(await page.locator('[data-test=adjust-dialog] [data-test=vote-outcome]').innerText(), /通过。/);
    await page.click('[data-test=adjust-save]');
    await page.locator('.budget-adjustment-row').filter({ hasText: '已批准' }).waitFor();
  });

  const budget = await clerk.get(`/budgets/${state.budgetId}`);
  const adjustment = budget.adjustments.find((a) => a.matter_id === study.id);
  assert.equal(adjustment.status, 'adopted');
  assert.deepEqual(adjustment.changes, [{ budget_line_id: second, delta_fen: 20 * state.threshold }]);
  assert.equal(budget.lines.find((l) => l.id === second).allocated_fen, 220 * state.threshold);
});
