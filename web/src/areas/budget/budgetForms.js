/*
 * The budget pages' forms and look-ups: the field lists that the shared
 * form dialog (openForm) shows for a new budget, a proposed line and the
 * committee's study of a budget or of an adjustment; the rulebook in force
 * (congress rules, large-fund threshold); and the township's resolutions
 * an expenditure may cite.
 */
import { api, seg } from '../../api.js';
import { localName } from '../../i18n/index.js';
import { todayInShanghai, formatTime } from '../../format.js';
import { yuanToFen } from '../meetings/decisions.js';
import { fields } from '../../resources.js';

const personOptions = (people) => async () => (await people()).map((p) => ({ value: p.id, label: localName(p) }));

export const budgetFields = {
  /* Opening the draft of a fiscal year (next year by default). */
  budget: () => [
    {
      key: 'fiscal_year', label: 'budget.fiscalYear', type: 'number', required: true, min: 2000, precision: 0,
      default: () => Number(todayInShanghai().slice(0, 4)) + 1,
    },
    { key: 'title', label: 'fields.title', required: true },
  ],
  /* A proposed line; `departments` and `people` resolve to the township's. */
  line: (departments, people) => [
    { key: 'purpose', label: 'budget.purpose', required: true },
    { key: 'amount_fen', label: 'fields.amountYuan', type: 'number', required: true, min: 0, precision: 2, toApi: yuanToFen },
    {
      key: 'department_id', label: 'fields.department', type: 'select', nullable: true,
      options: async () => (await departments()).map((d) => ({ value: d.id, label: localName(d) })),
    },
    { key: 'owner_id', label: 'budget.owner', type: 'select', required: true, options: personOptions(people) },
  ],
  /* The committee's study: a matter of one `category`, registered like any other. */
  study: (category, departments, people) => fields.matter(() => [category], departments, people),
};

/* The rulebook in force for township `tid` (GET /rulebook?township=). */
export function rulebookOf(tid) {
  return api.get('/rulebook', { township: tid });
}

/* The township's resolutions (passed agenda items), newest first. */
export async function resolutionsOf(tid) {
  return (await api.list(`/townships/${seg(tid)}/resolutions`, { limit: 200 })).items;
}

/* A resolution as a choice: its matter, the resolution's text and the meeting. */
export function resolutionLabel(r) {
  const text = r.resolution_text && r.resolution_text !== r.title ? ` — ${r.resolution_text}` : '';
  return `#${r.id} ${r.title}${text} · ${r.meeting_title || ''} ${formatTime(r.starts_at).slice(0, 10)}`.trim();
}
