/*
 * Browser test of the account pages against a running probity server with
 * the demo data. The demo's administrator finds "用户管理" in the header,
 * creates a user of the test's own (a unique login, linked to no person;
 * the generated password shown once), changes their role, disables them
 * with a reason (the list says 已停用 and why), enables them again and
 * resets their password (the new one read from the dialog that shows it
 * once). That user, in a browser of their own, opens "账号与安全", is
 * told of a repeat that differs and of a new password the server finds
 * too short (on the field it names), changes their password, is sent to
 * the login page, signs in with the new one, and creates a read-only API
 * token limited to one area (shown once), sees it listed with its access
 * and area by their labels, and revokes it; sees this browser and a
 * phone among their sessions, and signs the phone out with the password
 * again; the page reads in English too. No demo user's password, status or sessions are touched: other
 * tests share the server. Screenshots of the users list, a password and
 * a token shown once, and the account page with its token at desktop and
 * phone size are kept (artifacts/).
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, keepScreenshots, pickOption, BASE_URL, PASSWORD, TOWNSHIP } from './browser.js';

const TIMEOUT = { timeout: 240000 };
const ADMIN = process.env.PROBITY_ADMIN || 'admin';

/* Logs in through the header's login link as `login` with `password` and waits for the header to name the user. */
async function logInAs(page, login, password) {
  await page.click('[data-test=login-link]');
  await signIn(page, login, password);
}

/* Fills the login page's form and waits for the header to name the user. */
async function signIn(page, login, password) {
  await page.fill('[data-test=login-input]', login);
  await page.fill('[data-test=password-input]', password);
  await page.click('[data-test=login-submit]');
  await page.locator('[data-test=user]').waitFor();
}

/* Saves the open form and waits for it to close on success. */
async function save(page, dialog) {
  await page.click(`${dialog} [data-test=save]`);
  await page.locator(dialog).waitFor({ state: 'hidden' });
}

/* The secret shown once: checks the warning, reads the value, and closes the dialog. */
async function readSecret(page, screenshot) {
  const dialog = page.locator('[data-test=secret-dialog]');
  await dialog.waitFor();
  assert.match(await dialog.locator('[data-test=secret-warning]').innerText(), /只显示这一次/);
  assert.equal((await dialog.locator('[data-test=secret-copy]').innerText()).trim(), '复制');
  const value = (await dialog.locator('[data-test=secret-value]').innerText()).trim();
  if (screenshot) {
    await dismissMessages(page);
    await keepScreenshots(page, screenshot);
  }
  await dialog.locator('[data-test=secret-close]').click();
  await dialog.waitFor({ state: 'hidden' });
  return value;
}

/*
 * Closes the messages still shown, the newest first (so that the others
 * stay where they are), with the mouse then moved off them (a message
 * under the mouse stays), and waits until none is left.
 */
async function dismissMessages(page) {
  for (const close of (await page.locator('.el-message .el-message__closeBtn').all()).reverse()) {
    await close.click({ timeout: 2000 }).catch(() => {});
  }
  await page.mouse.move(1, 400);
  await page.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 10000 });
}

test('the administrator manages a user; the user changes their password and keeps an API token', TIMEOUT, async () => {
  const login = `e2e.${Date.now()}`;
  let password = '';

  await withBrowser('accounts-admin', async (page) => {
    await page.goto(`${BASE_URL}/townships`);
    await page.locator('[data-test=page-title]').waitFor();
    assert.equal(await page.locator('[data-test=nav-users]').count(), 0, 'no users link for the public');
    await logInAs(page, ADMIN, PASSWORD);
    await page.locator('[data-test=nav-users]').filter({ hasText: '用户管理' }).click();
    await page.waitForURL(/\/users$/);
    await page.locator('[data-test=page-title]').filter({ hasText: '用户管理' }).waitFor();
    await page.locator('.user-row').filter({ hasText: ADMIN }).first().waitFor();

    /* A new user: the form from user.create, a township picked by name, no person, a generated password. */
    const create = page.locator('[data-test=user-create]');
    assert.equal((await create.innerText()).trim(), '新增用户');
    await create.click();
    const form = '[data-test=user-dialog]';
    await page.locator(form).waitFor();
    await page.fill('[data-test=user-login-input]', login);
    await pickOption(page, '[data-test=user-role-input]', '文书');
    const townshipName = (await (await fetch(`${BASE_URL}/api/v1/townships/${TOWNSHIP}`)).json()).name;
    await pickOption(page, '[data-test=user-township-input]', townshipName);
    await page.click(`${form} [data-test=save]`);
    const initial = await readSecret(page);
    assert.ok(initial.length >= 12, `a generated password: ${initial}`);

    const row = page.locator('.user-row').filter({ hasText: login });
    await row.waitFor();
    assert.match(await row.innerText(), /文书/);
    assert.match(await row.innerText(), new RegExp(townshipName));

    /* Its role changed. */
    await row.locator('[data-test=user-edit]').click();
    const edit = '[data-test=user-edit-dialog]';
    await page.locator(edit).waitFor();
    assert.match(await page.locator(`${edit} .el-dialog__title`).innerText(), new RegExp(login));
    await pickOption(page, '[data-test=user-edit-role-input]', '班子成员');
    await save(page, edit);
    await row.filter({ hasText: '班子成员' }).waitFor();

    /* Disabled, with a reason. */
    const reason = 'E2E：调离岗位';
    await row.locator('[data-test=user-disable]').click();
    const disable = '[data-test=user-disable-dialog]';
    await page.locator(disable).waitFor();
    await page.click(`${disable} [data-test=save]`);
    await page.locator(`${disable} .el-form-item__error`).filter({ hasText: '必填' }).waitFor();
    await page.fill('[data-test=user-disable-reason-input]', reason);
    await save(page, disable);
    await row.filter({ hasText: '已停用' }).waitFor();
    assert.match(await row.innerText(), new RegExp(reason));
    await row.locator('[data-test=user-enable]').waitFor();
    await dismissMessages(page);
    await keepScreenshots(page, 'users');

    /* Enabled again: the reason is gone with the status. */
    await row.locator('[data-test=user-enable]').click();
    const enable = '[data-test=user-enable-dialog]';
    await page.locator(enable).waitFor();
    await save(page, enable);
    await row.locator('[data-test=user-disable]').waitFor();
    assert.doesNotMatch(await row.innerText(), /已停用/);
    assert.doesNotMatch(await row.innerText(), new RegExp(reason));

    /* A new password, generated and shown once. */
    await row.locator('[data-test=user-password]').click();
    const reset = '[data-test=user-password-dialog]';
    await page.locator(reset).waitFor();
    await page.click(`${reset} [data-test=save]`);
    password = await readSecret(page, 'user-password');
    assert.ok(password.length >= 12 && password !== initial, 'a new generated password');
  });

  await withBrowser('accounts-user', async (page) => {
    await page.goto(`${BASE_URL}/townships`);
    await page.locator('[data-test=page-title]').waitFor();
    await logInAs(page, login, password);
    await page.locator('[data-test=nav-account]').filter({ hasText: '账号与安全' }).click();
    await page.waitForURL(/\/account$/);
    await page.locator('[data-test=page-title]').filter({ hasText: '账号与安全' }).waitFor();
    assert.equal(await page.locator('[data-test=nav-users]').count(), 0, 'no users link but for the administrator');
    assert.match(await page.locator('[data-test=password-note]').innerText(), /至少 12 个字符/);

    const newPassword = `新密码-${Date.now()}-梅花香自苦寒来`;
    /* A repeat that differs is caught here. */
    await page.fill('[data-test=password-current]', password);
    await page.fill('[data-test=password-new-input]', newPassword);
    await page.fill('[data-test=password-repeat-input]', `${newPassword}x`);
    await page.click('[data-test=password-submit]');
    await page.locator('[data-test=password-repeat-item] .el-form-item__error').filter({ hasText: '两次输入的新密码不一致' }).waitFor();

    /* One too short is the server's to refuse, on the field it names. */
    await page.fill('[data-test=password-new-input]', 'short-pw');
    await page.fill('[data-test=password-repeat-input]', 'short-pw');
    await page.click('[data-test=password-submit]');
    const newError = page.locator('[data-test=password-new-item] .el-form-item__error');
    await newError.waitFor();
    assert.match(await newError.innerText(), /12/);
    /* The repeat's earlier error goes (it fades out). */
    await page.locator('[data-test=password-repeat-item] .el-form-item__error').waitFor({ state: 'detached' });
    await page.locator('[data-test=user]').waitFor();

    /* Changed: every session ends, this one too; the login page, and the new password signs in. */
    await page.fill('[data-test=password-new-input]', newPassword);
    await page.fill('[data-test=password-repeat-input]', newPassword);
    await page.click('[data-test=password-submit]');
    await page.waitForURL(/\/login/);
    assert.match(await page.locator('.el-message--success.password-changed').innerText(), /密码已修改/);
    await page.locator('[data-test=user-login]').waitFor({ state: 'detached' }); /* signed out */
    await page.fill('[data-test=login-input]', login);
    await page.fill('[data-test=password-input]', password);
    await page.click('[data-test=login-submit]');
    await page.locator('[data-test=login-error]').waitFor();
    await signIn(page, login, newPassword);
    await page.waitForURL(/\/account$/);

    /* A read-only token limited to one area: shown once, then listed with its labels. */
    await page.locator('[data-test=tokens-panel]').waitFor();
    const label = `E2E 数据同步 ${Date.now() % 100000}`;
    await page.click('[data-test=token-create]');
    const form = '[data-test=token-dialog]';
    await page.locator(form).waitFor();
    await page.fill('[data-test=token-label-input]', label);
    await pickOption(page, '[data-test=token-access-input]', '只读');
    await pickOption(page, '[data-test=token-area-input]');
    const area = (await page.locator('[data-test=token-area-input] .el-select__placeholder').innerText()).trim();
    assert.ok(area, 'an area picked by its name');
    await page.click(`${form} [data-test=save]`);
    const token = await readSecret(page, 'token-secret');
    assert.ok(token.length >= 20, 'the token shown once');

    const row = page.locator('.token-row').filter({ hasText: label });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /只读/);
    assert.match(text, new RegExp(area));
    assert.doesNotMatch(text, new RegExp(token), 'never shown again');
    await dismissMessages(page);
    await keepScreenshots(page, 'account');

    /* Revoked, once confirmed. */
    await row.locator('[data-test=token-revoke]').click();
    const box = page.locator('.el-message-box');
    await box.waitFor();
    assert.match(await box.innerText(), new RegExp(label));
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await row.waitFor({ state: 'detached' });

    /* The meeting calendar: a secret address, shown once, that a calendar can read without signing in. */
    await page.click('[data-test=calendar-subscribe]');
    const feed = await readSecret(page, 'calendar-secret');
    assert.ok(feed.startsWith(`${BASE_URL}/api/v1/calendar/pf_`), feed);
    const ics = await fetch(feed);
    assert.equal(ics.status, 200);
    assert.match(ics.headers.get('content-type'), /^text\/calendar/);
    assert.match(await ics.text(), /^BEGIN:VCALENDAR/);
    await page.click('[data-test=calendar-stop]');
    const stop = page.locator('.el-message-box');
    await stop.waitFor();
    await stop.locator('.el-message-box__btns .el-button--primary').click();
    await stop.waitFor({ state: 'hidden' });
    await page.waitForFunction(async (url) => (await fetch(url)).status === 404, feed);

    /* Where they are signed in: this browser, and a phone (signed in here
       over the API); the phone is signed out with the password again. */
    const phone = await fetch(`${BASE_URL}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile Safari/604.1' },
      body: JSON.stringify({ login, password: newPassword }),
    });
    assert.equal(phone.status, 200);
    const phoneCookie = phone.headers.getSetCookie()[0].split(';')[0];
    await page.reload();
    const sessions = page.locator('[data-test=sessions-panel]');
    await sessions.locator('.session-row').nth(1).waitFor();
    assert.equal(await sessions.locator('.session-row').count(), 2);
    const phoneRow = sessions.locator('.session-row').filter({ hasText: 'iPhone' });
    assert.match(await sessions.locator('.session-row').filter({ hasText: '当前浏览器' }).innerText(), /Chrome|HeadlessChrome/);
    await dismissMessages(page);
    await keepScreenshots(page, 'account-sessions');
    await phoneRow.locator('[data-test=session-end]').click();
    const ask = page.locator('.sessions-end-dialog');
    await ask.waitFor();
    await ask.locator('input[type=password]').fill('not-my-password-2026');
    await ask.locator('.el-message-box__btns .el-button--primary').click();
    await ask.locator('.el-message-box__errormsg').filter({ hasText: '当前密码不正确' }).waitFor();
    await ask.locator('input[type=password]').fill(newPassword);
    await ask.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message--success.sessions-ended').waitFor();
    await phoneRow.waitFor({ state: 'detached' });
    assert.equal(await sessions.locator('.session-row').count(), 1);
    const gone = await fetch(`${BASE_URL}/api/v1/session`, { headers: { Cookie: phoneCookie } });
    assert.equal(gone.status, 401, 'the phone is signed out');

    /* In English: the page's own words and the description's labels. */
    await page.click('[data-test=lang-en]');
    await page.locator('[data-test=page-title]').filter({ hasText: 'Account and security' }).waitFor();
    assert.equal((await page.locator('[data-test=password-current-item] label').innerText()).trim(), 'Current password');
    assert.match(await page.locator('[data-test=password-note]').innerText(), /at least 12 characters/);
    assert.equal((await page.locator('[data-test=nav-account]').innerText()).trim(), 'Account');
    await page.click('[data-test=lang-zh]');
  });
});
