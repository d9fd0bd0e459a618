/*
 * Browser test of a matter's meeting materials (会议材料) against a running
 * probity server with the demo data.
 *
 * Set-up, through the API as the clerk: a matter of the test's own. On
 * the matter's page the clerk uploads a small PDF (made here) and finds it
 * listed with its name, type and size (in English too, the types named as
 * the API's description names them); the file downloaded through its link
 * has the SHA-256 the page shows and the API answers. A .txt is
 * refused in the browser before it is sent, a "PDF" that is none by the
 * server with its own message, and neither is listed; a PNG uploaded by
 * mistake is withdrawn after confirming. Then the matter goes on the
 * agenda of a committee meeting of the test's own that began an hour ago
 * (an ad-hoc item: every member is notified at once): the member finds
 * the material, with its link, on the notice in the to-do page and in the
 * inbox; the clerk finds it beside the item in the meeting room and can
 * no longer withdraw it (the API refuses with procedure.materials_sent).
 * Screenshots `materials-matter`, `materials-refused`, `materials-todo`,
 * `materials-inbox` and `materials-room` at desktop and phone size; axe
 * runs on the matter page and the meeting room. At the end the item is
 * deferred and the meeting countersigned and finalised, as todo.test.js
 * leaves its own. Each run adds one matter with one material and one
 * finalised meeting to Diankou (logins `<township>.member`,
 * `.secretary` and `.discipline` besides the clerk).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { withBrowser, logIn, apiSession, keepScreenshots, expectNoViolations, BASE_URL, LOGIN, TOWNSHIP } from './browser.js';
import { formatBytes } from '../../web/src/format.js';

const TIMEOUT = { timeout: 180000 };
const MEMBER = `${TOWNSHIP}.member`;
const SECRETARY = `${TOWNSHIP}.secretary`;
const DISCIPLINE = `${TOWNSHIP}.discipline`;

/* A one-page PDF: enough for the server's check of the bytes, which reads "%PDF-" at the start. */
const PDF = Buffer.from([
  '%PDF-1.4',
  '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
  '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
  '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj',
  'trailer <</Root 1 0 R>>',
  '%%EOF',
  '',
].join('\n'));
/* A 1 x 1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

let clerk;
let matter;
let meeting;
let item;
let pdfName;

before(async () => {
  clerk = await apiSession(LOGIN);
  const secretary = await apiSession(SECRETARY);
  const stamp = Date.now() % 1000000;
  pdfName = `E2E 敬老院改造方案 ${stamp}.pdf`;
  matter = await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, {
    title: `E2E 敬老院改造方案 ${stamp}`,
    category: 'major_decision',
    proposer_id: secretary.user.person_id,
  });
});

/* The item deferred and the record countersigned and finalised: nothing of the test's is left open. */
after(async () => {
  if (item) {
    await clerk.write('POST', `/items/${item.id}/defer`, { reason: 'E2E：材料测试结束，暂缓' });
    const discipline = await apiSession(DISCIPLINE);
    await discipline.write('POST', `/meetings/${meeting.id}/countersign`, { note: 'E2E：材料测试结束' });
    await clerk.write('POST', `/meetings/${meeting.id}/finalise`, {});
  }
});

/* The rows of the material list in `scope` (a page or a part of it) that name `name`. */
const rowsNamed = (scope, name) => scope.locator('[data-test=material-row]').filter({ hasText: name });

/* Chooses a file {name, mimeType, buffer} in the upload's picker and waits for the upload (or the check) to end. */
async function choose(page, file) {
  await page.setInputFiles('[data-test=material-file]', file);
  await page.locator('[data-test=material-upload-button].is-loading').waitFor({ state: 'detached' });
}

/* Downloads the file of `link` and returns {name, bytes}. */
async function download(page, link) {
  const started = page.waitForEvent('download');
  await link.click();
  const file = await started;
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('the clerk uploads a PDF on the matter page, finds it listed and downloads the same bytes', TIMEOUT, async () => {
  await withBrowser('materials-matter', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/matters/${matter.id}`);
    await logIn(page);
    const section = page.locator('[data-test=material-section]');
    assert.equal(await section.locator('[data-test=material-empty]').innerText(), '暂无会议材料。');
    assert.equal(await section.locator('[data-test=material-upload-note]').innerText(), '可上传：PDF 文档、Word 文档、Excel 表格、PNG 图片、JPEG 图片；每个文件不超过 20 MB。');

    await choose(page, { name: pdfName, mimeType: 'application/pdf', buffer: PDF });
    await page.locator('.el-message--success').filter({ hasText: `已上传“${pdfName}”` }).first().waitFor();
    const row = rowsNamed(section, pdfName);
    await row.waitFor();
    const meta = await row.locator('[data-test=material-meta]').innerText();
    assert.ok(meta.includes(`PDF 文档 · ${formatBytes(PDF.length)} · `), meta);
    assert.match(meta, /上传于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

    const [material] = (await clerk.get(`/matters/${matter.id}/materials`)).items;
    assert.equal(material.name, pdfName);
    assert.equal(material.size_bytes, PDF.length);
    assert.equal(material.sha256, sha256(PDF), 'the server kept the bytes sent');
    const shown = row.locator('[data-test=material-sha256]');
    assert.equal(await shown.getAttribute('data-sha256'), material.sha256);
    assert.equal(await shown.innerText(), `SHA-256 指纹 ${material.sha256.slice(0, 8)}…${material.sha256.slice(-8)}`);

    const file = await download(page, row.locator('[data-test=material-download]'));
    assert.equal(file.name, pdfName);
    assert.equal(sha256(file.bytes), material.sha256, 'the bytes downloaded are those uploaded');

    await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
    await expectNoViolations(page, 'the matter page with a material');
    await keepScreenshots(page, 'materials-matter');

    /* In English: the types as the API's description names them. */
    await page.click('[data-test=lang-en]');
    await section.locator('[data-test=material-upload-note]').filter({ hasText: 'Accepted: PDF document, Word document, Excel workbook, PNG image, JPEG image; at most 20 MB each.' }).waitFor();
    assert.ok((await row.locator('[data-test=material-meta]').innerText()).startsWith(`PDF document · ${formatBytes(PDF.length)} · uploaded by `));
    assert.match(await row.locator('[data-test=material-sha256]').innerText(), /^SHA-256 fingerprint /);
  });
});

test('a file of another kind is refused, in the browser or by the server, and a mistake is withdrawn', TIMEOUT, async () => {
  await withBrowser('materials-refused', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/matters/${matter.id}`);
    await logIn(page);
    const section = page.locator('[data-test=material-section]');
    await rowsNamed(section, pdfName).waitFor();
    const refused = section.locator('[data-test=material-refused]');

    /* A text file: named at once, nothing sent. */
    let sent = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes(`/matters/${matter.id}/materials`)) {
        sent += 1;
      }
    });
    await choose(page, { name: '会议说明.txt', mimeType: 'text/plain', buffer: Buffer.from('会议说明') });
    assert.match(await refused.innerText(), /“会议说明\.txt”不是可上传的文件类型。可上传：PDF 文档、/);
    assert.equal(sent, 0, 'checked before sending');

    /* Bytes that are no PDF under a PDF's name: the server's own message. */
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/matters/${matter.id}/materials`));
    await choose(page, { name: '伪装文件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a PDF at all') });
    const response = await answered;
    assert.equal(response.status(), 415);
    const { error } = await response.json();
    await refused.filter({ hasText: `“伪装文件.pdf”未上传：${error.message}` }).waitFor();
    assert.equal(await section.locator('[data-test=material-row]').count(), 1, 'nothing refused is listed');
    assert.equal((await clerk.get(`/matters/${matter.id}/materials`)).items.length, 1);
    await keepScreenshots(page, 'materials-refused');

    /* A picture uploaded by mistake, withdrawn after confirming. */
    await choose(page, { name: '误传照片.png', mimeType: 'image/png', buffer: PNG });
    const mistake = rowsNamed(section, '误传照片.png');
    await mistake.waitFor();
    assert.match(await mistake.locator('[data-test=material-meta]').innerText(), /PNG 图片/);
    await mistake.locator('[data-test=material-remove]').click();
    const box = page.locator('.el-message-box');
    assert.match(await box.innerText(), /撤回“误传照片\.png”吗？/);
    await box.locator('.el-button--primary').click();
    await page.locator('.el-message--success').filter({ hasText: '材料已撤回' }).first().waitFor();
    await mistake.waitFor({ state: 'detached' });
    assert.deepEqual((await clerk.get(`/matters/${matter.id}/materials`)).items.map((m) => m.name), [pdfName]);
  });
});

test('once the matter is on the agenda, the member finds the material on the notice; the clerk, in the meeting room, no longer withdraws it', TIMEOUT, async () => {
  const secretary = await apiSession(SECRETARY);
  meeting = await clerk.write('POST', `/townships/${TOWNSHIP}/meetings`, {
    kind: 'committee',
    title: `E2E 材料测试会议 ${Date.now() % 1000000}`,
    starts_at: new Date(Date.now() - 3600e3).toISOString(),
    place: '三楼会议室',
    convener_id: secretary.user.person_id,
  });
  item = await clerk.write('POST', `/meetings/${meeting.id}/items`, { matter_id: matter.id, justification: 'E2E：会上临时研究' });
  const [material] = (await clerk.get(`/matters/${matter.id}/materials`)).items;
  assert.equal(material.removable, false, 'the notice has gone out');
  const refusal = await clerk.send('DELETE', `/materials/${material.id}`);
  assert.equal(refusal.status, 409);
  assert.equal(refusal.body.error.rule, 'procedure.materials_sent');

  await withBrowser('materials-todo', async (page) => {
    await page.goto(`${BASE_URL}/todo`);
    await logIn(page, MEMBER);
    const notice = page.locator('[data-test=todo-section-notices] [data-test=todo-row]').filter({ hasText: matter.title });
    await notice.waitFor();
    const link = rowsNamed(notice, pdfName).locator('[data-test=material-download]');
    assert.equal(sha256((await download(page, link)).bytes), material.sha256, 'the member downloads the same bytes');
    assert.equal(await notice.locator('[data-test=material-remove]').count(), 0, 'a notice\'s list is read-only');
    await keepScreenshots(page, 'materials-todo');

    await page.goto(`${BASE_URL}/inbox`);
    const row = page.locator('.inbox-row').filter({ hasText: matter.title });
    await rowsNamed(row, pdfName).locator('[data-test=material-download]').waitFor();
    await keepScreenshots(page, 'materials-inbox');
  });

  await withBrowser('materials-room', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/items/${item.id}`);
    await logIn(page);
    const row = rowsNamed(page.locator('[data-test=material-section]'), pdfName);
    await row.locator('[data-test=material-download]').waitFor();
    assert.equal(await row.locator('[data-test=material-remove]').count(), 0, 'no withdrawing once the notice has gone out');
    await expectNoViolations(page, 'the meeting room with a material');
    await keepScreenshots(page, 'materials-room');
  });
});
