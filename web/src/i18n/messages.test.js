/* Checks the message catalogues as the app assembles them (catalogues.js):
 * zh-CN and English have the same keys, every key the source uses exists,
 * each top-level group is defined in one place only (the shared file or one
 * area), every record type the server writes has a name (in its
 * declaration, which the API's description gives the pages), and the
 * roles, statuses and categories the catalogues no longer copy are named
 * by the server (as the tests' sample of its description names them). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, allCatalogues } from './catalogues.js';
import { BUDGET_STATUSES, CATEGORIES, ITEM_STATUSES, USER_ROLES } from '../labelsTestDoc.js';

/* A CJK ideograph: a name in Chinese has one. */
const CJK = /[\u4e00-\u9fff]/;

/* Every area's texts, those that come with their pages too. */
const { sources: SOURCES, messages } = await allCatalogues();
const zhCN = messages['zh-CN'];
const en = messages.en;

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]);
}

test('both languages define every message', () => {
  assert.deepEqual(keys(zhCN).sort(), keys(en).sort());
});

test('no top-level group is defined by two areas (or by an area and the shared file)', () => {
  for (const locale of LOCALES) {
    const owner = new Map();
    for (const [source, texts] of Object.entries(SOURCES)) {
      for (const group of Object.keys(texts[locale])) {
        assert.ok(!owner.has(group), `${locale}: ${group} is defined by ${owner.get(group)} and by ${source}`);
        owner.set(group, source);
      }
    }
  }
});

test('each area defines the same groups in both languages', () => {
  for (const [source, texts] of Object.entries(SOURCES)) {
    assert.deepEqual(Object.keys(texts.en).sort(), Object.keys(texts['zh-CN']).sort(), source);
  }
});

test('every area folder is listed in areas/index.js', () => {
  const root = fileURLToPath(new URL('../areas/', import.meta.url));
  const folders = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.deepEqual(folders.sort(), Object.keys(SOURCES).filter((name) => name !== 'shared').sort());
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
 * declares, with their names: ENTITY(var, "name", ..., .zh = "...",
 * .en = "...") under src/ (record/entity.h). The log's pages name a record
 * type by its entity's name in the API's description (entities.js). */
function serverEntities() {
  const root = fileURLToPath(new URL('../../../src/', import.meta.url));
  const entities = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith('.c')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^ENTITY\(\s*\w+,\s*"(\w+)"([^;]*)\);/gm)) {
          const zh = /\.zh = "([^"]+)"/.exec(m[2]);
          const en = /\.en = "([^"]+)"/.exec(m[2]);
          entities.set(m[1], { zh: zh && zh[1], en: en && en[1] });
        }
      }
    }
  };
  walk(root);
  return entities;
}

test('every record type the server writes has a name', () => {
  const entities = serverEntities();
  assert.ok(entities.size >= 20 && entities.has('agenda_item'), `found ${[...entities.keys()].join(', ')}`);
  for (const [entity, names] of entities) {
    assert.ok(names.zh && names.en, `${entity}: .zh and .en in its ENTITY declaration`);
  }
  assert.equal(zhCN.eventEntity, undefined, 'the catalogues keep no copy of the names');
});

/* What the server's source declares, as [value, zh-CN, English] rows:
 * the `struct choice` table `name` of a C file under src/, or the rows of
 * an X-macro table of a header. */
function serverSource(path) {
  return readFileSync(fileURLToPath(new URL(`../../../src/${path}`, import.meta.url)), 'utf8');
}
function choiceTable(path, name) {
  const text = serverSource(path);
  const start = text.indexOf(`${name}[] = {`);
  assert.ok(start >= 0, `${path} declares ${name}`);
  const body = text.slice(start, text.indexOf('};', start));
  return [...body.matchAll(/\{"(\w+)", "([^"]+)", "([^"]+)"\}/g)].map((m) => m.slice(1));
}
function macroRows(path, macro, row) {
  const text = serverSource(path);
  const start = text.indexOf(`#define ${macro}(X)`);
  assert.ok(start >= 0, `${path} defines ${macro}`);
  const end = text.indexOf('\n\n', start);
  return [...text.slice(start, end < 0 ? undefined : end).matchAll(row)].map((m) => m.slice(1));
}
const pairs = (rows) => Object.fromEntries(rows.map(([value, zh, en]) => [value, [zh, en]]));

test('the catalogues keep no copy of what the server names: roles, statuses, categories', () => {
  for (const catalogue of [zhCN, en]) {
    for (const group of ['roles', 'itemStatus', 'budgetStatus', 'category']) {
      assert.equal(catalogue[group], undefined, `${group}: the API's description (and GET /session) name them`);
    }
  }
});

test('the server names them in both languages, as the tests\' sample of its description does', () => {
  const roles = macroRows('record/actor.h', 'ROLE_TABLE', /X\(\w+, "(\w+)", \d, "([^"]+)", "([^"]+)"\)/g)
    .filter(([role]) => role !== 'public');
  const categories = macroRows('rules/rulebook.h', 'RULEBOOK_CATEGORY_NAMES', /X\("(\w+)", "([^"]+)", "([^"]+)"\)/g);
  const items = choiceTable('areas/meeting/entities.c', 'item_statuses');
  const budgets = choiceTable('areas/budget/entities.c', 'budget_statuses');
  for (const rows of [roles, categories, items, budgets]) {
    assert.ok(rows.length >= 3, JSON.stringify(rows));
    for (const [value, zh, english] of rows) {
      assert.ok(CJK.test(zh) && /^[a-z][a-z ]*$/.test(english), `${value}: "${zh}", "${english}"`);
    }
  }
  assert.deepEqual(pairs(roles), USER_ROLES);
  assert.deepEqual(pairs(categories), CATEGORIES);
  assert.deepEqual(pairs(items), ITEM_STATUSES);
  assert.deepEqual(pairs(budgets), BUDGET_STATUSES);
});
