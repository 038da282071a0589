/**
 * Worker-thread entry for reading finished runs (result-views.ts): CSV tables and comparisons of
 * results that can be 12 MB of JSON each. The worker reads the results from the service's database
 * on its own connection and hands back the answer as bytes, so the HTTP thread never holds the
 * megabytes as strings (reading, parsing and collecting them held it for 0.3-0.5 s per request, and
 * a burst of reads for seconds of garbage collection). Errors meant for the caller (a year the runs
 * do not cover, a table a single-year run has not) are thrown as DomainErrors, which
 * src/jobs/job-worker.ts carries across.
 */
import { openDatabaseFile } from '../../database/database.js';
import { DomainError } from '../../domain/errors.js';
import { jobWorker } from '../../jobs/job-worker.js';
import { runComparison, runTable, type CompareOptions, type ResultBytes, type ResultTable, type ResultView, type StoredResult } from './result-views.js';
import { runsRepository, type RunsRepository } from './runs-repository.js';

/** A finished run as the HTTP thread knows it (its status checked): the worker reads its result. */
export type RunRef = Omit<StoredResult, 'resultJson'>;

export type ResultViewTask =
  | { kind: 'table'; databaseFile: string; run: RunRef; table: ResultTable }
  | ({ kind: 'compare'; databaseFile: string; base: RunRef; other: RunRef } & CompareOptions);

/** The bytes cross as a Uint8Array (a Buffer's class does not survive the crossing). */
export type ResultViewAnswer = Omit<ResultBytes, 'bytes'> & { bytes: Uint8Array };

let runs: { file: string; repo: RunsRepository } | undefined;
function stored(databaseFile: string, run: RunRef): StoredResult {
  if (runs?.file !== databaseFile) runs = { file: databaseFile, repo: runsRepository(openDatabaseFile(databaseFile)) };
  const resultJson = runs.repo.get(run.id)?.resultJson;
  if (!resultJson) throw new DomainError('conflict', `run ${run.id} has no result`);
  return { ...run, resultJson };
}

const asBytes = ({ text, ...rest }: ResultView): ResultViewAnswer => ({ ...rest, bytes: Buffer.from(text, 'utf8') });

function handle(task: ResultViewTask): ResultViewAnswer {
  switch (task.kind) {
    case 'table':
      return asBytes(runTable(stored(task.databaseFile, task.run), task.table));
    case 'compare': {
      const { databaseFile, base, other, kind: _kind, ...options } = task;
      return asBytes(runComparison({ base: stored(databaseFile, base), other: stored(databaseFile, other), ...options }));
    }
  }
}

export default jobWorker(handle);
