/**
 * A capital plan, start to finish, the one way the service (POST /plans, in a worker thread), the CLI
 * (`npm run plan`) and the benchmark make one:
 *
 * 1. the scenario as a path over the plan's years, assembled as any path is (assemble-path.ts);
 * 2. the plan's instance from it (from-path.ts) with the candidate builds (plan-candidates.json and
 *    the request's overrides), and the multi-year MIP (build-plan-model.ts) solved exactly to the gap
 *    target or the time limit (solve-plan.ts);
 * 3. each build's reasons and the special-school places' reasons, and the value of one more pound of
 *    capital (explain-plan.ts); the greedy plan beside it when asked (greedy-plan.ts);
 * 4. the resulting path: the scenario with the builds as supply changes from their opening years
 *    (plan-supply-changes.ts), run by the path model, and the same path without them.
 */
import { DomainError } from '../errors.js';
import { modelSize } from '../lp/linear-model.js';
import { pounds } from '../units.js';
import type { LpSolver } from '../lp/solvers/solver.js';
import type { Registry } from '../registry/registry.js';
import type { AssembleDependencies } from '../sufficiency/assemble-inputs.js';
import { assemblePath } from '../sufficiency/path/assemble-path.js';
import type { PathResult } from '../sufficiency/path/path-result.js';
import { solvePath } from '../sufficiency/path/solve-path.js';
import type { Scenario } from '../sufficiency/scenario.js';
import { buildPlanModel, planWeightWarnings } from './build-plan-model.js';
import type { PlanCandidatesFile } from './candidates-file.js';
import { capitalValue, explainPlan } from './explain-plan.js';
import { planFromPath } from './from-path.js';
import { greedyPlan } from './greedy-plan.js';
import { whyNothingWasBuilt } from './nothing-built.js';
import { pathScenario, planBudgets, planYears, type PlanRequest } from './plan-request.js';
import { PLAN_MODEL_VERSION, type PlanBuildView, type PlanResult } from './plan-result.js';
import { planSupplyChanges, withPlannedChanges } from './plan-supply-changes.js';
import { solveExactPlan, type PlanYear } from './solve-plan.js';

/**
 * The largest plan model solved, in non-zeros. HiGHS runs as WebAssembly in one thread with at most
 * 4 GB of memory: Kent's MSOA instance over 2026-2028 (4.4 million non-zeros as built, without the
 * linking rows; 6.7 million with them) aborts it, and an aborted HiGHS is lost to the worker. District
 * 2026-2028 has 134,000 and MSOA 2026 alone 814,000, both solved (test/bench/RESULTS.md); the limit
 * lies between what was measured to work and what was measured to fail.
 */
export const PLAN_MAX_NONZEROS = 2_000_000;

export interface CapitalPlanTask {
  scenario: Scenario;
  request: PlanRequest;
  /** The candidate file after the request's overrides (applyCandidateOverrides); default the dataset's. */
  candidates?: PlanCandidatesFile;
  /** Default PLAN_MAX_NONZEROS. */
  maxNonZeros?: number;
}

export type PlanProgress = (stage: string, detail: string) => void;

export async function planCapital(task: CapitalPlanTask, registry: Registry, deps: AssembleDependencies, solver: LpSolver, progress: PlanProgress = () => {}): Promise<PlanResult> {
  const started = performance.now();
  const { request } = task;
  const { from, to } = planYears(task.scenario, request);
  const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const budgets = planBudgets(request.budgets, years);
  const scenario = pathScenario(task.scenario, request);
  const file = task.candidates ?? registry.planCandidates;

  progress('assembling', `the path ${from}-${to} by ${scenario.level}`);
  const assembled = assemblePath(scenario, registry, deps);
  const instance = planFromPath(assembled.inputs, registry, { budgets, candidates: file, name: `${scenario.id}_${from}_${to}` });
  const pm = buildPlanModel(instance);
  const size = modelSize(pm.model);
  const maxNonZeros = task.maxNonZeros ?? PLAN_MAX_NONZEROS;
  if (size.nonZeros > maxNonZeros) {
    throw new DomainError(
      'unprocessable',
      `the plan's model is too large to solve here: ${size.nonZeros.toLocaleString('en-GB')} non-zeros (${size.rows.toLocaleString('en-GB')} rows, ` +
        `${size.variables.toLocaleString('en-GB')} variables, by ${scenario.level} over ${from}-${to}) against a limit of ${maxNonZeros.toLocaleString('en-GB')}; plan by district, or over fewer years`,
    );
  }

  progress('solving', `${size.integerVariables} build decisions, ${size.variables} variables, ${size.rows} rows`);
  const exact = solveExactPlan(pm, solver, { timeLimitMs: request.timeLimitSeconds * 1000, relativeGap: request.gapTarget });
  const found = exact.status === 'optimal' || exact.status === 'time-limit';

  progress('explaining', `${exact.builds.length} builds`);
  const explanation = found ? explainPlan(pm, exact, solver) : { specialPlaces: [], marginalMs: 0 };
  const value = found ? capitalValue(pm, exact, solver) : null;
  const greedy = request.greedy && found ? greedyPlan(pm, solver) : null;

  // The resulting path: the path model with the builds, and the same path without them.
  progress('path', 'the resulting path, and the path without the plan');
  const planned = planSupplyChanges(instance, exact.builds, registry);
  const withoutPlan = await solvePath({ inputs: { ...assembled.inputs, band: null }, meta: assembled.meta, solver: scenario.solver });
  let resultingPath: PathResult | null = null;
  if (planned.length) {
    const withBuilds = assemblePath(withPlannedChanges(scenario, planned), registry, deps);
    resultingPath = await solvePath({ inputs: withBuilds.inputs, meta: { ...withBuilds.meta, scenarioName: `${scenario.name}, with the capital plan` }, solver: scenario.solver });
  }

  const names = instance.localityNames ?? {};
  const sitesOf = (candidate: string, year: number) =>
    planned
      .filter((c) => c.candidate === candidate && c.year === year && c.site)
      .map((c) => c.site!)
      .filter((s, i, all) => all.findIndex((x) => x.urn === s.urn) === i)
      .map((s) => {
        const school = registry.schoolByUrn.get(s.urn)!;
        return { urn: s.urn, name: s.name, lat: school.location.lat, lon: school.location.lon };
      });
  const builds: PlanBuildView[] = exact.builds.map((b) => ({
    candidate: b.candidate,
    name: b.name,
    kind: b.kind as PlanBuildView['kind'],
    locality: b.locality,
    localityName: names[b.locality] ?? b.locality,
    year: b.year,
    units: b.units,
    places: b.places,
    capital: b.capital,
    runningPerYear: b.runningPerYear,
    categories: b.categories,
    phases: b.phases,
    sites: sitesOf(b.candidate, b.year),
    siteChoices: b.sites.length || 1,
    basis: b.basis,
    pupilsPlaced: b.pupilsPlaced,
    reasons: b.reasons.length ? b.reasons : [{ kind: 'marginal', text: 'not explained: the plan was not solved' }],
  }));

  const figures = (y: PlanYear) => ({
    pupils: y.pupils,
    placedInState: y.placedInState,
    independent: y.independent,
    noPlace: y.noPlace,
    notCommissioned: y.notCommissioned,
    withoutStatePlace: y.withoutStatePlace,
    independentCost: y.independentCost,
    newPlacesRunningCost: y.newPlacesRunningCost,
    capital: y.capital,
    pupilMinutes: y.pupilMinutes,
  });
  const pathYear = (path: PathResult | null, year: number) => {
    const y = path?.years.find((x) => x.year === year);
    if (!y) return null;
    return { demand: y.whole.demand, placedState: y.whole.placedState, placedIndependent: y.whole.placedIndependent, unmet: y.whole.unmet, shortfall: y.whole.shortfall, independentCost: y.independentCost };
  };
  const emptyYear = { pupils: 0, placedInState: 0, independent: 0, noPlace: 0, notCommissioned: 0, withoutStatePlace: 0, independentCost: 0, newPlacesRunningCost: 0, capital: 0, pupilMinutes: 0 };
  const byYear = years.map((year, t) => {
    const inYear = exact.builds.filter((b) => b.year === year);
    return {
      year,
      budget: budgets.perYear[t] ?? null,
      builds: inYear.length,
      places: inYear.reduce((s, b) => s + b.places, 0),
      plan: exact.years[t] ? figures(exact.years[t]!) : emptyYear,
      path: pathYear(resultingPath ?? withoutPlan, year),
      withoutPlan: pathYear(withoutPlan, year),
    };
  });

  const warnings = [
    ...planWeightWarnings(instance),
    ...(exact.message && exact.status !== 'optimal' ? [exact.message] : []),
    ...(found && exact.builds.length === 0 ? [whyNothingWasBuilt(instance, file, exact.totals.withoutStatePlace)] : []),
  ];
  const wState = instance.weights.withoutStatePlace;
  return {
    kind: 'plan',
    modelVersion: PLAN_MODEL_VERSION,
    scenarioId: task.scenario.id,
    scenarioName: task.scenario.name,
    level: scenario.level,
    horizon: { from, to },
    designationSet: scenario.designationSet,
    budgets: { total: budgets.total, perYear: years.map((year, t) => ({ year, pounds: budgets.perYear[t] ?? null })) },
    status: exact.status,
    objective: found ? exact.objective : null,
    bound: found ? exact.bound : null,
    gap: found ? exact.gap : null,
    gapPupilYears: found && exact.bound !== null && Number.isFinite(exact.bound) && wState > 0 ? Math.max(0, exact.objective - exact.bound) / wState : null,
    gapTarget: request.gapTarget,
    timeLimitSeconds: request.timeLimitSeconds,
    solveMs: exact.solveMs,
    totalMs: performance.now() - started,
    model: { ...size, candidates: instance.candidates.length, cells: instance.cells.length, arcs: instance.arcs.length },
    builds,
    byYear,
    totals: figures({ year: 0, ...exact.totals }),
    specialPlaces: explanation.specialPlaces,
    capitalValue: value,
    greedy: greedy
      ? {
          objective: greedy.objective,
          solveMs: greedy.solveMs,
          totals: figures({ year: 0, ...greedy.totals }),
          builds: greedy.builds.map((b) => ({ candidate: b.candidate, name: b.name, year: b.year, units: b.units, places: b.places, capital: b.capital })),
          difference: {
            withoutStatePlace: greedy.totals.withoutStatePlace - exact.totals.withoutStatePlace,
            independentCost: greedy.totals.independentCost - exact.totals.independentCost,
            newPlacesRunningCost: greedy.totals.newPlacesRunningCost - exact.totals.newPlacesRunningCost,
            capital: greedy.totals.capital - exact.totals.capital,
            objectivePercent: ((greedy.objective - exact.objective) / Math.abs(exact.objective)) * 100,
          },
        }
      : null,
    supplyChanges: planned.map((c) => c.change),
    resultingPath,
    candidates: { rows: file.candidates.length, overridden: file !== registry.planCandidates, costs: file.costs },
    assumptions: [
      { name: 'plan.years', value: `${from}-${to}`, basis: 'request: planning years (Januaries); builds open in September before the January they count from' },
      {
        name: 'plan.budgets',
        value: [budgets.total !== null ? `${pounds(budgets.total)} in total` : null, ...years.map((y, t) => (budgets.perYear[t] !== null ? `${y}: ${pounds(budgets.perYear[t]!)}` : null))].filter(Boolean).join('; '),
        basis: 'request: capital spent in the year a build opens; unspent capital does not carry over',
      },
      {
        name: 'plan.order',
        value: 'pupil-years without a suitable state place (1,000,000 points each), then pounds (independent places, running costs of new places; a child with no place counts £1,000 a year more than an independent place), then journey minutes',
        basis: 'build-plan-model.ts: the path model\'s order of priorities, with foresight over the plan\'s years',
      },
      { name: 'plan.independentPlace', value: pounds(instance.independent.costPerPlace), basis: instance.independent.costBasis },
      ...Object.entries(file.costs).flatMap(([kind, c]) => [
        { name: `plan.costs.${kind}.capitalPerPlace`, value: pounds(c.capitalPerPlace), basis: c.capitalBasis },
        { name: `plan.costs.${kind}.runningPerPlace`, value: `${pounds(c.runningPerPlace)} a year`, basis: c.runningBasis },
      ]),
      { name: 'plan.solve', value: `gap target ${request.gapTarget}, time limit ${request.timeLimitSeconds} s`, basis: 'request: HiGHS stops once the plan is proven within the gap target, or returns the best plan found at the time limit' },
      ...assembled.meta.assumptions,
    ],
    notes: [
      "The plan's own figures (byYear[].plan) are its multi-year model's placements, made with foresight; the resulting path (byYear[].path, resultingPath) is the path model run with the builds from their opening years, the same model as every other run: read the outcome there.",
      ...assembled.meta.notes,
    ],
    warnings,
  };
}
