/**
 * One pool of worker threads, the one every background job uses (solves, assembly, capital plans,
 * result views, the planners' batches), so that each of them is only its task types and handler:
 *
 * - lazy: piscina and the threads start on the first task or on `warm()`, never on the start-up path
 *   (the server listens first and warms the solver threads in the background);
 * - one worker entry: from compiled JavaScript (npm start) a worker is its own .js file in dist; from
 *   TypeScript source (vitest, tsx) it is loaded through tsx by the one shim, worker-entry-tsx.mjs,
 *   because Node 20 does not apply `--import tsx` to a worker's entry module;
 * - a queue cap: tasks wait here, not in piscina, beyond one per thread, and past `maxQueue` waiting
 *   a task is refused with a busy error carrying Retry-After (503), rather than queued without end;
 * - a time limit per task, counted from when it gets a thread (waiting does not count): past it the
 *   worker is terminated and replaced, and the task fails with JobTimeoutError;
 * - failure reading: out of memory or a thread that ended becomes WorkerStoppedError with words a
 *   caller can store; an error meant for the caller crosses as data (job-worker.ts) and is thrown
 *   here as the DomainError it was;
 * - progress: a task may report progress (stage, year, MIP gap) on its own message port while it runs.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type Piscina from 'piscina';
import { DomainError } from '../domain/errors.js';
import type { JobProgress, JobStore, WorkerEnvelope, WorkerReply } from './job-worker.js';

export interface WorkerPoolOptions {
  /** The worker's compiled module, next to the caller: `new URL('./solve-worker.js', import.meta.url)`. */
  worker: URL;
  /** What a task is, in the failure messages: "the solve", "the plan". */
  noun: string;
  /** Threads (default 1). */
  threads?: number;
  /** Keep the threads once started (the solver's, with HiGHS warmed); otherwise they stop after a minute without work. */
  keepThreads?: boolean;
  /** Tasks that may wait for a thread (default 16); one more is refused as busy. */
  maxQueue?: number;
  /** The busy error's message and the seconds its caller is asked to wait. */
  busy: { message: string; retryAfterSeconds: number };
  /** A task running longer than this is stopped (default: none; a task may give its own). */
  timeLimitMs?: number;
  /** JavaScript heap limit per thread (MB, SOLVER_MEMORY_MB); a thread past it is stopped and its task fails. */
  memoryMb?: number;
  /** Plain data every thread reads at start (piscina's workerData): the dataset's folder, say. */
  workerData?: Record<string, unknown>;
}

export interface RunOptions {
  /** This task's time limit, instead of the pool's. */
  timeLimitMs?: number;
  /** Called when the task gets a thread: it stops waiting and starts running. */
  onStart?: () => void;
  /** Called with each progress report the task makes. */
  progress?: (progress: JobProgress) => void;
  /** Where the worker stores a job's result itself (job-worker.ts), instead of sending it back. */
  store?: JobStore;
}

/** The queue is full: try again later (503 with Retry-After). */
export class JobBusyError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super('unavailable', message, { retryAfterSeconds });
  }
}
/** A task ran past its time limit and was stopped. */
export class JobTimeoutError extends Error {}
/** The thread running a task died (out of memory, or a crash in the solver): the pool replaces it. */
export class WorkerStoppedError extends Error {}

const fromSource = import.meta.url.endsWith('.ts');
const TSX_ENTRY = fileURLToPath(new URL('./worker-entry-tsx.mjs', import.meta.url));
const IDLE_MS = 60_000;

export class WorkerPool<Task, Answer> {
  private pool?: Promise<Piscina<WorkerEnvelope<Task>, WorkerReply<Answer>>>;
  private readonly threads: number;
  private closed = false;
  /** Tasks running in threads now; more wait in `waiting`, so a time limit counts only running time. */
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: WorkerPoolOptions) {
    this.threads = options.threads ?? 1;
  }

  private piscina(): Promise<Piscina<WorkerEnvelope<Task>, WorkerReply<Answer>>> {
    if (this.closed) throw new DomainError('unavailable', 'the service is stopping');
    const { worker, memoryMb, keepThreads } = this.options;
    const entry = fileURLToPath(worker);
    // From source the worker's module is the .ts beside the caller, loaded by the one tsx shim.
    const filename = fromSource ? TSX_ENTRY : entry;
    const workerData = { ...this.options.workerData, ...(fromSource ? { entry: pathToFileURL(entry.replace(/\.js$/, '.ts')).href } : {}) };
    return (this.pool ??= import('piscina').then(
      ({ Piscina: PiscinaClass }) =>
        new PiscinaClass<WorkerEnvelope<Task>, WorkerReply<Answer>>({
          filename,
          minThreads: keepThreads ? this.threads : 0,
          maxThreads: this.threads,
          idleTimeout: IDLE_MS,
          workerData,
          ...(memoryMb ? { resourceLimits: { maxOldGenerationSizeMb: memoryMb } } : {}),
        }),
    ));
  }

  /** Tasks the pool takes at once: one running per thread, and the queue. */
  get capacity(): number {
    return this.threads + (this.options.maxQueue ?? 16);
  }

  /** Tasks waiting for a thread, and running now. */
  load(): { queued: number; running: number } {
    return { queued: this.waiting.length, running: this.running };
  }

  /** Starts the threads and waits until one has loaded what its handler needs (job-worker.ts `ready`). */
  async warm(): Promise<void> {
    const reply = await (await this.piscina()).run({ warm: true });
    this.unwrap(reply);
  }

  /** Runs one task in a thread; waits for a thread first, or is refused as busy when too many wait. */
  async run(task: Task, options: RunOptions = {}): Promise<Answer> {
    const pool = await this.piscina();
    if (this.running >= this.threads) {
      if (this.waiting.length >= (this.options.maxQueue ?? 16)) throw new JobBusyError(this.options.busy.message, this.options.busy.retryAfterSeconds);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.closed) throw new DomainError('unavailable', 'the service is stopping');
    }
    this.running++;
    const limitMs = options.timeLimitMs ?? this.options.timeLimitMs;
    const signal = limitMs ? AbortSignal.timeout(limitMs) : undefined;
    const channel = options.progress ? new MessageChannel() : undefined;
    if (channel) {
      channel.port1.on('message', (p: JobProgress) => options.progress!(p));
      channel.port1.unref();
    }
    try {
      options.onStart?.();
      const envelope: WorkerEnvelope<Task> = { task, ...(channel ? { progress: channel.port2 } : {}), ...(options.store ? { store: options.store } : {}) };
      const reply = await pool.run(envelope, { ...(signal ? { signal } : {}), ...(channel ? { transferList: [channel.port2] } : {}) });
      return this.unwrap(reply);
    } catch (err) {
      throw this.failure(err, signal, limitMs);
    } finally {
      channel?.port1.close();
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private unwrap(reply: WorkerReply<Answer>): Answer {
    switch (reply.kind) {
      case 'answer':
        return reply.answer;
      case 'refused':
        throw DomainError.fromData(reply.error);
      case 'crashed': {
        const err = new Error(`${this.options.noun} failed in its worker (${reply.name}${reply.message !== undefined ? `: ${reply.message}` : ''})`);
        err.stack = `${err.message}\n${reply.stack}`;
        throw err;
      }
    }
  }

  /**
   * A worker thread's failure as its caller should read it: stopped at its time limit (the signal
   * aborted), out of memory, or its thread ended; any other error as it is.
   */
  private failure(err: unknown, signal: AbortSignal | undefined, limitMs: number | undefined): unknown {
    const { noun, memoryMb } = this.options;
    if (signal?.aborted) return new JobTimeoutError(`${noun} took longer than ${Math.round(limitMs! / 1000)} s and was stopped`);
    if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new WorkerStoppedError(`${noun} ran out of memory (limit ${memoryMb} MB per solver thread, SOLVER_MEMORY_MB) and was stopped`);
    }
    if (err instanceof Error && /worker (exited|terminated)/i.test(err.message)) {
      return new WorkerStoppedError(`${noun} stopped unexpectedly (${err.message}); it can be tried again`);
    }
    return err;
  }

  private closing?: Promise<void>;

  /** Stops taking tasks, refuses those waiting and stops the threads (their tasks fail). Again: the same stop (a pool may be shared). */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.closed = true;
      for (const wake of this.waiting.splice(0)) wake();
      if (this.pool) await (await this.pool).destroy();
    })());
  }
}
