/**
 * The life of a background job in the service (a sufficiency run, a capital plan), told once:
 *
 * - start: refuse at once when the queue is full (counted from the moment a job is taken, so a burst
 *   of requests cannot all pass while their inputs are still being prepared), prepare it (a problem
 *   in the request throws at its field, and nothing is stored), store it `queued`, and run it;
 * - run: in a worker thread (worker-pool.ts); it becomes `running` when it gets a thread, reports
 *   progress while it runs, and ends `done` (the worker stores the result) or `failed` with a reason
 *   a caller can act on (its time limit, out of memory, the model refused) or, for anything else,
 *   "internal error", with the error in the service log;
 * - wait: for a job in flight, at most so long (POST ...?wait=true);
 * - stop: take no more, stop the workers; the jobs they were running are marked failed;
 * - interrupted on restart: jobs a stopped process left queued or running are marked failed when the
 *   service starts, since nothing will finish them.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import type { JobAnswer } from './job-worker.js';
import type { JobTable } from './job-table.js';
import { JobTimeoutError, WorkerStoppedError, type RunOptions } from './worker-pool.js';

/** The little of a logger (pino, Fastify's) a job service writes to. */
export interface JobLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface JobServiceOptions<Task, NewJob> {
  table: Pick<JobTable, 'table' | 'markRunning' | 'markDone' | 'markFailed' | 'progress' | 'failInterrupted'> & { create(job: { id: string } & NewJob): void };
  /** Runs a task in a worker thread with this job's hooks (a pool's `run`, or a runner's). */
  run: (task: Task, hooks: RunOptions) => Promise<JobAnswer>;
  /** Jobs taken at once: running, waiting for a thread, and still being prepared. */
  capacity: number;
  /** The error a job beyond `capacity` is refused with (503, Retry-After). */
  busy: () => Error;
  /** The SQLite file the table is in, so a worker thread can store a result itself; absent for an in-memory database. */
  databaseFile?: string;
  log: JobLog;
  /** The job in the messages: "run", "plan"; what to do after an interruption; what failed. */
  words: { noun: string; again: string; doing: string };
}

export class JobService<Task, NewJob> {
  private readonly inFlight = new Map<string, Promise<void>>();
  private pending = 0;
  private stopping = false;

  constructor(private readonly options: JobServiceOptions<Task, NewJob>) {
    const interrupted = options.table.failInterrupted();
    if (interrupted) options.log.warn({ [options.table.table]: interrupted }, `${options.table.table} left unfinished by the last process marked failed`);
  }

  /**
   * Prepares, stores and queues a job; returns its id. `prepare` throws at a field for a bad
   * request (nothing is stored); a full queue throws the busy error.
   */
  async start(prepare: () => Promise<{ job: NewJob; task: Task }>): Promise<string> {
    if (this.stopping || this.pending >= this.options.capacity) throw this.options.busy();
    this.pending++;
    let id: string;
    let task: Task;
    try {
      const prepared = await prepare();
      task = prepared.task;
      id = randomUUID();
      this.options.table.create({ id, ...prepared.job });
    } catch (err) {
      this.pending--;
      throw err;
    }
    const job = this.run(id, task).finally(() => {
      this.inFlight.delete(id);
      this.pending--;
    });
    this.inFlight.set(id, job);
    return id;
  }

  private async run(id: string, task: Task): Promise<void> {
    const { table, log, databaseFile, words } = this.options;
    try {
      const answer = await this.options.run(task, {
        onStart: () => table.markRunning(id),
        progress: (p) => this.quietly(() => table.progress(id, p)),
        ...(databaseFile ? { store: { databaseFile, table: table.table, id } } : {}),
      });
      if (answer.resultJson !== null) table.markDone(id, answer.resultJson);
      log.info({ [words.noun]: id, ...answer.figures }, `${words.noun} done`);
    } catch (err) {
      const known = err instanceof DomainError || err instanceof JobTimeoutError || err instanceof WorkerStoppedError;
      const message = this.stopping
        ? `the service stopped before the ${words.noun} finished; ${words.again}`
        : known
          ? (err as Error).message
          : `internal error while ${words.doing}; see the service log`;
      if (!this.stopping && !(err instanceof DomainError)) log.error({ err, [words.noun]: id }, `${words.noun} failed`);
      // The database may already be closed during shutdown; start-up marks such jobs failed.
      this.quietly(() => table.markFailed(id, message));
    }
  }

  private quietly(write: () => void) {
    try {
      write();
    } catch {
      // A progress report or a failure that cannot be written (the database closed as the service stops) is not worth failing over.
    }
  }

  /** Waits until the job finishes or `ms` pass, whichever is first (no job in flight: at once). */
  async wait(id: string, ms: number): Promise<void> {
    const job = this.inFlight.get(id);
    if (!job) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /** Stops taking jobs; `close` stops the workers, and the jobs they were running end failed. */
  async stop(close: () => Promise<unknown>): Promise<void> {
    this.stopping = true;
    await close();
    await Promise.allSettled([...this.inFlight.values()]);
  }
}
