/** Solves an LpModel with the chosen solver (loading HiGHS on first use). */
import type { LpModel } from '../linear-model.js';
import { chooseSolver, type SolverDecision } from './choose-solver.js';
import { loadHighsSolver } from './highs-solver.js';
import { jslpSolver } from './jslp-solver.js';
import type { LpSolution, LpSolver, SolveOptions, SolverChoice, SolverName } from './solver.js';

export async function solveLp(model: LpModel, choice: SolverChoice, options: SolveOptions = {}): Promise<LpSolution & { solver: SolverName; decision: SolverDecision }> {
  const decision = chooseSolver(model, choice);
  const solver: LpSolver<SolverName> = decision.solver === 'jslp' ? jslpSolver : await loadHighsSolver();
  return { ...solver.solve(model, options), decision };
}
