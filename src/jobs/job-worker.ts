/**
 * The worker-thread side of a pool (worker-pool.ts): what a worker module wraps its handler in, so the
 * handler is only the work. `export default jobWorker(handle)`:
 *
 * - the thread gives way to the HTTP thread (below) before the module loads anything;
 * - `warm` waits for what the handler needs (`ready`: HiGHS loaded, say) and answers;
 * - an error meant for the caller (DomainError) crosses as data, since an error's class does not
 *   survive the crossing; any other comes back as its name, message and stack, or without its message
 *   where it could quote what was sent (`private`: a row of a planner's upload);
 * - a job's progress is posted on the port the pool sent, and a job's result (`resultJson`) is stored
 *   by this thread, on its own connection to the service's database, when the pool asks it to: an
 *   LSOA result is about 9 MB of JSON, which writing would hold the HTTP thread 0.1-0.3 s for.
 */
import { setPriority } from 'node:os';
import { isMainThread, type MessagePort } from 'node:worker_threads';
import { openDatabaseFile } from '../database/database.js';
import { DomainError, type DomainErrorData } from '../domain/errors.js';
import { jobDone, type JobProgress } from './job-table.js';

export type { JobProgress };

/**
 * Worker threads give way to the HTTP thread. Solves and scenario assembly are batch work that can
 * take the CPU for seconds; answering a request takes milliseconds and someone is waiting for it.
 * On Linux a nice value belongs to a thread, not the process, so a worker lowers its own priority
 * and the HTTP thread, at the normal priority, is scheduled first whenever it has work. Elsewhere
 * (where the nice value is per process) nothing is changed.
 *
 * Measured with `npm run bench:burst` (30 LSOA runs at once, load average 7-9 from other work on 2
 * CPUs): /health p99 58-68 ms with the workers at nice 10, 120-152 ms at nice 0 (test/bench/RESULTS.md).
 */
const WORKER_NICE = 10;

function giveWayToHttpThread(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(WORKER_NICE);
  } catch {
    // Not allowed here (a container without the capability): the threads keep the normal priority.
  }
}

if (!isMainThread) giveWayToHttpThread();

/** Where a worker stores a job's result itself: the service's SQLite file, the job's table and id. */
export interface JobStore {
  databaseFile: string;
  table: string;
  id: string;
}

/** What the pool sends a thread: the task, or a request to warm up. */
export type WorkerEnvelope<Task> =
  | { warm: true }
  | {
      warm?: undefined;
      task: Task;
      /** Where to post progress. */
      progress?: MessagePort;
      /** Store a job's result as this job's, in this SQLite file and table. */
      store?: JobStore;
    };

export type WorkerReply<Answer> =
  | { kind: 'answer'; answer: Answer }
  | { kind: 'refused'; error: DomainErrorData }
  | { kind: 'crashed'; name: string; message?: string; stack: string };

/** A job's answer: its result as JSON text (null once this thread has stored it), and figures for the log. */
export interface JobAnswer {
  resultJson: string | null;
  figures: Record<string, unknown>;
}

export type ReportProgress = (progress: JobProgress) => void;

/** This thread's connection to the service's database, opened when it first stores a result. */
let store: { file: string; done: Map<string, (id: string, json: string) => void> } | undefined;
function storeResult(where: JobStore, resultJson: string) {
  if (store?.file !== where.databaseFile) store = { file: where.databaseFile, done: new Map() };
  let done = store.done.get(where.table);
  if (!done) store.done.set(where.table, (done = jobDone(openDatabaseFile(where.databaseFile), where.table)));
  done(where.id, resultJson);
}

const isJobAnswer = (answer: unknown): answer is JobAnswer => typeof answer === 'object' && answer !== null && 'resultJson' in answer && 'figures' in answer;

export function jobWorker<Task, Answer>(handle: (task: Task, progress: ReportProgress) => Answer | Promise<Answer>, options: { ready?: Promise<unknown>; private?: boolean } = {}) {
  return async (envelope: WorkerEnvelope<Task>): Promise<WorkerReply<Answer>> => {
    if (envelope.warm) {
      await options.ready;
      return { kind: 'answer', answer: undefined as Answer };
    }
    const { task, progress, store: storeAs } = envelope;
    try {
      let answer = await handle(task, (p) => progress?.postMessage(p));
      if (storeAs && isJobAnswer(answer) && answer.resultJson !== null) {
        storeResult(storeAs, answer.resultJson);
        answer = { ...answer, resultJson: null };
      }
      return { kind: 'answer', answer };
    } catch (err) {
      if (err instanceof DomainError) return { kind: 'refused', error: err.toData() };
      const e = err as Error;
      const stack = (e?.stack ?? '').split('\n').slice(1).join('\n');
      return { kind: 'crashed', name: e?.name ?? 'Error', ...(options.private ? {} : { message: String(e?.message ?? err) }), stack };
    } finally {
      progress?.close();
    }
  };
}
