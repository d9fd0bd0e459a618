// The demo's works and purchases (docs/procurement.md, "The demo") as the
// seed tells them: Zhibu's road repair saved over 1.4 million yuan;
// Fengqiao's saving rate is near 11%; and the red flags find the cases
// planted for them (Diankou's bidders sharing a phone and an account,
// Jiyang's three bidders taking turns to win, Datang's purchase split in
// two) and nothing in the demo's other, clean, projects.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { login, request, startServer } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const admin = await login(url, 'admin');

async function get(path) {
    const res = await request(url, 'GET', path, { auth: admin });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res.body;
}

test('Zhibu\'s road repair saved over 1.4 million yuan', async () => {
    const projects = (await get('/townships/zhibu/projects?limit=200')).items;
    const road = projects.find((p) => p.title === '紫阆至直埠集镇道路修复工程');
    assert.ok(road, 'the road repair is among Zhibu\'s projects');
    assert.equal(road.method, 'open_tender');
    assert.ok(road.control_price_fen - road.contract_price_fen > 140000000, `saved ${road.control_price_fen - road.contract_price_fen} fen`);
    const full = await get(`/projects/${road.id}`);
    assert.equal(full.status, 'settled');
    assert.equal(full.bids.length, 5);
});

test('Fengqiao\'s saving rate is near 11%', async () => {
    const { years } = await get('/townships/fengqiao/savings');
    const year = years.find((y) => y.year === '2026');
    assert.ok(year.saving_permille >= 100 && year.saving_permille <= 120, `${year.saving_permille}‰`);
});

test('the red flags find the planted cases, and nothing in the clean projects', async () => {
    const planted = { diankou: ['flag.shared_details'], jiyang: ['flag.rotating_winners'], datang: ['flag.split_purchase'] };
    const townships = (await get('/townships')).items;
    assert.ok(townships.length > 20);
    let clean = 0;
    for (const t of townships) {
        const flags = (await get(`/townships/${t.id}/red_flags?limit=200`)).items.map((f) => f.flag).sort();
        assert.deepEqual(flags, planted[t.id] ?? [], t.id);
        clean += (await get(`/townships/${t.id}/projects?limit=200`)).total > 0 && !planted[t.id] ? 1 : 0;
    }
    assert.ok(clean >= 20, 'clean townships with projects');
    const jiyang = (await get('/townships/jiyang/red_flags')).items[0];
    assert.equal(jiyang.projects.length, 2, 'the rotation names the two earlier contracts');
    const datang = (await get('/townships/datang/red_flags')).items[0];
    assert.equal(datang.figure, 81500, 'the two purchases add up to 81,500 yuan');
});
