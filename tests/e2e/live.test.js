/*
 * Browser test of the live pages: the clerk schedules a meeting with one
 * item through the API and opens the meeting page; a member acknowledges
 * the notification from elsewhere (the API, as from a phone) and the page
 * shows it without a reload, through the public feed (live.js). The item
 * is deferred afterwards, so no open item is left behind.
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, BASE_URL, LOGIN, TOWNSHIP } from './browser.js';

const TIMEOUT = { timeout: 180000 };
const MEMBER = `${TOWNSHIP}.member`;

test('the meeting page shows a notification acknowledged elsewhere, without a reload', TIMEOUT, async () => {
  const clerk = await apiSession(LOGIN);
  const member = await apiSession(MEMBER);
  const members = (await clerk.get(`/townships/${TOWNSHIP}/members`)).items;
  const stamp = Date.now();
  const matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, {
    title: `E2E 实时确认事项 ${stamp}`,
    category: 'major_decision',
    proposer_id: members[0].person_id,
  });
  const meeting = await clerk.write('POST', `/townships/${TOWNSHIP}/meetings`, {
    kind: 'committee',
    title: `E2E 实时确认会议 ${stamp}`,
    starts_at: new Date(Date.now() + 4 * 86400e3).toISOString(),
    place: '三楼会议室',
    convener_id: members[0].person_id,
  });
  const item = await clerk.write('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id });
  try {
    const n = item.notifications.length;
    assert.ok(n > 1, 'every member is notified');
    await withBrowser('live-acknowledgement', async (page) => {
      await page.goto(`${BASE_URL}/t/${TOWNSHIP}`);
      await logIn(page);
      /* The feed's stream is open (its headers arrived) before the acknowledgement is made. */
      const feed = page.waitForResponse((r) => r.url().includes('/api/v1/feed') && r.status() === 200);
      await page.goto(`${BASE_URL}/t/${TOWNSHIP}/meetings/${meeting.id}`);
      const section = page.locator(`[data-test=notices-${item.id}]`);
      const count = section.locator('[data-test=notices-count]');
      await count.filter({ hasText: `0/${n}` }).waitFor();
      await feed;
      assert.equal(await section.locator('.notification-row.row-highlight').count(), n, 'all pending');

      const pending = (await member.get('/notifications?status=pending&limit=200')).items.find((x) => x.agenda_item_id === item.id);
      assert.ok(pending, 'the member has the item\'s notification');
      const ack = await member.post(`/notifications/${pending.id}/acknowledge`);
      assert.equal(ack.status, 200, JSON.stringify(ack.body));

      const url = page.url();
      await count.filter({ hasText: `1/${n}` }).waitFor({ timeout: 15000 });
      assert.equal(page.url(), url, 'no navigation');
      assert.equal(await section.locator('.notification-row.row-highlight').count(), n - 1, 'one acknowledged');
    });
  } finally {
    await clerk.write('POST', `/items/${item.id}/defer`, { reason: 'E2E：实时确认测试结束，暂缓' });
  }
});
