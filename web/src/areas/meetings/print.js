/*
 * What the printed notice and minutes of a meeting say, worked out from
 * the API's answers (GET /meetings/{id} and its items in full): dates in
 * the official document's form (the issuing date in Chinese numerals,
 * 二〇二六年十二月七日, per GB/T 9704), who attends, who was absent and
 * why, and an item's statements that the reader may read. Free of Vue and
 * of the browser, so that node's test runner loads it directly.
 */

const DIGITS = '〇一二三四五六七八九';
const WEEKDAYS = '日一二三四五六';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/* The wall clock in Beijing (UTC+8 all year) of an RFC 3339 time: {year, month, day, weekday, hour, minute}, or null. */
export function beijing(time) {
  const ms = Date.parse(time ?? '');
  if (Number.isNaN(ms)) {
    return null;
  }
  const d = new Date(ms + 8 * 3600e3);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/* 1..99 in Chinese numerals: 七, 十, 十二, 二十, 三十一 (a heading's 一、 or （一）, a date's month and day). */
export function chineseNumber(n) {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens > 1 ? DIGITS[tens] : '') + (tens > 0 ? '十' : '') + (ones > 0 || tens === 0 ? DIGITS[ones] : '');
}

/* A document's date in Chinese numerals, the year digit by digit: "二〇二六年十二月七日" ('' for no time). */
export function chineseDate(time) {
  const b = beijing(time);
  if (!b) {
    return '';
  }
  const year = String(b.year).split('').map((c) => DIGITS[Number(c)]).join('');
  return `${year}年${chineseNumber(b.month)}月${chineseNumber(b.day)}日`;
}

/* A document's date in English: "7 December 2026". */
export function englishDate(time) {
  const b = beijing(time);
  return b ? `${b.day} ${MONTHS[b.month - 1]} ${b.year}` : '';
}

/* A meeting's time in the text of a document: "2026年12月10日（星期四）9:00", or "Thursday 10 December 2026, 09:00". */
export function meetingTime(time, english) {
  const b = beijing(time);
  if (!b) {
    return '';
  }
  const minute = String(b.minute).padStart(2, '0');
  if (english) {
    return `${WEEKDAYS_EN[b.weekday]} ${b.day} ${MONTHS[b.month - 1]} ${b.year}, ${String(b.hour).padStart(2, '0')}:${minute}`;
  }
  return `${b.year}年${b.month}月${b.day}日（星期${WEEKDAYS[b.weekday]}）${b.hour}:${minute}`;
}

/* A date in the text of a document: "2026年10月10日", or "10 October 2026". */
export function textDate(time, english) {
  const b = beijing(time);
  if (!b) {
    return '';
  }
  return english ? englishDate(time) : `${b.year}年${b.month}月${b.day}日`;
}

/* The members the meeting's items are notified to, each once, in roster order: [{person_id, ...roster entry}]. */
export function attendeesOf(items) {
  const seen = new Map();
  for (const item of items) {
    for (const m of item.roster || []) {
      if (!seen.has(m.person_id)) {
        seen.set(m.person_id, m);
      }
    }
  }
  return [...seen.values()];
}

/*
 * Who attended the meeting, from its items' attendance: `present`, the
 * members present at any item; `absent`, those marked absent from every
 * item whose attendance was recorded, each {member, reason} with the first
 * reason the reader may read (null when none). A member whose attendance
 * no item recorded is in neither.
 */
export function attendanceOf(items) {
  const present = [];
  const absent = [];
  for (const member of attendeesOf(items)) {
    const marks = items.flatMap((item) => (item.roster || []).filter((m) => m.person_id === member.person_id && m.present !== undefined && m.present !== null));
    if (marks.some((m) => m.present)) {
      present.push(member);
    } else if (marks.length > 0) {
      const reason = marks.map((m) => m.absence_reason).find((r) => r);
      absent.push({ member, reason: reason || null });
    }
  }
  return { present, absent };
}

/*
 * What an item's record says of its attendance beyond the meeting's: the
 * members absent from it though present at another item, and those
 * recused from it, each {member, reason} (reasons the reader may read, or
 * null).
 */
export function itemAttendance(item, attendance) {
  const atMeeting = new Set(attendance.present.map((m) => m.person_id));
  const roster = item.roster || [];
  return {
    absent: roster.filter((m) => m.present === false && atMeeting.has(m.person_id)).map((m) => ({ member: m, reason: m.absence_reason || null })),
    recused: roster.filter((m) => m.present && m.recused).map((m) => ({ member: m, reason: m.recusal_reason || null })),
  };
}

/*
 * An item's statements as a document may print them: those whose view and
 * summary the server gave this reader (a sealed statement the reader may
 * not read comes without them, and is only counted as `withheld`).
 */
export function readableStatements(item) {
  const all = item.statements || [];
  const readable = all.filter((s) => s.view && s.summary);
  return { readable, withheld: all.length - readable.length };
}
