/*
 * Browser test of a list page built from the API's description alone
 * (web/src/entities.js, EntityListView; registered by one entityRoute()
 * line): a township's villages and communities. A visitor sees the list
 * with its columns and kinds named in Chinese and no button; the clerk
 * finds the page in the township's navigation, creates a community with
 * the form generated from org.village_create, sees it listed with its kind
 * by name, changes its English name with org.village_update's form, reads
 * the page in English, and deletes the community again. Screenshots of the
 * list and the form at desktop and phone size are kept (artifacts/).
 * Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, logIn, keepScreenshots, apiGet, pickOption, BASE_URL, TOWNSHIP, CJK } from './browser.js';

const TIMEOUT = { timeout: 180000 };

/* The texts of the list's column heads. */
async function headings(page) {
  return (await page.locator('[data-test=village-table] th').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
}

test('the villages page: labelled columns, a generated form that creates and changes a community', TIMEOUT, async () => {
  const name = `E2E社区${Date.now() % 1000000}`;
  await withBrowser('villages', async (page) => {
    const demo = await apiGet(`/townships/${TOWNSHIP}/villages`);
    assert.ok(demo.total > 0, 'the demo has villages');

    /* A visitor: the list, in Chinese, without buttons. */
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/villages`);
    await page.locator('[data-test=page-title]').filter({ hasText: '村（社区）' }).waitFor();
    await page.locator('.village-row').first().waitFor();
    assert.deepEqual(await headings(page), ['名称', '英文名称', '类型']);
    assert.equal(await page.locator('.village-row').count(), Math.min(demo.total, 50));
    const kinds = await page.locator('.village-row td:nth-child(3)').allInnerTexts();
    assert.ok(kinds.every((k) => ['行政村', '社区'].includes(k.trim())), `kinds by name: ${kinds.join(', ')}`);
    assert.equal(await page.locator('[data-test=village-create]').count(), 0, 'no create button for a visitor');
    assert.equal(await page.locator('[data-test=village-edit]').count(), 0);

    /* The clerk: the page in the township's navigation, and the form. */
    await logIn(page);
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}`);
    await page.locator('[data-test=nav-villages]').filter({ hasText: '村（社区）' }).click();
    await page.waitForURL(new RegExp(`/t/${TOWNSHIP}/villages$`));
    const create = page.locator('[data-test=village-create]');
    await create.waitFor();
    assert.equal((await create.innerText()).trim(), '新增村（社区）');
    await create.click();
    const dialog = page.locator('[data-test=village-dialog]');
    await dialog.locator('.el-dialog__title').filter({ hasText: '新增村（社区）' }).waitFor();
    const labels = (await dialog.locator('.el-form-item__label').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(labels, ['类型', '名称', '英文名称']);
    await pickOption(page, '[data-test=village-kind-input]', '社区');
    await page.fill('[data-test=village-name-input]', name);
    await page.fill('[data-test=village-name_en-input]', 'E2E Community');
    await keepScreenshots(page, 'village-form');
    await page.click('[data-test=save]');
    await page.locator('.el-message--success.form-success').first().waitFor();

    const row = page.locator('.village-row').filter({ hasText: name });
    await row.waitFor();
    assert.match(await row.innerText(), /社区/);
    assert.match(await row.innerText(), /E2E Community/);
    const saved = (await apiGet(`/townships/${TOWNSHIP}/villages?limit=200`)).items.find((v) => v.name === name);
    assert.equal(saved.kind, 'community');
    /* The list as the clerk sees it once the form has closed. */
    await dialog.waitFor({ state: 'hidden' });
    await keepScreenshots(page, 'villages');

    /* Changing it: the update command's form, with the row's values. */
    await row.locator('[data-test=village-edit]').click();
    await dialog.locator('.el-dialog__title').filter({ hasText: '修改村（社区）' }).waitFor();
    assert.equal(await page.inputValue('[data-test=village-name-input]'), name);
    await page.fill('[data-test=village-name_en-input]', 'E2E Riverside Community');
    await page.click('[data-test=save]');
    await page.locator('.village-row').filter({ hasText: 'E2E Riverside Community' }).waitFor();

    /* In English: the description's English labels. */
    await page.click('[data-test=lang-en]');
    await page.locator('[data-test=page-title]').filter({ hasText: 'Villages and communities' }).waitFor();
    assert.deepEqual(await headings(page).then((h) => h.slice(0, 3)), ['Name', 'English name', 'Kind']);
    const english = page.locator('.village-row').filter({ hasText: name });
    assert.match(await english.innerText(), /Community/);
    assert.doesNotMatch((await english.locator('td:nth-child(3)').innerText()).trim(), CJK);

    /* Deleting it again. */
    await english.locator('[data-test=village-delete]').click();
    const confirm = page.locator('.el-message-box');
    await confirm.waitFor();
    await confirm.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.village-row').filter({ hasText: name }).waitFor({ state: 'detached' });
    const after = (await apiGet(`/townships/${TOWNSHIP}/villages?limit=200`)).items;
    assert.ok(!after.some((v) => v.name === name), 'the community is deleted');
  });
});
