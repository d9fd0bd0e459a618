// Fixtures of the role x endpoint walk (roles.test.mjs) for works and
// purchases (docs/procurement.md), and what the procurement tests build
// on: a project of a routine matter taken through as many pre-control
// steps as asked, bidders with valid credit codes, a tender that closes
// within seconds so that its bids can be opened.
import assert from 'node:assert/strict';

import { creditCode } from './credit_code.mjs';
import { decisionMakers } from './decision_fixtures.mjs';
import { unique } from './server.mjs';

const inDays = (d) => new Date(Date.now() + d * 86400e3).toISOString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The makers, as the admin (ok as in decisionMakers): matter(category)
 * registers a matter of Diankou (one routine matter, shared);
 * project({steps, kind, method, amount, matter, deadline, opening})
 * registers a project
 * and takes it through steps of 'design', 'price', 'tender';
 * bidder(name) registers one in Diankou; closedTenders(n) gives n projects whose
 * bids were due a moment ago, each with one bid.
 */
export async function procurementMakers({ ok, auth }) {
    const { make } = await decisionMakers({ ok, auth });
    const matters = {};
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
                    legal_representative: '王建国',
                })
            ).item.id;
        },
        async closedTenders(n) {
            const due = new Date(Date.now() + 1500).toISOString();
            const ids = [];
            for (let i = 0; i < n; i++) {
                const id = await maker.project({
                    steps: ['design', 'price', 'tender'],
                    method: 'single_source',
                    amount: 5000000,
                    deadline: due,
                });
                await ok('POST', `/projects/${id}/bids`, { bidder_id: await maker.bidder(), price_fen: 4900000 });
                ids.push(id);
            }
            await sleep(Math.max(0, Date.parse(due) - Date.now() + 50));
            return ids;
        },
    };
    return maker;
}

/** The fixtures keyed by operationId. */
export async function procurementFixtures({ ok, auth }) {
    const maker = await procurementMakers({ ok, auth });
    const opened = await maker.project({ steps: ['design', 'price'] });
    const closed = [];
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
                if (closed.length === 0) {
                    closed.push(...(await maker.closedTenders(12)));
                }
                return { path: `/projects/${closed.pop()}/opening`, body: {} };
            },
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
