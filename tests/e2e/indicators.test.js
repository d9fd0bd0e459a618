/*
 * Browser test of the indicators dashboard (三多三少), read by the public:
 * the three pairs show the API's counts and shares; the month-by-month
 * chart is drawn by ECharts (its SVG in the chart's box) with a label per
 * month and a legend entry per pair, and fits a phone's width; the table
 * view shows the figures the API gives, month by month and in total; the
 * CSV download carries the same figures under the township's name; the
 * English switch translates the legend and the table's headings.
 * Screenshots `indicators` (the chart) and `indicators-table`. Uses
 * Huandong, which no other browser test writes to, over the demo's year.
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, apiGet, keepScreenshots, BASE_URL, CJK } from './browser.js';

const TIMEOUT = { timeout: 120000 };
const PERIOD = 'from=2026-01-01&to=2026-12-01';
const PAIRS_ZH = ['提前通知', '先讨论后决定', '集体决策'];
const PAIRS_EN = ['Notice in advance', 'Discussion before the decision', 'Collective decision'];

const percentText = (part, whole) => `${((1000 * part) / whole / 10).toFixed(1)}%`;
const shareText = (permille) => (permille === null ? '—' : `${(permille / 10).toFixed(1)}%`);

/* The rows the table and the files show: each month, then the whole period. */
function expectedRows(api) {
  const row = (first, r) => [first, String(r.meetings), String(r.counts.items_notified), String(r.counts.items_adhoc), shareText(r.permille.notified)];
  return [...api.months.map((m) => row(m.month, m)), row('合计', api)];
}

test('the dashboard shows the pairs, the ECharts chart, the table and the CSV', TIMEOUT, async () => {
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

    /* The chart: ECharts' own SVG, a label per month, the legend of the three pairs. */
    const plot = page.locator('[data-test=indicators-trend-echarts]');
    await plot.locator('svg').first().waitFor();
    assert.ok(await plot.getAttribute('_echarts_instance_'), 'ECharts draws the chart');
    const texts = await plot.locator('svg text').allTextContents();
    for (const m of api.months) {
      assert.ok(texts.includes(m.month), `a label for ${m.month}`);
    }
    for (const name of PAIRS_ZH) {
      assert.ok(texts.includes(name), `the legend names ${name}`);
    }
    await keepScreenshots(page, 'indicators');

    /* On a phone: the chart fits, the page does not scroll sideways. */
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(400);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      plot: document.querySelector('[data-test=indicators-trend-echarts] svg').getBoundingClientRect().right,
    }));
    assert.ok(widths.page <= 390, `the page is ${widths.page} px wide on a phone`);
    assert.ok(widths.plot <= 390, 'the chart fits the phone');
    const phoneTexts = await plot.locator('svg text').allTextContents();
    for (const name of PAIRS_ZH) {
      assert.ok(phoneTexts.includes(name), `the phone's legend names ${name}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    /* The table: the API's figures, month by month and in total. */
    await page.click('[data-test=indicators-view-table]');
    const table = page.locator('[data-test=indicators-table]');
    await table.waitFor();
    const column = async (key) => (await table.locator(`.el-table__body-wrapper [data-test="indicators-cell-${key}"]`).allTextContents()).map((s) => s.trim());
    const want = expectedRows(api);
    assert.deepEqual(await column('month'), want.map((r) => r[0]));
    assert.deepEqual(await column('meetings'), want.map((r) => r[1]));
    assert.deepEqual(await column('counts.items_notified'), want.map((r) => r[2]));
    assert.deepEqual(await column('counts.items_adhoc'), want.map((r) => r[3]));
    assert.deepEqual(await column('permille.notified'), want.map((r) => r[4]));
    assert.match(await table.locator('.el-table__header-wrapper').innerText(), /提前通知的议题/);
    await keepScreenshots(page, 'indicators-table');

    /* The CSV: in Chinese (the app's language, not the browser's), the same figures. */
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=indicators-export-csv]')]);
    assert.equal(download.suggestedFilename(), '浣东街道-三多三少-2026-01-01至2026-11-30.csv');
    const csv = await readFile(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\uFEFF月份,'), 'UTF-8 with a byte order mark, Chinese headings');
    const lines = csv.slice(1).trimEnd().split('\r\n').slice(1).map((l) => l.split(',').slice(0, 5));
    assert.deepEqual(lines, want.map((r) => (r[4] === '—' ? [...r.slice(0, 4), ''] : r)));

    /* English: the legend and the table's headings. */
    await page.click('[data-test=lang-en]');
    await table.locator('.el-table__header-wrapper').filter({ hasText: 'Items notified in advance' }).waitFor();
    assert.equal((await column('month')).at(-1), 'Total');
    await page.click('[data-test=indicators-view-chart]');
    await plot.locator('svg text').filter({ hasText: PAIRS_EN[0] }).first().waitFor();
    const english = await plot.locator('svg text').allTextContents();
    for (const name of PAIRS_EN) {
      assert.ok(english.includes(name), `the legend names ${name}`);
    }
    assert.doesNotMatch(await page.locator('[data-test=indicators-trend]').innerText(), CJK);
  });
});
