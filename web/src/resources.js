/*
 * The field lists of the create/edit forms (shown by FormDialog) and the
 * enumerations of docs/api.md. A field is
 *   {key, label (i18n key), type: 'text'|'textarea'|'select'|'date'|'datetime'|'number',
 *    required, createOnly (not sent on edit), nullable (empty → null),
 *    options: () => [{value, label}] (may return a promise), hint (i18n key),
 *    default, min, precision, toApi: (value) => value sent to the API}
 */
import { translateEnum, localName, postLabel } from './i18n/index.js';
import { todayInShanghai } from './format.js';
import { MEETING_KINDS, TASK_STATUSES, yuanToFen } from './areas/meetings/decisions.js';

export const TOWNSHIP_KINDS = ['township', 'subdistrict'];
export const BODY_CLASSES = ['committee', 'government', 'congress', 'discipline'];
export const DEPARTMENT_CLASSES = ['bureau', 'office', 'centre'];
export const POST_ROLES = [
  'secretary', 'deputy_secretary', 'discipline_secretary', 'member', 'mayor', 'deputy_mayor',
  'chair', 'vice_chair', 'head', 'deputy_head', 'staff',
];
export const GENDERS = ['female', 'male'];

/* Which organisation classes admit each post role (as the server checks). */
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
  /* `people`: a function resolving to the township's people (the convener). */
  meeting: (people) => [
    { key: 'kind', label: 'fields.meetingKind', type: 'select', required: true, createOnly: true, options: enumOptions('meetingKind', MEETING_KINDS), default: 'committee' },
    { key: 'title', label: 'fields.title', required: true },
    { key: 'starts_at', label: 'fields.startsAt', type: 'datetime', required: true },
    { key: 'place', label: 'fields.place', required: true },
    {
      key: 'convener_id', label: 'fields.convener', type: 'select', required: true,
      options: async () => (await people()).map((p) => ({ value: p.id, label: localName(p) })),
    },
  ],
  /* `matters`: a function resolving to the matters that may go on the agenda. */
  agendaItem: (matters) => [
    {
      key: 'matter_id', label: 'fields.matter', type: 'select', required: true,
      options: async () => (await matters()).map((m) => ({ value: m.id, label: `#${m.id} ${m.title}` })),
    },
  ],
  /*
   * `categories`: a function resolving to the rulebook's category ids;
   * `departments` as for portfolios; `people` the township's people (the
   * proposer, which the server takes from the acting user when left empty).
   */
  matter: (categories, departments, people) => [
    { key: 'title', label: 'fields.title', required: true },
    { key: 'description', label: 'fields.description', type: 'textarea', nullable: true },
    {
      key: 'category', label: 'fields.category', type: 'select', required: true,
      options: async () => (await categories()).map((c) => ({ value: c, label: translateEnum('category', c) })),
    },
    { key: 'amount_fen', label: 'fields.amountYuan', type: 'number', min: 0, precision: 2, nullable: true, toApi: yuanToFen },
    {
      key: 'proposer_id', label: 'matter.proposer', type: 'select', nullable: true, hint: 'matter.proposerHint',
      options: async () => (await people()).map((p) => ({ value: p.id, label: localName(p) })),
    },
    {
      key: 'department_id', label: 'fields.department', type: 'select', nullable: true,
      options: async () => (await departments()).map((d) => ({ value: d.id, label: localName(d) })),
    },
  ],
  /*
   * An execution task of a resolution: `departments` and `people` as for
   * portfolios and matters (the owner is one of the township's people).
   */
  task: (departments, people) => [
    { key: 'description', label: 'task.description', type: 'textarea', required: true },
    {
      key: 'department_id', label: 'fields.department', type: 'select', nullable: true,
      options: async () => (await departments()).map((d) => ({ value: d.id, label: localName(d) })),
    },
    {
      key: 'owner_id', label: 'task.owner', type: 'select', required: true,
      options: async () => (await people()).map((p) => ({ value: p.id, label: localName(p) })),
    },
    { key: 'due_date', label: 'task.dueDate', type: 'date', required: true },
  ],
  /* A task's progress: its status, a progress note and the due date. */
  taskProgress: () => [
    { key: 'status', label: 'fields.status', type: 'select', required: true, options: enumOptions('task.status', TASK_STATUSES) },
    { key: 'note', label: 'task.note', type: 'textarea', nullable: true, hint: 'task.noteHint' },
    { key: 'due_date', label: 'task.dueDate', type: 'date', required: true },
  ],
  /* An amendment of finalised minutes: `items`, the meeting's agenda items (what is corrected). */
  amendment: (items) => [
    {
      key: 'item_id', label: 'amendment.subject', type: 'select', nullable: true, hint: 'amendment.wholeMinutes',
      options: () => items().map((i) => ({ value: i.id, label: `${i.position}. ${i.title}` })),
    },
    { key: 'text', label: 'amendment.text', type: 'textarea', required: true },
    { key: 'reason', label: 'amendment.reason', type: 'textarea', required: true },
  ],
  /* Ending a membership or portfolio: only the end date. */
  end: () => [
    { ...endDate, nullable: false, required: true, default: () => todayInShanghai() },
  ],
};
