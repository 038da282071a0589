/**
 * Worker-thread entry for the planners' batches: batch matching and batch placement search, each up
 * to 5,000 profiles. Parsing the body, validating every row, matching or searching and writing the
 * answer (JSON or CSV text) all happen here: 5,000 searches take a few hundred milliseconds the HTTP
 * thread must spend answering requests instead (measured in test/bench/RESULTS.md).
 *
 * Each worker loads the default council's dataset once, from the folder in the pool's workerData, and
 * another council's (a task's `dir`) on its first batch for that council. A problem with the
 * batch comes back as plain data (an error's class does not survive the crossing); an unexpected
 * failure comes back as its name and stack only, since its message could quote a row.
 */
import { workerData } from 'piscina';
import { loadDataset } from '../../domain/dataset.js';
import { designationViews } from '../../domain/designation-sets.js';
import type { SchoolProposedDesignation } from '../../domain/designation-source.js';
import { DomainError, type DomainErrorData } from '../../domain/errors.js';
import { batchMatchCsv, matchBatch, rowsFromCsv, rowsFromJson, type BatchInputRow } from '../../domain/matching/batch.js';
import { BATCH_SEARCH_CSV_COLUMNS, batchSearchCsvRows, searchBatch } from '../../domain/placement/batch-search.js';
import type { PlacementOptions } from '../../domain/placement/placement-result.js';
import { placementIndexFor } from '../../domain/placement/placement-search.js';
import type { BatchBody } from '../../http/batch-body.js';
import { toCsv } from '../../http/formats.js';
import type { Registry } from '../../domain/registry/registry.js';
import { giveWayToHttpThread } from '../runs/worker-priority.js';

export interface BatchWorkerData {
  modelsDir: string;
}

export type BatchFormat = 'json' | 'csv';

export type BatchTask =
  | { kind: 'warm' }
  | { kind: 'match'; body: BatchBody; format: BatchFormat; dir?: string }
  | { kind: 'search'; body: BatchBody; format: BatchFormat; options: PlacementOptions; approved?: readonly SchoolProposedDesignation[]; dir?: string };

export type BatchAnswer =
  | { kind: 'warm' }
  | { kind: 'done'; text: string; rows: number }
  | { kind: 'refused'; error: DomainErrorData }
  | { kind: 'crashed'; name: string; stack: string };

giveWayToHttpThread();
/** Each council's dataset and what a search reads from it, by folder, loaded on first use. */
const datasets = new Map<string, { registry: Registry; placements: ReturnType<typeof placementIndexFor>; baseViews: ReturnType<typeof designationViews> }>();
function datasetIn(dir: string) {
  let d = datasets.get(dir);
  if (!d) {
    const registry = loadDataset(dir);
    datasets.set(dir, (d = { registry, placements: placementIndexFor(registry), baseViews: designationViews(registry) }));
  }
  return d;
}
const defaultDir = (workerData as BatchWorkerData).modelsDir;
datasetIn(defaultDir);

function rowsOf(body: BatchBody): BatchInputRow[] {
  if ('csv' in body) return rowsFromCsv(body.csv);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.json);
  } catch {
    // JSON.parse's message quotes the text around the error: not repeated.
    throw new DomainError('invalid', 'the body is not valid JSON: expected a JSON array of need profiles, or a text/csv upload');
  }
  return rowsFromJson(parsed);
}

function run(task: Exclude<BatchTask, { kind: 'warm' }>): { text: string; rows: number } {
  const rows = rowsOf(task.body);
  const { registry, placements, baseViews } = datasetIn(task.dir ?? defaultDir);
  if (task.kind === 'match') {
    const result = matchBatch(registry, rows);
    if (task.format === 'json') return { text: JSON.stringify(result), rows: rows.length };
    const { columns, rows: lines } = batchMatchCsv(result);
    return { text: toCsv(lines, columns), rows: rows.length };
  }
  const approved = task.approved && new Map(task.approved.map((e) => [e.urn, e]));
  const views = approved ? { ...baseViews, approved: { designationOf: (urn: number) => approved.get(urn) } } : baseViews;
  const result = searchBatch(registry, placements, views, rows, task.options);
  if (task.format === 'json') return { text: JSON.stringify(result), rows: rows.length };
  return { text: toCsv(batchSearchCsvRows(result), [...BATCH_SEARCH_CSV_COLUMNS]), rows: rows.length };
}

export default function handle(task: BatchTask): BatchAnswer {
  if (task.kind === 'warm') return { kind: 'warm' };
  try {
    return { kind: 'done', ...run(task) };
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'refused', error: err.toData() };
    const e = err as Error;
    return { kind: 'crashed', name: e?.name ?? 'Error', stack: (e?.stack ?? '').split('\n').slice(1).join('\n') };
  }
}
