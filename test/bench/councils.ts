/**
 * What preparing and loading councils costs, for the README's note on running every English council:
 * `npm run bench:councils [-- Medway Camden Hertfordshire Essex]` prepares each council from the
 * national files (../shared/data/raw) into a temporary folder, in this process (the national files
 * read once per council, as `npm run prepare-data -- --la` does), then loads each dataset and reports
 * the time and the heap it holds, against Kent's as the baseline measured in the same run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDataset } from '../../src/domain/dataset.js';
import { prepareCouncilData } from '../../src/tools/prepare-council-data.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const RAW = resolve(ROOT, '../shared/data/raw');
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['Medway', 'Camden', 'Hertfordshire', 'Essex'];
const out = mkdtempSync(join(tmpdir(), 'planner-bench-councils-'));

const heapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};

const rows: { name: string; prepareMs: number; loadMs: number; heapMb: number; schools: number; lsoas: number }[] = [];
const kentStart = performance.now();
const before = heapMb();
const kent = loadDataset(join(ROOT, 'models/kent'));
const kentRow = { name: 'Kent (shipped)', prepareMs: NaN, loadMs: performance.now() - kentStart, heapMb: heapMb() - before, schools: kent.schools.length, lsoas: kent.lsoas.size };
const held = [kent];
for (const name of names) {
  const t0 = performance.now();
  const summary = prepareCouncilData({ la: name, raw: RAW, modelsDir: join(ROOT, 'models'), out: join(out, name) });
  const prepareMs = performance.now() - t0;
  const h0 = heapMb();
  const t1 = performance.now();
  const registry = loadDataset(summary.out);
  const loadMs = performance.now() - t1;
  held.push(registry);
  rows.push({ name, prepareMs, loadMs, heapMb: heapMb() - h0, schools: registry.schools.length, lsoas: registry.lsoas.size });
}
const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(`councils prepared into ${out}; ${held.length} registries held (heap measured ${(globalThis as { gc?: unknown }).gc ? 'after gc' : 'without --expose-gc: rough'})`);
console.log('council | prepare (ms) | load (ms) | load / Kent | heap (MB) | schools | LSOAs');
for (const r of [kentRow, ...rows]) {
  console.log(`${r.name} | ${fmt(r.prepareMs)} | ${fmt(r.loadMs)} | ${fmt(r.loadMs / kentRow.loadMs, 2)} | ${fmt(r.heapMb, 1)} | ${r.schools} | ${r.lsoas}`);
}
const perLsoaMs = rows.reduce((s, r) => s + r.loadMs, 0) / rows.reduce((s, r) => s + r.lsoas, 0);
const perCouncilPrepare = rows.reduce((s, r) => s + r.prepareMs, 0) / rows.length;
console.log(`mean prepare ${fmt(perCouncilPrepare)} ms a council; load ${fmt(perLsoaMs, 2)} ms an LSOA (England: about 33,750 LSOAs in 152 councils)`);
console.log(`extrapolated: prepare all ~152 councils ${fmt((perCouncilPrepare * 152) / 60000, 1)} min; load them all ${fmt((perLsoaMs * 33750) / 1000, 1)} s`);
