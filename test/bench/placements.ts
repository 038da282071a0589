/**
 * Benchmark: POST /placements/search with varied, realistic need profiles against a bare Fastify
 * hello-world, on the same machine in the same run (`npm run bench:placements`). Each server runs
 * in its own process; autocannon drives it from this one. Prints requests/s, p50/p99 latency and
 * the ratio, then times the stages of one request in-process (validation, search, zod response
 * encoding, JSON.stringify, fast-json-stringify) to show where the time goes.
 *
 * Targets (issue 4): ratio >= 0.4 and p99 <= 20 ms on a 2-core machine.
 * Environment: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10) (the service run creates
 * its own planner API key, as production requires one), BENCH_COMPARE_SERIALIZERS=0 to skip the
 * route-only runs that compare JSON.stringify with zod response serialisation and the validated
 * POST floor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { safeEncode } from 'zod/v4/core';
import { designationViews } from '../../src/domain/designations/designation-sets.js';
import { needProfileSchema } from '../../src/domain/matching/need-profile.js';
import { resolveHome } from '../../src/domain/geo/home.js';
import { placementIndexFor } from '../../src/domain/placement/placement-search.js';
import { loadDataset } from '../../src/domain/dataset.js';
import fastJsonStringify from 'fast-json-stringify';
import { z } from 'zod';
import { placementOptionsSchema, placementResultSchema } from '../../src/domain/placement/placement-result.js';
import { placementRequests } from '../helpers/realistic-requests.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 20;
const REQUESTS = 500;

async function startServer(kind: 'hello' | 'placements' | 'route-json' | 'route-zod' | 'floor'): Promise<{ child: ChildProcess; port: number; key?: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'bench-server.js'), kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8');
  for await (const chunk of child.stdout!) {
    out += chunk;
    const m = /PORT (\d+)/.exec(out);
    if (m) return { child, port: Number(m[1]), key: /KEY (\S+)/.exec(out)?.[1] };
  }
  throw new Error(`${kind} server did not start`);
}

async function stop(child: ChildProcess) {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

interface Figures {
  /** Server CPU time (user + system) per request, in µs: what the server spends, whatever else the machine runs. */
  cpuPerRequestUs: number | null;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
}

/** CPU seconds a process has used, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

async function load(options: autocannon.Options, pid: number | undefined): Promise<Figures> {
  // A short warm-up so the JIT has compiled the hot paths before measuring.
  await autocannon({ ...options, duration: 2 });
  const cpuBefore = cpuSeconds(pid);
  const r = await autocannon({ ...options, duration: SECONDS });
  const cpuAfter = cpuSeconds(pid);
  const cpuPerRequestUs = cpuBefore !== null && cpuAfter !== null && r.requests.total > 0 ? ((cpuAfter - cpuBefore) * 1e6) / r.requests.total : null;
  return { cpuPerRequestUs, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, requests: r.requests.total };
}

function stageTimings() {
  const registry = loadDataset('models/kent');
  const index = placementIndexFor(registry);
  const sources = designationViews(registry);
  const bodies = placementRequests(registry, REQUESTS) as { profile: unknown; options: unknown }[];
  const prepared = bodies.map((b) => {
    const profile = needProfileSchema.parse(b.profile);
    return { profile, home: resolveHome(registry, profile.home!), options: placementOptionsSchema.parse(b.options) };
  });
  // CPU time, not wall time: other processes on the machine stretch the wall clock.
  // 30 warm-up passes (15,000 calls): V8 takes that long to finish optimising the search, which a
  // server does within its first seconds; timed cold, the search looks four times slower.
  const time = (fn: (i: number) => unknown, rounds = 20) => {
    for (let w = 0; w < 30; w++) for (let i = 0; i < prepared.length; i++) fn(i);
    const start = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (let i = 0; i < prepared.length; i++) fn(i);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / (rounds * prepared.length);
  };
  const results = prepared.map((p) => index.search(sources, p.profile, p.home, p.options));
  const validate = time((i) => needProfileSchema.parse(bodies[i]!.profile));
  const search = time((i) => index.search(sources, prepared[i]!.profile, prepared[i]!.home, prepared[i]!.options));
  const encode = time((i) => safeEncode(placementResultSchema, results[i]!));
  const stringify = time((i) => JSON.stringify(results[i]));
  const fast = fastJsonStringify(z.toJSONSchema(placementResultSchema, { target: 'draft-7', io: 'output' }) as never);
  const fastStringify = time((i) => fast(results[i]));
  const bytes = results.reduce((s, r) => s + JSON.stringify(r).length, 0) / results.length;
  const candidates = results.reduce((s, r) => s + r.candidates.length, 0) / results.length;
  const assessed = results.reduce((s, r) => s + r.searched.provisionsAssessed, 0) / results.length;
  return { validate, search, encode, stringify, fastStringify, bytes, candidates, assessed, total: registry.provisions.length };
}

const fmt = (n: number, d = 1) => n.toFixed(d);

async function main() {
  console.log(`placement search benchmark: ${cpus().length} CPU(s), Node ${process.version}, ${SECONDS}s per run after a 2s warm-up, ${CONNECTIONS} connections`);
  console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const hello = await startServer('hello');
  const helloFigures = await load({ url: `http://127.0.0.1:${hello.port}/`, connections: CONNECTIONS }, hello.child.pid);
  await stop(hello.child);

  const registry = loadDataset('models/kent');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const requests = placementRequests(registry, REQUESTS).map((body) => ({ method: 'POST' as const, path: '/placements/search', headers, body: JSON.stringify(body) }));
  const runSearch = async (kind: 'placements' | 'route-json' | 'route-zod' | 'floor') => {
    const server = await startServer(kind);
    if (server.key) headers.authorization = `Bearer ${server.key}`;
    try {
      return await load({ url: `http://127.0.0.1:${server.port}`, connections: CONNECTIONS, requests }, server.child.pid);
    } finally {
      await stop(server.child);
    }
  };
  const searchFigures = await runSearch('placements');
  const compare = process.env.BENCH_COMPARE_SERIALIZERS !== '0';
  const routeJson = compare ? await runSearch('route-json') : null;
  const routeZod = compare ? await runSearch('route-zod') : null;
  const floor = compare ? await runSearch('floor') : null;

  const ratio = searchFigures.rps / helloFigures.rps;
  const row = (name: string, f: Figures) => [
    name,
    fmt(f.rps, 0),
    fmt(f.p50),
    fmt(f.p99),
    f.cpuPerRequestUs === null ? 'n/a' : fmt(f.cpuPerRequestUs, 0),
    String(f.requests),
    String(f.non2xx),
    String(f.errors),
  ];
  const rows = [
    ['', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'requests', 'non-2xx', 'errors'],
    row('hello-world (GET /)', helloFigures),
    row('POST /placements/search', searchFigures),
    ...(routeJson && routeZod
      ? [row('  route only, JSON.stringify', routeJson), row('  route only, zod serializer', routeZod)]
      : []),
    ...(floor ? [row('  floor: same body validated, no search', floor)] : []),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  console.log(`ratio (search / hello-world req/s): ${fmt(ratio, 2)}  target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`);
  console.log(`p99 ${fmt(searchFigures.p99)} ms  target <= ${TARGET_P99_MS} ms: ${searchFigures.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'}`);
  if (helloFigures.cpuPerRequestUs && searchFigures.cpuPerRequestUs) {
    console.log(`ratio of server CPU per request (hello-world / search; the req/s ratio a CPU-bound server would reach): ${fmt(helloFigures.cpuPerRequestUs / searchFigures.cpuPerRequestUs, 2)}`);
  }
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes share the ${cpus().length} CPUs)`);
  if (floor) console.log(`floor (a validated POST answering {"ok":true}) / hello-world req/s: ${fmt(floor.rps / helloFigures.rps, 2)}: no POST route with this body can reach more`);
  if (routeJson && routeZod) console.log(`zod response serialisation: ${fmt(routeZod.rps, 0)} req/s against ${fmt(routeJson.rps, 0)} with JSON.stringify (${fmt(routeZod.rps / routeJson.rps, 2)}x)`);
  const failed = [searchFigures, routeJson, routeZod, floor].some((f) => f && (f.non2xx > 0 || f.errors > 0));

  const t = stageTimings();
  console.log(`\nin-process CPU time per request (mean of ${REQUESTS} varied requests):`);
  console.log(`  validate profile (zod)         ${fmt(t.validate)} µs`);
  console.log(`  search (match + index + rank)  ${fmt(t.search)} µs  (${fmt(t.assessed)} of ${t.total} provisions assessed, ${fmt(t.candidates)} candidates)`);
  console.log(`  zod response encode            ${fmt(t.encode)} µs  (then JSON.stringify: the default serializer)`);
  console.log(`  JSON.stringify                 ${fmt(t.stringify)} µs  (${fmt(t.bytes, 0)} bytes; what the route uses)`);
  console.log(`  fast-json-stringify            ${fmt(t.fastStringify)} µs  (compiled from the response schema, for comparison)`);
  if (failed) {
    console.log('\nsome requests failed: the figures above are not valid');
    process.exitCode = 1;
  }
}

await main();
