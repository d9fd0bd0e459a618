/*
 * What the budget pages look up for their forms: the rulebook in force
 * (congress rules, large-fund threshold) and the resolutions an
 * expenditure charged to a line may cite (those that authorise spending
 * from it). The forms' fields themselves come from the API's description
 * (schema.js).
 */
import { api, seg } from '../../api.js';

/* The rulebook in force for township `tid` (GET /rulebook?township=). */
export function rulebookOf(tid) {
  return api.get('/rulebook', { township: tid });
}

/*
 * The township's resolutions that authorise spending from budget line
 * `lineId` (?spending_line: the line named, or with no line named, the
 * line's department), newest first, each with its amount, what was spent
 * citing it and its period.
 */
export async function spendingResolutionsOf(tid, lineId) {
  return (await api.list(`/townships/${seg(tid)}/resolutions`, { spending_line: lineId, limit: 200 })).items;
}
