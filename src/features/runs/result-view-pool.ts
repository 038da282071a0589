/**
 * The thread that reads finished runs and writes workbooks for the HTTP side (result-view-worker.ts):
 * one thread (src/jobs/worker-pool.ts), started on first use and stopped after a minute without work,
 * shared by the runs service and the workbooks plugin. The HTTP thread passes run ids and gets bytes
 * back. Views beyond the few that may wait are refused with 503 and Retry-After rather than queued
 * without end.
 */
import { WorkerPool } from '../../jobs/worker-pool.js';
import type { ResultViewAnswer, ResultViewTask } from './result-view-worker.js';
import type { ResultBytes } from './result-views.js';

export type ResultViewPool = WorkerPool<ResultViewTask, ResultViewAnswer>;

export function resultViewPool(): ResultViewPool {
  return new WorkerPool({
    worker: new URL('./result-view-worker.js', import.meta.url),
    noun: 'the result view',
    busy: { message: 'too many result tables, comparisons and workbooks are waiting; try again shortly', retryAfterSeconds: 2 },
  });
}

/** A view made in the worker, as bytes: the clone arrives as a plain Uint8Array, wrapped as a Buffer without a copy. */
export async function viewIn(pool: ResultViewPool, task: ResultViewTask): Promise<ResultBytes> {
  const { bytes, contentType, filename } = await pool.run(task);
  return { contentType, ...(filename ? { filename } : {}), bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
