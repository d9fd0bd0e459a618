/*
 * Shared set-up of the browser tests: settings from the environment, a
 * headless Debian Chromium driven by playwright-core with a fresh temporary
 * profile, and a wrapper that saves a screenshot to artifacts/ when a test
 * fails and reports page errors and CSP violations.
 *
 * Environment:
 *   PROBITY_URL        base URL of a running `probity serve` (default http://127.0.0.1:18080)
 *   PROBITY_LOGIN      a township clerk's login (default diankou.clerk)
 *   PROBITY_PASSWORD   its password (default zhuji-demo-2026, the demo's)
 *   PROBITY_TOWNSHIP   that clerk's township id (default diankou)
 *   PROBITY_CHROMIUM   the browser binary (default /usr/bin/chromium)
 */
import { after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const BASE_URL = (process.env.PROBITY_URL || 'http://127.0.0.1:18080').replace(/\/+$/, '');
export const LOGIN = process.env.PROBITY_LOGIN || 'diankou.clerk';
export const PASSWORD = process.env.PROBITY_PASSWORD || 'zhuji-demo-2026';
export const TOWNSHIP = process.env.PROBITY_TOWNSHIP || 'diankou';
const CHROMIUM = process.env.PROBITY_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/* Matches a CJK ideograph: text shown in Chinese contains one. */
export const CJK = /[\u4e00-\u9fff]/;

/*
 * Saves artifacts/<name>-desktop.png and artifacts/<name>-phone.png (390 x
 * 844) of the page as it stands, for a person to look at as a clerk would,
 * then restores the desktop size.
 */
export async function keepScreenshots(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const size = page.viewportSize();
  /* Transitions (a dialog fading out, a message fading in) are finished
   * first: the screenshot shows the page as it rests. */
  await page.screenshot({ path: join(ARTIFACTS, `${name}-desktop.png`), fullPage: true, animations: 'disabled' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300); /* the layout settles */
  await page.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true, animations: 'disabled' });
  await page.setViewportSize(size);
  await page.waitForTimeout(300);
}

/* The rules checked: WCAG 2.0 and 2.1, levels A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/*
 * Parts of Element Plus's own markup that axe flags and that no prop or
 * style of ours reaches, each with why; every other node is checked.
 */
const AXE_EXCLUDE = [];

/*
 * Runs axe-core (WCAG 2.1 A and AA) on the page as it stands and fails,
 * naming `what` (the page and size), with each violation's rule, help text
 * and the selectors of the elements at fault.
 */
export async function expectNoViolations(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    /* From the app's own origin: the page's Content-Security-Policy refuses inline scripts. */
    const url = `${BASE_URL}/.e2e/axe.min.js`;
    await page.route(url, (route) => route.fulfill({ path: AXE_SCRIPT, contentType: 'text/javascript' }));
    await page.addScriptTag({ url });
  }
  const violations = await page.evaluate(async ({ tags, exclude }) => {
    /* Colours are judged at rest: transitions (a tag fading in) end first; endless ones (a spinner) are not waited for. */
    const ending = document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
    await Promise.all(ending.map((a) => a.finished.catch(() => {})));
    const result = await window.axe.run({ exclude }, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, { tags: AXE_TAGS, exclude: AXE_EXCLUDE });
  if (violations.length > 0) {
    const lines = violations.map((v) => `- ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`);
    throw new Error(`accessibility (axe) on ${what}:\n${lines.join('\n')}`);
  }
}

/* The test file's one browser, started at its first use and closed once the file's tests are done. */
let launched = null;
function sharedBrowser() {
  launched ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return launched;
}
/* Registered as the module loads, so that it is the file's hook, not a test's. */
after(async () => {
  if (launched !== null) {
    await (await launched).close();
  }
});

/*
 * Runs `body(page, context)` in a fresh browser context (its own cookies
 * and storage, as a new profile), in the browser's time zone `timezoneId`
 * (Beijing's unless told: the app must show and read Beijing time in any).
 * On failure, saves artifacts/<name>.png and rethrows. Fails the test when
 * the page threw an uncaught error or the browser reported a
 * Content-Security-Policy violation.
 */
export async function withBrowser(name, body, { timezoneId = 'Asia/Shanghai' } = {}) {
  const context = await (await sharedBrowser()).newContext({
    locale: 'en-US', /* the app must default to Chinese whatever the browser prefers */
    timezoneId,
    viewport: { width: 1280, height: 900 },
  });
  const problems = [];
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(15000);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      problems.push(`CSP: ${message.text()}`);
    }
  });
  try {
    await body(page, context);
    if (problems.length > 0) {
      throw new Error(problems.join('\n'));
    }
  } catch (error) {
    try {
      await mkdir(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, name.replace(/[^a-zA-Z0-9_-]+/g, '-') + '.png');
      await page.screenshot({ path: file, fullPage: true });
      error.message += `\n(screenshot: ${file})`;
    } catch {
      /* A screenshot is a help, not a requirement. */
    }
    throw error;
  } finally {
    await context.close();
  }
}

/* GET <BASE_URL>/api/v1<path> from the test process (no cookies): parsed JSON. */
export async function apiGet(path) {
  const response = await fetch(`${BASE_URL}/api/v1${path}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`GET ${path}: HTTP ${response.status}`);
  }
  return response.json();
}

/* On a phone, opens the header's menu (its links, the picker and the user are in there), unless it is open. */
export async function openMenu(page) {
  const button = page.locator('[data-test=menu-button]');
  if (!(await button.isVisible())) {
    return;
  }
  if ((await button.getAttribute('aria-expanded')) !== 'true') {
    await button.click();
  }
  await page.locator('[data-test=app-menu]').waitFor();
}

/*
 * Logs in through the header's login link as `login` (LOGIN by default) and
 * waits for the user in the header (the name of their person on record, or
 * the login of a user without one), on whichever server the page is; on a
 * phone, through the header's menu.
 */
export async function logIn(page, login = LOGIN) {
  await openMenu(page);
  await page.click('[data-test=login-link]');
  await page.fill('[data-test=login-input]', login);
  await page.fill('[data-test=password-input]', PASSWORD);
  const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST');
  await page.click('[data-test=login-submit]');
  await signedIn;
  await page.locator('[data-test=user]').waitFor({ state: 'attached' });
}

/*
 * Opens the Element Plus select `selector` and clicks the first option of
 * its own list (the first containing `text` when given), not one of
 * another select's list still fading out; tries again until the select
 * shows a choice (options loaded while the list opens can swallow a click).
 */
export async function pickOption(page, selector, text) {
  const list = await page.locator(`${selector} input[aria-controls]`).getAttribute('aria-controls');
  const options = page.locator(`[id="${list}"] .el-select-dropdown__item:visible`);
  const chosen = page.locator(`${selector} .el-select__placeholder:not(.is-transparent)`);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (!(await options.count())) {
      await page.click(selector);
    }
    await (text ? options.filter({ hasText: text }) : options).first().click();
    try {
      await chosen.waitFor({ timeout: 2000 });
      return;
    } catch {
      /* Not taken: open the list again. */
    }
  }
  throw new Error(`no option picked in ${selector}`);
}

/* Types `value` into the input of `selector` (an input, or a component around one such as el-input-number) and leaves it. */
export async function fillInput(page, selector, value) {
  const field = page.locator(selector);
  const input = (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input');
  await input.fill(String(value));
  await input.press('Tab');
}

/*
 * Signs `login` in from the test process and returns API calls with its
 * session cookie and CSRF token:
 *   get(path)                 the parsed body (a write's or item's `item`
 *                             unwrapped); throws unless 200
 *   send(method, path, body)  {status, body}, asserting nothing (refusals)
 *   post(path, body)          send('POST', path, body)
 *   write(method, path, body) the written item; throws unless it succeeds;
 *                             a step the rulebook flags is sent again with
 *                             a justification
 *   user                      the signed-in user
 */
export async function apiSession(login = LOGIN, password = PASSWORD) {
  const response = await fetch(`${BASE_URL}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (!response.ok) {
    throw new Error(`log in as ${login}: HTTP ${response.status}`);
  }
  const { csrf_token: csrf, user } = await response.json();
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const unwrap = (body) => (body && body.item && typeof body.item === 'object' && !Array.isArray(body.item) ? body.item : body);
  async function send(method, path, body) {
    const r = await fetch(`${BASE_URL}/api/v1${path}`, {
      method,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  }
  async function get(path) {
    const { status, body } = await send('GET', path);
    if (status !== 200) {
      throw new Error(`GET ${path} as ${login}: HTTP ${status} ${JSON.stringify(body)}`);
    }
    return unwrap(body);
  }
  async function write(method, path, body = {}) {
    let answer = await send(method, path, body);
    if (answer.status === 422 && answer.body && answer.body.error && answer.body.error.field === 'justification') {
      answer = await send(method, path, { ...body, justification: 'E2E：测试会议说明理由' });
    }
    if (answer.status >= 300) {
      throw new Error(`${method} ${path} as ${login}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body.item;
  }
  return { user, get, send, write, post: (path, body) => send('POST', path, body ?? {}) };
}
