/*
 * The field lists of the organisation's create/edit forms (shown by
 * FormDialog) and the organisation's enumerations (docs/api.md). These
 * writes (townships, bodies and departments, posts, people, memberships,
 * portfolios) are not declared commands yet, so the API describes no
 * fields for them; the forms of declared commands (meetings, matters,
 * tasks, budgets) take theirs from the API's description (schema.js).
 * A field is
 *   {key, label (i18n key, or the API's {'zh-CN', en}),
 *    type: 'text'|'textarea'|'select'|'date'|'datetime'|'number'|'switch',
 *    required, createOnly (not sent on edit), nullable (empty → null),
 *    options: () => [{value, label}] (may return a promise), hint (i18n key),
 *    default, min, max, precision, maxLength,
 *    toApi: (value) => value sent to the API, fromApi: (value) => value shown}
 */
import { translateEnum, localName, postLabel } from './i18n/index.js';
import { todayInShanghai } from './format.js';

export const TOWNSHIP_KINDS = ['township', 'subdistrict'];
export const BODY_CLASSES = ['committee', 'government', 'congress', 'discipline'];
export const DEPARTMENT_CLASSES = ['bureau', 'office', 'centre'];
export const POST_ROLES = [
  'secretary', 'deputy_secretary', 'discipline_secretary', 'member', 'mayor', 'deputy_mayor',
  'chair', 'vice_chair', 'head', 'deputy_head', 'staff',
];
export const GENDERS = ['female', 'male'];

/* Which organisation classes admit each post role (as the server checks;
 * a copy of the server's table, which the API does not describe yet). */
export const POST_ROLE_CLASSES = {
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
  staff: [...BODY_CLASSES, ...DEPARTMENT_CLASSES],
};

function enumOptions(group, values) {
  return () => values.map((value) => ({ value, label: translateEnum(group, value) }));
}

const name = { key: 'name', label: 'fields.name', required: true };
const nameEn = { key: 'name_en', label: 'fields.name_en', required: true };
const startDate = { key: 'start_date', label: 'fields.start_date', type: 'date', required: true, default: () => todayInShanghai() };
const endDate = { key: 'end_date', label: 'fields.end_date', type: 'date', nullable: true };

export const fields = {
  township: () => [
    { key: 'id', label: 'fields.id', required: true, createOnly: true, hint: 'townships.idHint' },
    { key: 'kind', label: 'fields.kind', type: 'select', required: true, options: enumOptions('townshipKind', TOWNSHIP_KINDS), default: 'township' },
    name,
    nameEn,
  ],
  /* `group` is 'bodies' or 'departments'. */
  organization: (group) => [
    {
      key: 'class', label: 'fields.class', type: 'select', required: true, createOnly: true,
      options: enumOptions('orgClass', group === 'bodies' ? BODY_CLASSES : DEPARTMENT_CLASSES),
    },
    name,
    nameEn,
  ],
  /* `orgClass`: the class of the organisation, which limits the roles. */
  post: (orgClass) => [
    {
      key: 'role', label: 'fields.role', type: 'select', required: true, createOnly: true,
      options: enumOptions('postRole', POST_ROLES.filter((role) => !orgClass || POST_ROLE_CLASSES[role].includes(orgClass))),
    },
    { key: 'label', label: 'fields.label', required: true },
    { key: 'label_en', label: 'fields.label_en', required: true },
    { key: 'seats', label: 'fields.seats', type: 'number', required: true, min: 1, default: 1 },
  ],
  person: () => [
    { key: 'name', label: 'fields.personName', required: true },
    { key: 'name_en', label: 'fields.personNameEn', nullable: true },
    {
      key: 'gender', label: 'fields.gender', type: 'select', nullable: true, hint: 'gender.none',
      options: () => GENDERS.map((value) => ({ value, label: translateEnum('gender', value) })),
    },
  ],
  /* `departments`: a function resolving to the township's departments. */
  portfolio: (departments) => [
    { key: 'area', label: 'fields.area', required: true },
    { key: 'area_en', label: 'fields.area_en', required: true },
    {
      key: 'department_id', label: 'fields.department', type: 'select', nullable: true,
      options: async () => (await departments()).map((d) => ({ value: d.id, label: localName(d) })),
    },
    startDate,
    endDate,
  ],
  /*
   * `posts`: a function resolving to the posts one may hold; `people`, when
   * given, adds a person choice (for adding a member from the members list).
   */
  membership: (posts, people) => [
    ...(people ? [{
      key: 'person_id', label: 'fields.person', type: 'select', required: true, createOnly: true,
      options: async () => (await people()).map((p) => ({ value: p.id, label: localName(p) })),
    }] : []),
    {
      key: 'post_id', label: 'fields.post', type: 'select', required: true, createOnly: true,
      options: async () => (await posts()).map((p) => ({ value: p.id, label: postLabel(p) })),
    },
    startDate,
    endDate,
  ],
  /* Ending a membership or portfolio: only the end date. */
  end: () => [
    { ...endDate, nullable: false, required: true, default: () => todayInShanghai() },
  ],
};
