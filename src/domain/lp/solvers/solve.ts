/** Solves an LpModel with the chosen solver (loading HiGHS on first use). */
import type { LpModel } from '../linear-model.js';
import { chooseSolver, type SolverDecision } from './choose-solver.js';
import { loadHighsSolver } from './highs-solver.js';
import { jslpSolver } from './jslp-solver.js';
import type { LpSolution, SolveOptions, SolverChoice } from './solver.js';

export async function solveLp(model: LpModel, choice: SolverChoice, options: SolveOptions = {}): Promise<LpSolution & { decision: SolverDecision }> {
  const decision = chooseSolver(model, choice);
  const solver = decision.solver === 'jslp' ? jslpSolver : await loadHighsSolver();
  return { ...solver.solve(model, options), decision };
}
