/**
 * Worker-thread entry for the planners' batches: batch matching and batch placement search, each up
 * to 5,000 profiles. Parsing the body, validating every row, matching or searching and writing the
 * answer (JSON or CSV text) all happen here: 5,000 searches take a few hundred milliseconds the HTTP
 * thread must spend answering requests instead (measured in test/bench/RESULTS.md).
 *
 * Each worker loads the default council's dataset once, from the folder in the pool's workerData, and
 * another council's (a task's `dir`) on its first batch for that council. A problem with the batch is
 * thrown as the DomainError it is (src/jobs/job-worker.ts carries it across); an unexpected failure
 * comes back as its name and stack only (`private`), since its message could quote a row.
 */
import { workerData } from 'piscina';
import { loadDataset } from '../../domain/dataset.js';
import { approvedSource, designationViews } from '../../domain/designations/designation-sets.js';
import type { SchoolProposedDesignation } from '../../domain/designations/designation-source.js';
import { DomainError } from '../../domain/errors.js';
import { batchMatchCsv, matchBatch, rowsFromCsv, rowsFromJson, type BatchInputRow } from '../../domain/matching/batch.js';
import { BATCH_SEARCH_CSV_COLUMNS, batchSearchCsvRows, searchBatch } from '../../domain/placement/batch-search.js';
import type { PlacementOptions } from '../../domain/placement/placement-result.js';
import { placementIndexFor } from '../../domain/placement/placement-search.js';
import type { Registry } from '../../domain/registry/registry.js';
import type { BatchBody } from '../../http/batch-body.js';
import { toCsv } from '../../http/formats.js';
import { jobWorker } from '../../jobs/job-worker.js';

export interface BatchWorkerData {
  modelsDir: string;
}

export type BatchFormat = 'json' | 'csv';

/** `dir`: the council's dataset folder, when not the default council's. */
export type BatchTask =
  | { kind: 'match'; body: BatchBody; format: BatchFormat; dir?: string }
  | { kind: 'search'; body: BatchBody; format: BatchFormat; options: PlacementOptions; approved?: readonly SchoolProposedDesignation[]; dir?: string };

/** The answer's text (JSON or CSV) and how many rows it answers. */
export interface BatchAnswer {
  text: string;
  rows: number;
}

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

function handle(task: BatchTask): BatchAnswer {
  const rows = rowsOf(task.body);
  const { registry, placements, baseViews } = datasetIn(task.dir ?? defaultDir);
  if (task.kind === 'match') {
    const result = matchBatch(registry, rows);
    if (task.format === 'json') return { text: JSON.stringify(result), rows: rows.length };
    const { columns, rows: lines } = batchMatchCsv(result);
    return { text: toCsv(lines, columns), rows: rows.length };
  }
  const approved = approvedSource(task.approved);
  const views = approved ? { ...baseViews, approved } : baseViews;
  const result = searchBatch(registry, placements, views, rows, task.options);
  if (task.format === 'json') return { text: JSON.stringify(result), rows: rows.length };
  return { text: toCsv(batchSearchCsvRows(result), [...BATCH_SEARCH_CSV_COLUMNS]), rows: rows.length };
}

export default jobWorker(handle, { private: true });
