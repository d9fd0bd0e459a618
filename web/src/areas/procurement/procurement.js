/*
 * What the project pages make of a works project or purchase
 * (docs/procurement.md), free of Vue and of the message catalogues
 * (procurement.test.js): the steps of its lifecycle and which of them may
 * come next from its status, the score sheet of a bid review (rows the
 * bids, columns each panel member's score on each criterion) and the
 * body of `project.evaluation` it makes, and figures in per mille as
 * percentages.
 */

/* The steps in order: the key (its texts' and data-test's name), the declared command and the path under /projects/{id}. */
export const STEPS = Object.freeze([
  { key: 'design', command: 'project.design', path: 'design' },
  { key: 'controlPrice', command: 'project.control_price', path: 'control_price' },
  { key: 'tender', command: 'project.tender', path: 'tender' },
  { key: 'bid', command: 'bid.submit', path: 'bids' },
  { key: 'opening', command: 'project.opening', path: 'opening' },
  { key: 'panel', command: 'project.panel', path: 'panel' },
  { key: 'evaluation', command: 'project.evaluation', path: 'evaluation' },
  { key: 'award', command: 'project.award', path: 'award' },
  { key: 'contract', command: 'project.contract', path: 'contract' },
  { key: 'changeOrder', command: 'change_order.create', path: 'change_orders' },
  { key: 'acceptance', command: 'project.acceptance', path: 'acceptance' },
  { key: 'settlement', command: 'project.settlement', path: 'settlement' },
]);

/* The statuses in the order a project reaches them. */
export const STATUSES = Object.freeze([
  'registered', 'design_approved', 'price_reviewed', 'tendering', 'opened', 'evaluated', 'awarded', 'contracted', 'accepted', 'settled',
]);

/*
 * The keys of the steps that may come next for `project` at `now` (ms):
 * what its status allows, as the server's procedure has it (the server
 * decides in the end). A direct purchase has no tender: after the price,
 * its contract names the supplier. Bids are taken until the deadline, the
 * opening from the opening time.
 */
export function nextSteps(project, now = Date.now()) {
  if (!project) {
    return [];
  }
  switch (project.status) {
    case 'registered':
      return ['design'];
    case 'design_approved':
      return ['controlPrice'];
    case 'price_reviewed':
      return project.method === 'direct' ? ['contract'] : ['tender'];
    case 'tendering': {
      const due = Date.parse(project.submission_deadline);
      const opens = Date.parse(project.opening_at || project.submission_deadline);
      return [...(!(now > due) ? ['bid'] : []), ...(now >= opens ? ['opening'] : [])];
    }
    case 'opened':
      return project.panel_formed_at ? ['evaluation'] : ['panel'];
    case 'evaluated':
      return ['award'];
    case 'awarded':
      return ['contract'];
    case 'contracted':
      return ['acceptance', 'changeOrder'];
    case 'accepted':
      return ['settlement', 'changeOrder'];
    default:
      return [];
  }
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
