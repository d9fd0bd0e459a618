/*
 * For entities.test.js: a part of GET /api/v1/openapi.json as the server
 * describes it: the schemas of villages, tasks and matters
 * (#/components/schemas/<entity>), the queries that list them (x-query,
 * with what they add to the rows) and the commands of villages.
 */
const nullable = (type, rest = {}) => ({ type: [type, 'null'], ...rest });
const labelled = (type, title, en, rest = {}) => nullable(type, { title, 'x-title-en': en, ...rest });
const labels = (pairs) => Object.fromEntries(Object.entries(pairs).map(([value, [zh, en]]) => [value, { 'zh-CN': zh, en }]));
const enumOf = (title, en, pairs) => labelled('string', title, en, { enum: [...Object.keys(pairs), null], 'x-labels': labels(pairs) });

const village = {
  type: 'object',
  title: '村（社区）',
  'x-title-en': 'village',
  properties: {
    id: { type: 'integer' },
    township_id: nullable('string'),
    kind: enumOf('类型', 'kind', { village: ['行政村', 'village'], community: ['社区', 'community'] }),
    name: labelled('string', '名称', 'name'),
    name_en: labelled('string', '英文名称', 'English name'),
  },
  required: ['id'],
};
const task = {
  type: 'object',
  title: '执行任务',
  'x-title-en': 'execution task',
  properties: {
    id: { type: 'integer' },
    agenda_item_id: nullable('integer'),
    township_id: nullable('string'),
    description: labelled('string', '任务内容', 'description'),
    department_id: labelled('integer', '责任部门', 'department'),
    owner_id: labelled('integer', '责任人', 'owner'),
    due_date: labelled('string', '完成期限', 'due date', { format: 'date' }),
    status: enumOf('状态', 'status', { open: ['未完成', 'open'], done: ['已完成', 'done'] }),
    note: labelled('string', '进展说明', 'note'),
    created: nullable('string'),
  },
  required: ['id'],
};
const matter = {
  type: 'object',
  title: '议题事项',
  'x-title-en': 'matter',
  properties: {
    id: { type: 'integer' },
    title: labelled('string', '标题', 'title'),
    amount_fen: labelled('integer', '金额（分）', 'amount (fen)'),
    attachments: {},
    rulebook: {},
  },
  required: ['id'],
};

const page = (entity, extra) => ({
  $ref: '#/components/schemas/Page',
  type: 'object',
  properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${entity}`, type: 'object', ...(extra ? { properties: extra } : {}) } } },
});
const answer = (schema) => ({ 200: { description: 'a page', content: { 'application/json': { schema } } } });
const query = (name, zh, en, schema) => ({ 'x-query': name, 'x-capability': 'public.read', 'x-summary-zh': zh, summary: en, responses: answer(schema) });
const command = (name, zh, en, capability, properties) => ({
  'x-command': name, 'x-capability': capability, 'x-summary-zh': zh, summary: en,
  requestBody: { content: { 'application/json': { schema: { type: 'object', properties, additionalProperties: false } } } },
});
const villageFields = {
  kind: { type: 'string', enum: ['village', 'community'], 'x-labels': village.properties.kind['x-labels'], title: '类型', 'x-title-en': 'kind' },
  name: { type: 'string', minLength: 1, maxLength: 40, title: '名称', 'x-title-en': 'name' },
  name_en: { type: ['string', 'null'], minLength: 1, maxLength: 80, title: '英文名称', 'x-title-en': 'English name' },
};

export const ENTITIES_DOC = {
  openapi: '3.1.0',
  paths: {
    '/townships/{tid}/villages': {
      get: query('org.village_list', '村（社区）', 'Villages and communities', page('village')),
      post: command('org.village_create', '新增村（社区）', 'Create a village', 'org.write', villageFields),
    },
    '/villages/{id}': {
      patch: command('org.village_update', '修改村（社区）', 'Change a village', 'org.write', villageFields),
      delete: { 'x-command': 'org.village_delete', 'x-capability': 'org.write', 'x-summary-zh': '删除村（社区）', summary: 'Delete a village' },
    },
    '/townships/{tid}/tasks': {
      get: {
        ...query('task.list', '乡镇的执行任务（可按状态）', 'Execution tasks of a township (?status)', page('task', {
          owner_name: labelled('string', '责任人', 'owner'),
          department_name: labelled('string', '责任部门', 'department'),
          matter_title: labelled('string', '决议事项', 'resolution'),
        })),
        'x-page-title': '执行任务',
        'x-page-title-en': 'execution tasks',
      },
    },
    '/townships/{tid}/matters': {
      get: query('matter.list', '乡镇的议题（可按状态）', 'Matters of a township (?status)', page('matter', {
        status: { type: 'string', title: '状态', 'x-title-en': 'status', enum: ['registered', 'decided'], 'x-labels': labels({ registered: ['已登记', 'registered'], decided: ['已决定', 'decided'] }) },
        proposer_name: labelled('string', '提出人', 'proposer'),
      })),
    },
    '/matters/{id}': {
      get: query('matter.get', '一个议题', 'One matter', { $ref: '#/components/schemas/matter', type: 'object', properties: { items: { type: 'array', items: { type: 'object' }, title: '议程议题', 'x-title-en': 'agenda items' } } }),
    },
    '/townships/{tid}/members': {
      get: query('org.member_list', '班子现任成员', "The committee's current members", { $ref: '#/components/schemas/Page' }),
    },
  },
  components: {
    schemas: {
      Page: { type: 'object', properties: { items: { type: 'array' }, total: { type: 'integer' } } },
      village,
      task,
      matter,
    },
  },
};
