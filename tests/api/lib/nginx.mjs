// Debian's nginx for the tests, in a folder of the test's own: one worker,
// no access log, its temporary files and pid in that folder, and the
// test's own server blocks. stop() ends it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const NGINX = '/usr/sbin/nginx';

/**
 * Starts nginx with the configuration lines http (inside its http block)
 * in root (which nginx's worker must be able to read). Returns {child,
 * log(), stop()}.
 */
export function startNginx(root, http) {
    const temp = (name) => `${name} ${path.join(root, name)};`;
    fs.writeFileSync(
        path.join(root, 'nginx.conf'),
        [
            process.getuid() === 0 ? 'user root;' : '',
            'worker_processes 1;',
            `error_log ${path.join(root, 'error.log')} warn;`,
            `pid ${path.join(root, 'nginx.pid')};`,
            'events { worker_connections 256; }',
            'http {',
            '    access_log off;',
            `    ${temp('client_body_temp_path')} ${temp('proxy_temp_path')} ${temp('fastcgi_temp_path')}`,
            `    ${temp('uwsgi_temp_path')} ${temp('scgi_temp_path')}`,
            ...http.map((line) => `    ${line}`),
            '}',
        ].join('\n'),
    );
    const child = spawn(NGINX, ['-p', root, '-c', path.join(root, 'nginx.conf'), '-g', 'daemon off;'], {
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (d) => {
        log += d;
    });
    return {
        child,
        log: () => log,
        async stop() {
            if (child.exitCode === null) {
                const exited = new Promise((r) => child.on('exit', r));
                child.kill('SIGTERM');
                await exited;
            }
        },
    };
}
