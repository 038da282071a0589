/**
 * The worker thread that answers the planners' batches (batch-worker.ts): one thread, started on the
 * first batch and stopped after a minute without one (each thread holds its own copy of the dataset).
 * Batches beyond the few that may wait are refused with 503 and Retry-After rather than queued
 * without end: a batch of 5,000 takes about half a second.
 */
import { fileURLToPath } from 'node:url';
import type Piscina from 'piscina';
import type { SchoolProposedDesignation } from '../../domain/designation-source.js';
import { DomainError } from '../../domain/errors.js';
import type { PlacementOptions } from '../../domain/placement/placement-result.js';
import type { BatchBody } from '../../http/batch-body.js';
import type { BatchAnswer, BatchFormat, BatchTask, BatchWorkerData } from './batch-worker.js';

export interface BatchPoolOptions {
  /** The dataset the worker loads first (the default council's folder); a task may name another council's. */
  modelsDir: string;
  threads?: number;
  /** Batches waiting beyond this many are refused (503). */
  maxQueue?: number;
}

const fromSource = import.meta.url.endsWith('.ts');
const workerFile = fileURLToPath(new URL(fromSource ? './batch-worker-tsx.mjs' : './batch-worker.js', import.meta.url));
const BUSY_RETRY_SECONDS = 5;

export class BatchPool {
  private pool?: Promise<Piscina<BatchTask, BatchAnswer>>;
  private closed = false;
  private waiting = 0;

  constructor(private readonly options: BatchPoolOptions) {}

  private piscina(): Promise<Piscina<BatchTask, BatchAnswer>> {
    if (this.closed) throw new DomainError('unavailable', 'the service is stopping');
    const threads = this.options.threads ?? 1;
    const workerData: BatchWorkerData = { modelsDir: this.options.modelsDir };
    return (this.pool ??= import('piscina').then(
      ({ Piscina: PiscinaClass }) => new PiscinaClass<BatchTask, BatchAnswer>({ filename: workerFile, minThreads: 0, maxThreads: threads, idleTimeout: 60_000, workerData }),
    ));
  }

  private async run(task: BatchTask): Promise<{ text: string; rows: number }> {
    if (this.waiting >= (this.options.threads ?? 1) + (this.options.maxQueue ?? 8)) {
      throw new DomainError('unavailable', 'too many batches are waiting; try again shortly', { retryAfterSeconds: BUSY_RETRY_SECONDS });
    }
    this.waiting++;
    let answer: BatchAnswer;
    try {
      answer = await (await this.piscina()).run(task);
    } finally {
      this.waiting--;
    }
    switch (answer.kind) {
      case 'done':
        return { text: answer.text, rows: answer.rows };
      case 'refused':
        throw DomainError.fromData(answer.error);
      case 'crashed': {
        const err = new Error(`batch worker failed (${answer.name})`);
        err.stack = `${err.message}\n${answer.stack}`;
        throw err;
      }
      default:
        throw new Error('unexpected batch worker answer');
    }
  }

  /** Starts the thread (the dataset loaded); for tests and benchmarks that time the batches alone. */
  async warm(): Promise<void> {
    await (await this.piscina()).run({ kind: 'warm' });
  }

  /** `dir`: the council's dataset folder, when not the default council's. */
  match(body: BatchBody, format: BatchFormat, dir?: string) {
    return this.run({ kind: 'match', body, format, ...(dir ? { dir } : {}) });
  }

  search(body: BatchBody, format: BatchFormat, options: PlacementOptions, approved?: readonly SchoolProposedDesignation[], dir?: string) {
    return this.run({ kind: 'search', body, format, options, ...(approved ? { approved } : {}), ...(dir ? { dir } : {}) });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.then((p) => p.destroy());
  }
}
