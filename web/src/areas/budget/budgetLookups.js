/*
 * What the budget pages look up for their forms: the rulebook in force
 * (congress rules, large-fund threshold) and the township's resolutions an
 * expenditure may cite. The forms' fields themselves come from the API's
 * description (schema.js).
 */
import { api, seg } from '../../api.js';
import { formatTime } from '../../format.js';

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
