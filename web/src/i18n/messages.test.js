/* Checks that the zh-CN and English message catalogues have the same keys,
 * and that every record type the server writes has a name in them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zhCN from './zh-CN.js';
import en from './en.js';

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]);
}

test('both languages define every message', () => {
  assert.deepEqual(keys(zhCN).sort(), keys(en).sort());
});

test('no message is empty', () => {
  for (const [name, catalogue] of Object.entries({ zhCN, en })) {
    for (const key of keys(catalogue)) {
      const value = key.split('.').reduce((o, k) => o[k], catalogue);
      assert.ok(typeof value === 'string' && value.trim() !== '', `${name}: ${key}`);
    }
  }
});

test('every message key the source uses exists', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const root = new URL('..', import.meta.url).pathname;
  const files = [];
  async function walk(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (/\.(vue|js)$/.test(entry.name) && !entry.name.endsWith('.test.js')) {
        files.push(path);
      }
    }
  }
  await walk(root);
  const defined = new Set(keys(zhCN));
  const used = new Set();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z_.]+)'/g)) {
      used.add(match[1]);
    }
    for (const match of text.matchAll(/\blabel: '([a-zA-Z_]+\.[a-zA-Z_.]+)'/g)) {
      used.add(match[1]);
    }
    for (const match of text.matchAll(/\bhint: '([a-zA-Z_]+\.[a-zA-Z_.]+)'/g)) {
      used.add(match[1]);
    }
  }
  assert.ok(used.size > 50, 'found the keys in use');
  const missing = [...used].filter((key) => !defined.has(key));
  assert.deepEqual(missing, []);
});

/* The entities (event types "<entity>.<action>") the server's domain
 * declares: `.name = "..."` in an entity descriptor under src/domain/. */
function serverEntities() {
  const root = fileURLToPath(new URL('../../../src/domain/', import.meta.url));
  const names = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith('.c')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^const struct entity \w+ = \{\s*\.name = "(\w+)"/gm)) {
          names.add(m[1]);
        }
      }
    }
  };
  walk(root);
  return [...names].sort();
}

test('every record type the server writes has a name', () => {
  const entities = serverEntities();
  assert.ok(entities.length >= 20 && entities.includes('agenda_item'), `found ${entities.join(', ')}`);
  for (const entity of entities) {
    assert.ok(zhCN.eventEntity[entity], `zh-CN eventEntity.${entity}`);
  }
});
