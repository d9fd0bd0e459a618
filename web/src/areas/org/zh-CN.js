/*
 * Simplified Chinese text of the org area: townships, bodies and
 * departments, members and people. Keys mirror en.js. The names of
 * township kinds, organisation classes, post roles and genders, and the
 * labels of the forms' fields, come from the API's description (orgForms.js).
 */
export default {
  gender: {
    none: '未填写',
  },
  counts: {
    bodies: '领导机构',
    departments: '内设机构',
    people: '人员',
    members: '班子成员',
    villages: '村（社区）',
    posts: '职务',
    memberships: '任职',
    portfolios: '分管',
    organizations: '机构',
  },
  townships: {
    title: '乡镇（街道）',
    intro: '诸暨市各乡镇、街道的组织信息。',
    create: '新建乡镇（街道）',
    edit: '编辑乡镇（街道）',
    idHint: '小写拼音标识，如 diankou',
  },
  township: {
    overview: '{name}概况',
    bodiesIntro: '党委、政府、人大、纪委',
    departmentsIntro: '局、办、中心',
    membersIntro: '党委班子成员及其分管工作',
    notFound: '未找到该乡镇（街道）',
  },
  bodies: {
    title: '领导机构',
    create: '新建领导机构',
    edit: '编辑机构',
  },
  departments: {
    title: '内设机构',
    create: '新建内设机构',
    edit: '编辑机构',
  },
  organization: {
    posts: '职务设置',
    memberships: '任职人员',
    currentOnly: '仅显示现任',
    noPosts: '尚未设置职务',
    createPost: '新增职务',
    editPost: '编辑职务',
  },
  members: {
    title: '班子成员',
    intro: '党委班子现任成员、职务与分管工作。',
    noCommittee: '该乡镇尚未建立党委，无法添加任职。',
    createPerson: '新增人员',
  },
  person: {
    title: '人员信息',
    edit: '编辑人员信息',
    addPortfolio: '新增分管',
    editPortfolio: '编辑分管',
    endPortfolio: '结束分管',
    addMembership: '新增任职',
    endMembership: '结束任职',
    endDatePrompt: '请选择终止日期',
  },
};
