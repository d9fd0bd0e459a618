// wrk (the HTTP benchmarking tool, a Debian package) run to completion,
// its figures and errors read from its report: for the load test and
// the benchmarks.
import { spawn } from 'node:child_process';

/** Runs wrk to completion; returns its figures and errors. Its clients
 * wait up to 10 s for an answer (a slow answer is measured, its p99
 * reported; one not given in 10 s is an error). */
export function wrk(args) {
    return new Promise((resolve) => {
        const child = spawn('wrk', ['--timeout', '10s', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => {
            const num = (re) => Number(re.exec(out)?.[1] ?? 0);
            resolve({
                code,
                out,
                rate: num(/Requests\/sec:\s+([\d.]+)/),
                requests: num(/(\d+) requests in/),
                non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
                socketErrors: /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/
                    .exec(out)
                    ?.slice(1)
                    .reduce((a, b) => a + Number(b), 0) ?? 0,
                p50: /^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '?',
                p99: /^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '?',
                max: /Latency\s+\S+\s+\S+\s+(\S+)/.exec(out)?.[1] ?? '?',
            });
        });
    });
}

/** Milliseconds of a wrk duration ("812.00us", "1.23ms", "2.01s"), NaN if none. */
export function wrkMs(text) {
    const m = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
    if (!m) {
        return NaN;
    }
    return Number(m[1]) * { us: 1e-3, ms: 1, s: 1e3, m: 6e4 }[m[2]];
}
