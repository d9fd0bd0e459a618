/*
 * Browser test of access and phones against a running probity server with
 * the demo data: the main pages pass axe-core's WCAG 2.1 A and AA rules at
 * desktop and phone size (expectNoViolations in browser.js), and on a phone
 * (390 x 844) they fit the screen's width, the header is one bar of at most
 * 64 px whose menu opens the links, lists show their rows as cards, and the
 * log's proof dialog fits. Public pages first, then a clerk's township
 * pages, then each role's to-do page. It only reads: no record is written.
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withBrowser, logIn, apiSession, keepScreenshots, expectNoViolations, openMenu, BASE_URL, LOGIN, TOWNSHIP,
} from './browser.js';

const TIMEOUT = { timeout: 300000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const HEADER_MAX = 64;

/*
 * What a phone must show of the page as it stands: nothing wider than the
 * screen, the header one bar, and the rows of list `list` (a ResourceTable's
 * test id), when given, as cards rather than a table.
 */
async function expectFitsPhone(page, what, list) {
  const m = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    header: document.querySelector('[data-test=app-header]').getBoundingClientRect().height,
  }));
  assert.ok(m.scroll <= m.width, `${what}: ${m.scroll} px wide on a ${m.width} px screen`);
  assert.ok(m.header <= HEADER_MAX, `${what}: the header is ${m.header} px tall`);
  if (list) {
    const rows = page.locator(`.${list}-row`);
    await rows.first().waitFor();
    assert.equal(await page.locator(`.resource-card.${list}-row`).count(), await rows.count(), `${what}: rows shown as cards`);
    assert.equal(await page.locator(`table .${list}-row`).count(), 0, `${what}: no table rows`);
  }
}

/*
 * Opens `path`, waits for `ready` (a selector; the first row of `list` when
 * not given) and checks the page at desktop and at phone size; `then(size)`
 * runs after each size's checks (a dialog opened and checked). Keeps
 * screenshots named `shot` when given.
 */
async function checkPage(page, { path, what, list, ready, shot, then }) {
  await page.setViewportSize(DESKTOP);
  await page.goto(`${BASE_URL}${path}`);
  const readySelector = ready || `.${list}-row`;
  await page.locator(readySelector).first().waitFor();
  await expectNoViolations(page, `${what} (desktop)`);
  if (then) {
    await then('desktop');
  }
  await page.setViewportSize(PHONE);
  await page.locator('[data-test=menu-button]').waitFor(); /* the header has become one bar */
  await page.locator(list ? `.resource-card.${list}-row` : readySelector).first().waitFor();
  await expectFitsPhone(page, `${what} (phone)`, list);
  await expectNoViolations(page, `${what} (phone)`);
  if (then) {
    await then('phone');
  }
  await page.setViewportSize(DESKTOP);
  if (shot) {
    await page.locator(readySelector).first().waitFor();
    await keepScreenshots(page, shot);
  }
}

/* The header's menu on a phone: opens from its button, its links pass axe, and Escape closes it. */
async function checkMenu(page, what) {
  await page.setViewportSize(PHONE);
  /* The header collapses once the page has seen the new width: the menu opened before would close. */
  await page.locator('[data-test=menu-button]').waitFor();
  await openMenu(page);
  const menu = page.locator('[data-test=app-menu]');
  await menu.locator('[data-test=nav-audit]').waitFor();
  const box = await menu.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${what}: the menu lies within the screen`);
  await expectNoViolations(page, `${what} (the phone's menu open)`);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  await page.setViewportSize(DESKTOP);
}

/*
 * An agenda item of the township decided by ballot and its meeting, and an
 * open item of a started meeting (null when none is left).
 */
async function roomItems() {
  const { get } = await apiSession(LOGIN);
  const found = { voted: null, meeting: null, open: null };
  for (const meeting of (await get(`/townships/${TOWNSHIP}/meetings?limit=50`)).items) {
    for (const item of (await get(`/meetings/${meeting.id}`)).items || []) {
      const full = await get(`/items/${item.id}`);
      if (!found.voted && full.result && full.ballots && full.ballots.cast > 0) {
        found.voted = item.id;
        found.meeting = meeting.id;
      }
      const started = new Date(meeting.starts_at) <= new Date() && !meeting.finalised_at;
      if (!found.open && started && ['notified', 'in_session'].includes(item.status)) {
        found.open = item.id;
      }
    }
    if (found.voted && found.open) {
      break;
    }
  }
  return found;
}

test('the public pages: the home page, the townships, the log with its proof dialog, signing in', TIMEOUT, async () => {
  await withBrowser('access-public', async (page) => {
    await checkPage(page, { path: '/', what: 'home page', ready: '[data-test=portal-resolution]', shot: 'access-home' });
    await checkMenu(page, 'home page');
    await checkPage(page, { path: '/townships', what: 'townships', list: 'townships' });
    await checkPage(page, {
      path: '/audit',
      what: 'log page',
      list: 'record',
      shot: 'access-log',
      then: async (size) => {
        await page.locator('[data-test=record-verify]').first().click();
        const dialog = page.locator('[data-test=verify-dialog]');
        await dialog.locator('[data-test=verify-result]:not([data-status=running])').waitFor();
        const box = await dialog.boundingBox();
        const width = size === 'phone' ? PHONE.width : DESKTOP.width;
        assert.ok(box.x >= 0 && box.x + box.width <= width, `proof dialog (${size}): ${box.x}..${box.x + box.width} on a ${width} px screen`);
        if (size === 'phone') {
          await expectFitsPhone(page, 'proof dialog (phone)');
        } else {
          await keepScreenshots(page, 'access-proof');
        }
        await expectNoViolations(page, `proof dialog (${size})`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
      },
    });
    await checkPage(page, { path: '/login', what: 'sign-in page', ready: '[data-test=login-input]', shot: 'access-login' });
  });
});

test("a clerk's township pages: meetings, the meeting room, matters, resolutions, tasks, budgets, indicators", TIMEOUT, async () => {
  const items = await roomItems();
  assert.ok(items.voted, 'the demo has an agenda item decided by ballot');
  await withBrowser('access-township', async (page) => {
    await page.goto(`${BASE_URL}/townships`);
    await logIn(page);
    const t = `/t/${TOWNSHIP}`;
    await checkPage(page, { path: `${t}/meetings`, what: 'meetings', list: 'meeting', shot: 'access-meetings' });
    await checkPage(page, { path: `${t}/meetings/${items.meeting}`, what: 'a meeting', list: 'agenda-item', shot: 'access-meeting' });
    await checkPage(page, { path: `${t}/items/${items.voted}`, what: 'the meeting room of a voted item', ready: '[data-test=vote-section]', shot: 'access-room-voted' });
    if (items.open) {
      await checkPage(page, { path: `${t}/items/${items.open}`, what: 'the meeting room of an open item', ready: '[data-test=item-status]', shot: 'access-room-open' });
    }
    await checkPage(page, { path: `${t}/matters`, what: 'matters', list: 'matter' });
    await checkPage(page, { path: `${t}/resolutions`, what: 'resolutions', list: 'resolution', shot: 'access-resolutions' });
    await checkPage(page, { path: `${t}/tasks`, what: 'tasks', list: 'task', shot: 'access-tasks' });
    await checkPage(page, { path: `${t}/budgets`, what: 'budgets', list: 'budget', shot: 'access-budgets' });
    await checkPage(page, { path: `${t}/indicators`, what: 'indicators', ready: '[data-test=indicators-trend]' });
    await checkPage(page, { path: '/account', what: 'account', ready: '[data-test=password-panel]', shot: 'access-account' });
    await checkMenu(page, 'a signed-in clerk');
  });
});

for (const role of ['clerk', 'member', 'discipline']) {
  test(`the to-do page of the ${role === 'discipline' ? 'discipline secretary' : role}`, TIMEOUT, async () => {
    const login = `${TOWNSHIP}.${role}`;
    await withBrowser(`access-todo-${role}`, async (page) => {
      await page.goto(`${BASE_URL}/townships`);
      await logIn(page, login);
      await checkPage(page, { path: '/todo', what: `to-do of ${login}`, ready: '[data-test^=todo-section-]' });
      if (role === 'member') {
        /* The inbox: each notice's matter stays in view beside its acknowledge button. */
        await checkPage(page, { path: '/inbox', what: 'inbox', list: 'inbox', shot: 'access-inbox' });
      }
    });
  });
}
