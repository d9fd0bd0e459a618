/*
 * For orgForms.test.js: the organisation's commands as GET
 * /api/v1/openapi.json declares them (the request schemas, with the roles'
 * x-admitted-by, without the responses and the patterns of free text).
 */
const ID = { minimum: 1, maximum: 9007199254740991 };
const text = (maxLength, title, en, nullable = false) => ({
  type: nullable ? ['string', 'null'] : 'string', minLength: 1, maxLength, title, 'x-title-en': en,
});
const labels = (pairs) => Object.fromEntries(Object.entries(pairs).map(([value, [zh, en]]) => [value, { 'zh-CN': zh, en }]));

const KINDS = labels({ township: ['镇', 'township'], subdistrict: ['街道', 'subdistrict'] });
const BODY_CLASSES = labels({
  committee: ['党委', 'party committee'], government: ['政府', 'township government'],
  congress: ['人大', "people's congress"], discipline: ['纪委', 'discipline committee'],
});
const DEPARTMENT_CLASSES = labels({ bureau: ['局', 'bureau'], office: ['办', 'office'], centre: ['中心', 'centre'] });
const ROLES = labels({
  secretary: ['书记', 'secretary'], deputy_secretary: ['副书记', 'deputy secretary'],
  discipline_secretary: ['纪委书记', 'discipline secretary'], member: ['委员', 'member'],
  mayor: ['镇长', 'mayor'], deputy_mayor: ['副镇长', 'deputy mayor'], chair: ['主席', 'chair'],
  vice_chair: ['副主席', 'vice chair'], head: ['主任', 'head'], deputy_head: ['副主任', 'deputy head'],
  staff: ['工作人员', 'staff'],
});
/* Which organisation classes admit each post role (the server's post_role_classes). */
const ROLE_CLASSES = {
  secretary: ['committee', 'discipline'],
  deputy_secretary: ['committee', 'discipline'],
  discipline_secretary: ['committee', 'discipline'],
  member: ['committee', 'discipline', 'government', 'congress'],
  mayor: ['government'],
  deputy_mayor: ['government'],
  chair: ['congress'],
  vice_chair: ['congress'],
  head: ['bureau', 'office', 'centre'],
  deputy_head: ['bureau', 'office', 'centre'],
  staff: ['committee', 'government', 'congress', 'discipline', 'bureau', 'office', 'centre'],
};
const choice = (values, title, en, fixed) => ({
  type: 'string', enum: Object.keys(values), 'x-labels': values, title, 'x-title-en': en, ...(fixed ? { 'x-fixed': true } : {}),
});

const township = {
  id: { type: 'string', pattern: '^[a-z][a-z0-9_-]{1,39}$', title: '标识', 'x-title-en': 'id', 'x-fixed': true },
  city_id: { ...text(40, '所属城市', 'city'), 'x-fixed': true },
  kind: choice(KINDS, '类型', 'kind'),
  name: text(40, '名称', 'name'),
  name_en: text(80, '英文名称', 'English name'),
};
const orgNames = { name: text(60, '名称', 'name'), name_en: text(120, '英文名称', 'English name') };
const post = {
  role: { ...choice(ROLES, '职务类别', 'role', true), 'x-admitted-by': ROLE_CLASSES },
  label: text(40, '职务名称', 'title'),
  label_en: text(80, '英文职务名称', 'English title'),
  seats: { type: 'integer', minimum: 1, maximum: 200, title: '职数', 'x-title-en': 'seats' },
};
const person = {
  name: text(40, '姓名', 'name'),
  name_en: text(80, '拼音 / 英文名', 'name in pinyin or English', true),
  gender: {
    type: ['string', 'null'], enum: ['female', 'male', null],
    'x-labels': labels({ female: ['女', 'female'], male: ['男', 'male'] }), title: '性别', 'x-title-en': 'gender',
  },
};
const dates = {
  start_date: { type: 'string', format: 'date', title: '起始日期', 'x-title-en': 'start date' },
  end_date: { type: ['string', 'null'], format: 'date', title: '终止日期', 'x-title-en': 'end date' },
};
const membership = {
  person_id: { type: 'integer', ...ID, title: '人员', 'x-title-en': 'person', 'x-fixed': true },
  post_id: { type: 'integer', ...ID, title: '职务', 'x-title-en': 'post', 'x-fixed': true },
  ...dates,
};
const portfolio = {
  person_id: { type: 'integer', ...ID, title: '班子成员', 'x-title-en': 'member', 'x-fixed': true },
  department_id: { type: ['integer', 'null'], ...ID, title: '联系部门', 'x-title-en': 'department' },
  area: text(60, '分管领域', 'area'),
  area_en: text(120, '分管领域（英文）', 'area in English'),
  ...dates,
};

function command(name, method, path, properties, required) {
  const schema = { type: 'object', properties, additionalProperties: false, ...(required ? { required } : {}) };
  return [path, method, { 'x-command': name, 'x-capability': 'org.write', requestBody: { content: { 'application/json': { schema } } } }];
}

const COMMANDS = [
  command('org.township_create', 'post', '/townships', township, ['id', 'kind', 'name', 'name_en']),
  command('org.township_update', 'patch', '/townships/{tid}', township),
  command('org.body_create', 'post', '/townships/{tid}/bodies', { class: choice(BODY_CLASSES, '类别', 'class', true), ...orgNames }, ['class', 'name', 'name_en']),
  command('org.department_create', 'post', '/townships/{tid}/departments', { class: choice(DEPARTMENT_CLASSES, '类别', 'class', true), ...orgNames }, ['class', 'name', 'name_en']),
  command('org.organization_update', 'patch', '/organizations/{id}', { class: choice({ ...BODY_CLASSES, ...DEPARTMENT_CLASSES }, '类别', 'class', true), ...orgNames }),
  command('org.post_create', 'post', '/organizations/{id}/posts', post, ['role', 'label', 'label_en']),
  command('org.post_update', 'patch', '/posts/{id}', post),
  command('org.person_create', 'post', '/townships/{tid}/people', person, ['name']),
  command('org.person_update', 'patch', '/people/{id}', person),
  command('org.membership_create', 'post', '/memberships', membership, ['person_id', 'post_id', 'start_date']),
  command('org.membership_update', 'patch', '/memberships/{id}', membership),
  command('org.portfolio_create', 'post', '/portfolios', portfolio, ['person_id', 'area', 'area_en', 'start_date']),
  command('org.portfolio_update', 'patch', '/portfolios/{id}', portfolio),
];

export const ORG_DOC = { openapi: '3.1.0', paths: {} };
for (const [path, method, op] of COMMANDS) {
  ORG_DOC.paths[path] = { ...ORG_DOC.paths[path], [method]: op };
}
