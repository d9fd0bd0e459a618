// The production set-up of docs/deployment.md, run for real: Debian's
// nginx with the repository's deploy/nginx/probity.conf (only its ports,
// certificate and upstream address changed) in front of `probity serve
// --trusted-proxy 127.0.0.1`, over TLS with a certificate made here.
// Through it: answers carry one HSTS header; the session cookie is
// __Host- and Secure; probity sees each client's own address (a client
// connecting from 127.0.0.5, whatever X-Forwarded-For it sends itself);
// a body over the limit is refused by nginx; plain HTTP is redirected;
// the record feed streams.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot, runCli, tempDir } from './lib/server.mjs';
import { freePort, serveNode, waitFor } from './lib/monitor.mjs';
import { startNginx } from './lib/nginx.mjs';

const root = tempDir('probity-deploy-');
let probity;
let nginx;
let tlsPort;
let plainPort;
let ca;

before(async () => {
    fs.chmodSync(root, 0o755); // nginx's workers read the certificate
    const r = spawnSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
        '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
        '-keyout', path.join(root, 'tls.key'), '-out', path.join(root, 'tls.pem'),
    ], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    ca = fs.readFileSync(path.join(root, 'tls.pem'));
    const data = path.join(root, 'data');
    assert.equal(runCli(['init', '--data', data, '--origin', 'test.example/deploy']).status, 0);
    const u = runCli(['user', 'add', '--data', data, '--login', 'deploy.admin', '--role', 'admin'], {
        input: 'deploy-admin-password\n',
    });
    assert.equal(u.status, 0, u.stderr);
    const upstream = await freePort();
    probity = await serveNode(data, upstream, ['--trusted-proxy', '127.0.0.1']);
    tlsPort = await freePort();
    plainPort = await freePort();
    const site = fs
        .readFileSync(path.join(repoRoot, 'deploy/nginx/probity.conf'), 'utf8')
        .replace('listen 443 ssl http2;', `listen 127.0.0.1:${tlsPort} ssl http2;`)
        .replace('listen 80;', `listen 127.0.0.1:${plainPort};`)
        .replace('/etc/ssl/certs/probity.pem', path.join(root, 'tls.pem'))
        .replace('/etc/ssl/private/probity.key', path.join(root, 'tls.key'))
        .replace('server 127.0.0.1:8080;', `server 127.0.0.1:${upstream};`);
    fs.writeFileSync(path.join(root, 'probity.conf'), site);
    nginx = startNginx(root, [`include ${path.join(root, 'probity.conf')};`]);
    await waitFor(async () => (await get('/api/v1/health').catch(() => null))?.status === 200, `nginx to answer; ${nginx.log()}`);
});

after(async () => {
    await nginx?.stop();
    await probity?.stop();
    fs.rmSync(root, { recursive: true, force: true });
});

/** An HTTPS request through nginx from localAddress; {status, headers, body}. */
function get(p, { method = 'GET', headers = {}, body, localAddress = '127.0.0.1', firstBytes = false } = {}) {
    return new Promise((resolve, reject) => {
        const req = https.request(
            { host: '127.0.0.1', servername: 'localhost', port: tlsPort, path: p, method, headers, ca, localAddress },
            (res) => {
                let text = '';
                res.setEncoding('utf8');
                res.on('data', (d) => {
                    text += d;
                    if (firstBytes) {
                        req.destroy();
                        resolve({ status: res.statusCode, headers: res.headers, body: text });
                    }
                });
                res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
            },
        );
        req.on('error', (e) => (firstBytes ? null : reject(e)));
        req.end(body);
    });
}

const signIn = (password, extra = {}) =>
    get('/api/v1/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...extra.headers },
        body: JSON.stringify({ login: 'deploy.admin', password }),
        localAddress: extra.localAddress,
    });

test('answers over TLS carry one HSTS header and the security headers', async () => {
    const res = await get('/api/v1/health');
    assert.equal(res.status, 200);
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.headers['content-security-policy'], /frame-ancestors 'none'/);
});

test('the session cookie is __Host- and Secure, and the session works through the proxy', async () => {
    const res = await signIn('deploy-admin-password');
    assert.equal(res.status, 200, res.body);
    const cookie = res.headers['set-cookie'].find((c) => c.startsWith('__Host-probity_session='));
    assert.match(cookie, /; Secure$/);
    const me = await get('/api/v1/session', { headers: { Cookie: cookie.split(';')[0] } });
    assert.equal(me.status, 200, me.body);
    assert.equal(JSON.parse(me.body).user.login, 'deploy.admin');
});

test("probity sees the client's own address, not one the client claims", async () => {
    const res = await signIn('wrong-password-here', {
        localAddress: '127.0.0.5',
        headers: { 'X-Forwarded-For': '198.51.100.66' },
    });
    assert.equal(res.status, 401);
    const line = await waitFor(
        () =>
            probity
                .stderr()
                .split('\n')
                .filter((l) => l.startsWith('{'))
                .map((l) => JSON.parse(l))
                .find((l) => l.event === 'login.failed'),
        'the failed sign-in in the security log',
    );
    assert.equal(line.address, '127.0.0.5');
});

test('a body over the limit is refused by nginx with HSTS; plain HTTP is redirected', async () => {
    const big = await get('/api/v1/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: 'x', password: 'y'.repeat(100 * 1024) }),
    });
    assert.equal(big.status, 413);
    assert.equal(big.headers['strict-transport-security'], 'max-age=31536000');
    const plain = await fetch(`http://127.0.0.1:${plainPort}/api/v1/health`, { redirect: 'manual' });
    assert.equal(plain.status, 301);
    assert.match(plain.headers.get('location'), /^https:\/\//);
});

test("a matter's material of several megabytes passes nginx to probity, which judges it", async () => {
    // 3 MB, unsigned in: probity (not nginx's 413) answers, in its own words.
    const res = await get('/api/v1/matters/1/materials?name=plan.pdf', {
        method: 'POST',
        headers: { 'Content-Type': 'application/pdf' },
        body: Buffer.alloc(3 * 1024 * 1024, 0x25),
    });
    assert.notEqual(res.status, 413, res.body);
    assert.match(JSON.parse(res.body).error.code, /^(unauthenticated|forbidden|csrf)$/);
    // Past probity's own bound, nginx refuses it first.
    const huge = await get('/api/v1/matters/1/materials?name=huge.pdf', {
        method: 'POST',
        headers: { 'Content-Type': 'application/pdf' },
        body: Buffer.alloc(22 * 1024 * 1024, 0x25),
    });
    assert.equal(huge.status, 413);
});

test('the record feed streams through the proxy', async () => {
    const res = await get('/api/v1/feed?from=0', { firstBytes: true });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/event-stream');
    assert.match(res.body, /^(event|id|:)/m);
});
