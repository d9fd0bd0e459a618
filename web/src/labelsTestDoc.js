/*
 * For the tests of the names the server gives what the catalogues do not
 * copy (labels.test.js, the rulebook's tests): a part of GET
 * /api/v1/openapi.json as the server describes it. The statuses of agenda
 * items, budgets and budget adjustments (entity schemas, and budget.list
 * and budget_line.get, which answer them), a matter's categories (an open
 * set: `x-value-labels` names the built-in rulebook's) and the roles of
 * users (user.create). i18n/messages.test.js checks that these names are
 * those of the server's source.
 */
const labels = (pairs) => Object.fromEntries(Object.entries(pairs).map(([value, [zh, en]]) => [value, { 'zh-CN': zh, en }]));
const nullable = (type, rest = {}) => ({ type: [type, 'null'], ...rest });
const status = (pairs) => nullable('string', { title: '状态', 'x-title-en': 'status', enum: [...Object.keys(pairs), null], 'x-labels': labels(pairs) });

export const ITEM_STATUSES = {
  notified: ['已通知', 'notified'],
  in_session: ['审议中', 'in session'],
  voting: ['表决中', 'voting'],
  passed: ['通过', 'passed'],
  rejected: ['未通过', 'rejected'],
  deferred: ['暂缓', 'deferred'],
  withdrawn: ['已撤回（会议取消）', 'withdrawn with its meeting'],
};
export const BUDGET_STATUSES = {
  draft: ['草案', 'draft'],
  adopted: ['已批准', 'adopted'],
  rejected: ['未批准', 'rejected'],
};
export const CATEGORIES = {
  major_decision: ['重大决策', 'major decision'],
  cadre_appointment: ['干部任免', 'cadre appointment'],
  major_project: ['重大项目', 'major project'],
  large_fund: ['大额资金使用', 'use of large funds'],
  budget_adjustment: ['预算调整', 'budget adjustment'],
  personnel_minor: ['一般人事事项', 'minor personnel matter'],
  procurement_minor: ['一般采购', 'minor procurement'],
  routine_affairs: ['日常事务', 'routine affairs'],
};
export const USER_ROLES = {
  clerk: ['文书', 'clerk'],
  member: ['班子成员', 'committee member'],
  secretary: ['党委书记', 'party secretary'],
  discipline_secretary: ['纪委书记', 'discipline secretary'],
  department_head: ['部门负责人', 'department head'],
  congress_officer: ['人大工作人员', 'congress officer'],
  township_admin: ['乡镇系统管理员', 'township administrator'],
  commission_inspector: ['市纪委监察员', 'commission inspector'],
  admin: ['系统管理员', 'administrator'],
};

const agenda_item = {
  type: 'object',
  title: '议程议题',
  'x-title-en': 'agenda item',
  properties: { id: { type: 'integer' }, matter_id: nullable('integer'), status: status(ITEM_STATUSES) },
  required: ['id'],
};
const budget = {
  type: 'object',
  title: '预算',
  'x-title-en': 'budget',
  properties: {
    id: { type: 'integer' },
    title: nullable('string', { title: '预算名称', 'x-title-en': 'title' }),
    status: status(BUDGET_STATUSES),
  },
  required: ['id'],
};
const budget_adjustment = {
  type: 'object',
  title: '预算调整',
  'x-title-en': 'budget adjustment',
  properties: {
    id: { type: 'integer' },
    status: status({ adopted: BUDGET_STATUSES.adopted, rejected: BUDGET_STATUSES.rejected }),
  },
  required: ['id'],
};
const budget_line = {
  type: 'object',
  title: '预算项目',
  'x-title-en': 'budget line',
  properties: { id: { type: 'integer' }, purpose: nullable('string', { title: '用途', 'x-title-en': 'purpose' }) },
  required: ['id'],
};
const matter = {
  type: 'object',
  title: '议题事项',
  'x-title-en': 'matter',
  properties: {
    id: { type: 'integer' },
    title: nullable('string', { title: '议题名称', 'x-title-en': 'title' }),
    category: nullable('string', { title: '事项类别', 'x-title-en': 'category', 'x-value-labels': labels(CATEGORIES) }),
  },
  required: ['id'],
};

const answer = (schema) => ({ 200: { description: 'success', content: { 'application/json': { schema } } } });
const query = (name, zh, en, schema) => ({ 'x-query': name, 'x-capability': 'public.read', 'x-summary-zh': zh, summary: en, responses: answer(schema) });
const page = (entity) => ({
  $ref: '#/components/schemas/Page',
  type: 'object',
  properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${entity}`, type: 'object' } } },
});

export const LABELS_DOC = {
  openapi: '3.1.0',
  paths: {
    '/townships/{tid}/budgets': {
      get: query('budget.list', '乡镇的预算', 'Budgets of a township', page('budget')),
    },
    '/budget_lines/{id}': {
      get: query('budget_line.get', '一条预算线及其支出', 'One budget line with its expenditures', {
        $ref: '#/components/schemas/budget_line',
        type: 'object',
        properties: { budget_status: { type: 'string', title: '预算状态', 'x-title-en': 'budget status', enum: Object.keys(BUDGET_STATUSES), 'x-labels': labels(BUDGET_STATUSES) } },
      }),
    },
    '/townships/{tid}/matters': {
      get: query('matter.list', '乡镇的议题（可按状态）', 'Matters of a township (?status)', page('matter')),
    },
    '/users': {
      post: {
        'x-command': 'user.create',
        'x-capability': 'user.admin',
        'x-summary-zh': '新增用户',
        summary: 'Create a user',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { role: { type: 'string', title: '角色', 'x-title-en': 'role', enum: Object.keys(USER_ROLES), 'x-labels': labels(USER_ROLES) } },
                additionalProperties: false,
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Page: { type: 'object', properties: { items: { type: 'array' }, total: { type: 'integer' } } },
      agenda_item,
      budget,
      budget_adjustment,
      budget_line,
      matter,
    },
  },
};
