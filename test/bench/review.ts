/**
 * What designation review and authentication cost. `npm run bench:review`.
 *
 * 1. Access control: the same trivial route, public and behind an API key (SHA-256 + indexed SQLite
 *    lookup per request), measured with autocannon in the same run.
 * 2. Decisions: sequential POST /designations/mappings/{urn}/decision over HTTP; each one is an
 *    IMMEDIATE transaction committed with synchronous=FULL (an fsync per decision).
 * 3. The 'approved' designation set: time to build it from the database, as placement search would per request.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { createApiKey, hashApiKey } from '../../src/features/api-keys/api-keys.js';
import { proposeAllMappings } from '../../src/domain/designations/designation-mapping.js';
import { approvedDesignationSet } from '../../src/domain/designations/designation-sets.js';
import { loadDataset } from '../../src/domain/dataset.js';
import { apiKeyRepository } from '../../src/features/api-keys/api-key-repository.js';
import { openDatabase } from '../../src/database/database.js';
import { reviewRepository } from '../../src/features/review/review-repository.js';
import auth from '../../src/plugins/app/auth.js';
import errors from '../../src/plugins/app/errors.js';

/** The part of autocannon's result used here (the package ships no types). */
interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: object) => Promise<LoadResult>;

const ROOT = resolve(import.meta.dirname, '../../..');
const DURATION = Number(process.env.DURATION ?? 5);
const DECISIONS = Number(process.env.DECISIONS ?? 500);
const tmp = () => mkdtempSync(join(tmpdir(), 'planner-bench-review-'));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

// 1. Access control overhead.
const db = openDatabase(tmp());
const keys = apiKeyRepository(db);
for (let i = 0; i < 200; i++) await createApiKey(keys, { name: `Holder ${i}`, role: 'planner' });
const { key } = await createApiKey(keys, { name: 'Bench planner', role: 'planner' });
const bench = Fastify();
// As in the app: the auth plugin documents 401/403 with the zod error schema.
bench.setValidatorCompiler(validatorCompiler);
bench.setSerializerCompiler(serializerCompiler);
await bench.register(errors);
await bench.register(auth, { apiKeys: keys });
bench.get('/public', async () => ({ ok: true }));
bench.get('/keyed', { config: { access: 'authenticated' } }, async () => ({ ok: true }));
// The per-request work itself, without HTTP: hash the key, look it up.
const N = 100_000;
const keyHash = hashApiKey(key);
let t1 = performance.now();
for (let i = 0; i < N; i++) hashApiKey(key);
const hashUs = ((performance.now() - t1) * 1000) / N;
t1 = performance.now();
for (let i = 0; i < N; i++) await keys.findActiveByHash(keyHash);
const lookupUs = ((performance.now() - t1) * 1000) / N;
const address = await bench.listen({ host: '127.0.0.1', port: 0 });
const run = (path: string) =>
  autocannon({ url: `${address}${path}`, connections: 10, duration: DURATION, headers: { authorization: `Bearer ${key}` } });
// Alternate the two, twice each after a warm-up, and keep each one's better run: less noise from the machine.
await run('/public');
await run('/keyed');
const runs = { open: [] as LoadResult[], keyed: [] as LoadResult[] };
for (let i = 0; i < 2; i++) {
  runs.open.push(await run('/public'));
  runs.keyed.push(await run('/keyed'));
}
const best = (rs: LoadResult[]) => rs.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
const open = best(runs.open);
const keyed = best(runs.keyed);
await bench.close();
db.close();
const line = (name: string, r: LoadResult) =>
  `  ${name.padEnd(22)}: ${r.requests.average.toFixed(0).padStart(6)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`;
console.log(`access control, autocannon 10 connections x ${DURATION} s (best of 2 alternating runs), 201 keys in the table`);
console.log(line('public route', open));
console.log(line('API-key route', keyed));
console.log(`  ratio keyed / public  : ${(keyed.requests.average / open.requests.average).toFixed(2)}`);
console.log(`  per request, no HTTP  : SHA-256 ${hashUs.toFixed(1)} us + key lookup ${lookupUs.toFixed(1)} us`);

// 2. Decisions over HTTP, one fsync-ed transaction each.
const registry = loadDataset(join(ROOT, 'models/kent'));
const app = await buildApp({
  config: loadConfig({ MODELS_DIR: join(ROOT, 'models/kent'), DATA_DIR: tmp(), LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }),
  registry,
});
const officer = (await createApiKey(app.apiKeys, { name: 'Bench officer', role: 'officer' })).key;
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const urns = [...registry.specialSchools.keys()];
const versions = new Map(urns.map((u) => [u, 0]));
const latencies: number[] = [];
const started = performance.now();
for (let i = 0; i < DECISIONS; i++) {
  const urn = urns[i % urns.length]!;
  const expectedVersion = versions.get(urn)!;
  const t = performance.now();
  const res = await fetch(`${url}/designations/mappings/${urn}/decision`, {
    method: 'POST',
    headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ decision: 'approve', reason: `bench ${i}`, expectedVersion }),
  });
  latencies.push(performance.now() - t);
  if (res.status !== 200) throw new Error(`decision ${i}: ${res.status} ${await res.text()}`);
  versions.set(urn, ((await res.json()) as { mapping: { version: number } }).mapping.version);
}
const elapsed = (performance.now() - started) / 1000;
console.log(`decisions, ${DECISIONS} sequential over HTTP (synchronous=FULL, WAL)`);
console.log(`  ${(DECISIONS / elapsed).toFixed(0)} decisions/s, p50 ${pct(latencies, 50).toFixed(2)} ms, p99 ${pct(latencies, 99).toFixed(2)} ms`);

// 3. The approved designation set: per request while nothing changes (cached), and rebuilt after a decision.
const ROUNDS = 2000;
let t0 = performance.now();
for (let i = 0; i < ROUNDS; i++) await app.designationSources.approved();
const cachedUs = ((performance.now() - t0) * 1000) / ROUNDS;
const reviews = reviewRepository(app.db);
const proposals = proposeAllMappings(registry);
t0 = performance.now();
for (let i = 0; i < ROUNDS; i++) approvedDesignationSet(proposals, await reviews.decisions());
const rebuildUs = ((performance.now() - t0) * 1000) / ROUNDS;
console.log(`approved designation set, ${registry.specialSchools.size} schools all decided`);
console.log(`  per request, unchanged since last : ${cachedUs.toFixed(0)} us (one indexed read of the latest audit id)`);
console.log(`  rebuilt after a decision          : ${rebuildUs.toFixed(0)} us`);
await app.close();
