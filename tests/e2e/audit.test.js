/*
 * Browser tests of the audit page against a running probity server: the
 * signed checkpoint and verifier key are shown, the browser verifies the
 * checkpoint signature and an entry's inclusion itself, the receipt
 * downloads as a C2SP tlog-proof file, and a clerk's save links to its log
 * entry. Run with `npm test` (see browser.js for the environment).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, apiGet, logIn, BASE_URL, TOWNSHIP, CJK } from './browser.js';

const TIMEOUT = { timeout: 120000 };

/* Verifies the entry in the highlighted row and waits for the dialog's verdict. */
async function verifyHighlighted(page) {
  const row = page.locator('.record-row.row-highlight');
  await row.locator('[data-test=record-verify]').click();
  const result = page.locator('[data-test=verify-result]:visible');
  await result.and(page.locator(':not([data-status=running])')).waitFor();
  return { row, result };
}

test('the audit page shows the checkpoint, verifies an entry in the browser and downloads its receipt', TIMEOUT, async () => {
  await withBrowser('audit-verify', async (page) => {
    const log = await apiGet('/log');
    await page.goto(`${BASE_URL}/townships`);
    await page.click('[data-test=nav-audit]');
    await page.waitForURL(/\/audit$/);

    const note = page.locator('[data-test=checkpoint-note]');
    await note.waitFor();
    const noteText = await note.innerText();
    assert.ok(noteText.startsWith(`${log.origin}\n`), 'the note starts with the origin');
    assert.match(noteText, /\n\n\u2014 \S+ \S+/, 'the note carries its signature line');
    assert.equal(await page.locator('[data-test=checkpoint-origin]').innerText(), log.origin);
    assert.ok(Number(await page.locator('[data-test=checkpoint-size]').innerText()) >= log.size);
    assert.equal((await page.locator('[data-test=verifier-key]').innerText()).trim(), log.verifier_key);

    /* Debian's Chromium has Ed25519 in Web Crypto; without it the page must say so. */
    const ed25519 = await page.evaluate(async () => {
      try {
        await crypto.subtle.importKey('raw', new Uint8Array(32), { name: 'Ed25519' }, false, ['verify']);
        return true;
      } catch {
        return false;
      }
    });
    const signature = page.locator('[data-test=signature-result]');
    await signature.and(page.locator(':not([data-status=checking])')).waitFor();
    assert.equal(await signature.getAttribute('data-status'), ed25519 ? 'verified' : 'unsupported');
    assert.match(await signature.innerText(), ed25519 ? /✓/ : /Ed25519/);

    /* The newest page comes first; go to entry 5. */
    await page.locator('.record-row').first().waitFor();
    await page.fill('[data-test=jump-input] input', '5');
    await page.click('[data-test=jump]');
    await page.waitForURL(/\/audit\?index=5$/);
    const highlighted = page.locator('.record-row.row-highlight');
    await highlighted.waitFor();
    assert.match(await highlighted.locator('td').first().innerText(), /^5$/);

    const { row, result } = await verifyHighlighted(page);
    const shownRoot = (await page.locator('[data-test=checkpoint-root]').innerText()).trim();
    assert.equal(await result.getAttribute('data-status'), ed25519 ? 'verified' : 'unsigned', await result.innerText());
    assert.ok((await result.innerText()).includes(shownRoot), 'the result names the signed root');
    const proof = await apiGet(`/log/proof?index=5&size=${await page.locator('[data-test=checkpoint-size]').innerText()}`);
    assert.equal(await page.locator('[data-test=verify-leaf-hash]:visible').innerText(), proof.leaf_hash);
    assert.equal(await page.locator('[data-test=verify-computed-root]:visible').innerText(), shownRoot);
    /* The record in words; its exact text a click away. */
    assert.match(await page.locator('[data-test=verify-entry-summary]:visible').innerText(), CJK);
    await page.locator('[data-test=verify-entry-toggle]:visible .el-collapse-item__header').click();
    const entry = JSON.parse(await page.locator('[data-test=verify-entry]:visible').innerText());
    assert.equal(entry.seq, 5);
    await page.keyboard.press('Escape');
    await row.locator('[data-test=record-status]').waitFor();

    const receiptLink = row.locator('[data-test=record-receipt]');
    assert.equal(await receiptLink.getAttribute('href'), '/api/v1/log/receipt?index=5');
    const [download] = await Promise.all([page.waitForEvent('download'), receiptLink.click()]);
    const receipt = await readFile(await download.path(), 'utf8');
    assert.ok(receipt.startsWith('c2sp.org/tlog-proof@v1\n'), receipt.slice(0, 80));
    assert.match(receipt, /\nindex 5\n/);
    assert.ok(receipt.includes(`\n\n${log.origin}\n`), 'the receipt ends with the checkpoint');

    await page.click('[data-test=lang-en]');
    await page.locator('[data-test=page-title]').filter({ hasText: 'Public record' }).waitFor();
    await page.locator('[data-test=record-verify]').filter({ hasText: 'Verify inclusion' }).first().waitFor();
  });
});

test('a clerk\'s save names its log entry and links to it on the audit page', TIMEOUT, async () => {
  await withBrowser('audit-save-link', async (page) => {
    await page.goto(`${BASE_URL}/t/${TOWNSHIP}/members`);
    await logIn(page);
    await page.locator('[data-test=member-link]').first().click();
    await page.waitForURL(/\/people\/\d+$/);
    await page.locator('[data-test=person-name]').waitFor();

    const newName = `Audit E2E ${Date.now()}`;
    await page.click('[data-test=member-edit]');
    await page.locator('[data-test=person-name_en-input]').fill(newName);
    await page.click('[data-test=save]');
    const success = page.locator('.el-message--success.form-success').first();
    await success.waitFor();
    const text = await success.innerText();
    const index = Number(text.match(/日志第 (\d+) 条/)[1]);

    await success.locator('[data-test=record-link]').click();
    await page.waitForURL(new RegExp(`/audit\\?index=${index}$`));
    const highlighted = page.locator('.record-row.row-highlight');
    await highlighted.waitFor();
    assert.equal((await highlighted.locator('td').first().innerText()).trim(), String(index));
    assert.match(await highlighted.innerText(), /修改人员/, 'the entry is the person\'s update');

    const { result } = await verifyHighlighted(page);
    assert.notEqual(await result.getAttribute('data-status'), 'failed', await result.innerText());
    await page.locator('[data-test=verify-entry-toggle]:visible .el-collapse-item__header').click();
    assert.ok((await page.locator('[data-test=verify-entry]:visible').innerText()).includes(newName));
  });
});

test('a tampered entry or proof fails verification, with the reason shown', TIMEOUT, async () => {
  await withBrowser('audit-tampered', async (page) => {
    /* The server, or anything on the way, changes one byte of entry 5 in its bundle. */
    await page.route(/\/log\/tile\/entries\/000(\.p\/\d+)?$/, async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      let at = 0;
      for (let i = 0; i < 5; i++) {
        at += 2 + body.readUInt16BE(at);
      }
      const entry = body.subarray(at + 2, at + 2 + body.readUInt16BE(at));
      entry[entry.indexOf('"seq":5') + 6] = '6'.charCodeAt(0);
      await route.fulfill({ response, body });
    });
    await page.goto(`${BASE_URL}/audit?index=5`);
    await page.locator('.record-row.row-highlight').waitFor();
    let { result } = await verifyHighlighted(page);
    assert.equal(await result.getAttribute('data-status'), 'failed');
    assert.match(await result.innerText(), /核验未通过：日志中的条目 #5 与页面显示的记录不一致/);
    await page.keyboard.press('Escape');
    await page.locator('.record-row.row-highlight [data-test=record-status][data-status=failed]').waitFor();

    /* The entry is right but a proof hash is changed: the recomputed root differs. */
    await page.unroute(/\/log\/tile\/entries\/000(\.p\/\d+)?$/);
    await page.route(/\/api\/v1\/log\/proof\?/, async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      json.proof[0] = json.proof[1];
      await route.fulfill({ response, json });
    });
    ({ result } = await verifyHighlighted(page));
    assert.equal(await result.getAttribute('data-status'), 'failed');
    assert.match(await result.innerText(), /重算的根哈希 \S+ 与检查点的根哈希 \S+ 不符/);
    assert.notEqual(
      await page.locator('[data-test=verify-computed-root]:visible').innerText(),
      await page.locator('[data-test=verify-checkpoint-root]:visible').innerText());
  });
});
