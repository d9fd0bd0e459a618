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

/*
 * An SVG path through `values` (per mille, 0 to 1000; null leaves a gap)
 * spread evenly across a plot `width` wide and `height` high whose origin
 * is at (left, top): one "M x y" per run of values, "L x y" within it.
 */
export function trendPath(values, { left = 0, top = 0, width, height }) {
  const n = values.length;
  const x = (i) => left + (n > 1 ? (i * width) / (n - 1) : width / 2);
  const y = (v) => top + height - (Math.max(0, Math.min(1000, v)) * height) / 1000;
  const round = (v) => Math.round(v * 10) / 10;
  let d = '';
  let open = false;
  values.forEach((v, i) => {
    if (v === null || v === undefined) {
      open = false;
      return;
    }
    d += `${d ? ' ' : ''}${open ? 'L' : 'M'} ${round(x(i))} ${round(y(v))}`;
    open = true;
  });
  return d;
}
