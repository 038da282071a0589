/**
 * A pool of worker threads that run sufficiency solves with a per-solve timeout. The pool (and
 * piscina itself) is created on first use or on `warm()`, never on the start-up path: the server
 * listens first and warms HiGHS in the background.
 *
 * From compiled JavaScript (npm start) the worker is dist/src/features/runs/solve-worker.js; from
 * TypeScript source (vitest, tsx) it is solve-worker.ts loaded through tsx by solve-worker-tsx.mjs.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type Piscina from 'piscina';
import { DomainError } from '../../domain/errors.js';
import { SolveFailedError, type LpStage } from '../../domain/sufficiency/run-identity.js';
import type { Progress } from '../../domain/sufficiency/solve-sufficiency.js';
import type { SolvedRun, SolveRequest, StoredInputs, WorkerAnswer, WorkerTask } from './solve-worker.js';

export interface SolverPoolOptions {
  /** Worker threads (default: one fewer than the CPUs, at least 1, so the HTTP thread keeps a core). */
  threads?: number;
  /** A solve running longer than this is stopped (its worker is terminated and replaced). */
  timeoutMs: number;
  /** Solves waiting beyond this many are refused (SolverBusyError). */
  maxQueue?: number;
  /** JavaScript heap limit per worker thread (MB); a worker past it is stopped and its solve fails. */
  memoryMb?: number;
  /** Models with more variables are refused before solving. */
  maxVariables?: number;
}

/** Seconds a caller refused as busy is asked to wait before trying again. */
export const BUSY_RETRY_SECONDS = 5;

/** The queue of solves is full: try again later. */
export class SolverBusyError extends DomainError {
  constructor(message = 'too many solves are waiting; try again shortly') {
    super('unavailable', message, { retryAfterSeconds: BUSY_RETRY_SECONDS });
  }
}
/** A solve ran past the pool's timeout and was stopped. */
export class SolveTimeoutError extends Error {}
/** The worker running a solve died (out of memory, or a crash in the solver): the pool replaces it. */
export class SolverCrashedError extends Error {}

const fromSource = import.meta.url.endsWith('.ts');
const workerFile = fileURLToPath(new URL(fromSource ? './solve-worker-tsx.mjs' : './solve-worker.js', import.meta.url));

export class SolverPool {
  private pool?: Promise<Piscina<WorkerTask, WorkerAnswer>>;
  private readonly threads: number;
  private closed = false;
  /** Tasks running in workers now; more wait in `waiting`, so a timeout only counts running time. */
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: SolverPoolOptions) {
    this.threads = options.threads ?? Math.max(1, availableParallelism() - 1);
  }

  private get(): Promise<Piscina<WorkerTask, WorkerAnswer>> {
    if (this.closed) throw new Error('solver pool is closed');
    return (this.pool ??= import('piscina').then(
      ({ Piscina: PiscinaClass }) =>
        new PiscinaClass<WorkerTask, WorkerAnswer>({
          filename: workerFile,
          minThreads: this.threads,
          maxThreads: this.threads,
          idleTimeout: 60_000,
          maxQueue: 'auto',
          name: 'default',
          ...(this.options.memoryMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb } } : {}),
        }),
    ));
  }

  /** Starts the workers and loads HiGHS in each; resolves once one worker is ready. */
  async warm(): Promise<void> {
    const pool = await this.get();
    await pool.run({ kind: 'warm' });
  }

  get timeoutMs() {
    return this.options.timeoutMs;
  }

  /** Tasks the pool takes at once: one running per thread, and the queue. */
  get capacity(): number {
    return this.threads + (this.options.maxQueue ?? 16);
  }

  /** Tasks waiting for a worker and running now. */
  load(): { queued: number; running: number } {
    return { queued: this.waiting.length, running: this.running };
  }

  async solve(request: SolveRequest, progress?: Progress): Promise<SolvedRun> {
    const channel = progress ? new MessageChannel() : undefined;
    channel?.port1.on('message', (m: { stage: Parameters<Progress>[0]; detail: string }) => progress!(m.stage, m.detail));
    channel?.port1.unref();
    try {
      const answer = await this.run(
        {
          kind: 'solve',
          request: {
            ...request,
            timeLimitMs: request.timeLimitMs ?? Math.max(1000, this.options.timeoutMs - 500),
            ...(this.options.maxVariables !== undefined && request.maxVariables === undefined ? { maxVariables: this.options.maxVariables } : {}),
          },
          progress: channel?.port2,
        },
        channel ? [channel.port2] : undefined,
      );
      if (answer.kind === 'solve-failed') throw new SolveFailedError(answer.message);
      if (answer.kind !== 'solve') throw new Error('unexpected worker answer');
      return answer.solved;
    } finally {
      channel?.port1.close();
    }
  }

  async lp(inputs: StoredInputs, header: string[], stage?: LpStage, year?: number): Promise<string> {
    const answer = await this.run({ kind: 'lp', inputs, header, ...(stage ? { stage } : {}), ...(year !== undefined ? { year } : {}) });
    if (answer.kind === 'solve-failed') throw new DomainError('unprocessable', answer.message, { issues: [{ path: 'querystring.year', message: answer.message }] });
    if (answer.kind !== 'lp') throw new Error('unexpected worker answer');
    return answer.text;
  }

  private async run(task: WorkerTask, transferList?: MessageChannel['port2'][]): Promise<WorkerAnswer> {
    const pool = await this.get();
    if (this.running >= this.threads) {
      if (this.waiting.length >= (this.options.maxQueue ?? 16)) throw new SolverBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      return await pool.run(task, { signal, ...(transferList ? { transferList } : {}) });
    } catch (err) {
      throw workerFailure(err, signal, {
        timedOut: `the solve took longer than ${Math.round(this.options.timeoutMs / 1000)} s and was stopped`,
        outOfMemory: `the solver ran out of memory (limit ${this.options.memoryMb} MB per solver thread, SOLVER_MEMORY_MB) and was stopped`,
        stopped: (detail) => `the solver stopped unexpectedly (${detail}); the run can be tried again`,
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

/**
 * A worker thread's failure as its caller should read it: stopped at its time limit (the signal
 * aborted), out of memory, or its thread ended; any other error as it is.
 */
export function workerFailure(err: unknown, signal: AbortSignal, words: { timedOut: string; outOfMemory: string; stopped: (detail: string) => string }): unknown {
  if (signal.aborted) return new SolveTimeoutError(words.timedOut);
  if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') return new SolverCrashedError(words.outOfMemory);
  if (err instanceof Error && /worker (exited|terminated)/i.test(err.message)) return new SolverCrashedError(words.stopped(err.message));
  return err;
}
