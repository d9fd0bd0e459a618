/*
 * After `vite build`: writes a gzip (.gz) and a Brotli (.br) copy beside
 * every file of dist/ that compresses (scripts, styles, the page, SVG,
 * JSON) and is over 1 KB, with Node's zlib at its highest settings, so
 * that `probity serve --web` sends the smaller one the browser accepts
 * without compressing anything per request (src/http/static.c).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = new URL('../dist/', import.meta.url).pathname;
const TYPES = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
const SMALLEST = 1024;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      yield* files(path);
    } else {
      yield path;
    }
  }
}

let plain = 0;
let brotli = 0;
for (const path of files(DIST)) {
  if (!TYPES.test(path)) {
    continue;
  }
  const bytes = readFileSync(path);
  if (bytes.length < SMALLEST) {
    continue;
  }
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  writeFileSync(`${path}.br`, br);
  plain += bytes.length;
  brotli += br.length;
}
console.log(`compressed ${(plain / 1024).toFixed(0)} KB into ${(brotli / 1024).toFixed(0)} KB (Brotli) beside dist/`);
