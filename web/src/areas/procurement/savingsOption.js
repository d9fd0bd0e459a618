/*
 * The ECharts option of the savings chart (SavingsChart.vue): per year the
 * contracts were signed, the saving rate (control price less contract
 * price, of the control price) as bars, and the change orders' share of
 * the contract prices and the settlements' overrun as lines, all in
 * percent (a year without the figure's base is a gap). Readable without
 * colour: bars against lines with their own dash and symbol, the
 * Okabe–Ito colours of the indicators' chart (trendOption.js); the
 * tooltip lists every figure of the year. Free of Vue and ECharts, for
 * node's tests.
 */
import { OKABE_ITO, percentText } from '../indicators/trendOption.js';

/* Below this width (CSS pixels) the chart is laid out for a phone. */
export const NARROW_WIDTH = 600;

/* The figures drawn, in order: the first as bars, the others as lines. */
export const FIGURES = Object.freeze(['saving_permille', 'change_permille', 'overrun_permille']);

const LINE_STYLES = [
  { color: OKABE_ITO.vermillion, type: 'dashed', symbol: 'triangle', symbolSize: 10, width: 3 },
  { color: OKABE_ITO.reddishPurple, type: 'dotted', symbol: 'diamond', symbolSize: 9, width: 3 },
];

/* Per mille → percent, null kept (a gap). */
function percent(value) {
  return value === null || value === undefined ? null : value / 10;
}

/*
 * The option for `years` (the answer's rows: {year, saving_permille,
 * change_permille, overrun_permille}), `labels` ({saving_permille: text,
 * ...}: the series' names in the UI language), `narrow` for a phone,
 * `title` the chart's accessible description.
 */
export function savingsOption({ years, labels, narrow = false, title = '' }) {
  const categories = years.map((y) => String(y.year));
  const series = FIGURES.map((key, i) => {
    const data = years.map((y) => percent(y[key]));
    if (i === 0) {
      return {
        name: labels[key],
        type: 'bar',
        data,
        barMaxWidth: 48,
        itemStyle: { color: OKABE_ITO.blue },
        label: { show: !narrow, position: 'top', formatter: ({ value }) => percentText(value) },
        z: 1,
      };
    }
    const s = LINE_STYLES[i - 1];
    return {
      name: labels[key],
      type: 'line',
      data,
      connectNulls: false,
      showAllSymbol: true,
      symbol: s.symbol,
      symbolSize: s.symbolSize,
      lineStyle: { color: s.color, type: s.type, width: s.width },
      itemStyle: { color: s.color },
      z: 2 + i,
    };
  });
  return {
    animation: false,
    color: [OKABE_ITO.blue, ...LINE_STYLES.map((s) => s.color)],
    aria: { enabled: true, label: { description: title } },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: percentText },
    legend: {
      top: 0,
      left: narrow ? 0 : 'center',
      orient: narrow ? 'vertical' : 'horizontal',
      itemGap: narrow ? 6 : 24,
      textStyle: { fontSize: narrow ? 12 : 13 },
    },
    grid: { left: narrow ? 44 : 56, right: 16, top: narrow ? 84 : 48, bottom: 32 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => `${v}%` } },
    series,
  };
}
