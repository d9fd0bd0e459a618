/*
 * English text of the org area: townships, bodies and departments, members
 * and people. Keys mirror zh-CN.js. The names of township kinds,
 * organisation classes, post roles and genders, and the labels of the
 * forms' fields, come from the API's description (orgForms.js).
 */
export default {
  gender: {
    none: 'Not given',
  },
  counts: {
    bodies: 'Bodies',
    departments: 'Departments',
    people: 'People',
    members: 'Committee members',
    villages: 'Villages',
    posts: 'Posts',
    memberships: 'Memberships',
    portfolios: 'Portfolios',
    organizations: 'Organisations',
  },
  townships: {
    title: 'Townships',
    intro: 'The organisation of the townships and subdistricts of Zhuji.',
    create: 'Create township',
    edit: 'Edit township',
    idHint: 'Lower-case pinyin identifier, e.g. diankou',
  },
  township: {
    overview: '{name}: overview',
    bodiesIntro: 'Party committee, government, congress, discipline committee',
    departmentsIntro: 'Bureaus, offices and centres',
    membersIntro: 'The party committee members and their portfolios',
    notFound: 'No such township',
  },
  bodies: {
    title: 'Bodies',
    create: 'Create body',
    edit: 'Edit organisation',
  },
  departments: {
    title: 'Departments',
    create: 'Create department',
    edit: 'Edit organisation',
  },
  organization: {
    posts: 'Posts',
    memberships: 'Memberships',
    currentOnly: 'Current only',
    noPosts: 'No posts yet',
    createPost: 'Add post',
    editPost: 'Edit post',
  },
  members: {
    title: 'Committee members',
    intro: 'The current members of the party committee, their posts and portfolios.',
    noCommittee: 'This township has no party committee yet, so no membership can be added.',
    createPerson: 'Add person',
  },
  person: {
    title: 'Person',
    edit: 'Edit person',
    addPortfolio: 'Add portfolio',
    editPortfolio: 'Edit portfolio',
    endPortfolio: 'End portfolio',
    addMembership: 'Add membership',
    endMembership: 'End membership',
    endDatePrompt: 'Choose the end date',
  },
};
