/*
 * The organisation's forms, each the declared command of its write
 * (GET /api/v1/openapi.json; schema.js): a township (org.township_create,
 * org.township_update), a body or department (org.body_create,
 * org.department_create, org.organization_update), a post (org.post_create,
 * org.post_update), a person (org.person_create, org.person_update), a
 * committee membership (org.membership_create; ending one:
 * org.membership_update) and a portfolio (org.portfolio_create,
 * org.portfolio_update). Their fields, labels, limits and choices (kinds,
 * classes, post roles, genders) come from the commands, and so does which
 * post roles an organisation admits (the classes `x-admitted-by` gives for
 * each role of org.post_create, the server's own table); what is fixed at
 * creation (x-fixed) is not in an edit form. This module adds what the API
 * cannot know: the choices of references, which the page gives (people,
 * posts, departments, cities), defaults and hints.
 *
 * The functions taking `doc` are pure (orgForms.test.js calls them with a
 * sample); orgFields() serves the pages.
 */
import { fieldsOf, enumOf, loadSchema, propertyOf } from '../../schema.js';
import { todayInShanghai } from '../../format.js';

/*
 * Which organisation classes admit each post role, as the server checks it
 * when a post is saved ("该机构不设此类职务"): {role: [class, ...]}, the
 * `x-admitted-by` of org.post_create's role ({} when `doc` has none).
 */
export function postRoleClasses(doc) {
  return (doc && propertyOf(doc, 'org.post_create', 'role')['x-admitted-by']) || {};
}

/* True when an organisation of class `orgClass` may have posts of `role` (a role or class the server's table does not name is left to the server). */
export function roleAdmitted(doc, role, orgClass) {
  const classes = postRoleClasses(doc)[role];
  return !orgClass || !classes || classes.includes(orgClass);
}

/* The roles a post of an organisation of class `orgClass` may have: org.post_create's choices [{value, label}] that it admits. */
export function postRoleChoices(doc, orgClass) {
  return enumOf(doc, 'org.post_create', 'role').filter((c) => roleAdmitted(doc, c.value, orgClass));
}

/* 'bodies' when `orgClass` is one a body is created with (org.body_create), else 'departments'. */
export function orgGroup(doc, orgClass) {
  return enumOf(doc, 'org.body_create', 'class').some((c) => c.value === orgClass) ? 'bodies' : 'departments';
}

const today = () => todayInShanghai();

/*
 * The fields of each form in `doc`. `edit` chooses the update command (the
 * form of an existing record); the rest are the choices the page offers
 * (option functions, () => Promise of [{value, label}]).
 */
export const orgForms = {
  /* A township or subdistrict; `cities`: the choices of its city. */
  township: (doc, { edit = false, cities } = {}) => fieldsOf(doc, edit ? 'org.township_update' : 'org.township_create', {
    fields: {
      id: { label: 'fields.id', hint: 'townships.idHint' },
      city_id: { options: cities },
      kind: { default: 'township' },
    },
  }),
  /* A body (`group` 'bodies') or a department ('departments'). */
  organization: (doc, { edit = false, group } = {}) => {
    if (edit) {
      return fieldsOf(doc, 'org.organization_update');
    }
    return fieldsOf(doc, group === 'bodies' ? 'org.body_create' : 'org.department_create');
  },
  /* A post of an organisation of class `orgClass`, whose roles it limits. */
  post: (doc, { edit = false, orgClass } = {}) => {
    if (edit) {
      return fieldsOf(doc, 'org.post_update');
    }
    const roles = postRoleChoices(doc, orgClass);
    return fieldsOf(doc, 'org.post_create', { fields: { role: { options: () => roles }, seats: { default: 1 } } });
  },
  /* A person: names and gender. */
  person: (doc, { edit = false } = {}) => fieldsOf(doc, edit ? 'org.person_update' : 'org.person_create', {
    fields: { gender: { hint: 'gender.none' } },
  }),
  /*
   * A new membership of one of `posts`; with `people`, of a person chosen
   * among them, else of the page's person (who sends person_id itself).
   */
  membership: (doc, { people, posts } = {}) => fieldsOf(doc, 'org.membership_create', {
    ...(people ? {} : { omit: ['person_id'] }),
    fields: {
      ...(people ? { person_id: { options: people } } : {}),
      post_id: { options: posts },
      start_date: { default: today },
    },
  }),
  /* A portfolio of the page's person (who sends person_id); `departments`: the choices of its department. */
  portfolio: (doc, { edit = false, departments } = {}) => fieldsOf(doc, edit ? 'org.portfolio_update' : 'org.portfolio_create', {
    only: ['area', 'area_en', 'department_id', 'start_date', 'end_date'],
    fields: { department_id: { options: departments }, start_date: { default: today } },
  }),
  /* Ending a membership or portfolio (`command`: its update): the end date only, today unless changed. */
  end: (doc, { command } = {}) => fieldsOf(doc, command, {
    only: ['end_date'],
    fields: { end_date: { required: true, nullable: false, default: today } },
  }),
};

/* FormDialog's fields of organisation form `form` (see orgForms), once the API's description is loaded. */
export async function orgFields(form, options) {
  return orgForms[form](await loadSchema(), options);
}
