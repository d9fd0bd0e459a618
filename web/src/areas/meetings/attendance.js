/*
 * Attendance as the forms take it and the API wants it, free of Vue
 * (attendance.test.js): a member's marks ({present, absence_reason,
 * recused, recusal_reason}) from a recorded roster, the request body of an
 * item's attendance from the marks, and the members of a meeting's items
 * that are to be marked once for all of them.
 */

/* The marks of roster `roster` as recorded (present when nothing is recorded yet). */
export function marksOf(roster) {
  return Object.fromEntries((roster || []).map((r) => [r.person_id, {
    present: r.present === undefined || r.present === null ? true : !!r.present,
    absence_reason: r.absence_reason || '',
    recused: !!r.recused,
    recusal_reason: r.recusal_reason || '',
  }]));
}

/*
 * The `members` of an item's attendance (agenda_item.attendance) for its
 * roster `roster` from `marks` (by person id; a member without marks is
 * present): an absence with its reason, a recusal with its reason.
 */
export function attendanceMembers(roster, marks) {
  return (roster || []).map((r) => {
    const a = (marks && marks[r.person_id]) || { present: true };
    const row = { person_id: r.person_id, present: a.present !== false };
    if (!row.present && a.absence_reason && a.absence_reason.trim()) {
      row.absence_reason = a.absence_reason.trim();
    }
    if (row.present && a.recused) {
      row.recused = true;
      row.recusal_reason = (a.recusal_reason || '').trim();
    }
    return row;
  });
}

/*
 * The members on the rosters of `items` (an item's full answer, each with
 * `roster`), once each in the order they first appear: those whose
 * attendance is marked once for the whole meeting.
 */
export function meetingMembers(items) {
  const seen = new Map();
  for (const item of items || []) {
    for (const r of item.roster || []) {
      if (!seen.has(r.person_id)) {
        seen.set(r.person_id, r);
      }
    }
  }
  return [...seen.values()];
}
