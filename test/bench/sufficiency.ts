/**
 * Build and solve time of the sufficiency model at district, MSOA and LSOA level, stage by stage
 * (build the networks, fair share, journey LPs, independent places, outreach), with each LP solver
 * choice; then the journey LPs of the MSOA model one by one with jslp and HiGHS (where 'auto' should
 * switch), and HiGHS with and without presolve on them.
 * `npm run bench:sufficiency` (builds first). RUNS=n repeats each solve (default 3; median and min).
 *
 * Demand comes from the demand model (2025, the scenario defaults); LSOA-level demand shares each
 * MSOA's among its LSOAs.
 * Baseline measured in the same run: loading HiGHS's WebAssembly plus its warm-up solve, and the
 * three-town fixture solved end to end. Then the same levels with the code from before the speed work
 * on the LSOA-level model (the test-only reference), alternating with the current code (BEFORE=0 skips).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import loadHighs from 'highs';
import { modelSize } from '../../src/domain/lp/linear-model.js';
import { JSLP_AUTO_MAX_BYTES } from '../../src/domain/lp/solvers/choose-solver.js';
import { highsSolver, loadHighsSolver } from '../../src/domain/lp/solvers/highs-solver.js';
import { jslpSolver, jslpTableauBytes } from '../../src/domain/lp/solvers/jslp-solver.js';
import { loadDataset } from '../../src/domain/dataset.js';
import { assembleInputs } from '../../src/domain/sufficiency/assemble-inputs.js';
import { demandModelSource } from '../../src/domain/sufficiency/demand-model-source.js';
import { components, fairShare } from '../../src/domain/sufficiency/fair-share.js';
import { journeyProgramme } from '../../src/domain/sufficiency/journeys.js';
import type { SufficiencyInputs } from '../../src/domain/sufficiency/inputs.js';
import { scenarioSchema } from '../../src/domain/sufficiency/scenario.js';
import { solveStages } from '../../src/domain/sufficiency/solve-sufficiency.js';
import { buildSufficiencyModel } from '../../src/domain/sufficiency/build-model.js';
import { fixtureMeta, threeTownInputs } from '../domain/sufficiency/fixtures.js';
import { solveStages as referenceSolveStages } from '../domain/sufficiency/reference/solve-stages.js';
import { solveSufficiency } from '../../src/domain/sufficiency/solve-sufficiency.js';
import { assemblePath } from '../../src/domain/sufficiency/path/assemble-path.js';
import { solvePath } from '../../src/domain/sufficiency/path/solve-path.js';

const RUNS = Number(process.env.RUNS ?? 3);
/** PATH_ONLY=1 measures the four-year horizon run alone. */
const PATH_ONLY = process.env.PATH_ONLY === '1';
/** jslp is not attempted above this tableau size here. */
const JSLP_BENCH_MAX_BYTES = 64 * 1024 * 1024;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function time<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

console.log(`sufficiency model benchmark: ${RUNS} runs per solve, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`);

// Baseline, same run.
const loadStarted = performance.now();
const highsModule = await loadHighs();
const loadMs = performance.now() - loadStarted;
await loadHighsSolver();
const fixture: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  await solveSufficiency({ inputs: threeTownInputs(), meta: fixtureMeta(), solver: 'auto' });
  fixture.push(performance.now() - t);
}
console.log(`baseline: HiGHS WebAssembly load ${ms(loadMs)}; three-town fixture end to end (all stages) ${median(fixture).toFixed(1)} ms (median of 10, warm)`);

const registry = loadDataset(resolve('models/kent'));
const demand = demandModelSource(registry);

// The four-year horizon run: the proposed designations path, 2025 to 2028, year by year with pupils
// kept in their placements (src/domain/sufficiency/path/solve-path.ts). Assembly (four years' supply,
// demand by age for each cohort's designation set) is timed apart, as for single years.
console.log('\nFour-year horizon run (scenarios/proposed-designations-2025-2028.yaml: 2025-2028, proposed designations from 2027):');
console.log('| level | assemble (4 years; first in the process) | build + solve, 4 years, median (min) | by year (median run) | result JSON | target (build + solve) |');
console.log('|---|---|---|---|---|---|');
const pathScenario = (level: 'district' | 'msoa') =>
  scenarioSchema.parse({ id: 'bench-path', name: 'bench path', level, designationSet: 'proposed', horizon: { from: 2025, to: 2028, admissionsFrom: 2027 } });
for (const level of ['district', 'msoa'] as const) {
  const cold = time(() => assemblePath(pathScenario(level), registry, { demand }));
  const assemblies: number[] = [];
  for (let i = 0; i < RUNS; i++) assemblies.push(time(() => assemblePath(pathScenario(level), registry, { demand })).ms);
  const assembled = { value: cold.value, ms: median(assemblies), coldMs: cold.ms };
  const task = { inputs: assembled.value.inputs, meta: assembled.value.meta, solver: 'auto' as const };
  await solvePath(task); // untimed: the first solve in a process compiles the code paths
  const totals: { ms: number; years: number[]; bytes: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const result = await solvePath(task);
    totals.push({ ms: performance.now() - t, years: result.solver.years.map((y) => y.ms), bytes: JSON.stringify(result).length });
  }
  const sorted = [...totals].sort((a, b) => a.ms - b.ms);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `| ${level} | ${ms(assembled.ms)} (${ms(assembled.coldMs)}) | **${ms(mid.ms)}** (${ms(sorted[0]!.ms)}) | ${mid.years.map((y) => ms(y)).join(', ')} | ${mb(mid.bytes)} | ${level === 'district' ? '< 2 s' : '< 20 s'} |`,
  );
}
if (PATH_ONLY) process.exit(0);
const inputsAt = (level: 'district' | 'msoa' | 'lsoa') =>
  time(() => assembleInputs(scenarioSchema.parse({ id: 'bench', name: 'bench', year: 2025, level }), registry, { demand }).inputs);

console.log('\n| level | solver | assemble | build | fair share | journeys (state) | independent | outreach | build + solve median (min) | state network | journey LPs |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const msoaInputs: SufficiencyInputs[] = [];
for (const level of ['district', 'msoa', 'lsoa'] as const) {
  const assembled = inputsAt(level);
  if (level === 'msoa') msoaInputs.push(assembled.value);
  for (const solver of level === 'district' ? (['highs', 'auto', 'jslp'] as const) : (['highs', 'auto'] as const)) {
    const stage: Record<string, number[]> = {};
    const totals: number[] = [];
    let detail = { network: '', lps: '' };
    // One untimed solve first: the first in a process pays for compiling the code paths.
    await solveStages(assembled.value, solver);
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const solved = await solveStages(assembled.value, solver);
      totals.push(performance.now() - t);
      for (const s of solved.stages) (stage[s.stage] ??= []).push(s.ms);
      detail = { network: solved.stages[0]!.detail, lps: solved.stages.find((s) => s.stage.startsWith('journeys'))!.detail };
    }
    const m = (name: string) => ms(median(stage[name] ?? [0]));
    console.log(
      `| ${level} | ${solver} | ${ms(assembled.ms)} | ${m('build')} | ${m('fair share (state places)')} | ${m('journeys (state places)')} | ${m('independent places')} | ${m('outreach')} | **${ms(median(totals))}** (${ms(Math.min(...totals))}) | ${detail.network} | ${detail.lps} |`,
    );
  }
}

// Before and after the speed work on the LSOA-level model (HiGHS), in this run: the code before it is
// kept as a test-only reference (test/domain/sufficiency/reference/). Runs alternate between the two,
// so both meet the same load. BEFORE=0 skips this table.
if (process.env.BEFORE !== '0') {
  console.log('\nBefore and after the speed work (HiGHS, build + solve, all stages; runs alternate):');
  console.log('| level | before: build | fair share | journeys (state) | independent | outreach | **before** median (min) | after: build | fair share | journeys (state) | independent | outreach | **after** median (min) | after / before |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const level of ['district', 'msoa', 'lsoa'] as const) {
    const inputs = inputsAt(level).value;
    const runs = { before: { stage: {} as Record<string, number[]>, totals: [] as number[] }, after: { stage: {} as Record<string, number[]>, totals: [] as number[] } };
    await referenceSolveStages(inputs, 'highs');
    await solveStages(inputs, 'highs');
    for (let i = 0; i < RUNS; i++) {
      for (const which of ['before', 'after'] as const) {
        const t = performance.now();
        const solved = await (which === 'before' ? referenceSolveStages(inputs, 'highs') : solveStages(inputs, 'highs'));
        runs[which].totals.push(performance.now() - t);
        for (const s of solved.stages) (runs[which].stage[s.stage] ??= []).push(s.ms);
      }
    }
    const cells = (which: 'before' | 'after') => {
      const m = (name: string) => ms(median(runs[which].stage[name] ?? [0]));
      const { totals } = runs[which];
      return `${m('build')} | ${m('fair share (state places)')} | ${m('journeys (state places)')} | ${m('independent places')} | ${m('outreach')} | **${ms(median(totals))}** (${ms(Math.min(...totals))})`;
    };
    console.log(`| ${level} | ${cells('before')} | ${cells('after')} | ${(median(runs.after.totals) / median(runs.before.totals)).toFixed(2)} |`);
  }
}

// The MSOA model's state journey LPs, one per connected component: jslp against HiGHS, and HiGHS without presolve.
console.log(`\nMSOA journey LPs (auto uses jslp up to a ${mb(JSLP_AUTO_MAX_BYTES)} tableau):`);
console.log('| LP | rows | variables | jslp tableau | jslp | HiGHS (presolve off) | HiGHS (presolve on) | faster |');
console.log('|---|---|---|---|---|---|---|---|');
const highs = await loadHighsSolver();
const highsPresolve = highsSolver(highsModule);
const msoa = buildSufficiencyModel(msoaInputs[0]!);
const share = fairShare(msoa.state.network);
const net = msoa.state.network;
let index = 0;
for (const part of components(net).sort((a, b) => a.arcs.length - b.arcs.length)) {
  const nodeIndex = new Map(part.nodes.map((n, i) => [n, i]));
  const rowIndex = new Map(part.rows.map((r, i) => [r, i]));
  const sub = {
    rows: part.rows.map((r) => net.rows[r]!),
    nodes: part.nodes.map((n) => ({ capacity: net.nodes[n]!.capacity, parent: net.nodes[n]!.parent < 0 ? -1 : nodeIndex.get(net.nodes[n]!.parent)! })),
    arcs: part.arcs.map((k) => ({ row: rowIndex.get(net.arcs[k]!.row)!, node: nodeIndex.get(net.arcs[k]!.node)! })),
  };
  const { model } = journeyProgramme(
    sub,
    part.rows.map((r) => share.placed[r]!),
    part.arcs.map((k) => msoa.state.arcs[k]!.cost),
    { arc: (k) => `x${k}`, row: (r) => `r${r}`, node: (n) => `n${n}` },
    'journeys',
  );
  if (!model.variables.length) continue;
  index++;
  const size = modelSize(model);
  const bytes = jslpTableauBytes(model);
  const timeOf = (f: () => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(time(f).ms);
    return median(times);
  };
  const h = timeOf(() => highs.solve(model, { presolve: false }));
  const hp = timeOf(() => highsPresolve.solve(model));
  const j = bytes <= JSLP_BENCH_MAX_BYTES ? timeOf(() => jslpSolver.solve(model)) : NaN;
  console.log(
    `| ${index} | ${size.rows} | ${size.variables} | ${mb(bytes)} | ${Number.isNaN(j) ? 'not run' : `${j.toFixed(1)} ms`} | ${h.toFixed(1)} ms | ${hp.toFixed(1)} ms | ${!Number.isNaN(j) && j <= h ? 'jslp' : 'HiGHS'} |`,
  );
}
console.log('\ntargets (HiGHS, build + solve, all stages): district < 250 ms, MSOA < 2 s, LSOA < 5 s');
