/*
 * Browser test of the public home page: a visitor at `/` reads what the
 * system is, finds the latest resolutions across the city (the first one
 * as the API lists it, linked to its agenda item), narrows the township
 * finder to 东和乡 (a rural township, 乡), and reaches its page. axe runs
 * on the page; screenshots `portal-home` at desktop and phone size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, apiGet, keepScreenshots, expectNoViolations, BASE_URL } from './browser.js';

const TIMEOUT = { timeout: 120000 };

test('a visitor lands on the home page: what it is, the latest resolutions, a township found by name', TIMEOUT, async () => {
  const latest = (await apiGet('/resolutions?limit=12')).items;
  assert.ok(latest.length > 0, 'the demo has public resolutions');
  await withBrowser('portal-home', async (page) => {
    await page.goto(`${BASE_URL}/`);
    assert.match(await page.locator('[data-test=portal-about]').innerText(), /防篡改的公开日志/);
    const first = page.locator('[data-test=portal-resolution]').first();
    await first.waitFor();
    assert.equal(await page.locator('[data-test=portal-resolution]').count(), latest.length);
    const text = await first.innerText();
    assert.ok(text.includes(latest[0].title) && text.includes(latest[0].township_name), text);
    assert.match(await first.locator('[data-test=portal-resolution-link]').getAttribute('href'), new RegExp(`/t/${latest[0].township_id}/items/${latest[0].id}$`));
    await expectNoViolations(page, 'the home page');
    await keepScreenshots(page, 'portal-home');

    await page.fill('[data-test=portal-find-input]', '东和');
    const found = page.locator('[data-test=portal-townships] a');
    await found.first().waitFor();
    assert.equal(await found.count(), 1);
    await found.first().click();
    await page.waitForURL(/\/t\/donghe$/);
    await page.locator('[data-test=page-title]').filter({ hasText: '东和乡' }).waitFor();
  });
});
