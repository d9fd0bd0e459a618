/*
 * Browser test of works and purchases (docs/procurement.md,
 * docs/red-flags.md) against a running probity server with the demo data.
 *
 * The clerk registers a bidder on its register page (named so in the
 * navigation), with two declared relations typed one per line, and
 * corrects them in the edit form; then a purchase (single source, 40,000
 * yuan: the law's least period is no days) from a matter of the test's
 * own (the API), on its page: the design, the control price and the
 * tender (due at a whole minute: the form takes minutes). The rest on a
 * second purchase of the matter that the API brings to its tender, due
 * in seconds: on its page, the one bid received, the opening after the
 * deadline (meanwhile three evaluators are registered and the savings
 * page draws its chart), the panel drawn from the register, the bid
 * review on the score sheet (a missing score refused before it is sent),
 * the award, the contract, the acceptance and the settlement, with the
 * saving rate shown. Then the discipline secretary finds the single bid's
 * red flag (flag.single_bidder, named) in the to-do list, follows it to
 * the board and dismisses it with a reason. Screenshots
 * `procurement-bidders`, `procurement-bidder-form`, `procurement-sheet`,
 * `procurement-project` (and `procurement-project-en`, in English),
 * `procurement-savings`, `procurement-todo`, `procurement-red-flags`. Each
 * run adds one matter, one project tendering and one settled, one bidder
 * and three evaluators to Diankou (`PROBITY_TOWNSHIP`; login
 * `<township>.discipline` besides the clerk).
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, keepScreenshots, fillInput, expectNoViolations, BASE_URL, TOWNSHIP } from './browser.js';

const TIMEOUT = { timeout: 300000 };
const DISCIPLINE = `${TOWNSHIP}.discipline`;
const STAMP = Date.now().toString(36).toUpperCase().slice(-6);
const MATTER = `E2E 采购事项 ${STAMP}`;
const PROJECT = `E2E 办公设备采购 ${STAMP}`;
const FIRST = `E2E 办公家具采购 ${STAMP}`;
const BIDDER = `E2E 诸暨市办公设备有限公司 ${STAMP}`;

/* A unified social credit code (GB 32100-2015) with both check characters right: the GB 11714 organisation code's digit, then the code's own. */
function creditCode(eight) {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const value = (c) => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  const orgSum = [...eight].reduce((s, c, i) => s + value(c) * [3, 7, 9, 10, 5, 8, 4, 2][i], 0);
  const orgCheck = 11 - (orgSum % 11);
  const first = `91330681${eight}${orgCheck === 10 ? 'X' : orgCheck === 11 ? '0' : orgCheck}`;
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first].reduce((s, c, i) => s + chars.indexOf(c) * weights[i], 0);
  return first + chars[(31 - (sum % 31)) % 31];
}

/* Beijing's wall clock of `ms` as the date-time field takes it (YYYY-MM-DD HH:mm), and its day. */
const beijing = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');

/* Picks the choice of the FormDialog select `input` (its data-test) whose text matches, or the first. */
async function pick(page, input, text) {
  await page.click(`[data-test=${input}]`);
  const options = page.locator('.el-select-dropdown__item:visible');
  await options.first().waitFor();
  await (text ? options.filter({ hasText: text }).first() : options.first()).click();
  await page.waitForTimeout(300); /* the dropdown closes */
}

/* Types into the FormDialog date or date-time field of form item `item` (its data-test). */
async function fillDate(page, item, text) {
  const input = page.locator(`[data-test=${item}] input`);
  await input.fill(text);
  await input.press('Enter');
}

/* Saves the open FormDialog and waits for it to close. */
async function save(page) {
  await page.click('.el-dialog:visible [data-test=save]');
  await page.locator('.el-dialog:visible [data-test=save]').waitFor({ state: 'detached', timeout: 15000 }).catch(() => {});
  await page.locator('.el-overlay-dialog:visible').waitFor({ state: 'hidden' });
}

/* Waits until the project page shows status `label` as its current stage. */
async function atStage(page, label) {
  await page.locator('[data-test=project-stages] [aria-current=step]', { hasText: label }).waitFor();
}

/* Takes step `key` of the project page: opens its form, lets `fill` fill it, saves. */
async function step(page, key, fill = async () => {}) {
  await page.click(`[data-test=step-${key}]`);
  await page.locator('.el-dialog:visible').waitFor();
  await fill();
  await save(page);
}

test('a clerk takes a single-source purchase through every step; the discipline secretary dismisses its red flag', TIMEOUT, async () => {
  const clerk = await apiSession();
  const people = (await clerk.get(`/townships/${TOWNSHIP}/people?limit=5`)).items;
  const matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, { title: MATTER, category: 'procurement_minor', proposer_id: people[0].id });
  const evaluators = ['甲', '乙', '丙'].map((n) => `E2E 评委${n} ${STAMP}`);
  let projectPath = '';

  await withBrowser('procurement-clerk', async (page) => {
    /* The bidders' register. */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/bidders`);
    await logIn(page);
    await page.locator('[data-test=nav-bidders]', { hasText: '投标人名录' }).waitFor();
    await page.locator('[data-test=nav-evaluators]', { hasText: '评标专家名录' }).waitFor();
    assert.equal((await page.locator('[data-test=page-title]').innerText()).trim(), '投标人名录');
    await page.click('[data-test=bidder-create]');
    await page.fill('[data-test=bidder-name-input]', BIDDER);
    await page.fill('[data-test=bidder-registration_no-input]', creditCode(String(Date.now()).slice(-8)));
    await page.fill('[data-test=bidder-legal_representative-input]', '王建国');
    const relations = page.locator('textarea[data-test=bidder-relations-input], [data-test=bidder-relations-input] textarea').first();
    await relations.fill('王建军（法定代表人之兄，镇建设办）\n\n  李红  \n');
    await save(page);
    const bidderRow = page.locator('.bidder-row', { hasText: BIDDER });
    await bidderRow.waitFor();
    const registered = async () => (await clerk.get(`/townships/${TOWNSHIP}/bidders?limit=200`)).items.find((b) => b.name === BIDDER);
    assert.deepEqual((await registered()).relations, ['王建军（法定代表人之兄，镇建设办）', '李红'], 'one relation a line, trimmed, empty lines dropped');
    await bidderRow.locator('[data-test=bidder-edit]').click();
    await page.locator('.el-dialog:visible').waitFor();
    assert.equal(await relations.inputValue(), '王建军（法定代表人之兄，镇建设办）\n李红', 'the edit form shows them one a line');
    await relations.fill('王建军（法定代表人之兄，镇建设办）\n李红（镇财政所）');
    await keepScreenshots(page, 'procurement-bidder-form');
    await save(page);
    assert.deepEqual((await registered()).relations, ['王建军（法定代表人之兄，镇建设办）', '李红（镇财政所）']);
    await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 15000 }).catch(() => {});
    await keepScreenshots(page, 'procurement-bidders');

    /* The project, from the matter. */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/projects`);
    await page.locator('[data-test=project-create]').waitFor();
    await expectNoViolations(page, 'the projects');
    await page.click('[data-test=project-create]');
    await pick(page, 'project-matter_id-input', MATTER);
    await page.fill('[data-test=project-title-input]', FIRST);
    await pick(page, 'project-kind-input', '货物');
    await pick(page, 'project-method-input', '单一来源');
    await fillInput(page, '[data-test=project-amount_fen-input]', 40000);
    await save(page);
    await page.waitForURL(/\/projects\/\d+$/);
    const firstPath = new URL(page.url()).pathname;
    assert.equal((await page.locator('[data-test=page-title]').innerText()).trim(), FIRST);
    await atStage(page, '已立项');
    assert.equal((await page.locator('[data-test=project-matter]').innerText()).trim(), MATTER);

    await step(page, 'design', () => page.fill('[data-test=step-design-approved_by-input]', '诸暨市建筑设计院'));
    await atStage(page, '设计已审定');
    await step(page, 'controlPrice', () => page.fill('[data-test=step-controlPrice-reviewed_by-input]', '诸暨市造价咨询中心'));
    await atStage(page, '控制价已审核');
    assert.match(await page.locator('[data-test=project-control-price]').innerText(), /4\.00万元/);

    /* The tender, due at the next whole minute at least 25 seconds ahead (the field takes minutes). */
    await step(page, 'tender', () => fillDate(page, 'step-tender-submission_deadline-item', beijing(Math.ceil((Date.now() + 25000) / 60000) * 60000)));
    await atStage(page, '招标中');
    assert.match(await page.locator('[data-test=project-bids]').innerText(), /开标前投标内容保密/);

    /* The rest on a second purchase of the matter whose tender the API made due in seconds (the form takes minutes). */
    const today = beijing(Date.now()).slice(0, 10);
    const second = await clerk.write('POST', `/townships/${TOWNSHIP}/projects`, { matter_id: matter.id, title: PROJECT, kind: 'goods', method: 'single_source', amount_fen: 4000000 });
    await clerk.write('POST', `/projects/${second.id}/design`, { approved_by: '诸暨市建筑设计院', approved_on: today });
    await clerk.write('POST', `/projects/${second.id}/control_price`, { control_price_fen: 4000000, reviewed_by: '诸暨市造价咨询中心', reviewed_on: today });
    const due = Date.now() + 20000;
    await clerk.write('POST', `/projects/${second.id}/tender`, { submission_deadline: new Date(due).toISOString() });
    projectPath = firstPath.replace(/\d+$/, String(second.id));
    await page.goto(`${BASE_URL}${projectPath}`);
    await atStage(page, '招标中');
    await step(page, 'bid', async () => {
      await pick(page, 'step-bid-bidder_id-input', BIDDER);
      await fillInput(page, '[data-test=step-bid-price_fen-input]', 39000);
    });
    await page.locator('[data-test=bids-received]', { hasText: '已收到 1 份投标' }).waitFor();

    /* While the tender runs: the panel's register, and the savings page (the demo's years). */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/evaluators`);
    for (const name of evaluators) {
      await page.click('[data-test=evaluator-create]');
      await page.fill('[data-test=evaluator-name-input]', name);
      await page.fill('[data-test=evaluator-employer-input]', '诸暨市建设工程造价咨询中心');
      await page.fill('[data-test=evaluator-specialty-input]', '设备采购');
      await save(page);
      await page.locator('.evaluator-row', { hasText: name }).waitFor();
    }
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/savings`);
    await page.locator('[data-test=savings-echarts] svg').waitFor();
    await expectNoViolations(page, 'the savings');
    await keepScreenshots(page, 'procurement-savings');

    /* The opening, once the deadline has passed (the page asks for the project again then, and the button shows). */
    await page.goto(`${BASE_URL}${projectPath}`);
    await atStage(page, '招标中');
    await page.waitForTimeout(Math.max(0, due - Date.now()));
    await page.locator('[data-test=step-opening]').waitFor({ timeout: 20000 });
    await page.click('[data-test=step-opening]');
    await page.click('.step-confirm .el-button--primary');
    await atStage(page, '已开标');
    assert.match(await page.locator('[data-test=project-bids]').innerText(), /39,000\.00/);

    await step(page, 'panel', () => fillInput(page, '[data-test=step-panel-size-input]', 3));
    await page.locator('[data-test=panel-member]').nth(2).waitFor();

    /* The bid review on the score sheet: one score left out is named before anything is sent. */
    await page.click('[data-test=step-evaluation]');
    const sheet = page.locator('[data-test=score-sheet]');
    await sheet.locator('[data-test=score-table]').waitFor();
    for (let c = 0; c < 2; c += 1) {
      for (let m = 0; m < 3; m += 1) {
        if (c === 1 && m === 2) {
          continue;
        }
        await fillInput(page, `[data-test=score-0-${c}-${m}]`, 80 + c * 5 + m);
      }
    }
    await page.click('[data-test=score-sheet] [data-test=save]');
    assert.match(await page.locator('[data-test=sheet-problem]').innerText(), /还有 1 项未评分/);
    await fillInput(page, '[data-test=score-0-1-2]', 90);
    await expectNoViolations(page, 'the score sheet');
    await keepScreenshots(page, 'procurement-sheet');
    await page.click('[data-test=score-sheet] [data-test=save]');
    await atStage(page, '已评标');
    await step(page, 'award');
    await atStage(page, '已定标');
    assert.match(await page.locator('[data-test=project-bids]').innerText(), /中标/);

    await step(page, 'contract', () => fillDate(page, 'step-contract-ends_on-item', beijing(Date.now() + 90 * 86400000).slice(0, 10)));
    await atStage(page, '已签合同');
    await step(page, 'acceptance', async () => {
      await page.locator('textarea[data-test=step-acceptance-inspectors-input], [data-test=step-acceptance-inspectors-input] textarea').first().fill('张伟\n李娜');
      await pick(page, 'step-acceptance-result-input', '验收合格');
    });
    await atStage(page, '已验收');
    await step(page, 'settlement', () => page.fill('[data-test=step-settlement-audited_by-input]', '诸暨市审计局'));
    await atStage(page, '已决算');
    await page.locator('[data-test=steps-none]').waitFor();
    assert.equal((await page.locator('[data-test=figure-saving]').innerText()).trim(), '2.5%');
    assert.equal((await page.locator('[data-test=project-supplier]').innerText()).trim(), BIDDER);
    assert.match(await page.locator('[data-test=project-ocds]').getAttribute('href'), /^\/api\/v1\/projects\/\d+\/ocds$/);
    await expectNoViolations(page, 'a settled project');
    await keepScreenshots(page, 'procurement-project');

    /* The same page in English: the statuses and labels are the API's, the rest the catalogue's. */
    await page.click('[data-test=lang-en]');
    await atStage(page, 'settled');
    await page.locator('[data-test=steps-none]', { hasText: 'every step is done' }).waitFor();
    assert.match(await page.locator('[data-test=project-method]').innerText(), /single source/i);
    await keepScreenshots(page, 'procurement-project-en');
    await page.click('[data-test=lang-zh]');

  });

  await withBrowser('procurement-discipline', async (page) => {
    await page.goto(`${BASE_URL}/`);
    await logIn(page, DISCIPLINE);
    await page.goto(`${BASE_URL}/todo`);
    const row = page.locator('[data-test=todo-section-red_flags] [data-test=todo-row]', { hasText: PROJECT });
    await row.waitFor();
    assert.match(await row.innerText(), /有风险提示待核查/);
    assert.match(await row.innerText(), /只有一家投标/, 'the flag named');
    await keepScreenshots(page, 'procurement-todo');
    await row.locator('[data-test=todo-row-link]').click();
    await page.waitForURL(/\/red_flags\?status=open/);
    const flag = page.locator('.red-flag-row', { hasText: PROJECT });
    await flag.waitFor();
    assert.match(await flag.innerText(), /只有一家投标/);
    assert.match(await flag.innerText(), /R018/);
    await flag.locator('[data-test=red-flag-review]').click();
    await pick(page, 'review-outcome-input', '排除');
    await page.locator('textarea[data-test=review-reason-input], [data-test=review-reason-input] textarea').first().fill('单一来源采购，依法只邀请一家供应商');
    await save(page);
    await flag.waitFor({ state: 'detached' });
    await pick(page, 'red-flag-status-filter', '已排除');
    const dismissed = page.locator('.red-flag-row', { hasText: PROJECT });
    await dismissed.waitFor();
    assert.match(await dismissed.innerText(), /单一来源采购，依法只邀请一家供应商/);
    await expectNoViolations(page, 'the red-flag board');
    await keepScreenshots(page, 'procurement-red-flags');
  });

  const project = await clerk.get(`/projects/${projectPath.split('/').pop()}`);
  assert.equal(project.status, 'settled');
});
