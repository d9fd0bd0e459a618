/*
 * Browser test of a meeting's printed notice and minutes (NoticePrintView,
 * MinutesPrintView): the clerk opens each from its button on the meeting
 * page, checks the screen view with axe at desktop and phone size, prints
 * it to PDF as the browser does (page.pdf, A4, the print styles) and reads
 * the PDF's text with pdftotext (poppler-utils): the issuing body in red
 * at the head, the document number the API gives, the title, the agenda
 * or each item's decision, the issuing date in Chinese numerals, and none
 * of the app's header or navigation.
 *
 * The notice is of a committee meeting of the test's own, three days
 * ahead, with two matters on its agenda; the minutes of another, begun an
 * hour ago, run through the API to a resolution with one member absent,
 * countersigned and finalised (both named uniquely; each run adds them to
 * Diankou). The minutes of the demo's finalised meeting with a cadre
 * appointment are printed too: that item's statements, sealed from the
 * clerk (a personnel deliberation), are never printed, only said to be
 * withheld, while the other items' statements are. Screenshots
 * `print-notice`, `print-minutes`, and the PDFs with their first pages as
 * images (`print-notice.pdf`, `print-notice-page-1.png`, ...).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBrowser, logIn, apiSession, keepScreenshots, expectNoViolations, BASE_URL, TOWNSHIP } from './browser.js';

const TIMEOUT = { timeout: 300000 };
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const CLERK = `${TOWNSHIP}.clerk`;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const stamp = Date.now() % 1000000;

/* A date in Chinese numerals as an official document writes it, spelled out here independently of the app. */
const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六',
  '十七', '十八', '十九', '二十', '二十一', '二十二', '二十三', '二十四', '二十五', '二十六', '二十七', '二十八', '二十九', '三十', '三十一'];
function chineseDate(time) {
  const [year, month, day] = new Date(Date.parse(time) + 8 * 3600e3).toISOString().slice(0, 10).split('-').map(Number);
  const digits = String(year).split('').map((d) => '〇一二三四五六七八九'[Number(d)]).join('');
  return `${digits}年${NUMERALS[month]}月${NUMERALS[day]}日`;
}

/* The text of a PDF as pdftotext reads it, without white space or page numbers ("—2—"), so that wrapped lines join. */
function pdfText(file) {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '').replace(/—\d+—/g, '');
}

/*
 * Prints the page to artifacts/<name>.pdf as the browser prints it (A4, the
 * page's @page rules), keeps its first page as <name>-page-1.png, and
 * returns its text (pdfText) and its pages' size from pdfinfo.
 */
async function printToPdf(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.pdf`);
  await writeFile(file, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(ARTIFACTS, `${name}-page-1`)]);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text: pdfText(file), size: /Page size:\s*(.*)/.exec(info)[1] };
}

/* Checks the print page's screen view with axe at desktop and phone size, and keeps its screenshots. */
async function checkScreen(page, what, shot) {
  await expectNoViolations(page, `${what} (desktop)`);
  await page.setViewportSize(PHONE);
  await page.locator('[data-test=menu-button]').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${what}: ${width}px wide on a phone`);
  await expectNoViolations(page, `${what} (phone)`);
  await page.setViewportSize(DESKTOP);
  await keepScreenshots(page, shot);
}

/* What the PDF of any page of the app must not carry: its header and township navigation. */
function assertNoAppChrome(text, what) {
  for (const chrome of ['诸暨乡镇权力运行系统', '退出登录', '执行任务', '三多三少']) {
    assert.ok(!text.includes(chrome), `${what}: the app's "${chrome}" is not printed`);
  }
}

/* A committee meeting scheduled by the clerk; its row. */
async function schedule(clerk, title, startsAt, convener) {
  return clerk.write('POST', `/townships/${TOWNSHIP}/meetings`, {
    kind: 'committee',
    title,
    starts_at: startsAt,
    place: '镇党委三楼会议室',
    convener_id: convener,
  });
}

test('the clerk prints the notice of a meeting: issuer, number, title, agenda and date in Chinese', TIMEOUT, async () => {
  const clerk = await apiSession(CLERK);
  const members = (await clerk.get(`/townships/${TOWNSHIP}/members`)).items;
  const secretary = members.find((m) => m.role === 'secretary');
  const title = `E2E 党委会议（通知）${stamp}`;
  const matters = [`E2E 集镇污水管网改造方案 ${stamp}`, `E2E 村级活动场所建设计划 ${stamp}`];
  const meeting = await schedule(clerk, title, new Date(Date.now() + 3 * 86400e3).toISOString(), secretary.person_id);
  for (const [i, matterTitle] of matters.entries()) {
    const matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, {
      title: matterTitle,
      category: 'major_decision',
      proposer_id: secretary.person_id,
      ...(i === 0 ? { description: `E2E 议题说明：分两期实施 ${stamp}` } : {}),
    });
    await clerk.write('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id });
  }
  const read = await clerk.get(`/meetings/${meeting.id}`);
  const number = `${read.issuer_code}〔${read.notice_year}〕${read.notice_number}号`;

  await withBrowser('print-notice', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/meetings/${meeting.id}`);
    await logIn(page, CLERK);
    await page.locator('[data-test=print-notice]').waitFor();
    assert.equal(await page.locator('[data-test=print-minutes]').count(), 0, 'no minutes to print before they are finalised');
    await page.click('[data-test=print-notice]');
    await page.waitForURL(new RegExp(`/meetings/${meeting.id}/notice$`));
    const doc = page.locator('[data-test=print-notice]');
    await doc.waitFor();
    assert.equal(await page.locator('[data-test=print-issuer]').innerText(), '中共店口镇委员会');
    assert.equal(await page.locator('[data-test=print-number]').innerText(), number);
    assert.equal(await page.locator('[data-test=print-title]').innerText(), `关于召开${title}的通知`);
    assert.equal(await page.locator('[data-test=print-agenda-item]').count(), 2);
    assert.equal(await page.locator('[data-test=print-issuer]').evaluate((el) => getComputedStyle(el).color), 'rgb(212, 0, 0)', 'the issuer is printed in red');
    await checkScreen(page, 'the printed notice', 'print-notice');
    /* The page's button asks the browser to print (its dialog, which a headless browser has not, is stood in for). */
    await page.evaluate(() => {
      window.printed = 0;
      window.print = () => {
        window.printed += 1;
      };
    });
    await page.click('[data-test=print-button]');
    assert.equal(await page.evaluate(() => window.printed), 1, 'the print button prints');

    const { text, size } = await printToPdf(page, 'print-notice');
    assert.match(size, /\(A4\)/);
    assert.ok(text.startsWith('中共店口镇委员会'), `the PDF begins with the issuer: ${text.slice(0, 40)}`);
    for (const expected of [number, `关于召开${title}的通知`, '各位党委委员：', ...matters, `E2E议题说明：分两期实施${stamp}`, '会议时间', '镇党委三楼会议室', secretary.name, '参会人员', '有关要求', chineseDate(read.created), '盖章处']) {
      assert.ok(text.includes(expected.replace(/\s+/g, '')), `the notice's PDF has "${expected}"`);
    }
    assert.ok(text.indexOf(number) < text.indexOf('关于召开'), 'the number comes before the title');
    assertNoAppChrome(text, 'the notice');

    /* In English: the labels, the issuer's English name, the same number. */
    await page.click('[data-test=print-back]');
    await page.locator('[data-test=lang-en]').click();
    await page.click('[data-test=print-notice]');
    await page.locator('[data-test=print-title]').filter({ hasText: `Notice of the meeting: ${title}` }).waitFor();
    assert.equal(await page.locator('[data-test=print-issuer]').innerText(), 'CPC Diankou Town Committee');
    assert.equal(await page.locator('[data-test=print-button]').innerText(), 'Print');
    assert.match(await page.locator('[data-test=print-attendees]').innerText(), /^4\. Attending: /);
  });
});

/*
 * A committee meeting of the test's own begun an hour ago, with one matter
 * added late (a justification, as for any ad-hoc item) and run to a
 * resolution: one member absent with a reason, every other member's view
 * (the secretary's last), a ballot each; countersigned by the discipline
 * secretary and finalised by the clerk. Returns what the minutes must say.
 */
async function finalisedMeeting(clerk) {
  const members = (await clerk.get(`/townships/${TOWNSHIP}/members`)).items;
  const secretary = members.find((m) => m.role === 'secretary');
  const title = `E2E 党委会议（纪要）${stamp}`;
  const meeting = await schedule(clerk, title, new Date(Date.now() - 3600e3).toISOString(), secretary.person_id);
  const matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, {
    title: `E2E 农村生活垃圾分类实施方案 ${stamp}`,
    category: 'major_decision',
    proposer_id: secretary.person_id,
  });
  const item = await clerk.write('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id });
  const absent = item.roster.find((m) => !m.secretary && m.post_role === 'member');
  const reason = `赴市委党校培训 ${stamp}`;
  await clerk.write('POST', `/items/${item.id}/attendance`, {
    members: item.roster.map((m) => (m.person_id === absent.person_id ? { person_id: m.person_id, present: false, absence_reason: reason } : { person_id: m.person_id, present: true })),
  });
  const present = item.roster.filter((m) => m.person_id !== absent.person_id);
  const summary = `同意，分片区试点后全镇推开 ${stamp}`;
  for (const m of [...present.filter((r) => !r.secretary), ...present.filter((r) => r.secretary)]) {
    await clerk.write('POST', `/items/${item.id}/statements`, { person_id: m.person_id, view: 'agree', summary });
  }
  await clerk.write('POST', `/items/${item.id}/vote`, {});
  for (const m of present) {
    await clerk.write('POST', `/items/${item.id}/ballots`, { person_id: m.person_id, choice: 'agree' });
  }
  const resolution = `E2E 决议：同意实施，由农业办公室牵头 ${stamp}`;
  const passed = await clerk.write('POST', `/items/${item.id}/result`, { resolution });
  assert.equal(passed.status, 'passed');
  const discipline = await apiSession(`${TOWNSHIP}.discipline`);
  await discipline.write('POST', `/meetings/${meeting.id}/countersign`, {});
  const finalised = await clerk.write('POST', `/meetings/${meeting.id}/finalise`, {});
  return { meeting: finalised, title, matterTitle: matter.title, absent, reason, summary, resolution, votes: present.length };
}

test('the clerk prints the finalised minutes: number, attendance, decision, resolution and date in Chinese', TIMEOUT, async () => {
  const clerk = await apiSession(CLERK);
  const m = await finalisedMeeting(clerk);
  const number = `〔${m.meeting.minutes_year}〕第${m.meeting.minutes_number}期`;

  await withBrowser('print-minutes', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/meetings/${m.meeting.id}`);
    await logIn(page, CLERK);
    await page.click('[data-test=print-minutes]');
    await page.waitForURL(new RegExp(`/meetings/${m.meeting.id}/minutes$`));
    await page.locator('[data-test=print-minutes]').waitFor();
    assert.equal(await page.locator('[data-test=print-number]').innerText(), number);
    assert.equal(await page.locator('[data-test=print-title]').innerText(), m.title);
    assert.equal(await page.locator('[data-test=print-statement]').count(), m.votes, 'every statement, readable by the clerk');
    await checkScreen(page, 'the printed minutes', 'print-minutes');

    const { text, size } = await printToPdf(page, 'print-minutes');
    assert.match(size, /\(A4\)/);
    assert.ok(text.startsWith('中共店口镇委员会党委会议纪要'), `the PDF begins with the issuer and the minutes' mark: ${text.slice(0, 40)}`);
    const expected = [
      number, m.title, m.matterTitle, `缺席：${m.absent.name}（${m.reason}）`,
      `会议以同意${m.votes}票、不同意0票、弃权0票，通过本议题。`, m.resolution, m.summary,
      chineseDate(m.meeting.finalised_at), '本纪要经纪委书记',
    ];
    for (const e of expected) {
      assert.ok(text.includes(e.replace(/\s+/g, '')), `the minutes' PDF has "${e}"`);
    }
    assertNoAppChrome(text, 'the minutes');
  });
});

/*
 * The demo's finalised meeting whose agenda has a cadre appointment (a
 * secret ballot: its statements are sealed from the clerk for good), that
 * item's statements as the party secretary may read them, and the other
 * items.
 */
async function meetingWithSealedItem(clerk) {
  const secretary = await apiSession(`${TOWNSHIP}.secretary`);
  for (const meeting of (await clerk.get(`/townships/${TOWNSHIP}/meetings?limit=100`)).items.filter((x) => x.finalised_at && !x.title.startsWith('E2E'))) {
    const read = await clerk.get(`/meetings/${meeting.id}`);
    const sealed = read.items.find((i) => i.category === 'cadre_appointment');
    if (!sealed) {
      continue;
    }
    const asClerk = await clerk.get(`/items/${sealed.id}`);
    const asSecretary = await secretary.get(`/items/${sealed.id}`);
    if (asClerk.statements.length > 0 && asClerk.statements.every((s) => s.summary === null)) {
      return { meeting: read, sealed: asSecretary, others: read.items.filter((i) => i.id !== sealed.id) };
    }
  }
  return null;
}

test("the printed minutes never carry a personnel deliberation's sealed statements", TIMEOUT, async () => {
  const clerk = await apiSession(CLERK);
  const found = await meetingWithSealedItem(clerk);
  assert.ok(found, 'the demo has finalised minutes with a cadre appointment');
  const { meeting, sealed, others } = found;
  assert.ok(sealed.statements.every((s) => s.summary), 'the party secretary reads the sealed statements');

  await withBrowser('print-minutes-sealed', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/meetings/${meeting.id}/minutes`);
    await logIn(page, CLERK);
    await page.locator('[data-test=print-minutes]').waitFor();
    const { text } = await printToPdf(page, 'print-minutes-sealed');
    /* The sealed item's section: from its heading to the next item's, or to the end. */
    const start = text.indexOf(sealed.matter.title);
    assert.ok(start >= 0, 'the cadre appointment is in the minutes');
    const next = others.map((i) => text.indexOf(i.title, start + 1)).filter((i) => i > start);
    const section = text.slice(start, next.length ? Math.min(...next) : undefined);
    assert.ok(section.includes('本议题的讨论发言依规定密封，不予印发。'), 'the minutes say its statements are withheld');
    for (const s of sealed.statements) {
      assert.ok(!section.includes(`${s.name}（`), `${s.name}'s sealed view is not printed`);
      assert.ok(!section.includes(s.summary.replace(/\s+/g, '')), `${s.name}'s sealed statement is not printed`);
    }
    assert.ok(section.includes('经无记名投票'), 'its result is printed');
    assert.ok(text.includes(chineseDate(meeting.finalised_at)));
    for (const item of others) {
      assert.ok(text.includes(item.title), `${item.title} is printed`);
    }
    assert.ok((await page.locator('[data-test=print-statement]').count()) > 0, "the other items' statements are printed");
  });
});
