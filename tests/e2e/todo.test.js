/*
 * Browser test of the to-do page (/todo, 我的待办) against a running probity
 * server with the demo data: where each role lands from `/` once signed in
 * and what it finds there.
 *
 * Set-up, through the API as the clerk: a committee meeting of the test's
 * own that started an hour ago, a large-fund matter proposed by the party
 * secretary, put on its agenda late with a justification (an ad-hoc item:
 * every member is notified). Then the member lands on /todo, finds the
 * notice of the matter, acknowledges it in its row and sees it go, and the
 * header's badge drop by one; the clerk (with the browser in UTC) finds the
 * meeting with its notices not yet acknowledged and its start in Beijing
 * time as the API gives it; once attendance is taken and every other member
 * has spoken (the API), the party secretary finds it is their turn to speak
 * last, follows the row into the meeting room, states their view and sees
 * the turn leave their list; the discipline secretary finds the late item
 * and the rule exception with their justification, and once the item is
 * deferred countersigns the record from its row, with a note; the department head's and the congress
 * officer's pages show their sections; the commission inspector and the
 * administrator pick the township, the inspector to follow its late items
 * and rule exceptions. Screenshots todo-<role>-desktop.png and -phone.png of each
 * landing page. At the end the meeting is finalised (deferred and
 * countersigned first if a test stopped short), so no open item or
 * unfinished meeting is left behind; the demo's own records are only read.
 * Run with `npm test` (see browser.js for the environment).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, keepScreenshots, pickOption, BASE_URL, LOGIN, TOWNSHIP } from './browser.js';
import { formatTime } from '../../web/src/format.js';

const TIMEOUT = { timeout: 180000 };
const MEMBER = `${TOWNSHIP}.member`;
const SECRETARY = `${TOWNSHIP}.secretary`;
const DISCIPLINE = `${TOWNSHIP}.discipline`;
const HEAD = `${TOWNSHIP}.head`;
const CONGRESS = `${TOWNSHIP}.congress`;
const ADMIN = process.env.PROBITY_ADMIN || 'admin';
const INSPECTOR = process.env.PROBITY_INSPECTOR || 'inspector';
const JUSTIFICATION = 'E2E：汛后抢修，需当场研究';

/* YYYY-MM-DD `days` from today in Asia/Shanghai. */
function shanghaiDay(days) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

let clerk;
let meeting;
let matter;
let item;
let countersigned = false;

before(async () => {
  clerk = await apiSession(LOGIN);
  const secretary = await apiSession(SECRETARY);
  const department = (await clerk.get(`/townships/${TOWNSHIP}/departments`)).items[0].id;
  const stamp = Date.now() % 1000000;
  meeting = await clerk.write('POST', `/townships/${TOWNSHIP}/meetings`, {
    kind: 'committee',
    title: `E2E 待办测试会议 ${stamp}`,
    starts_at: new Date(Date.now() - 3600e3).toISOString(),
    place: '三楼会议室',
    convener_id: secretary.user.person_id,
  });
  matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, {
    title: `E2E 敬老院修缮资金安排 ${stamp}`,
    category: 'large_fund',
    amount_fen: 30000000,
    proposer_id: secretary.user.person_id,
    department_id: department,
    spend_from: shanghaiDay(0),
    spend_until: shanghaiDay(180),
  });
  item = await clerk.write('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id, justification: JUSTIFICATION });
  assert.ok(item.adhoc, 'added late: an ad-hoc item');
});

/* The item deferred, the record countersigned and finalised: nothing of the test's is left in anyone's to-do but the supervision lists. */
after(async () => {
  if (item && !countersigned) {
    const open = (await clerk.get(`/items/${item.id}`)).status;
    if (!['deferred', 'passed', 'rejected'].includes(open)) {
      await clerk.write('POST', `/items/${item.id}/defer`, { reason: 'E2E：待办测试结束，暂缓' });
    }
    const discipline = await apiSession(DISCIPLINE);
    await discipline.write('POST', `/meetings/${meeting.id}/countersign`, { note: 'E2E：待办测试结束' });
  }
  if (item) {
    await clerk.write('POST', `/meetings/${meeting.id}/finalise`, {});
  }
});

/* Opens `/` as the public (the home page), signs `login` in and waits for the to-do page it lands on. */
async function landOnTodo(page, login) {
  await page.goto(`${BASE_URL}/`);
  await page.locator('[data-test=portal-about]').waitFor();
  await logIn(page, login);
  await page.waitForURL(/\/todo(\?.*)?$/);
  await page.locator('[data-test=page-title]').filter({ hasText: '我的待办' }).waitFor();
  /* The welcome message fades before the screenshots. */
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
}

/* The rows of section `key` whose words contain `text`. */
function rowsOf(page, key, text) {
  const rows = page.locator(`[data-test=todo-section-${key}] [data-test=todo-row]`);
  return text ? rows.filter({ hasText: text }) : rows;
}

/* The number the header's badge shows (0 when it is hidden). */
async function badgeCount(page) {
  const badge = page.locator('[data-test=todo-badge] .el-badge__content');
  return (await badge.isVisible()) ? Number(await badge.innerText()) : 0;
}

/* Keeps the screenshots of the landing page of `role`, and checks that on a phone nothing scrolls sideways. */
async function keepLanding(page, role) {
  await keepScreenshots(page, `todo-${role}`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${role}: the phone's page is ${width} px wide`);
  await page.setViewportSize(size);
}

/* The total of a to-do answer, as the page counts it. */
const totalOf = (answer) => Object.values(answer.counts).reduce((a, b) => a + b, 0);

test('the member lands on the to-do, acknowledges the notice in its row and the badge drops by one', TIMEOUT, async () => {
  const member = await apiSession(MEMBER);
  const total = totalOf(await member.get('/todo'));
  await withBrowser('todo-member', async (page) => {
    await landOnTodo(page, MEMBER);
    const notices = page.locator('[data-test=todo-section-notices]');
    assert.match(await notices.locator('h2').innerText(), /待确认的会议通知/);
    const row = rowsOf(page, 'notices', matter.title);
    await row.waitFor();
    const words = await row.innerText();
    assert.match(words, new RegExp(`请确认收到“${matter.title}”的会议通知`));
    assert.match(words, /大额资金使用/, 'the category as the API names it');
    assert.match(words, /临时动议/, 'added late');
    assert.ok(words.includes(meeting.title) && words.includes(formatTime(meeting.starts_at, { seconds: false })), words);
    assert.equal(await row.locator('[data-test=todo-row-link]').getAttribute('href'), `/t/${TOWNSHIP}/items/${item.id}`);
    await page.locator('[data-test=todo-badge] .el-badge__content').filter({ hasText: String(total) }).waitFor();
    await keepLanding(page, 'member');

    await row.locator('[data-test=todo-acknowledge]').filter({ hasText: '确认收到' }).click();
    await page.locator('.el-message--success').filter({ hasText: '已确认' }).first().waitFor();
    await row.waitFor({ state: 'detached' });
    const expected = total - 1;
    for (let i = 0; i < 50 && (await badgeCount(page)) !== expected; i += 1) {
      await page.waitForTimeout(100);
    }
    assert.equal(await badgeCount(page), expected, 'the badge drops by one');
    const left = totalOf(await member.get('/todo'));
    assert.equal(left, expected, 'the server agrees');
  });
});

test('the clerk (browser in UTC) finds the meeting with its notices pending, its start in Beijing time', TIMEOUT, async () => {
  const mine = (await clerk.get('/todo')).meetings.find((m) => m.id === meeting.id);
  assert.ok(mine && mine.notices_pending > 0, 'the API lists the meeting with notices pending');
  await withBrowser('todo-clerk', async (page) => {
    assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'UTC');
    await landOnTodo(page, LOGIN);
    assert.match(await page.locator('[data-test=todo-section-meetings] h2').innerText(), /未定稿的会议/);
    const row = rowsOf(page, 'meetings', meeting.title);
    await row.waitFor();
    const words = await row.innerText();
    assert.match(words, new RegExp(`“${meeting.title}”进行中：1 项议题尚未审结`));
    assert.match(words, new RegExp(`未确认通知 ${mine.notices_pending} 份`));
    const beijing = formatTime(mine.starts_at, { seconds: false });
    const utc = new Date(mine.starts_at).toISOString().slice(0, 16).replace('T', ' ');
    assert.notEqual(beijing, utc);
    assert.ok(words.includes(beijing), `the start in Beijing time, ${beijing}: ${words}`);
    assert.ok(!words.includes(utc), 'not the browser\'s UTC');
    await page.locator('[data-test=todo-section-tasks]').waitFor();
    await keepLanding(page, 'clerk');
    await row.locator('[data-test=todo-row-link]').click();
    await page.waitForURL(new RegExp(`/t/${TOWNSHIP}/meetings/${meeting.id}$`));
  }, { timezoneId: 'UTC' });
});

test('the party secretary finds it is their turn to speak last, and the notice waiting', TIMEOUT, async () => {
  /* Attendance, and every other member's view, through the API. */
  const everyone = item.roster.map((m) => ({ person_id: m.person_id, present: true }));
  await clerk.write('POST', `/items/${item.id}/attendance`, { members: everyone });
  for (const m of item.roster.filter((x) => !x.secretary)) {
    await clerk.write('POST', `/items/${item.id}/statements`, { person_id: m.person_id, view: 'agree', summary: '同意' });
  }
  await withBrowser('todo-secretary', async (page) => {
    await landOnTodo(page, SECRETARY);
    const turn = rowsOf(page, 'statements', matter.title);
    await turn.waitFor();
    assert.match(await turn.locator('[data-test=todo-row-text]').innerText(), new RegExp(`请对“${matter.title}”发表意见`));
    assert.equal(await turn.locator('[data-test=todo-row-turn]').innerText(), '轮到您最后发言');
    assert.equal(await turn.locator('[data-test=todo-row-link]').innerText(), '进入会议室 →');
    await rowsOf(page, 'notices', matter.title).waitFor();
    assert.match(await page.locator('[data-test=todo-section-ballots]').innerText(), /待投票\s*暂无待办事项/);
    await keepLanding(page, 'secretary');

    /* Their day's work: into the meeting room from the row, the view stated last, and the row gone. */
    await turn.locator('[data-test=todo-row-link]').click();
    await page.waitForURL(new RegExp(`/items/${item.id}$`));
    await page.click('[data-test=statement-view-agree]');
    await page.fill('[data-test=statement-summary]', 'E2E：同意，资金须专款专用');
    await page.click('[data-test=statement-save]');
    await page.locator('[data-test=statement-row]').filter({ hasText: 'E2E：同意，资金须专款专用' }).waitFor();
    await keepScreenshots(page, 'todo-secretary-stated');
    await page.goto(`${BASE_URL}/todo`);
    await page.locator('[data-test=todo-section-statements]').waitFor();
    await rowsOf(page, 'notices', matter.title).waitFor();
    assert.equal(await rowsOf(page, 'statements', matter.title).count(), 0, 'stated: the turn is done');
  });
});

test('the discipline secretary finds the late item and the rule exception with their justification', TIMEOUT, async () => {
  const exception = (await apiSession(DISCIPLINE).then((s) => s.get('/todo'))).exceptions
    .find((x) => x.item_id === item.id && x.step === 'notice');
  assert.ok(exception, 'the API lists the exception');
  await withBrowser('todo-discipline', async (page) => {
    await landOnTodo(page, DISCIPLINE);
    const late = rowsOf(page, 'late_items', matter.title);
    await late.waitFor();
    assert.match(await late.locator('[data-test=todo-row-text]').innerText(), /临时增加的议题/);
    assert.match(await late.locator('[data-test=todo-row-quote]').innerText(), new RegExp(`理由\\s*${JUSTIFICATION}`));
    const flagged = rowsOf(page, 'exceptions', matter.title);
    await flagged.waitFor();
    assert.equal(await flagged.locator('[data-test=todo-row-text]').innerText(), `会前通知：${exception.verdict.message_zh}`);
    assert.match(await flagged.locator('[data-test=todo-row-quote]').innerText(), new RegExp(JUSTIFICATION));
    assert.match(await page.locator('[data-test=todo-section-countersign] h2').innerText(), /待会签的会议记录/);
    await keepLanding(page, 'discipline');

    /* At the day's end the item is deferred (the clerk, through the API); the record waits for the
       countersignature, given from the to-do row on the meeting's page, with a note. */
    await clerk.write('POST', `/items/${item.id}/defer`, { reason: 'E2E：待办测试结束，暂缓' });
    await page.reload();
    const record = rowsOf(page, 'countersign', meeting.title);
    await record.waitFor();
    await record.locator('[data-test=todo-row-link]').click();
    await page.waitForURL(new RegExp(`/meetings/${meeting.id}$`));
    await page.click('[data-test=meeting-countersign]');
    await page.locator('.countersign-box input').fill('E2E：程序合规，同意会签');
    await page.locator('.countersign-box .el-button--primary').click();
    await page.locator('[data-test=meeting-countersign-note]').filter({ hasText: 'E2E：程序合规，同意会签' }).waitFor();
    countersigned = true;
    await page.goto(`${BASE_URL}/todo`);
    await page.locator('[data-test=todo-section-countersign]').waitFor();
    assert.equal(await rowsOf(page, 'countersign', meeting.title).count(), 0, 'countersigned: off the list');
  });
});

test('the department head\'s and the congress officer\'s pages show their sections', TIMEOUT, async () => {
  for (const [login, key, title] of [[HEAD, 'tasks', '逾期的执行任务'], [CONGRESS, 'budgets', '待人大表决的预算']]) {
    const answer = await apiSession(login).then((s) => s.get('/todo'));
    assert.deepEqual(Object.keys(answer.counts), [key], `${login} acts on ${key} only`);
    await withBrowser(`todo-${key}`, async (page) => {
      await landOnTodo(page, login);
      const section = page.locator(`[data-test=todo-section-${key}]`);
      await section.waitFor();
      assert.match(await section.locator('h2').innerText(), new RegExp(title));
      assert.equal(await page.locator('section[data-test^=todo-section-]').count(), 1, 'one section');
      if (answer[key].length) {
        assert.equal(await rowsOf(page, key).count(), answer[key].length);
        if (key === 'tasks') {
          const first = answer.tasks[0];
          const words = await rowsOf(page, key).first().innerText();
          assert.ok(words.includes(`逾期未完成：${first.description}`) && words.includes(`负责人 ${first.owner_name}`), words);
        }
      } else {
        assert.equal(await section.locator('[data-test=todo-section-empty]').innerText(), '暂无待办事项');
      }
      await keepLanding(page, login === HEAD ? 'head' : 'congress');
    });
  }
});

test('the commission inspector picks the township and follows its late items and rule exceptions', TIMEOUT, async () => {
  await withBrowser('todo-inspector', async (page) => {
    await landOnTodo(page, INSPECTOR);
    await page.locator('[data-test=todo-pick]').filter({ hasText: '请先选择乡镇（街道）' }).waitFor();
    await pickOption(page, '[data-test=todo-township]', '店口');
    await page.waitForURL(new RegExp(`/todo\\?township=${TOWNSHIP}$`));
    const late = rowsOf(page, 'late_items', matter.title);
    await late.waitFor();
    assert.match(await late.locator('[data-test=todo-row-quote]').innerText(), new RegExp(JUSTIFICATION));
    await rowsOf(page, 'exceptions', matter.title).waitFor();
    assert.equal(await page.locator('section[data-test^=todo-section-]').count(), 2, 'the supervision lists only');
    await keepLanding(page, 'inspector');
  });
});

test('the administrator picks the township, finds its meetings and opens one', TIMEOUT, async () => {
  await withBrowser('todo-admin', async (page) => {
    await landOnTodo(page, ADMIN);
    await page.locator('[data-test=todo-pick]').filter({ hasText: '请先选择乡镇（街道）' }).waitFor();
    await pickOption(page, '[data-test=todo-township]', '店口');
    await page.waitForURL(new RegExp(`/todo\\?township=${TOWNSHIP}$`));
    await rowsOf(page, 'meetings', meeting.title).waitFor();
    assert.match(await page.locator('[data-test=page-header], .page-header').first().innerText(), /店口镇：共 \d+ 项待办/);
    await keepLanding(page, 'admin');
    await rowsOf(page, 'meetings', meeting.title).locator('[data-test=todo-row-link]').click();
    await page.waitForURL(new RegExp(`/t/${TOWNSHIP}/meetings/${meeting.id}$`));
    await page.locator('[data-test=page-title]').filter({ hasText: meeting.title }).waitFor();
    assert.match(page.url(), new RegExp(`/meetings/${meeting.id}$`), 'the link is followed, the picked township kept for the badge only');
  });
});
