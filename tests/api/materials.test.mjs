// A matter's materials over HTTP (docs/decisions.md, "Materials"): the
// clerk uploads a file as the request's body; it is kept by its SHA-256,
// downloaded unchanged by the township's own staff only, listed with the
// matter, in the meeting room and on members' notices; the log names it by
// its digest with its name sealed, a personnel matter's material sealed
// whole; it can be withdrawn until the item's notice goes out and nothing
// is added once the matter is decided; a file altered on disk is refused,
// and `probity verify` agrees with the tables. Refused parameters, types
// and sizes are tests/api/schemas.test.mjs's; the role walk's is
// roles.test.mjs's.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { PDF, materialPath } from './lib/decision_fixtures.mjs';
import { eventCount, expectOneWrite, login, request, runCli, startServer } from './lib/server.mjs';

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const clerk = await login(url, 'diankou.clerk');
const member = await login(url, 'diankou.member');
const secretary = await login(url, 'diankou.secretary');
const otherClerk = await login(url, 'zhibu.clerk');
const department = (await request(url, 'GET', '/townships/diankou/departments', { auth: clerk })).body.items[0].id;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function ok(method, p, body, auth = clerk, status = method === 'POST' ? 201 : 200) {
    const res = await request(url, method, p, { auth, body });
    assert.equal(res.status, status, `${method} ${p}: ${res.text}`);
    return res.body;
}

async function matter(title, category = 'routine_affairs', extra = {}) {
    return (
        await ok('POST', '/townships/diankou/matters', {
            title,
            category,
            proposer_id: secretary.user.person_id,
            ...extra,
        })
    ).item;
}

async function upload(matterId, name, bytes = PDF, auth = clerk) {
    return request(url, 'POST', materialPath(matterId, name), {
        auth,
        body: bytes,
        headers: { 'Content-Type': 'application/octet-stream' },
    });
}

/** The log's record at seq, as the public reads it. */
async function record(seq) {
    return (await request(url, 'GET', `/events?offset=${seq}&limit=1`)).body.items[0];
}

/** A request that must be refused by rule, writing nothing. */
async function refusedByRule(method, p, send, rule) {
    const before = await eventCount(url);
    const res = await send();
    assert.equal(res.status, 409, `${method} ${p}: ${res.text}`);
    assert.equal(res.body.error.rule, rule, res.text);
    assert.equal(await eventCount(url), before, `${p}: nothing written`);
}

describe('a material of an ordinary matter', () => {
    let m;
    let material;
    let seq;

    test('the clerk uploads it: the file is kept by its digest, the log names the digest and seals the name', async () => {
        m = await matter('村道硬化工程实施方案');
        const before = await eventCount(url);
        const res = await upload(m.id, '村道硬化实施方案.pdf');
        assert.equal(res.status, 201, res.text);
        await expectOneWrite(url, before, 'an upload');
        material = res.body.item;
        seq = res.body.event.seq;
        assert.equal(res.body.event.type, 'material.created');
        assert.equal(material.name, '村道硬化实施方案.pdf');
        assert.equal(material.media_type, 'application/pdf', 'the type read from the bytes, not the header');
        assert.equal(material.size_bytes, PDF.length);
        assert.equal(material.sha256, sha256(PDF));
        assert.equal(material.personnel, 0);
        assert.equal(material.removable, true);

        const stored = path.join(srv.dataDir, 'files', material.sha256.slice(0, 2), material.sha256);
        assert.deepEqual(fs.readFileSync(stored), PDF, 'the data folder keeps the bytes under their digest');

        const logged = (await record(seq)).payload;
        assert.equal(logged.sha256, sha256(PDF), 'the log names the file by its digest');
        assert.equal(logged.name, undefined, 'the name is sealed until the matter is public');
        assert.ok(logged.sealed_digest);
        assert.ok(!JSON.stringify(logged).includes('JVBER'), 'never the bytes');
    });

    test('staff download it unchanged; the public and another township may not', async () => {
        const res = await fetch(`${url}/api/v1/materials/${material.id}/content`, { headers: { Cookie: member.cookie } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/pdf');
        assert.match(res.headers.get('content-disposition'), /filename\*=UTF-8''%E6%9D%91/);
        assert.equal(sha256(Buffer.from(await res.arrayBuffer())), material.sha256);
        assert.equal((await request(url, 'GET', `/materials/${material.id}/content`)).status, 401);
        assert.equal((await request(url, 'GET', `/materials/${material.id}/content`, { auth: otherClerk })).status, 403);
        assert.equal((await request(url, 'GET', `/matters/${m.id}/materials`)).status, 404, 'the matter is not public yet');
    });

    test('listed with the matter; the same file again is kept once', async () => {
        const again = await upload(m.id, '村道硬化实施方案（副本）.pdf');
        assert.equal(again.status, 201, again.text);
        const listed = await ok('GET', `/matters/${m.id}/materials`);
        assert.equal(listed.total, 2);
        assert.deepEqual(
            listed.items.map((x) => x.name),
            ['村道硬化实施方案.pdf', '村道硬化实施方案（副本）.pdf'],
        );
        assert.deepEqual((await ok('GET', `/matters/${m.id}`)).materials.map((x) => x.id), listed.items.map((x) => x.id));
        const folder = path.join(srv.dataDir, 'files', material.sha256.slice(0, 2));
        assert.equal(fs.readdirSync(folder).filter((f) => f.startsWith(material.sha256)).length, 1);

        const withdrawn = await ok('DELETE', `/materials/${again.body.item.id}`, undefined, clerk, 200);
        assert.equal(withdrawn.event.type, 'material.deleted');
        assert.equal((await ok('GET', `/matters/${m.id}/materials`)).total, 1);
    });

    test('on the agenda, it is in the meeting room and on the members\' notices, and can no longer be withdrawn', async () => {
        const { item: meeting } = await ok('POST', '/townships/diankou/meetings', {
            kind: 'committee',
            title: '党委会议（材料）',
            starts_at: new Date(Date.now() - 3600e3).toISOString(),
            place: '三楼会议室',
            convener_id: secretary.user.person_id,
        });
        const { item } = await ok('POST', `/meetings/${meeting.id}/items`, {
            matter_id: m.id,
            justification: '汛后抢修，需当场研究',
        });
        const room = await ok('GET', `/items/${item.id}`, undefined, member);
        assert.deepEqual(room.materials.map((x) => x.name), ['村道硬化实施方案.pdf']);
        assert.equal(room.materials[0].removable, false);

        const inbox = (await ok('GET', '/notifications?status=pending', undefined, member)).items;
        const notice = inbox.find((n) => n.agenda_item_id === item.id);
        assert.deepEqual(notice.materials.map((x) => x.sha256), [material.sha256]);
        const todo = (await ok('GET', '/todo', undefined, member)).notices.find((n) => n.item_id === item.id);
        assert.deepEqual(todo.materials.map((x) => x.id), [material.id]);

        await refusedByRule('DELETE', `/materials/${material.id}`, () =>
            request(url, 'DELETE', `/materials/${material.id}`, { auth: clerk }), 'procedure.materials_sent');
        // Supplementary material may still be sent before the decision.
        assert.equal((await upload(m.id, '补充说明.pdf')).status, 201);
        await ok('POST', `/items/${item.id}/defer`, { reason: '材料不全，下次再议' }, clerk, 200);
    });

    test('a file altered on disk is refused rather than sent', async () => {
        const stored = path.join(srv.dataDir, 'files', material.sha256.slice(0, 2), material.sha256);
        const kept = fs.readFileSync(stored);
        fs.writeFileSync(stored, Buffer.concat([kept, Buffer.from('x')]));
        const res = await request(url, 'GET', `/materials/${material.id}/content`, { auth: clerk });
        assert.equal(res.status, 500, res.text);
        assert.equal(res.body.error.code, 'integrity');
        fs.writeFileSync(stored, kept);
        assert.equal((await request(url, 'GET', `/materials/${material.id}/content`, { auth: clerk })).status, 200);
    });
});

describe('a personnel matter\'s material', () => {
    test('is sealed whole in the log, and shows outsiders only that it exists', async () => {
        const m = await matter('拟任村党支部书记人选', 'cadre_appointment');
        const res = await upload(m.id, '考察材料.pdf');
        assert.equal(res.status, 201, res.text);
        assert.equal(res.body.item.personnel, 1);
        const logged = (await record(res.body.event.seq)).payload;
        for (const key of ['name', 'sha256', 'size_bytes', 'media_type']) {
            assert.equal(logged[key], undefined, `${key} is sealed`);
        }
        assert.equal(logged.personnel, 1);
        const listed = (await ok('GET', `/matters/${m.id}/materials`, undefined, member)).items;
        assert.equal(listed[0].name, '考察材料.pdf', 'the township\'s members read it');
    });
});

describe('what may be added', () => {
    test('nothing once the matter is decided; a decided matter shows its materials to the public', async () => {
        const m = await matter('村务公开栏更新', 'routine_affairs', { responsible_id: secretary.user.person_id });
        assert.equal((await upload(m.id, '公开栏样式.pdf')).status, 201);
        await ok('POST', `/matters/${m.id}/decide`, { note: '分管职责内办理' }, secretary, 200);
        await refusedByRule('POST', materialPath(m.id), () => upload(m.id, '迟到的材料.pdf'), 'procedure.matter_decided');
        const shown = await request(url, 'GET', `/matters/${m.id}/materials`);
        assert.equal(shown.status, 200, shown.text);
        assert.equal(shown.body.items[0].name, '公开栏样式.pdf', 'published with the matter');
        assert.equal((await request(url, 'GET', `/materials/${shown.body.items[0].id}/content`)).status, 401);
    });

    test('at most 32 materials a matter; a clerk of another township may not add one', async () => {
        const m = await matter('年度工作计划', 'major_decision', { department_id: department });
        assert.equal((await upload(m.id, 'x.pdf', PDF, otherClerk)).status, 403);
        for (let i = 0; i < 32; i++) {
            const res = await upload(m.id, `附件${i + 1}.pdf`, Buffer.concat([PDF, Buffer.from(`%${i}\n`)]));
            assert.equal(res.status, 201, res.text);
        }
        await refusedByRule('POST', materialPath(m.id), () => upload(m.id, '附件33.pdf'), 'procedure.materials_full');
    });
});

test('probity verify agrees with the materials\' tables', async () => {
    const r = runCli(['verify', '--data', srv.dataDir]);
    assert.equal(r.status, 0, r.stderr);
});
