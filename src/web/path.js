// @ts-check
/**
 * Paths (runs of a scenario with a horizon, PathResult): a year slider that picks the year the map,
 * the tables and the objectives show, the path's years side by side, and a small chart per locality
 * of its shortfall year by year (with the low-high band when the run carries one). The page calls
 * `pathYear` for the result to draw and `renderPath` for this panel; everything else draws a year of
 * a path as it draws a single-year run (each year of a path is a full single-year result).
 *
 * Figures are whole pupils and pounds as the service rounded them; every chart's figures are also
 * in the years table and the locality table, for keyboard and screen-reader users.
 */
import { count, h, money, table } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The year shown, by run (kept while the user moves between runs). */
const chosen = new Map();

/** Shows `year` of the path run `runId` when it is drawn (a bookmarked year). @param {string} runId @param {number} year */
export function chooseYear(runId, year) {
  chosen.set(runId, year);
}

/** @param {any} result a run's result */
export const isPath = (result) => !!result && result.kind === 'path';

/**
 * The result the page draws: a single-year run's own, or the chosen year of a path.
 * @param {any} result
 * @param {string} runId
 */
export function pathYear(result, runId) {
  if (!isPath(result)) return result;
  const year = chosen.get(runId) ?? result.horizon.from;
  return result.yearResults.find((/** @type {any} */ y) => y.year === year) ?? result.yearResults[0];
}

/** Words for a run's status line: a path names its years. @param {any} result */
export function solvedText(result) {
  if (!isPath(result)) return `${result.solver.name}, ${count(result.solver.variables)} variables, ${count(result.solver.rows)} constraints`;
  return `${result.years.length} years, ${result.horizon.from} to ${result.horizon.to}, by ${result.solver.name}`;
}

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 * @param {...(Node | string)} children
 */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/**
 * One locality's shortfall year by year: a line, its points, and the band's range shaded.
 * @param {any} locality a PathResult locality
 * @param {number} max the largest value drawn in any chart (one scale for all, so charts compare)
 */
function localityChart(locality, max) {
  const width = 168;
  const height = 64;
  const pad = { left: 6, right: 6, top: 8, bottom: 14 };
  const years = locality.byYear;
  const x = (/** @type {number} */ i) => pad.left + (years.length > 1 ? (i * (width - pad.left - pad.right)) / (years.length - 1) : 0);
  const y = (/** @type {number} */ v) => pad.top + (1 - v / Math.max(1, max)) * (height - pad.top - pad.bottom);
  const band = years.every((/** @type {any} */ b) => b.band);
  const words = years.map((/** @type {any} */ b) => `${b.year} ${count(b.shortfall)}${b.band ? ` (${count(b.band.shortfall.low)} to ${count(b.band.shortfall.high)})` : ''}`).join(', ');
  const starts = locality.shortfallStartsIn === null ? 'no shortfall in these years' : `short from ${locality.shortfallStartsIn}`;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `${locality.localityName}: shortfall ${words}; ${starts}` });
  if (band) {
    const top = years.map((/** @type {any} */ b, /** @type {number} */ i) => `${x(i)},${y(b.band.shortfall.high)}`);
    const bottom = years.map((/** @type {any} */ b, /** @type {number} */ i) => `${x(i)},${y(b.band.shortfall.low)}`).reverse();
    svg.append(s('polygon', { points: [...top, ...bottom].join(' '), class: 'path-band' }));
  }
  svg.append(s('line', { x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0), class: 'path-axis' }));
  svg.append(s('polyline', { points: years.map((/** @type {any} */ b, /** @type {number} */ i) => `${x(i)},${y(b.shortfall)}`).join(' '), class: 'path-line' }));
  years.forEach((/** @type {any} */ b, /** @type {number} */ i) => {
    svg.append(s('circle', { cx: x(i), cy: y(b.shortfall), r: 2.5, class: 'path-point', 'data-year': b.year, 'data-value': b.shortfall }));
    svg.append(s('text', { x: x(i), y: height - 2, 'text-anchor': i === 0 ? 'start' : i === years.length - 1 ? 'end' : 'middle', class: 'path-tick' }, String(b.year).slice(2)));
  });
  const last = years[years.length - 1];
  return h(
    'figure',
    { class: 'path-chart', 'data-locality': locality.locality },
    svg,
    h('figcaption', {}, h('strong', {}, locality.localityName), ` ${count(last.shortfall)} in ${last.year}; ${starts}`),
  );
}

/**
 * The path panel: slider, years table, charts. Hidden for single-year runs.
 * @param {HTMLElement} mapSection the map's section (the panel sits at its top)
 * @param {{ id: string, result: any } | null} run the run shown, or null
 * @param {() => void} onYear called when the user picks another year
 */
export function renderPath(mapSection, run, onYear) {
  let panel = /** @type {HTMLElement | null} */ (document.getElementById('path-panel'));
  if (!run || !isPath(run.result)) {
    panel?.remove();
    return;
  }
  const result = run.result;
  const year = pathYear(result, run.id).year;
  const from = result.horizon.from;
  const to = result.horizon.to;
  if (!panel) {
    panel = h('div', { id: 'path-panel', class: 'path-panel' });
    mapSection.querySelector('.map-layout')?.before(panel);
  }
  const slider = /** @type {HTMLInputElement} */ (
    h('input', { type: 'range', id: 'path-year', min: from, max: to, step: 1, value: year, 'aria-describedby': 'path-year-hint', 'aria-valuetext': `January ${year}` })
  );
  const output = h('output', { for: 'path-year', id: 'path-year-value' }, String(year));
  slider.addEventListener('input', () => {
    output.textContent = slider.value;
    slider.setAttribute('aria-valuetext', `January ${slider.value}`);
  });
  slider.addEventListener('change', () => {
    chosen.set(run.id, Number(slider.value));
    onYear();
  });
  const y = result.years.find((/** @type {any} */ x) => x.year === year);
  const range = (/** @type {number} */ v, /** @type {{ low: number, high: number } | null | undefined} */ b) => (b ? `${count(v)} (${count(b.low)}\u2013${count(b.high)})` : count(v));
  const years = table({
    caption: `${result.scenarioName}: year by year (whole pupils; ${result.band ? 'the low\u2013high projection range in brackets; ' : ''}pupils keep their placement until their next transition)`,
    id: 'path-years',
    rows: result.years,
    columns: [
      { label: 'Year (January)', value: (r) => `${r.year}${r.year === year ? ' (shown)' : ''}` },
      { label: 'Admissions follow', value: (r) => r.designationSet },
      { label: 'Demand', value: (r) => range(r.whole.demand, r.band?.demand), numeric: true },
      { label: 'In state places', value: (r) => count(r.whole.placedState), numeric: true },
      { label: 'of whom kept', value: (r) => count(r.whole.stayed), numeric: true },
      { label: 'Independent', value: (r) => range(r.whole.placedIndependent, r.band?.placedIndependent), numeric: true },
      { label: 'No place', value: (r) => range(r.whole.unmet, r.band?.unmet), numeric: true },
      { label: 'Shortfall', value: (r) => range(r.whole.shortfall, r.band?.shortfall), numeric: true },
      { label: 'Independent cost a year', value: (r) => money(r.independentCost), numeric: true },
      { label: 'Places opened', value: (r) => count(r.placesOpened), numeric: true },
      { label: 'Places closed', value: (r) => count(r.placesClosed), numeric: true },
      { label: 'Staying in closed places', value: (r) => count(r.whole.stayingInClosed), numeric: true },
    ],
  });
  const max = Math.max(1, ...result.localities.flatMap((/** @type {any} */ l) => l.byYear.map((/** @type {any} */ b) => Math.max(b.shortfall, b.band?.shortfall.high ?? 0))));
  const localities = [...result.localities].sort((/** @type {any} */ a, /** @type {any} */ b) => a.localityName.localeCompare(b.localityName));
  const changes = result.supplyChanges.filter((/** @type {any} */ c) => c.year === year);
  const csv = (/** @type {string} */ t) => `/runs/${encodeURIComponent(run.id)}?format=csv&table=${t}`;
  panel.replaceChildren(
    h('h3', {}, `A path, ${from} to ${to}: the map shows January ${year}`),
    h(
      'div',
      { class: 'path-slider' },
      // The year chosen on its own line with the label, then the slider between its first and last years:
      // on a phone nothing wraps into "2028 2025".
      h('label', { for: 'path-year', class: 'path-slider-label' }, 'Year: ', output),
      h('span', { 'aria-hidden': 'true', class: 'path-from' }, String(from)),
      slider,
      h('span', { 'aria-hidden': 'true', class: 'path-to' }, String(to)),
    ),
    h(
      'p',
      { id: 'path-year-hint', class: 'hint' },
      `Admissions in ${year} follow the ${y?.designationSet ?? ''} designations. `,
      y ? `${count(y.whole.stayed)} pupils kept a state place from earlier years and ${count(y.whole.placedNew)} were placed this year; ${count(y.whole.leftAtTransition)} left a placement at a transition. ` : '',
      changes.length ? `${changes.length} provision${changes.length === 1 ? '' : 's'} opened, closed or changed places this year.` : 'No provision opened or closed this year.',
    ),
    years,
    h('h4', {}, 'Shortfall by locality, year by year'),
    h('p', { class: 'hint' }, `Independent placements + no place, whole pupils, one scale for every chart${result.band ? '; shading: the low\u2013high projection range' : ''}. Every figure is in the tables.`),
    h('div', { class: 'path-charts' }, ...localities.map((l) => localityChart(l, max))),
    h(
      'p',
      {},
      'Download the path as CSV: ',
      h('a', { href: csv('years') }, 'years'),
      ', ',
      h('a', { href: csv('localities') }, 'shortfall by locality and year'),
      ', ',
      h('a', { href: csv('supplyChanges') }, 'places opened and closed'),
      ', ',
      h('a', { href: csv('byLocality') }, 'every row of every year'),
      '.',
    ),
  );
}
