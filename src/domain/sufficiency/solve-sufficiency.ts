/**
 * The sufficiency use case once inputs are assembled: build the model, choose and run a solver,
 * read the solution back. Pure apart from the solver, so it runs the same in a worker thread, in the
 * CLI and in tests. The inputs hash identifies the model (not the solver): two runs with the same
 * hash solve the same LP, and GET /runs/{id}/lp rebuilds it byte for byte.
 */
import { toCplexLp } from '../lp/cplex-lp.js';
import { modelSize } from '../lp/linear-model.js';
import { solveLp } from '../lp/solvers/solve.js';
import { buildSufficiencyModel, penaltyWarnings } from './build-model.js';
import type { SufficiencyInputs } from './inputs.js';
import { interpretSolution } from './interpret.js';
import { hashInputs, MODEL_VERSION, SolveFailedError, type RunMeta, type SufficiencyTask } from './run-identity.js';
import type { SufficiencyResult } from './result.js';

export { hashInputs, MODEL_VERSION, SolveFailedError };
export type { RunMeta, SufficiencyTask };

export type Progress = (stage: 'building' | 'solving' | 'interpreting', detail: string) => void;

export async function solveSufficiency(task: SufficiencyTask, progress: Progress = () => {}): Promise<SufficiencyResult> {
  const { inputs, meta } = task;
  const started = performance.now();
  progress('building', `building the ${inputs.level}-level model`);
  const built = buildSufficiencyModel(inputs);
  const size = modelSize(built.model);
  const buildMs = performance.now() - started;
  if (task.maxVariables !== undefined && size.variables > task.maxVariables) {
    throw new SolveFailedError(
      `the model has ${size.variables.toLocaleString('en-GB')} variables, more than the limit of ${task.maxVariables.toLocaleString('en-GB')} ` +
        '(SCENARIO_MAX_VARIABLES): use a coarser locality level or tighter travel limits',
    );
  }
  progress('solving', `${size.rows} rows x ${size.variables} variables`);
  const solution = await solveLp(built.model, task.solver, { timeLimitMs: task.timeLimitMs });
  if (solution.status !== 'optimal') {
    throw new SolveFailedError(`the ${solution.solver} solver stopped without an optimum: ${solution.status}${solution.message ? ` (${solution.message})` : ''}`);
  }
  progress('interpreting', `${solution.solver} solved in ${Math.round(solution.solveMs)} ms`);
  const interpreted = interpretSolution(inputs, built, solution);
  const warnings = penaltyWarnings(inputs, built.longestArcMinutes);
  if (inputs.integer) {
    const given = inputs.demand.reduce((t, d) => t + d.count, 0);
    const rounded = built.cells.reduce((t, c) => t + c.count, 0);
    warnings.push(`whole pupils: each row's demand rounded to whole pupils (total ${given.toFixed(1)} -> ${rounded})`);
  }
  if (!solution.rowDuals) warnings.push('no marginal values: the model is integer (whole pupils), which has no duals');
  return {
    scenarioId: meta.scenarioId,
    scenarioName: meta.scenarioName,
    year: inputs.year,
    level: inputs.level,
    designationSet: meta.designationSet,
    objective: solution.objective,
    solver: {
      name: solution.solver,
      reason: solution.decision.reason,
      buildMs: Math.round(buildMs * 10) / 10,
      solveMs: Math.round(solution.solveMs * 10) / 10,
      rows: size.rows,
      variables: size.variables,
      nonZeros: size.nonZeros,
      integer: inputs.integer,
    },
    inputsHash: task.inputsHash ?? hashInputs(inputs),
    modelVersion: MODEL_VERSION,
    ...interpreted,
    assumptions: meta.assumptions,
    notes: meta.notes,
    warnings,
  };
}

/** The run's exact model as CPLEX LP text, with a header saying what it is (the inputs' hash is computed unless given). */
export function sufficiencyLp(inputs: SufficiencyInputs, header: string[] = [], inputsHash = hashInputs(inputs)): string {
  const built = buildSufficiencyModel(inputs);
  const size = modelSize(built.model);
  return toCplexLp(built.model, [
    ...header,
    `model ${MODEL_VERSION}; inputs sha256 ${inputsHash}`,
    `${size.rows} rows, ${size.variables} variables, ${size.nonZeros} non-zeros; minimise penalty points`,
    'place.* = pupils placed (locality.category.phase.provision); independent.* / unmet.* = fallback / no place; support.* / unmetOutreach.* = outreach',
  ]);
}
