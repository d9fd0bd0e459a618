/*
 * Browser test of the meeting-room view against a running probity server
 * with the demo data: the clerk of the township opens the meeting in
 * progress from the meetings list, takes one open agenda item through
 * attendance, statements in the permitted order (the secretary last), the
 * vote when the item's category requires one, and sees the result.
 * Each run concludes one open item; the demo has two in Diankou's meeting
 * in progress (reload the demo data to run it again).
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, apiSession, BASE_URL, LOGIN, TOWNSHIP, CJK } from './browser.js';

const TIMEOUT = { timeout: 240000 };
const OPEN = ['notified', 'in_session', 'voting'];

/* The first open agenda item of a meeting that has started and is not finalised. */
async function openItem(get) {
  const meetings = (await get(`/townships/${TOWNSHIP}/meetings?limit=50`)).items;
  for (const meeting of meetings) {
    if (meeting.finalised_at || new Date(meeting.starts_at) > new Date()) {
      continue;
    }
    const full = await get(`/meetings/${meeting.id}`);
    const item = (full.items || []).find((i) => OPEN.includes(i.status));
    if (item) {
      return { meetingId: meeting.id, itemId: item.id };
    }
  }
  return null;
}

/* Confirms a step that cannot be undone, once the page asks (and checks that it asks). */
async function confirmStep(page, pattern) {
  const box = page.locator('.step-confirm');
  await box.waitFor();
  assert.match(await box.innerText(), pattern);
  await box.locator('.el-message-box__btns .el-button--primary').click();
}

/* Answers the justification prompt when the rulebook flags a step. */
async function justifyIfAsked(page) {
  const box = page.locator('.justify-box');
  if (await box.isVisible().catch(() => false)) {
    await box.locator('textarea').fill('E2E: 会议现场说明理由');
    await box.locator('.el-message-box__btns .el-button--primary').click();
  }
}

async function waitForStatus(page, pattern) {
  await page.locator('[data-test=item-status]').filter({ hasText: pattern }).waitFor();
}

test('the clerk runs one agenda item in the meeting room, the secretary speaking last', TIMEOUT, async (t) => {
  const { get } = await apiSession(LOGIN);
  const target = await openItem(get);
  if (!target) {
    t.skip('no open agenda item in a started meeting: reload the demo data');
    return;
  }
  const before = await get(`/items/${target.itemId}`);
  const secretary = before.roster.find((r) => r.secretary);

  await withBrowser('meeting-room', async (page) => {
    await page.setViewportSize({ width: 820, height: 1180 }); /* a tablet held upright */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}`);
    await logIn(page);

    await page.click('[data-test=nav-meetings]');
    await page.waitForURL(new RegExp(`/t/${TOWNSHIP}/meetings$`));
    await page.locator(`[data-test=meeting-link][href$="/meetings/${target.meetingId}"]`).click();
    await page.locator('[data-test=notification-table]').first().waitFor();
    assert.match(await page.locator('[data-test=notices-count]').first().innerText(), CJK);
    await page.locator(`[data-test=agenda-item-link][href$="/items/${target.itemId}"]`).click();
    await page.waitForURL(new RegExp(`/items/${target.itemId}$`));
    await page.locator('[data-test=item-status]').waitFor();

    /* Attendance: everyone present. */
    if (await page.locator('[data-test=attendance-save]').count()) {
      const notYet = page.locator('[data-test=blocked-statement]').first();
      assert.match(await notYet.innerText(), /须先记录本议题的出席和回避情况/);
      assert.match(await notYet.getAttribute('title'), /procedure\.attendance_first/, 'the rule is in the title, not the text');
      await page.click('[data-test=attendance-save]');
      await justifyIfAsked(page);
      await waitForStatus(page, /审议中|表决中/);
    }

    /* Statements in the permitted order: the secretary is offered only when the others have spoken. */
    for (let round = 0; round < 30; round += 1) {
      const save = page.locator('[data-test=statement-save]');
      if (!(await save.count())) {
        break;
      }
      const rows = await page.locator('[data-test=statement-row]').count();
      const remaining = (await get(`/items/${target.itemId}`)).next.find((s) => s.action === 'statement');
      const persons = remaining ? remaining.persons : [];
      if (secretary && persons.length > 0 && !persons.includes(secretary.person_id)) {
        /* The page says why the secretary may not speak yet; the rule's id is in the title. */
        const why = page.locator('[data-test=blocked-statement]').first();
        assert.match(await why.innerText(), /书记末位表态/);
        assert.match(await why.getAttribute('title'), /statement\.secretary_last/);
      }
      await page.click('[data-test=statement-view-agree]');
      await page.fill('[data-test=statement-summary]', `E2E 表态 ${round + 1}`);
      await save.click();
      await justifyIfAsked(page);
      await page.locator('[data-test=statement-row]').nth(rows).waitFor();
    }
    const after = await get(`/items/${target.itemId}`);
    if (secretary && after.requirements.secretary_last) {
      const last = after.statements[after.statements.length - 1];
      assert.equal(last.person_id, secretary.person_id, 'the secretary spoke last');
    }

    /* The vote, when the category requires a ballot. */
    if (after.requirements.ballot) {
      if (await page.locator('[data-test=vote-open]').count()) {
        await page.click('[data-test=vote-open]');
        await confirmStep(page, /不能再发表意见/);
        await justifyIfAsked(page);
        await waitForStatus(page, /表决中/);
      }
      for (let round = 0; round < 30; round += 1) {
        const save = page.locator('[data-test=ballot-save]');
        if (!(await save.count())) {
          break;
        }
        const cast = await page.locator('[data-test=ballot-count]').innerText();
        if (await page.locator('[data-test=ballot-choice-agree]').count()) {
          await page.click('[data-test=ballot-choice-agree]');
        }
        await save.click();
        await page.locator('[data-test=ballot-count]').filter({ hasNotText: cast }).waitFor();
      }
    }

    /* The result. */
    await page.locator('[data-test=result-save]').waitFor();
    if (await page.locator('[data-test=result-tally-agree]').count()) {
      const ballots = (await get(`/items/${target.itemId}`)).ballots.cast;
      const field = page.locator('[data-test=result-tally-agree]');
      const input = (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input');
      await input.fill(String(ballots));
    }
    await page.fill('[data-test=result-resolution-input]', 'E2E 决议：同意实施');
    await page.click('[data-test=result-save]');
    await confirmStep(page, /不能修改/);
    await justifyIfAsked(page);
    const verdict = page.locator('[data-test=result-verdict]');
    await verdict.waitFor();
    assert.match(await verdict.innerText(), /通过/);
    assert.match(await page.locator('[data-test=result-tally]').innerText(), /同意 \d+/);

    const done = await get(`/items/${target.itemId}`);
    assert.equal(done.status, 'passed');
    assert.equal(done.result.passed, true);
  });
});

/* Picks the first choice of the select whose form item is `item` (data-test of FormDialog). */
async function pickFirst(page, input) {
  await page.click(`[data-test=${input}]`);
  await page.waitForTimeout(300);
  await page.locator('.el-select-dropdown__item:visible').first().click();
  await page.waitForTimeout(300);
}

test('the clerk registers a matter, adds it as an ad-hoc item with a justification, and schedules a meeting in Beijing time from a browser in UTC', TIMEOUT, async (t) => {
  const { get } = await apiSession(LOGIN);
  const target = await openItem(get);
  if (!target) {
    t.skip('no started meeting in progress: reload the demo data');
    return;
  }
  await withBrowser('meeting-forms', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}`);
    await logIn(page);

    await page.click('[data-test=nav-matters]');
    await page.click('[data-test=matter-create]');
    const title = `E2E 议题 ${Date.now()}`;
    await page.fill('[data-test=matter-title-input]', title);
    await pickFirst(page, 'matter-category-input');
    await pickFirst(page, 'matter-proposer_id-input');
    await page.click('[data-test=save]');
    await page.waitForURL(/\/matters\/\d+$/);
    await page.locator('[data-test=req-collective]').waitFor();
    assert.equal((await page.locator('[data-test=matter-title]').innerText()).trim(), title);

    /* The meeting has started: the item is an ad-hoc motion, which the rulebook flags. */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/meetings/${target.meetingId}`);
    const rows = page.locator('.agenda-item-row');
    await rows.first().waitFor();
    const count = await rows.count();
    await page.click('[data-test=agenda-add]');
    await page.click('[data-test=agenda-matter_id-input]');
    await page.waitForTimeout(300);
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: title }).click();
    await page.click('[data-test=save]');
    const prompt = page.locator('.justify-box');
    await prompt.waitFor();
    assert.match(await prompt.innerText(), /notice\.adhoc/, 'the prompt names the rule');
    await prompt.locator('textarea').fill('E2E：紧急事项，需当场研究');
    await prompt.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.form-success').waitFor();
    await rows.nth(count).waitFor();
    assert.match(await rows.nth(count).innerText(), /临时/);

    /* The start is typed in Beijing time, here in a browser whose own zone is UTC. */
    const day = new Date(Date.now() + 21 * 86400e3 + 8 * 3600e3).toISOString().slice(0, 10);
    await page.click('[data-test=nav-meetings]');
    await page.click('[data-test=meeting-create]');
    await page.fill('[data-test=meeting-title-input]', 'E2E 党委会议');
    await page.fill('[data-test=meeting-starts_at-item] input', `${day} 09:00`);
    await page.keyboard.press('Enter');
    await page.fill('[data-test=meeting-place-input]', '三楼会议室');
    await pickFirst(page, 'meeting-convener_id-input');
    await page.click('[data-test=save]');
    await page.waitForURL(/\/meetings\/\d+$/);
    assert.equal((await page.locator('[data-test=meeting-starts]').innerText()).trim(), `${day} 09:00`);
    const id = page.url().match(/\/meetings\/(\d+)$/)[1];
    assert.equal((await get(`/meetings/${id}`)).starts_at, `${day}T01:00:00.000Z`, '09:00 in Beijing is 01:00 UTC');
  }, { timezoneId: 'UTC' });
});
