/* Tests of session.js: can() answers from the capabilities the server gives with the session, and the security notices come and go (run with `npm test`). */
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { session, can, dismissNotices, loadSession, login, loginWithCode, logout } from './session.js';

const realFetch = globalThis.fetch;

/* Answers every request with `status` and `body` (JSON). */
function answer(status, body) {
  globalThis.fetch = async () => new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

const CLERK = {
  user: { id: 3, login: 'diankou.clerk', role: 'clerk', township: 'diankou', person_id: null },
  capabilities: { 'public.read': '*', 'org.write': 'diankou', 'meeting.manage': 'diankou', 'task.write': 'diankou' },
  csrf_token: 'pc_test',
};

const ADMIN = {
  user: { id: 1, login: 'admin', role: 'admin', township: null, person_id: null },
  capabilities: { 'org.write': '*', 'township.admin': '*', 'rulebook.admin': '*', 'meeting.manage': '*' },
  csrf_token: 'pc_admin',
};

test('a capability held in one township holds there only', async () => {
  answer(200, CLERK);
  await loadSession();
  assert.equal(session.user.login, 'diankou.clerk');
  assert.equal(can('meeting.manage', 'diankou'), true);
  assert.equal(can('meeting.manage', 'zhibu'), false, 'not in another township');
  assert.equal(can('meeting.manage'), false, 'not where no township is named');
  assert.equal(can('meeting.manage', ''), false);
  assert.equal(can('budget.write', 'diankou'), false, 'not a capability the user lacks');
  assert.equal(can('township.admin'), false);
});

test('a capability held anywhere ("*") holds in every township and outside them', async () => {
  answer(200, ADMIN);
  await login('admin', 'secret');
  assert.equal(can('org.write', 'diankou'), true);
  assert.equal(can('org.write', 'fengqiao'), true);
  assert.equal(can('township.admin'), true);
  assert.equal(can('rulebook.admin'), true);
  assert.equal(can('congress.record', 'diankou'), false);
});

test('an anonymous visitor, or one signed out, may do nothing', async () => {
  answer(200, CLERK);
  await loadSession();
  answer(204, null);
  await logout();
  assert.equal(session.user, null);
  assert.deepEqual(session.capabilities, {});
  assert.equal(can('meeting.manage', 'diankou'), false);
  answer(401, { error: { code: 'unauthenticated', message: '请先登录' } });
  await loadSession();
  assert.equal(can('public.read'), false);
});

test('a session answered without capabilities grants none', async () => {
  answer(200, { user: CLERK.user, csrf_token: 'pc_old' });
  await loadSession();
  assert.equal(session.user.login, 'diankou.clerk');
  assert.equal(can('org.write', 'diankou'), false);
});

test('signing in with two-factor sign-in on answers for a code first, then the code signs in', async () => {
  answer(200, CLERK);
  await logout().catch(() => {});
  const sent = [];
  globalThis.fetch = async (url, init) => {
    sent.push({ url: String(url), body: init && init.body ? JSON.parse(init.body) : null });
    const path = String(url);
    const body = path.endsWith('/session') && init && init.method === 'POST'
      ? { code_required: true, ticket: 'pv_ticket', expires_in: 300 }
      : { ...CLERK, grantable_roles: ['clerk'] };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const first = await login('diankou.clerk', 'secret');
  assert.deepEqual(first, { codeRequired: true, ticket: 'pv_ticket' });
  assert.equal(session.user, null, 'no session before the code');
  const user = await loginWithCode('pv_ticket', '123456');
  assert.equal(user.login, 'diankou.clerk');
  assert.deepEqual(sent.find((r) => r.url.endsWith('/session/code')).body, { ticket: 'pv_ticket', code: '123456' });
  assert.deepEqual(session.grantableRoles, ['clerk']);
  answer(204, null);
  await logout();
  assert.deepEqual(session.grantableRoles, []);
});

test('security notices come with the session, and go once the user has seen them', async () => {
  const notice = { id: 7, kind: 'code_replayed', at: '2026-12-07T10:00:00Z', address: '203.0.113.45' };
  answer(200, { ...CLERK, notices: [notice] });
  await loadSession();
  assert.deepEqual(session.notices, [notice]);
  const sent = [];
  globalThis.fetch = async (url, init) => {
    sent.push({ url: String(url), method: init && init.method, body: init && init.body ? JSON.parse(init.body) : null });
    return new Response(JSON.stringify({ seen: 1 }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  await dismissNotices();
  assert.deepEqual(session.notices, []);
  assert.equal(sent.length, 1);
  assert.ok(sent[0].url.endsWith('/session/notices/seen'));
  assert.equal(sent[0].method, 'POST');
  /* Refused (a session that ended): the notices stay until the server has them seen. */
  answer(200, { ...CLERK, notices: [notice] });
  await loadSession();
  answer(403, { error: { code: 'forbidden', message: '禁止' } });
  await assert.rejects(dismissNotices());
  assert.deepEqual(session.notices, [notice]);
  answer(204, null);
  await logout();
  assert.deepEqual(session.notices, []);
});
