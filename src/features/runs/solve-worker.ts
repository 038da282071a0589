/**
 * Worker-thread entry for the solver pool: builds and solves sufficiency models (and writes their LP
 * text) off the main thread, so the HTTP server keeps answering during a long solve. HiGHS is loaded
 * and warmed as soon as the worker starts, because its first solve in a thread is slow.
 *
 * Inputs arrive as the JSON text a run stores, with their hash; the result leaves as JSON text, or is
 * stored by this thread itself (src/jobs/job-worker.ts): the HTTP thread neither serialises,
 * re-validates nor writes megabytes of either. A model that cannot be solved (too large, infeasible,
 * a solver that refuses it) is refused as `unprocessable`, with the solver's reason.
 */
import { SolverRefusedError } from '../../domain/lp/solvers/choose-solver.js';
import { loadHighsSolver } from '../../domain/lp/solvers/highs-solver.js';
import type { SolverChoice } from '../../domain/lp/solvers/solver.js';
import { DomainError } from '../../domain/errors.js';
import type { SufficiencyInputs } from '../../domain/sufficiency/inputs.js';
import { SolveFailedError, type LpStage, type RunMeta } from '../../domain/sufficiency/run-identity.js';
import { solveSufficiency, sufficiencyLp } from '../../domain/sufficiency/solve-sufficiency.js';
import { isPathInputs } from '../../domain/sufficiency/path/path-identity.js';
import { pathYearInputs, solvePath } from '../../domain/sufficiency/path/solve-path.js';
import { jobWorker, type JobAnswer, type JobProgress, type ReportProgress } from '../../jobs/job-worker.js';

/** A run's model as stored: canonical JSON of its inputs and their sha256 (run-identity.ts). */
export interface StoredInputs {
  inputsJson: string;
  inputsHash: string;
}

export interface SolveRequest extends StoredInputs {
  meta: RunMeta;
  solver: SolverChoice;
  timeLimitMs?: number;
  maxVariables?: number;
}

export type SolveTask =
  | { kind: 'solve'; request: SolveRequest }
  /** `year`: for a path, the year whose stages to export (the path is solved up to it). */
  | { kind: 'lp'; inputs: StoredInputs; header: string[]; stage?: LpStage; year?: number };

export type SolveAnswer = JobAnswer | { text: string };

/**
 * A stage of the solve as progress: a path names the year it has just solved at the start of its
 * detail ("2027: ...", "low variant, 2027: ..."), which becomes the progress's year.
 */
export function solveProgress(report: ReportProgress) {
  return (stage: string, detail: string) => {
    const year = /^(?:[a-z]+ variant, )?(\d{4}):/.exec(detail)?.[1];
    const progress: JobProgress = { stage, detail, ...(year ? { year: Number(year) } : {}) };
    report(progress);
  };
}

const unsolvable = (err: unknown) => (err instanceof SolveFailedError || err instanceof SolverRefusedError ? new DomainError('unprocessable', err.message) : err);

async function handle(task: SolveTask, report: ReportProgress): Promise<SolveAnswer> {
  switch (task.kind) {
    case 'solve': {
      const { inputsJson, inputsHash, ...rest } = task.request;
      const inputs = JSON.parse(inputsJson) as unknown;
      const progress = solveProgress(report);
      try {
        // A scenario with a horizon is a path: its years solved one after another (path/solve-path.ts).
        const result = isPathInputs(inputs)
          ? await solvePath({ inputs, inputsHash, ...rest }, progress)
          : await solveSufficiency({ inputs: inputs as SufficiencyInputs, inputsHash, ...rest }, progress);
        return { resultJson: JSON.stringify(result), figures: { solver: result.solver.name, solveMs: result.solver.solveMs } };
      } catch (err) {
        throw unsolvable(err);
      }
    }
    case 'lp': {
      const inputs = JSON.parse(task.inputs.inputsJson) as unknown;
      const refuse = (message: string) => new DomainError('unprocessable', message, { issues: [{ path: 'querystring.year', message }] });
      if (!isPathInputs(inputs)) {
        const single = inputs as SufficiencyInputs;
        if (task.year !== undefined && task.year !== single.year) throw refuse(`the run is of ${single.year} alone; year ${task.year} is not in it`);
        return { text: await sufficiencyLp(single, task.header, task.stage, { inputsHash: task.inputs.inputsHash }) };
      }
      const years = inputs.years.map((y) => y.year);
      const year = task.year ?? years[0]!;
      if (!years.includes(year)) throw refuse(`the run's path covers ${years[0]}-${years.at(-1)}; year ${year} is not in it`);
      // A year of a path: the stages that year solved, on the demand and places left once pupils staying are taken out.
      const residual = await pathYearInputs(inputs, year, 'auto');
      return {
        text: await sufficiencyLp(residual, [...task.header, `path year ${year}: the demand and places left once pupils keeping their placements are taken out (solve-path.ts)`], task.stage),
      };
    }
  }
}

export default jobWorker(handle, { ready: loadHighsSolver() });
