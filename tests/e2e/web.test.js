/*
 * Browser tests of the web app against a running probity server with the
 * demo data: Chinese by default, a clerk edits a member's English name and
 * it persists, the English switch, read-only access for the public, and
 * what the first page costs a visitor to download (compressed).
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, apiGet, logIn, BASE_URL, TOWNSHIP, CJK } from './browser.js';

const TIMEOUT = { timeout: 120000 };

test('the site is in Chinese by default and a clerk edits a member\'s English name', TIMEOUT, async () => {
  await withBrowser('clerk-edits-member', async (page) => {
    await page.goto(`${BASE_URL}/`);
    const heading = page.locator('[data-test=page-title]');
    await heading.waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.match(await page.title(), CJK, 'the page title is Chinese');
    assert.match(await heading.innerText(), CJK, 'the heading is Chinese');

    await logIn(page);
    assert.match(await page.locator('[data-test=user-role]').innerText(), CJK, 'the role is shown in Chinese');

    await page.click('[data-test=township-picker]');
    await page.locator(`[data-test=township-option-${TOWNSHIP}]:visible`).click();
    await page.waitForURL(new RegExp(`/t/${TOWNSHIP}$`));
    await page.click('[data-test=nav-members]');
    await page.waitForURL(new RegExp(`/t/${TOWNSHIP}/members$`));
    const members = page.locator('[data-test=member-link]');
    await members.first().waitFor();
    await page.locator('[data-test=member-row-edit]').first().waitFor();

    await members.first().click();
    await page.waitForURL(/\/people\/\d+$/);
    const personId = page.url().match(/\/people\/(\d+)$/)[1];
    await page.locator('[data-test=person-name]').waitFor();

    const newName = `E2E Name ${Date.now()}`;
    await page.click('[data-test=member-edit]');
    const input = page.locator('[data-test=person-name_en-input]');
    await input.waitFor();
    await input.fill(newName);
    await page.click('[data-test=save]');
    /* The form's success message (FormDialog gives it the class form-success). */
    const success = page.locator('.el-message--success.form-success');
    await success.first().waitFor();
    assert.match(await success.first().innerText(), /已保存/);
    await page.locator('[data-test=person-name_en]').filter({ hasText: newName }).waitFor();

    await page.reload();
    await page.locator('[data-test=person-name_en]').filter({ hasText: newName }).waitFor();

    const body = await apiGet(`/people/${personId}`);
    const person = body && body.item && typeof body.item === 'object' ? body.item : body;
    assert.equal(person.name_en, newName, 'the server has the new English name');
  });
});

test('switching to English shows the English UI, and it is remembered', TIMEOUT, async () => {
  await withBrowser('english-switch', async (page) => {
    await page.goto(`${BASE_URL}/townships`);
    await page.locator('[data-test=page-title]').waitFor();
    assert.match(await page.locator('[data-test=page-title]').innerText(), CJK);

    await page.click('[data-test=lang-en]');
    await page.locator('[data-test=page-title]').filter({ hasText: 'Townships' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.title(), 'Zhuji Township Power Operation');
    assert.equal((await page.locator('[data-test=login-link]').innerText()).trim(), 'Log in');
    const header = (await page.locator('header').innerText()).replace('中文', '');
    assert.doesNotMatch(header, CJK, 'the header has no Chinese text but the language name');

    await page.reload();
    await page.locator('[data-test=page-title]').filter({ hasText: 'Townships' }).waitFor();

    /* The server localises its errors by Accept-Language. */
    await page.goto(`${BASE_URL}/t/no-such-township`);
    const error = page.locator('[data-test=api-error]');
    await error.waitFor();
    assert.doesNotMatch(await error.innerText(), CJK, 'the error message is in English');
  });
});

test('an anonymous visitor sees the members but no edit button', TIMEOUT, async () => {
  await withBrowser('anonymous-read-only', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/members`);
    await page.locator('[data-test=member-link]').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.locator('[data-test=login-link]').waitFor();
    assert.equal(await page.locator('[data-test=member-row-edit]').count(), 0);
    assert.equal(await page.locator('[data-test=member-create]').count(), 0);
    assert.equal(await page.locator('[data-test=person-create]').count(), 0);

    await page.locator('[data-test=member-link]').first().click();
    await page.waitForURL(/\/people\/\d+$/);
    await page.locator('[data-test=person-name]').waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('[data-test=member-edit]').count(), 0);
    assert.equal(await page.locator('[data-test=membership-create]').count(), 0);
    assert.equal(await page.locator('[data-test=portfolio-create]').count(), 0);
  });
});

test('the first page transfers under 300 KB, compressed', TIMEOUT, async () => {
  await withBrowser('first-page-size', async (page) => {
    const sizes = [];
    page.on('requestfinished', async (request) => {
      sizes.push(request.sizes().then((s) => ({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize })));
    });
    await page.goto(`${BASE_URL}/`, { waitUntil: 'networkidle' });
    await page.locator('[data-test=page-title]').waitFor();
    const all = await Promise.all(sizes);
    const total = all.reduce((sum, s) => sum + s.bytes, 0);
    const largest = all.sort((a, b) => b.bytes - a.bytes).slice(0, 3).map((s) => `${s.url.replace(BASE_URL, '')} ${s.bytes}`);
    assert.ok(total < 300 * 1024, `the first page transferred ${total} bytes: ${largest.join(', ')}`);
    /* The scripts came compressed. */
    const script = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.endsWith('.js')));
    assert.ok(script.encodedBodySize < script.decodedBodySize, 'scripts are sent compressed');
  });
});

test('a visitor is asked to sign in where a page needs it, and browsing logs no 401', TIMEOUT, async () => {
  await withBrowser('visitor-sign-in-link', async (page) => {
    const refused = [];
    page.on('response', (response) => {
      if (response.status() === 401) {
        refused.push(response.url());
      }
    });
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}`, { waitUntil: 'networkidle' });
    await page.locator('[data-test=page-title]').waitFor();
    assert.deepEqual(refused, [], 'a visitor\'s pages are answered without 401');

    await page.goto(`${BASE_URL}/inbox`);
    const link = page.locator('[data-test=sign-in-link]');
    await link.waitFor();
    assert.equal(await page.locator('[data-test=retry]').count(), 0, 'no retry for a page that needs signing in');
    await link.click();
    await page.waitForFunction(
      () => location.pathname === '/login' && new URLSearchParams(location.search).get('redirect') === '/inbox',
    );
  });
});
