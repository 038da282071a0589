/**
 * The planners' batches (app.batches): batch matching (POST /match/batch) and batch placement search
 * (POST /placements/batch) answered in one worker thread (batch-worker.ts), started on the first
 * batch and stopped after a minute without one (each thread holds its own copy of the dataset).
 * Batches beyond the few that may wait are refused with 503 and Retry-After rather than queued
 * without end: a batch of 5,000 takes about half a second.
 */
import type { SchoolProposedDesignation } from '../../domain/designations/designation-source.js';
import type { PlacementOptions } from '../../domain/placement/placement-result.js';
import type { BatchBody } from '../../http/batch-body.js';
import { WorkerPool } from '../../jobs/worker-pool.js';
import type { BatchAnswer, BatchFormat, BatchTask, BatchWorkerData } from './batch-worker.js';

export interface BatchesOptions {
  /** The dataset the worker loads first (the default council's folder); a task may name another council's. */
  modelsDir: string;
  threads?: number;
  /** Batches waiting beyond this many are refused (503). */
  maxQueue?: number;
}

export class BatchesService {
  private readonly pool: WorkerPool<BatchTask, BatchAnswer>;

  constructor(options: BatchesOptions) {
    const workerData: BatchWorkerData = { modelsDir: options.modelsDir };
    this.pool = new WorkerPool({
      worker: new URL('./batch-worker.js', import.meta.url),
      noun: 'the batch',
      threads: options.threads ?? 1,
      maxQueue: options.maxQueue ?? 8,
      busy: { message: 'too many batches are waiting; try again shortly', retryAfterSeconds: 5 },
      workerData: { ...workerData },
    });
  }

  /** Starts the thread (the dataset loaded); for tests and benchmarks that time the batches alone. */
  warm(): Promise<void> {
    return this.pool.warm();
  }

  /** `dir`: the council's dataset folder, when not the default council's. */
  match(body: BatchBody, format: BatchFormat, dir?: string): Promise<BatchAnswer> {
    return this.pool.run({ kind: 'match', body, format, ...(dir ? { dir } : {}) });
  }

  search(body: BatchBody, format: BatchFormat, options: PlacementOptions, approved?: readonly SchoolProposedDesignation[], dir?: string): Promise<BatchAnswer> {
    return this.pool.run({ kind: 'search', body, format, options, ...(approved ? { approved } : {}), ...(dir ? { dir } : {}) });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
