/*
 * Browser test of the commission's monitor pages. It starts its own
 * monitors (`probity init` + `probity monitor --web`) following the demo
 * server under test: the followed node is listed with status OK and the
 * node's size; a clerk's write on the township node makes the listed size
 * grow without a reload; the node's page shows the new entry with its
 * record; English labels; a refused page (an offset past the server's
 * limit) shows the server's message; a township node says it follows
 * nothing; and a second monitor following a dead address shows an
 * "unreachable" alert. A monitor given a commission inspector's API token
 * on the node (--sealed-token) reads the log's sealed parts: the overview
 * and the node's page say how many matched their digest, the monitor's
 * own inspector reads one part's content in its expanded entry, and the
 * public is told that the content is for the inspectors only.
 *
 * Environment (besides browser.js's): PROBITY_BIN, the probity binary
 * (default ../../build/probity), PROBITY_WEB, the built web app (default
 * ../../web/dist), and PROBITY_INSPECTOR, a commission inspector's login
 * on the node (default inspector, the demo's; PROBITY_PASSWORD). Each run
 * creates one person in the clerk's township and deletes it again, and
 * issues the inspector one API token, revoked at the end.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  withBrowser, apiGet, keepScreenshots, logIn, BASE_URL, LOGIN, PASSWORD, TOWNSHIP, CJK,
} from './browser.js';

const TIMEOUT = { timeout: 180000 };
const here = fileURLToPath(new URL('.', import.meta.url));
const BIN = resolve(process.env.PROBITY_BIN || join(here, '../../build/probity'));
const WEB = resolve(process.env.PROBITY_WEB || join(here, '../../web/dist'));
const PAGE_SIZE = 50;
const INSPECTOR = process.env.PROBITY_INSPECTOR || 'inspector';
/* The commission inspector of the monitor node itself (a user of its own data folder). */
const MONITOR_INSPECTOR = 'e2e.monitor.inspector';

/* The monitors started here: {child, dir, url}; stopped and removed in after(). */
const monitors = [];
process.on('exit', () => {
  for (const m of monitors) {
    m.child.kill('SIGKILL');
    rmSync(m.dir, { recursive: true, force: true });
  }
});

/*
 * Starts `probity monitor` over a fresh data folder with extra arguments;
 * resolves to its URL. `prepare(dir, data)`, when given, runs after the
 * folder is made and before the monitor starts (users, token files) and
 * returns more arguments.
 */
async function startMonitor(args, prepare = null) {
  const dir = mkdtempSync(join(tmpdir(), 'probity-e2e-monitor-'));
  const data = join(dir, 'data');
  const init = spawnSync(BIN, ['init', '--data', data, '--origin', 'commission.example/monitor'], { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`probity init exited ${init.status}: ${init.stderr || init.error}`);
  }
  let more = [];
  try {
    more = prepare ? prepare(dir, data) : [];
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const child = spawn(BIN, ['monitor', '--data', data, '--listen', '127.0.0.1:0', '--web', WEB, ...args, ...more], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const m = { child, dir, url: null, stderr: '' };
  monitors.push(m);
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    m.stderr += d;
  });
  child.stdout.setEncoding('utf8');
  m.url = await new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the monitor did not start; stderr:\n${m.stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const match = /^listening on (http:\/\/\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the monitor exited (${code ?? signal}) before listening; stderr:\n${m.stderr}`));
    });
  });
  return m.url;
}

/*
 * Signs in on the node at `base` (the township node unless told) as
 * `login` (the clerk unless told); returns a JSON request function with the
 * session and its CSRF token.
 */
async function signIn(base = BASE_URL, login = LOGIN) {
  const response = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  assert.ok(response.ok, `log in as ${login} on ${base}: HTTP ${response.status}`);
  const { csrf_token: csrf } = await response.json();
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method, path, body) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

/* The number shown by a locator (a size cell). */
async function shownNumber(locator) {
  return Number((await locator.innerText()).trim());
}

/* Waits until fn() is truthy (polling), for at most ms. */
async function until(fn, what, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) {
      return value;
    }
    if (Date.now() > end) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

let log;
let monitorUrl;
let clerk;
const created = [];
/* The inspector's API tokens issued here: {id, revoke}; revoked in after(). */
const tokens = [];

before(async () => {
  log = await apiGet('/log');
  monitorUrl = await startMonitor(['--follow', `${BASE_URL}=${log.verifier_key}`, '--poll', '1']);
  clerk = await signIn();
});

after(async () => {
  for (const { id, revoke } of tokens.splice(0)) {
    const res = await revoke('DELETE', `/tokens/${id}`);
    assert.equal(res.status, 200, `revoke token ${id}: ${JSON.stringify(res.body)}`);
  }
  for (const id of created.splice(0)) {
    const res = await clerk('DELETE', `/people/${id}`);
    assert.equal(res.status, 200, `delete person ${id}: ${JSON.stringify(res.body)}`);
  }
  for (const m of monitors.splice(0)) {
    const exited = new Promise((r) => m.child.once('exit', (code, signal) => r({ code, signal })));
    if (m.child.exitCode === null && m.child.signalCode === null) {
      m.child.kill('SIGTERM');
      const { code, signal } = await exited;
      assert.equal(code, 0, `the monitor exited with ${code ?? signal}; stderr:\n${m.stderr}`);
    }
    rmSync(m.dir, { recursive: true, force: true });
  }
});

test('the monitor lists the followed node, follows a write live and shows its entry', TIMEOUT, async () => {
  await withBrowser('monitor-follows-node', async (page) => {
    await page.goto(`${monitorUrl}/`);
    await page.waitForURL(/\/monitor$/);
    assert.match(await page.locator('[data-test=page-title]').innerText(), CJK);
    await page.locator('[data-test=nav-monitor]').waitFor();
    /* The monitor holds no townships: no township picker, no township pages. */
    assert.equal(await page.locator('[data-test=township-picker]').count(), 0);
    assert.equal(await page.locator('[data-test=nav-townships]').count(), 0);

    const row = page.locator('.node-row').filter({ has: page.locator('[data-test=node-link]', { hasText: log.origin }) });
    await row.locator('[data-test=node-status][data-status=ok]').waitFor({ timeout: 60000 });
    assert.equal((await row.locator('[data-test=node-status]').innerText()).trim(), '正常');
    assert.equal((await row.locator('[data-test=node-url]').innerText()).trim(), BASE_URL);
    assert.ok(await shownNumber(row.locator('[data-test=node-size]')) >= log.size, 'the verified size is at least the node\'s size');
    assert.equal(await row.locator('[data-test=node-open-alerts]').innerText(), '0');
    /* This monitor holds no inspector's token: it can only check what the township publishes. */
    assert.equal((await row.locator('[data-test=node-sealed-no-token]').innerText()).trim(), '未授权读取');

    /* A write on the township node, through its API. */
    const stamp = Date.now();
    const name = `监测测试${stamp}`;
    const res = await clerk('POST', `/townships/${TOWNSHIP}/people`, { name, name_en: `Monitor Test ${stamp}` });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    created.push(res.body.item.id);
    const seq = res.body.event.seq;

    /* The size grows on the page, without a reload. */
    await until(async () => (await shownNumber(row.locator('[data-test=node-size]'))) > seq, 'the monitor page to show the new size');
    assert.ok(await shownNumber(row.locator('[data-test=node-mirrored]')) > seq);

    /* The node's page has the new entry, equal to the record the node stored. */
    await row.locator('[data-test=node-link]').click();
    await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/monitor/nodes/${log.origin}`);
    await page.locator('[data-test=node-status][data-status=ok]').waitFor();
    await page.locator('[data-test=entry-index]').first().waitFor();
    const entry = page.locator('.entry-row').filter({ has: page.locator('[data-test=entry-index]', { hasText: new RegExp(`^${seq}$`) }) });
    if (await entry.count() === 0) {
      /* Others wrote more than a page since: go to the entry's page. */
      await page.goto(`${page.url().split('?')[0]}?page=${Math.floor(seq / PAGE_SIZE) + 1}`);
    }
    await entry.waitFor();
    assert.match(await entry.innerText(), new RegExp(name));
    await entry.locator('.el-table__expand-icon').click();
    const recordText = await page.locator('[data-test=entry-record]').filter({ hasText: name }).innerText();
    const shown = JSON.parse(recordText);
    const stored = (await apiGet(`/events?offset=${seq}&limit=1`)).items[0];
    assert.deepEqual(shown, stored, 'the page shows the record the node stored');
    assert.equal(shown.type, 'person.created');

    /* English. */
    await page.click('[data-test=lang-en]');
    await page.locator('.el-table th').filter({ hasText: 'Leaf hash' }).first().waitFor();
    await page.locator('[data-test=node-status]').filter({ hasText: 'Status: OK' }).waitFor();
    await page.locator('h2').filter({ hasText: 'Mirrored log entries' }).waitFor();
    assert.match(await entry.innerText(), new RegExp(`Monitor Test ${stamp}`), 'the summary uses the English name');
    await page.click('[data-test=back]');
    await page.waitForURL(/\/monitor$/);
    await page.locator('[data-test=page-title]').filter({ hasText: 'Monitor' }).waitFor();
    await row.locator('[data-test=node-status]').filter({ hasText: 'OK' }).waitFor();
    await page.locator('.el-table th').filter({ hasText: 'Verified entries' }).first().waitFor();
    assert.equal((await page.locator('[data-test=nav-monitor]').innerText()).trim(), 'Monitor');
  });
});

test('the commission\'s inspector reads a sealed part on the monitor; the public sees only its state', TIMEOUT, async () => {
  /* An API token of the commission's inspector on the township node. */
  const inspector = await signIn(BASE_URL, INSPECTOR);
  const issued = await inspector('POST', '/tokens', { label: 'e2e monitor' });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  tokens.push({ id: issued.body.item.id, revoke: inspector });

  /* A monitor reading the node's sealed parts with it, and an inspector of the monitor's own. */
  const sealedUrl = await startMonitor(['--follow', `${BASE_URL}=${log.verifier_key}`, '--poll', '1'], (dir, data) => {
    const file = join(dir, 'inspector.token');
    writeFileSync(file, `${issued.body.token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    const add = spawnSync(BIN, ['user', 'add', '--data', data, '--login', MONITOR_INSPECTOR, '--role', 'commission_inspector'], {
      input: `${PASSWORD}\n`, encoding: 'utf8',
    });
    if (add.status !== 0) {
      throw new Error(`probity user add exited ${add.status}: ${add.stderr || add.error}`);
    }
    return ['--sealed-token', `${BASE_URL}=${file}`];
  });

  /* Every sealed part of the log is read, or taken from the township's publication. */
  const sealed = await until(async () => {
    const nodes = await (await fetch(`${sealedUrl}/api/v1/monitor/nodes`)).json();
    const node = nodes.items.find((n) => n.origin === log.origin);
    return node && node.mirrored >= log.size && node.sealed.parts > 0 && node.sealed.pending === 0 ? node.sealed : null;
  }, 'the monitor to read the sealed parts', 150000);
  assert.equal(sealed.token, true);
  assert.equal(sealed.error, null);
  assert.equal(sealed.refused + sealed.bad, 0, JSON.stringify(sealed));
  assert.ok(sealed.read > 0, JSON.stringify(sealed));

  /* The public may not read the parts; the monitor's inspector may. */
  const anonymous = await fetch(`${sealedUrl}/api/v1/monitor/sealed?origin=${encodeURIComponent(log.origin)}&state=read&limit=1`);
  assert.equal(anonymous.status, 401);
  const reader = await signIn(sealedUrl, MONITOR_INSPECTOR);
  const found = await reader('GET', `/monitor/sealed?origin=${encodeURIComponent(log.origin)}&state=read&limit=1`);
  assert.equal(found.status, 200, JSON.stringify(found.body));
  const part = found.body.items[0];
  assert.equal(part.state, 'read');
  assert.ok(part.content && typeof part.content === 'object', JSON.stringify(part));
  const nodePage = `${sealedUrl}/monitor/nodes/${log.origin}?page=${Math.floor(part.index / PAGE_SIZE) + 1}`;

  await withBrowser('monitor-sealed', async (page) => {
    /* The overview: how many parts matched, nothing refused or altered. */
    await page.goto(`${sealedUrl}/monitor`);
    const row = page.locator('.node-row').filter({ has: page.locator('[data-test=node-link]', { hasText: log.origin }) });
    const summary = row.locator('[data-test=node-sealed]');
    await summary.waitFor();
    await summary.locator('[data-test=node-sealed-checked]')
      .filter({ hasText: `已核对 ${sealed.read + sealed.published} / ${sealed.parts}` }).waitFor();
    assert.match(await summary.locator('[data-test=node-sealed-counts]').innerText(), new RegExp(`已读取 ${sealed.read}`));
    assert.equal(await summary.getAttribute('data-alarming'), 'false');
    assert.equal(await summary.locator('[data-test=node-sealed-no-token]').count(), 0);
    await keepScreenshots(page, 'monitor-sealed-overview');

    /* The monitor's inspector signs in on the node's page that holds the part. */
    await page.goto(nodePage);
    await page.locator('[data-test=node-sealed-read]').filter({ hasText: `已读取 ${sealed.read}` }).waitFor();
    await logIn(page, MONITOR_INSPECTOR);
    await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/monitor/nodes/${log.origin}`);
    const entry = page.locator('.entry-row').filter({ has: page.locator('[data-test=entry-index]', { hasText: new RegExp(`^${part.index}$`) }) });
    await entry.waitFor();
    assert.equal((await entry.locator('[data-test=entry-sealed]').innerText()).trim(), '已读取');
    await entry.locator('.el-table__expand-icon').click();
    const panel = page.locator('[data-test=sealed-part]');
    await panel.locator('[data-test=sealed-content]').waitFor();
    for (const [key, value] of Object.entries(part.content)) {
      const field = panel.locator(`[data-test=sealed-field][data-key="${key}"]`);
      assert.equal(await field.count(), 1, `the content's ${key} is shown`);
      if (typeof value === 'string') {
        assert.match(await field.innerText(), new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      }
    }
    assert.deepEqual(JSON.parse(await panel.locator('[data-test=sealed-json]').innerText()), part.content);
    assert.equal((await panel.locator('[data-test=sealed-digest]').innerText()).trim(), part.digest);
    assert.equal((await panel.locator('[data-test=sealed-state]').innerText()).trim(), '已读取');
    await keepScreenshots(page, 'monitor-sealed-inspector');

    /* Signed out, the expanded row keeps the part's state and says who may read it. */
    await page.click('[data-test=logout]');
    await panel.locator('[data-test=sealed-inspectors-only]').waitFor();
    assert.match(await panel.locator('[data-test=sealed-inspectors-only]').innerText(), /检查人员/);
    assert.equal(await panel.locator('[data-test=sealed-content]').count(), 0);
    assert.equal(await panel.locator('[data-test=sealed-json]').count(), 0);

    /* So it does for a visitor who opens the page afresh, and the row stays open in English. */
    await page.reload();
    await entry.waitFor();
    await entry.locator('.el-table__expand-icon').click();
    await panel.locator('[data-test=sealed-inspectors-only]').waitFor();
    assert.equal(await panel.locator('[data-test=sealed-content]').count(), 0);
    assert.doesNotMatch(await panel.innerText(), new RegExp(part.digest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await keepScreenshots(page, 'monitor-sealed-public');
    await page.click('[data-test=lang-en]');
    await page.locator('[data-test=node-sealed-read]').filter({ hasText: `read ${sealed.read}` }).waitFor();
    await entry.locator('[data-test=entry-sealed]').filter({ hasText: /^read$/ }).waitFor();
    await panel.locator('[data-test=sealed-inspectors-only]').filter({ hasText: 'commission\'s inspectors only' }).waitFor();
  });
});

test('a page past the server\'s limits shows its refusal in the UI language', TIMEOUT, async () => {
  await withBrowser('monitor-refusal', async (page) => {
    const path = `${monitorUrl}/monitor/nodes/${log.origin}?page=99999999`;
    await page.goto(path);
    const error = page.locator('[data-test=api-error]');
    await error.waitFor();
    assert.match(await error.innerText(), /参数“offset”须为 0 到 2147483647 之间的整数/);
    await page.click('[data-test=lang-en]');
    await error.filter({ hasText: 'parameter \'offset\' must be an integer from 0 to 2147483647' }).waitFor();

    /* An origin this monitor does not follow is said so plainly. */
    await page.goto(`${monitorUrl}/monitor/nodes/nowhere.example/none`);
    await page.locator('[data-test=node-not-followed]').filter({ hasText: 'does not follow the log "nowhere.example/none"' }).waitFor();
  });
});

test('a township node says that it follows nothing and has no monitor in its nav', TIMEOUT, async () => {
  await withBrowser('monitor-on-township-node', async (page) => {
    await page.goto(`${BASE_URL}/monitor`);
    const none = page.locator('[data-test=monitor-none]');
    await none.waitFor();
    assert.match(await none.innerText(), CJK);
    await page.locator('[data-test=nav-audit]').waitFor();
    assert.equal(await page.locator('[data-test=nav-monitor]').count(), 0);
    await page.locator('[data-test=township-picker]').waitFor();
    await page.click('[data-test=brand]');
    await page.locator('[data-test=portal-about]').waitFor(); /* the public's home page */
    assert.equal(new URL(page.url()).pathname, '/');
  });
});

test('a node that does not answer raises an "unreachable" alert on the page', TIMEOUT, async () => {
  const deadUrl = await startMonitor([
    '--follow', `http://127.0.0.1:1=${log.verifier_key}`, '--unreachable-after', '1', '--poll', '1',
  ]);
  await withBrowser('monitor-unreachable', async (page) => {
    await page.goto(`${deadUrl}/monitor`);
    const row = page.locator('.node-row').filter({ has: page.locator('[data-test=node-link]', { hasText: log.origin }) });
    await row.waitFor();
    /* The page refreshes itself until the alert stands. */
    await row.locator('[data-test=node-status][data-status=unreachable]').waitFor({ timeout: 30000 });
    assert.equal((await row.locator('[data-test=node-status]').innerText()).trim(), '无法连接');
    assert.match(await row.getAttribute('class'), /row-highlight/, 'the alarming node stands out');
    assert.equal((await row.locator('[data-test=node-open-alerts]').innerText()).trim(), '1');
    const alert = page.locator('.alert-row').filter({ has: page.locator('[data-test=alert-kind][data-status=unreachable]') });
    await alert.first().waitFor();
    assert.match(await alert.first().innerText(), /no answer from http:\/\/127\.0\.0\.1:1/);
    assert.match(await alert.first().innerText(), /未解除/);
    /* What the kind means, in the UI language, above the monitor's technical detail. */
    assert.match(await alert.first().locator('[data-test=alert-meaning]').innerText(), /没有应答/);

    const alerts = await (await fetch(`${deadUrl}/api/v1/monitor/alerts`)).json();
    assert.equal(alerts.items[0].kind, 'unreachable');
    assert.equal(alerts.items[0].cleared_at, null);

    await page.click('[data-test=lang-en]');
    await row.locator('[data-test=node-status]').filter({ hasText: 'unreachable' }).waitFor();
    await alert.first().filter({ hasText: 'open' }).waitFor();
    assert.match(await alert.first().locator('[data-test=alert-meaning]').innerText(), /did not answer/);
  });
});
