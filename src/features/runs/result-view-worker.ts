/**
 * Worker-thread entry for reading finished runs (result-views.ts): CSV tables, comparisons and
 * workbooks of results that can be 12 MB of JSON each; and the writing of any workbook (.xlsx) the
 * service offers (plans, demand tables, review logs), which takes up to a second for a large table. The worker reads the results from the service's database
 * on its own connection and hands back the answer as bytes, so the HTTP thread never holds the
 * megabytes as strings (reading, parsing and collecting them held it for 0.3-0.5 s per request, and
 * a burst of reads for seconds of garbage collection). Errors meant for the caller (a year the runs
 * do not cover, a table a single-year run has not) come back as data: their class does not cross
 * threads.
 */
import { openDatabaseFile } from '../../database/database.js';
import { DomainError, type DomainErrorData } from '../../domain/errors.js';
import { comparisonWorkbookSpec, runComparison, runTable, runWorkbookSpec, type CompareOptions, type ResultTable, type ResultView, type StoredResult } from './result-views.js';
import type { WorkbookSpec } from '../../domain/workbook.js';
import { planWorkbook } from '../../domain/plan/plan-workbook.js';
import { writeWorkbook, XLSX_TYPE } from '../../http/workbook-writer.js';
import { runsRepository, type RunsRepository } from './runs-repository.js';
import { giveWayToHttpThread } from './worker-priority.js';

giveWayToHttpThread();

/** A finished run as the HTTP thread knows it (its status checked): the worker reads its result. */
export type RunRef = Omit<StoredResult, 'resultJson'>;

export type ResultViewTask =
  | { kind: 'warm' }
  | { kind: 'table'; databaseFile: string; run: RunRef; table: ResultTable }
  | ({ kind: 'compare'; databaseFile: string; base: RunRef; other: RunRef } & CompareOptions)
  | { kind: 'runWorkbook'; databaseFile: string; run: RunRef }
  /** A plan as its record holds it: the request and the result as stored JSON text (parsed here, not on the HTTP thread). */
  | { kind: 'planWorkbook'; plan: { id: string; scenarioId: string; scenarioName: string; createdAt: string; requestJson: string; resultJson: string } }
  /** A workbook made on the HTTP thread from a small table (demand, review logs): only written here. */
  | { kind: 'workbook'; spec: WorkbookSpec };

export type ResultViewAnswer =
  | { kind: 'warm' }
  | { kind: 'view'; contentType: string; filename?: string; bytes: Uint8Array }
  | { kind: 'refused'; error: DomainErrorData };

let runs: { file: string; repo: RunsRepository } | undefined;
function stored(databaseFile: string, run: RunRef): StoredResult {
  if (runs?.file !== databaseFile) runs = { file: databaseFile, repo: runsRepository(openDatabaseFile(databaseFile)) };
  const resultJson = runs.repo.get(run.id)?.resultJson;
  if (!resultJson) throw new DomainError('conflict', `run ${run.id} has no result`);
  return { ...run, resultJson };
}

const asBytes = ({ text, ...rest }: ResultView): ResultViewAnswer => ({ kind: 'view', ...rest, bytes: Buffer.from(text, 'utf8') });
const asWorkbook = async (spec: WorkbookSpec): Promise<ResultViewAnswer> => ({ kind: 'view', contentType: XLSX_TYPE, filename: spec.filename, bytes: await writeWorkbook(spec) });

export default async function handle(task: ResultViewTask): Promise<ResultViewAnswer> {
  try {
    switch (task.kind) {
      case 'warm':
        return { kind: 'warm' };
      case 'table':
        return asBytes(runTable(stored(task.databaseFile, task.run), task.table));
      case 'compare': {
        const { databaseFile, base, other, kind: _kind, ...options } = task;
        const both = { base: stored(databaseFile, base), other: stored(databaseFile, other) };
        if (options.format === 'xlsx') return await asWorkbook(comparisonWorkbookSpec({ ...both, year: options.year }));
        return asBytes(runComparison({ ...both, ...options, format: options.format }));
      }
      case 'runWorkbook':
        return await asWorkbook(runWorkbookSpec(stored(task.databaseFile, task.run)));
      case 'planWorkbook':
        return await asWorkbook(planWorkbook({ ...task.plan, request: JSON.parse(task.plan.requestJson), result: JSON.parse(task.plan.resultJson) }));
      case 'workbook':
        return await asWorkbook(task.spec);
    }
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'refused', error: err.toData() };
    throw err;
  }
}
