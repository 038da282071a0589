// @ts-check
/** Small helpers for building the page: elements from data (never from HTML strings), numbers. */

/**
 * An element with attributes and children. Text children are text nodes, so values from the API
 * can never inject markup.
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/**
 * Children and places, in whole pupils (the council's unit). The models work in fractions; where the
 * service gives whole figures (`whole`, rounded so that totals are kept) the page shows those, and
 * other figures are rounded here. A figure above 0 but below half a pupil reads "<1", not a
 * misleading 0.
 * @param {number | null | undefined} n
 */
export function count(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  if (n !== 0 && Math.abs(n) < 0.5) return n > 0 ? '<1' : '\u2212<1';
  return whole.format(n);
}

/** @param {number | null | undefined} n */
export function signed(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  if (Math.abs(n) < 0.05) return '0';
  return (n > 0 ? '+' : '\u2212') + count(Math.abs(n));
}

/** @param {number | null | undefined} share 0..1 */
export function percent(share) {
  if (share === null || share === undefined || Number.isNaN(share)) return 'n/a';
  return `${oneDecimal.format(share * 100)}%`;
}

/** @param {number | null | undefined} n */
export function km(n) {
  return n === null || n === undefined || Number.isNaN(n) ? 'n/a' : `${oneDecimal.format(n)} km`;
}

/** @param {number | null | undefined} n pounds */
export function money(n) {
  return n === null || n === undefined || Number.isNaN(n) ? 'n/a' : `\u00a3${whole.format(n)}`;
}

/**
 * What a capacity figure rests on, from its `*Basis` text ("source: ...", "estimate: ...",
 * "unknown: ..."; "scenario: ..." for places a scenario opens), so an estimate is always shown as one.
 * @param {string | null | undefined} basis
 * @returns {'source' | 'estimate' | 'scenario' | 'unknown'}
 */
export function basisKind(basis) {
  if (basis?.startsWith('estimate')) return 'estimate';
  if (basis?.startsWith('scenario')) return 'scenario';
  if (basis?.startsWith('source')) return 'source';
  return 'unknown';
}

/**
 * A capacity with its basis as a tag: "363 places [estimate]".
 * @param {number | null} capacity
 * @param {string} basis
 */
export function capacityWithBasis(capacity, basis) {
  const kind = basisKind(basis);
  const span = h('span', {}, capacity === null ? 'not published' : `${whole.format(capacity)} places`);
  if (kind !== 'source') span.append(' ', h('span', { class: `tag tag-${kind}`, title: basis }, kind));
  return span;
}

/**
 * A table from rows and column definitions; numeric columns right-aligned.
 * @template T
 * @param {{ caption: string, columns: { label: string, value: (row: T) => Node | string, numeric?: boolean }[], rows: T[], footer?: (Node | string)[], id?: string }} spec
 */
export function table(spec) {
  const head = h('tr', {}, ...spec.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)));
  const body = spec.rows.map((row) =>
    h('tr', {}, ...spec.columns.map((c, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: c.numeric ? 'num' : null }, c.value(row)))),
  );
  const foot = spec.footer
    ? h('tfoot', {}, h('tr', {}, ...spec.footer.map((cell, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: i > 0 ? 'num' : null }, cell))))
    : null;
  // The wrapper scrolls, so it must be reachable by keyboard and named. The caption is shown above it
  // (it wraps to the screen, not to a wide table's width) and kept in the table for screen readers.
  const shown = h('p', { class: 'table-caption', 'aria-hidden': 'true' }, spec.caption);
  const wrap = h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': spec.caption },
    h('table', { id: spec.id }, h('caption', { class: 'for-screen-readers' }, spec.caption), h('thead', {}, head), h('tbody', {}, ...body), foot),
  );
  const box = h('div', { class: 'table-box' }, shown, wrap);
  return box;
}
