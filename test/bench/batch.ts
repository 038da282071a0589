/**
 * Planners' batches of 5,000 profiles, and what they would cost the HTTP thread. `npm run bench:batch`.
 *
 * 1. In-process, on one thread: parsing, validating and searching (or matching) 5,000 realistic
 *    profiles and writing the answer. This is how long the HTTP thread would be held if the batch
 *    ran on it (the reason it runs in a worker thread).
 * 2. Through the app (inject), with the batch in its worker: the request's time and the longest
 *    event-loop delay meanwhile (monitorEventLoopDelay, 5 ms resolution), JSON and CSV answers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { loadDataset } from '../../src/domain/dataset.js';
import { designationViews } from '../../src/domain/designations/designation-sets.js';
import { batchMatchCsv, matchBatch, rowsFromJson } from '../../src/domain/matching/batch.js';
import { BATCH_SEARCH_CSV_COLUMNS, batchSearchCsvRows, searchBatch } from '../../src/domain/placement/batch-search.js';
import { placementOptionsSchema } from '../../src/domain/placement/placement-result.js';
import { placementIndexFor } from '../../src/domain/placement/placement-search.js';
import { createApiKey } from '../../src/features/api-keys/api-keys.js';
import { toCsv } from '../../src/http/formats.js';
import { placementRequests } from '../helpers/realistic-requests.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const ROWS = Number(process.env.ROWS ?? 5000);
const REPEATS = Number(process.env.REPEATS ?? 5);
const MODELS = join(ROOT, 'models/kent');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const registry = loadDataset(MODELS);
const profiles = placementRequests(registry, ROWS).map((r) => (r as { profile: unknown }).profile);
const text = JSON.stringify(profiles);
const index = placementIndexFor(registry);
const views = designationViews(registry);
const options = placementOptionsSchema.parse({ maxMinutes: 75, limit: 3, excludedLimit: 0 });

function time(work: () => unknown): number {
  const times: number[] = [];
  work(); // warm
  for (let i = 0; i < REPEATS; i++) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  return median(times);
}

const inProcess = {
  'search, JSON answer': time(() => JSON.stringify(searchBatch(registry, index, views, rowsFromJson(JSON.parse(text)), options))),
  'search, CSV answer': time(() => toCsv(batchSearchCsvRows(searchBatch(registry, index, views, rowsFromJson(JSON.parse(text)), options)), [...BATCH_SEARCH_CSV_COLUMNS])),
  'match, JSON answer': time(() => JSON.stringify(matchBatch(registry, rowsFromJson(JSON.parse(text))))),
  'match, CSV answer': time(() => {
    const { columns, rows } = batchMatchCsv(matchBatch(registry, rowsFromJson(JSON.parse(text))));
    return toCsv(rows, columns);
  }),
};

const app = await buildApp({
  config: loadConfig({ MODELS_DIR: MODELS, DATA_DIR: mkdtempSync(join(tmpdir(), 'planner-bench-batch-')), LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }),
  registry,
});
const { key } = await createApiKey(app.apiKeys, { name: 'Bench planner', role: 'planner' });
await app.batches.warm();

async function overHttp(url: string) {
  const totals: number[] = [];
  const blocks: number[] = [];
  for (let i = 0; i <= REPEATS; i++) {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const t = performance.now();
    const res = await app.inject({ method: 'POST', url, payload: text, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    const ms = performance.now() - t;
    delay.disable();
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    if (i === 0) continue; // warm
    totals.push(ms);
    blocks.push(delay.max / 1e6);
  }
  return { ms: median(totals), maxBlockMs: Math.max(...blocks), medianBlockMs: median(blocks) };
}

const http = {
  'search, JSON answer': await overHttp('/placements/search/batch?maxMinutes=75'),
  'search, CSV answer': await overHttp('/placements/search/batch?maxMinutes=75&format=csv'),
  'match, JSON answer': await overHttp('/match/batch'),
  'match, CSV answer': await overHttp('/match/batch?format=csv'),
};
await app.close();

const { loadavg, cpus } = await import('node:os');
console.log(`${ROWS.toLocaleString('en-GB')} realistic profiles, median of ${REPEATS}; ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}`);
console.log('| Batch | On one thread (what the HTTP thread would be held) | Over HTTP, in the worker | Longest event-loop delay meanwhile (median, max) |');
console.log('|---|---|---|---|');
for (const name of Object.keys(inProcess) as (keyof typeof inProcess)[]) {
  const h = http[name];
  console.log(`| ${name} | ${inProcess[name].toFixed(0)} ms | ${h.ms.toFixed(0)} ms | ${h.medianBlockMs.toFixed(1)} ms, ${h.maxBlockMs.toFixed(1)} ms |`);
}
