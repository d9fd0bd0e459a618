/*
 * Browser test of the rulebook page against a running probity server with
 * the demo data: anyone reads the version in force and its rules per
 * category (Chinese by default, English on request); a clerk gets no edit
 * button; the admin changes one value of Fengqiao's override (the least
 * notification for major decisions, one hour more on each run), sees
 * exactly that change in the dry run's diff, publishes it and sees the new
 * version in force, which the API confirms; a quorum below "more than
 * half" and a retroactive effective time are refused, with the server's
 * message and rule in the UI language, and write nothing.
 * Each run publishes one new version of Fengqiao's override (Diankou,
 * where the meeting test runs, is left alone).
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, apiGet, BASE_URL, LOGIN, PASSWORD, TOWNSHIP, CJK } from './browser.js';

const TIMEOUT = { timeout: 180000 };
const SCOPE = 'fengqiao';
const ADMIN = process.env.PROBITY_ADMIN || 'admin';

/* Logs in through the header's login link as `login` and waits for the header to name the user. */
async function logInAs(page, login) {
  await page.click('[data-test=login-link]');
  await page.fill('[data-test=login-input]', login);
  await page.fill('[data-test=password-input]', PASSWORD);
  await page.click('[data-test=login-submit]');
  await page.locator('[data-test=user]').waitFor();
}

async function text(page, selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

/* Types into an Element Plus input (number or date; data-test on the input or around it) and leaves it. */
async function typeInto(page, selector, value, key = 'Tab') {
  const field = page.locator(selector).first();
  const input = (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input').first();
  await input.fill(String(value));
  await input.press(key);
}

/* The latest stored version of a township's override (0 when none). */
function latestOverride(answer, township) {
  return answer.history.filter((h) => h.township_id === township).reduce((max, h) => Math.max(max, h.version), 0);
}

test('anyone reads the rulebook in force, per category, in Chinese', TIMEOUT, async () => {
  const city = await apiGet('/rulebook');
  const scoped = await apiGet(`/rulebook?township=${SCOPE}`);
  await withBrowser('rulebook-read', async (page) => {
    await page.goto(`${BASE_URL}/townships`);
    await page.click('[data-test=nav-city-rulebook]');
    await page.waitForURL(/\/rulebook$/);
    await page.locator('[data-test=rulebook-version]').waitFor();
    assert.equal(await text(page, '[data-test=rulebook-version]'), `第 ${city.in_force.version} 版`);
    assert.match(await text(page, '[data-test=page-title]'), CJK);
    assert.equal(await text(page, '[data-test=rulebook-digest]'), city.in_force.digest);
    const categories = Object.keys(city.in_force.document.categories);
    assert.equal(await page.locator('.rulebook-category-row').count(), categories.length);
    assert.equal(await text(page, '[data-test=rulebook-category-major_decision]'), '重大决策');
    assert.equal(await text(page, '[data-test=rulebook-cell-cadre_appointment-secret_ballot]'), '是');
    assert.equal(await text(page, '[data-test=rulebook-cell-major_decision-notice_hours]'),
      `${city.in_force.document.categories.major_decision.notice_hours} 小时`);
    assert.equal(await text(page, '[data-test=rulebook-large_fund_fen]'), '10.00万元');
    assert.match(await text(page, '[data-test="rulebook-action-statement.secretary_last"]'), /拒绝/);
    assert.equal(await page.locator('[data-test=rulebook-edit]').count(), 0, 'no edit button for the public');
    /* The raw document. */
    await page.click('[data-test=rulebook-json-toggle]');
    assert.deepEqual(JSON.parse(await page.locator('[data-test=rulebook-json]').innerText()), city.in_force.document);
    assert.equal(await page.locator('.rulebook-history-row').count(), city.history.length);

    /* A township's rulebook from its navigation: the override merged over the city's. */
    await page.goto(`${BASE_URL}/t/${SCOPE}`);
    await page.click('[data-test=nav-rulebook]');
    await page.waitForURL(new RegExp(`/t/${SCOPE}/rulebook$`));
    await page.locator('[data-test=rulebook-city-version]').waitFor();
    assert.equal(await text(page, '[data-test=rulebook-version]'), `第 ${scoped.in_force.version} 版`);
    assert.equal(await text(page, '[data-test=rulebook-city-version]'), `第 ${scoped.in_force.city_version} 版`);
    assert.equal(await text(page, '[data-test=rulebook-cell-major_decision-notice_hours]'),
      `${scoped.in_force.document.categories.major_decision.notice_hours} 小时`);
    assert.equal(await page.locator('.rulebook-history-row').count(), scoped.history.length);
    assert.ok(await page.locator('.rulebook-override-row').count() > 0, "Fengqiao's changes to the city's rules are listed");
  });
});

test('a clerk reads the rulebook but has no edit button', TIMEOUT, async () => {
  await withBrowser('rulebook-clerk', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/rulebook`);
    await logInAs(page, LOGIN);
    await page.locator('[data-test=rulebook-version]').waitFor();
    await page.locator('.rulebook-category-row').first().waitFor();
    assert.equal(await page.locator('[data-test=rulebook-edit]').count(), 0);
  });
});

test("the admin changes Fengqiao's override: the diff shows exactly that change, then the new version is in force", TIMEOUT, async () => {
  const before = await apiGet(`/rulebook?township=${SCOPE}`);
  const next = latestOverride(before, SCOPE) + 1;
  await withBrowser('rulebook-edit', async (page) => {
    await page.goto(`${BASE_URL}/t/${SCOPE}/rulebook`);
    await logInAs(page, ADMIN);
    await page.click('[data-test=rulebook-edit]');
    assert.match(await text(page, '[data-test=rulebook-editor-title]'), new RegExp(`第 ${next} 版`));
    await page.click('[data-test=rulebook-pick-major_decision]');
    const field = '[data-test=rulebook-field-notice_hours]';
    const hours = Number(await page.locator(`${field} input`).inputValue());
    const changed = hours < 720 ? hours + 1 : hours - 1;
    await typeInto(page, field, changed);
    await page.locator('[data-test=rulebook-changed-major_decision]').waitFor();

    /* The dry run: the server's verdict and exactly one change, in Chinese. */
    await page.click('[data-test=rulebook-preview]');
    await page.locator('[data-test=rulebook-verdict]').waitFor();
    assert.match(await text(page, '[data-test=rulebook-verdict]'), new RegExp(`第 ${next} 版`));
    const rows = page.locator('.rulebook-diff-row');
    assert.equal(await rows.count(), 1);
    assert.equal(await text(page, '[data-test=rulebook-diff-section]'), '重大决策');
    assert.equal(await text(page, '[data-test=rulebook-diff-field]'), '提前告知（小时）');
    assert.equal(await text(page, '[data-test=rulebook-diff-old]'), `${hours} 小时`);
    assert.equal(await text(page, '[data-test=rulebook-diff-new]'), `${changed} 小时`);
    assert.equal(latestOverride(await apiGet(`/rulebook?township=${SCOPE}`), SCOPE), next - 1, 'a dry run writes nothing');

    /* Publish: the new version takes effect a few seconds later and the page shows it. */
    await page.click('[data-test=rulebook-save]');
    await page.locator('[data-test=record-link]').first().waitFor();
    await page.locator('[data-test=rulebook-version]').filter({ hasText: `第 ${next} 版` }).waitFor({ timeout: 30000 });
    assert.equal(await text(page, '[data-test=rulebook-cell-major_decision-notice_hours]'), `${changed} 小时`);
    assert.equal(await page.locator('[data-test=rulebook-editor]').count(), 0);

    const after = await apiGet(`/rulebook?township=${SCOPE}`);
    assert.equal(after.in_force.version, next);
    assert.equal(after.in_force.township, SCOPE);
    assert.equal(after.in_force.document.categories.major_decision.notice_hours, changed);
    assert.deepEqual(after.in_force.document.categories.large_fund, before.in_force.document.categories.large_fund);
    const row = after.history.find((h) => h.township_id === SCOPE && h.version === next);
    assert.ok(row && row.in_force, 'the new override is stored and in force');
    assert.equal(row.document.categories.major_decision.notice_hours, changed);
    assert.equal((await apiGet('/rulebook')).in_force.digest, before.history.find((h) => !h.township_id && h.in_force).digest,
      "the city's rulebook is unchanged");
  });
});

test('a quorum below half and a retroactive time are refused with the rule, in the UI language', TIMEOUT, async () => {
  const before = await apiGet(`/rulebook?township=${SCOPE}`);
  const events = (await apiGet('/health')).events;
  await withBrowser('rulebook-refused', async (page) => {
    await page.goto(`${BASE_URL}/t/${SCOPE}/rulebook`);
    await logInAs(page, ADMIN);
    await page.click('[data-test=rulebook-edit]');
    await page.click('[data-test=rulebook-pick-cadre_appointment]');

    /* One third present is below "more than half": the server names the field. */
    await typeInto(page, '[data-test=rulebook-field-quorum-denominator]', 3);
    await typeInto(page, '[data-test=rulebook-field-quorum-numerator]', 1);
    await page.click('[data-test=rulebook-field-quorum-compare-at_least]');
    await page.click('[data-test=rulebook-preview]');
    await page.locator('[data-test=rulebook-refusal]').waitFor();
    assert.match(await text(page, '[data-test=rulebook-refusal-message]'), /过半数/);
    const where = await text(page, '[data-test=rulebook-refusal-field]');
    assert.match(where, /干部任免/);
    assert.match(where, /categories\.cadre_appointment\.quorum/);
    assert.ok(await page.locator('[data-test=rulebook-save]').isDisabled());

    /* A valid quorum with a time in the past: never retroactive. */
    await typeInto(page, '[data-test=rulebook-field-quorum-numerator]', 3);
    await typeInto(page, '[data-test=rulebook-field-quorum-denominator]', 4);
    await page.click('[data-test=rulebook-effective-at]');
    await typeInto(page, '[data-test=rulebook-effective-input]', '2020-01-01 08:00:00', 'Enter');
    await page.click('[data-test=rulebook-preview]');
    await page.locator('[data-test=rulebook-refusal]').waitFor();
    assert.match(await text(page, '[data-test=rulebook-refusal-message]'), /不溯及既往/);
    assert.match(await text(page, '[data-test=rulebook-refusal-rule]'), /rulebook\.retroactive/);
    assert.match(await text(page, '[data-test=rulebook-refusal-field]'), /生效时间/);

    /* The same refusal in English. */
    await page.click('[data-test=lang-en]');
    await page.locator('[data-test=page-title]').filter({ hasText: 'Deliberation rules' }).waitFor();
    await page.click('[data-test=rulebook-preview]');
    await page.locator('[data-test=rulebook-refusal-message]').filter({ hasText: 'never retroactive' }).waitFor();
    assert.match(await text(page, '[data-test=rulebook-refusal-rule]'), /rulebook\.retroactive/);
    assert.match(await text(page, '[data-test=rulebook-refusal-field]'), /Effective from/);
    assert.ok(await page.locator('[data-test=rulebook-save]').isDisabled());
  });
  const after = await apiGet(`/rulebook?township=${SCOPE}`);
  assert.equal(after.history.length, before.history.length, 'nothing stored');
  assert.equal(after.in_force.digest, before.in_force.digest);
  assert.equal((await apiGet('/health')).events, events, 'no event recorded');
});

test('the English switch shows the rulebook in English', TIMEOUT, async () => {
  const scoped = await apiGet(`/rulebook?township=${SCOPE}`);
  await withBrowser('rulebook-english', async (page) => {
    await page.goto(`${BASE_URL}/t/${SCOPE}/rulebook`);
    await page.locator('[data-test=rulebook-version]').waitFor();
    await page.click('[data-test=lang-en]');
    await page.locator('[data-test=page-title]').filter({ hasText: 'Deliberation rules' }).waitFor();
    assert.equal(await text(page, '[data-test=rulebook-version]'), `version ${scoped.in_force.version}`);
    assert.equal(await text(page, '[data-test=rulebook-category-major_decision]'), 'Major decision');
    assert.equal(await text(page, '[data-test=rulebook-cell-major_decision-notice_hours]'),
      `${scoped.in_force.document.categories.major_decision.notice_hours} hours`);
    assert.equal(await text(page, '[data-test=rulebook-cell-cadre_appointment-quorum]'), 'at least 2/3');
    assert.equal(await text(page, '[data-test=rulebook-large_fund_fen]'), '¥100,000.00');
    const header = await page.locator('[data-test=rulebook-category-table] thead').innerText();
    assert.match(header, /Collective decision/);
    assert.doesNotMatch(header, CJK);
    assert.doesNotMatch(await page.locator('[data-test=rulebook-history-table]').innerText(), CJK);
  });
});
