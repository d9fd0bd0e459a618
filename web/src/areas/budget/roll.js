/*
 * The roll of the township people's congress for a vote (docs/decisions.md,
 * "The congress counts its deputies from the record"), kept free of Vue so
 * node's test runner loads it directly: the deputies in office on the
 * vote's day, from the memberships of the congress's posts, and the
 * figures that follow from who was absent, counted as the server counts
 * them (entitled: every deputy that day; present: entitled less absent);
 * and, of a vote on record, who was absent and where its figures came
 * from (the roll, or by hand).
 */

/* The roles of the congress's posts whose holders are deputies: chair, vice chair and the deputies' post. */
export const DEPUTY_ROLES = ['chair', 'vice_chair', 'member'];

/* True when membership `m` ({start_date, end_date}) is in force on `day` ("YYYY-MM-DD"): from its first day, up to but not including its end. */
export function inOffice(m, day) {
  return !!day && !!m.start_date && m.start_date <= day && (!m.end_date || day < m.end_date);
}

/*
 * The deputies in office on `day` from the congress's memberships (rows of
 * GET /organizations/{id}/memberships: person_id, role, start_date,
 * end_date, person_name, person_name_en): each person once, as
 * {person_id, name, name_en}, in the order of their names (Chinese
 * collation: by pinyin).
 */
export function deputiesOn(memberships, day) {
  const byPerson = new Map();
  for (const m of memberships || []) {
    if (DEPUTY_ROLES.includes(m.role) && inOffice(m, day) && !byPerson.has(m.person_id)) {
      byPerson.set(m.person_id, { person_id: m.person_id, name: m.person_name || '', name_en: m.person_name_en || '' });
    }
  }
  const collator = new Intl.Collator('zh-CN');
  return [...byPerson.values()].sort((a, b) => collator.compare(a.name, b.name) || a.person_id - b.person_id);
}

/* The ids of `absent` that are deputies in `deputies`, each once (a date changed may leave someone off the roll). */
export function absentOnRoll(deputies, absent) {
  const ids = new Set((deputies || []).map((d) => d.person_id));
  return [...new Set(absent || [])].filter((id) => ids.has(id));
}

/* The figures of the roll: {entitled: every deputy, present: entitled less those absent}. */
export function rollCounts(deputies, absent) {
  const entitled = (deputies || []).length;
  return { entitled, present: entitled - absentOnRoll(deputies, absent).length };
}

/* The names of the deputies a recorded vote lists absent ({absent: [{person_id, name, name_en}]}), in its order, as nameOf gives them (the UI language's). */
export function absentNames(vote, nameOf = (a) => a.name) {
  return ((vote && vote.absent) || []).map(nameOf).filter(Boolean);
}

/* The message key of a recorded vote's attendance: from the roll, by hand, or (recorded before the roll) plain figures. */
export function attendanceKey(vote) {
  const roll = vote && vote.roll;
  return roll === 'record' ? 'budget.attendanceRoll' : roll === 'by_hand' ? 'budget.attendanceByHand' : 'budget.attendanceValue';
}
