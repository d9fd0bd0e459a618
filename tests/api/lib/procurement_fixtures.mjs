// Fixtures of the role x endpoint walk (roles.test.mjs) for works and
// purchases (docs/procurement.md), and what the procurement tests build
// on: a project of a routine matter taken through as many pre-control
// steps as asked, bidders with valid credit codes, a tender that closes
// within seconds so that its bids can be opened.
import assert from 'node:assert/strict';

import { creditCode } from './credit_code.mjs';
import { decisionMakers } from './decision_fixtures.mjs';
import { shanghaiDay, unique } from './server.mjs';

const inDays = (d) => new Date(Date.now() + d * 86400e3).toISOString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The makers, as the admin (ok as in decisionMakers): matter(category)
 * registers a matter of Diankou (one routine matter, shared);
 * project({steps, kind, method, amount, matter, deadline, opening})
 * registers a project
 * and takes it through steps of 'design', 'price', 'tender';
 * bidder(name) registers one in Diankou; closedTenders(n, bids) gives n
 * projects whose bids were due a moment ago, each with two bids (or one);
 * openFlags(n) n open red flags; evaluators() registers
 * three evaluators once; opened() gives a project with its bids opened,
 * and advanced(step) one taken on to 'panel', 'evaluated', 'awarded',
 * 'contracted' or 'accepted'.
 */
export async function procurementMakers({ ok, auth }) {
    const { make } = await decisionMakers({ ok, auth });
    const matters = {};
    const closed = [];
    let evaluators = null;
    const maker = {
        async matter(category = 'routine_affairs') {
            return category === 'routine_affairs' ? (matters.routine ??= await make.matter(category)) : make.matter(category);
        },
        async project({
            steps = [],
            kind = 'works',
            method = 'open_tender',
            amount = 60000000,
            matter = null,
            deadline = inDays(21),
            opening = null,
        } = {}) {
            const project = (
                await ok('POST', '/townships/diankou/projects', {
                    matter_id: matter ?? (await maker.matter()),
                    title: unique('巡检工程'),
                    kind,
                    method,
                    amount_fen: amount,
                })
            ).item;
            if (steps.includes('design')) {
                await ok('POST', `/projects/${project.id}/design`, { approved_by: '镇建设办', approved_on: '2026-03-01' }, 200);
            }
            if (steps.includes('price')) {
                await ok(
                    'POST',
                    `/projects/${project.id}/control_price`,
                    { control_price_fen: amount, reviewed_by: '诸暨造价咨询公司', reviewed_on: '2026-03-05' },
                    200,
                );
            }
            if (steps.includes('tender')) {
                const body = { submission_deadline: deadline, ...(opening ? { opening_at: opening } : {}) };
                await ok('POST', `/projects/${project.id}/tender`, body, 200);
            }
            return project.id;
        },
        async bidder(name = unique('巡检建设有限公司')) {
            return (
                await ok('POST', '/townships/diankou/bidders', {
                    name,
                    registration_no: creditCode(),
                    legal_representative: unique('法人'),
                })
            ).item.id;
        },
        /* n open red flags (single bids), by id; as the admin lists them. */
        async openFlags(n) {
            const ids = await maker.closedTenders(n, 1);
            for (const id of ids) {
                await ok('POST', `/projects/${id}/opening`, {}, 200);
            }
            const flags = (await ok('GET', '/townships/diankou/red_flags?status=open&limit=200')).items;
            return flags.filter((f) => ids.includes(f.project_id)).map((f) => f.id);
        },
        async closedTenders(n, bids = 2) {
            const due = new Date(Date.now() + 1500).toISOString();
            const ids = [];
            for (let i = 0; i < n; i++) {
                const id = await maker.project({
                    steps: ['design', 'price', 'tender'],
                    method: 'single_source',
                    amount: 5000000,
                    deadline: due,
                });
                for (const price of [4900000, 4800000].slice(0, bids)) {
                    await ok('POST', `/projects/${id}/bids`, { bidder_id: await maker.bidder(), price_fen: price });
                }
                ids.push(id);
            }
            await sleep(Math.max(0, Date.parse(due) - Date.now() + 50));
            return ids;
        },
        /*
         * A tender opened with bids: each {price, bidder: {...details}} by
         * a bidder registered with those details; the bids due a moment
         * after they are all in. Returns {id, bids (as opened)}.
         */
        async openedWith({ bids, method = 'single_source', amount = 5000000 }) {
            const due = new Date(Date.now() + 1500 + 300 * bids.length).toISOString();
            const id = await maker.project({ steps: ['design', 'price', 'tender'], method, amount, deadline: due });
            for (const bid of bids) {
                const bidder = (
                    await ok('POST', '/townships/diankou/bidders', {
                        name: unique('投标单位'),
                        registration_no: creditCode(),
                        legal_representative: unique('法人'),
                        ...bid.bidder,
                    })
                ).item.id;
                await ok('POST', `/projects/${id}/bids`, { bidder_id: bidder, price_fen: bid.price });
            }
            await sleep(Math.max(0, Date.parse(due) - Date.now() + 50));
            await ok('POST', `/projects/${id}/opening`, {}, 200);
            return { id, bids: (await ok('GET', `/projects/${id}`)).bids };
        },
        async evaluators() {
            evaluators ??= await Promise.all(
                ['赵立新', '钱国平', '孙文华'].map(async (name) =>
                    (await ok('POST', '/townships/diankou/evaluators', { name, employer: '绍兴市建设工程评标专家库', specialty: '市政工程' })).item.id,
                ),
            );
            return evaluators;
        },
        async opened() {
            if (closed.length === 0) {
                closed.push(...(await maker.closedTenders(12)));
            }
            const id = closed.pop();
            await ok('POST', `/projects/${id}/opening`, {}, 200);
            return id;
        },
        async advanced(step) {
            const order = ['panel', 'evaluated', 'awarded', 'contracted', 'accepted'];
            const upTo = (s) => order.indexOf(s) <= order.indexOf(step);
            const id = await maker.opened();
            const { bids } = await ok('GET', `/projects/${id}`);
            const today = shanghaiDay(0);
            if (upTo('panel')) {
                await ok('POST', `/projects/${id}/panel`, { evaluator_ids: await maker.evaluators() }, 200);
            }
            if (upTo('evaluated')) {
                const scores = [];
                for (const bid of bids) {
                    for (const evaluator of await maker.evaluators()) {
                        scores.push({ bid_id: bid.id, evaluator_id: evaluator, criterion: '报价', score: 90 });
                    }
                }
                await ok('POST', `/projects/${id}/evaluation`, { criteria: [{ name: '报价', weight: 100 }], scores }, 200);
            }
            if (upTo('awarded')) {
                await ok('POST', `/projects/${id}/award`, { bid_id: bids[0].id, awarded_on: today }, 200);
            }
            if (upTo('contracted')) {
                const body = { price_fen: bids[0].price_fen, signed_on: today, starts_on: today, ends_on: shanghaiDay(90) };
                await ok('POST', `/projects/${id}/contract`, body, 200);
            }
            if (upTo('accepted')) {
                const body = { accepted_on: today, inspectors: ['周建军', '吴晓燕'], result: 'passed' };
                await ok('POST', `/projects/${id}/acceptance`, body, 200);
            }
            return { id, bids };
        },
    };
    return maker;
}

/** An OCDS 1.1 package of one release with its estimate and control price only: one project, one record. */
function minimalPackage(ocid) {
    return {
        uri: `urn:${ocid}`,
        version: '1.1',
        publishedDate: '2026-05-01T00:00:00+08:00',
        publisher: { name: '诸暨市公共资源交易中心' },
        releases: [
            {
                ocid,
                id: `${ocid}-1`,
                date: '2026-05-01T00:00:00+08:00',
                tag: ['planning'],
                initiationType: 'tender',
                planning: { budget: { amount: { amount: 80000, currency: 'CNY' } } },
                tender: { id: ocid, title: unique('导入的工程'), procurementMethod: 'selective', mainProcurementCategory: 'works', value: { amount: 78000, currency: 'CNY' } },
            },
        ],
    };
}

/** The fixtures keyed by operationId. */
export async function procurementFixtures({ ok, auth }) {
    const maker = await procurementMakers({ ok, auth });
    const opened = await maker.project({ steps: ['design', 'price'] });
    const today = shanghaiDay(0);
    const flags = [];
    return {
        get_townships_tid_projects: { prepare: () => ({ path: '/townships/diankou/projects' }) },
        post_townships_tid_projects: {
            township: 'diankou',
            prepare: async () => ({
                path: '/townships/diankou/projects',
                body: {
                    matter_id: await maker.matter(),
                    title: unique('村道修缮工程'),
                    kind: 'works',
                    method: 'open_tender',
                    amount_fen: 60000000,
                },
            }),
            then: (res) => assert.equal(res.body.event.type, 'project.created'),
        },
        get_projects_id: { prepare: () => ({ path: `/projects/${opened}` }) },
        get_projects_id_ocds: { prepare: () => ({ path: `/projects/${opened}/ocds` }) },
        post_projects_id_design: {
            township: 'diankou',
            prepare: async () => ({
                path: `/projects/${await maker.project()}/design`,
                body: { approved_by: '镇建设办', approved_on: '2026-03-01' },
            }),
        },
        post_projects_id_controlprice: {
            township: 'diankou',
            prepare: async () => ({
                path: `/projects/${await maker.project({ steps: ['design'] })}/control_price`,
                body: { control_price_fen: 58000000, reviewed_by: '诸暨造价咨询公司', reviewed_on: '2026-03-05' },
            }),
        },
        post_projects_id_tender: {
            township: 'diankou',
            prepare: async () => ({
                path: `/projects/${await maker.project({ steps: ['design', 'price'] })}/tender`,
                body: { submission_deadline: inDays(21) },
            }),
        },
        post_projects_id_bids: {
            township: 'diankou',
            prepare: async () => ({
                path: `/projects/${await maker.project({ steps: ['design', 'price', 'tender'] })}/bids`,
                body: { bidder_id: await maker.bidder(), price_fen: 55000000 },
            }),
        },
        post_projects_id_opening: {
            township: 'diankou',
            prepare: async () => {
                const project = (await maker.closedTenders(1))[0];
                return { path: `/projects/${project}/opening`, body: {} };
            },
        },
        post_projects_id_panel: {
            township: 'diankou',
            prepare: async () => ({
                path: `/projects/${await maker.opened()}/panel`,
                body: { size: 3, seed: unique('seed') },
            }),
            then: (res) => assert.equal(res.body.item.panel.length, 3),
        },
        post_projects_id_evaluation: {
            township: 'diankou',
            prepare: async () => {
                const { id, bids } = await maker.advanced('panel');
                const scores = [];
                for (const bid of bids) {
                    for (const evaluator of await maker.evaluators()) {
                        scores.push({ bid_id: bid.id, evaluator_id: evaluator, criterion: '报价', score: 80 });
                    }
                }
                return { path: `/projects/${id}/evaluation`, body: { criteria: [{ name: '报价', weight: 100 }], scores } };
            },
        },
        post_projects_id_award: {
            township: 'diankou',
            prepare: async () => {
                const { id, bids } = await maker.advanced('evaluated');
                return { path: `/projects/${id}/award`, body: { bid_id: bids[0].id, awarded_on: today } };
            },
        },
        post_projects_id_contract: {
            township: 'diankou',
            prepare: async () => {
                const { id, bids } = await maker.advanced('awarded');
                return {
                    path: `/projects/${id}/contract`,
                    body: { price_fen: bids[0].price_fen, signed_on: today, starts_on: today, ends_on: shanghaiDay(90) },
                };
            },
        },
        post_projects_id_changeorders: {
            township: 'diankou',
            prepare: async () => ({
                path: `/projects/${(await maker.advanced('contracted')).id}/change_orders`,
                body: { delta_fen: 120000, reason: '增加排水沟', approved_by: '镇建设办', approved_on: today },
            }),
        },
        post_projects_id_acceptance: {
            township: 'diankou',
            prepare: async () => ({
                path: `/projects/${(await maker.advanced('contracted')).id}/acceptance`,
                body: { accepted_on: today, inspectors: ['周建军', '吴晓燕'], result: 'passed' },
            }),
        },
        post_projects_id_settlement: {
            township: 'diankou',
            prepare: async () => ({
                path: `/projects/${(await maker.advanced('accepted')).id}/settlement`,
                body: { amount_fen: 4850000, settled_on: today, audited_by: '诸暨市审计事务所' },
            }),
        },
        post_townships_tid_ocdsimports: {
            township: 'diankou',
            prepare: async () => ({
                path: `/townships/diankou/ocds_imports?matter_id=${await maker.matter()}`,
                body: Buffer.from(JSON.stringify(minimalPackage(unique('ocds-walk')))),
                headers: { 'Content-Type': 'application/octet-stream' },
            }),
            then: (res) => assert.equal(res.body.item.projects[0].status, 'price_reviewed'),
        },
        get_townships_tid_savings: { prepare: () => ({ path: '/townships/diankou/savings' }) },
        get_townships_tid_redflags: { prepare: () => ({ path: '/townships/diankou/red_flags' }) },
        get_townships_tid_bids: { prepare: async () => ({ path: `/townships/diankou/bids?project_id=${await maker.opened()}` }) },
        post_redflags_id_review: {
            township: 'diankou',
            prepare: async () => {
                if (flags.length === 0) {
                    flags.push(...(await maker.openFlags(12)));
                }
                return { path: `/red_flags/${flags.pop()}/review`, body: { outcome: 'dismissed', reason: '单一来源采购，属正常' } };
            },
        },
        get_townships_tid_evaluators: { prepare: () => ({ path: '/townships/diankou/evaluators' }) },
        post_townships_tid_evaluators: {
            township: 'diankou',
            prepare: () => ({
                path: '/townships/diankou/evaluators',
                body: { name: unique('评委'), employer: '绍兴市建设工程评标专家库', specialty: '造价' },
            }),
        },
        patch_evaluators_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/evaluators/${(await maker.evaluators())[0]}`, body: { specialty: '市政工程' } }),
        },
        get_townships_tid_bidders: { prepare: () => ({ path: '/townships/diankou/bidders' }) },
        post_townships_tid_bidders: {
            township: 'diankou',
            prepare: () => ({
                path: '/townships/diankou/bidders',
                body: {
                    name: unique('巡检建材有限公司'),
                    registration_no: creditCode(),
                    legal_representative: '李卫东',
                    phone: '0575-87000000',
                },
            }),
        },
        patch_bidders_id: {
            township: 'diankou',
            prepare: async () => ({ path: `/bidders/${await maker.bidder()}`, body: { phone: '0575-87111111' } }),
        },
    };
}
