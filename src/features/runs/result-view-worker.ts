/**
 * Worker-thread entry for reading finished runs (result-views.ts): CSV tables, comparisons and
 * workbooks of results that can be 12 MB of JSON each; and the writing of any workbook (.xlsx) the
 * service offers (plans, demand tables, review logs), which takes up to a second for a large table. The worker reads the results from the service's database
 * on its own connection and hands back the answer as bytes, so the HTTP thread never holds the
 * megabytes as strings (reading, parsing and collecting them held it for 0.3-0.5 s per request, and
 * a burst of reads for seconds of garbage collection). Errors meant for the caller (a year the runs
 * do not cover, a table a single-year run has not) are thrown as DomainErrors, which
 * src/jobs/job-worker.ts carries across.
 */
import { openDatabaseFile } from '../../database/database.js';
import { DomainError } from '../../domain/errors.js';
import { planWorkbook } from '../../domain/plan/plan-workbook.js';
import type { WorkbookSpec } from '../../domain/workbook.js';
import { writeWorkbook, XLSX_TYPE } from '../../http/workbook-writer.js';
import { jobWorker } from '../../jobs/job-worker.js';
import { comparisonWorkbookSpec, runComparison, runTable, runWorkbookSpec, type CompareOptions, type ResultBytes, type ResultTable, type ResultView, type StoredResult } from './result-views.js';
import { runsRepository, type RunsRepository } from './runs-repository.js';

/** A finished run as the HTTP thread knows it (its status checked): the worker reads its result. */
export type RunRef = Omit<StoredResult, 'resultJson'>;

export type ResultViewTask =
  | { kind: 'table'; databaseFile: string; run: RunRef; table: ResultTable }
  | ({ kind: 'compare'; databaseFile: string; base: RunRef; other: RunRef } & CompareOptions)
  | { kind: 'runWorkbook'; databaseFile: string; run: RunRef }
  /** A plan as its record holds it: the request and the result as stored JSON text (parsed here, not on the HTTP thread). */
  | { kind: 'planWorkbook'; plan: { id: string; scenarioId: string; scenarioName: string; createdAt: string; requestJson: string; resultJson: string } }
  /** A workbook made on the HTTP thread from a small table (demand, review logs): only written here. */
  | { kind: 'workbook'; spec: WorkbookSpec };

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
const asWorkbook = async (spec: WorkbookSpec): Promise<ResultViewAnswer> => ({ contentType: XLSX_TYPE, filename: spec.filename, bytes: await writeWorkbook(spec) });

async function handle(task: ResultViewTask): Promise<ResultViewAnswer> {
  switch (task.kind) {
    case 'table':
      return asBytes(runTable(stored(task.databaseFile, task.run), task.table));
    case 'compare': {
      const { databaseFile, base, other, kind: _kind, ...options } = task;
      const both = { base: stored(databaseFile, base), other: stored(databaseFile, other) };
      if (options.format === 'xlsx') return asWorkbook(comparisonWorkbookSpec({ ...both, year: options.year }));
      return asBytes(runComparison({ ...both, ...options, format: options.format }));
    }
    case 'runWorkbook':
      return asWorkbook(runWorkbookSpec(stored(task.databaseFile, task.run)));
    case 'planWorkbook':
      return asWorkbook(planWorkbook({ ...task.plan, request: JSON.parse(task.plan.requestJson), result: JSON.parse(task.plan.resultJson) }));
    case 'workbook':
      return asWorkbook(task.spec);
  }
}

export default jobWorker(handle);
