/**
 * Load test (`npm run bench:load`): the compiled service as a real process under a realistic mix
 * for 60 s (LOAD_SECONDS): catalogue reads, placement searches and demand queries from autocannon,
 * and a scenario run posted every few seconds (district and MSOA in turn). Prints throughput,
 * errors and p50/p99 latency per kind of request, the runs' outcomes, and the server's memory
 * (RSS) after warm-up, at the end, and after three further rounds of solves: repeated solves must
 * not make it grow.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { loadDataset } from '../../src/domain/dataset.js';
import { placementRequests } from '../helpers/realistic-requests.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const RUN_EVERY_MS = Number(process.env.LOAD_RUN_EVERY_MS ?? 4000);

const dataDir = mkdtempSync(join(tmpdir(), 'planner-load-'));
const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' };

async function keyFor(role: string): Promise<string> {
  const proc = spawn(process.execPath, [join(ROOT, 'dist/src/tools/keys.js'), 'create', '--role', role, '--name', `Load ${role}`], { cwd: ROOT, env });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise((r) => proc.on('exit', r));
  return out.trimEnd().split('\n').at(-1)!;
}

async function startServer(): Promise<{ pid: number; url: string; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, [join(ROOT, 'dist/src/server.js')], { cwd: ROOT, env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolvePort(Number(m[1]));
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  return {
    pid: proc.pid!,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.on('exit', r));
    },
  };
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

type Result = autocannon.Result;
const line = (name: string, r: Result) =>
  `${name.padEnd(22)} ${String(Math.round(r.requests.average)).padStart(6)} req/s  ${String(r.requests.total).padStart(7)} requests  ` +
  `p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  errors ${r.errors}  non-2xx ${r.non2xx}`;

async function main() {
  console.log(`load test: ${SECONDS}s, ${cpus().length} CPU(s), Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const planner = await keyFor('planner');
  const commissioner = await keyFor('commissioner');
  const server = await startServer();
  const registry = loadDataset(join(ROOT, 'models/kent'));
  const json = { 'content-type': 'application/json' };

  const searches = placementRequests(registry, 400).map((body) => ({
    method: 'POST' as const,
    path: '/placements/search',
    headers: { ...json, authorization: `Bearer ${planner}` },
    body: JSON.stringify(body),
  }));
  const districts = registry.districts.map((d) => d.name);
  const catalogue = [
    ...districts.map((d) => ({ method: 'GET' as const, path: `/schools?locality=${encodeURIComponent(d)}&limit=100` })),
    { method: 'GET' as const, path: '/health' },
    { method: 'GET' as const, path: '/provisions' },
    { method: 'GET' as const, path: '/designations' },
    { method: 'GET' as const, path: '/schools/119056' },
    { method: 'GET' as const, path: '/demand?year=2027&level=district' },
    { method: 'GET' as const, path: '/localities?format=csv' },
  ];

  // Warm-up: a few searches, catalogue reads and one solve of each level, then the memory baseline.
  await autocannon({ url: server.url, connections: 4, duration: 3, requests: [...searches.slice(0, 50), ...catalogue] });
  const runScenario = async (level: 'district' | 'msoa') => {
    const res = await fetch(`${server.url}/runs?wait=true`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${commissioner}` },
      body: JSON.stringify({ scenarioId: level === 'district' ? 'baseline-2025' : undefined, scenario: level === 'msoa' ? { id: 'load-msoa', name: 'Load test MSOA', year: 2026, level: 'msoa', designationSet: 'proposed' } : undefined }),
    });
    const run = (await res.json()) as { id: string; status: string };
    for (let i = 0; i < 600 && run.status !== 'done' && run.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      Object.assign(run, await (await fetch(`${server.url}/runs/${run.id}`)).json());
    }
    return run.status;
  };
  await runScenario('district');
  await runScenario('msoa');
  const rssWarm = rssMb(server.pid);

  const runOutcomes: Record<string, number> = {};
  const runLatencies: number[] = [];
  let stop = false;
  const runner = (async () => {
    let i = 0;
    while (!stop) {
      const t = performance.now();
      const status = await runScenario(i++ % 2 === 0 ? 'district' : 'msoa');
      runLatencies.push(performance.now() - t);
      runOutcomes[status] = (runOutcomes[status] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, RUN_EVERY_MS));
    }
  })();
  const [searchResult, catalogueResult] = await Promise.all([
    autocannon({ url: server.url, connections: 6, duration: SECONDS, requests: searches }),
    autocannon({ url: server.url, connections: 4, duration: SECONDS, requests: catalogue }),
  ]);
  stop = true;
  await runner;
  const rssEnd = rssMb(server.pid);

  // Two more rounds of twenty solves with nothing else running: memory must settle, not climb.
  const solveRound = async () => {
    for (let i = 0; i < 20; i++) await runScenario(i % 2 === 0 ? 'district' : 'msoa');
    await new Promise((r) => setTimeout(r, 2000));
    return rssMb(server.pid);
  };
  const rounds = [await solveRound(), await solveRound(), await solveRound()];
  const [rssAfter] = rounds as [number];
  const rssLast = rounds.at(-1)!;
  const health = await fetch(`${server.url}/health`);
  await server.stop();

  const sorted = [...runLatencies].sort((a, b) => a - b);
  console.log(line('placement searches', searchResult));
  console.log(line('catalogue and demand', catalogueResult));
  console.log(
    `${'scenario runs'.padEnd(22)} ${runLatencies.length} runs (${JSON.stringify(runOutcomes)}), post-to-finished median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, ` +
      `max ${Math.round(sorted.at(-1) ?? 0)} ms`,
  );
  console.log(
    `memory (RSS): after warm-up ${rssWarm.toFixed(0)} MB, end of load ${rssEnd.toFixed(0)} MB, ` +
      `after each of three rounds of 20 more solves ${rounds.map((r) => r.toFixed(0)).join(', ')} MB`,
  );
  console.log(`health after the run: ${health.status}`);
  const errors = searchResult.errors + searchResult.non2xx + catalogueResult.errors + catalogueResult.non2xx + (runOutcomes.failed ?? 0);
  // Flat: sixty more solves leave memory within 10% of where the first twenty left it. RSS moves by
  // tens of MB with garbage collection in the main and worker threads; a leak climbs round on round.
  const flat = rssLast <= rssAfter * 1.1;
  console.log(`verdict: ${errors === 0 ? 'no errors' : `${errors} errors`}; memory ${flat ? 'flat after the run' : 'GREW with repeated solves'}`);
  if (errors > 0 || health.status !== 200 || !flat) process.exitCode = 1;
}

await main();
