// The OpenAPI document and the request schemas of the writes, checked with
// real validators and against the server:
//   - GET /api/v1/openapi.json is a valid OpenAPI 3.1 document
//     (@seriousme/openapi-schema-validator, the specification's own schema);
//   - every POST and PATCH has an object request schema whose properties
//     have a type, a title and x-title-en, and whose enums have x-labels in
//     both languages for every value;
//   - every request schema compiles with Ajv (JSON Schema 2020-12, strict,
//     with the date and date-time formats), and every body the role walk
//     sends (lib/walk_fixtures.mjs) matches its operation's schema;
//   - every write refuses bodies built from a valid one with one mistake
//     the schema forbids (an unknown property, a value of another type, too
//     long, too short, out of range, not in the enum, not a date, too many
//     elements, a required property missing) with 422 "invalid" naming the
//     property, and writes nothing; then it accepts the valid body.
// Every write is a declared command (x-command) but for the hand-written
// routes of HAND_WRITTEN, which declare their body's fields on the route.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { ROLES, eventCount, expectError, expectOneWrite, loginAll, request, startServer } from './lib/server.mjs';
import { walkFixtures } from './lib/walk_fixtures.mjs';

// The writes that are not commands (signing in, API tokens and a calendar
// feed's address reply with a cookie or a secret; ending one's sessions
// records nothing): their routes declare their fields instead.
const HAND_WRITTEN = ['POST /session', 'POST /session/calendar', 'POST /session/code', 'POST /session/notices/seen', 'POST /sessions/end', 'POST /tokens'];

const srv = await startServer();
after(() => srv.stop());
const url = srv.url;
const auth = await loginAll(url);
const admin = ROLES.find((r) => r.name === 'admin');
const fixtures = await walkFixtures({ url, auth });

const docRes = await request(url, 'GET', '/openapi.json');
assert.equal(docRes.status, 200, docRes.text);
const doc = docRes.body;

// The writes with a body: {key: "METHOD path", method, path, op, schema};
// those whose body is a file (a material) are fileWrites.
const writes = [];
const fileWrites = [];
for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
        if (method === 'post' || method === 'patch') {
            const content = op.requestBody?.content ?? {};
            const schema = content['application/json']?.schema;
            const key = `${method.toUpperCase()} ${path}`;
            const isFile = Object.values(content).some((c) => c.schema?.format === 'binary');
            (isFile ? fileWrites : writes).push({ key, method: method.toUpperCase(), path, op, schema });
        }
    }
}
const declared = writes;

function isBare(schema) {
    return (
        schema !== null &&
        typeof schema === 'object' &&
        Object.keys(schema).length === 1 &&
        schema.type === 'object'
    );
}

// ---- the document ----

test('GET /api/v1/openapi.json is a valid OpenAPI 3.1 document', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(validator.version, '3.1');
    assert.ok(result.valid, 'the validator found errors:\n' + JSON.stringify(result.errors, null, 2));
});

test('every write declares its body: a command, or one of HAND_WRITTEN', () => {
    const problems = [];
    for (const w of writes.filter((x) => isBare(x.schema))) {
        problems.push(`${w.key}: a bare request schema`);
    }
    const handWritten = writes.filter((w) => !w.op['x-command']).map((w) => w.key);
    assert.deepEqual(handWritten.sort(), [...HAND_WRITTEN].sort(), 'the writes without x-command');
    assert.deepEqual(problems, []);
});

// ---- the request schemas ----

const JSON_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];

function nonEmpty(v) {
    return typeof v === 'string' && v.length > 0;
}

/** The problems of an object schema (the body, or a nested object) at where. */
function objectProblems(schema, where) {
    const problems = [];
    const types = [].concat(schema.type);
    if (!types.includes('object')) {
        problems.push(`${where}: type ${JSON.stringify(schema.type)}, not an object`);
    }
    if (schema.properties === null || typeof schema.properties !== 'object' || Array.isArray(schema.properties)) {
        problems.push(`${where}: no properties`);
        return problems;
    }
    if (schema.additionalProperties !== false) {
        problems.push(`${where}: additionalProperties is not false`);
    }
    for (const name of schema.required ?? []) {
        if (!(name in schema.properties)) {
            problems.push(`${where}: required ${name} is not a property`);
        }
    }
    for (const [name, ps] of Object.entries(schema.properties)) {
        problems.push(...propertyProblems(ps, `${where}.${name}`));
    }
    return problems;
}

/** The problems of one property's schema at where. */
function propertyProblems(ps, where) {
    const problems = [];
    const types = ps.type === undefined ? [] : [].concat(ps.type);
    if (types.length === 0 || types.some((ty) => !JSON_TYPES.includes(ty))) {
        problems.push(`${where}: no type, or an unknown one (${JSON.stringify(ps.type)})`);
    }
    if (!nonEmpty(ps.title)) {
        problems.push(`${where}: no title`);
    }
    if (!nonEmpty(ps['x-title-en'])) {
        problems.push(`${where}: no x-title-en`);
    }
    problems.push(...enumProblems(ps, where));
    if (types.includes('object') && ps.properties !== undefined) {
        problems.push(...objectProblems(ps, where));
    }
    if (types.includes('array')) {
        const items = ps.items;
        if (!items || items.type === undefined) {
            problems.push(`${where}: an array without typed items`);
        } else if (items.properties !== undefined) {
            problems.push(...objectProblems(items, `${where}[]`));
        } else {
            problems.push(...enumProblems(items, `${where}[]`));
        }
    }
    return problems;
}

/** An enum's values must fit the type and each have labels in both languages. */
function enumProblems(ps, where) {
    const problems = [];
    const types = [].concat(ps.type ?? []);
    const labels = ps['x-labels'];
    if (ps.enum === undefined) {
        if (labels !== undefined) {
            problems.push(`${where}: x-labels without an enum`);
        }
        return problems;
    }
    if (!Array.isArray(ps.enum) || ps.enum.length === 0) {
        problems.push(`${where}: an empty enum`);
        return problems;
    }
    for (const v of ps.enum) {
        if (v === null) {
            if (!types.includes('null')) {
                problems.push(`${where}: null in the enum of a type without null`);
            }
            continue;
        }
        if (!types.includes(jsonType(v))) {
            problems.push(`${where}: enum value ${JSON.stringify(v)} is not of its type`);
        }
        const l = labels?.[v];
        if (!nonEmpty(l?.['zh-CN']) || !nonEmpty(l?.en)) {
            problems.push(`${where}: enum value ${JSON.stringify(v)} has no x-labels in zh-CN and en`);
        }
    }
    for (const k of Object.keys(labels ?? {})) {
        if (!ps.enum.includes(k)) {
            problems.push(`${where}: x-labels for ${k}, not in the enum`);
        }
    }
    return problems;
}

test('every POST and PATCH request schema is an object of typed, titled properties with labelled enums', () => {
    assert.ok(declared.length >= 20, `only ${declared.length} declared writes`);
    const problems = [];
    for (const { key, op, schema } of declared) {
        if (!schema) {
            problems.push(`${key}: no application/json request schema`);
            continue;
        }
        if (op.requestBody.required !== true) {
            problems.push(`${key}: the request body is not required`);
        }
        problems.push(...objectProblems(schema, key));
        // A command that takes {} says so: no properties, nothing else allowed.
        if (Object.keys(schema.properties ?? {}).length === 0 && schema.additionalProperties !== false) {
            problems.push(`${key}: no properties, and others are not refused`);
        }
    }
    assert.deepEqual(problems, []);
});

// Ajv, strict: an unknown keyword (a typo) is an error. The extensions the
// document uses ("x-...") are annotations.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
{
    const extensions = new Set();
    const collect = (v) => {
        if (Array.isArray(v)) {
            v.forEach(collect);
        } else if (v !== null && typeof v === 'object') {
            for (const [k, x] of Object.entries(v)) {
                if (k.startsWith('x-')) {
                    extensions.add(k);
                }
                collect(x);
            }
        }
    };
    writes.forEach((w) => collect(w.schema));
    for (const k of extensions) {
        ajv.addKeyword(k);
    }
}
const validators = new Map();
function validatorOf(w) {
    if (!validators.has(w.key)) {
        validators.set(w.key, ajv.compile(w.schema));
    }
    return validators.get(w.key);
}

test('every POST and PATCH request schema compiles as JSON Schema 2020-12', () => {
    const problems = [];
    for (const w of writes) {
        try {
            validatorOf(w);
        } catch (e) {
            problems.push(`${w.key}: ${e.message}`);
        }
    }
    assert.deepEqual(problems, []);
});

// The role walk's request of an operation for a role, made once (anew each time for a
// fixture whose request goes stale): {path, body}.
const prepared = new Map();
async function prepare(w, role) {
    const k = `${w.key} ${role.name}`;
    const fx = fixtures[w.op.operationId];
    if (!prepared.has(k) || fx?.fresh) {
        assert.ok(fx, `no fixture for ${w.op.operationId}: add one to lib/walk_fixtures.mjs`);
        prepared.set(k, await fx.prepare(role, auth[role.name]));
    }
    return prepared.get(k);
}

function ajvErrors(validate) {
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

test("every body the role walk sends matches its operation's request schema", async (t) => {
    for (const w of declared) {
        await t.test(`${w.key} (${w.op.operationId})`, async () => {
            const validate = validatorOf(w);
            for (const role of ROLES) {
                const { path, body } = await prepare(w, role);
                // The server reads a missing body as {}.
                const sent = body ?? {};
                assert.ok(
                    validate(sent),
                    `${role.name} ${w.method} ${path} ${JSON.stringify(sent)}: ${ajvErrors(validate)}`,
                );
            }
        });
    }
});

// ---- refused bodies ----

function jsonType(v) {
    if (v === null) {
        return 'null';
    }
    if (Array.isArray(v)) {
        return 'array';
    }
    if (typeof v === 'number') {
        return Number.isInteger(v) ? 'integer' : 'number';
    }
    return typeof v;
}

function allows(types, v) {
    const ty = jsonType(v);
    return types.includes(ty) || (ty === 'integer' && types.includes('number'));
}

// Values of every JSON type: those a property's type does not allow are
// its wrong-type mistakes.
const SAMPLES = [42, 1.5, 'text', true, {}, [], null];
const UNKNOWN = 'not_a_field';

function show(at) {
    return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i > 0 ? `.${p}` : p)).join('') || '(body)';
}

/** An element that fits a scalar items schema, for arrays the base body lacks. */
function sampleItem(items) {
    const types = [].concat(items?.type ?? []);
    if (types.includes('integer') || types.includes('number')) {
        return items.minimum ?? 1;
    }
    if (types.includes('string') && !items.enum && !items.format) {
        return 'a';
    }
    return undefined;
}

/**
 * The mistakes an object schema forbids, in a body whose value at `at` is
 * value: [{what, at, value | remove, field}]; field is the property the
 * server must name (the innermost one).
 */
function objectMistakes(schema, value, at, partial) {
    const out = [];
    if (schema.additionalProperties === false) {
        const where = [...at, UNKNOWN];
        out.push({ what: `an unknown property ${show(where)}`, at: where, value: 'x', field: UNKNOWN });
    }
    if (!partial) {
        for (const name of schema.required ?? []) {
            const where = [...at, name];
            out.push({ what: `without the required ${show(where)}`, at: where, remove: true, field: name });
        }
    }
    for (const [name, ps] of Object.entries(schema.properties ?? {})) {
        out.push(...valueMistakes(ps, value?.[name], [...at, name], name));
    }
    return out;
}

function valueMistakes(ps, value, at, field) {
    const out = [];
    const types = [].concat(ps.type);
    const add = (what, v) => out.push({ what: `${show(at)} ${what}`, at, value: v, field });
    for (const v of SAMPLES) {
        if (!allows(types, v)) {
            add(`${JSON.stringify(v)} (type ${types.join('|')})`, v);
        }
    }
    if (types.includes('string')) {
        if (ps.maxLength !== undefined) {
            add(`of ${ps.maxLength + 1} characters (maxLength ${ps.maxLength})`, '字'.repeat(ps.maxLength + 1));
        }
        if (ps.minLength > 0) {
            add(`"" (minLength ${ps.minLength})`, '');
            // A reason a rule requires is refused with that rule's id.
            out[out.length - 1].rule = ps['x-rule'];
        }
        if (ps.enum) {
            add('"not_a_choice" (not in the enum)', 'not_a_choice');
        }
        if (ps.format === 'date') {
            add('"2026-02-30" (format date)', '2026-02-30');
            add('"tomorrow" (format date)', 'tomorrow');
        }
        if (ps.format === 'date-time') {
            add('"2026-02-30T09:00:00Z" (format date-time)', '2026-02-30T09:00:00Z');
            add('"tomorrow" (format date-time)', 'tomorrow');
        }
    }
    if (types.includes('integer') || types.includes('number')) {
        // Bounds past what a JSON number can say exactly (the int64 ones) are left out.
        if (ps.maximum !== undefined && Number.isSafeInteger(ps.maximum + 1)) {
            add(`${ps.maximum + 1} (maximum ${ps.maximum})`, ps.maximum + 1);
        }
        if (ps.minimum !== undefined && Number.isSafeInteger(ps.minimum - 1)) {
            add(`${ps.minimum - 1} (minimum ${ps.minimum})`, ps.minimum - 1);
        }
    }
    if (types.includes('array') && ps.items) {
        const items = ps.items;
        const itemTypes = [].concat(items.type);
        const element = Array.isArray(value) && value.length > 0 ? value[0] : sampleItem(items);
        if (ps.maxItems !== undefined && element !== undefined) {
            add(`of ${ps.maxItems + 1} elements (maxItems ${ps.maxItems})`, Array(ps.maxItems + 1).fill(element));
        }
        for (const v of SAMPLES) {
            if (!allows(itemTypes, v)) {
                add(`[${JSON.stringify(v)}] (items of type ${itemTypes.join('|')})`, [v]);
            }
        }
        if (items.minimum !== undefined && Number.isSafeInteger(items.minimum - 1)) {
            add(`[${items.minimum - 1}] (items minimum ${items.minimum})`, [items.minimum - 1]);
        }
        if (items.properties !== undefined && Array.isArray(value) && value.length > 0) {
            out.push(...objectMistakes(items, value[0], [...at, 0], false));
        }
    }
    if (types.includes('object') && ps.properties !== undefined && value !== null && typeof value === 'object') {
        out.push(...objectMistakes(ps, value, at, false));
    }
    return out;
}

/** base with the mistake m (a deep copy). */
function withMistake(base, m) {
    const body = structuredClone(base);
    let o = body;
    for (const p of m.at.slice(0, -1)) {
        o = o[p];
    }
    const last = m.at[m.at.length - 1];
    if (m.remove) {
        delete o[last];
    } else {
        o[last] = m.value;
    }
    return body;
}

for (const w of declared) {
    test(`${w.key} (${w.op['x-command'] ?? 'hand-written'}) refuses bodies its schema forbids, and writes nothing`, async (t) => {
        const validate = validatorOf(w);
        // The admin's valid request from the role walk: an existing object
        // the admin may act on, so that only the body can be refused.
        const prepared = await prepare(w, admin);
        const { path, body } = prepared;
        // A fixture may act as a user of its own (one's own password).
        const as = 'auth' in prepared ? prepared.auth : auth.admin;
        const base = body ?? {};
        assert.ok(validate(base), `the base body does not match the schema: ${ajvErrors(validate)}`);
        const mistakes = objectMistakes(w.schema, base, [], w.method === 'PATCH');
        assert.ok(mistakes.length > 0, 'no mistake to send');
        for (const m of mistakes) {
            await t.test(m.what, async () => {
                const bad = withMistake(base, m);
                assert.equal(validate(bad), false, `the schema accepts ${JSON.stringify(bad)}`);
                const before = await eventCount(url);
                const res = await request(url, w.method, path, { auth: as, body: bad });
                const where = `${w.method} ${path} ${JSON.stringify(bad)}`;
                if (m.rule) {
                    assert.equal(res.status, 422, `${where}: ${res.text}`);
                    assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'field', 'message', 'rule'], where);
                    assert.equal(res.body.error.field, m.field, where);
                    assert.equal(res.body.error.rule, m.rule, where);
                } else {
                    expectError(res, 422, 'invalid', m.field, where);
                }
                assert.equal(await eventCount(url), before, 'a refused body wrote events');
            });
        }
        await t.test('the valid body is accepted', async () => {
            const before = await eventCount(url);
            const res = await request(url, w.method, path, { auth: as, body: base });
            assert.ok(res.status >= 200 && res.status < 300, `${w.method} ${path}: ${res.status} ${res.text}`);
            if (res.body?.event) {
                await expectOneWrite(url, before, `${w.method} ${path}`);
            }
        });
    });
}

// ---- writes whose body is a file ----
//   Their fields are query parameters, their body the file: the
//   description names each accepted type in both languages and the bound;
//   the server refuses a missing or too long parameter (422 naming it), no
//   file (400), a type not accepted (415) and a file over the bound (413),
//   writing nothing.

test('a write whose body is a file names its types and bound, and its parameters', () => {
    assert.ok(fileWrites.length >= 1, 'no write takes a file');
    for (const w of fileWrites) {
        const body = w.op.requestBody;
        assert.equal(body.required, true, w.key);
        assert.ok(Number.isInteger(body['x-max-bytes']) && body['x-max-bytes'] > 0, `${w.key}: x-max-bytes`);
        for (const [type, c] of Object.entries(body.content)) {
            assert.equal(c.schema.format, 'binary', `${w.key} ${type}`);
            assert.match(c['x-title'], /[\u4e00-\u9fff]/, `${w.key} ${type}: x-title`);
            assert.ok(c['x-title-en'], `${w.key} ${type}: x-title-en`);
        }
        for (const p of w.op.parameters.filter((x) => x.in === 'query')) {
            assert.ok(p.schema.title && p.schema['x-title-en'], `${w.key} ?${p.name}: labels`);
        }
    }
});

for (const w of fileWrites) {
    test(`${w.key} (${w.op['x-command']}) refuses a wrong file or parameter, and writes nothing`, async (t) => {
        const prepared = await fixtures[w.op.operationId].prepare(admin, auth.admin);
        const { path, body, headers } = prepared;
        const [bare, query] = path.split('?');
        const params = new URLSearchParams(query);
        const refused = async (what, p, b, status, code, field) => {
            await t.test(what, async () => {
                const before = await eventCount(url);
                const res = await request(url, 'POST', p, { auth: auth.admin, body: b, headers });
                expectError(res, status, code, field, `${what}: ${p}`);
                assert.equal(await eventCount(url), before, 'a refused file wrote events');
            });
        };
        for (const p of w.op.parameters.filter((x) => x.in === 'query')) {
            const without = new URLSearchParams(params);
            without.delete(p.name);
            if (p.required) {
                await refused(`without ?${p.name}`, `${bare}?${without}`, body, 422, 'invalid', p.name);
            }
            if (p.schema.maxLength !== undefined) {
                const long = new URLSearchParams(params);
                long.set(p.name, '字'.repeat(p.schema.maxLength + 1));
                await refused(`?${p.name} too long`, `${bare}?${long}`, body, 422, 'invalid', p.name);
            }
        }
        await refused('an unknown parameter', `${path}&${UNKNOWN}=x`, body, 422, 'invalid', UNKNOWN);
        await refused('no file', path, Buffer.alloc(0), 400, 'bad_request', null);
        await refused('a text file', path, Buffer.from('会议材料\n'), 415, 'unsupported_media_type', null);
        const over = Buffer.alloc(w.op.requestBody['x-max-bytes'] + 1, 0x20);
        body.copy(over);
        await refused('a file over the bound', path, over, 413, 'too_large', null);
        await t.test('the valid file is accepted', async () => {
            const before = await eventCount(url);
            const res = await request(url, 'POST', path, { auth: auth.admin, body, headers });
            assert.equal(res.status, 201, res.text);
            await expectOneWrite(url, before, path);
        });
    });
}

// ---- the answers ----
//   - every entity has a schema (#/components/schemas/<entity>): an object
//     with its names in both languages, its id and columns, each labelled
//     property with both labels and its enums labelled;
//   - every query that names an entity (its 200 answer refers to it) answers,
//     for the role walk's request as the admin, rows its schema describes:
//     they validate, and have no key the schema does not declare;
//   - every write that answers a row ({"item", "event"}) answers one its
//     schema describes.

const SHARED_SCHEMAS = ['Error', 'Page', 'Object', 'Event'];
const entities = Object.entries(doc.components.schemas).filter(([name]) => !SHARED_SCHEMAS.includes(name));

/** schema with its "#/components/schemas/X" references turned into "#/$defs/X" (a copy). */
function localRefs(schema) {
    return JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/$defs/'),
    );
}

const answerAjv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(answerAjv);
{
    const extensions = new Set();
    JSON.stringify(doc, (k, v) => {
        if (k.startsWith('x-')) {
            extensions.add(k);
        }
        return v;
    });
    for (const k of extensions) {
        answerAjv.addKeyword(k);
    }
}
const $defs = localRefs(doc.components.schemas);

/** A validator of schema (which may refer to the components); closed: no undeclared key. */
function answerValidator(schema, { closed = false } = {}) {
    const s = closed ? { type: 'object', allOf: [localRefs(schema)], unevaluatedProperties: false } : localRefs(schema);
    return answerAjv.compile({ ...s, $defs });
}

/** The entity a schema refers to (directly), or null. */
function entityOf(schema) {
    const ref = schema?.$ref ?? '';
    const name = ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : null;
    return name && !SHARED_SCHEMAS.includes(name) ? name : null;
}

// The queries whose answer is rows of an entity: {key, op, path, paged, row}.
const rowQueries = [];
for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.get;
    const schema = op?.responses?.['200']?.content?.['application/json']?.schema;
    if (!op?.['x-query'] || !schema) {
        continue;
    }
    const paged = schema.$ref === '#/components/schemas/Page';
    const row = paged ? schema.properties?.items?.items : schema;
    if (entityOf(row)) {
        rowQueries.push({ key: `GET ${path}`, op, path, paged, row });
    }
}

test('every entity has a schema with its names and labelled columns', () => {
    assert.ok(entities.length >= 20, `only ${entities.length} entity schemas`);
    const problems = [];
    for (const [name, schema] of entities) {
        if (schema.type !== 'object' || !schema.properties?.id) {
            problems.push(`${name}: not an object with an id`);
        }
        if (!nonEmpty(schema.title) || !nonEmpty(schema['x-title-en'])) {
            problems.push(`${name}: no title and x-title-en (the entity's .zh and .en)`);
        }
        for (const [column, ps] of Object.entries(schema.properties ?? {})) {
            if ((ps.title !== undefined || ps['x-title-en'] !== undefined) && (!nonEmpty(ps.title) || !nonEmpty(ps['x-title-en']))) {
                problems.push(`${name}.${column}: a label in one language only`);
            }
            problems.push(...enumProblems(ps, `${name}.${column}`));
        }
    }
    assert.deepEqual(problems, []);
});

test('the lists, and the reads of one record, that answer rows of an entity say so', () => {
    const names = rowQueries.map((q) => q.op['x-query']);
    for (const expected of ['task.list', 'org.village_list', 'org.body_list', 'meeting.list', 'matter.list', 'budget.list']) {
        assert.ok(names.includes(expected), `${expected} has no entity answer schema`);
    }
    assert.ok(rowQueries.filter((q) => q.paged).length >= 12, `only ${rowQueries.length} row queries`);
});

test('every query that answers rows of an entity answers rows its schema describes, and nothing else', async (t) => {
    for (const q of rowQueries) {
        await t.test(`${q.key} (${q.op['x-query']})`, async () => {
            const fx = fixtures[q.op.operationId];
            assert.ok(fx, `no fixture for ${q.op.operationId}`);
            const { path } = await fx.prepare(admin, auth.admin);
            const res = await request(url, 'GET', path, { auth: auth.admin });
            assert.equal(res.status, 200, `GET ${path}: ${res.text}`);
            const rows = q.paged ? res.body.items : [res.body];
            assert.ok(rows.length > 0, `GET ${path} answered no row to check`);
            const validate = answerValidator(q.row, { closed: true });
            for (const row of rows) {
                assert.ok(validate(row), `GET ${path} ${JSON.stringify(row).slice(0, 300)}: ${ajvErrors(validate)}`);
            }
            const whole = answerValidator(q.op.responses['200'].content['application/json'].schema);
            assert.ok(whole(res.body), `GET ${path}: ${ajvErrors(whole)}`);
        });
    }
});

test("every write that answers a row answers one its entity's schema describes", async (t) => {
    const rowWrites = [...writes, ...fileWrites].filter((w) => {
        const ok = w.op.responses[w.op['x-command'] && w.op.responses['201'] ? '201' : '200'];
        return entityOf(ok?.content?.['application/json']?.schema?.properties?.item);
    });
    assert.ok(rowWrites.length >= 20, `only ${rowWrites.length} writes answer a row`);
    for (const w of rowWrites) {
        await t.test(`${w.key} (${w.op['x-command']})`, async () => {
            const status = w.op.responses['201'] ? '201' : '200';
            const validate = answerValidator(w.op.responses[status].content['application/json'].schema);
            const prepared = await fixtures[w.op.operationId].prepare(admin, auth.admin);
            const { path, body, headers } = prepared;
            const as = 'auth' in prepared ? prepared.auth : auth.admin;
            const res = await request(url, w.method, path, { auth: as, body: body ?? {}, headers });
            assert.equal(String(res.status), status, `${w.method} ${path}: ${res.text}`);
            assert.ok(validate(res.body), `${w.method} ${path} ${JSON.stringify(res.body).slice(0, 300)}: ${ajvErrors(validate)}`);
        });
    }
});

// ---- the names the web app shows ----
//   The web app keeps no copy of the server's names: an agenda item's,
//   budget's and adjustment's statuses, a matter's categories (the
//   rulebook's: an open set, whose known values the description names with
//   "x-value-labels") and the roles of users come from the description, and
//   the signed-in user's role from GET /session as well.

const ITEM_STATUSES = ['notified', 'in_session', 'voting', 'passed', 'rejected', 'deferred', 'withdrawn'];
const BUDGET_STATUSES = ['draft', 'adopted', 'rejected'];
const USER_ROLES = [...new Set(ROLES.map((r) => r.role).filter((r) => r !== 'public'))];

/** The problems of labels ({value: {"zh-CN", en}}) naming each of values in both languages. */
function labelProblems(labels, values, where) {
    const problems = [];
    for (const v of values) {
        const l = labels?.[v];
        if (!nonEmpty(l?.['zh-CN']) || !/[\u4e00-\u9fff]/.test(l['zh-CN']) || !nonEmpty(l?.en)) {
            problems.push(`${where}: ${v} is not named in zh-CN and en (${JSON.stringify(l)})`);
        }
    }
    return problems;
}

/** The schema of the rows query x-query answers (a page's items, or the one object). */
function rowSchemaOf(name) {
    const q = rowQueries.find((r) => r.op['x-query'] === name);
    assert.ok(q, `${name} answers no entity's rows`);
    return q.row;
}

/** The answer of a GET as the admin. */
async function read(p) {
    const res = await request(url, 'GET', p, { auth: auth.admin });
    assert.equal(res.status, 200, `GET ${p}: ${res.text}`);
    return res.body;
}

test("the description names every agenda item status, budget status, rulebook category and user role in both languages", async () => {
    const schemas = doc.components.schemas;
    const problems = [];
    const enumOf = (ps, values, where) => {
        const declared = (ps?.enum ?? []).filter((v) => v !== null);
        if (JSON.stringify(declared) !== JSON.stringify(values)) {
            problems.push(`${where}: enum ${JSON.stringify(declared)}, not ${JSON.stringify(values)}`);
        }
        problems.push(...labelProblems(ps?.['x-labels'], values, where));
    };
    enumOf(schemas.agenda_item.properties.status, ITEM_STATUSES, 'agenda_item.status');
    enumOf(schemas.budget.properties.status, BUDGET_STATUSES, 'budget.status');
    enumOf(schemas.budget_adjustment.properties.status, ['adopted', 'rejected'], 'budget_adjustment.status');
    enumOf(rowSchemaOf('budget_line.get').properties.budget_status, BUDGET_STATUSES, 'budget_line.get budget_status');
    enumOf(schemas.user.properties.role, USER_ROLES, 'user.role');
    const create = writes.find((w) => w.op['x-command'] === 'user.create');
    enumOf(create.schema.properties.role, USER_ROLES, 'user.create role');

    // The categories of the rulebooks in force, the city's and a township's.
    const categories = new Set();
    for (const p of ['/rulebook', '/rulebook?township=diankou']) {
        Object.keys((await read(p)).in_force.document.categories).forEach((c) => categories.add(c));
    }
    assert.ok(categories.size >= 8, [...categories].join(', '));
    const matterCreate = writes.find((w) => w.op['x-command'] === 'matter.create');
    for (const [where, ps] of [
        ['matter.category', schemas.matter.properties.category],
        ['matter.create category', matterCreate.schema.properties.category],
    ]) {
        if (ps.enum !== undefined) {
            problems.push(`${where}: an enum (the rulebook decides which categories there are)`);
        }
        problems.push(...labelProblems(ps['x-value-labels'], [...categories], where));
    }

    // Every "x-value-labels" of the document names its values in both languages.
    JSON.stringify(doc, (k, v) => {
        if (k === 'x-value-labels') {
            problems.push(...labelProblems(v, Object.keys(v), 'x-value-labels'));
        }
        return v;
    });
    assert.deepEqual(problems, []);
});

test('the statuses and categories the answers carry are those the description names', async () => {
    const schemas = doc.components.schemas;
    const items = schemas.agenda_item.properties.status['x-labels'];
    const categories = schemas.matter.properties.category['x-value-labels'];
    const problems = [];
    const seen = { items: new Set(), categories: new Set(), budgets: new Set() };
    const meetings = (await read('/townships/diankou/meetings?limit=200')).items;
    for (const m of meetings.slice(0, 20)) {
        for (const item of (await read(`/meetings/${m.id}`)).items) {
            seen.items.add(item.status);
            seen.categories.add(item.category);
        }
    }
    for (const m of (await read('/townships/diankou/matters?limit=200')).items) {
        seen.categories.add(m.category);
    }
    for (const b of (await read('/townships/diankou/budgets')).items) {
        seen.budgets.add(b.status);
        for (const s of (await read(`/budgets/${b.id}`)).matters ?? []) {
            seen.categories.add(s.category);
            if (s.item_status) {
                seen.items.add(s.item_status);
            }
        }
    }
    for (const v of seen.items) {
        if (!items[v]) {
            problems.push(`agenda item status ${v} is not named`);
        }
    }
    for (const v of seen.categories) {
        if (!categories[v]) {
            problems.push(`category ${v} is not named`);
        }
    }
    for (const v of seen.budgets) {
        if (!schemas.budget.properties.status['x-labels'][v]) {
            problems.push(`budget status ${v} is not named`);
        }
    }
    assert.ok(seen.items.size >= 2 && seen.categories.size >= 3 && seen.budgets.size >= 1, JSON.stringify({ ...seen }, (k, v) => (v instanceof Set ? [...v] : v)));
    assert.deepEqual(problems, []);
});

test("GET /session names the signed-in user's role as the description does", async () => {
    const roles = doc.components.schemas.user.properties.role['x-labels'];
    for (const r of ROLES.filter((x) => x.login)) {
        const res = await request(url, 'GET', '/session', { auth: auth[r.name] });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.user.role, r.role);
        assert.deepEqual(res.body.role_label, roles[r.role], `${r.name}: role_label`);
    }
});
