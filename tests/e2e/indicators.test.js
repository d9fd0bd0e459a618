/*
 * Browser test of the indicators dashboard (三多三少), read by the public:
 * the three pairs show the API's counts and shares, and the month-by-month
 * chart has one label per month of the period and one line per pair; the
 * English switch translates the legend. Uses Huandong, which no other
 * browser test writes to, over the demo's year.
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, apiGet, BASE_URL, CJK } from './browser.js';

const TIMEOUT = { timeout: 120000 };
const PERIOD = 'from=2026-01-01&to=2026-12-01';

const percentText = (part, whole) => `${((1000 * part) / whole / 10).toFixed(1)}%`;

test('the dashboard shows the pairs and the month-by-month chart', TIMEOUT, async () => {
  const api = await apiGet(`/townships/huandong/indicators?${PERIOD}`);
  const c = api.counts;
  await withBrowser('indicators', async (page) => {
    await page.goto(`${BASE_URL}/t/huandong/indicators?${PERIOD}`);
    const notice = page.locator('[data-test=indicator-notice-more]');
    await notice.waitFor();
    assert.equal((await notice.innerText()).trim(), `${c.items_notified} · ${percentText(c.items_notified, c.items_notified + c.items_adhoc)}`);
    assert.equal(
      (await page.locator('[data-test=indicator-discussion-fewer]').innerText()).trim(),
      `${c.items_vote_only} · ${percentText(c.items_vote_only, c.items_discussed + c.items_vote_only)}`,
    );
    const chart = page.locator('[data-test=indicators-trend-chart]');
    await chart.waitFor();
    assert.deepEqual(await chart.locator('[data-test=indicators-trend-label]').allTextContents(), api.months.map((m) => m.month));
    for (const key of ['notice', 'discussion', 'collective']) {
      const d = await chart.locator(`[data-test=indicators-trend-${key}] path`).getAttribute('d');
      assert.match(d, /^M [\d.]+ [\d.]+( [ML] [\d.]+ [\d.]+)+$/, `${key}: a line through the months`);
    }
    const months = api.months.filter((m) => m.counts.items_notified + m.counts.items_adhoc > 0).length;
    assert.equal(await chart.locator('[data-test=indicators-trend-notice] circle').count(), months, 'one dot per month with items');
    assert.match(await page.locator('[data-test=indicators-trend-legend]').first().innerText(), CJK);

    await page.click('[data-test=lang-en]');
    await page.locator('[data-test=indicators-trend-legend]').first().filter({ hasText: 'Notice in advance' }).waitFor();
    assert.doesNotMatch(await page.locator('[data-test=indicators-trend]').innerText(), CJK);
  });
});
