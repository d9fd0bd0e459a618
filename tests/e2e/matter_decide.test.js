/*
 * Browser test of deciding a matter alone: a routine matter of the test's
 * own, proposed by the demo member (so theirs to answer for; the API, as
 * the clerk). The party secretary finds no button and reads why; the
 * member finds 个人决定, is told what it means before writing the note,
 * and sees the matter decided. Screenshot `matter-decide`. Each run adds
 * one decided matter to the demo.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, keepScreenshots, BASE_URL, LOGIN, TOWNSHIP } from './browser.js';

const TIMEOUT = { timeout: 180000 };

test('only the responsible member is offered to decide a routine matter alone, after reading what it means', TIMEOUT, async () => {
  const clerk = await apiSession(LOGIN);
  const member = await apiSession('diankou.member');
  const title = `E2E 机关食堂蔬菜采购 ${Date.now() % 100000}`;
  const matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, {
    title,
    category: 'routine_affairs',
    proposer_id: member.user.person_id,
  });

  await withBrowser('matter-decide-secretary', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/matters/${matter.id}`);
    await logIn(page, 'diankou.secretary');
    await page.locator('[data-test=step-blocked-decide]').waitFor();
    assert.match(await page.locator('[data-test=step-blocked-decide]').innerText(), /负责成员/);
    assert.equal(await page.locator('[data-test=matter-decide]').count(), 0, 'not theirs to decide');
  });

  await withBrowser('matter-decide', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/matters/${matter.id}`);
    await logIn(page, 'diankou.member');
    await page.click('[data-test=matter-decide]');
    assert.match(await page.locator('[data-test=decide-intro]').innerText(), /决定后即为定论/);
    await page.fill('[data-test=decide-note-input]', '按镇机关食堂管理规定，向本地合作社采购');
    await keepScreenshots(page, 'matter-decide');
    await page.click('[data-test=save]');
    await page.locator('[data-test=matter-status]').filter({ hasText: '已决定' }).waitFor();
    assert.equal(await page.locator('[data-test=matter-decide]').count(), 0, 'decided once');
  });
  assert.equal((await clerk.get(`/matters/${matter.id}`)).status, 'decided');
});
