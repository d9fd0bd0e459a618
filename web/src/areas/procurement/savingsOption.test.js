/* Tests of the savings chart's ECharts option (savingsOption.js). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OKABE_ITO } from '../indicators/trendOption.js';
import { FIGURES, savingsOption } from './savingsOption.js';

const years = [
  { year: '2025', saving_permille: 125, change_permille: 40, overrun_permille: null },
  { year: '2026', saving_permille: 80, change_permille: null, overrun_permille: 15 },
];
const labels = { saving_permille: '节约率', change_permille: '变更占比', overrun_permille: '决算超支' };

test('the saving rate as bars, the change share and the overrun as lines, per year in percent', () => {
  const option = savingsOption({ years, labels, title: '各年度节约率' });
  assert.deepEqual(option.xAxis.data, ['2025', '2026']);
  assert.deepEqual(option.series.map((s) => s.type), ['bar', 'line', 'line']);
  assert.deepEqual(option.series.map((s) => s.name), ['节约率', '变更占比', '决算超支']);
  assert.deepEqual(option.series[0].data, [12.5, 8]);
  assert.deepEqual(option.series[1].data, [4, null], 'a year without the base is a gap');
  assert.deepEqual(option.series[2].data, [null, 1.5]);
  assert.equal(option.aria.label.description, '各年度节约率');
  assert.equal(option.tooltip.valueFormatter(12.5), '12.5%');
  assert.equal(FIGURES.length, option.series.length);
});

test('distinct without colour, colours of the Okabe–Ito palette', () => {
  const option = savingsOption({ years, labels });
  const palette = new Set(Object.values(OKABE_ITO));
  assert.ok(option.color.every((c) => palette.has(c)));
  const lines = option.series.slice(1);
  assert.notEqual(lines[0].lineStyle.type, lines[1].lineStyle.type);
  assert.notEqual(lines[0].symbol, lines[1].symbol);
});

test('a phone stacks the legend and leaves the bars unlabelled', () => {
  const wide = savingsOption({ years, labels });
  const narrow = savingsOption({ years, labels, narrow: true });
  assert.equal(wide.legend.orient, 'horizontal');
  assert.equal(narrow.legend.orient, 'vertical');
  assert.equal(narrow.series[0].label.show, false);
  assert.ok(narrow.grid.top > wide.grid.top);
});

test('no years, no bars', () => {
  const option = savingsOption({ years: [], labels });
  assert.deepEqual(option.xAxis.data, []);
  assert.ok(option.series.every((s) => s.data.length === 0));
});
