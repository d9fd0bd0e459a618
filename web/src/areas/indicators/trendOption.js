/*
 * The ECharts option of the month-by-month chart of the indicators
 * (TrendChart.vue): one line per pair over the months, shares in percent
 * (a month with nothing to measure is a gap). Readable without colour:
 * each series has a colour of the Okabe–Ito palette (safe for colour-blind
 * readers), its own dash style, line width and symbol shape, drawn from
 * the widest and largest up, so that lines that coincide still show each
 * one; the tooltip lists every series of the month. On a narrow screen
 * the legend stacks and the month labels tilt. Free of Vue and ECharts,
 * for node's tests.
 */

/* Okabe & Ito, "Color Universal Design" (2008): distinct for every common colour vision. */
export const OKABE_ITO = Object.freeze({
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
});

/* One style per series, in order: the first is drawn widest and largest, underneath. */
export const SERIES_STYLES = Object.freeze([
  { color: OKABE_ITO.blue, lineType: 'solid', width: 5, symbol: 'circle', symbolSize: 13 },
  { color: OKABE_ITO.vermillion, lineType: 'dashed', width: 3, symbol: 'triangle', symbolSize: 10 },
  { color: OKABE_ITO.bluishGreen, lineType: 'dotted', width: 2, symbol: 'diamond', symbolSize: 7 },
  { color: OKABE_ITO.reddishPurple, lineType: [8, 3, 2, 3], width: 2, symbol: 'rect', symbolSize: 6 },
]);

/* Below this width (CSS pixels) the chart is laid out for a phone. */
export const NARROW_WIDTH = 600;

/* A share in percent as the tooltip shows it; a dash for a month with nothing to measure. */
export function percentText(value) {
  return value === null || value === undefined ? '—' : `${Number(value).toFixed(1)}%`;
}

/*
 * The option for `labels` (the months) and `series` ([{key, label, values:
 * [per mille | null]}]), `narrow` for a phone's width, `title` the chart's
 * accessible description.
 */
export function trendOption({ labels, series, narrow = false, title = '' }) {
  const styles = series.map((_, i) => SERIES_STYLES[i % SERIES_STYLES.length]);
  return {
    animation: false,
    color: styles.map((s) => s.color),
    aria: { enabled: true, label: { description: title } },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: percentText },
    legend: {
      top: 0,
      left: narrow ? 0 : 'center',
      orient: narrow ? 'vertical' : 'horizontal',
      itemWidth: 36,
      itemHeight: 12,
      itemGap: narrow ? 6 : 24,
      textStyle: { fontSize: narrow ? 12 : 13 },
    },
    grid: { left: narrow ? 4 : 12, right: narrow ? 12 : 24, top: narrow ? 22 * series.length + 16 : 44, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLabel: { rotate: narrow ? 45 : 0, hideOverlap: true, fontSize: narrow ? 10 : 12 },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 100,
      interval: narrow ? 50 : 25,
      axisLabel: { formatter: '{value}%', fontSize: narrow ? 10 : 12 },
    },
    series: series.map((s, i) => ({
      id: s.key,
      name: s.label,
      type: 'line',
      data: s.values.map((v) => (v === null || v === undefined ? null : v / 10)),
      connectNulls: false,
      showAllSymbol: true,
      symbol: styles[i].symbol,
      symbolSize: styles[i].symbolSize,
      z: 2 + i,
      lineStyle: { color: styles[i].color, width: styles[i].width, type: styles[i].lineType },
      itemStyle: { color: styles[i].color, borderColor: '#fff', borderWidth: 1 },
      emphasis: { focus: 'series' },
    })),
  };
}
