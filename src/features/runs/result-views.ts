/**
 * What is read out of finished runs' results: a run's CSV tables, the comparison of two runs (JSON or
 * CSV), and either as a workbook (the spec: the result-view worker writes the .xlsx). Pure: result JSON text in, answer text out. An LSOA-level result is about 12 MB of JSON; parsing
 * two, comparing them and writing the answer takes 0.3-0.5 s, so these run in the result-view worker
 * (result-view-pool.ts), never on the HTTP thread.
 */
import { DomainError } from '../../domain/errors.js';
import { compareResults } from '../../domain/sufficiency/compare.js';
import { comparePathYears, comparisonYear, isPathResult, resultAtYear } from '../../domain/sufficiency/path/compare-paths.js';
import type { PathResult } from '../../domain/sufficiency/path/path-result.js';
import { pathTable } from '../../domain/sufficiency/path/path-tables.js';
import type { SufficiencyResult } from '../../domain/sufficiency/result.js';
import { comparisonTable, PATH_ONLY_TABLES, RESULT_TABLES, resultTable } from '../../domain/sufficiency/tables.js';
import { toCsv } from '../../http/formats.js';
import { comparisonWorkbook, runWorkbook } from '../../domain/sufficiency/workbooks.js';
import type { WorkbookSpec } from '../../domain/workbook.js';

export type ResultTable = (typeof RESULT_TABLES)[number] | (typeof PATH_ONLY_TABLES)[number];
export interface StoredResult {
  id: string;
  scenarioId: string;
  scenarioName: string;
  resultJson: string;
}

export type CompareOptions = { year?: number; format: 'json' | 'csv' | 'xlsx'; table: (typeof RESULT_TABLES)[number] };

/** The answer's body, its media type and, for CSV, the file name to offer. */
export interface ResultView {
  text: string;
  contentType: string;
  filename?: string;
}

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** One table of a finished run as CSV: a path run gives each table with a year column, and its own tables. */
export function runTable(run: StoredResult, table: ResultTable): ResultView {
  const result = JSON.parse(run.resultJson) as SufficiencyResult | PathResult;
  let rows;
  if (isPathResult(result)) rows = pathTable(result, table);
  else if ((PATH_ONLY_TABLES as readonly string[]).includes(table)) {
    const message = `table ${table} is for path runs (a scenario with a horizon); this run is a single year: byLocality, provisions or outreach`;
    throw new DomainError('invalid', message, { issues: [{ path: 'querystring.table', message }] });
  } else rows = resultTable(result, table as (typeof RESULT_TABLES)[number]);
  return { text: toCsv(rows as never), contentType: CSV, filename: `run-${run.id}-${table}.csv` };
}

/** A finished run (single year or path) as a workbook: every table, one sheet each, after an About sheet. */
export function runWorkbookSpec(run: StoredResult): WorkbookSpec {
  return runWorkbook({ id: run.id, scenarioId: run.scenarioId, scenarioName: run.scenarioName }, JSON.parse(run.resultJson) as SufficiencyResult | PathResult);
}

/**
 * Two finished runs compared, other minus base (compare.ts); a path at one model year (compare-paths.ts),
 * and two paths also year by year. Errors carry their field (`querystring.year`).
 */
export function runComparison(task: { base: StoredResult; other: StoredResult } & CompareOptions & { format: 'json' | 'csv' }): ResultView {
  return compared(task) as ResultView;
}

/** Two finished runs compared, as a workbook: the totals, the years of two paths, and every table. */
export function comparisonWorkbookSpec(task: { base: StoredResult; other: StoredResult; year?: number }): WorkbookSpec {
  return compared({ ...task, format: 'xlsx', table: 'byLocality' }) as WorkbookSpec;
}

function compared(task: { base: StoredResult; other: StoredResult } & CompareOptions): ResultView | WorkbookSpec {
  const base = JSON.parse(task.base.resultJson) as SufficiencyResult | PathResult;
  const other = JSON.parse(task.other.resultJson) as SufficiencyResult | PathResult;
  let year: number | null;
  try {
    year = comparisonYear(base, other, task.year);
  } catch (err) {
    throw err instanceof DomainError ? err.under('querystring') : err;
  }
  const comparison = compareResults(resultAtYear(base, year), resultAtYear(other, year));
  const ref = (r: StoredResult) => ({ id: r.id, scenarioId: r.scenarioId, scenarioName: r.scenarioName });
  const years = isPathResult(base) && isPathResult(other) ? comparePathYears(base, other) : null;
  if (task.format === 'xlsx') return comparisonWorkbook(ref(task.base), ref(task.other), year, comparison, years, { base: base.assumptions, other: other.assumptions });
  if (task.format === 'csv') {
    const filename = `compare-${task.base.id}-${task.other.id}${year !== null ? `-${year}` : ''}-${task.table}.csv`;
    return { text: toCsv(comparisonTable(comparison, task.table) as never), contentType: CSV, filename };
  }
  return { text: JSON.stringify({ base: ref(task.base), other: ref(task.other), year, years, ...comparison }), contentType: JSON_TYPE };
}
