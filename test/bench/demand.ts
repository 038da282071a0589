/**
 * What the demand model costs: at start-up (loading and validating its files, against the rest of
 * the registry measured in the same run), per request (EHCP counts, provision demand, GET /demand),
 * and the server's time to listen. `npm run bench:demand` (builds first). Not run by `npm test`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { loadDemandInputs } from '../../src/domain/demand/load-demand-inputs.js';
import { applyPathwayOverride, buildDesignationDemand, countyWeights, designationDemand, ehcpCounts, provisionDemand } from '../../src/domain/demand/index.js';
import { loadDataset } from '../../src/domain/dataset.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const KENT = join(ROOT, 'models/kent');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (n: number, f: () => unknown) =>
  Array.from({ length: n }, () => {
    const t = performance.now();
    f();
    return performance.now() - t;
  });
const ms = (x: number) => `${x.toFixed(1)} ms`;

const registryRuns = time(15, () => loadDataset(KENT));
const registry = loadDataset(KENT);
const demandRuns = time(15, () => loadDemandInputs(KENT, registry));
console.log(`loadDataset (whole dataset, demand included): median ${ms(median(registryRuns))} over 15`);
console.log(`  of which loadDemandInputs:                   median ${ms(median(demandRuns))} (${((100 * median(demandRuns)) / median(registryRuns)).toFixed(0)}%)`);

const inputs = registry.demand;
console.log(`designation demand (need profiles through the admission rules, built once per registry): median ${ms(median(time(5, () => buildDesignationDemand(registry))))}`);
console.log(`ehcpCounts 2028 district: median ${ms(median(time(50, () => ehcpCounts(inputs, { year: 2028, level: 'district' }))))}`);
console.log(`ehcpCounts 2028 msoa:     median ${ms(median(time(50, () => ehcpCounts(inputs, { year: 2028, level: 'msoa' }))))}`);
const msoaCounts = ehcpCounts(inputs, { year: 2028, level: 'msoa' });
console.log(`provisionDemand 2028 msoa (${msoaCounts.length} count rows): median ${ms(median(time(50, () => provisionDemand(msoaCounts, designationDemand(registry).matrices.current))))}`);
const weights = countyWeights(msoaCounts);
console.log(
  `inclusion-target override: median ${ms(median(time(50, () => applyPathwayOverride(designationDemand(registry).matrices.current, { kind: 'inclusion-target', mainstreamShare: 0.436 }, weights))))}`,
);

const app = await buildApp({
  config: loadConfig({ MODELS_DIR: KENT, DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-demand-')), LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }),
  registry,
});
const inject = async (url: string) => {
  const t = performance.now();
  const res = await app.inject(url);
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  return performance.now() - t;
};
for (const url of ['/demand', '/demand?year=2028&level=msoa', '/demand?year=2028&level=msoa&format=csv']) {
  const runs: number[] = [];
  for (let i = 0; i < 30; i++) runs.push(await inject(url));
  console.log(`GET ${url}: median ${ms(median(runs))} over 30`);
}
await app.close();

// The server's own start-up figure (process start to listening), five fresh processes.
const startups: { startupMs: number; uptimeMs: number; datasetLoadMs: number }[] = [];
for (let i = 0; i < 5; i++) {
  startups.push(
    await new Promise((done, fail) => {
      const child = spawn(process.execPath, [join(ROOT, 'dist/src/server.js')], {
        env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-demand-')), MODELS_DIR: KENT },
      });
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const line = out.split('\n').find((l) => l.includes('"ready"'));
        if (line) {
          const d = JSON.parse(line);
          child.kill('SIGTERM');
          done({ startupMs: d.startupMs, uptimeMs: d.processUptimeMs, datasetLoadMs: d.datasetLoadMs });
        }
      });
      child.on('exit', (code) => (code && code !== 0 ? fail(new Error(`server exited ${code}`)) : undefined));
    }),
  );
}
console.log(
  `server start (5 processes): median main() to listening ${median(startups.map((s) => s.startupMs))} ms, process uptime at ready ${median(
    startups.map((s) => s.uptimeMs),
  )} ms, dataset load ${median(startups.map((s) => s.datasetLoadMs))} ms`,
);
