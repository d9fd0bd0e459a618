/*
 * Display formatting shared by all pages: API times (UTC, RFC 3339) shown in
 * Asia/Shanghai, and typed in it whatever the browser's time zone
 * (toShanghaiClock, fromShanghaiClock: the pickers hold Beijing's wall
 * clock as text), dates, and money held in fen.
 *
 * Money: amounts travel as integer fen. Use
 *   formatYuan(123456)        -> "¥1,234.56"      (exact yuan and fen)
 *   formatWan(1234560000)     -> "1,234.56万元"   (ten-thousands of yuan,
 *                                                  as officials expect in
 *                                                  budgets and projects)
 *   formatMoney(fen, locale)  -> 万元 form in zh-CN, yuan form in English
 * and forms take yuan: toFen('1234.56') -> 123456, toYuan(123456) -> 1234.56.
 * Both exact helpers use integer arithmetic, so no float rounding creeps in
 * below the shown digits. Pass null/undefined and they return ''.
 *
 * Log records: payloadSummary(payload, english) → one short line.
 * File sizes: formatBytes(1536) → "1.5 KB".
 *
 * This file imports nothing, so node's test runner can load it directly.
 */

const TIME_ZONE = 'Asia/Shanghai';
const formatters = new Map();

function formatter(locale, options) {
  const key = locale + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options });
    formatters.set(key, f);
  }
  return f;
}

/* An RFC 3339 UTC time → "2026-11-29 13:48:32" in Asia/Shanghai (24 h). */
export function formatTime(value, { seconds = true } = {}) {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return String(value);
  }
  const options = {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  };
  if (seconds) {
    options.second = '2-digit';
  }
  const parts = {};
  for (const part of formatter('en-CA', options).formatToParts(date)) {
    parts[part.type] = part.value;
  }
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const clock = `${parts.hour}:${parts.minute}` + (seconds ? `:${parts.second}` : '');
  return `${day} ${clock}`;
}

/* An RFC 3339 time → the Beijing wall clock a picker holds, "2026-11-29 13:48"; null for none. */
export function toShanghaiClock(value) {
  return value ? formatTime(value, { seconds: false }) || null : null;
}

/*
 * A Beijing wall clock "YYYY-MM-DD HH:mm" (seconds optional), as typed or
 * picked whatever the browser's own time zone, → RFC 3339 UTC; null when
 * it is not one. Asia/Shanghai is UTC+8 all year (no daylight saving
 * since 1991).
 */
export function fromShanghaiClock(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(String(text ?? '').trim());
  if (!m) {
    return null;
  }
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour - 8, minute, second);
  const check = new Date(ms + 8 * 3600 * 1000);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  return new Date(ms).toISOString();
}

/* A YYYY-MM-DD date as sent by the API; shown as is, '' for none. */
export function formatDate(value) {
  return value ? String(value).slice(0, 10) : '';
}

/* Today's date in Asia/Shanghai as YYYY-MM-DD (the default start date). */
export function todayInShanghai(now = new Date()) {
  return formatter('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function splitFen(fen) {
  const n = Math.trunc(Number(fen));
  const negative = n < 0;
  const abs = Math.abs(n);
  return { negative, whole: Math.floor(abs / 100), cents: abs % 100 };
}

/* Integer fen → "¥1,234.56" (negative amounts as "-¥1,234.56"). */
export function formatYuan(fen) {
  if (fen === null || fen === undefined || fen === '') {
    return '';
  }
  const { negative, whole, cents } = splitFen(fen);
  return `${negative ? '-' : ''}¥${groupThousands(String(whole))}.${String(cents).padStart(2, '0')}`;
}

/*
 * Integer fen → "123.46万元" with `digits` decimals (default 2), rounded half
 * away from zero. 1万元 = 10,000 yuan = 1,000,000 fen.
 */
export function formatWan(fen, digits = 2) {
  if (fen === null || fen === undefined || fen === '') {
    return '';
  }
  const n = Math.trunc(Number(fen));
  const negative = n < 0;
  const abs = Math.abs(n);
  const scale = 10 ** digits;
  /* Rounded number of (1/scale)万元 units: abs * scale / 1e6, half up. */
  const units = Math.floor((abs * scale + 500000) / 1000000);
  const whole = Math.floor(units / scale);
  const frac = units % scale;
  const text = groupThousands(String(whole)) + (digits > 0 ? '.' + String(frac).padStart(digits, '0') : '');
  return `${negative && units !== 0 ? '-' : ''}${text}万元`;
}

/* The money form for a UI language: 万元 in Chinese, yuan in English. */
export function formatMoney(fen, locale) {
  return String(locale).startsWith('zh') ? formatWan(fen) : formatYuan(fen);
}

/* Yuan as typed (number or text, up to 2 decimals) → integer fen; null when empty or not a number. */
export function toFen(yuan) {
  if (yuan === null || yuan === undefined || yuan === '') {
    return null;
  }
  const n = Number(yuan);
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/* Integer fen → yuan as a number (for a form's starting value); null when not an integer. */
export function toYuan(fen) {
  return Number.isInteger(fen) ? fen / 100 : null;
}

/*
 * A size in bytes → "532 B", "1.5 KB", "12 MB" (1 KB = 1024 bytes): one
 * decimal under ten units, none from ten on; '' for none.
 */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || bytes === '' || !Number.isFinite(Number(bytes))) {
    return '';
  }
  let value = Number(bytes);
  if (value < 1024) {
    return `${value} B`;
  }
  let unit = 'KB';
  value /= 1024;
  for (const next of ['MB', 'GB']) {
    if (Math.round(value * 10) / 10 < 1024) {
      break;
    }
    value /= 1024;
    unit = next;
  }
  const shown = value < 9.95 ? (Math.round(value * 10) / 10).toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${shown} ${unit}`;
}

/* Fields that name what a record is about, in preference order: [Chinese, English]. */
const TITLE_FIELDS = [['name', 'name_en'], ['label', 'label_en'], ['area', 'area_en'], ['title', 'title'], ['login', 'login']];
const HIDDEN_FIELDS = new Set(['sealed_digest', ...TITLE_FIELDS.flat()]);

/*
 * A one-line summary of an event's payload: its name (label, area, title or
 * login) in the UI language, then its other plain fields, each as
 * `describe(key, value)` says it ("label: value", or null to leave it out;
 * "key: value" without one), cut to about `max` characters. Nulls, nested
 * values and the sealed digest are left out.
 */
export function payloadSummary(payload, english = false, max = 90, describe = null) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return clip(JSON.stringify(payload) ?? '', max);
  }
  const present = (key) => typeof payload[key] === 'string' && payload[key] !== '';
  let title = '';
  for (const [zh, en] of TITLE_FIELDS) {
    const pick = english ? [en, zh] : [zh, en];
    const key = pick.find(present);
    if (key) {
      title = payload[key];
      break;
    }
  }
  const details = Object.entries(payload)
    .filter(([key, value]) => !HIDDEN_FIELDS.has(key) && value !== null && typeof value !== 'object')
    .map(([key, value]) => (describe ? describe(key, value) : `${key}: ${value}`))
    .filter(Boolean)
    .join(english ? ', ' : '，');
  return clip([title, details].filter(Boolean).join(' · '), max);
}

function clip(text, max) {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : text;
}
