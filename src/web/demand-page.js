// @ts-check
/**
 * The Demand page (commissioners): Kent's EHCPs each January since 2010, the projection with its
 * low-high band to the last year the service projects, and how well the projection method forecast
 * the past (its backtest errors), by phase. From GET /demand/series.
 *
 * Hook for issue 21: when GET /demand/backtest lands (coverage of the band by phase and horizon, the
 * projections to 2033), `loadBacktest` is the one place to read it; the charts take their years from
 * the answer, so a longer projection needs no change here.
 *
 * Every chart has a table twin with the same figures for keyboard and screen-reader users.
 */
import { api } from './api.js';
import { count, h, table } from './dom.js';
import { param, setParams } from './url-state.js';

const SVG = 'http://www.w3.org/2000/svg';
const PHASE_OF_BAND = { 1: 'Primary (ages 5-10)', 2: 'Secondary (11-15)', 3: 'Post-16 (16-19)' };

/** @param {string} tag @param {Record<string, string | number>} attrs @param {...(Node | string)} children */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/**
 * A line chart of observed values and a projection with its band, years along the bottom.
 * @param {{ label: string, observed: { year: number, value: number | null }[], projected: { year: number, low: number, central: number, high: number }[] }} spec
 */
function historyChart(spec) {
  const width = 560;
  const height = 240;
  const pad = { left: 54, right: 12, top: 12, bottom: 28 };
  const years = [...spec.observed.map((o) => o.year), ...spec.projected.map((p) => p.year)];
  const y0 = Math.min(...years);
  const y1 = Math.max(...years);
  const max = Math.max(1, ...spec.observed.map((o) => o.value ?? 0), ...spec.projected.map((p) => p.high)) * 1.05;
  const x = (/** @type {number} */ year) => pad.left + ((year - y0) / Math.max(1, y1 - y0)) * (width - pad.left - pad.right);
  const y = (/** @type {number} */ v) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const last = spec.projected.at(-1);
  const words = `${spec.label}: ${spec.observed.filter((o) => o.value !== null).map((o) => `${o.year} ${count(o.value)}`).join(', ')}; projected ${spec.projected.map((p) => `${p.year} ${count(p.central)} (${count(p.low)} to ${count(p.high)})`).join(', ')}`;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': words, class: 'history-chart' });
  // Gridlines and value ticks.
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    svg.append(s('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: 'grid' }), s('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, count(v)));
  }
  for (let year = y0; year <= y1; year += year < 2030 ? 5 : 3) svg.append(s('text', { x: x(year), y: height - 8, 'text-anchor': 'middle', class: 'tick' }, String(year)));
  if (spec.projected.length) {
    const top = spec.projected.map((p) => `${x(p.year)},${y(p.high)}`);
    const bottom = spec.projected.map((p) => `${x(p.year)},${y(p.low)}`).reverse();
    svg.append(s('polygon', { points: [...top, ...bottom].join(' '), class: 'history-band' }));
    svg.append(s('polyline', { points: spec.projected.map((p) => `${x(p.year)},${y(p.central)}`).join(' '), class: 'history-projection' }));
  }
  // Observed: a line broken where a year has no figure (2023 has no age bands).
  let run = /** @type {string[]} */ ([]);
  const flush = () => {
    if (run.length > 1) svg.append(s('polyline', { points: run.join(' '), class: 'history-observed' }));
    run = [];
  };
  for (const o of spec.observed) {
    if (o.value === null) flush();
    else {
      run.push(`${x(o.year)},${y(o.value)}`);
      svg.append(s('circle', { cx: x(o.year), cy: y(o.value), r: 2.5, class: 'history-point', 'data-year': o.year, 'data-value': o.value }));
    }
  }
  flush();
  return h(
    'figure',
    { class: 'chart history' },
    svg,
    h('figcaption', {}, `${spec.label}. Dots and solid line: plans held each January (DfE SEN2); dashed line: the central projection${last ? ` to ${last.year}` : ''}; shading: its low-high band.`),
  );
}

/**
 * The backtest's errors for one band: each forecast's error (forecast / actual - 1) by how many
 * years ahead it was made, and the mean absolute error of those the band rests on.
 * @param {string} label @param {any[]} points @param {any[]} mae @param {number} fromOrigin
 */
function errorChart(label, points, mae, fromOrigin) {
  const width = 260;
  const height = 200;
  const pad = { left: 40, right: 8, top: 10, bottom: 30 };
  const top = Math.max(0.1, ...points.map((p) => Math.abs(p.error))) * 1.1;
  const x = (/** @type {number} */ hz) => pad.left + ((hz - 0.5) / 5) * (width - pad.left - pad.right);
  const y = (/** @type {number} */ e) => pad.top + ((top - e) / (2 * top)) * (height - pad.top - pad.bottom);
  const words = `${label}: mean absolute error ${mae.map((m) => `${m.horizon} year${m.horizon > 1 ? 's' : ''} ahead ${m.value === null ? 'none' : `${(m.value * 100).toFixed(1)}%`}`).join(', ')}`;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': words, class: 'error-chart' });
  for (const e of [-top, -top / 2, 0, top / 2, top]) {
    svg.append(s('line', { x1: pad.left, x2: width - pad.right, y1: y(e), y2: y(e), class: e === 0 ? 'zero' : 'grid' }), s('text', { x: pad.left - 4, y: y(e) + 4, 'text-anchor': 'end', class: 'tick' }, `${Math.round(e * 100)}%`));
  }
  for (let hz = 1; hz <= 5; hz++) svg.append(s('text', { x: x(hz), y: height - 14, 'text-anchor': 'middle', class: 'tick' }, String(hz)));
  svg.append(s('text', { x: (pad.left + width - pad.right) / 2, y: height - 2, 'text-anchor': 'middle', class: 'tick' }, 'years ahead'));
  for (const p of points) {
    // Spread each horizon's points a little by origin so they do not sit on one another.
    const dx = ((p.origin % 7) - 3) * 2.2;
    svg.append(s('circle', { cx: x(p.horizon) + dx, cy: y(p.error), r: 3, class: p.origin >= fromOrigin ? 'error-point' : 'error-point early', 'data-horizon': p.horizon, 'data-error': p.error.toFixed(4) }));
  }
  for (const sign of [1, -1]) {
    const line = mae.filter((m) => m.value !== null).map((m) => `${x(m.horizon)},${y(sign * m.value)}`);
    if (line.length > 1) svg.append(s('polyline', { points: line.join(' '), class: 'error-mae' }));
  }
  return h('figure', { class: 'chart error-panel' }, svg, h('figcaption', {}, h('strong', {}, label)));
}

/** The projection's record: /demand/series's backtest today; issue 21's GET /demand/backtest replaces it here when it lands. */
async function loadBacktest(/** @type {any} */ body) {
  return body.backtest;
}

/** @param {HTMLElement} container */
export async function initDemandPage(container) {
  const body = await api('/demand/series');
  const backtest = await loadBacktest(body);
  const bandChoice = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'demand-band' }, h('option', { value: 'all' }, 'All ages (0-25)'), ...body.bands.map((/** @type {any} */ b, /** @type {number} */ i) => (b.projected ? h('option', { value: String(i) }, `Ages ${b.label}`) : null)))
  );
  if ([...bandChoice.options].some((o) => o.value === param('band'))) bandChoice.value = /** @type {string} */ (param('band'));
  const chartSlot = h('div', { id: 'demand-history' });
  const tableSlot = h('div', { id: 'demand-history-table' });
  const draw = () => {
    const band = bandChoice.value;
    setParams({ band: band === 'all' ? null : band });
    const b = band === 'all' ? null : Number(band);
    const label = b === null ? "Kent's EHCPs, all ages" : `Kent's EHCPs, ages ${body.bands[b].label}`;
    const observed = body.series.map((/** @type {any} */ r) => ({ year: r.year, value: b === null ? r.total : r.bands[b] }));
    const projected = body.projection.years.filter((/** @type {any} */ y) => y.year >= body.projection.baseYear).map((/** @type {any} */ y) => ({ year: y.year, ...(b === null ? y.total : y.bands[b]) }));
    chartSlot.replaceChildren(historyChart({ label, observed, projected }));
    tableSlot.replaceChildren(
      table({
        caption: `${label}: plans held each January, and the projection (whole plans)`,
        id: 'demand-years',
        rows: [...observed.map((o) => ({ year: o.year, kind: 'published', value: o.value, low: null, high: null })), ...projected.map((p) => ({ year: p.year, kind: 'projected', value: p.central, low: p.low, high: p.high }))],
        columns: [
          { label: 'January', value: (r) => String(r.year) },
          { label: 'Figure', value: (r) => r.kind },
          { label: 'Plans', value: (r) => (r.value === null ? 'not published by age' : count(r.value)), numeric: true },
          { label: 'Low', value: (r) => (r.low === null ? '' : count(r.low)), numeric: true },
          { label: 'High', value: (r) => (r.high === null ? '' : count(r.high)), numeric: true },
        ],
      }),
    );
  };
  bandChoice.addEventListener('change', draw);
  const errorPanels = Object.entries(PHASE_OF_BAND).map(([band, label]) =>
    errorChart(
      label,
      backtest.points.filter((/** @type {any} */ p) => p.band === Number(band)),
      backtest.meanAbsoluteError.filter((/** @type {any} */ m) => m.band === Number(band)),
      backtest.variantsFromOrigin,
    ),
  );
  const maeTable = table({
    caption: `Mean absolute error of the ${backtest.method} projection in its backtest, forecasts made in ${backtest.variantsFromOrigin} or later`,
    id: 'demand-backtest',
    rows: [1, 2, 3, 4, 5],
    columns: [
      { label: 'Years ahead', value: (hz) => String(hz) },
      ...Object.entries(PHASE_OF_BAND).map(([band, label]) => ({
        label,
        numeric: true,
        value: (/** @type {number} */ hz) => {
          const m = backtest.meanAbsoluteError.find((/** @type {any} */ x) => x.band === Number(band) && x.horizon === hz);
          return m?.value === null || m === undefined ? 'none' : `${(m.value * 100).toFixed(1)}% (${m.points})`;
        },
      })),
    ],
  });
  const last = body.projection.years.at(-1).year;
  container.replaceChildren(
    h('section', { class: 'panel', 'aria-labelledby': 'demand-history-heading', id: 'demand-history-section' },
      h('h2', { id: 'demand-history-heading' }, `EHCPs since ${body.series[0].year}, and the projection to ${last}`),
      h('form', { class: 'control-group inline-controls' }, h('label', { for: 'demand-band' }, 'Ages'), bandChoice),
      chartSlot,
      h('p', { class: 'hint' }, `Projection: the ${body.projection.method} method (the smallest error in a backtest on Kent's series), from January ${body.projection.baseYear}; low and high are the 10th and 90th percentiles of its own backtest record. Ages 20-25 are not projected by the method (held at their rate per resident). Method: models/kent/DEMAND.md.`),
      tableSlot,
      h('p', {}, 'Download the demand by district, need and phase: ', h('a', { href: `/demand?year=${last}&format=xlsx` }, `${last} (Excel)`), ', ', h('a', { href: `/demand?year=${last}&format=csv` }, `${last} (CSV)`), '.'),
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'demand-backtest-heading', id: 'demand-backtest-section' },
      h('h2', { id: 'demand-backtest-heading' }, 'How well the projection forecast the past'),
      h('p', {}, `Each dot is one forecast the ${backtest.method} method would have made from the data up to an earlier January, compared with what happened (forecast / actual - 1), by how many years ahead. Filled: forecasts made in ${backtest.variantsFromOrigin} or later, after the conversion to EHC plans, which measure the band; hollow: earlier ones. The line is the mean absolute error of the filled ones, either side of zero.`),
      h('div', { class: 'error-panels' }, ...errorPanels),
      maeTable,
    ),
  );
  draw();
}
