// PostgreSQL servers of a test's own, for the replica and fail-over tests:
// a primary and its hot standby, each a throwaway server of
// scripts/pg-scratch on a Unix socket in its folder; psql as the servers'
// superuser; a server killed as a machine would die.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from './server.mjs';

const SCRATCH = path.join(repoRoot, 'scripts', 'pg-scratch');

function scratch(args) {
    const r = spawnSync(SCRATCH, args, { encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 0, `pg-scratch ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
}

/** The URI of the "probity" database of the server in dir, with extra
 * parameters (application_name, …). */
export function uriOf(dir, extra = '') {
    return `postgresql:///probity?host=${dir}&user=probity${extra}`;
}

/** Runs SQL as the superuser of the server in dir; returns its output. */
export function psqlAdmin(dir, statements, db = 'postgres') {
    const r = spawnSync('psql', [`postgresql:///${db}?host=${dir}&user=postgres`, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', statements], {
        encoding: 'utf8',
    });
    assert.equal(r.status, 0, `psql: ${r.stderr}`);
    return r.stdout.trim();
}

/**
 * Starts a primary in primaryDir and its hot standby in standbyDir, the
 * standby synchronous (synchronous_standby_names '*', set once it
 * streams, as the primary could commit nothing before), started with
 * standbyOptions ('-c', 'name=value', …).
 */
export function startPair(primaryDir, standbyDir, standbyOptions = []) {
    // The servers' user (nobody, under root) must reach their folders.
    for (const d of [primaryDir, standbyDir]) {
        fs.chmodSync(path.dirname(d), 0o755);
    }
    scratch(['start', primaryDir]);
    scratch(['standby', primaryDir, standbyDir, ...standbyOptions]);
    psqlAdmin(primaryDir, "ALTER SYSTEM SET synchronous_standby_names = '*'");
    psqlAdmin(primaryDir, 'SELECT pg_reload_conf()');
    const until = Date.now() + 30000;
    while (psqlAdmin(primaryDir, "SELECT COUNT(*) FROM pg_stat_replication WHERE sync_state = 'sync'") !== '1') {
        assert.ok(Date.now() < until, 'the standby never became synchronous');
        spawnSync('sleep', ['0.1']);
    }
}

/** Kills the server in dir and every process of it with SIGKILL. */
export function killServer(dir) {
    const pid = fs.readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0];
    const children = spawnSync('pgrep', ['-P', pid], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    // All at once, so that the postmaster cannot notice a child's death
    // and begin its own recovery.
    spawnSync('kill', ['-KILL', pid, ...children]);
}

/** Starts the server in dir (one of its own, for the test). */
export function startServer(dir) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.chmodSync(path.dirname(dir), 0o755);
    return scratch(['start', dir]);
}

/** Stops the server in dir at once and starts it again (it recovers
 * from its WAL). */
export function restartServer(dir) {
    scratch(['restart', dir]);
}

/** Makes the standby in dir a primary. */
export function promote(dir) {
    scratch(['promote', dir]);
}

/** Stops the server in dir (if it runs) and removes dir. */
export function stopServer(dir) {
    scratch(['stop', dir]);
}
