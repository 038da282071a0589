/**
 * One interface for the LP solvers. Every adapter takes the solver-neutral LpModel and returns primal
 * values, the objective and (for continuous models) row duals with one sign convention:
 * rowDuals[i] = d(objective) / d(rhs_i) for the minimised objective. So a binding `<=` capacity row
 * has a dual <= 0 (one more place lowers the objective) and a demand row's dual is the cost of
 * serving one more pupil.
 *
 * Mixed-integer models also carry `mip`: the proven bound and the relative gap. HiGHS says 'optimal'
 * once the gap is within the requested `relativeGap` (its default 1e-4 when none is asked), so an
 * 'optimal' MIP is optimal to that gap, and `mip.gap` says how close it is. A MIP stopped by the time
 * limit has status 'time-limit'; when it had found a feasible solution by then, `mip.feasible` is true
 * and `values` and `objective` hold that best solution, with the gap proven at that moment.
 */
import type { LpModel } from '../linear-model.js';

/** Solvers a run can choose (shipped dependencies). */
export const SOLVER_NAMES = ['jslp', 'highs'] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];
export type SolverChoice = SolverName | 'auto';
/** Every adapter, including GLPK (glpk.js, a development dependency used to check the others). */
export type SolverId = SolverName | 'glpk';

export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'time-limit' | 'error';

export interface LpSolution {
  status: LpStatus;
  /** Objective at the solution (meaningful when status is optimal). */
  objective: number;
  /** One value per model variable. */
  values: Float64Array;
  /** One dual per model row; null for integer models or when the solver gives none. */
  rowDuals: Float64Array | null;
  solver: SolverId;
  solveMs: number;
  /** What went wrong, for a status other than optimal. */
  message?: string;
  /** Integer models only: how good the solution is proven to be. */
  mip?: MipProgress;
}

export interface MipProgress {
  /** A feasible integer solution is in `values` (always so when optimal; maybe not at a time limit). */
  feasible: boolean;
  /** The proven lower bound on the optimum (minimised); -Infinity when the solver gives none. */
  bound: number;
  /** (objective - bound) / max(|objective|, tiny): HiGHS's definition; Infinity with no solution. */
  gap: number;
  /** Branch-and-bound nodes explored (0 when the solver does not say). */
  nodes: number;
}

export interface SolveOptions {
  /** Give up after this long (HiGHS stops itself; jslp only stops between branch-and-bound nodes). */
  timeLimitMs?: number;
  /**
   * Integer models: stop once the relative gap between the best solution and the proven bound is at
   * most this (0 = prove optimality exactly). Unset: the solver's default (HiGHS 1e-4, GLPK 0).
   */
  relativeGap?: number;
  /**
   * false: skip presolve. The sufficiency journey LPs (transportation problems with fixed row totals)
   * solve 3-8x faster in HiGHS without it (test/bench/RESULTS.md); jslp never presolves.
   */
  presolve?: boolean;
  /**
   * Integer models: a feasible solution to start from (one value per variable), e.g. a heuristic's
   * plan. The solver keeps it as its first incumbent, so a time limit always returns at least that
   * plan, and the gap is proven against it. Solvers that cannot take one (jslp, GLPK) ignore it.
   */
  start?: ArrayLike<number>;
}

export interface LpSolver<N extends SolverId = SolverId> {
  readonly name: N;
  solve(model: LpModel, options?: SolveOptions): LpSolution & { solver: N };
  /**
   * Keeps the model loaded between solves whose variable bounds change (a plan re-placed without one
   * build, with one more): each solve starts from the last one's basis. Optional: see openSession.
   */
  open?(model: LpModel): LpSession;
}

/** A model loaded in a solver, solved again and again as its variables' bounds change. */
export interface LpSession {
  /** Changes one variable's bounds for every later solve. */
  setBounds(variable: number, lower: number, upper: number): void;
  solve(options?: SolveOptions): LpSolution;
  close(): void;
}

/**
 * A session on any solver: its own when it has one (HiGHS: warm starts from the previous basis), else
 * the model copied and solved afresh each time. Same answers either way; only the time differs.
 */
export function openSession(solver: LpSolver, model: LpModel): LpSession {
  if (solver.open) return solver.open(model);
  const variables = model.variables.map((v) => ({ ...v }));
  return {
    setBounds(variable, lower, upper) {
      variables[variable] = { ...variables[variable]!, lower, upper };
    },
    solve: (options) => solver.solve({ ...model, variables: variables.map((v) => ({ ...v })) }, options),
    close() {},
  };
}
