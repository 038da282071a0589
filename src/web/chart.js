// @ts-check
/**
 * A horizontal bar chart of a value by locality, drawn as SVG by hand (no chart library, no CDN).
 * Screen readers get a summary as the image's description; every figure is also in the results
 * table. Bar colours have at least 3:1 contrast with the white background (WCAG 1.4.11).
 */
import { count, h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_BARS = 20;
const COLOURS = { run: '#1d70b8', compare: '#505a5f' };

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
 * @param {{ title: string, unit: string, runLabel: string, compareLabel?: string,
 *   rows: { name: string, value: number, compareValue?: number }[] }} spec
 * @returns {HTMLElement}
 */
export function barChart(spec) {
  const comparing = spec.compareLabel !== undefined;
  const sorted = [...spec.rows].sort((a, b) => Math.max(b.value, b.compareValue ?? 0) - Math.max(a.value, a.compareValue ?? 0));
  const shown = sorted.slice(0, MAX_BARS);
  const max = Math.max(1, ...shown.map((r) => Math.max(r.value, r.compareValue ?? 0)));
  const labelWidth = 190;
  const barArea = 460;
  const barHeight = 14;
  const rowHeight = comparing ? 2 * barHeight + 12 : barHeight + 10;
  const height = shown.length * rowHeight + 10;
  const width = labelWidth + barArea + 70;
  const id = `chart-${Math.random().toString(36).slice(2, 8)}`;

  const top = sorted.slice(0, 3).map((r) => `${r.name} ${count(r.value)}`).join(', ');
  const description =
    `${spec.title}, ${spec.unit}, ${spec.runLabel}${comparing ? ` compared with ${spec.compareLabel}` : ''}. ` +
    (sorted.length ? `Highest: ${top}.` : 'No localities.') +
    (sorted.length > MAX_BARS ? ` The ${MAX_BARS} highest of ${sorted.length} localities are drawn.` : '') +
    ' Every figure is in the results table.';

  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    s('title', { id: `${id}-title` }, spec.title),
    s('desc', { id: `${id}-desc` }, description),
  );
  shown.forEach((row, i) => {
    const y = i * rowHeight + 5;
    svg.append(s('text', { x: labelWidth - 8, y: y + barHeight - 2, 'text-anchor': 'end' }, row.name));
    /** @type {[string, number, string][]} */
    const bars = comparing ? [['compare', row.compareValue ?? 0, spec.compareLabel ?? ''], ['run', row.value, spec.runLabel]] : [['run', row.value, spec.runLabel]];
    bars.forEach(([kind, value], k) => {
      const by = y + k * (barHeight + 2);
      const w = Math.max(value > 0 ? 1 : 0, (value / max) * barArea);
      svg.append(
        s('rect', { x: labelWidth, y: by, width: w, height: barHeight, fill: COLOURS[/** @type {'run' | 'compare'} */ (kind)], 'data-locality': row.name, 'data-value': value }),
        s('text', { x: labelWidth + w + 4, y: by + barHeight - 2 }, count(value)),
      );
    });
  });
  svg.append(s('line', { x1: labelWidth, x2: labelWidth, y1: 0, y2: height, stroke: '#0b0c0c' }));

  const key = comparing
    ? h(
        'ul',
        { class: 'chart-key' },
        h('li', {}, h('span', { class: 'swatch', style: `background:${COLOURS.compare}`, 'aria-hidden': 'true' }), spec.compareLabel ?? ''),
        h('li', {}, h('span', { class: 'swatch', style: `background:${COLOURS.run}`, 'aria-hidden': 'true' }), spec.runLabel),
      )
    : null;
  return h('figure', { class: 'chart' }, svg, key, h('figcaption', { class: 'hint' }, `${spec.title} (${spec.unit}). ${sorted.length > MAX_BARS ? `Highest ${MAX_BARS} of ${sorted.length} localities; ` : ''}all figures are in the results table.`));
}
