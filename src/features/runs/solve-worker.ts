/**
 * Worker-thread entry for the solver pool: builds and solves sufficiency models (and writes their LP
 * text) off the main thread, so the HTTP server keeps answering during a long solve. HiGHS is loaded
 * and warmed as soon as the worker starts, because its first solve in a thread is slow.
 */
import type { MessagePort } from 'node:worker_threads';
import { SolverRefusedError } from '../../domain/lp/solvers/choose-solver.js';
import { loadHighsSolver } from '../../domain/lp/solvers/highs-solver.js';
import { SolveFailedError } from '../../domain/sufficiency/run-identity.js';
import { solveSufficiency, sufficiencyLp, type SufficiencyTask } from '../../domain/sufficiency/solve-sufficiency.js';
import type { SufficiencyInputs } from '../../domain/sufficiency/inputs.js';
import { sufficiencyResultSchema, type SufficiencyResult } from '../../domain/sufficiency/result.js';

const warmed = loadHighsSolver();

export type WorkerTask =
  | { kind: 'warm' }
  | { kind: 'solve'; task: SufficiencyTask; progress?: MessagePort }
  | { kind: 'lp'; inputs: SufficiencyInputs; header: string[] };

/** A solve that ends without an optimum comes back as 'solve-failed': custom errors lose their class crossing threads. */
export type WorkerAnswer =
  | { kind: 'warm'; pid: number }
  | { kind: 'solve'; result: SufficiencyResult }
  | { kind: 'solve-failed'; message: string }
  | { kind: 'lp'; text: string };

export default async function handle(task: WorkerTask): Promise<WorkerAnswer> {
  switch (task.kind) {
    case 'warm':
      await warmed;
      return { kind: 'warm', pid: process.pid };
    case 'solve': {
      try {
        const result = await solveSufficiency(task.task, (stage, detail) => task.progress?.postMessage({ stage, detail }));
        // Checked here, off the HTTP thread: the API then sends stored results without re-validating them.
        return { kind: 'solve', result: sufficiencyResultSchema.parse(result) };
      } catch (err) {
        if (err instanceof SolveFailedError || err instanceof SolverRefusedError) return { kind: 'solve-failed', message: err.message };
        throw err;
      } finally {
        task.progress?.close();
      }
    }
    case 'lp':
      return { kind: 'lp', text: sufficiencyLp(task.inputs, task.header) };
  }
}
