/* Tests of schema.js: forms and enumeration labels from an OpenAPI document shaped like the server's (run with `npm test`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandsOf, commandOf, fieldsOf, enumOf, enumLabel, fieldLabel, textIn, fieldApplies, shownFields, toLines, fromLines, PROTOCOL_FIELDS } from './schema.js';

const ID = { minimum: 1, maximum: 9223372036854775807 };

/* Three commands as GET /api/v1/openapi.json declares them, and one route that is no command. */
const DOC = {
  openapi: '3.1.0',
  paths: {
    '/items/{id}/tasks': {
      post: {
        'x-command': 'task.create',
        'x-capability': 'task.write',
        'x-summary-zh': '分解决议的执行任务',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  description: { type: 'string', minLength: 1, maxLength: 2000, title: '任务内容', 'x-title-en': 'description' },
                  department_id: { type: ['integer', 'null'], ...ID, title: '责任部门', 'x-title-en': 'department' },
                  owner_id: { type: 'integer', ...ID, title: '责任人', 'x-title-en': 'owner' },
                  due_date: { type: 'string', format: 'date', title: '完成期限', 'x-title-en': 'due date' },
                  urgent: { type: ['boolean', 'null'], title: '紧急', 'x-title-en': 'urgent' },
                  attachments: { type: ['array', 'null'], maxItems: 32, items: { type: 'string' }, title: '附件', 'x-title-en': 'attachments' },
                  watcher_ids: { type: ['array', 'null'], maxItems: 8, items: { type: 'integer', minimum: 1 }, title: '关注人', 'x-title-en': 'watchers' },
                  revision: { type: 'integer', minimum: 0, title: '版本', 'x-title-en': 'revision' },
                },
                required: ['description', 'owner_id', 'due_date'],
              },
            },
          },
        },
      },
    },
    '/tasks/{id}': {
      get: { summary: 'A task' },
      patch: {
        'x-command': 'task.update',
        'x-capability': 'task.write',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  status: {
                    type: 'string',
                    enum: ['open', 'done'],
                    'x-labels': { open: { 'zh-CN': '未完成', en: 'open' }, done: { 'zh-CN': '已完成', en: 'done' } },
                    title: '状态',
                    'x-title-en': 'status',
                  },
                  note: { type: ['string', 'null'], minLength: 1, maxLength: 2000, title: '进展说明', 'x-title-en': 'note' },
                  due_date: { type: 'string', format: 'date', title: '完成期限', 'x-title-en': 'due date' },
                },
              },
            },
          },
        },
      },
    },
    '/budgets/{id}/lines': {
      post: {
        'x-command': 'budget.add_line',
        'x-capability': 'budget.propose',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  purpose: { type: 'string', minLength: 1, maxLength: 200, title: '用途', 'x-title-en': 'purpose' },
                  amount_fen: { type: 'integer', minimum: -100000, maximum: 100000, title: '金额（分）', 'x-title-en': 'amount (fen)' },
                  starts_at: { type: 'string', format: 'date-time', title: '开始时间', 'x-title-en': 'starts at' },
                  year: { type: 'integer', minimum: 2000, maximum: 2999, title: '年度', 'x-title-en': 'year' },
                  code: { type: 'string', pattern: '^[a-z][a-z0-9_-]{1,39}$', title: '代码', 'x-title-en': 'code' },
                  remarks: { type: 'string', title: '备注', 'x-title-en': 'remarks' },
                  choice: {
                    type: ['string', 'null'],
                    enum: ['agree', 'abstain', null],
                    'x-labels': { agree: { 'zh-CN': '同意', en: 'agree' } },
                    title: '意见',
                    'x-title-en': 'choice',
                  },
                },
                required: ['purpose', 'amount_fen'],
              },
            },
          },
        },
      },
    },
    '/townships': { post: { summary: 'Create a township', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } } } },
    '/memberships': {
      post: {
        'x-command': 'membership.create',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  post_id: { type: 'integer', ...ID, title: '职务', 'x-title-en': 'post', 'x-fixed': true },
                  city_id: { type: 'string', minLength: 1, maxLength: 40, title: '所属城市', 'x-title-en': 'city', 'x-fixed': true },
                  start_date: { type: 'string', format: 'date', title: '起始日期', 'x-title-en': 'start date' },
                },
                required: ['post_id', 'start_date'],
              },
            },
          },
        },
      },
    },
    '/memberships/{id}': {
      patch: {
        'x-command': 'membership.update',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  post_id: { type: 'integer', ...ID, title: '职务', 'x-title-en': 'post', 'x-fixed': true },
                  start_date: { type: 'string', format: 'date', title: '起始日期', 'x-title-en': 'start date' },
                },
              },
            },
          },
        },
      },
    },
  },
};

const byKey = (fields) => Object.fromEntries(fields.map((f) => [f.key, f]));
const people = async () => [{ value: 7, label: '王芳' }];

test('the declared commands are indexed by name, with their method, path and capability', () => {
  const commands = commandsOf(DOC);
  assert.deepEqual([...commands.keys()].sort(), ['POST /townships', 'budget.add_line', 'membership.create', 'membership.update', 'task.create', 'task.update']);
  const create = commandOf(DOC, 'task.create');
  assert.equal(create.method, 'POST');
  assert.equal(create.path, '/items/{id}/tasks');
  assert.equal(create.capability, 'task.write');
  assert.equal(create.summary, '分解决议的执行任务');
  assert.equal(commandOf(DOC, 'task.update').method, 'PATCH');
  assert.throws(() => commandOf(DOC, 'township.create'), /no command "township.create"/);
  /* A route with a body but no declared command goes by its method and path; one without a body is no form. */
  assert.equal(commandOf(DOC, 'POST /townships').path, '/townships');
  assert.equal(commandOf(DOC, 'POST /townships').summary, 'Create a township');
  assert.throws(() => commandOf(DOC, 'GET /tasks/{id}'), /no command/);
  assert.equal(commandsOf(null).size, 0);
});

test('a command\'s fields: names, kinds, required, limits, in the declared order', () => {
  const fields = fieldsOf(DOC, 'task.create', { fields: { department_id: { options: people }, owner_id: { options: people } } });
  /* A list of ids is no form field; the revision is the page's to send. */
  assert.deepEqual(fields.map((f) => f.key), ['description', 'department_id', 'owner_id', 'due_date', 'urgent', 'attachments']);
  const f = byKey(fields);
  assert.equal(f.description.type, 'textarea', 'text longer than 200 characters is a textarea');
  assert.equal(f.description.maxLength, 2000);
  assert.equal(f.description.required, true);
  assert.equal(f.description.nullable, false);
  assert.equal(f.department_id.type, 'select');
  assert.equal(f.department_id.required, false);
  assert.equal(f.department_id.nullable, true, 'a nullable field is sent as null when emptied');
  assert.equal(f.department_id.options, people, 'the page supplies the choices of a reference');
  assert.equal(f.owner_id.required, true);
  assert.equal(f.due_date.type, 'date');
  assert.equal(f.urgent.type, 'switch');
  assert.ok(PROTOCOL_FIELDS.includes('revision'));
});

test('a list of texts is a textarea of one text per line, each trimmed, empty lines dropped', () => {
  const f = byKey(fieldsOf(DOC, 'task.create', { only: ['attachments'] })).attachments;
  assert.equal(f.type, 'textarea');
  assert.equal(f.lines, true);
  assert.equal(f.maxItems, 32);
  assert.equal(f.nullable, true);
  assert.equal(f.note, 'common.onePerLine', 'the form says how to type it');
  assert.deepEqual(f.toApi('  张三 \n\n李四（表兄）\r\n  \n'), ['张三', '李四（表兄）']);
  assert.equal(f.fromApi(['张三', '李四（表兄）']), '张三\n李四（表兄）');
  assert.deepEqual(fromLines(toLines(['a', 'b c'])), ['a', 'b c'], 'both ways');
  assert.equal(toLines(null), '');
  assert.deepEqual(fromLines(''), []);
});

test('text, numbers, amounts in fen and date-times', () => {
  const f = byKey(fieldsOf(DOC, 'budget.add_line'));
  assert.equal(f.purpose.type, 'text', 'text of at most 200 characters is a one-line input');
  assert.equal(f.purpose.maxLength, 200);
  assert.equal(f.year.type, 'number');
  assert.equal(f.year.min, 2000);
  assert.equal(f.year.max, 2999);
  assert.equal(f.year.precision, 0, 'an integer takes no decimals');
  assert.equal(f.starts_at.type, 'datetime');
  assert.equal(f.code.type, 'text', 'a text held to a pattern, without a maxLength, is a one-line input');
  assert.equal(f.remarks.type, 'textarea', 'a text without bounds may be long');
  /* An amount in fen is typed in yuan, and its label says so. */
  const amount = f.amount_fen;
  assert.equal(amount.type, 'number');
  assert.equal(amount.precision, 2);
  assert.equal(amount.min, -1000);
  assert.equal(amount.max, 1000);
  assert.equal(amount.toApi(1234.56), 123456);
  assert.equal(amount.fromApi(123456), 1234.56);
  assert.deepEqual(amount.label, { 'zh-CN': '金额（元）', en: 'Amount (yuan)' });
  assert.deepEqual(fieldLabel(DOC, 'budget.add_line', 'amount_fen'), amount.label);
});

test('labels in both languages: the title in Chinese, x-title-en in English (sentence case)', () => {
  const f = byKey(fieldsOf(DOC, 'task.update'));
  assert.deepEqual(f.due_date.label, { 'zh-CN': '完成期限', en: 'Due date' });
  assert.equal(textIn(f.note.label, 'zh-CN'), '进展说明');
  assert.equal(textIn(f.note.label, 'en'), 'Note');
  assert.equal(textIn({ 'zh-CN': '状态' }, 'en'), '状态', 'Chinese when there is no English');
  assert.equal(textIn('已有文字', 'en'), '已有文字');
  assert.equal(textIn(null, 'en'), '');
});

test('an update requires what cannot be emptied, and nothing else', () => {
  const f = byKey(fieldsOf(DOC, 'task.update'));
  assert.equal(f.status.required, true);
  assert.equal(f.due_date.required, true);
  assert.equal(f.note.required, false);
  assert.equal(f.note.nullable, true);
});

test('enumerations: a select whose options are labelled from x-labels', () => {
  const status = byKey(fieldsOf(DOC, 'task.update')).status;
  assert.equal(status.type, 'select');
  assert.deepEqual(status.options(), [
    { value: 'open', label: { 'zh-CN': '未完成', en: 'Open' } },
    { value: 'done', label: { 'zh-CN': '已完成', en: 'Done' } },
  ]);
  /* null is no choice; a value without labels is shown as itself. */
  assert.deepEqual(enumOf(DOC, 'budget.add_line', 'choice').map((c) => [c.value, c.label['zh-CN'], c.label.en]), [['agree', '同意', 'Agree'], ['abstain', 'abstain', 'Abstain']]);
});

test('enumeration labels for display, in either language', () => {
  assert.equal(enumLabel(DOC, 'task.update', 'status', 'done', 'zh-CN'), '已完成');
  assert.equal(enumLabel(DOC, 'task.update', 'status', 'done', 'en'), 'Done');
  assert.equal(enumLabel(DOC, 'task.update', 'status', 'lost', 'en'), 'lost', 'an undeclared value is shown as is');
  assert.equal(enumLabel(DOC, 'task.update', 'status', null, 'en'), '');
  assert.equal(enumLabel(null, 'task.update', 'status', 'done', 'zh-CN'), 'done', 'the value itself until the document is loaded');
  assert.throws(() => enumOf(DOC, 'task.update', 'note'), /no enumeration "note"/);
});

test('the page chooses, orders and completes the fields', () => {
  const fields = fieldsOf(DOC, 'task.create', {
    only: ['owner_id', 'description'],
    fields: { owner_id: { options: people, hint: 'task.ownerHint' }, description: { label: 'task.description', type: 'text' } },
  });
  assert.deepEqual(fields.map((f) => f.key), ['owner_id', 'description']);
  assert.equal(fields[0].hint, 'task.ownerHint');
  assert.equal(fields[1].label, 'task.description', 'an i18n key replaces the API\'s label');
  assert.equal(fields[1].type, 'text');
  assert.equal(fields[1].maxLength, 2000, 'what the page does not replace stays');
  const offered = byKey(fieldsOf(DOC, 'budget.add_line', { fields: { purpose: { options: async () => [{ value: 'roads', label: '道路' }] } } }));
  assert.equal(offered.purpose.type, 'select', 'a text the page offers choices for is a select');
  const omitted = fieldsOf(DOC, 'task.create', { omit: ['department_id', 'urgent', 'attachments'], fields: { owner_id: { options: people } } });
  assert.deepEqual(omitted.map((f) => f.key), ['description', 'owner_id', 'due_date']);
});

test('mistakes are caught: unknown fields, references without choices, fields no form takes', () => {
  assert.throws(() => fieldsOf(DOC, 'task.create'), /must offer the choices of "department_id"/);
  assert.throws(() => fieldsOf(DOC, 'task.update', { only: ['status', 'colour'] }), /no field "colour"/);
  assert.throws(() => fieldsOf(DOC, 'task.update', { fields: { colour: { hint: 'x' } } }), /no field "colour"/);
  assert.throws(() => fieldsOf(DOC, 'task.create', { only: ['watcher_ids'] }), /cannot take "watcher_ids"/);
  assert.throws(() => fieldLabel(DOC, 'task.update', 'colour'), /no field "colour"/);
});

test('a field fixed at creation (x-fixed): in the create form, marked; not in the update\'s', () => {
  const create = byKey(fieldsOf(DOC, 'membership.create', { fields: { post_id: { options: people }, city_id: { options: people } } }));
  assert.equal(create.post_id.fixed, true, 'FormDialog leaves it out when it edits');
  assert.equal(create.start_date.fixed, undefined);
  const update = fieldsOf(DOC, 'membership.update', { fields: { post_id: { options: people } } });
  assert.deepEqual(update.map((f) => f.key), ['start_date'], 'what the page says of a fixed field is ignored in an update');
  assert.deepEqual(fieldsOf(DOC, 'membership.update').map((f) => f.key), ['start_date'], 'no choices needed for what is not shown');
  assert.throws(() => fieldsOf(DOC, 'membership.update', { only: ['post_id'] }), /"post_id" is fixed/);
});

test('a reference by text id (city_id) is a select whose choices the page gives', () => {
  const cities = async () => [{ value: 'zhuji', label: '诸暨市' }];
  const city = byKey(fieldsOf(DOC, 'membership.create', { fields: { post_id: { options: people }, city_id: { options: cities } } })).city_id;
  assert.equal(city.type, 'select');
  assert.equal(city.options, cities);
  assert.equal(city.required, false);
  assert.throws(() => fieldsOf(DOC, 'membership.create', { fields: { post_id: { options: people } } }), /must offer the choices of "city_id"/);
});

/* A command with fields that apply only while another has certain values (x-when), as matter.create declares its spending terms. */
const SPENDING = { category: ['large_fund', 'major_project'] };
const WHEN_DOC = {
  openapi: '3.1.0',
  paths: {
    '/townships/{tid}/matters': {
      post: {
        'x-command': 'matter.create',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  title: { type: 'string', minLength: 1, maxLength: 200, title: '议题名称', 'x-title-en': 'title' },
                  category: { type: 'string', minLength: 1, maxLength: 32, title: '类别', 'x-title-en': 'category' },
                  department_id: { type: ['integer', 'null'], ...ID, title: '承办部门', 'x-title-en': 'department' },
                  budget_line_id: { type: ['integer', 'null'], ...ID, title: '资金来源预算线', 'x-title-en': 'budget line', 'x-when': SPENDING },
                  spend_from: { type: ['string', 'null'], format: 'date', title: '资金使用起始日', 'x-title-en': 'spending from', 'x-when': SPENDING },
                  spend_until: { type: ['string', 'null'], format: 'date', title: '资金使用截止日', 'x-title-en': 'spending until', 'x-when': SPENDING },
                },
                required: ['title', 'category'],
              },
            },
          },
        },
      },
    },
  },
};

test('a field declared with x-when applies only while the other field has one of its values', () => {
  const choices = async () => [];
  const fields = fieldsOf(WHEN_DOC, 'matter.create', { fields: { department_id: { options: choices }, budget_line_id: { options: choices, note: 'matter.budgetLineNote' } } });
  const f = byKey(fields);
  assert.deepEqual(f.budget_line_id.when, { category: ['large_fund', 'major_project'] });
  assert.deepEqual(f.spend_from.when, SPENDING);
  assert.notEqual(f.spend_from.when, SPENDING, 'a copy, not the description\'s own object');
  assert.equal(f.budget_line_id.note, 'matter.budgetLineNote', 'what the page adds stays with it');
  assert.equal(f.title.when, undefined, 'a field without x-when always applies');
  assert.equal(fieldApplies(f.title, {}), true);

  const keys = (values) => shownFields(fields, values).map((field) => field.key);
  assert.deepEqual(keys({ category: 'large_fund' }), ['title', 'category', 'department_id', 'budget_line_id', 'spend_from', 'spend_until']);
  assert.deepEqual(keys({ category: 'major_project' }), ['title', 'category', 'department_id', 'budget_line_id', 'spend_from', 'spend_until']);
  assert.deepEqual(keys({ category: 'major_decision' }), ['title', 'category', 'department_id'], 'another category hides them');
  assert.deepEqual(keys({ category: null }), ['title', 'category', 'department_id'], 'so does none');
  assert.deepEqual(keys({}), ['title', 'category', 'department_id']);
  assert.deepEqual(keys(null), ['title', 'category', 'department_id']);
  /* Every field a when names must match. */
  assert.equal(fieldApplies({ key: 'x', when: { category: ['large_fund'], kind: ['joint'] } }, { category: 'large_fund', kind: 'joint' }), true);
  assert.equal(fieldApplies({ key: 'x', when: { category: ['large_fund'], kind: ['joint'] } }, { category: 'large_fund', kind: 'committee' }), false);
});

test('a page may drop a field\'s condition; an x-when without a list of values is none', () => {
  const choices = async () => [];
  const always = byKey(fieldsOf(WHEN_DOC, 'matter.create', { fields: { department_id: { options: choices }, budget_line_id: { options: choices, when: null } } }));
  assert.equal(fieldApplies(always.budget_line_id, { category: 'major_decision' }), true);
  const note = { type: 'string', maxLength: 20, title: '备注', 'x-when': { category: 'large_fund' } };
  const body = { content: { 'application/json': { schema: { type: 'object', properties: { note } } } } };
  const doc = { paths: { '/notes': { post: { 'x-command': 'note.create', requestBody: body } } } };
  assert.equal(byKey(fieldsOf(doc, 'note.create')).note.when, undefined);
});
