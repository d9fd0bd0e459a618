/*
 * Browser test of attendance marked once for a meeting: a committee
 * meeting of the test's own that began an hour ago, with two matters added
 * at it (ad-hoc, with their justification; the API, as the clerk). The
 * clerk marks one member absent once, is asked for the reason first, and
 * both items are then in session with that member absent for that reason. Screenshot `meeting-attendance`. Each run adds one
 * meeting in session to the demo.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, keepScreenshots, BASE_URL, LOGIN, TOWNSHIP } from './browser.js';

const TIMEOUT = { timeout: 180000 };

test('the clerk records the meeting\'s attendance once, for every item', TIMEOUT, async () => {
  const clerk = await apiSession(LOGIN);
  const people = (await clerk.get(`/townships/${TOWNSHIP}/members`)).items;
  const secretary = people.find((m) => m.role === 'secretary');
  const stamp = Date.now() % 100000;
  const meeting = await clerk.write('POST', `/townships/${TOWNSHIP}/meetings`, {
    kind: 'committee',
    title: `E2E 党委会议（到会）${stamp}`,
    starts_at: new Date(Date.now() - 3600e3).toISOString(),
    place: '镇党委三楼会议室',
    convener_id: secretary.person_id,
  });
  const items = [];
  for (const title of ['E2E 镇区路灯改造', 'E2E 农贸市场提升']) {
    const matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, { title: `${title} ${stamp}`, category: 'major_decision', proposer_id: secretary.person_id });
    items.push(await clerk.write('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id, justification: 'E2E：会上临时研究' }));
  }
  const absentee = items[0].roster.find((r) => r.person_id !== secretary.person_id);

  await withBrowser('meeting-attendance', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/meetings/${meeting.id}`);
    await logIn(page);
    await page.click('[data-test=meeting-attendance]');
    const dialog = page.locator('[data-test=meeting-attendance-dialog]');
    await dialog.locator(`[data-test=meeting-attendance-${absentee.person_id}]`).waitFor();
    assert.match(await dialog.innerText(), /2 个议题/);
    await dialog.locator(`[data-test=meeting-attendance-${absentee.person_id}] [data-test=meeting-attendance-absent]`).click();
    await page.click('[data-test=meeting-attendance-save]');
    assert.match(await page.locator('[data-test=meeting-attendance-error]').innerText(), /缺席原因/, 'a reason first');
    await dialog.locator(`[data-test=meeting-attendance-${absentee.person_id}] [data-test=meeting-attendance-reason]`).fill('赴杭州参加培训');
    await keepScreenshots(page, 'meeting-attendance');
    await page.click('[data-test=meeting-attendance-save]');
    await page.locator('.meeting-attendance-success').waitFor();
    await page.locator('[data-test=meeting-attendance-dialog]').waitFor({ state: 'hidden' });
  });

  for (const item of items) {
    const after = await clerk.get(`/items/${item.id}`);
    assert.equal(after.status, 'in_session');
    const row = after.roster.find((r) => r.person_id === absentee.person_id);
    assert.equal(row.present, false);
    assert.equal(row.absence_reason, '赴杭州参加培训');
    assert.ok(after.roster.filter((r) => r.person_id !== absentee.person_id).every((r) => r.present), 'the others present');
  }
});
