/**
 * The worker thread capital plans run in (plan-worker.ts), created on first use and stopped after a
 * minute without a plan. One thread: a plan's solve takes a core for up to its time limit, and the
 * sufficiency solves and the HTTP thread need the others. A plan running past its hard limit (three
 * times the exact solve's time limit, and two minutes for the rest) is stopped and its worker replaced.
 *
 * From compiled JavaScript (npm start) the worker is dist/src/features/plans/plan-worker.js; from
 * TypeScript source (vitest, tsx) it is plan-worker.ts loaded through tsx by plan-worker-tsx.mjs.
 */
import { fileURLToPath } from 'node:url';
import type Piscina from 'piscina';
import { DomainError } from '../../domain/errors.js';
import { BUSY_RETRY_SECONDS, workerFailure } from '../runs/solver-pool.js';
import type { PlanAnswer, PlanTask, PlanWorkerData } from './plan-worker.js';

export interface PlanPoolOptions {
  modelsDir: string;
  /** Plans waiting beyond the one running (default 4); more are refused (503). */
  maxQueue?: number;
  /** JavaScript heap limit of the thread (MB). */
  memoryMb?: number;
}

/** The plan queue is full: try again later. */
export class PlansBusyError extends DomainError {
  constructor() {
    super('unavailable', 'too many capital plans are waiting; try again shortly', { retryAfterSeconds: BUSY_RETRY_SECONDS });
  }
}

const fromSource = import.meta.url.endsWith('.ts');
const workerFile = fileURLToPath(new URL(fromSource ? './plan-worker-tsx.mjs' : './plan-worker.js', import.meta.url));

/** How long a whole plan may take: the exact solve's limit three times over (its start, reasons and the value of capital), and two minutes. */
export const planHardLimitMs = (timeLimitSeconds: number) => 3 * timeLimitSeconds * 1000 + 120_000;

export class PlanPool {
  private pool?: Promise<Piscina<PlanTask, PlanAnswer>>;
  private closed = false;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: PlanPoolOptions) {}

  private get(): Promise<Piscina<PlanTask, PlanAnswer>> {
    if (this.closed) throw new Error('plan pool is closed');
    const data: PlanWorkerData = { modelsDir: this.options.modelsDir };
    return (this.pool ??= import('piscina').then(
      ({ Piscina: PiscinaClass }) =>
        new PiscinaClass<PlanTask, PlanAnswer>({
          filename: workerFile,
          minThreads: 0,
          maxThreads: 1,
          idleTimeout: 60_000,
          workerData: data,
          ...(this.options.memoryMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb } } : {}),
        }),
    ));
  }

  /** Plans the pool takes at once: the one running and the queue. */
  get capacity(): number {
    return 1 + (this.options.maxQueue ?? 4);
  }

  async run(task: Extract<PlanTask, { kind: 'plan' }>): Promise<Exclude<PlanAnswer, { kind: 'warm' } | { kind: 'refused' }>> {
    const pool = await this.get();
    if (this.running >= 1) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    const limitMs = planHardLimitMs(task.request.timeLimitSeconds);
    const signal = AbortSignal.timeout(limitMs);
    try {
      const answer = await pool.run(task, { signal });
      if (answer.kind === 'refused') throw DomainError.fromData(answer.error);
      if (answer.kind !== 'planned') throw new Error('unexpected worker answer');
      return answer;
    } catch (err) {
      throw workerFailure(err, signal, {
        timedOut: `the plan took longer than ${Math.round(limitMs / 1000)} s and was stopped`,
        outOfMemory: `the plan ran out of memory (limit ${this.options.memoryMb} MB, SOLVER_MEMORY_MB) and was stopped`,
        stopped: (detail) => `the plan's worker stopped unexpectedly (${detail})`,
      });
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pool) await (await this.pool).destroy();
  }
}
