/*
 * The budget pages' arithmetic (docs/decisions.md, "Budgets"), kept free of
 * Vue so node's test runner loads it directly: the congress vote's outcome
 * as the rulebook in force counts it (shown before the vote is sent; the
 * server decides), the large-fund threshold above which an expenditure
 * cites its resolution, what a resolution cited still authorises (its
 * amount less what was spent citing it, its period), yuan and fen (toFen
 * and toYuan, from format.js), and which matters studied a budget.
 */
import { toFen, toYuan } from '../../format.js';

export { toFen, toYuan };

/*
 * The least count meeting a threshold {compare: 'more_than'|'at_least',
 * numerator, denominator} of `base` heads, as the server computes it
 * (rules_threshold_min): never below 1.
 */
export function thresholdMin(threshold, base) {
  const product = threshold.numerator * base;
  const least = threshold.compare === 'more_than'
    ? Math.floor(product / threshold.denominator) + 1
    : Math.ceil(product / threshold.denominator);
  return Math.max(1, least);
}

const COUNTS = ['entitled', 'present', 'votes_for', 'votes_against', 'abstentions'];

/*
 * The outcome of a congress vote `counts` ({entitled, present, votes_for,
 * votes_against, abstentions}) under the rulebook's `congress` rules
 * ({quorum, pass}). Returns null while a count is missing; else
 *   {rule: 'congress.tally'}    the counts do not add up (refused),
 *   {rule: 'congress.quorum', least}   too few deputies present (refused),
 *   {rule: null, passed, needed, base} a valid vote: passed or failed (both
 *                                      are recorded; a failed one adopts nothing).
 * The pass rule's base is always every deputy entitled, not those present.
 */
export function congressOutcome(counts, congress) {
  if (!counts || !congress || COUNTS.some((key) => !Number.isInteger(counts[key]))) {
    return null;
  }
  const { entitled, present, votes_for: votesFor, votes_against: against, abstentions } = counts;
  if (COUNTS.some((key) => counts[key] < 0) || present > entitled || votesFor + against + abstentions > present) {
    return { rule: 'congress.tally' };
  }
  const least = thresholdMin(congress.quorum, entitled);
  if (present < least) {
    return { rule: 'congress.quorum', least };
  }
  const needed = thresholdMin(congress.pass, entitled);
  return { rule: null, passed: entitled > 0 && votesFor >= needed, needed, base: entitled };
}

/* The rulebook answer's (GET /rulebook?township=) congress rules, or null. */
export function congressRules(rulebook) {
  const document = rulebook && rulebook.in_force ? rulebook.in_force.document : null;
  return (document && document.congress) || null;
}

/* The rulebook answer's large-fund threshold in fen, or null. */
export function largeFundFen(rulebook) {
  const document = rulebook && rulebook.in_force ? rulebook.in_force.document : null;
  const value = document && document.thresholds ? document.thresholds.large_fund_fen : null;
  return Number.isInteger(value) ? value : null;
}

/* True when an expenditure of `amountFen` must cite the resolution that approved it. */
export function requiresResolution(amountFen, thresholdFen) {
  return Number.isInteger(amountFen) && Number.isInteger(thresholdFen) && amountFen >= thresholdFen;
}

/* What a resolution that authorises spending (a row of GET /resolutions) still allows, in fen: its amount less what was spent citing it (null when it names no amount). */
export function resolutionLeft(resolution) {
  if (!resolution || !Number.isInteger(resolution.amount_fen)) {
    return null;
  }
  return resolution.amount_fen - (resolution.spent_fen || 0);
}

/* True when spending `amountFen` citing `resolution` would go beyond what it still allows (budget.resolution_exceeded). */
export function exceedsResolution(resolution, amountFen) {
  const left = resolutionLeft(resolution);
  return Number.isInteger(amountFen) && left !== null && amountFen > left;
}

/* True when `date` ("YYYY-MM-DD") lies outside the period a resolution authorises, first and last day included (budget.resolution_period). */
export function outsideResolutionPeriod(resolution, date) {
  if (!resolution || !date) {
    return false;
  }
  return (!!resolution.spend_from && date < resolution.spend_from) || (!!resolution.spend_until && date > resolution.spend_until);
}

/* The sum of the lines' allocations (fen): what an adopting vote must adopt. */
export function linesTotal(lines) {
  return (lines || []).reduce((sum, line) => sum + (line.allocated_fen ?? line.amount_fen ?? 0), 0);
}

/* The draft's study is a major decision (collective, by vote): it authorises
 * no spending of its own, as a large-fund or project matter would (those
 * name a line and a period, and expenditures cite them). */
export const STUDY_CATEGORY = 'major_decision';
export const ADJUSTMENT_CATEGORY = 'budget_adjustment';

/* The matters linked to a budget that study the draft (not adjustments). */
export function draftStudies(budget) {
  return ((budget && budget.matters) || []).filter((m) => m.category !== ADJUSTMENT_CATEGORY);
}

/*
 * The adjustment studies an adjustment may be recorded on: passed by the
 * committee and not yet used by an adopted adjustment.
 */
export function openAdjustmentStudies(budget) {
  const used = new Set(((budget && budget.adjustments) || []).filter((a) => a.status === 'adopted').map((a) => a.matter_id));
  return ((budget && budget.matters) || []).filter((m) => m.category === ADJUSTMENT_CATEGORY && m.item_status === 'passed' && !used.has(m.id));
}

/* The changes of an adjustment from {lineId: delta in yuan}: the lines with a non-zero change. */
export function adjustmentChanges(deltas) {
  return Object.entries(deltas || {})
    .map(([lineId, yuan]) => ({ line_id: Number(lineId), delta_fen: toFen(yuan) }))
    .filter((change) => change.delta_fen);
}

/*
 * The spending date a new expenditure starts from: today when today falls
 * in the budget's fiscal year, else the year's nearest day (its last day
 * for a past year, its first for a coming one). The server refuses a date
 * outside the year (budget.spent_outside_year).
 */
export function spendingDateIn(fiscalYear, today) {
  const year = Number(today.slice(0, 4));
  if (!fiscalYear || year === fiscalYear) {
    return today;
  }
  return year > fiscalYear ? `${fiscalYear}-12-31` : `${fiscalYear}-01-01`;
}

/* True when a date (a Date) lies outside the fiscal year: the picker greys it out. */
export function outsideFiscalYear(fiscalYear, date) {
  return !!fiscalYear && date.getFullYear() !== fiscalYear;
}
