/* Tests of the month-by-month chart's ECharts option (trendOption.js). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OKABE_ITO, SERIES_STYLES, percentText, trendOption } from './trendOption.js';

const labels = ['2026-01', '2026-02', '2026-03'];
const series = [
  { key: 'notice', label: '提前通知', values: [1000, null, 667] },
  { key: 'discussion', label: '先讨论后决定', values: [1000, null, 1000] },
  { key: 'collective', label: '集体决策', values: [1000, null, 500] },
];

test('each series has its own colour, dash style, width and symbol', () => {
  const option = trendOption({ labels, series });
  const lines = option.series;
  assert.equal(lines.length, 3);
  const distinct = (pick) => new Set(lines.map((l) => JSON.stringify(pick(l)))).size;
  assert.equal(distinct((l) => l.symbol), 3, 'symbols');
  assert.equal(distinct((l) => l.lineStyle.type), 3, 'dash styles');
  assert.equal(distinct((l) => l.lineStyle.width), 3, 'widths');
  assert.equal(distinct((l) => l.symbolSize), 3, 'symbol sizes');
  /* Drawn widest first, so that coinciding lines all show. */
  assert.ok(lines.every((l, i) => i === 0 || (l.lineStyle.width < lines[i - 1].lineStyle.width && l.symbolSize < lines[i - 1].symbolSize && l.z > lines[i - 1].z)));
  assert.deepEqual(lines.map((l) => l.name), ['提前通知', '先讨论后决定', '集体决策']);
  assert.ok(lines.every((l) => l.showAllSymbol));
});

test('the colours are the Okabe–Ito palette, never red against green', () => {
  const palette = new Set(Object.values(OKABE_ITO));
  const option = trendOption({ labels, series });
  assert.ok(option.color.every((c) => palette.has(c)));
  assert.ok(option.series.every((l) => palette.has(l.lineStyle.color) && l.itemStyle.color === l.lineStyle.color));
  assert.ok(SERIES_STYLES.every((s) => palette.has(s.color)));
  assert.equal(OKABE_ITO.blue, '#0072B2');
  assert.equal(OKABE_ITO.vermillion, '#D55E00');
  assert.equal(OKABE_ITO.bluishGreen, '#009E73');
});

test('shares are percent and months with nothing to measure are gaps', () => {
  const option = trendOption({ labels, series });
  assert.deepEqual(option.series[0].data, [100, null, 66.7]);
  assert.ok(option.series.every((l) => l.data[1] === null && l.connectNulls === false));
  assert.deepEqual(option.xAxis.data, labels);
  assert.equal(option.yAxis.min, 0);
  assert.equal(option.yAxis.max, 100);
});

test('the tooltip lists every series of the month', () => {
  const option = trendOption({ labels, series });
  assert.equal(option.tooltip.trigger, 'axis');
  assert.equal(option.tooltip.valueFormatter(66.7), '66.7%');
  assert.equal(percentText(null), '—');
});

test('on a phone the legend stacks above the plot and month labels tilt', () => {
  const wide = trendOption({ labels, series });
  const narrow = trendOption({ labels, series, narrow: true });
  assert.equal(wide.legend.orient, 'horizontal');
  assert.equal(narrow.legend.orient, 'vertical');
  assert.ok(narrow.grid.top >= 22 * series.length, 'the plot starts below the stacked legend');
  assert.equal(narrow.xAxis.axisLabel.rotate, 45);
  assert.equal(narrow.xAxis.axisLabel.hideOverlap, true);
  assert.equal(wide.xAxis.axisLabel.rotate, 0);
});
