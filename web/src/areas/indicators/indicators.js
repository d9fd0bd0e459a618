/*
 * The "three more, three fewer" (三多三少) indicators as pairs, from the
 * counts of GET /townships/{tid}/indicators (docs/decisions.md): items
 * notified in advance against ad-hoc motions, items discussed by all
 * against items put to the vote alone, matters decided collectively
 * against matters decided alone. Each side has its count and its share of
 * the pair in per mille (null when the pair is empty), so the two shares
 * of a pair add up to 1000 (up to rounding). Free of Vue, for node's tests.
 */

function share(part, whole) {
  return whole > 0 ? Math.round((part * 1000) / whole) : null;
}

function pair(key, more, moreCount, fewer, fewerCount) {
  const whole = moreCount + fewerCount;
  return {
    key,
    more: { label: more, count: moreCount, permille: share(moreCount, whole) },
    fewer: { label: fewer, count: fewerCount, permille: share(fewerCount, whole) },
  };
}

/* [{key, more: {label, count, permille}, fewer: {...}}] with labels as keys under `indicators.`. */
export function indicatorPairs(counts) {
  const c = counts || {};
  const n = (key) => (Number.isInteger(c[key]) ? c[key] : 0);
  return [
    pair('notice', 'notified', n('items_notified'), 'adhoc', n('items_adhoc')),
    pair('discussion', 'discussed', n('items_discussed'), 'voteOnly', n('items_vote_only')),
    pair('collective', 'collective', n('matters_collective'), 'individual', n('matters_individual')),
  ];
}

/* The "more" share of each pair for each month of the answer's `months`: [{key, values: [permille|null]}]. */
export function monthlyShares(months) {
  const rows = (months || []).map((m) => indicatorPairs(m.counts));
  return ['notice', 'discussion', 'collective'].map((key, i) => ({
    key,
    values: rows.map((pairs) => pairs[i].more.permille),
  }));
}
