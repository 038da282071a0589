// @ts-check
/**
 * A run's results under the page's selection (category, phase, measure), summed by locality, and
 * the tables that show them, in whole pupils (each row's `whole` figures, rounded by the service so
 * that totals are kept). Shortfall = placed in independent schools + unmet: the pupils without a
 * state-funded place within reach.
 */
import { count, h, km, signed, table } from './dom.js';

/**
 * @typedef {{ locality: string, localityName: string, category: string, phase: string, demand: number,
 *   placedLocal: number, placedElsewhere: number, placedIndependent: number, unmet: number,
 *   meanKm: number | null, shortfallBasis?: string, whole?: Record<string, number> }} LocalityRow
 * @typedef {{ locality: string, localityName: string, demand: number, supplied: number, unmet: number, whole?: Record<string, number> }} OutreachRow
 * @typedef {{ code: string, name: string, demand: number, placedLocal: number, placedElsewhere: number,
 *   placedIndependent: number, unmet: number, shortfall: number, kmWeighted: number, placedState: number,
 *   bases: Set<string>, value: number }} LocalitySum
 */

export const MEASURES = {
  shortfall: { label: 'Shortfall', unit: 'pupils without a state place in reach (independent + unmet)' },
  unmet: { label: 'Unmet', unit: 'pupils with no suitable place within reach' },
  placedIndependent: { label: 'Placed in independent schools', unit: 'pupils' },
  placedElsewhere: { label: "Placed in another locality's state provision", unit: 'pupils' },
  outreachUnmet: { label: 'Outreach unmet', unit: 'mainstream pupils needing outreach that no special school in reach can give' },
};

const BASIS_WORDS = {
  'not-commissioned': 'not commissioned for this phase',
  'no-provision-in-reach': 'no suitable provision in reach in the data',
  'assumed-places': 'depends on assumed places',
  'known-places': 'published or estimated places',
  none: '',
};

/**
 * Sums a run's rows by locality under the selection.
 * @param {{ byLocality: LocalityRow[], outreach: OutreachRow[] }} result
 * @param {{ category: string, phase: string, measure: string }} selection 'all' for every category or phase
 * @returns {Map<string, LocalitySum>}
 */
export function sumByLocality(result, selection) {
  /** @type {Map<string, LocalitySum>} */
  const sums = new Map();
  const get = (/** @type {string} */ code, /** @type {string} */ name) => {
    let sum = sums.get(code);
    if (!sum) {
      sum = { code, name, demand: 0, placedLocal: 0, placedElsewhere: 0, placedIndependent: 0, unmet: 0, shortfall: 0, kmWeighted: 0, placedState: 0, bases: new Set(), value: 0 };
      sums.set(code, sum);
    }
    return sum;
  };
  if (selection.measure === 'outreachUnmet') {
    for (const o of result.outreach) {
      const w = o.whole ?? o;
      const sum = get(o.locality, o.localityName);
      sum.demand += w.demand;
      sum.unmet += w.unmet;
      sum.value += w.unmet;
    }
    return sums;
  }
  for (const row of result.byLocality) {
    const sum = get(row.locality, row.localityName);
    if ((selection.category !== 'all' && row.category !== selection.category) || (selection.phase !== 'all' && row.phase !== selection.phase)) continue;
    const w = row.whole ?? row;
    sum.demand += w.demand;
    sum.placedLocal += w.placedLocal;
    sum.placedElsewhere += w.placedElsewhere;
    sum.placedIndependent += w.placedIndependent;
    sum.unmet += w.unmet;
    const state = row.placedLocal + row.placedElsewhere;
    if (row.meanKm !== null) {
      sum.kmWeighted += row.meanKm * state;
      sum.placedState += state;
    }
    if (row.shortfallBasis && row.shortfallBasis !== 'none' && row.placedIndependent + row.unmet > 0.005) sum.bases.add(row.shortfallBasis);
  }
  for (const sum of sums.values()) {
    sum.shortfall = sum.placedIndependent + sum.unmet;
    sum.value = selection.measure === 'unmet' ? sum.unmet : selection.measure === 'placedIndependent' ? sum.placedIndependent : selection.measure === 'placedElsewhere' ? sum.placedElsewhere : sum.shortfall;
  }
  return sums;
}

/**
 * @param {Map<string, LocalitySum>} sums
 * @param {string} caption
 * @param {boolean} outreach whether the sums are outreach rows
 */
export function resultsTable(sums, caption, outreach) {
  const rows = [...sums.values()].sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  const total = (/** @type {(s: LocalitySum) => number} */ f) => count(rows.reduce((acc, r) => acc + f(r), 0));
  if (outreach) {
    return table({
      caption,
      id: 'results',
      rows,
      columns: [
        { label: 'Locality', value: (r) => r.name },
        { label: 'Outreach needed (pupils)', value: (r) => count(r.demand), numeric: true },
        { label: 'Outreach unmet (pupils)', value: (r) => count(r.unmet), numeric: true },
      ],
      footer: ['Kent', total((r) => r.demand), total((r) => r.unmet)],
    });
  }
  return table({
    caption,
    id: 'results',
    rows,
    columns: [
      { label: 'Locality', value: (r) => r.name },
      { label: 'Demand', value: (r) => count(r.demand), numeric: true },
      { label: 'Placed locally', value: (r) => count(r.placedLocal), numeric: true },
      { label: 'Placed in another locality', value: (r) => count(r.placedElsewhere), numeric: true },
      { label: 'Independent', value: (r) => count(r.placedIndependent), numeric: true },
      { label: 'Unmet', value: (r) => count(r.unmet), numeric: true },
      { label: 'Shortfall', value: (r) => count(r.shortfall), numeric: true },
      { label: 'Mean distance to a state place', value: (r) => km(r.placedState > 0 ? r.kmWeighted / r.placedState : null), numeric: true },
      { label: 'Shortfall rests on', value: (r) => [...r.bases].map((b) => BASIS_WORDS[/** @type {keyof typeof BASIS_WORDS} */ (b)] ?? b).join('; ') },
    ],
    footer: ['Kent', total((r) => r.demand), total((r) => r.placedLocal), total((r) => r.placedElsewhere), total((r) => r.placedIndependent), total((r) => r.unmet), total((r) => r.shortfall), '', ''],
  });
}

/**
 * Locality by locality: the measure in the run compared with, in this run, and the difference.
 * @param {Map<string, LocalitySum>} run
 * @param {Map<string, LocalitySum>} other
 * @param {{ runLabel: string, otherLabel: string, measureLabel: string }} labels
 */
export function comparisonTable(run, other, labels) {
  const codes = [...new Set([...run.keys(), ...other.keys()])];
  const rows = codes
    .map((code) => {
      const a = other.get(code)?.value ?? 0;
      const b = run.get(code)?.value ?? 0;
      return { code, name: run.get(code)?.name ?? other.get(code)?.name ?? code, a, b, d: b - a };
    })
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  const sum = (/** @type {(r: typeof rows[number]) => number} */ f) => rows.reduce((acc, r) => acc + f(r), 0);
  const change = (/** @type {number} */ d) => h('span', { class: d < -0.05 ? 'better' : d > 0.05 ? 'worse' : null }, signed(d), d < -0.05 ? ' (less)' : d > 0.05 ? ' (more)' : '');
  return table({
    caption: `${labels.measureLabel}: ${labels.runLabel} compared with ${labels.otherLabel}`,
    id: 'comparison',
    rows,
    columns: [
      { label: 'Locality', value: (r) => r.name },
      { label: labels.otherLabel, value: (r) => count(r.a), numeric: true },
      { label: labels.runLabel, value: (r) => count(r.b), numeric: true },
      { label: 'Difference', value: (r) => change(r.d), numeric: true },
    ],
    footer: ['Kent', count(sum((r) => r.a)), count(sum((r) => r.b)), change(sum((r) => r.d))],
  });
}
