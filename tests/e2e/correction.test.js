/*
 * Browser test of correcting a mis-entered record: at a meeting of the
 * test's own held now, a member's statement was recorded as 同意; the
 * clerk corrects it to 不同意 with a reason in the meeting room and finds
 * the statement marked 已更正 with what it was and why, while the member
 * sees their own statement offered for correction and another's not. On a
 * budget line the clerk corrects an expenditure's amount with a reason:
 * the line's figures follow and the row keeps what it replaced.
 * Screenshots `correction-statement` and `correction-expenditure`; axe
 * runs on both pages. Each run adds one meeting, one matter and one small
 * expenditure to the demo, named uniquely.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, keepScreenshots, expectNoViolations, pickOption, fillInput, BASE_URL, LOGIN, TOWNSHIP } from './browser.js';

const TIMEOUT = { timeout: 240000 };

test('the clerk corrects a mis-entered statement with its reason; the original is kept', TIMEOUT, async () => {
  const clerk = await apiSession(LOGIN);
  const member = await apiSession(`${TOWNSHIP}.member`);
  const people = (await clerk.get(`/townships/${TOWNSHIP}/members`)).items;
  const secretary = people.find((m) => m.role === 'secretary');
  const stamp = Date.now() % 100000;
  const meeting = await clerk.write('POST', `/townships/${TOWNSHIP}/meetings`, {
    kind: 'committee',
    title: `E2E 党委会议（更正）${stamp}`,
    starts_at: new Date(Date.now() - 3600e3).toISOString(),
    place: '镇党委三楼会议室',
    convener_id: secretary.person_id,
  });
  const matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, { title: `E2E 垃圾分类收运方案 ${stamp}`, category: 'major_decision', proposer_id: secretary.person_id });
  const item = await clerk.write('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id, justification: 'E2E：会上临时研究' });
  await clerk.write('POST', `/items/${item.id}/attendance`, { members: item.roster.map((m) => ({ person_id: m.person_id, present: true })) });
  const own = member.user.person_id;
  const other = item.roster.find((m) => m.person_id !== own && !m.secretary);
  for (const m of [own, other.person_id]) {
    await clerk.write('POST', `/items/${item.id}/statements`, { person_id: m, view: 'agree', summary: '同意该方案' });
  }

  await withBrowser('correction-statement', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/items/${item.id}`);
    await logIn(page);
    await page.click(`[data-test=statement-correct-${own}]`);
    assert.match(await page.locator('[data-test=correct-statement-intro]').innerText(), /不会删除原记录/);
    await pickOption(page, '[data-test=correct-statement-view-input]', '不同意');
    await page.fill('[data-test=correct-statement-reason-input]', '记录时选错，本人实际表态为不同意');
    await page.click('[data-test=save]');
    const row = page.locator('[data-test=statement-row]').filter({ has: page.locator(`[data-test=statement-correct-${own}]`) });
    await row.locator('[data-test=correction]').waitFor();
    const text = await row.innerText();
    assert.match(text, /不同意/);
    assert.match(text, /已更正/);
    assert.match(text, /原为：同意 · /, "only the view was replaced");
    assert.match(text, /原因：记录时选错，本人实际表态为不同意/);
    await expectNoViolations(page, 'the meeting room with a corrected statement');
    await keepScreenshots(page, 'correction-statement');
  });

  /* The record keeps both: the statement's first record and its correction. */
  const statement = (await clerk.get(`/items/${item.id}`)).statements.find((s) => s.person_id === own);
  assert.equal(statement.view, 'disagree');
  assert.equal(statement.corrections[0].previous.view, 'agree');

  /* The member may correct their own statement, not another's. */
  await withBrowser('correction-member', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/items/${item.id}`);
    await logIn(page, `${TOWNSHIP}.member`);
    await page.locator(`[data-test=statement-correct-${own}]`).waitFor();
    assert.equal(await page.locator(`[data-test=statement-correct-${other.person_id}]`).count(), 0);
  });
});

test('the clerk corrects an expenditure\'s amount; the line follows and the row keeps what it replaced', TIMEOUT, async () => {
  const clerk = await apiSession(LOGIN);
  const budgets = (await clerk.get(`/townships/${TOWNSHIP}/budgets`)).items;
  const adopted = budgets.find((b) => b.status === 'adopted');
  const line = (await clerk.get(`/budgets/${adopted.id}`)).lines.find((l) => l.remaining_fen > 100000);
  const purpose = `E2E 办公用品 ${Date.now() % 100000}`;
  const spent = await clerk.write('POST', `/budget_lines/${line.id}/expenditures`, { amount_fen: 32000, purpose, spent_on: `${adopted.fiscal_year}-11-05` });

  await withBrowser('correction-expenditure', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/budget_lines/${line.id}`);
    await logIn(page);
    await page.click(`[data-test=expenditure-correct-${spent.id}]`);
    await fillInput(page, '[data-test=correct-expenditure-amount_fen-input]', '230');
    await page.fill('[data-test=correct-expenditure-reason-input]', '发票金额为230元，录入有误');
    await page.click('[data-test=save]');
    const row = page.locator('.expenditure-row').filter({ hasText: purpose }).first();
    await row.locator('[data-test=correction]').waitFor();
    const text = await row.innerText();
    assert.match(text, /230\.00/);
    assert.match(text, /原为：.*320\.00/);
    assert.match(text, /发票金额为230元，录入有误/);
    const after = await clerk.get(`/budget_lines/${line.id}`);
    assert.equal(after.spent_fen, line.spent_fen + 23000, 'the line counts the corrected amount');
    await expectNoViolations(page, 'a budget line with a corrected expenditure');
    await keepScreenshots(page, 'correction-expenditure');
  });
});
