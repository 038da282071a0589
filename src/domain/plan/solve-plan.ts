/**
 * Solving a plan and reading the answer back: the exact plan (the MIP through HiGHS, with a time
 * limit and a gap target), the evaluation of any given set of builds (the same model with the build
 * decisions fixed, an LP), and the plan's figures in the council's units: builds by year with their
 * places and costs, and per year the pupils without a state place, independent spending, running
 * costs of new places, capital spent and journeys.
 */
import type { LpSolution, LpSolver, MipProgress } from '../lp/solvers/solver.js';
import { buildPlanModel, withBuildsFixed, type PlanModel } from './build-plan-model.js';
import type { PlanInstance } from './plan-instance.js';

export interface PlanBuild {
  candidate: string;
  name: string;
  kind: string;
  locality: string;
  year: number;
  units: number;
  places: number;
  capital: number;
  runningPerYear: number;
  categories: string[];
  phases: string[];
  /** Schools a pooled candidate stands for (a unit goes to one of them). */
  sites: { urn: number; name: string }[];
  basis: { capital: string; running: string; earliestYear: string; places: string };
  /** Pupils placed in its places in the year it opens. */
  pupilsPlaced: number;
  reasons: BuildReason[];
}

export interface BuildReason {
  kind: 'no-base-can-meet' | 'bases-full' | 'shorter-journey' | 'shortfall-in-reach' | 'marginal';
  text: string;
}

export interface PlanYear {
  year: number;
  pupils: number;
  placedInState: number;
  independent: number;
  noPlace: number;
  /** Independent + no place: the first thing the plan minimises. */
  withoutStatePlace: number;
  independentCost: number;
  /** Running costs of the places the plan builds (existing provision's costs are the same in every plan). */
  newPlacesRunningCost: number;
  capital: number;
  pupilMinutes: number;
}

export type PlanStatus = 'optimal' | 'time-limit' | 'infeasible' | 'no-plan' | 'error';

export interface PlanOutcome {
  method: 'exact' | 'greedy';
  /** 'optimal' = within the gap target; 'time-limit' = the best plan found when time ran out, with its proven gap. */
  status: PlanStatus;
  objective: number;
  /** Proven lower bound on the objective (exact plans); null for the greedy plan. */
  bound: number | null;
  gap: number | null;
  solveMs: number;
  builds: PlanBuild[];
  years: PlanYear[];
  totals: Omit<PlanYear, 'year'>;
  /** units[k][t]: units of candidate k opening in year t. */
  units: number[][];
  /** The solution behind the figures, one value per model variable. */
  values: Float64Array;
  message?: string;
}

export interface ExactPlanOptions {
  timeLimitMs?: number;
  /** Relative gap at which to stop (default 1e-4). */
  relativeGap?: number;
}

/** The exact plan: solves the MIP and reads it back. */
export function solveExactPlan(instanceOrModel: PlanInstance | PlanModel, solver: LpSolver, options: ExactPlanOptions = {}): PlanOutcome {
  const pm = 'model' in instanceOrModel ? instanceOrModel : buildPlanModel(instanceOrModel);
  const s = solver.solve(pm.model, { timeLimitMs: options.timeLimitMs, relativeGap: options.relativeGap ?? 1e-4 });
  const mip: MipProgress = s.mip ?? { feasible: s.status === 'optimal', bound: s.objective, gap: 0, nodes: 0 };
  if (!mip.feasible || !(s.status === 'optimal' || s.status === 'time-limit')) {
    const status: PlanStatus = s.status === 'infeasible' ? 'infeasible' : s.status === 'time-limit' ? 'no-plan' : 'error';
    return emptyOutcome(pm, 'exact', status, s.solveMs, s.message ?? `solver stopped: ${s.status}`);
  }
  const units = unitsOf(pm, s.values);
  return { ...readPlan(pm, s.values, units), values: s.values, method: 'exact', status: s.status, objective: s.objective, bound: mip.bound, gap: mip.gap, solveMs: s.solveMs };
}

/** Evaluates given builds: the same model with every build decision fixed. */
export function evaluateBuilds(pm: PlanModel, units: number[][], solver: LpSolver): { solution: LpSolution; outcome: Omit<PlanOutcome, 'method' | 'status' | 'bound' | 'gap' | 'solveMs'> } {
  const solution = solver.solve(withBuildsFixed(pm, units));
  if (solution.status !== 'optimal') throw new Error(`evaluating a plan: the fixed-build LP is ${solution.status}`);
  return { solution, outcome: { ...readPlan(pm, solution.values, units), values: solution.values, objective: solution.objective } };
}

export function unitsOf(pm: PlanModel, values: ArrayLike<number>): number[][] {
  return pm.buildVar.map((row) => row.map((v) => (v >= 0 ? Math.round(values[v]!) : 0)));
}

export function noBuilds(pm: PlanModel): number[][] {
  return pm.buildVar.map((row) => row.map(() => 0));
}

function emptyOutcome(pm: PlanModel, method: 'exact' | 'greedy', status: PlanStatus, solveMs: number, message: string): PlanOutcome {
  const zero = { pupils: 0, placedInState: 0, independent: 0, noPlace: 0, withoutStatePlace: 0, independentCost: 0, newPlacesRunningCost: 0, capital: 0, pupilMinutes: 0 };
  return { method, status, objective: NaN, bound: null, gap: null, solveMs, builds: [], years: [], totals: zero, units: noBuilds(pm), values: new Float64Array(pm.model.variables.length), message };
}

/** The plan's figures from a solution's values. */
export function readPlan(pm: PlanModel, values: ArrayLike<number>, units: number[][]): Pick<PlanOutcome, 'builds' | 'years' | 'totals' | 'units'> {
  const p = pm.instance;
  const Y = p.years.length;
  const placedAt = new Float64Array(p.candidates.length * Y);
  const minutes = new Float64Array(Y);
  for (const x of pm.placements) {
    const a = p.arcs[x.arc]!;
    const v = values[x.variable]!;
    minutes[x.year] = minutes[x.year]! + v * a.minutes;
    if (a.to.kind === 'candidate') placedAt[a.to.index * Y + x.year] = placedAt[a.to.index * Y + x.year]! + v;
  }
  const years: PlanYear[] = p.years.map((year, t) => {
    let pupils = 0;
    let independent = 0;
    let noPlace = 0;
    p.cells.forEach((c, r) => {
      pupils += c.demand[t]!;
      const i = pm.independentVar[r]![t]!;
      const u = pm.unmetVar[r]![t]!;
      if (i >= 0) independent += values[i]!;
      if (u >= 0) noPlace += values[u]!;
    });
    let running = 0;
    let capital = 0;
    p.candidates.forEach((k, i) => {
      let open = 0;
      for (let s = 0; s <= t; s++) open += units[i]![s]!;
      running += open * k.placesPerUnit * k.runningPerPlace;
      capital += units[i]![t]! * k.capitalPerUnit;
    });
    return {
      year,
      pupils,
      placedInState: pupils - independent - noPlace,
      independent,
      noPlace,
      withoutStatePlace: independent + noPlace,
      independentCost: independent * p.independent.costPerPlace,
      newPlacesRunningCost: running,
      capital,
      pupilMinutes: minutes[t]!,
    };
  });
  const builds: PlanBuild[] = [];
  p.candidates.forEach((k, i) =>
    p.years.forEach((year, t) => {
      const n = units[i]![t]!;
      if (n <= 0) return;
      builds.push({
        candidate: k.id,
        name: k.name,
        kind: k.kind,
        locality: k.locality,
        year,
        units: n,
        places: n * k.placesPerUnit,
        capital: n * k.capitalPerUnit,
        runningPerYear: n * k.placesPerUnit * k.runningPerPlace,
        categories: k.categories,
        phases: k.phases,
        sites: k.sites,
        basis: k.basis,
        pupilsPlaced: placedAt[i * Y + t]!,
        reasons: [],
      });
    }),
  );
  const sum = (f: (y: PlanYear) => number) => years.reduce((s, y) => s + f(y), 0);
  const totals = {
    pupils: sum((y) => y.pupils),
    placedInState: sum((y) => y.placedInState),
    independent: sum((y) => y.independent),
    noPlace: sum((y) => y.noPlace),
    withoutStatePlace: sum((y) => y.withoutStatePlace),
    independentCost: sum((y) => y.independentCost),
    newPlacesRunningCost: sum((y) => y.newPlacesRunningCost),
    capital: sum((y) => y.capital),
    pupilMinutes: sum((y) => y.pupilMinutes),
  };
  return { builds, years, totals, units };
}
