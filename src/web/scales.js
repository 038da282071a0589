// @ts-check
/**
 * Colour classes for the choropleth and its legend. Sequential (ColorBrewer YlOrRd) for amounts,
 * diverging (ColorBrewer RdBu, red = more shortfall) for differences between runs; both readable
 * with the common colour-vision deficiencies, and every value is also in the tables.
 */
import { count, h, signed } from './dom.js';

const NONE = '#f7f7f7';
const SEQUENTIAL = ['#fed976', '#fd8d3c', '#e31a1c', '#800026'];
const BETTER = ['#92c5de', '#2166ac'];
const WORSE = ['#f4a582', '#b2182b'];

/** A round step so that `classes` steps cover `max`: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(/** @type {number} */ max, /** @type {number} */ classes) {
  const raw = Math.max(max, 1) / classes;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return step >= 1 ? step : 1;
}

/**
 * @typedef {{ colour: (value: number) => string, entries: { colour: string, label: string }[], title: string }} Scale
 */

/**
 * @param {number[]} values
 * @param {string} title what the values are, e.g. "Shortfall (children)"
 * @returns {Scale}
 */
export function sequentialScale(values, title) {
  const step = niceStep(Math.max(0, ...values), SEQUENTIAL.length);
  const colour = (/** @type {number} */ v) =>
    v < 0.05 ? NONE : SEQUENTIAL[Math.min(SEQUENTIAL.length - 1, Math.ceil(v / step) - 1)] ?? NONE;
  const entries = [{ colour: NONE, label: 'None (0)' }].concat(
    SEQUENTIAL.map((c, i) => ({ colour: c, label: i === 0 ? `Up to ${count(step)}` : `${count(step * i)} to ${count(step * (i + 1))}` })),
  );
  return { colour, entries, title };
}

/**
 * @param {number[]} differences this run minus the run compared with
 * @param {string} title
 * @returns {Scale}
 */
export function divergingScale(differences, title) {
  const step = niceStep(Math.max(0, ...differences.map(Math.abs)), 2);
  const colour = (/** @type {number} */ d) => {
    if (Math.abs(d) < 0.05) return NONE;
    const band = Math.min(1, Math.ceil(Math.abs(d) / step) - 1);
    return (d < 0 ? BETTER : WORSE)[band] ?? NONE;
  };
  const entries = [
    { colour: BETTER[1], label: `${signed(-2 * step)} to ${signed(-step)} (less shortfall)` },
    { colour: BETTER[0], label: `${signed(-step)} to 0 (less shortfall)` },
    { colour: NONE, label: 'No change' },
    { colour: WORSE[0], label: `0 to ${signed(step)} (more shortfall)` },
    { colour: WORSE[1], label: `${signed(step)} to ${signed(2 * step)} (more shortfall)` },
  ];
  return { colour, entries, title };
}

/** A neutral scale for the map before any run is shown. */
export function outlineScale() {
  return { colour: () => NONE, entries: [{ colour: NONE, label: 'Locality (no run selected)' }], title: 'Localities' };
}

/**
 * @param {HTMLElement} container
 * @param {Scale} scale
 * @param {string} [note]
 */
export function renderLegend(container, scale, note) {
  container.replaceChildren(
    h('p', { class: 'legend-title' }, h('strong', {}, scale.title)),
    h('ul', {}, ...scale.entries.map((e) => h('li', {}, h('span', { class: 'swatch', style: `background:${e.colour}`, 'aria-hidden': 'true' }), e.label))),
    h('p', { class: 'hint' }, note ?? ''),
  );
}
