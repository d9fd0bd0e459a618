/*
 * What the congress vote dialog looks up for its roll: the township's
 * people's congress (its organisation of class `congress`) and every
 * membership of its posts, past and present, so that roll.js finds the
 * deputies in office on whatever day the vote is dated.
 */
import { api, seg } from '../../api.js';

const PAGE = 200;

/* The township's people's congress, or null when none is on record. */
export async function congressOf(tid) {
  const bodies = (await api.list(`/townships/${seg(tid)}/bodies`, { limit: PAGE })).items;
  return bodies.find((b) => b.class === 'congress') || null;
}

/* Every membership of organisation `id`'s posts, page by page. */
async function membershipsOf(id) {
  const rows = [];
  for (;;) {
    const page = await api.list(`/organizations/${seg(id)}/memberships`, { limit: PAGE, offset: rows.length });
    rows.push(...page.items);
    if (!page.items.length || rows.length >= page.total) {
      return rows;
    }
  }
}

/* {congress, memberships} of township `tid` (congress null and no memberships when it has none). */
export async function congressRollOf(tid) {
  const congress = await congressOf(tid);
  return { congress, memberships: congress ? await membershipsOf(congress.id) : [] };
}
