/**
 * Worker-thread entry for the solver pool: builds and solves sufficiency models (and writes their LP
 * text) off the main thread, so the HTTP server keeps answering during a long solve. HiGHS is loaded
 * and warmed as soon as the worker starts, because its first solve in a thread is slow.
 *
 * Inputs arrive as the JSON text a run stores, with their hash; the result leaves as JSON text, ready
 * to store: the HTTP thread neither serialises nor re-validates megabytes of either.
 */
import type { MessagePort } from 'node:worker_threads';
import { SolverRefusedError } from '../../domain/lp/solvers/choose-solver.js';
import { loadHighsSolver } from '../../domain/lp/solvers/highs-solver.js';
import type { SolverChoice } from '../../domain/lp/solvers/solver.js';
import type { SufficiencyInputs } from '../../domain/sufficiency/inputs.js';
import { SolveFailedError, type RunMeta } from '../../domain/sufficiency/run-identity.js';
import { solveSufficiency, sufficiencyLp } from '../../domain/sufficiency/solve-sufficiency.js';

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
}

export interface SolvedRun {
  /** The SufficiencyResult as JSON text. */
  resultJson: string;
  solver: string;
  solveMs: number;
}

export type WorkerTask =
  | { kind: 'warm' }
  | { kind: 'solve'; request: SolveRequest; progress?: MessagePort }
  | { kind: 'lp'; inputs: StoredInputs; header: string[] };

/** A solve that ends without an optimum comes back as 'solve-failed': custom errors lose their class crossing threads. */
export type WorkerAnswer =
  | { kind: 'warm'; pid: number }
  | { kind: 'solve'; solved: SolvedRun }
  | { kind: 'solve-failed'; message: string }
  | { kind: 'lp'; text: string };

export default async function handle(task: WorkerTask): Promise<WorkerAnswer> {
  switch (task.kind) {
    case 'warm':
      await warmed;
      return { kind: 'warm', pid: process.pid };
    case 'solve': {
      const { inputsJson, inputsHash, ...rest } = task.request;
      try {
        const inputs = JSON.parse(inputsJson) as SufficiencyInputs;
        const result = await solveSufficiency({ inputs, inputsHash, ...rest }, (stage, detail) => task.progress?.postMessage({ stage, detail }));
        return { kind: 'solve', solved: { resultJson: JSON.stringify(result), solver: result.solver.name, solveMs: result.solver.solveMs } };
      } catch (err) {
        if (err instanceof SolveFailedError || err instanceof SolverRefusedError) return { kind: 'solve-failed', message: err.message };
        throw err;
      } finally {
        task.progress?.close();
      }
    }
    case 'lp':
      return { kind: 'lp', text: sufficiencyLp(JSON.parse(task.inputs.inputsJson) as SufficiencyInputs, task.header, task.inputs.inputsHash) };
  }
}
