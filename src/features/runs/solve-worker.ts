/**
 * Worker-thread entry for the solver pool: builds and solves sufficiency models (and writes their LP
 * text) off the main thread, so the HTTP server keeps answering during a long solve. HiGHS is loaded
 * and warmed as soon as the worker starts, because its first solve in a thread is slow.
 *
 * Inputs arrive as the JSON text a run stores, with their hash; the result leaves as JSON text, or
 * is stored by the worker itself: the HTTP thread neither serialises, re-validates nor writes
 * megabytes of either.
 */
import type { MessagePort } from 'node:worker_threads';
import { SolverRefusedError } from '../../domain/lp/solvers/choose-solver.js';
import { loadHighsSolver } from '../../domain/lp/solvers/highs-solver.js';
import type { SolverChoice } from '../../domain/lp/solvers/solver.js';
import type { SufficiencyInputs } from '../../domain/sufficiency/inputs.js';
import { SolveFailedError, type LpStage, type RunMeta } from '../../domain/sufficiency/run-identity.js';
import { solveSufficiency, sufficiencyLp } from '../../domain/sufficiency/solve-sufficiency.js';
import { isPathInputs } from '../../domain/sufficiency/path/path-identity.js';
import { pathYearInputs, solvePath } from '../../domain/sufficiency/path/solve-path.js';
import { openDatabaseFile } from '../../database/database.js';
import { runsRepository, type RunsRepository } from './runs-repository.js';
import { giveWayToHttpThread } from './worker-priority.js';

giveWayToHttpThread();
const warmed = loadHighsSolver();

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
  /** Store the result as this run's, in this SQLite file, from the worker (see handle). */
  storeAs?: { databaseFile: string; runId: string };
}

/** The SufficiencyResult as JSON text, or `stored` when the worker has stored it as the run's result. */
export type SolvedRun = { solver: string; solveMs: number } & ({ stored: false; resultJson: string } | { stored: true });

export type WorkerTask =
  | { kind: 'warm' }
  | { kind: 'solve'; request: SolveRequest; progress?: MessagePort }
  /** `year`: for a path, the year whose stages to export (the path is solved up to it). */
  | { kind: 'lp'; inputs: StoredInputs; header: string[]; stage?: LpStage; year?: number };

/** A solve that ends without an optimum comes back as 'solve-failed': custom errors lose their class crossing threads. */
export type WorkerAnswer =
  | { kind: 'warm'; pid: number }
  | { kind: 'solve'; solved: SolvedRun }
  | { kind: 'solve-failed'; message: string }
  | { kind: 'lp'; text: string };

/** This thread's connection to the service's database, opened when it first stores a result. */
let runs: { file: string; repo: RunsRepository } | undefined;
function runsIn(databaseFile: string): RunsRepository {
  if (runs?.file !== databaseFile) runs = { file: databaseFile, repo: runsRepository(openDatabaseFile(databaseFile)) };
  return runs.repo;
}

export default async function handle(task: WorkerTask): Promise<WorkerAnswer> {
  switch (task.kind) {
    case 'warm':
      await warmed;
      return { kind: 'warm', pid: process.pid };
    case 'solve': {
      const { inputsJson, inputsHash, storeAs, ...rest } = task.request;
      try {
        const inputs = JSON.parse(inputsJson) as unknown;
        const progress = (stage: string, detail: string) => task.progress?.postMessage({ stage, detail });
        // A scenario with a horizon is a path: its years solved one after another (path/solve-path.ts).
        const result = isPathInputs(inputs)
          ? await solvePath({ inputs, inputsHash, ...rest }, progress)
          : await solveSufficiency({ inputs: inputs as SufficiencyInputs, inputsHash, ...rest }, progress);
        const resultJson = JSON.stringify(result);
        const figures = { solver: result.solver.name, solveMs: result.solver.solveMs };
        if (!storeAs) return { kind: 'solve', solved: { stored: false, resultJson, ...figures } };
        // An LSOA result is about 9 MB of JSON: writing it takes the HTTP thread 0.1-0.3 s, so the
        // worker writes it, on its own connection to the service's database.
        runsIn(storeAs.databaseFile).markDone(storeAs.runId, resultJson);
        return { kind: 'solve', solved: { stored: true, ...figures } };
      } catch (err) {
        if (err instanceof SolveFailedError || err instanceof SolverRefusedError) return { kind: 'solve-failed', message: err.message };
        throw err;
      } finally {
        task.progress?.close();
      }
    }
    case 'lp': {
      const inputs = JSON.parse(task.inputs.inputsJson) as unknown;
      if (!isPathInputs(inputs)) {
        const single = inputs as SufficiencyInputs;
        if (task.year !== undefined && task.year !== single.year) return { kind: 'solve-failed', message: `the run is of ${single.year} alone; year ${task.year} is not in it` };
        return { kind: 'lp', text: await sufficiencyLp(single, task.header, task.stage, { inputsHash: task.inputs.inputsHash }) };
      }
      const years = inputs.years.map((y) => y.year);
      const year = task.year ?? years[0]!;
      if (!years.includes(year)) return { kind: 'solve-failed', message: `the run's path covers ${years[0]}-${years.at(-1)}; year ${year} is not in it` };
      // A year of a path: the stages that year solved, on the demand and places left once pupils staying are taken out.
      const residual = await pathYearInputs(inputs, year, 'auto');
      return {
        kind: 'lp',
        text: await sufficiencyLp(residual, [...task.header, `path year ${year}: the demand and places left once pupils keeping their placements are taken out (solve-path.ts)`], task.stage),
      };
    }
  }
}
