// Works and purchases as files (docs/procurement.md, "Exports"; docs/api.md,
// "Tables as files"): a township's projects, its opened bids and its red
// flags as CSV and XLSX, read back with real readers. A list's file holds
// every row its filters select, not one page; ?limit still cuts it when
// given. Statuses, methods and outcomes are their labels in the reader's
// language; amounts are yuan. A bid sealed before its opening is in no
// file; the red flags are the supervisors' alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { readCsv } from './lib/csv.mjs';
import { procurementMakers } from './lib/procurement_fixtures.mjs';
import { readXlsx } from './lib/xlsx.mjs';
import { login, request, startServer } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');
const discipline = await login(url, 'diankou.discipline');

async function ok(method, path, body, status, who = admin) {
    const res = await request(url, method, path, { auth: who, body });
    assert.equal(res.status, status ?? (method === 'POST' ? 201 : 200), `${method} ${path}: ${res.text}`);
    return res.body;
}

const maker = await procurementMakers({ ok, auth: { admin, member: await login(url, 'diankou.member') } });

/** The bytes of a GET as the given reader, with the headers given; asserts 200. */
async function file(path, { who = admin, headers = {} } = {}) {
    const res = await fetch(`${url}/api/v1${path}`, { headers: { Cookie: who.cookie, ...headers } });
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
}

const yuan = (fen) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

let awarded; /* {id, bids}: two bids, the first awarded */
let sealed; /* a project still tendering, with one bid */
let flagged; /* a project opened with one bid: a single-bid flag */

before(async () => {
    awarded = await maker.advanced('awarded');
    sealed = await maker.project({ steps: ['design', 'price', 'tender'], method: 'single_source', amount: 5000000 });
    await ok('POST', `/projects/${sealed}/bids`, { bidder_id: await maker.bidder(), price_fen: 4700000 });
    [flagged] = await maker.closedTenders(1, 1);
    await ok('POST', `/projects/${flagged}/opening`, {}, 200);
    /* More projects than one page holds. */
    for (let i = 0; i < 50; i++) {
        await maker.project();
    }
});

describe('the projects', () => {
    test('the CSV holds every project, with labels and amounts in yuan', async () => {
        const page = await ok('GET', '/townships/diankou/projects');
        assert.ok(page.total > page.limit, 'more projects than one page');
        const rows = readCsv(await file('/townships/diankou/projects?format=csv'));
        assert.deepEqual(rows[0].slice(0, 6), ['项目名称', '依据的事项', '类别', '采购方式', '状态', '预算金额（元）']);
        assert.equal(rows.length - 1, page.total, 'every row, not a page');
        const project = await ok('GET', `/projects/${awarded.id}`);
        const row = rows.find((r) => r[0] === project.title);
        assert.deepEqual(row.slice(2, 7), ['工程', '单一来源采购', '已定标', yuan(project.amount_fen), yuan(project.control_price_fen)]);
        assert.equal(row[8], project.supplier_name);
    });

    test('filters and ?limit hold for a file too', async () => {
        const tendering = await ok('GET', '/townships/diankou/projects?status=tendering&limit=200');
        const rows = readCsv(await file('/townships/diankou/projects?status=tendering&format=csv'));
        assert.deepEqual(rows.slice(1).map((r) => r[0]).sort(), tendering.items.map((p) => p.title).sort());
        assert.equal(readCsv(await file('/townships/diankou/projects?limit=2&format=csv')).length, 3);
    });

    test('the XLSX in English: labels, yuan as numbers', async () => {
        const book = readXlsx(await file('/townships/diankou/projects?format=xlsx', { headers: { 'Accept-Language': 'en' } }));
        assert.deepEqual(book.rows[0].slice(0, 5), ['Project', 'Matter', 'Kind', 'Method', 'Status']);
        const project = await ok('GET', `/projects/${awarded.id}`);
        const i = book.rows.findIndex((r) => r[0] === project.title);
        assert.deepEqual(book.rows[i].slice(2, 5), ['works', 'single source', 'awarded']);
        assert.ok(Math.abs(book.rows[i][6] - project.control_price_fen / 100) < 1e-9);
        assert.equal(book.formats[i][6], '#,##0.00');
    });

    test('the description lists the columns and their values\' labels', async () => {
        const doc = (await request(url, 'GET', '/openapi.json')).body;
        const table = doc.paths['/townships/{tid}/projects'].get['x-table'];
        const status = table.columns.find((c) => c.key === 'status');
        assert.deepEqual(status['x-value-labels'].settled, { 'zh-CN': '已决算', en: 'settled' });
    });
});

describe('the bids', () => {
    test('opened bids with their outcome; a sealed bid is in no list and no file', async () => {
        const list = await ok('GET', '/townships/diankou/bids?limit=200');
        assert.ok(!list.items.some((b) => b.project_id === sealed), 'nothing of a sealed bid');
        assert.equal((await ok('GET', `/townships/diankou/bids?project_id=${sealed}`)).total, 0);
        const rows = readCsv(await file(`/townships/diankou/bids?project_id=${awarded.id}&format=csv`));
        assert.deepEqual(rows[0], ['项目', '投标人', '统一社会信用代码', '投标报价（元）', '递交时间', '结果']);
        const won = awarded.bids[0];
        assert.deepEqual(
            rows.slice(1).map((r) => [r[1], r[3], r[5]]),
            awarded.bids.map((b) => [b.bidder_name, yuan(b.price_fen), b.id === won.id ? '中标' : '未中标']),
        );
        const anonymous = await fetch(`${url}/api/v1/townships/diankou/bids?project_id=${flagged}&format=csv`);
        assert.equal(anonymous.status, 200, 'opened bids are public');
        const pending = readCsv(Buffer.from(await anonymous.arrayBuffer()));
        assert.deepEqual(pending.slice(1).map((r) => r[5]), ['评审中']);
    });
});

describe('the red flags', () => {
    test('the supervisors download them; the public may not', async () => {
        const project = await ok('GET', `/projects/${flagged}`);
        const rows = readCsv(await file('/townships/diankou/red_flags?format=csv', { who: discipline }));
        assert.deepEqual(rows[0].slice(0, 5), ['项目', '风险提示', '说明', '提示时间', '状态']);
        const row = rows.find((r) => r[0] === project.title);
        assert.deepEqual([row[1], row[4]], ['只有一家投标', '待核查']);
        const res = await fetch(`${url}/api/v1/townships/diankou/red_flags?format=csv`);
        assert.equal(res.status, 401);
    });
});
