/*
 * Browser test of the township administrator and of two-factor sign-in,
 * against a running probity server with the demo data. The demo's
 * Diankou township administrator (diankou.admin) finds "用户管理", sees
 * Diankou's users only, the township administrators' accounts marked as
 * the city's to manage, and creates a user of the test's own (offered the
 * township's working roles only, Diankou already chosen; the generated
 * password read from the dialog that shows it once). That user, in a
 * browser of their own, sets up two-factor sign-in on "账号与安全": the
 * QR code and the key are shown, a wrong code is refused on its field,
 * and a code the test computes from the key shown (HMAC-SHA-1, RFC 6238,
 * ../api/lib/totp.mjs) turns it on; signed out, signing in asks for the
 * code after the password, and the next step's code lets them in; that
 * code given again by someone else is refused, and the user is told above
 * every page until they say they have seen it. The township administrator
 * then resets it (a lost phone). Each run adds one
 * user to the demo; no demo user's password or two-factor sign-in is
 * touched. axe checks the users page, the create form, the set-up, the
 * account page with it on, the code step of signing in and the notice, at desktop and
 * phone size; screenshots of each are kept (artifacts/).
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, keepScreenshots, expectNoViolations, pickOption, BASE_URL, PASSWORD, TOWNSHIP } from './browser.js';
import { codeNow } from '../api/lib/totp.mjs';

const TIMEOUT = { timeout: 240000 };
const TOWNSHIP_ADMIN = process.env.PROBITY_TOWNSHIP_ADMIN || `${TOWNSHIP}.admin`;

/* Fills the login page's form (reached through the header's link) and submits it. */
async function submitPassword(page, login, password) {
  await page.click('[data-test=login-link]');
  await page.fill('[data-test=login-input]', login);
  await page.fill('[data-test=password-input]', password);
  await page.click('[data-test=login-submit]');
}

/* Waits for the header to name the signed-in user: their township's name
   for an account without a person, never the login. */
async function signedIn(page, login) {
  const user = page.locator('[data-test=user-login]').filter({ hasText: /\S/ });
  await user.waitFor();
  assert.ok(!(await user.innerText()).includes(login), `the header shows the login ${login}`);
}

/* Runs axe on the page as it stands at desktop size and at a phone's (390 x 844), naming `what`. */
async function expectAccessible(page, what) {
  await expectNoViolations(page, `${what} (desktop)`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await expectNoViolations(page, `${what} (phone)`);
  await page.setViewportSize(size);
  await page.waitForTimeout(300);
}

/* Closes the messages still shown and waits until none is left (they cover the header in screenshots). */
async function dismissMessages(page) {
  for (const close of (await page.locator('.el-message .el-message__closeBtn').all()).reverse()) {
    await close.click({ timeout: 2000 }).catch(() => {});
  }
  await page.mouse.move(1, 400);
  await page.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 10000 });
}

test('a township administrator adds a user, who turns two-factor sign-in on and signs in with a code', TIMEOUT, async () => {
  const login = `e2e.totp.${Date.now()}`;
  const township = await (await fetch(`${BASE_URL}/api/v1/townships/${TOWNSHIP}`)).json();
  let password = '';

  await withBrowser('totp-township-admin', async (page) => {
    await page.goto(`${BASE_URL}/townships`);
    await page.locator('[data-test=page-title]').waitFor();
    await submitPassword(page, TOWNSHIP_ADMIN, PASSWORD);
    await signedIn(page, TOWNSHIP_ADMIN);
    await page.locator('[data-test=nav-users]').filter({ hasText: '用户管理' }).click();
    await page.waitForURL(/\/users$/);
    await page.locator('[data-test=page-title]').filter({ hasText: '用户管理' }).waitFor();
    assert.match(await page.locator('.page-header__subtitle').first().innerText(), new RegExp(township.name));

    /* The township's users only; the township administrators' own accounts are the city's to manage. */
    const rows = page.locator('.user-row');
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    assert.ok(texts.length > 3, 'the township has users');
    assert.ok(texts.every((t) => t.includes(township.name)), texts.join('\n'));
    const logins = (await page.locator('.user-row [data-test=user-row-login]').allInnerTexts()).map((l) => l.trim());
    assert.ok(!logins.includes('zhibu.clerk') && !logins.includes('admin'), `no user of another township nor the city: ${logins}`);
    const own = rows.filter({ hasText: TOWNSHIP_ADMIN });
    await own.locator('[data-test=user-city-managed]').filter({ hasText: '由市级系统管理员管理' }).waitFor();
    assert.equal(await own.locator('[data-test=user-edit]').count(), 0);
    await keepScreenshots(page, 'users-township');
    await expectAccessible(page, 'the township administrator\'s users');

    /* A new user: only the township's working roles, the township already chosen. */
    await page.click('[data-test=user-create]');
    const form = '[data-test=user-dialog]';
    await page.locator(form).waitFor();
    await page.fill('[data-test=user-login-input]', login);
    await page.click('[data-test=user-role-input]');
    const list = await page.locator('[data-test=user-role-input] input[aria-controls]').getAttribute('aria-controls');
    const offered = await page.locator(`[id="${list}"] .el-select-dropdown__item`).allInnerTexts();
    assert.ok(offered.includes('文书') && offered.includes('班子成员'), offered.join(', '));
    for (const role of ['系统管理员', '乡镇系统管理员', '市纪委监察员']) {
      assert.ok(!offered.includes(role), `${role} is not offered: ${offered.join(', ')}`);
    }
    await pickOption(page, '[data-test=user-role-input]', '文书');
    assert.equal((await page.locator('[data-test=user-township-input] .el-select__placeholder').innerText()).trim(), township.name);
    await keepScreenshots(page, 'users-township-create');
    await expectAccessible(page, 'the township administrator\'s new user form');
    await page.click(`${form} [data-test=save]`);
    const dialog = page.locator('[data-test=secret-dialog]');
    await dialog.waitFor();
    password = (await dialog.locator('[data-test=secret-value]').innerText()).trim();
    await dialog.locator('[data-test=secret-close]').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('.user-row').filter({ hasText: login });
    await row.waitFor();
    assert.match(await row.innerText(), /文书/);
    assert.match(await row.locator('[data-test=user-totp]').innerText(), /未开启/);
    await row.locator('[data-test=user-edit]').waitFor();
  });
  assert.ok(password.length >= 12, 'a generated password');

  let secret = '';
  await withBrowser('totp-user', async (page) => {
    await page.goto(`${BASE_URL}/townships`);
    await page.locator('[data-test=page-title]').waitFor();
    await submitPassword(page, login, password);
    await signedIn(page, login);
    await page.locator('[data-test=nav-account]').click();
    await page.waitForURL(/\/account$/);
    const panel = page.locator('[data-test=totp-panel]');
    await panel.waitFor();
    assert.equal((await panel.locator('[data-test=totp-state]').innerText()).trim(), '未开启');

    /* Set up, with the password again: without it, the field says so; then
       the QR code for the app and the key for typing it, shown this once. */
    await panel.locator('[data-test=totp-start]').click();
    await panel.locator('[data-test=totp-start-password-item] .el-form-item__error').filter({ hasText: '必填' }).waitFor();
    await page.fill('[data-test=totp-start-password]', 'not-my-password-2026');
    await panel.locator('[data-test=totp-start]').click();
    await panel.locator('[data-test=totp-start-password-item] .el-form-item__error').filter({ hasText: '当前密码不正确' }).waitFor();
    await keepScreenshots(page, 'totp-start-wrong-password');
    await page.fill('[data-test=totp-start-password]', password);
    await panel.locator('[data-test=totp-start]').click();
    const qr = panel.locator('[data-test=totp-qr]');
    await qr.waitFor();
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 100), 'the QR code is drawn');
    secret = (await panel.locator('[data-test=totp-secret]').innerText()).replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await keepScreenshots(page, 'totp-setup');
    await expectAccessible(page, 'setting up two-factor sign-in');

    /* A wrong code is refused on its field; the right one turns it on. */
    await page.fill('[data-test=totp-code-input]', '000000');
    await panel.locator('[data-test=totp-confirm]').click();
    await panel.locator('[data-test=totp-code-item] .el-form-item__error').filter({ hasText: '验证码不正确' }).waitFor();
    await page.fill('[data-test=totp-code-input]', codeNow(secret));
    await panel.locator('[data-test=totp-confirm]').click();
    await page.locator('.el-message--success.totp-on').waitFor();
    await panel.locator('[data-test=totp-state]').filter({ hasText: '已开启' }).waitFor();
    await panel.locator('[data-test=totp-off-form]').waitFor();
    assert.equal(await panel.locator('[data-test=totp-secret]').count(), 0, 'the key is not shown again');
    await dismissMessages(page);
    await keepScreenshots(page, 'totp-on');
    await expectAccessible(page, 'the account page with two-factor sign-in on');

    /* Signed out, the password is not enough: the code is asked for. */
    await page.click('[data-test=logout]');
    await page.locator('[data-test=user-login]').waitFor({ state: 'detached' });
    await submitPassword(page, login, password);
    await page.locator('[data-test=code-form]').waitFor();
    assert.equal((await page.locator('[data-test=page-title]').innerText()).trim(), '输入验证码');
    assert.equal(await page.locator('[data-test=user-login]').count(), 0, 'not signed in yet');
    await page.fill('[data-test=code-input]', '12345');
    await page.click('[data-test=code-submit]');
    await page.locator('[data-test=code-form] .el-form-item__error').filter({ hasText: '6 位数字' }).waitFor();
    await dismissMessages(page).catch(() => {});
    await keepScreenshots(page, 'login-code');
    await expectAccessible(page, 'the code step of signing in');
    /* The next step's code: the one that turned it on is not accepted twice. */
    const code = codeNow(secret, 1);
    await page.fill('[data-test=code-input]', code);
    await page.click('[data-test=code-submit]');
    await signedIn(page, login);
    assert.equal(await page.locator('[data-test=security-notices]').count(), 0, 'nothing to tell yet');

    /* Someone with the password gives that code again, from elsewhere:
       refused, and the user is told above every page until they have seen it. */
    const first = await (await fetch(`${BASE_URL}/api/v1/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }),
    })).json();
    const replay = await fetch(`${BASE_URL}/api/v1/session/code`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ticket: first.ticket, code }),
    });
    assert.equal(replay.status, 401);
    await page.goto(`${BASE_URL}/todo`);
    const notices = page.locator('[data-test=security-notices]');
    await notices.waitFor();
    assert.match(await notices.innerText(), /已用过的验证码/);
    assert.match(await notices.locator('[data-test=security-notice-when]').innerText(), /网络地址：127\.0\.0\.1/);
    await dismissMessages(page).catch(() => {});
    await keepScreenshots(page, 'security-notice');
    await expectAccessible(page, 'a security notice above the page');
    await notices.locator('[data-test=security-notices-seen]').click();
    await notices.waitFor({ state: 'detached' });
    await page.reload();
    await signedIn(page, login);
    assert.equal(await page.locator('[data-test=security-notices]').count(), 0, 'seen: not shown again');
  });

  /* The phone is lost: the township administrator resets it. */
  await withBrowser('totp-reset', async (page) => {
    await page.goto(`${BASE_URL}/users`);
    await submitPassword(page, TOWNSHIP_ADMIN, PASSWORD);
    await signedIn(page, TOWNSHIP_ADMIN);
    await page.goto(`${BASE_URL}/users`);
    const row = page.locator('.user-row').filter({ hasText: login });
    await row.waitFor();
    assert.match(await row.locator('[data-test=user-totp]').innerText(), /已开启/);
    await row.locator('[data-test=user-totp-reset]').click();
    const box = page.locator('.el-message-box');
    await box.waitFor();
    assert.match(await box.innerText(), new RegExp(login.replace(/\./g, '\\.')));
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await row.locator('[data-test=user-totp]').filter({ hasText: '未开启' }).waitFor();
    assert.equal(await row.locator('[data-test=user-totp-reset]').count(), 0);
  });
});
