/**
 * Prints the demand model's figures as Markdown tables (`npm run demand-report`), for DEMAND.md and
 * the README: the projection backtest (every method tried, errors by horizon, band and year), the
 * variants, the projected rate per resident, the calibration of the current designations against
 * DfE SEN2, and who no longer meets a special designation under the proposed ones.
 *
 *   npm run demand-report -- [modelsDir] [year]
 */
import { resolve } from 'node:path';
import {
  PROJECTION_METHODS,
  SERIES_BANDS,
  countyPopulation,
  designationDemand,
  designationChanges,
  ehcpCountsByAge,
  ehcpCounts,
  placementSplit,
  provisionDemand,
  variantMultipliers,
  type ProjectionVariant,
} from '../domain/demand/index.js';
import { loadDataset } from '../domain/dataset.js';
import { wholeNumber as n0 } from '../domain/units.js';
import { exitOnHelp } from './tool-help.js';

exitOnHelp(`Usage: npm run demand-report -- [models folder, default models/kent] [year, default 2026]

Prints the demand model's figures as Markdown tables: the projection backtest, the variants, the rate
per resident, the calibration of the current designations against SEN2, and who no longer meets a
special designation under the proposed ones.`);
const dir = resolve(process.argv[2] ?? 'models/kent');
const year = Number(process.argv[3] ?? 2026);
const registry = loadDataset(dir);
const inputs = registry.demand;
const p = inputs.projection;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)}%`;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const rule = (k: number) => row(new Array(k).fill('---'));
const SCHOOL = [1, 2, 3];

console.log('## Backtest: mean absolute percentage error, ages 5-19 (bands 5-10, 11-15, 16-19)\n');
console.log(row(['Method', '1 year', '2 years', '3 years', '4 years', '5 years', 'All (chosen on)', 'Forecasts']));
console.log(rule(8));
for (const s of p.scores) {
  const name = s.method === p.central ? `**${s.method}** (central)` : s.method;
  console.log(row([name, ...s.byHorizon.map(pct), s.method === p.central ? `**${pct(s.overall)}**` : pct(s.overall), s.points]));
}
for (const m of PROJECTION_METHODS) console.log(`\n- \`${m.id}\`: ${m.description}`);

for (const h of [1, 2]) {
  console.log(`\n## ${h}-year-ahead errors by band and year (forecast / actual - 1)\n`);
  const targets = [...new Set(p.points.filter((x) => x.horizon === h).map((x) => x.target))].sort();
  for (const b of SCHOOL) {
    console.log(`\n**${SERIES_BANDS[b]!.label}**\n`);
    console.log(row(['Method', ...targets.map(String), 'Mean abs.']));
    console.log(rule(targets.length + 2));
    for (const s of p.scores) {
      const mine = p.points.filter((x) => x.method === s.method && x.band === b && x.horizon === h);
      const cells = targets.map((t) => {
        const x = mine.find((y) => y.target === t);
        return x ? signedPct(x.error) : '';
      });
      const mean = mine.reduce((a, x) => a + Math.abs(x.error), 0) / mine.length;
      console.log(row([s.method === p.central ? `**${s.method}**` : s.method, ...cells, pct(mean)]));
    }
  }
}

console.log('\n## Variants: multipliers of the central projection (80% backtest interval, never narrowing)\n');
const all = variantMultipliers(p.points, p.central, 0);
console.log(row(['Years ahead', 'Low', 'High', 'Forecasts (origins 2018-2024)', 'All origins: low', 'high', 'forecasts']));
console.log(rule(7));
p.multipliers.forEach((m, i) => console.log(row([m.horizon, m.low.toFixed(3), m.high.toFixed(3), m.points, all[i]!.low.toFixed(3), all[i]!.high.toFixed(3), all[i]!.points])));

console.log('\n## Projected plans and rate per resident by phase (county, January)\n');
const phases = [
  ['primary', 4, 10],
  ['secondary', 11, 15],
  ['post16', 16, 19],
] as const;
console.log(row(['Variant', 'Phase', ...[2025, 2026, 2027, 2028, 2029, 2030].map(String)]));
console.log(rule(8));
for (const variant of ['low', 'central', 'high'] as ProjectionVariant[]) {
  for (const [phase, lo, hi] of phases) {
    const cells = [2025, 2026, 2027, 2028, 2029, 2030].map((y) => {
      const plans = ehcpCountsByAge(inputs, { year: y, level: 'district', assumptions: { variant } })
        .filter((r) => r.ageLow >= lo && r.ageHigh <= hi)
        .reduce((s, r) => s + r.count, 0);
      let pop = 0;
      for (let a = lo; a <= hi; a++) pop += countyPopulation(inputs.population, a, y - 1);
      return `${n0(plans)} (${pct(plans / pop)})`;
    });
    console.log(row([variant, phase, ...cells]));
  }
}

const model = designationDemand(registry);
const base = ehcpCounts(inputs, { year: inputs.baseYear, level: 'district' });
console.log('\n## Current designations against DfE SEN2, January 2025\n');
const published = { special: 8050, specialIndependent: 1487, srp: 1075, mainstreamTotal: 7452, outreach: NaN, mainstream: NaN, fe: 2952, other: 2181, total: 20635 };
for (const set of ['current', 'proposed'] as const) {
  const s = placementSplit(base, model.matrices[set]);
  console.log(`\n${set}:`, Object.entries(s).map(([k, v]) => `${k} ${n0(v)}${set === 'current' && !Number.isNaN(published[k as keyof typeof published]) ? ` (SEN2 ${n0(published[k as keyof typeof published])})` : ''}`).join('; '));
}

console.log(`\n## ${year}: who no longer meets a special designation under the proposed designations (county)\n`);
const counts = ehcpCounts(inputs, { year, level: 'district' });
const changes = designationChanges(counts, model);
const leaving = changes.filter((c) => c.from.pathway === 'special' && c.to.pathway !== 'special');
const where = (c: { pathway: string; category: string | null }) => (c.category ? `${c.pathway} ${c.category}` : c.pathway);
const tos = [...new Set(leaving.map((c) => where(c.to)))].sort();
const formers = [...new Set(leaving.map((c) => c.formerDesignation))];
console.log(row(['Former designation', ...tos, 'Total']));
console.log(rule(tos.length + 2));
for (const f of formers) {
  const mine = leaving.filter((c) => c.formerDesignation === f);
  console.log(row([f, ...tos.map((t) => n0(mine.filter((c) => where(c.to) === t).reduce((s, c) => s + c.count, 0))), n0(mine.reduce((s, c) => s + c.count, 0))]));
}
console.log(row(['**Total**', ...tos.map((t) => n0(leaving.filter((c) => where(c.to) === t).reduce((s, c) => s + c.count, 0))), `**${n0(leaving.reduce((s, c) => s + c.count, 0))}**`]));
const within = changes.filter((c) => c.from.pathway === 'special' && c.to.pathway === 'special');
console.log('\nStill special, another designation:', within.length ? [...new Set(within.map((c) => `${c.formerDesignation} ${where(c.from)} -> ${where(c.to)}`))].map((k) => `${k} ${n0(within.filter((c) => `${c.formerDesignation} ${where(c.from)} -> ${where(c.to)}` === k).reduce((s, c) => s + c.count, 0))}`).join('; ') : 'none');
const demand = (set: 'current' | 'proposed') => provisionDemand(counts, model.matrices[set]);
const cells = [...new Set(demand('current').map((r) => `${r.pathway}${r.category ? ` ${r.category}` : ''}`))];
console.log(`\n## ${year}: county demand by kind of place, school phases\n`);
console.log(row(['Place', 'Current', 'Proposed', 'Difference']));
console.log(rule(4));
for (const c of cells) {
  const total = (set: 'current' | 'proposed') => demand(set).filter((r) => `${r.pathway}${r.category ? ` ${r.category}` : ''}` === c).reduce((s, r) => s + r.count, 0);
  console.log(row([c, n0(total('current')), n0(total('proposed')), n0(total('proposed') - total('current'))]));
}
