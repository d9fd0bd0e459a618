/*
 * What the project pages make of a works project or purchase
 * (docs/procurement.md), free of Vue and of the message catalogues
 * (procurement.test.js): the steps of its lifecycle, those its answer
 * permits now (`next`) and when the clock will change them, the score
 * sheet of a bid review (rows the bids, columns each panel member's score
 * on each criterion) and the body of `project.evaluation` it makes, and
 * figures in per mille as percentages.
 */

/*
 * The steps in order: the key (its texts' and data-test's name), the
 * action the API names it by in a project's `next` and `blocked`, the
 * declared command and the path under /projects/{id}.
 */
export const STEPS = Object.freeze([
  { key: 'design', action: 'design', command: 'project.design', path: 'design' },
  { key: 'controlPrice', action: 'control_price', command: 'project.control_price', path: 'control_price' },
  { key: 'tender', action: 'tender', command: 'project.tender', path: 'tender' },
  { key: 'bid', action: 'bid', command: 'bid.submit', path: 'bids' },
  { key: 'opening', action: 'opening', command: 'project.opening', path: 'opening' },
  { key: 'panel', action: 'panel', command: 'project.panel', path: 'panel' },
  { key: 'evaluation', action: 'evaluation', command: 'project.evaluation', path: 'evaluation' },
  { key: 'award', action: 'award', command: 'project.award', path: 'award' },
  { key: 'contract', action: 'contract', command: 'project.contract', path: 'contract' },
  { key: 'changeOrder', action: 'change_order', command: 'change_order.create', path: 'change_orders' },
  { key: 'acceptance', action: 'acceptance', command: 'project.acceptance', path: 'acceptance' },
  { key: 'settlement', action: 'settlement', command: 'project.settlement', path: 'settlement' },
]);

/* The statuses in the order a project reaches them. */
export const STATUSES = Object.freeze([
  'registered', 'design_approved', 'price_reviewed', 'tendering', 'opened', 'evaluated', 'awarded', 'contracted', 'accepted', 'settled',
]);

/* The step the API calls `action`, or undefined. */
export function stepOf(action) {
  return STEPS.find((s) => s.action === action);
}

/*
 * The steps `project` permits now to its reader, in the order of its
 * `next` (the server's answer: what the status and the clock permit and
 * the reader's role may take; [] for the public); actions the page does
 * not know are left out.
 */
export function permittedSteps(project) {
  return ((project && Array.isArray(project.next) && project.next) || []).map((n) => stepOf(n.action)).filter(Boolean);
}

/* How long after a clock time the page asks again (the server's clock may be a little behind the browser's). */
export const CLOCK_MARGIN_MS = 1000;
/* How often, and for how long after the opening time, it asks again while the answer still blocks the opening. */
export const CLOCK_RETRY_MS = 5000;
export const CLOCK_RETRY_FOR_MS = 60000;
/* The longest delay a browser's timer takes (a longer one fires at once). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/*
 * The ms from `now` after which a tendering project's steps change by
 * the clock, so that its page asks the server again: bids are taken up to
 * the deadline (`submission_deadline`), the opening from `opening_at`.
 * Null when nothing will change: another status, or an answer without
 * steps (the public's). Once both times have passed but the answer still
 * blocks the opening, again shortly for a minute.
 */
export function clockRefreshDelay(project, now = Date.now()) {
  if (!project || project.status !== 'tendering') {
    return null;
  }
  const next = Array.isArray(project.next) ? project.next : [];
  const blocked = Array.isArray(project.blocked) ? project.blocked : [];
  if (next.length === 0 && blocked.length === 0) {
    return null;
  }
  const due = Date.parse(project.submission_deadline);
  const opens = Date.parse(project.opening_at || project.submission_deadline);
  const ahead = [due + 1, opens].filter((at) => Number.isFinite(at) && at > now);
  if (ahead.length > 0) {
    return Math.min(Math.min(...ahead) - now + CLOCK_MARGIN_MS, LONGEST_TIMER_MS);
  }
  if (blocked.some((b) => b.action === 'opening') && now - opens < CLOCK_RETRY_FOR_MS) {
    return CLOCK_RETRY_MS;
  }
  return null;
}

/* How far `project` has come: the index of its status in STATUSES (-1 when unknown). */
export function stageOf(project) {
  return project ? STATUSES.indexOf(project.status) : -1;
}

/* A figure in per mille as a percentage with one decimal ("12.5%"); '' for none. */
export function permilleText(value) {
  if (value === null || value === undefined) {
    return '';
  }
  const negative = value < 0;
  const abs = Math.abs(value);
  return `${negative ? '-' : ''}${Math.floor(abs / 10)}.${abs % 10}%`;
}

/* A total in hundredths of a point ("87.25"). */
export function pointsText(hundredths) {
  if (hundredths === null || hundredths === undefined) {
    return '';
  }
  return (hundredths / 100).toFixed(2);
}

/* The key of one cell of the score sheet: a bid's score from a member on a criterion. */
export function cellKey(bidId, evaluatorId, criterion) {
  return `${bidId}:${evaluatorId}:${criterion}`;
}

/* The criteria's weights add up to 100, each named once; a list of problems (keys of the catalogue's `sheet` group), [] when none. */
export function criteriaProblems(criteria) {
  const problems = [];
  const names = criteria.map((c) => String(c.name || '').trim());
  if (criteria.length === 0 || names.some((n) => !n)) {
    problems.push('criterionName');
  }
  if (new Set(names).size !== names.length) {
    problems.push('criterionTwice');
  }
  if (criteria.reduce((sum, c) => sum + (Number(c.weight) || 0), 0) !== 100) {
    problems.push('weights');
  }
  return problems;
}

/*
 * The cells of the sheet left without a score: [{bid, member, criterion}]
 * for each bid not disqualified (`disqualified`: {bidId: reason}), each
 * panel member (`panel`: [{evaluator_id, name}]) and criterion.
 */
export function missingScores({ bids, panel, criteria, scores, disqualified = {} }) {
  const missing = [];
  for (const bid of bids) {
    if (bid.id in disqualified) {
      continue;
    }
    for (const member of panel) {
      for (const c of criteria) {
        const v = scores[cellKey(bid.id, member.evaluator_id, c.name.trim())];
        if (v === null || v === undefined || v === '') {
          missing.push({ bid, member, criterion: c.name.trim() });
        }
      }
    }
  }
  return missing;
}

/*
 * The body of project.evaluation from the sheet: the criteria (name,
 * weight, price), a score for each cell of a bid not disqualified, and the
 * bids disqualified with their reasons.
 */
export function evaluationPayload({ bids, panel, criteria, scores, disqualified = {} }) {
  const named = criteria.map((c) => ({ name: c.name.trim(), weight: Number(c.weight), price: !!c.price }));
  const out = [];
  for (const bid of bids) {
    if (bid.id in disqualified) {
      continue;
    }
    for (const member of panel) {
      for (const c of named) {
        const v = scores[cellKey(bid.id, member.evaluator_id, c.name)];
        if (v !== null && v !== undefined && v !== '') {
          out.push({ bid_id: bid.id, evaluator_id: member.evaluator_id, criterion: c.name, score: Number(v) });
        }
      }
    }
  }
  const body = { criteria: named, scores: out };
  const dq = bids.filter((b) => b.id in disqualified).map((b) => ({ bid_id: b.id, reason: String(disqualified[b.id] || '').trim() }));
  if (dq.length > 0) {
    body.disqualified = dq;
  }
  return body;
}

/* The bids ranked by the review (bid_review.ranking), each bid with its rank and total; the bids by price when there is no review. */
export function rankedBids(project) {
  const bids = (project && project.bids) || [];
  const ranking = (project && project.bid_review && project.bid_review.ranking) || [];
  const byId = new Map(ranking.map((r) => [r.bid_id, r]));
  const rows = bids.map((b) => ({ ...b, rank: byId.get(b.id)?.rank ?? null, total_hundredths: byId.get(b.id)?.total_hundredths ?? null }));
  return rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.price_fen - b.price_fen);
}
