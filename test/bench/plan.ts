/**
 * The capital plan on Kent's multi-year instance: the proposed-designations path over 2026-2028 (the
 * path model's years, cohorts and reach; from-path.ts) with the candidates of
 * models/kent/plan-candidates.json. The exact plan (MIP, HiGHS, from its rounded start) against the
 * greedy builder at several total budgets: each plan's capital, pupil-years without a state place,
 * independent spending and running costs of new places over the three years, the difference, and the
 * exact plan's status, proven gap and time. Then one budget through the whole use case (planCapital:
 * reasons, the value of capital, the resulting path), as POST /plans makes it.
 *
 * `npm run bench:plan` (builds first). Settings by environment:
 *   BUDGETS=5000000,10000000,20000000  total capital in pounds over the horizon
 *   FROM=2026 TO=2028                   planning years
 *   TIME_LIMIT_MS=60000                 the exact solve's limit
 *   GAP=0.005                           its relative gap target (0.5%)
 *   LEVEL=district|msoa                 locality level (msoa: a much larger instance)
 *   FULL=1                              also run the whole use case for the middle budget (default on at district level)
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { modelSize } from '../../src/domain/lp/linear-model.js';
import { loadHighsSolver } from '../../src/domain/lp/solvers/highs-solver.js';
import { buildPlanModel } from '../../src/domain/plan/build-plan-model.js';
import { PLAN_MAX_NONZEROS, planCapital } from '../../src/domain/plan/capital-plan.js';
import { planFromPath } from '../../src/domain/plan/from-path.js';
import { greedyPlan } from '../../src/domain/plan/greedy-plan.js';
import { planRequestSchema } from '../../src/domain/plan/plan-request.js';
import { solveExactPlan, type PlanOutcome } from '../../src/domain/plan/solve-plan.js';
import { loadDataset } from '../../src/domain/dataset.js';
import { pounds } from '../../src/domain/units.js';
import { demandModelSource } from '../../src/domain/sufficiency/demand-model-source.js';
import { assemblePath } from '../../src/domain/sufficiency/path/assemble-path.js';
import { scenarioSchema } from '../../src/domain/sufficiency/scenario.js';

const BUDGETS = (process.env.BUDGETS ?? '5000000,10000000,20000000').split(',').map(Number);
const FROM = Number(process.env.FROM ?? 2026);
const TO = Number(process.env.TO ?? 2028);
const TIME_LIMIT_MS = Number(process.env.TIME_LIMIT_MS ?? 60_000);
const GAP = Number(process.env.GAP ?? 0.005);
const LEVEL = (process.env.LEVEL ?? 'district') as 'district' | 'msoa';
const FULL = process.env.FULL ? process.env.FULL === '1' : LEVEL === 'district';

const m = (x: number) => `£${(x / 1e6).toFixed(2).replace(/^-0\.00$/, '0.00')}m`;
const signedM = (x: number) => (x < 0 ? `-${m(-x)}` : `+${m(x)}`);
const ms = (x: number) => `${Math.round(x).toLocaleString('en-GB')} ms`;
// One decimal; a difference that rounds to nothing reads 0.0, not -0.0.
const py = (x: number) => (Math.abs(x) < 0.05 ? 0 : x).toFixed(1);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

console.log(`capital plan benchmark: ${LEVEL} level, ${FROM}-${TO}; load average ${load()} (2 cores, shared: figures are noisy); node ${process.version}`);
const registry = loadDataset(resolve('models/kent'));
const demand = demandModelSource(registry);
const highs = await loadHighsSolver();
const scenario = scenarioSchema.parse({
  id: 'bench-plan',
  name: 'bench plan',
  level: LEVEL,
  designationSet: 'proposed',
  horizon: { from: FROM, to: TO, admissionsFrom: 2027 },
});
const t0 = performance.now();
const path = assemblePath(scenario, registry, { demand, baseDemand: demand });
console.log(`path assembled in ${ms(performance.now() - t0)}; exact solve: time limit ${ms(TIME_LIMIT_MS)}, gap target ${(GAP * 100).toFixed(2)}%`);

const row = (p: PlanOutcome) =>
  `${m(p.totals.capital)} | ${py(p.totals.withoutStatePlace)} (${py(p.totals.independent)} indep., ${py(p.totals.noPlace)} none) | ${m(p.totals.independentCost)} | ${m(p.totals.newPlacesRunningCost)} | ${p.builds.length} / ${p.builds.reduce((s, b) => s + b.places, 0)}`;

console.log(`\n| total budget | plan | status | proven gap | time | capital | pupil-years without a state place | independent spending ${FROM}-${TO} | running costs of new places ${FROM}-${TO} | builds / places |`);
console.log('|---|---|---|---|---|---|---|---|---|---|');
const differences: string[] = [];
for (const budget of BUDGETS) {
  const t1 = performance.now();
  const years = Array.from({ length: TO - FROM + 1 }, () => null);
  const instance = planFromPath(path.inputs, registry, { budgets: { perYear: years, total: budget }, name: `bench_${budget}` });
  const pm = buildPlanModel(instance);
  const buildMs = performance.now() - t1;
  const size = modelSize(pm.model);
  if (size.nonZeros > PLAN_MAX_NONZEROS) {
    // As the service refuses it: HiGHS-WASM aborts on models this large (and is lost to the process).
    console.log(`| ${m(budget)} | exact | refused | - | - | model ${size.rows.toLocaleString('en-GB')} rows, ${size.variables.toLocaleString('en-GB')} variables, ${size.nonZeros.toLocaleString('en-GB')} non-zeros > ${PLAN_MAX_NONZEROS.toLocaleString('en-GB')} | | | | |`);
    continue;
  }
  const exact = solveExactPlan(pm, highs, { timeLimitMs: TIME_LIMIT_MS, relativeGap: GAP });
  const greedy = greedyPlan(pm, highs);
  const gap = exact.gap === null ? '-' : `${(exact.gap * 100).toFixed(3)}%`;
  console.log(`| ${m(budget)} | exact | ${exact.status} | ${gap} | ${ms(exact.solveMs)} (+ model ${ms(buildMs)}) | ${row(exact)} |`);
  console.log(`| ${m(budget)} | greedy | - | - | ${ms(greedy.solveMs)} | ${row(greedy)} |`);
  differences.push(
    `${m(budget)}: greedy leaves ${py(greedy.totals.withoutStatePlace - exact.totals.withoutStatePlace)} more pupil-years without a state place ` +
      `(${py(greedy.totals.noPlace - exact.totals.noPlace)} more with no place at all), independent spending ${signedM(greedy.totals.independentCost - exact.totals.independentCost)}, ` +
      `running costs ${signedM(greedy.totals.newPlacesRunningCost - exact.totals.newPlacesRunningCost)}, capital ${signedM(greedy.totals.capital - exact.totals.capital)}; ` +
      `objective ${(((greedy.objective - exact.objective) / Math.abs(exact.objective)) * 100).toFixed(3)}% worse ` +
      `(model: ${size.rows.toLocaleString('en-GB')} rows, ${size.variables.toLocaleString('en-GB')} variables, ${size.integerVariables} integer; ${instance.candidates.length} candidates; load ${load()})`,
  );
}
console.log('\nDifference (greedy minus exact, over the plan\'s years):');
for (const d of differences) console.log(`- ${d}`);

if (FULL && differences.length) {
  const budget = BUDGETS[Math.floor(BUDGETS.length / 2)]!;
  const request = planRequestSchema.parse({ budgets: { total: budget }, horizon: { from: FROM, to: TO }, timeLimitSeconds: Math.ceil(TIME_LIMIT_MS / 1000), gapTarget: GAP });
  const result = await planCapital({ scenario, request }, registry, { demand, baseDemand: demand }, highs);
  console.log(
    `\nThe whole use case at ${m(budget)} (planCapital, as POST /plans): ${result.status}, proven gap ${result.gap === null ? '-' : `${(result.gap * 100).toFixed(3)}%`}, ` +
      `exact solve ${ms(result.solveMs)}, everything ${ms(result.totalMs)} (reasons, value of capital, the resulting path and the path without the plan); load ${load()}`,
  );
  for (const y of result.byYear) {
    console.log(`- ${y.year}: ${y.builds} builds, ${y.places} places; the path's shortfall ${y.path?.shortfall ?? '-'} with the plan against ${y.withoutPlan?.shortfall ?? '-'} without`);
  }
  const v = result.capitalValue;
  if (v) console.log(`Value of capital: ${pounds(v.independentSpendingAvoidedPerPound * v.step)} of independent spending avoided for the next ${pounds(v.step)} (${v.candidate}, ${v.year})`);
}
