/*
 * Browser test of importing open contracting data (docs/procurement.md,
 * "Open data") against a running probity server with the demo data.
 *
 * Set-up, through the API: the clerk registers a routine matter of the
 * test's own, and the newest settled project of another township
 * (Zhibu) is exported as an OCDS release package, its release's `ocid`
 * made the run's own (a package is imported once per township, and the
 * server keeps the ocid given), and written to a temporary file. On the
 * projects page the clerk opens the import dialog, picks the matter and
 * the file and imports it: the result names the one project imported
 * with a link to its page, the list shows it, and its page says 已决算.
 * The same file imported again is refused (409) with the server's
 * message and the place in the package, `releases[0].ocid`, shown in the
 * dialog (in English too, the server's message then in English), and
 * nothing more is imported. Screenshots `procurement-import`
 * (the dialog with its result) and `procurement-import-error`; axe runs on
 * the dialog, empty, with the result and with the refusal. Each run adds
 * one matter and one settled project (with its bidders, when the
 * register lacks them) to Diankou (`PROBITY_TOWNSHIP`).
 * Run with `npm test` (see browser.js for the environment).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withBrowser, logIn, apiSession, apiGet, keepScreenshots, pickOption, expectNoViolations, BASE_URL, TOWNSHIP } from './browser.js';

const TIMEOUT = { timeout: 180000 };
const SOURCE = 'zhibu';
const STAMP = Date.now().toString(36).toUpperCase().slice(-6);
const MATTER = `E2E 导入的采购事项 ${STAMP}`;

let folder = null;
after(async () => {
  if (folder) {
    await rm(folder, { recursive: true, force: true });
  }
});

/* Opens the import dialog on the projects page, picks the matter and the file; the dialog. */
async function openImport(page, file) {
  await page.click('[data-test=project-import]');
  const dialog = page.locator('[data-test=ocds-import-dialog]');
  await dialog.waitFor();
  await pickOption(page, '[data-test=ocds-import-matter_id-input]', MATTER);
  await page.setInputFiles('[data-test=ocds-import-file]', file);
  await dialog.locator('[data-test=ocds-import-chosen]', { hasText: 'ocds-' }).waitFor();
  return dialog;
}

/* Sends the import and waits for the server's answer; its HTTP status. */
async function submit(page) {
  const answered = page.waitForResponse((r) => r.url().includes(`/townships/${TOWNSHIP}/ocds_imports`) && r.request().method() === 'POST');
  await page.click('[data-test=ocds-import-submit]');
  return (await answered).status();
}

test('the clerk imports a settled project of another township from its release package; the same package again is refused', TIMEOUT, async () => {
  const clerk = await apiSession();
  const people = (await clerk.get(`/townships/${TOWNSHIP}/people?limit=5`)).items;
  await clerk.write('POST', `/townships/${TOWNSHIP}/matters`, { title: MATTER, category: 'procurement_minor', proposer_id: people[0].id });

  const [source] = (await apiGet(`/townships/${SOURCE}/projects?status=settled&limit=1`)).items;
  assert.ok(source, `${SOURCE} has a settled project`);
  const pkg = await apiGet(`/projects/${source.id}/ocds`);
  const ocid = `${pkg.releases[0].ocid}-e2e-${STAMP.toLowerCase()}`;
  pkg.releases[0].ocid = ocid;
  folder = await mkdtemp(join(tmpdir(), 'probity-import-'));
  const file = join(folder, `ocds-${SOURCE}-${source.id}.json`);
  await writeFile(file, JSON.stringify(pkg));
  const before = (await clerk.get(`/townships/${TOWNSHIP}/projects?limit=1`)).total;

  await withBrowser('procurement-import', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/projects`);
    await logIn(page);
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/projects`);
    const button = page.locator('[data-test=project-import]');
    assert.equal((await button.innerText()).trim(), '导入开放合同数据');

    /* The import. */
    let dialog = await openImport(page, file);
    assert.match(await dialog.locator('[data-test=ocds-import-accepts]').innerText(), /JSON 文件，不超过 8 MB/);
    await expectNoViolations(page, 'the import dialog');
    assert.equal(await submit(page), 201);
    const result = dialog.locator('[data-test=ocds-import-result]');
    await result.waitFor();
    assert.match(await result.innerText(), /已导入 1 个项目/);
    const link = result.locator('[data-test=ocds-import-project-link]');
    assert.equal(await link.count(), 1);
    assert.equal((await link.innerText()).trim(), source.title);
    const path = await link.getAttribute('href');
    assert.match(path, new RegExp(`^/t/${TOWNSHIP}/projects/\\d+$`));
    assert.match(await result.innerText(), /已决算/);
    const id = Number(path.split('/').pop());
    const imported = await clerk.get(`/projects/${id}`);
    assert.equal(imported.ocid, ocid, 'the project keeps the release\'s ocid');
    assert.equal(imported.status, 'settled');
    assert.equal(imported.title, source.title);
    await page.locator(`[data-test=project-list] a[href="${path}"]`).waitFor({ state: 'attached' }); /* the list read again */
    await expectNoViolations(page, 'the import dialog with its result');
    await keepScreenshots(page, 'procurement-import');

    /* The project's page. */
    await link.click();
    await page.waitForURL(`${BASE_URL}${path}`);
    assert.equal((await page.locator('[data-test=page-title]').innerText()).trim(), source.title);
    await page.locator('[data-test=project-stages] [aria-current=step]', { hasText: '已决算' }).waitFor();
    assert.equal((await page.locator('[data-test=project-matter]').innerText()).trim(), MATTER);

    /* The same package again: refused, where it says. */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/projects`);
    dialog = await openImport(page, file);
    assert.equal(await submit(page), 409);
    const refusal = dialog.locator('[data-test=ocds-import-error]');
    await refusal.waitFor();
    const text = await refusal.innerText();
    assert.match(text, /已经导入/);
    assert.ok(text.includes(ocid), text);
    assert.equal((await refusal.locator('[data-test=ocds-import-place] code').innerText()).trim(), 'releases[0].ocid');
    assert.equal(await dialog.locator('[data-test=ocds-import-result]').count(), 0);
    await expectNoViolations(page, 'the import dialog with its refusal');
    await keepScreenshots(page, 'procurement-import-error');
    await page.click('[data-test=ocds-import-close]');
    await dialog.waitFor({ state: 'hidden' });

    /* In English: the dialog's texts, and the server's message in the request's language. */
    await page.click('[data-test=lang-en]');
    assert.equal((await button.innerText()).trim(), 'Import open contracting data');
    dialog = await openImport(page, file);
    assert.match(await dialog.locator('.el-dialog__title').innerText(), /Import open contracting data/);
    assert.equal(await submit(page), 409);
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /is imported already/);
    assert.match(await refusal.innerText(), /Where:\s*releases\[0\]\.ocid/);
    await page.click('[data-test=ocds-import-close]');
    await page.click('[data-test=lang-zh]');
  });

  assert.equal((await clerk.get(`/townships/${TOWNSHIP}/projects?limit=1`)).total, before + 1, 'one project imported, none by the refusal');
});
