// The command line: --version and help, unknown commands, `init` (data
// folder, private key file mode 0600, refusing to overwrite, bad origins),
// `demo` refusing a folder that already has records, `rebuild` (OK after
// the demo, a mismatch naming the table after the query tables are changed
// behind its back), `user add` (password from stdin, or generated and shown
// once; the user then signs in through the API), `key` (the verifier key
// NAME+8HEX+BASE64, matching the private key), and `serve` stopping cleanly
// on SIGINT while a request is still in flight.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { login, onPostgres, rawRequest, repoRoot, request, runCli, sql, startServer, tempDir } from './lib/server.mjs';

const root = tempDir('probity-cli-');
after(() => fs.rmSync(root, { recursive: true, force: true }));

function oneLine(text) {
    const lines = text.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, `expected one line, got: ${JSON.stringify(text)}`);
    return lines[0];
}

/** Runs SQL on data's database (sqlite3 or psql); returns its output. */
function query(data, statements) {
    const r = sql(data, statements);
    assert.equal(r.status, 0, `SQL: ${r.stderr}`);
    return r.stdout.trim();
}

// A blob column as hex, as each database spells it.
const hex = (column) => (onPostgres ? `encode(${column}, 'hex')` : `hex(${column})`);

describe('version, help and unknown commands', () => {
    test('--version prints the version and exits 0', () => {
        const r = runCli(['--version']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^probity \d+\.\d+\.\d+\n$/);
        assert.equal(r.stderr, '');
    });

    test('help lists every command', () => {
        const r = runCli(['help']);
        assert.equal(r.status, 0, r.stderr);
        for (const cmd of ['init', 'demo', 'serve', 'user add', 'rebuild', 'key', 'help', '--version']) {
            assert.ok(r.stdout.includes(`probity ${cmd}`), `help does not mention ${cmd}:\n${r.stdout}`);
        }
    });

    test('help COMMAND prints its usage', () => {
        const r = runCli(['help', 'init']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^usage: probity init --data DIR \[--origin NAME\] \[--db postgresql:\/\/\.\.\.\]\n/);
        assert.ok(!r.stdout.includes('probity serve'), 'help init shows only init');
        const unknown = runCli(['help', 'frobnicate']);
        assert.equal(unknown.status, 2);
        oneLine(unknown.stderr);
    });

    test('an unknown command exits 2 with one line on stderr', () => {
        const r = runCli(['frobnicate']);
        assert.equal(r.status, 2);
        assert.equal(r.stdout, '');
        assert.match(oneLine(r.stderr), /frobnicate/);
    });

    test('no command at all exits 2 with the usage on stderr', () => {
        const r = runCli([]);
        assert.equal(r.status, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /usage:/);
    });

    test('an unknown option exits 2 with one line', () => {
        const r = runCli(['init', '--data', path.join(root, 'never'), '--colour', 'red']);
        assert.equal(r.status, 2);
        assert.match(oneLine(r.stderr), /--colour/);
        assert.ok(!fs.existsSync(path.join(root, 'never')));
    });
});

describe('init', () => {
    const d = path.join(root, 'init');

    test('creates the folder with the database and a private key file of mode 0600', () => {
        const r = runCli(['init', '--data', d, '--origin', 'test.example/node']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(fs.statSync(d).mode & 0o777, 0o700);
        const key = path.join(d, 'node.key');
        assert.equal(fs.statSync(key).mode & 0o777, 0o600);
        assert.match(fs.readFileSync(key, 'utf8'), /^PRIVATE\+KEY\+test\.example\/node\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*\n$/);
        const db = path.join(d, onPostgres ? 'database' : 'probity.db');
        assert.ok(fs.statSync(db).isFile());
        if (onPostgres) {
            assert.equal(fs.statSync(db).mode & 0o777, 0o600, 'the database URI is the owner\'s only');
        }
        assert.equal(query(d, "SELECT value FROM node WHERE key = 'origin'"), 'test.example/node');
        assert.equal(query(d, 'SELECT COUNT(*) FROM events'), '0');
    });

    test('refuses a second time (exit 1, a message) without touching the key', () => {
        const key = path.join(d, 'node.key');
        const before = fs.readFileSync(key);
        const mtime = fs.statSync(key).mtimeMs;
        const r = runCli(['init', '--data', d]);
        assert.equal(r.status, 1);
        assert.match(oneLine(r.stderr), /refusing|not empty/);
        assert.deepEqual(fs.readFileSync(key), before);
        assert.equal(fs.statSync(key).mtimeMs, mtime);
        assert.equal(fs.statSync(key).mode & 0o777, 0o600);
    });

    test('accepts an empty existing folder', () => {
        const empty = path.join(root, 'empty');
        fs.mkdirSync(empty);
        const r = runCli(['init', '--data', empty]);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(fs.existsSync(path.join(empty, 'node.key')));
    });

    test('a bad origin exits 2 and creates nothing', () => {
        for (const [i, origin] of ['a b', 'a+b', '', 'ключ'].entries()) {
            const bad = path.join(root, `bad-origin-${i}`);
            const r = runCli(['init', '--data', bad, '--origin', origin]);
            assert.equal(r.status, 2, `origin ${JSON.stringify(origin)}: ${r.stderr}`);
            oneLine(r.stderr);
            assert.ok(!fs.existsSync(bad), `origin ${JSON.stringify(origin)} left ${bad} behind`);
        }
    });

    test('init without --data exits 2', () => {
        const r = runCli(['init']);
        assert.equal(r.status, 2);
        assert.match(oneLine(r.stderr), /--data/);
    });
});

describe('demo, rebuild, key and user add on one data folder', () => {
    const dir = path.join(root, 'node');
    const data = path.join(dir, 'data');

    test('demo loads the demo into a new folder and prints the logins', () => {
        fs.mkdirSync(dir);
        const r = runCli(['demo', '--data', data]);
        assert.equal(r.status, 0, r.stderr);
        const m = /loaded the Zhuji demo: (\d+) events/.exec(r.stdout);
        assert.ok(m, r.stdout);
        assert.equal(query(data, 'SELECT COUNT(*) FROM events'), m[1]);
        for (const l of ['admin', 'inspector', 'diankou.clerk', 'zhibu.clerk', 'fengqiao.clerk']) {
            assert.ok(r.stdout.includes(l), `${l} missing from:\n${r.stdout}`);
        }
        const logins = runCli(['demo', '--logins']);
        assert.equal(logins.status, 0);
        assert.ok(logins.stdout.includes('zhuji-demo-2026'));
    });

    test('the event record refuses UPDATE and DELETE even through the database\'s own client', () => {
        const before = query(data, 'SELECT COUNT(*) FROM events');
        const body = query(data, `SELECT ${hex('body')} FROM events WHERE seq = 5`);
        for (const change of ["UPDATE events SET actor = 'mallory' WHERE seq = 5", 'DELETE FROM events WHERE seq = 5']) {
            const r = sql(data, change);
            assert.notEqual(r.status, 0, `${change} was allowed`);
            assert.match(r.stderr, /events are append-only/);
        }
        assert.equal(query(data, 'SELECT COUNT(*) FROM events'), before);
        assert.equal(query(data, `SELECT ${hex('body')} FROM events WHERE seq = 5`), body);
    });

    test('demo refuses a folder that already has records (exit 1) and adds nothing', () => {
        const before = query(data, 'SELECT COUNT(*) FROM events');
        const r = runCli(['demo', '--data', data]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        oneLine(r.stderr);
        assert.equal(query(data, 'SELECT COUNT(*) FROM events'), before);
    });

    test('rebuild after the demo exits 0 and says OK', () => {
        const r = runCli(['rebuild', '--data', data]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /\bOK\b/);
        const events = query(data, 'SELECT COUNT(*) FROM events');
        assert.match(r.stdout, new RegExp(`replayed ${events} events`));
        // The scratch database is cleaned up.
        assert.deepEqual(fs.readdirSync(data).filter((f) => f.startsWith('rebuild-')), []);
    });

    test('key prints NAME+8HEX+BASE64, the public half of node.key', () => {
        const r = runCli(['key', '--data', data]);
        assert.equal(r.status, 0, r.stderr);
        const m = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})\n$/.exec(r.stdout);
        assert.ok(m, r.stdout);
        const [, name, id, b64] = m;
        assert.equal(name, 'zhuji.example/demo');
        const raw = Buffer.from(b64, 'base64');
        assert.equal(raw.length, 33);
        assert.equal(raw[0], 0x01, 'Ed25519 key type');
        // The key id: SHA-256(name "\n" 0x01 public key), first four bytes.
        const digest = crypto.createHash('sha256').update(Buffer.concat([Buffer.from(name + '\n'), raw])).digest();
        assert.equal(digest.subarray(0, 4).toString('hex'), id);
        // The public key belongs to the private key in node.key.
        const priv = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+(\S+)\n$/.exec(fs.readFileSync(path.join(data, 'node.key'), 'utf8'));
        assert.ok(priv);
        assert.equal(priv[1], name);
        assert.equal(priv[2], id);
        const seed = Buffer.from(priv[3], 'base64').subarray(1);
        assert.equal(seed.length, 32);
        const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
        const pub = crypto.createPublicKey(crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
        const x = Buffer.from(pub.export({ format: 'jwk' }).x, 'base64url');
        assert.deepEqual(x, raw.subarray(1));
        // Stable across runs.
        assert.equal(runCli(['key', '--data', data]).stdout, r.stdout);
        const missing = runCli(['key', '--data', path.join(root, 'nowhere')]);
        assert.equal(missing.status, 1);
        oneLine(missing.stderr);
    });

    test('user add takes the password from stdin, or generates one shown once; both sign in', async () => {
        const srv = await startServer({ demo: false, dir });
        try {
            const r = runCli(['user', 'add', '--data', data, '--login', 'cli.clerk', '--role', 'clerk', '--township', 'fengqiao'], {
                input: 'cli-password-2026\n',
            });
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout, /added user cli\.clerk \(clerk\)/);
            assert.ok(!r.stdout.includes('cli-password-2026'));
            assert.ok(!/shown once/.test(r.stdout));
            const s = await login(srv.url, 'cli.clerk', 'cli-password-2026');
            assert.equal(s.user.role, 'clerk');
            assert.equal(s.user.township, 'fengqiao');

            const g = runCli(['user', 'add', '--data', data, '--login', 'cli.inspector', '--role', 'commission_inspector'], {
                stdio: ['ignore', 'pipe', 'pipe'],
            });
            assert.equal(g.status, 0, g.stderr);
            const m = /password \(shown once\): (\S+)/.exec(g.stdout);
            assert.ok(m, g.stdout);
            const password = m[1];
            assert.match(password, /^[A-Za-z0-9]{16}$/);
            assert.equal(g.stdout.split(password).length - 1, 1, 'the password is printed once');
            const s2 = await login(srv.url, 'cli.inspector', password);
            assert.equal(s2.user.role, 'commission_inspector');

            const users = await request(srv.url, 'GET', '/users?limit=200', { auth: await login(srv.url, 'admin') });
            assert.ok(users.body.items.some((u) => u.login === 'cli.clerk'));
            assert.ok(users.body.items.some((u) => u.login === 'cli.inspector'));

            // Refusals: taken login (1), bad role and short password (2).
            const taken = runCli(['user', 'add', '--data', data, '--login', 'cli.clerk', '--role', 'admin'], { input: 'another-password\n' });
            assert.equal(taken.status, 1, taken.stderr);
            oneLine(taken.stderr);
            const badRole = runCli(['user', 'add', '--data', data, '--login', 'cli.bad', '--role', 'king'], { input: 'another-password\n' });
            assert.equal(badRole.status, 2, badRole.stderr);
            const short = runCli(['user', 'add', '--data', data, '--login', 'cli.short', '--role', 'admin'], { input: 'short\n' });
            assert.equal(short.status, 2, short.stderr);
            const noTown = runCli(['user', 'add', '--data', data, '--login', 'cli.notown', '--role', 'clerk'], { input: 'another-password\n' });
            assert.equal(noTown.status, 2, noTown.stderr);
            const list = runCli(['user', 'list', '--data', data]);
            assert.equal(list.status, 0, list.stderr);
            assert.match(list.stdout, /cli\.clerk\s+clerk\s+fengqiao/);
            assert.ok(!/cli\.(bad|short|notown)/.test(list.stdout));
        } finally {
            await srv.stop();
        }
        // stop() removed the folder; the remaining tests need their own.
    });
});

describe('demo into an existing empty folder', () => {
    test('loads the demo like init accepts the folder', () => {
        // init accepts an existing empty folder; demo ("into a new data
        // folder") should too, e.g. after `mkdir data`.
        const empty = path.join(root, 'empty-for-demo');
        fs.mkdirSync(empty);
        const r = runCli(['demo', '--data', empty]);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(fs.existsSync(path.join(empty, 'node.key')));
    });
});

describe('rebuild detects query tables changed behind its back', () => {
    test('a changed row makes rebuild exit 1 naming the table', () => {
        const data = path.join(root, 'tampered');
        const r0 = runCli(['demo', '--data', data]);
        assert.equal(r0.status, 0, r0.stderr);
        assert.equal(runCli(['rebuild', '--data', data]).status, 0);
        const original = query(data, 'SELECT name FROM people WHERE id = 1');
        query(data, "UPDATE people SET name='X' WHERE id=1");
        const r = runCli(['rebuild', '--data', data]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        const out = r.stdout + r.stderr;
        assert.match(out, /MISMATCH/);
        assert.match(out, /\b(people|person)\b/, out);
        assert.match(out, /"name":"X"/);
        // Restoring the row restores agreement; a missing row is found too.
        query(data, `UPDATE people SET name='${original}' WHERE id=1`);
        assert.equal(runCli(['rebuild', '--data', data]).status, 0, 'restoring the row restores agreement');
        query(data, 'DELETE FROM villages WHERE id = (SELECT MAX(id) FROM villages)');
        const r2 = runCli(['rebuild', '--data', data]);
        assert.equal(r2.status, 1);
        assert.match(r2.stdout + r2.stderr, /\bvillages?\b/);
    });

    test('rebuild of a folder that is not a data folder exits 1', () => {
        const r = runCli(['rebuild', '--data', path.join(root, 'nowhere')]);
        assert.equal(r.status, 1);
        oneLine(r.stderr);
    });
});

describe('serve', () => {
    test('stops cleanly on SIGINT with exit 0, finishing a request that is in flight', async () => {
        const dir = tempDir();
        const init = runCli(['init', '--data', path.join(dir, 'data')]);
        assert.equal(init.status, 0, init.stderr);
        const srv = await startServer({ demo: false, dir });
        try {
            const body = Buffer.from(JSON.stringify({ login: 'nobody.at.all', password: 'x'.repeat(40) }));
            const head =
                'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
                `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
            let aliveWhenFinished = null;
            const res = await rawRequest(
                srv.url,
                [Buffer.concat([Buffer.from(head), body.subarray(0, 10)]), body.subarray(10)],
                {
                    pauseMs: 700,
                    onSent: async () => {
                        // Headers and part of the body are in; now ask the server to stop.
                        await new Promise((r) => setTimeout(r, 300));
                        srv.child.kill('SIGINT');
                    },
                    onLast: () => {
                        aliveWhenFinished = srv.exitInfo() === null;
                    },
                },
            );
            assert.equal(aliveWhenFinished, true, 'the server waited for the request in flight');
            assert.equal(res.status, 401, res.raw);
            assert.equal(res.body.error.code, 'unauthenticated');
            const { code, signal } = await srv.exited;
            assert.equal(code, 0, `exit ${code ?? signal}; stderr:\n${srv.stderr()}`);
            assert.match(srv.stderr(), /signal 2: stopping/);
            assert.match(srv.stderr(), /stopped/);
        } finally {
            await srv.stop({ signal: null });
        }
    });

    test('serve on a folder that is not a data folder exits 1', () => {
        const r = runCli(['serve', '--data', path.join(root, 'nowhere'), '--listen', '127.0.0.1:0']);
        assert.equal(r.status, 1);
        oneLine(r.stderr);
    });

    test('serve with a bad listen address or thread count exits 2', () => {
        const d = path.join(root, 'init');
        const bad = runCli(['serve', '--data', d, '--listen', 'localhost']);
        assert.equal(bad.status, 2, bad.stderr);
        const threads = runCli(['serve', '--data', d, '--threads', '0']);
        assert.equal(threads.status, 2, threads.stderr);
        // The monitor reads --threads the same way, before opening anything.
        for (const value of ['abc', '65', '']) {
            const r = runCli(['monitor', '--data', d, '--threads', value]);
            assert.equal(r.status, 2, `--threads '${value}': ${r.stderr}`);
            assert.match(r.stderr, /--threads must be 1 to 64/);
        }
    });
});

describe('a data folder made by an earlier release', () => {
    // tests/data/README.md says how it was made.
    const dir = path.join(root, 'earlier');
    const data = path.join(dir, 'data');

    test('verify and rebuild accept it as it is', () => {
        fs.mkdirSync(dir);
        const tarball = path.join(repoRoot, 'tests', 'data', 'demo-4a1becf.tar.xz');
        const x = spawnSync('tar', ['-xJf', tarball, '-C', dir], { encoding: 'utf8' });
        assert.equal(x.status, 0, x.stderr);
        fs.renameSync(path.join(dir, 'olddemo'), data);
        const events = query(data, 'SELECT COUNT(*) FROM events');
        const verify = runCli(['verify', '--data', data]);
        assert.equal(verify.status, 0, verify.stdout + verify.stderr);
        assert.match(verify.stdout, new RegExp(`OK: ${events} events`));
        const rebuild = runCli(['rebuild', '--data', data]);
        assert.equal(rebuild.status, 0, rebuild.stdout + rebuild.stderr);
        assert.match(rebuild.stdout, new RegExp(`replayed ${events} events; \\d+ rows equal`));
    });

    test('the server reads it and records declared commands on it (sealed and published too), and it still verifies', async () => {
        // keep: the folder is checked again after the server stops.
        const srv = await startServer({ demo: false, dir, keep: true });
        try {
            const clerk = await login(srv.url, 'diankou.clerk');
            const tasks = await request(srv.url, 'GET', '/townships/diankou/tasks?status=open', { auth: clerk });
            assert.equal(tasks.status, 200, tasks.text);
            const open = tasks.body.items[0];
            assert.ok(open, 'the demo has open tasks');
            const done = await request(srv.url, 'PATCH', `/tasks/${open.id}`, {
                auth: clerk,
                body: { status: 'done', note: '已完成' },
            });
            assert.equal(done.status, 200, done.text);
            assert.equal(done.body.item.status, 'done');
            // A matter sealed at registration and published as it is decided alone.
            const member = await login(srv.url, 'diankou.member');
            const matter = await request(srv.url, 'POST', '/townships/diankou/matters', {
                auth: member,
                body: { title: '升级后的日常事务', category: 'routine_affairs' },
            });
            assert.equal(matter.status, 201, matter.text);
            const decided = await request(srv.url, 'POST', `/matters/${matter.body.item.id}/decide`, {
                auth: member,
                body: { note: '分管范围内办理' },
            });
            assert.equal(decided.status, 200, decided.text);
            const last = (await request(srv.url, 'GET', `/events?offset=${decided.body.event.seq + 1}&limit=5`)).body.items;
            assert.deepEqual(last.map((e) => e.type), ['publication.created']);
        } finally {
            await srv.stop();
        }
        const verify = runCli(['verify', '--data', data]);
        assert.equal(verify.status, 0, verify.stdout + verify.stderr);
        const rebuild = runCli(['rebuild', '--data', data]);
        assert.equal(rebuild.status, 0, rebuild.stdout + rebuild.stderr);
    });
});
