// @ts-check
/**
 * The map's accessible twin: a table beside the map with every locality it draws and the figure it
 * shades each by, broken down by designation, so keyboard and screen-reader users (and anyone who
 * wants the numbers) get what the map shows. The column the map is showing is marked.
 */
import { count, h, signed, table } from './dom.js';
import { MEASURES, sumByLocality } from './results.js';

const byName = (/** @type {{ name: string }} */ a, /** @type {{ name: string }} */ b) => a.name.localeCompare(b.name, 'en-GB');

/**
 * Before a run: the localities drawn with the counts their tooltips give.
 * @param {any} collection GeoJSON from GET /localities
 * @param {string} levelName "districts" or "MSOAs"
 */
export function catalogueLocalityTable(collection, levelName) {
  const rows = collection.features.map((/** @type {any} */ f) => f.properties).sort(byName);
  const sum = (/** @type {string} */ key) => count(rows.reduce((s, /** @type {any} */ r) => s + (r[key] ?? 0), 0));
  return table({
    caption: `Kent's ${rows.length} ${levelName}: schools, special schools, SRPs and known places`,
    id: 'locality-figures',
    rows,
    columns: [
      { label: 'Locality', value: (r) => r.name },
      { label: 'State schools', value: (r) => count(r.schools), numeric: true },
      { label: 'Special schools', value: (r) => count(r.specialSchools), numeric: true },
      { label: 'SRPs', value: (r) => count(r.srps), numeric: true },
      { label: 'Known places', value: (r) => count(r.places), numeric: true },
    ],
    footer: ['Kent', sum('schools'), sum('specialSchools'), sum('srps'), sum('places')],
  });
}

/**
 * @typedef {{ key: string, label: string, onMap: boolean, value: (code: string) => number, total: number }} Column
 */

/**
 * A run: the measure for the selected phase, locality by designation (plus SRP places and all
 * categories), with the change from the run compared with when there is one.
 * @param {any} result
 * @param {{ category: string, phase: string, measure: string }} selection
 * @param {{ runLabel: string, scope: string,
 *   base?: { result: any, label: string }, top?: number, id?: string }} context top: only the localities
 *   with the largest figures in the map's column (for the printed summary)
 */
export function runLocalityTable(result, selection, context) {
  const measure = MEASURES[/** @type {keyof typeof MEASURES} */ (selection.measure)];
  const outreach = selection.measure === 'outreachUnmet';
  /** @param {string} category */
  const sums = (category) => sumByLocality(result, { ...selection, category });
  const all = sums('all');
  const localities = [...all.values()].map((s) => ({ code: s.code, name: s.name })).sort(byName);

  /** @type {Column[]} */
  const columns = [];
  /** @param {string} key @param {string} label @param {Map<string, { value: number }>} values */
  const add = (key, label, values) => {
    let total = 0;
    for (const v of values.values()) total += v.value;
    columns.push({ key, label, onMap: false, value: (code) => values.get(code)?.value ?? 0, total });
  };
  if (outreach) {
    // Outreach rows are by the designation of the schools whose outreach is needed (or any).
    const keys = [...new Set(result.outreach.map((/** @type {any} */ o) => o.category ?? ''))].sort();
    for (const key of keys) {
      const values = new Map();
      for (const o of result.outreach) if ((o.category ?? '') === key) values.set(o.locality, { value: (values.get(o.locality)?.value ?? 0) + o.unmet });
      add(key || 'any', key || 'Any', values);
    }
    add('all', 'All', all);
    columns[columns.length - 1].onMap = true;
  } else {
    const categories = [...new Set(result.byLocality.map((/** @type {any} */ r) => String(r.category)))];
    for (const c of categories.filter((c) => !c.startsWith('SRP-'))) add(c, c, sums(c));
    const srp = categories.filter((c) => c.startsWith('SRP-'));
    if (srp.length) {
      const values = new Map();
      for (const c of srp) for (const [code, s] of sums(c)) values.set(code, { value: (values.get(code)?.value ?? 0) + s.value });
      add('srp', 'SRP', values);
    }
    if (selection.category.startsWith('SRP-')) add(selection.category, selection.category, sums(selection.category));
    add('all', 'All', all);
    const shown = columns.find((c) => c.key === selection.category) ?? columns[columns.length - 1];
    shown.onMap = true;
  }

  const onMap = /** @type {Column} */ (columns.find((c) => c.onMap));
  const baseValues = context.base ? sumByLocality(context.base.result, selection) : null;
  const change = (/** @type {string} */ code) => onMap.value(code) - (baseValues?.get(code)?.value ?? 0);
  let changeTotal = 0;
  if (baseValues) for (const l of localities) changeTotal += change(l.code);

  const mapNote = baseValues || context.top ? '' : ' (map)';
  const rows = context.top ? [...localities].sort((a, b) => onMap.value(b.code) - onMap.value(a.code) || byName(a, b)).slice(0, context.top) : localities;
  const which = context.top && rows.length < localities.length ? `the ${rows.length} of ${localities.length} localities with the most, ` : '';
  return table({
    caption:
      `${measure.label} by locality and ${outreach ? 'designation of the outreach' : 'designation'} (pupils), ${which}${context.scope}: ${context.runLabel}` +
      `${outreach ? '' : '. SRP: SRP places of every need type'}${baseValues ? `. Change: from ${context.base?.label}` : ''}${context.top ? '' : `. The map shows the column marked (map)`}.`,
    id: context.id ?? 'locality-figures',
    rows,
    columns: [
      { label: 'Locality', value: (l) => l.name },
      ...columns.map((c) => ({ label: `${c.label}${c.onMap ? mapNote : ''}`, value: (/** @type {{ code: string }} */ l) => count(c.value(l.code)), numeric: true })),
      ...(baseValues ? [{ label: `Change${context.top ? '' : ' (map)'}`, value: (/** @type {{ code: string }} */ l) => signed(change(l.code)), numeric: true }] : []),
    ],
    footer: ['Kent', ...columns.map((c) => count(c.total)), ...(baseValues ? [signed(changeTotal)] : [])],
  });
}
