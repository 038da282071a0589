/**
 * The thread that reads finished runs and writes workbooks for the HTTP side (result-view-worker.ts): one thread, started on
 * first use and stopped after a minute without work. The HTTP thread passes run ids and gets bytes back. Views beyond the few that may wait are refused
 * with 503 and Retry-After rather than queued without end.
 */
import { fileURLToPath } from 'node:url';
import type Piscina from 'piscina';
import { DomainError } from '../../domain/errors.js';
import type { ResultViewAnswer, ResultViewTask } from './result-view-worker.js';

/** An answer made in the worker: its bytes (UTF-8), media type and, for CSV, the file name to offer. */
export interface ResultBytes {
  contentType: string;
  filename?: string;
  bytes: Buffer;
}

const fromSource = import.meta.url.endsWith('.ts');
const workerFile = fileURLToPath(new URL(fromSource ? './result-view-worker-tsx.mjs' : './result-view-worker.js', import.meta.url));
const BUSY_RETRY_SECONDS = 2;

export class ResultViewPool {
  private pool?: Promise<Piscina<ResultViewTask, ResultViewAnswer>>;
  private closed = false;
  private waiting = 0;

  constructor(private readonly options: { threads?: number; maxQueue?: number } = {}) {}

  private piscina(): Promise<Piscina<ResultViewTask, ResultViewAnswer>> {
    if (this.closed) throw new DomainError('unavailable', 'the service is stopping');
    return (this.pool ??= import('piscina').then(
      ({ Piscina: PiscinaClass }) => new PiscinaClass<ResultViewTask, ResultViewAnswer>({ filename: workerFile, minThreads: 0, maxThreads: this.options.threads ?? 1, idleTimeout: 60_000 }),
    ));
  }

  async view(task: Exclude<ResultViewTask, { kind: 'warm' }>): Promise<ResultBytes> {
    if (this.waiting >= (this.options.threads ?? 1) + (this.options.maxQueue ?? 16)) {
      throw new DomainError('unavailable', 'too many result tables and comparisons are waiting; try again shortly', { retryAfterSeconds: BUSY_RETRY_SECONDS });
    }
    this.waiting++;
    let answer: ResultViewAnswer;
    try {
      answer = await (await this.piscina()).run(task);
    } finally {
      this.waiting--;
    }
    if (answer.kind === 'view') {
      const { bytes, contentType, filename } = answer;
      // The clone arrives as a plain Uint8Array: wrap its memory as a Buffer, no copy.
      return { contentType, ...(filename ? { filename } : {}), bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    }
    if (answer.kind === 'refused') throw DomainError.fromData(answer.error);
    throw new Error('unexpected result-view worker answer');
  }

  /** Starts the thread; for benchmarks that time the views alone. */
  async warm(): Promise<void> {
    await (await this.piscina()).run({ kind: 'warm' });
  }

  /** Stops the thread; again is a no-op (the runs service and the workbooks plugin share one pool). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool?.then((p) => p.destroy());
  }
}
