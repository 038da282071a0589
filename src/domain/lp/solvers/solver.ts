/**
 * One interface for the LP solvers. Both adapters take the solver-neutral LpModel and return primal
 * values, the objective and (for continuous models) row duals with one sign convention:
 * rowDuals[i] = d(objective) / d(rhs_i) for the minimised objective. So a binding `<=` capacity row
 * has a dual <= 0 (one more place lowers the objective) and a demand row's dual is the cost of
 * serving one more pupil.
 */
import type { LpModel } from '../linear-model.js';

export const SOLVER_NAMES = ['jslp', 'highs'] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];
export type SolverChoice = SolverName | 'auto';

export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'time-limit' | 'error';

export interface LpSolution {
  status: LpStatus;
  /** Objective at the solution (meaningful when status is optimal). */
  objective: number;
  /** One value per model variable. */
  values: Float64Array;
  /** One dual per model row; null for integer models or when the solver gives none. */
  rowDuals: Float64Array | null;
  solver: SolverName;
  solveMs: number;
  /** What went wrong, for a status other than optimal. */
  message?: string;
}

export interface SolveOptions {
  /** Give up after this long (HiGHS stops itself; jslp only stops between branch-and-bound nodes). */
  timeLimitMs?: number;
  /**
   * false: skip presolve. The sufficiency journey LPs (transportation problems with fixed row totals)
   * solve 3-8x faster in HiGHS without it (test/bench/RESULTS.md); jslp never presolves.
   */
  presolve?: boolean;
}

export interface LpSolver {
  readonly name: SolverName;
  solve(model: LpModel, options?: SolveOptions): LpSolution;
}
