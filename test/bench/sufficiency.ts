/**
 * Build and solve time of the sufficiency model at district, MSOA and LSOA level with each solver,
 * plus a sweep of model sizes that places the jslp/HiGHS crossover used by solver 'auto'.
 * `npm run bench:sufficiency` (builds first). RUNS=n repeats each solve (default 3; median and min).
 *
 * Demand comes from the demand model (2025, the scenario defaults); LSOA-level demand shares each
 * MSOA's among its LSOAs.
 * Baseline measured in the same run: the three-town fixture (a 19-variable model) with each solver,
 * and loading HiGHS's WebAssembly plus its warm-up solve.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import loadHighs from 'highs';
import { modelSize, type LpModel } from '../../src/domain/lp/linear-model.js';
import { JSLP_AUTO_MAX_BYTES } from '../../src/domain/lp/solvers/choose-solver.js';
import { highsSolver, loadHighsSolver } from '../../src/domain/lp/solvers/highs-solver.js';
import { jslpSolver, jslpTableauBytes } from '../../src/domain/lp/solvers/jslp-solver.js';
import type { LpSolver } from '../../src/domain/lp/solvers/solver.js';
import { loadDataset } from '../../src/domain/dataset.js';
import { assembleInputs } from '../../src/domain/sufficiency/assemble-inputs.js';
import { buildSufficiencyModel } from '../../src/domain/sufficiency/build-model.js';
import type { SufficiencyInputs } from '../../src/domain/sufficiency/inputs.js';
import { scenarioSchema } from '../../src/domain/sufficiency/scenario.js';
import { threeTownInputs } from '../domain/sufficiency/fixtures.js';
import { demandModelSource } from '../../src/domain/sufficiency/demand-model-source.js';

const RUNS = Number(process.env.RUNS ?? 3);
/** jslp is not attempted above this tableau size here (MSOA needs ~1.4 GB and minutes). */
const JSLP_BENCH_MAX_BYTES = 256 * 1024 * 1024;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function time<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

function solveTimes(solver: LpSolver, model: LpModel, runs = RUNS): { median: number; min: number; objective: number } {
  const times: number[] = [];
  let objective = NaN;
  for (let i = 0; i < runs; i++) {
    const { value, ms: t } = time(() => solver.solve(model));
    if (value.status !== 'optimal') throw new Error(`${solver.name}: ${value.status}`);
    objective = value.objective;
    times.push(t);
  }
  return { median: median(times), min: Math.min(...times), objective };
}

console.log(`sufficiency model benchmark: ${RUNS} runs per solve, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`);

// Baseline, same run.
const loadStarted = performance.now();
const highsModule = await loadHighs();
const loadMs = performance.now() - loadStarted;
const firstSolve = time(() => highsSolver(highsModule).solve(buildSufficiencyModel(threeTownInputs()).model));
console.log(`baseline: HiGHS WebAssembly load ${ms(loadMs)}; first (cold) solve of the 19-variable fixture ${ms(firstSolve.ms)}`);
const highs = await loadHighsSolver();
const tiny = buildSufficiencyModel(threeTownInputs()).model;
const tinyJslp = solveTimes(jslpSolver, tiny, 20);
const tinyHighs = solveTimes(highs, tiny, 20);
console.log(`baseline: 19-variable fixture, warm: jslp ${tinyJslp.median.toFixed(2)} ms, HiGHS ${tinyHighs.median.toFixed(2)} ms (median of 20)`);

const registry = loadDataset(resolve('models/kent'));
const demand = demandModelSource(registry);
const inputsAt = (level: 'district' | 'msoa' | 'lsoa') =>
  time(() => assembleInputs(scenarioSchema.parse({ id: 'bench', name: 'bench', year: 2025, level }), registry, { demand }).inputs);

console.log('\n| level | assemble | build (median) | rows | variables | non-zeros | jslp tableau | HiGHS solve median (min) | jslp solve median (min) | build + HiGHS |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
const msoaInputs: SufficiencyInputs[] = [];
for (const level of ['district', 'msoa', 'lsoa'] as const) {
  const assembled = inputsAt(level);
  if (level === 'msoa') msoaInputs.push(assembled.value);
  const builds: number[] = [];
  let model: LpModel | undefined;
  for (let i = 0; i < RUNS; i++) {
    const b = time(() => buildSufficiencyModel(assembled.value));
    builds.push(b.ms);
    model = b.value.model;
  }
  const size = modelSize(model!);
  const bytes = jslpTableauBytes(model!);
  const h = solveTimes(highs, model!);
  let jslpCell = `skipped (tableau > ${mb(JSLP_BENCH_MAX_BYTES)})`;
  if (bytes <= JSLP_BENCH_MAX_BYTES) {
    const j = solveTimes(jslpSolver, model!, Math.min(RUNS, 2));
    const agree = Math.abs(j.objective - h.objective) / Math.max(1, Math.abs(h.objective)) < 1e-6;
    jslpCell = `${ms(j.median)} (${ms(j.min)})${agree ? '' : ' OBJECTIVE DIFFERS'}`;
  }
  console.log(
    `| ${level} | ${ms(assembled.ms)} | ${ms(median(builds))} | ${size.rows} | ${size.variables} | ${size.nonZeros} | ${mb(bytes)} | ${ms(h.median)} (${ms(h.min)}) | ${jslpCell} | ${ms(median(builds) + h.median)} |`,
  );
}

// Crossover sweep: MSOA-level models restricted to the demand of the first k localities.
console.log(`\njslp / HiGHS crossover (MSOA-level models cut to k localities; auto uses jslp up to ${mb(JSLP_AUTO_MAX_BYTES)}):`);
console.log('| localities | rows | variables | jslp tableau | jslp | HiGHS | faster |');
console.log('|---|---|---|---|---|---|---|');
const full = msoaInputs[0]!;
for (const k of [1, 2, 4, 8, 16, 32]) {
  const keep = new Set(full.localities.slice(0, k).map((l) => l.code));
  const cut: SufficiencyInputs = { ...full, demand: full.demand.filter((d) => keep.has(d.locality)), outreachDemand: full.outreachDemand.filter((d) => keep.has(d.locality)) };
  const model = buildSufficiencyModel(cut).model;
  const size = modelSize(model);
  const bytes = jslpTableauBytes(model);
  if (bytes > JSLP_BENCH_MAX_BYTES) break;
  const j = solveTimes(jslpSolver, model);
  const h = solveTimes(highs, model);
  console.log(`| ${k} | ${size.rows} | ${size.variables} | ${mb(bytes)} | ${j.median.toFixed(1)} ms | ${h.median.toFixed(1)} ms | ${j.median <= h.median ? 'jslp' : 'HiGHS'} |`);
}
console.log('\ntargets (HiGHS, build + solve): district < 250 ms, MSOA < 2 s, LSOA < 5 s');
