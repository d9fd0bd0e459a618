// Shared helpers for the HTTP API tests: start a real probity server over a
// fresh demo data folder, sign in, send JSON requests (cookie + CSRF token or
// bearer token), send raw bytes over a socket, read the event count, and
// assert the one error shape.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const apiDir = fileURLToPath(new URL('../', import.meta.url));
export const BIN = process.env.PROBITY_BIN
    ? path.resolve(process.env.PROBITY_BIN)
    : path.join(repoRoot, 'build', 'probity');

export const PASSWORD = 'zhuji-demo-2026';
export const API = '/api/v1';

// The roles of the role walk: name, the role's identifier in x-roles, the
// demo login (null: anonymous) and the user's township.
export const ROLES = [
    { name: 'public', role: 'public', login: null, township: null },
    { name: 'clerk@diankou', role: 'clerk', login: 'diankou.clerk', township: 'diankou' },
    { name: 'clerk@zhibu', role: 'clerk', login: 'zhibu.clerk', township: 'zhibu' },
    { name: 'member', role: 'member', login: 'diankou.member', township: 'diankou' },
    { name: 'secretary', role: 'secretary', login: 'diankou.secretary', township: 'diankou' },
    {
        name: 'discipline_secretary',
        role: 'discipline_secretary',
        login: 'diankou.discipline',
        township: 'diankou',
    },
    { name: 'department_head', role: 'department_head', login: 'diankou.head', township: 'diankou' },
    {
        name: 'congress_officer',
        role: 'congress_officer',
        login: 'diankou.congress',
        township: 'diankou',
    },
    { name: 'township_admin', role: 'township_admin', login: 'diankou.admin', township: 'diankou' },
    { name: 'commission_inspector', role: 'commission_inspector', login: 'inspector', township: null },
    { name: 'admin', role: 'admin', login: 'admin', township: null },
];

// The PostgreSQL server the suite runs on (PROBITY_TEST_PG: the URI of
// its maintenance database, as scripts/pg-scratch gives it), or null on
// SQLite. On PostgreSQL every data folder a test makes gets a database of
// its own on that server.
const PG = process.env.PROBITY_TEST_PG || null;
export const onPostgres = PG !== null;
let databases = 0;

/** The URI of database name on the suite's PostgreSQL server. */
function pgUri(name) {
    const u = new URL(PG);
    u.pathname = '/' + name;
    return u.toString();
}

/** Runs SQL with psql on the database at uri; returns its unaligned output. */
function psql(uri, statements) {
    const r = spawnSync('psql', [uri, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', statements], { encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A new database on the suite's PostgreSQL server (a copy of template
 * when given); returns its URI. */
function createDatabase(template = null) {
    const name = `t${process.pid}_${++databases}`;
    const r = psql(PG, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    if (r.status !== 0) {
        throw new Error(`cannot create database ${name}: ${r.stderr}`);
    }
    return pgUri(name);
}

/**
 * Runs SQL on the database of data folder dataDir (sqlite3 on its file, or
 * psql on its PostgreSQL database); returns {status, stdout, stderr}.
 */
export function sql(dataDir, statements) {
    const uriFile = path.join(dataDir, 'database');
    if (fs.existsSync(uriFile)) {
        return psql(fs.readFileSync(uriFile, 'utf8').trim(), statements);
    }
    const r = spawnSync('sqlite3', [path.join(dataDir, 'probity.db'), statements], { encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Copies data folder src to dst, its database with it: on PostgreSQL a
 * new database made from src's (no one may be connected to it then).
 */
export function copyData(src, dst) {
    fs.cpSync(src, dst, { recursive: true, errorOnExist: true });
    const uriFile = path.join(src, 'database');
    if (fs.existsSync(uriFile)) {
        const source = new URL(fs.readFileSync(uriFile, 'utf8').trim()).pathname.slice(1);
        fs.writeFileSync(path.join(dst, 'database'), createDatabase(source) + '\n', { mode: 0o600 });
    }
}

/**
 * Makes the demo's data folder at dataDir: a copy of the suite's demo
 * (PROBITY_DEMO_DATA, made once by scripts/test with the binary under
 * test: loading the demo's year of records is the slowest part of starting
 * a server under the sanitizers; on PostgreSQL its database is copied too,
 * from PROBITY_DEMO_DB), else `probity demo`. Returns runCli's
 * {status, stdout, stderr}.
 */
export function makeDemo(dataDir) {
    const template = process.env.PROBITY_DEMO_DATA;
    if (template) {
        fs.cpSync(template, dataDir, { recursive: true, errorOnExist: true });
        if (PG) {
            const uri = createDatabase(process.env.PROBITY_DEMO_DB);
            fs.writeFileSync(path.join(dataDir, 'database'), uri + '\n', { mode: 0o600 });
        }
        return { status: 0, stdout: '', stderr: '' };
    }
    return runCli(['demo', '--data', dataDir]);
}

/** Runs the probity binary to completion; returns {status, stdout, stderr}.
 * On PostgreSQL, init and demo making a data folder get a new database. */
export function runCli(args, options = {}) {
    if (PG && ['init', 'demo'].includes(args[0]) && args.includes('--data') && !args.includes('--db')) {
        args = [...args, '--db', createDatabase()];
    }
    // Bounded, but with room for the demo's 23,000 records under the
    // sanitizers on a busy 2-core machine.
    const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 180000, ...options });
    if (r.error) {
        throw r.error;
    }
    return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A fresh temporary folder; the caller removes it. */
export function tempDir(prefix = 'probity-api-') {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// The running servers' stderr by URL, to explain failed requests.
const servers = new Map();
// Servers not stopped yet (child -> its folder): killed and removed when the
// test process exits, so that a file failing before its after() hook runs
// leaves no server or folder behind.
const children = new Map();
process.on('exit', () => {
    for (const [child, root] of children) {
        child.kill('SIGKILL');
        fs.rmSync(root, { recursive: true, force: true });
    }
});

/**
 * Starts `probity serve` over dataDir (loading the demo first unless
 * demo is false), with the extra serve arguments args. Returns {url, api, dataDir, dir, child, stderr(), securityLog(), stop()}.
 * stop() sends SIGTERM, waits, asserts exit code 0 and removes the folder
 * (unless keep: the caller checks it afterwards and removes it).
 */
export async function startServer({ demo = true, dir = null, threads = null, keep = false, args: extra = [] } = {}) {
    const root = dir ?? tempDir();
    const dataDir = path.join(root, 'data');
    if (demo) {
        const r = makeDemo(dataDir);
        if (r.status !== 0) {
            if (dir === null) {
                fs.rmSync(root, { recursive: true, force: true });
            }
            throw new Error(`probity demo exited ${r.status}: ${r.stderr}`);
        }
    }
    const args = ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'];
    if (threads) {
        args.push('--threads', String(threads));
    }
    args.push(...extra);
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.set(child, root);
    // A watchdog outside this process: if the test process dies without
    // stopping the server (a file failing at the top level can be ended
    // abruptly), it kills the server and removes the folder it made.
    const cleanup = dir === null ? `rm -rf '${root}'` : ':';
    const watchdog = spawn(
        '/bin/sh',
        [
            '-c',
            `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.5; done; ` +
                `kill -KILL ${child.pid} 2>/dev/null; ${cleanup}`,
        ],
        { stdio: 'ignore', detached: true },
    );
    watchdog.unref();
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
        stderr += d;
    });
    child.stdout.setEncoding('utf8');
    const exited = new Promise((resolve) => {
        child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    let exitInfo = null;
    let stopping = false;
    let url;
    exited.then((e) => {
        exitInfo = e;
        if (!stopping && url !== undefined && e.code !== 0) {
            // A crash mid-test: say so, with what the server said.
            process.stderr.write(
                `probity serve exited unexpectedly (${e.code ?? e.signal}); stderr:\n${stderr}\n`,
            );
        }
    });
    const started = new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`the server did not start in time; stderr:\n${stderr}`));
        }, 30000);
        child.stdout.on('data', (d) => {
            stdout += d;
            const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
            if (m) {
                clearTimeout(timer);
                resolve(m[1]);
            }
        });
        exited.then(({ code, signal }) => {
            clearTimeout(timer);
            reject(new Error(`the server exited (${code ?? signal}) before listening; stderr:\n${stderr}`));
        });
    });
    try {
        url = await started;
    } catch (e) {
        child.kill('SIGKILL');
        watchdog.kill('SIGKILL');
        children.delete(child);
        if (dir === null) {
            fs.rmSync(root, { recursive: true, force: true });
        }
        throw e;
    }
    let stopped = false;
    servers.set(url, () => stderr);
    return {
        url,
        api: url + API,
        dataDir,
        dir: root,
        child,
        stderr: () => stderr,
        // The security log's lines so far (docs/security.md), parsed.
        securityLog: () =>
            stderr
                .split('\n')
                .filter((l) => l.startsWith('{'))
                .map((l) => JSON.parse(l)),
        exitInfo: () => exitInfo,
        exited,
        // signal null: do not signal, only wait for the exit (already signalled).
        async stop({ signal = 'SIGTERM' } = {}) {
            if (stopped) {
                return;
            }
            stopped = true;
            stopping = true;
            if (exitInfo === null && signal) {
                child.kill(signal);
            }
            const { code, signal: sig } = await exited;
            servers.delete(url);
            children.delete(child);
            watchdog.kill('SIGKILL');
            try {
                assert.equal(code, 0, `the server exited with ${code ?? sig}; stderr:\n${stderr}`);
            } finally {
                if (!keep) {
                    fs.rmSync(root, { recursive: true, force: true });
                }
            }
        },
    };
}

function withApi(url, p) {
    if (/^https?:\/\//.test(p)) {
        return p;
    }
    return url + (p.startsWith('/api') ? p : API + p);
}

/**
 * Sends one request. auth: null (anonymous), {cookie, csrf} (session; its
 * CSRF token is sent unless the csrf option overrides it: null sends none,
 * a string sends that instead) or {token} (bearer).
 * body: an object (sent as JSON) or a string (sent as is). stream: the
 * answer never ends (Server-Sent Events); read its first bytes only.
 * Returns {status, headers, text, body} (body: parsed JSON or null).
 */
export async function request(url, method, p, { auth = null, body, headers = {}, csrf, stream = false } = {}) {
    const h = { ...headers };
    if (auth?.token) {
        h.Authorization = `Bearer ${auth.token}`;
    } else if (auth?.cookie) {
        h.Cookie = auth.cookie;
        const token = csrf === undefined ? auth.csrf : csrf;
        if (token) {
            h['X-CSRF-Token'] = token;
        }
    }
    let payload;
    if (body !== undefined) {
        payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
        if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
            h['Content-Type'] = 'application/json';
        }
    }
    let res;
    const abort = new AbortController();
    const send = () => fetch(withApi(url, p), { method, headers: h, body: payload, signal: abort.signal });
    try {
        try {
            res = await send();
        } catch (e) {
            // A kept-alive connection the server closed while this process was
            // busy (a long synchronous CLI run) fails the next request sent on
            // it: a read is idempotent, so it is sent again, on a new
            // connection, as HTTP clients do (RFC 9110, 9.2.2).
            if (method !== 'GET' || !['UND_ERR_SOCKET', 'ECONNRESET'].includes(e.cause?.code)) {
                throw e;
            }
            res = await send();
        }
    } catch (e) {
        const err = servers.get(url);
        throw new Error(
            `${method} ${p}: ${e.message} (${e.cause?.code ?? ''})` +
                (err ? `; server stderr:\n${err()}` : ''),
            { cause: e },
        );
    }
    if (stream && res.ok) {
        // An endless answer (Server-Sent Events): read the first bytes, then hang up.
        const reader = res.body.getReader();
        const first = await reader.read();
        abort.abort();
        const text = first.value ? Buffer.from(first.value).toString('utf8') : '';
        return { status: res.status, headers: res.headers, text, body: null };
    }
    const text = await res.text();
    let parsed = null;
    try {
        parsed = text ? JSON.parse(text) : null;
    } catch {
        parsed = null;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
}

/**
 * Signs in; returns {cookie, csrf, user, setCookie}. A busy server's 503
 * (its sign-in lane full, as a loaded machine under the sanitizers may
 * make it) is tried again after its Retry-After, as a client would.
 */
export async function login(url, loginName, password = PASSWORD) {
    let res;
    let text;
    for (let attempt = 0; ; attempt++) {
        res = await fetch(withApi(url, '/session'), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ login: loginName, password }),
        });
        text = await res.text();
        if (res.status !== 503 || attempt === 3) {
            break;
        }
        const wait = Number(res.headers.get('Retry-After')) || 1;
        await new Promise((r) => setTimeout(r, wait * 1000));
    }
    assert.equal(res.status, 200, `login ${loginName}: ${res.status} ${text}`);
    const body = JSON.parse(text);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('probity_session='));
    assert.ok(setCookie, `login ${loginName}: no session cookie`);
    const cookie = setCookie.split(';')[0];
    return { cookie, csrf: body.csrf_token, user: body.user, setCookie };
}

/** Signs every demo role of ROLES in, one after another; returns {roleName: auth} (public: null). */
export async function loginAll(url) {
    const out = {};
    for (const r of ROLES) {
        out[r.name] = r.login ? await login(url, r.login) : null;
    }
    return out;
}

/** The number of event records, from GET /health. */
export async function eventCount(url) {
    const res = await request(url, 'GET', '/health');
    assert.equal(res.status, 200, res.text);
    assert.equal(typeof res.body.events, 'number');
    return res.body.events;
}

/**
 * Asserts that a write recorded one event, at index before, and besides it
 * only the publications its procedure made (publication.created: sealed
 * parts a finalised meeting or a matter decided alone publishes).
 */
export async function expectOneWrite(url, before, what = '') {
    const after = await eventCount(url);
    assert.ok(after >= before + 1, `${what}: one write, one event`);
    if (after > before + 1) {
        const res = await request(url, 'GET', `/events?offset=${before + 1}&limit=${Math.min(200, after - before - 1)}`);
        assert.equal(res.status, 200, res.text);
        for (const e of res.body.items) {
            assert.equal(e.type, 'publication.created', `${what}: one write, one event (and the publications it makes)`);
        }
    }
}

/**
 * Asserts res is the one error shape {"error":{"code","message","field"}}
 * with status and code; field is checked when given (null included).
 */
export function expectError(res, status, code, field, note = '') {
    const where = `${note ? note + ': ' : ''}${res.status} ${res.text}`;
    assert.equal(res.status, status, where);
    assert.ok(res.body && typeof res.body === 'object', `not JSON: ${where}`);
    assert.deepEqual(Object.keys(res.body), ['error'], where);
    assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'field', 'message'], where);
    assert.equal(res.body.error.code, code, where);
    assert.equal(typeof res.body.error.message, 'string', where);
    assert.ok(res.body.error.message.length > 0, where);
    assert.ok(
        res.body.error.field === null || typeof res.body.error.field === 'string',
        `field must be a string or null: ${where}`,
    );
    if (field !== undefined) {
        assert.equal(res.body.error.field, field, where);
    }
}

/** Asserts a write's answer {"item","event":{"seq","type","time",...}}; returns the event. */
export function expectEvent(res, status, type, seq) {
    const where = `${res.status} ${res.text}`;
    assert.equal(res.status, status, where);
    assert.ok(res.body?.item, `no item: ${where}`);
    const ev = res.body.event;
    assert.ok(ev, `no event: ${where}`);
    for (const k of ['seq', 'time', 'type']) {
        assert.ok(k in ev, `the event has no ${k}: ${where}`);
    }
    assert.ok(Number.isInteger(ev.seq), where);
    assert.match(ev.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, where);
    if (type !== undefined) {
        assert.equal(ev.type, type, where);
    }
    if (seq !== undefined) {
        assert.equal(ev.seq, seq, where);
    }
    return ev;
}

/**
 * Sends raw bytes (a string, Buffer or array of chunks written with
 * pauseMs between them; onSent runs after the first chunk, onLast just
 * before the last) and reads until the server closes the connection.
 * Returns {status, headers, body, raw, closedWithoutResponse, error}.
 */
export function rawRequest(url, chunks, { pauseMs = 0, timeoutMs = 15000, onSent, onLast } = {}) {
    const { hostname, port } = new URL(url);
    const parts = Array.isArray(chunks) ? chunks : [chunks];
    return new Promise((resolve) => {
        const sock = net.connect({ host: hostname, port: Number(port) });
        const received = [];
        let done = false;
        let error = null;
        const finish = () => {
            if (done) {
                return;
            }
            done = true;
            clearTimeout(timer);
            sock.destroy();
            resolve(parseResponse(Buffer.concat(received), error));
        };
        const timer = setTimeout(() => {
            error = error ?? new Error('timed out');
            finish();
        }, timeoutMs);
        sock.on('data', (d) => received.push(d));
        sock.on('error', (e) => {
            error = e;
        });
        sock.on('close', finish);
        sock.on('connect', async () => {
            for (let i = 0; i < parts.length; i++) {
                if (sock.destroyed) {
                    break;
                }
                if (i > 0 && i + 1 === parts.length && onLast) {
                    onLast();
                }
                sock.write(parts[i]);
                if (pauseMs > 0 && i + 1 < parts.length) {
                    if (i === 0 && onSent) {
                        await onSent();
                    }
                    await new Promise((r) => setTimeout(r, pauseMs));
                }
            }
        });
    });
}

function parseResponse(raw, error) {
    const headEnd = raw.indexOf('\r\n\r\n');
    if (headEnd < 0) {
        return {
            status: null,
            headers: {},
            body: null,
            text: '',
            raw: raw.toString('utf8'),
            closedWithoutResponse: true,
            error,
        };
    }
    const lines = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
    const headers = {};
    for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) {
            headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
    }
    let bodyBytes = raw.subarray(headEnd + 4);
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
        const out = [];
        let rest = bodyBytes;
        for (;;) {
            const nl = rest.indexOf('\r\n');
            if (nl < 0) {
                break;
            }
            const size = parseInt(rest.subarray(0, nl).toString('latin1'), 16);
            if (!size) {
                break;
            }
            out.push(rest.subarray(nl + 2, nl + 2 + size));
            rest = rest.subarray(nl + 2 + size + 2);
        }
        bodyBytes = Buffer.concat(out);
    }
    const text = bodyBytes.toString('utf8');
    let body = null;
    try {
        body = JSON.parse(text);
    } catch {
        body = null;
    }
    return {
        status: m ? Number(m[1]) : null,
        headers,
        body,
        text,
        raw: raw.toString('utf8'),
        closedWithoutResponse: false,
        error,
    };
}

/** A counter for unique names within one test file. */
let counter = 0;
/** The date (YYYY-MM-DD) in Asia/Shanghai `days` from now. */
export function shanghaiDay(days = 0) {
    return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

/** What a spending matter (large funds, a major project) authorises
 * besides its amount: its department's spending from today for half a
 * year. */
export function spendingTerms(departmentId) {
    return { department_id: departmentId, spend_from: shanghaiDay(0), spend_until: shanghaiDay(180) };
}

export function unique(prefix = 'u') {
    counter += 1;
    return `${prefix}${process.pid}x${counter}`;
}
