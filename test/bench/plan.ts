/**
 * The capital plan on Kent's district-level 2026 instance: the exact plan (MIP, HiGHS) against the
 * greedy builder at several budgets, with each plan's capital, pupils without a state place,
 * independent spending and running costs, the difference, and the exact plan's gap and time; then
 * the reasons and the value of capital for one budget. `npm run bench:plan` (builds first).
 * BUDGETS=2000000,5000000 sets the budgets (pounds, 2026); TIME_LIMIT_MS the exact solve's limit
 * (default 60,000); GAP its relative gap target (default 1e-4); LEVEL=msoa for the MSOA instance.
 *
 * The instance is the single-year sufficiency inputs (demand from the demand model, 2026, the
 * scenario defaults) with the candidates of models/kent/plan-candidates.json; the multi-year path
 * model will replace it (see src/domain/plan/from-sufficiency.ts).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { modelSize } from '../../src/domain/lp/linear-model.js';
import { loadHighsSolver } from '../../src/domain/lp/solvers/highs-solver.js';
import { buildPlanModel } from '../../src/domain/plan/build-plan-model.js';
import { capitalValue, explainPlan } from '../../src/domain/plan/explain-plan.js';
import { planFromSufficiency } from '../../src/domain/plan/from-sufficiency.js';
import { greedyPlan } from '../../src/domain/plan/greedy-plan.js';
import { solveExactPlan, type PlanOutcome } from '../../src/domain/plan/solve-plan.js';
import { loadDataset } from '../../src/domain/dataset.js';
import { assembleInputs } from '../../src/domain/sufficiency/assemble-inputs.js';
import { demandModelSource } from '../../src/domain/sufficiency/demand-model-source.js';
import { scenarioSchema } from '../../src/domain/sufficiency/scenario.js';

const BUDGETS = (process.env.BUDGETS ?? '2000000,5000000,10000000,20000000,50000000').split(',').map(Number);
const TIME_LIMIT_MS = Number(process.env.TIME_LIMIT_MS ?? 60_000);
const GAP = Number(process.env.GAP ?? 1e-4);
const LEVEL = (process.env.LEVEL ?? 'district') as 'district' | 'msoa';

const gbp = (x: number) => `£${(Math.round(x) || 0).toLocaleString('en-GB')}`;
const m = (x: number) => `£${(x / 1e6).toFixed(2).replace(/^-0\.00$/, '0.00')}m`;
const ms = (x: number) => `${Math.round(x).toLocaleString('en-GB')} ms`;
const pupils = (x: number) => x.toFixed(1);

console.log(`capital plan benchmark: ${LEVEL} level, 2026; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores, shared: figures are noisy); node ${process.version}`);
const registry = loadDataset(resolve('models/kent'));
const scenario = scenarioSchema.parse({ id: 'bench-plan', name: 'bench plan', year: 2026, level: LEVEL });
const inputs = assembleInputs(scenario, registry, { demand: demandModelSource(registry) }).inputs;
const highs = await loadHighsSolver();
console.log(`scenario defaults: designation set ${scenario.designationSet}; independent place ${gbp(inputs.independent.costPerPlace)} a year; exact solve: time limit ${ms(TIME_LIMIT_MS)}, gap target ${GAP}`);

const row = (p: PlanOutcome) =>
  `${m(p.totals.capital)} | ${pupils(p.totals.withoutStatePlace)} (${pupils(p.totals.independent)} indep., ${pupils(p.totals.noPlace)} none) | ${m(p.totals.independentCost)} | ${m(p.totals.newPlacesRunningCost)} | ${p.builds.length} / ${p.builds.reduce((s, b) => s + b.places, 0)}`;

console.log('\n| budget | plan | status | gap | time | capital | without a state place (pupils) | independent a year | running of new places a year | builds / places |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
const differences: string[] = [];
let explained: { budget: number; exact: PlanOutcome } | null = null;
for (const budget of BUDGETS) {
  const t0 = performance.now();
  const instance = planFromSufficiency(inputs, registry, { budgets: { perYear: [budget], total: null } });
  const pm = buildPlanModel(instance);
  const buildMs = performance.now() - t0;
  const size = modelSize(pm.model);
  const exact = solveExactPlan(pm, highs, { timeLimitMs: TIME_LIMIT_MS, relativeGap: GAP });
  const greedy = greedyPlan(pm, highs);
  console.log(`| ${m(budget)} | exact | ${exact.status} | ${exact.gap === null ? '-' : (exact.gap * 100).toFixed(4) + '%'} | ${ms(exact.solveMs)} (+ build ${ms(buildMs)}) | ${row(exact)} |`);
  console.log(`| ${m(budget)} | greedy | - | - | ${ms(greedy.solveMs)} | ${row(greedy)} |`);
  differences.push(
    `${m(budget)}: greedy leaves ${pupils(greedy.totals.withoutStatePlace - exact.totals.withoutStatePlace)} more pupils without a state place, ` +
      `spends ${m(greedy.totals.independentCost - exact.totals.independentCost)} more on independent places and ${m(greedy.totals.newPlacesRunningCost - exact.totals.newPlacesRunningCost)} more running new places a year, ` +
      `capital ${m(greedy.totals.capital - exact.totals.capital)}; objective ${(((greedy.objective - exact.objective) / Math.abs(exact.objective)) * 100).toFixed(3)}% worse ` +
      `(model: ${size.rows} rows, ${size.variables} variables, ${size.integerVariables} integer; ${instance.candidates.length} candidates)`,
  );
  if (!explained && exact.builds.length) explained = { budget, exact };
}
console.log('\nDifference (greedy minus exact):');
for (const d of differences) console.log(`- ${d}`);

if (explained) {
  const instance = planFromSufficiency(inputs, registry, { budgets: { perYear: [explained.budget], total: null } });
  const pm = buildPlanModel(instance);
  const t = performance.now();
  const special = explainPlan(pm, explained.exact, highs);
  const explainMs = performance.now() - t;
  console.log(`\nReasons, ${m(explained.budget)} exact plan (${ms(explainMs)}; one LP per build for its marginal worth):`);
  for (const b of explained.exact.builds.slice(0, 8)) {
    console.log(`- ${b.name}: ${b.units} unit(s), ${b.places} places, ${gbp(b.capital)}`);
    for (const r of b.reasons) console.log(`    ${r.kind}: ${r.text}`);
  }
  if (explained.exact.builds.length > 8) console.log(`- ... and ${explained.exact.builds.length - 8} more builds`);
  const byKind = new Map<string, number>();
  for (const s of special) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + s.pupils);
  console.log(`Special-school places in use, by reason (pupils): ${[...byKind].map(([k, v]) => `${k} ${pupils(v)}`).join('; ')}`);
  const t2 = performance.now();
  const value = capitalValue(instance, explained.exact, highs, { timeLimitMs: TIME_LIMIT_MS, relativeGap: GAP });
  if (value) {
    console.log(
      `Value of capital (${ms(performance.now() - t2)}): ${value.method}: ${value.fewerWithoutStatePlace.toFixed(1)} fewer pupils without a state place, ` +
        `${gbp(value.independentSpendingAvoidedPerPound * value.step)} a year less on independent places (${(value.independentSpendingAvoidedPerPound + 0).toFixed(3)} pounds a year per pound), ${value.extraPlaces} more places`,
    );
  }
}
