/**
 * Solving a plan and reading the answer back: the exact plan (the MIP through HiGHS, with a time
 * limit and a gap target), the evaluation of any given set of builds (the same model with the build
 * decisions fixed, an LP), and the plan's figures in the council's units: builds by year with their
 * places and costs, and per year the pupils without a state place, independent spending, running
 * costs of new places, capital spent and journeys.
 *
 * The exact solve starts from a plan rounded from the LP relaxation (`roundedPlan`): every build
 * rounded down, then the largest fractions rounded up while the budgets, unit and group limits allow,
 * and pupils placed with those builds. HiGHS takes it as its first incumbent, so the proven gap is
 * measured against a good plan from the first seconds (on Kent's district 2026-2028 instance its own
 * heuristics found one within 1% only after about 40 s; test/bench/RESULTS.md), and a time limit
 * returns at least that plan. It changes how soon the optimum is proven, not what it is.
 */
import { openSession, type LpSession, type LpSolution, type LpSolver, type MipProgress } from '../lp/solvers/solver.js';
import { buildPlanModel, relaxation, withBuildsFixed, type PlanModel } from './build-plan-model.js';
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
  /** Pupils whose category and phase nothing admits that year (as the path reports them: not a shortfall). */
  notCommissioned: number;
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
  /** For the whole exact solve, the rounded start included. */
  timeLimitMs?: number;
  /** Relative gap at which to stop (default 1e-4). */
  relativeGap?: number;
  /** Start from the plan rounded from the LP relaxation (default true; false: the solver's own heuristics only). */
  roundedStart?: boolean;
}

/** The exact plan: solves the MIP (from the rounded plan) and reads it back. */
export function solveExactPlan(instanceOrModel: PlanInstance | PlanModel, solver: LpSolver, options: ExactPlanOptions = {}): PlanOutcome {
  const pm = 'model' in instanceOrModel ? instanceOrModel : buildPlanModel(instanceOrModel);
  const started = performance.now();
  // The rounded start may take at most half the time limit; without it HiGHS starts from its own heuristics.
  const start = options.roundedStart === false ? null : roundedPlan(pm, solver, options.timeLimitMs === undefined ? undefined : options.timeLimitMs / 2);
  const left = options.timeLimitMs === undefined ? undefined : Math.max(1000, options.timeLimitMs - (performance.now() - started));
  const solved = solver.solve(pm.model, { timeLimitMs: left, relativeGap: options.relativeGap ?? 1e-4, ...(start ? { start: start.values } : {}) });
  const s = { ...solved, solveMs: performance.now() - started };
  const mip: MipProgress = s.mip ?? { feasible: s.status === 'optimal', bound: s.objective, gap: 0, nodes: 0 };
  if (!mip.feasible || !(s.status === 'optimal' || s.status === 'time-limit')) {
    const status: PlanStatus = s.status === 'infeasible' ? 'infeasible' : s.status === 'time-limit' ? 'no-plan' : 'error';
    return emptyOutcome(pm, 'exact', status, s.solveMs, s.message ?? `solver stopped: ${s.status}`);
  }
  const units = unitsOf(pm, s.values);
  return { ...readPlan(pm, s.values, units), values: s.values, method: 'exact', status: s.status, objective: s.objective, bound: mip.bound, gap: mip.gap, solveMs: s.solveMs };
}

export type EvaluatedPlan = { solution: LpSolution; outcome: Omit<PlanOutcome, 'method' | 'status' | 'bound' | 'gap' | 'solveMs'> };

/**
 * Evaluates sets of builds: the plan model with every build decision fixed (an LP), kept loaded in
 * the solver so that each set after the first starts from the last one's basis. The greedy builder,
 * the reasons and the rounded start evaluate many sets that differ by a unit or two.
 */
export class PlanEvaluator {
  private readonly session: LpSession;
  private readonly fixed: number[][];

  /** `budgets: false` leaves out the capital budget rows: for what a build beyond the budget would do. */
  constructor(
    private readonly pm: PlanModel,
    solver: LpSolver,
    options: { budgets?: boolean } = {},
  ) {
    this.fixed = noBuilds(pm);
    const model = withBuildsFixed(pm, this.fixed);
    if (options.budgets === false) {
      const budgetRows = new Set([...pm.yearBudgetRow, pm.totalBudgetRow].filter((r) => r >= 0));
      model.rows = model.rows.filter((_, i) => !budgetRows.has(i));
    }
    this.session = openSession(solver, model);
  }

  evaluate(units: number[][]): EvaluatedPlan {
    this.pm.buildVar.forEach((row, k) =>
      row.forEach((v, t) => {
        if (v < 0 || units[k]![t]! === this.fixed[k]![t]!) return;
        this.fixed[k]![t] = units[k]![t]!;
        this.session.setBounds(v, units[k]![t]!, units[k]![t]!);
      }),
    );
    // Presolve off: these LPs differ by a bound or two, and a presolved model cannot start from the last basis.
    const solution = this.session.solve({ presolve: false });
    if (solution.status !== 'optimal') throw new Error(`evaluating a plan: the fixed-build LP is ${solution.status}`);
    return { solution, outcome: { ...readPlan(this.pm, solution.values, units), values: solution.values, objective: solution.objective } };
  }

  close(): void {
    this.session.close();
  }
}

/**
 * A feasible plan from the LP relaxation: each b_kt rounded down, then, largest fraction first, one
 * more unit wherever the yearly and total budgets, the candidate's units and its group still allow;
 * pupils then placed with those builds. Null when the relaxation has no solution (or none within the time limit).
 */
export function roundedPlan(pm: PlanModel, solver: LpSolver, timeLimitMs?: number): LpSolution | null {
  const p = pm.instance;
  const relaxed = solver.solve(relaxation(pm), { presolve: false, ...(timeLimitMs === undefined ? {} : { timeLimitMs }) });
  if (relaxed.status !== 'optimal') return null;
  const units = pm.buildVar.map((row) => row.map((v) => (v >= 0 ? Math.floor(relaxed.values[v]! + 1e-6) : 0)));
  const spent = p.years.map((_, t) => p.candidates.reduce((s, k, i) => s + units[i]![t]! * k.capitalPerUnit, 0));
  let total = spent.reduce((a, b) => a + b, 0);
  const groupLimit = new Map(p.groups.map((g) => [g.id, g.limit]));
  const groupUsed = new Map<string, number>();
  const unitsOfK = (k: number) => units[k]!.reduce((a, b) => a + b, 0);
  p.candidates.forEach((k, i) => {
    if (k.group !== null) groupUsed.set(k.group, (groupUsed.get(k.group) ?? 0) + unitsOfK(i));
  });
  const fractions: { k: number; t: number; f: number }[] = [];
  pm.buildVar.forEach((row, k) =>
    row.forEach((v, t) => {
      if (v < 0) return;
      const f = relaxed.values[v]! - units[k]![t]!;
      if (f > 1e-6) fractions.push({ k, t, f });
    }),
  );
  fractions.sort((a, b) => b.f - a.f || a.k - b.k || a.t - b.t);
  for (const { k, t } of fractions) {
    const c = p.candidates[k]!;
    if (spent[t]! + c.capitalPerUnit > (p.budgets.perYear[t] ?? Infinity) + 1e-6) continue;
    if (total + c.capitalPerUnit > (p.budgets.total ?? Infinity) + 1e-6) continue;
    if (unitsOfK(k) >= c.maxUnits) continue;
    if (c.group !== null && (groupUsed.get(c.group) ?? 0) >= groupLimit.get(c.group)!) continue;
    units[k]![t] = units[k]![t]! + 1;
    spent[t] = spent[t]! + c.capitalPerUnit;
    total += c.capitalPerUnit;
    if (c.group !== null) groupUsed.set(c.group, (groupUsed.get(c.group) ?? 0) + 1);
  }
  const fixed = solver.solve(withBuildsFixed(pm, units), { presolve: false });
  return fixed.status === 'optimal' ? fixed : null;
}

export function unitsOf(pm: PlanModel, values: ArrayLike<number>): number[][] {
  return pm.buildVar.map((row) => row.map((v) => (v >= 0 ? Math.round(values[v]!) : 0)));
}

export function noBuilds(pm: PlanModel): number[][] {
  return pm.buildVar.map((row) => row.map(() => 0));
}

function emptyOutcome(pm: PlanModel, method: 'exact' | 'greedy', status: PlanStatus, solveMs: number, message: string): PlanOutcome {
  const zero = { pupils: 0, placedInState: 0, independent: 0, noPlace: 0, notCommissioned: 0, withoutStatePlace: 0, independentCost: 0, newPlacesRunningCost: 0, capital: 0, pupilMinutes: 0 };
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
    let notCommissioned = 0;
    p.cells.forEach((c, r) => {
      pupils += c.demand[t]!;
      const i = pm.independentVar[r]![t]!;
      const u = pm.unmetVar[r]![t]!;
      const nc = pm.notCommissionedVar[r]![t]!;
      if (i >= 0) independent += values[i]!;
      if (u >= 0) noPlace += values[u]!;
      if (nc >= 0) notCommissioned += values[nc]!;
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
      placedInState: pupils - independent - noPlace - notCommissioned,
      independent,
      noPlace,
      notCommissioned,
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
    notCommissioned: sum((y) => y.notCommissioned),
    withoutStatePlace: sum((y) => y.withoutStatePlace),
    independentCost: sum((y) => y.independentCost),
    newPlacesRunningCost: sum((y) => y.newPlacesRunningCost),
    capital: sum((y) => y.capital),
    pupilMinutes: sum((y) => y.pupilMinutes),
  };
  return { builds, years, totals, units };
}
