// The indicators as files (docs/api.md, "Tables as files"): a township's
// "three more, three fewer" downloaded as CSV and as XLSX carries the
// figures of its JSON answer, month by month and in total; the CSV is
// UTF-8 with a byte order mark; the XLSX is read with a real reader
// (Debian's python3-openpyxl); headings and the file's name follow
// Accept-Language (zh-CN by default), the name is the township's, the
// table's and the period's (RFC 6266 / RFC 8187); ?format=, or else the
// Accept header, chooses; a bad format, or a file of an answer that is no
// table, is a clear 400; the public downloads only what it may read.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { login, request, startServer } from './lib/server.mjs';
import { readXlsx } from './lib/xlsx.mjs';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PERIOD = 'from=2026-01-01&to=2026-12-01';
const PATH = `/townships/huandong/indicators?${PERIOD}`;
const HEADINGS_ZH = ['月份', '会议（次）', '提前通知的议题', '临时动议', '提前通知占比', '经讨论的议题', '未讨论直接表决的议题',
    '先讨论后决定占比', '集体决策的事项', '个人决定的事项', '集体决策占比'];
const HEADINGS_EN = ['Month', 'Meetings', 'Items notified in advance', 'Ad-hoc motions', 'Share notified in advance', 'Items discussed',
    'Items decided by vote only', 'Share discussed before the decision', 'Matters decided collectively', 'Matters decided alone',
    'Share decided collectively'];

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;

async function get(p, options) {
    const res = await request(url, 'GET', p, options);
    assert.equal(res.status, 200, `${p}: ${res.text}`);
    return res;
}

/** The raw bytes of a GET (request() reads text). */
async function bytes(p, headers = {}) {
    const res = await fetch(`${url}/api/v1${p}`, { headers });
    assert.equal(res.status, 200, p);
    return { headers: res.headers, data: Buffer.from(await res.arrayBuffer()) };
}

/** The cells of a row of the answer, as the table lays them out: numbers, shares in per mille. */
function rowOf(first, r) {
    const c = r.counts;
    const p = r.permille;
    return [first, r.meetings, c.items_notified, c.items_adhoc, p.notified, c.items_discussed, c.items_vote_only, p.discussed,
        c.matters_collective, c.matters_individual, p.collective];
}

function expectedRows(answer, total) {
    return [...answer.months.map((m) => rowOf(m.month, m)), rowOf(total, answer)];
}

/** A CSV field of a cell: a share as a percentage with one decimal, nothing for null. */
function csvCell(value, i) {
    if (value === null) {
        return '';
    }
    return [4, 7, 10].includes(i) ? `${(value / 10).toFixed(1)}%` : String(value);
}


const encoded = (name) => encodeURIComponent(name);

describe('the indicators as CSV', () => {
    test('a township\'s CSV has the JSON answer\'s figures, in Chinese by default', async () => {
        const answer = (await get(PATH)).body;
        const res = await get(`${PATH}&format=csv`);
        assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
        const disposition = res.headers.get('content-disposition');
        assert.ok(disposition.startsWith('attachment; filename="Huandong'), disposition);
        assert.ok(disposition.includes(`filename*=UTF-8''${encoded('浣东街道-三多三少-2026-01-01至2026-11-30.csv')}`), disposition);
        assert.ok(/filename="[A-Za-z0-9._-]+"/.test(disposition), 'the plain name is ASCII');
        const { data } = await bytes(`${PATH}&format=csv`);
        assert.deepEqual([...data.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte order mark');
        const text = data.subarray(3).toString('utf8');
        assert.ok(text.endsWith('\r\n'), 'CRLF line ends (RFC 4180)');
        const lines = text.slice(0, -2).split('\r\n').map((l) => l.split(','));
        assert.deepEqual(lines[0], HEADINGS_ZH);
        assert.deepEqual(lines.slice(1), expectedRows(answer, '合计').map((r) => r.map(csvCell)));
    });

    test('English headings and name for Accept-Language: en; Accept: text/csv asks for the CSV', async () => {
        const res = await get(PATH, { headers: { 'Accept-Language': 'en', Accept: 'text/csv' } });
        assert.match(res.headers.get('content-type'), /^text\/csv/);
        const disposition = res.headers.get('content-disposition');
        assert.ok(disposition.includes(`filename*=UTF-8''Huandong_Subdistrict-three-more-three-fewer-2026-01-01_to_2026-11-30.csv`)
            || disposition.includes("filename*=UTF-8''Huandong"), disposition);
        const lines = res.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
        assert.deepEqual(lines[0].split(','), HEADINGS_EN);
        assert.ok(lines.at(-1).startsWith('Total,'));
        // ?format=json is the JSON answer itself.
        const json = await get(`${PATH}&format=json`);
        assert.match(json.headers.get('content-type'), /^application\/json/);
        assert.equal(json.body.township_id, 'huandong');
    });

    test('every township\'s CSV has a row per township', async () => {
        const answer = (await get(`/indicators?${PERIOD}`)).body;
        const res = await get(`/indicators?${PERIOD}&format=csv`);
        assert.ok(res.headers.get('content-disposition').includes(encoded('各乡镇三多三少-2026-01-01至2026-11-30.csv')));
        const lines = res.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(','));
        assert.equal(lines[0][0], '乡镇');
        assert.deepEqual(lines.slice(1).map((l) => l[0]), answer.items.map((t) => t.name));
        assert.deepEqual(lines.slice(1).map((l) => l.slice(1)), answer.items.map((t) => rowOf(t.name, t).slice(1).map((v, i) => csvCell(v, i + 1))));
    });
});

describe('the indicators as XLSX', () => {
    test('a township\'s workbook, read by openpyxl, has the JSON answer\'s figures', async () => {
        const answer = (await get(PATH)).body;
        const { headers, data } = await bytes(`${PATH}&format=xlsx`);
        assert.equal(headers.get('content-type'), XLSX_TYPE);
        assert.ok(headers.get('content-disposition').includes(`filename*=UTF-8''${encoded('浣东街道-三多三少-2026-01-01至2026-11-30.xlsx')}`));
        const book = readXlsx(data);
        assert.deepEqual(book.sheets, ['三多三少']);
        assert.deepEqual(book.rows[0], HEADINGS_ZH);
        const want = expectedRows(answer, '合计').map((r) => r.map((v, i) => ([4, 7, 10].includes(i) && v !== null ? v / 1000 : v)));
        assert.equal(book.rows.length, want.length + 1);
        book.rows.slice(1).forEach((row, i) => {
            row.forEach((v, j) => {
                if (typeof want[i][j] === 'number') {
                    assert.ok(Math.abs(v - want[i][j]) < 1e-9, `row ${i + 1}, column ${j + 1}: ${v} is ${want[i][j]}`);
                } else {
                    assert.equal(v, want[i][j], `row ${i + 1}, column ${j + 1}`);
                }
            });
        });
        assert.equal(book.formats[1][4], '0.0%', 'shares are percentages');
        assert.equal(book.formats[1][2], 'General', 'counts are plain numbers');
    });

    test('English for Accept-Language: en, and a calendar year is named by its year', async () => {
        const year = '/townships/huandong/indicators?from=2026-01-01&to=2027-01-01&format=xlsx';
        const zh = await bytes(year);
        assert.ok(zh.headers.get('content-disposition').endsWith(`filename*=UTF-8''${encoded('浣东街道-三多三少-2026.xlsx')}`));
        const en = await bytes(year, { 'Accept-Language': 'en' });
        assert.match(en.headers.get('content-disposition'), /filename\*=UTF-8''Huandong[A-Za-z_%0-9]*-three-more-three-fewer-2026\.xlsx$/);
        const book = readXlsx(en.data);
        assert.deepEqual(book.rows[0], HEADINGS_EN);
        assert.equal(book.rows.at(-1)[0], 'Total');
        // Accept alone asks for the workbook too.
        const accepted = await bytes('/townships/huandong/indicators?from=2026-01-01&to=2027-01-01', { Accept: XLSX_TYPE });
        assert.equal(accepted.headers.get('content-type'), XLSX_TYPE);
    });
});

describe('refusals', () => {
    test('a bad format, or a file of an answer that is no table, is a clear 400', async () => {
        for (const lang of ['zh-CN', 'en']) {
            const bad = await request(url, 'GET', `${PATH}&format=pdf`, { headers: { 'Accept-Language': lang } });
            assert.equal(bad.status, 400);
            assert.equal(bad.body.error.code, 'bad_request');
            assert.equal(bad.body.error.field, 'format');
            assert.equal(bad.body.error.message, lang === 'en' ? "'format' must be json, csv or xlsx" : '“format”须为 json、csv 或 xlsx');
        }
        const tasks = await request(url, 'GET', '/townships/huandong/tasks?format=csv');
        assert.equal(tasks.status, 400);
        assert.equal(tasks.body.error.field, 'format');
        assert.match(tasks.body.error.message, /不是表格/);
        // A bad period is refused as for JSON, with no file.
        const period = await request(url, 'GET', '/townships/huandong/indicators?from=yesterday&format=xlsx');
        assert.equal(period.status, 400);
        assert.equal(period.body.error.field, 'from');
        const unknown = await request(url, 'GET', '/townships/atlantis/indicators?format=csv');
        assert.equal(unknown.status, 404);
    });

    test('the public downloads only what it may read', async () => {
        // A file of a query the public may not read is refused before anything runs.
        const notifications = await request(url, 'GET', '/notifications?format=csv');
        assert.equal(notifications.status, 401);
        // What each downloads is what each reads: the figures of its own JSON answer.
        const diankou = '/townships/diankou/indicators?from=2026-01-01&to=2026-12-01';
        const clerk = await login(url, 'diankou.clerk');
        for (const auth of [null, clerk]) {
            const json = (await get(diankou, { auth })).body;
            const csv = (await get(`${diankou}&format=csv`, { auth })).text;
            const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1);
            assert.deepEqual(lines, expectedRows(json, '合计').map((r) => r.map(csvCell).join(',')), auth ? 'the clerk' : 'the public');
        }
    });

    test('the description declares the table, its format parameter and its files', async () => {
        const doc = (await get('/openapi.json')).body;
        const op = doc.paths['/townships/{tid}/indicators'].get;
        assert.deepEqual(op['x-table'].columns.map((c) => c.title), HEADINGS_ZH);
        assert.deepEqual(op['x-table'].columns.map((c) => c['x-title-en']), HEADINGS_EN);
        assert.deepEqual(op['x-table'].total, { title: '合计', 'x-title-en': 'Total' });
        assert.deepEqual(op.parameters.find((p) => p.name === 'format').schema.enum, ['json', 'csv', 'xlsx']);
        assert.deepEqual(Object.keys(op.responses['200'].content).sort(), ['application/json', XLSX_TYPE, 'text/csv'].sort());
        assert.equal(doc.paths['/townships/{tid}/tasks'].get['x-table'], undefined);
    });
});
