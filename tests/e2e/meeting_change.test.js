/*
 * Browser test of changing a meeting after its items are notified: a
 * committee meeting of the test's own, three days ahead, with one matter
 * on its agenda (the API, as the clerk). The clerk sees it "not yet
 * begun", postpones it by a day with a reason (typed in Beijing time),
 * finds the change listed and the new time shown; a member finds the
 * postponement on their to-do page; the clerk then cancels it with a
 * reason after reading what cancelling does, and sees it cancelled, its
 * item withdrawn and no step left. Screenshots `meeting-postponed`,
 * `meeting-cancelled`, `todo-postponed`. Each run adds one cancelled
 * meeting (and its matter, named uniquely) to the demo.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, keepScreenshots, BASE_URL, LOGIN, TOWNSHIP } from './browser.js';

const TIMEOUT = { timeout: 240000 };

/* The date `days` from now in Beijing, YYYY-MM-DD. */
const beijingDay = (days) => new Date(Date.now() + days * 86400e3 + 8 * 3600e3).toISOString().slice(0, 10);

test('the clerk postpones a notified meeting, a member is told, then the clerk cancels it', TIMEOUT, async () => {
  const clerk = await apiSession(LOGIN);
  const secretary = (await clerk.get(`/townships/${TOWNSHIP}/members`)).items.find((m) => m.role === 'secretary');
  const day = beijingDay(3);
  const matterTitle = `E2E 村级活动场所改造方案 ${Date.now() % 100000}`;
  const meeting = await clerk.write('POST', `/townships/${TOWNSHIP}/meetings`, {
    kind: 'committee',
    title: 'E2E 党委会议（变更）',
    starts_at: `${day}T01:00:00.000Z`,
    place: '镇党委二楼会议室',
    convener_id: secretary.person_id,
  });
  const matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, {
    title: matterTitle,
    category: 'major_decision',
    proposer_id: secretary.person_id,
  });
  await clerk.write('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id });

  const later = beijingDay(4);
  await withBrowser('meeting-change', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/meetings/${meeting.id}`);
    await logIn(page);
    assert.equal((await page.locator('[data-test=meeting-stage]').innerText()).trim(), '未开始');

    await page.click('[data-test=meeting-postpone]');
    const start = page.locator('[data-test=postpone-starts_at-item] input');
    await start.fill(`${later} 14:30`);
    await start.press('Enter');
    await page.fill('[data-test=postpone-reason-input]', '党委书记赴市里参加专题会议');
    await page.click('[data-test=save]');
    await page.locator('[data-test=meeting-changes]').waitFor();
    const change = await page.locator('[data-test=meeting-changes]').innerText();
    assert.match(change, /会议延期/);
    assert.match(change, new RegExp(`由 ${day} 09:00 改为 ${later} 14:30`));
    assert.match(change, /党委书记赴市里参加专题会议/);
    assert.equal((await page.locator('[data-test=meeting-starts]').innerText()).trim(), `${later} 14:30`);
    assert.equal((await clerk.get(`/meetings/${meeting.id}`)).starts_at, `${later}T06:30:00.000Z`, '14:30 in Beijing');
    await keepScreenshots(page, 'meeting-postponed');
  }, { timezoneId: 'UTC' });

  await withBrowser('meeting-change-member', async (page) => {
    await page.goto(`${BASE_URL}/`);
    await logIn(page, 'diankou.member');
    await page.waitForURL(/\/todo/);
    const notice = page.locator('[data-test=todo-section-notices] [data-test=todo-row]').filter({ hasText: matterTitle });
    await notice.first().waitFor();
    assert.match(await notice.first().innerText(), new RegExp(`会议延期：请确认收到“${matterTitle}”的新时间`));
    assert.match(await notice.first().innerText(), new RegExp(`${later} 14:30`));
    await keepScreenshots(page, 'todo-postponed');
  });

  await withBrowser('meeting-change-cancel', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/meetings/${meeting.id}`);
    await logIn(page);
    await page.click('[data-test=meeting-cancel]');
    assert.match(await page.locator('[data-test=cancel-intro]').innerText(), /议题全部撤回/);
    await page.fill('[data-test=cancel-reason-input]', '事项已并入下月党委会研究');
    await page.click('[data-test=save]');
    await page.locator('[data-test=meeting-stage]').filter({ hasText: '已取消' }).waitFor();
    assert.match(await page.locator('.agenda-item-row').first().innerText(), /已撤回（会议取消）/);
    assert.equal(await page.locator('[data-test=meeting-postpone], [data-test=meeting-cancel], [data-test=agenda-add], [data-test=meeting-finalise]').count(), 0, 'no step is left');
    assert.match(await page.locator('[data-test=meeting-changes]').innerText(), /事项已并入下月党委会研究/);
    await keepScreenshots(page, 'meeting-cancelled');
  });
});
