/*
 * What the to-do page makes of GET /api/v1/todo (docs/decisions.md, "The
 * workbench"), free of Vue and of the message catalogues (todo.test.js):
 * which sections the answer has and in which order they are shown (what
 * must be done today first: a vote, a statement, a notice before the
 * meeting; then the clerk's meetings, the minutes to countersign, tasks and
 * budgets; the discipline secretary's supervision lists last), the total
 * the header's badge shows, and each row in words: what to do, about what,
 * when and where, and the page where it is done. The server answers only
 * the sections the user can act on, so a role's page is the sections its
 * answer has.
 */
import { formatDate, formatTime, todayInShanghai } from '../../format.js';

/* The sections the page knows, in the order it shows them. */
export const SECTIONS = [
  'ballots', 'statements', 'notices', 'meetings', 'countersign', 'tasks', 'my_tasks', 'budgets', 'late_items', 'exceptions', 'red_flags',
];

/* How many rows section `key` of `answer` has: its count, else the rows it lists. */
function countOf(answer, key) {
  const n = answer.counts && answer.counts[key];
  return Number.isInteger(n) ? n : answer[key].length;
}

/*
 * The sections of `answer` the page shows, [{key, rows, count}]: those it
 * has (and the page knows) in SECTIONS order, the ones with rows first, the
 * empty ones after them. [] for no answer.
 */
export function sectionsOf(answer) {
  if (!answer || typeof answer !== 'object') {
    return [];
  }
  const present = SECTIONS.filter((key) => Array.isArray(answer[key]))
    .map((key) => ({ key, rows: answer[key], count: countOf(answer, key) }));
  return [...present.filter((s) => s.rows.length > 0), ...present.filter((s) => s.rows.length === 0)];
}

/* The number of things waiting in `answer`: the sum of its sections' counts (those the page shows); null for no answer. */
export function todoTotal(answer) {
  if (!answer || typeof answer !== 'object') {
    return null;
  }
  return sectionsOf(answer).reduce((sum, s) => sum + s.count, 0);
}

/* Days from YYYY-MM-DD `from` to YYYY-MM-DD `to` (negative when `to` is earlier). */
export function daysBetween(from, to) {
  const day = (text) => {
    const [y, m, d] = String(text).slice(0, 10).split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((day(to) - day(from)) / 86400000);
}

/* A rule's message (a verdict {rule, message_zh, message_en}) in `locale`; the other language's when it has none, the rule's id when neither. */
export function verdictText(verdict, locale) {
  if (!verdict) {
    return '';
  }
  const [first, second] = locale === 'en' ? [verdict.message_en, verdict.message_zh] : [verdict.message_zh, verdict.message_en];
  return first || second || verdict.message || verdict.rule || '';
}

const minutes = (value) => formatTime(value, { seconds: false });

/*
 * Row `row` of section `section` in words, for township `ctx.tid`:
 *   {key, text (what to do), tags [{text, type}], meta [...] (about what,
 *    when, where), facts [...], quote {label, text} | null (a
 *    justification), turn (the secretary's turn to speak last) | '',
 *    acknowledge (the notification's id) | null, materials [...] (a
 *    notice's: its matter's meeting materials, as the API gives them),
 *    link {to, label}}
 * `ctx`: `t(key, params)` (the catalogue's words) and `te(key)` (whether
 * it has a key: a step the page does not name shows as itself), `tid`, `locale`, `now`
 * (ms, for a meeting's state and a task's lateness), and `labels`: the
 * API's names of a matter's `category`, an item's `itemStatus`, a
 * meeting's `meetingKind`, a budget's `budgetStatus` and a notice's
 * `noticeChange` (functions of the value; the value itself when not given). Times are Beijing's
 * (format.js); people are named in the UI language.
 */
export function todoRow(section, row, ctx) {
  const { t, te = () => true, tid, locale = 'zh-CN', now = Date.now(), labels = {} } = ctx;
  const label = (kind, value) => (labels[kind] ? labels[kind](value) : String(value ?? ''));
  const today = todayInShanghai(new Date(now));
  const item = { name: 'item', params: { tid, id: row.item_id } };
  const meeting = (id) => ({ name: 'meeting', params: { tid, id } });
  const category = row.category ? [{ text: label('category', row.category), type: 'info' }] : [];
  const where = [row.meeting_title, minutes(row.starts_at), row.place].filter(Boolean);
  const base = { key: `${section}-${row.id ?? row.item_id}`, tags: [], meta: [], facts: [], quote: null, turn: '', acknowledge: null, materials: [] };
  const lateness = (due) => {
    const days = daysBetween(due, today);
    if (days > 0) {
      return [{ text: t('todo.task.late', { n: days }), type: 'danger' }];
    }
    return days === 0 ? [{ text: t('todo.task.dueToday'), type: 'warning' }] : [];
  };
  const owner = locale === 'en' ? row.owner_name_en || row.owner_name : row.owner_name || row.owner_name_en;

  switch (section) {
    case 'notices':
      return {
        ...base,
        /* A notice of a change: the meeting is postponed (to its start, shown in `meta`) or cancelled. */
        text: t(row.change === 'cancelled' ? 'todo.notice.cancelled' : row.change === 'postponed' ? 'todo.notice.postponed' : 'todo.notice.text', { matter: row.matter_title }),
        tags: [
          ...category,
          ...(row.adhoc ? [{ text: t('todo.notice.adhoc'), type: 'warning' }] : []),
          ...(row.change ? [{ text: label('noticeChange', row.change), type: row.change === 'cancelled' ? 'danger' : 'warning' }] : []),
        ],
        meta: where,
        acknowledge: row.id,
        materials: row.materials || [],
        link: { to: item, label: t('todo.link.item') },
      };
    case 'statements':
      return {
        ...base,
        text: t('todo.statement.text', { matter: row.matter_title }),
        tags: category,
        meta: where,
        turn: row.last ? t('todo.statement.last') : '',
        link: { to: item, label: t('todo.link.room') },
      };
    case 'ballots':
      return {
        ...base,
        text: t('todo.ballot.text', { matter: row.matter_title }),
        tags: [...category, ...(row.secret ? [{ text: t('todo.ballot.secret'), type: 'warning' }] : [])],
        meta: where,
        link: { to: item, label: t('todo.link.room') },
      };
    case 'meetings': {
      const open = row.items_open || 0;
      const pending = row.notices_pending || 0;
      let text;
      if (!row.items) {
        text = t('todo.meeting.empty', { title: row.title });
      } else if (Date.parse(row.starts_at) > now) {
        text = pending > 0 ? t('todo.meeting.prepare', { title: row.title, n: pending }) : t('todo.meeting.ready', { title: row.title });
      } else if (open > 0) {
        text = t('todo.meeting.running', { title: row.title, n: open });
      } else {
        text = t('todo.meeting.concluded', { title: row.title });
      }
      return {
        ...base,
        text,
        meta: [row.kind ? label('meetingKind', row.kind) : '', minutes(row.starts_at), row.place].filter(Boolean),
        facts: row.items
          ? [t('todo.meeting.items', { n: row.items, open }), pending > 0 ? t('todo.meeting.noticesPending', { n: pending }) : t('todo.meeting.noticesDone')]
          : [t('todo.meeting.noItems')],
        link: { to: meeting(row.id), label: t('todo.link.meeting') },
      };
    }
    case 'countersign':
      return {
        ...base,
        text: t('todo.countersign.text', { title: row.title }),
        meta: [minutes(row.starts_at), row.place].filter(Boolean),
        facts: [t('todo.countersign.items', { n: row.items || 0 })],
        link: { to: meeting(row.id), label: t('todo.link.meeting') },
      };
    case 'late_items':
      return {
        ...base,
        text: t('todo.late.text', { matter: row.matter_title }),
        tags: category,
        meta: where,
        facts: [
          row.notified_at ? t('todo.late.notified', { time: minutes(row.notified_at) }) : '',
          row.status ? t('todo.late.status', { status: label('itemStatus', row.status) }) : '',
        ].filter(Boolean),
        quote: { label: t('todo.justification'), text: row.notice_justification || t('todo.noJustification') },
        link: { to: item, label: t('todo.link.item') },
      };
    case 'exceptions':
      return {
        ...base,
        key: `${section}-${row.item_id}-${row.step}-${row.at}`,
        text: t('todo.exception.text', { step: te(`todo.step.${row.step}`) ? t(`todo.step.${row.step}`) : row.step, message: verdictText(row.verdict, locale) }),
        tags: category,
        meta: [t('todo.exception.matter', { matter: row.matter_title }), row.meeting_title, minutes(row.at || row.starts_at)].filter(Boolean),
        quote: { label: t('todo.justification'), text: row.justification || t('todo.noJustification') },
        link: { to: item, label: t('todo.link.item') },
      };
    case 'tasks':
      return {
        ...base,
        text: t('todo.task.overdue', { description: row.description }),
        tags: lateness(row.due_date),
        meta: [
          owner ? t('todo.task.owner', { name: owner }) : '',
          t('todo.task.due', { date: formatDate(row.due_date) }),
          row.matter_title ? t('todo.task.resolution', { matter: row.matter_title }) : '',
        ].filter(Boolean),
        link: { to: { name: 'tasks', params: { tid }, query: { overdue: '1' } }, label: t('todo.link.tasks') },
      };
    case 'my_tasks':
      return {
        ...base,
        text: t('todo.task.mine', { description: row.description }),
        tags: lateness(row.due_date),
        meta: [
          t('todo.task.due', { date: formatDate(row.due_date) }),
          row.matter_title ? t('todo.task.resolution', { matter: row.matter_title }) : '',
        ].filter(Boolean),
        link: { to: { name: 'tasks', params: { tid } }, label: t('todo.link.tasks') },
      };
    case 'budgets':
      return {
        ...base,
        text: t('todo.budget.text', { title: row.title }),
        meta: [t('todo.budget.year', { year: row.fiscal_year }), row.status ? label('budgetStatus', row.status) : ''].filter(Boolean),
        link: { to: { name: 'budget', params: { tid, id: row.id } }, label: t('todo.link.budget') },
      };
    case 'red_flags':
      return {
        ...base,
        text: row.title ? t('todo.redFlag.titled', { project: row.project_title, title: row.title }) : t('todo.redFlag.text', { project: row.project_title }),
        tags: [{ text: t('todo.redFlag.open'), type: 'warning' }],
        meta: [row.raised_at ? t('todo.redFlag.raised', { time: minutes(row.raised_at) }) : ''].filter(Boolean),
        link: { to: { name: 'redFlags', params: { tid }, query: { status: 'open' } }, label: t('todo.link.redFlags') },
      };
    default:
      return null;
  }
}
