/**
 * HiGHS adapter (WebAssembly build of the HiGHS solver). The model is passed as sparse arrays
 * (CSR), not LP text, so nothing is parsed. Loading the WebAssembly module is asynchronous and the
 * first solve in a process is slow, so `loadHighsSolver()` loads once, warms it with a tiny model
 * and caches the result; solves are then synchronous.
 */
import loadHighs, { type Highs } from 'highs';
import type { LpModel } from '../linear-model.js';
import type { LpSession, LpSolution, LpSolver, LpStatus, MipProgress, SolveOptions } from './solver.js';

let loading: Promise<LpSolver<'highs'>> | undefined;

let module: Promise<Highs> | undefined;

/** The HiGHS solver, loaded and warmed once per thread. */
export function loadHighsSolver(): Promise<LpSolver<'highs'>> {
  return (loading ??= loadHighsModule().then((highs) => {
    const solver = highsSolver(highs);
    warm(solver);
    return solver;
  }));
}

/** The HiGHS module, loaded once per thread: for a solver with its own hooks (highsSolver). */
export function loadHighsModule(): Promise<Highs> {
  return (module ??= loadHighs());
}

/** One tiny solve: the first solve in a process pays for compiling HiGHS's code paths. */
function warm(solver: LpSolver<'highs'>) {
  solver.solve({
    name: 'warm',
    variables: [
      { name: 'x', cost: 1, lower: 0, upper: Infinity, integer: false },
      { name: 'y', cost: 2, lower: 0, upper: Infinity, integer: false },
    ],
    rows: [{ name: 'r', sense: 'ge', rhs: 1, vars: [0, 1], coefs: [1, 1] }],
  });
}

type HighsModel = ReturnType<Highs['createModel']>;

/** Bound, gap and nodes of the last MIP solve, read from HiGHS's info items. */
function mipProgress(highs: Highs, hm: HighsModel): MipProgress {
  const read = (name: string): number => {
    try {
      return Number(hm.info.get(name));
    } catch {
      return NaN; // not available for this solve
    }
  };
  const feasible = read('primal_solution_status') === highs.constants.solutionStatus.feasible;
  const bound = read('mip_dual_bound');
  const gap = read('mip_gap');
  return {
    feasible,
    bound: Number.isFinite(bound) ? bound : -Infinity,
    gap: feasible && Number.isFinite(gap) ? gap : Infinity,
    nodes: read('mip_node_count') || 0,
  };
}

function statusOf(highs: Highs, code: number): LpStatus {
  const s = highs.constants.modelStatus;
  if (code === s.optimal || code === s.empty) return 'optimal';
  if (code === s.infeasible) return 'infeasible';
  if (code === s.unbounded || code === s.unboundedOrInfeasible) return 'unbounded';
  if (code === s.timeLimit || code === s.interrupted || code === s.iterationLimit) return 'time-limit';
  return 'error';
}

/**
 * Options for every solve. Devex pricing in the dual simplex (instead of the default steepest edge)
 * solved this project's transportation models 2-5x faster on the Kent district, MSOA and LSOA models
 * (see test/bench/RESULTS.md), with the same optimum.
 */
export const HIGHS_OPTIONS = { simplex_dual_edge_weight_strategy: 1 } as const;

/** The model as HiGHS takes it: sparse rows (CSR), bounds with HiGHS's infinity. */
function createHighsModel(highs: Highs, model: LpModel): { hm: HighsModel; integer: boolean } {
  const numCols = model.variables.length;
  const numRows = model.rows.length;
  const inf = highs.infinity;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  let integer = false;
  model.variables.forEach((v, j) => {
    colCost[j] = v.cost;
    colLower[j] = v.lower;
    colUpper[j] = v.upper === Infinity ? inf : v.upper;
    if (v.integer) integer = true;
  });
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  let nnz = 0;
  for (const row of model.rows) nnz += row.vars.length;
  const starts = new Int32Array(numRows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  model.rows.forEach((row, i) => {
    rowLower[i] = row.sense === 'le' ? -inf : row.rhs;
    rowUpper[i] = row.sense === 'ge' ? inf : row.rhs;
    starts[i] = k;
    for (let t = 0; t < row.vars.length; t++) {
      indices[k] = row.vars[t]!;
      values[k] = row.coefs[t]!;
      k++;
    }
  });
  starts[numRows] = k;
  const hm = highs.createModel({
    numCols,
    numRows,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows, numCols, starts, indices, values },
    ...(integer ? { integrality: Int32Array.from(model.variables, (v) => (v.integer ? 1 : 0)) } : {}),
  });
  return { hm, integer };
}

/** What a MIP solve has proven so far, while it runs: the relative gap and the seconds it has taken. */
export interface MipSoFar {
  gap: number;
  seconds: number;
}

/** Calls made while a solve runs (from HiGHS's own thread, synchronously: keep them short). */
export interface HighsHooks {
  /**
   * At HiGHS's MIP checkpoints and at each better solution it finds: the gap so far (Infinity until
   * it has both a solution and a bound). A MIP HiGHS proves at its root node passes only a few.
   */
  onMipProgress?: (progress: MipSoFar) => void;
}

/** Runs a loaded model with the options and reads the answer. */
function runHighs(
  highs: Highs,
  hm: HighsModel,
  integer: boolean,
  numCols: number,
  options: SolveOptions,
  extraOptions: Record<string, string | number | boolean>,
  started: number,
  hooks: HighsHooks,
): LpSolution & { solver: 'highs' } {
  hm.options.set({
    output_flag: false,
    ...HIGHS_OPTIONS,
    ...extraOptions,
    // Set on every run: a session's model keeps options from its last solve (1e30 s: HiGHS's default, no limit).
    time_limit: options.timeLimitMs ? options.timeLimitMs / 1000 : 1e30,
    ...(integer && options.relativeGap !== undefined ? { mip_rel_gap: options.relativeGap } : {}),
    presolve: options.presolve === false ? 'off' : 'choose',
  });
  if (integer && options.start) hm.setSolution({ colValue: Float64Array.from(options.start) });
  const onMip = integer ? hooks.onMipProgress : undefined;
  const report = (event: { data: { mip_gap?: number; running_time?: number } }): undefined => {
    onMip!({ gap: event.data.mip_gap ?? Infinity, seconds: event.data.running_time ?? 0 });
  };
  // HiGHS's periodic MIP checkpoints, and each better plan it finds (a small MIP may pass few checkpoints).
  hm.run(onMip ? { [highs.constants.callbackType.mipInterrupt]: report, [highs.constants.callbackType.mipImprovingSolution]: report } : undefined);
  const status = statusOf(highs, hm.getModelStatus());
  const solveMs = performance.now() - started;
  const mip = integer ? mipProgress(highs, hm) : undefined;
  // A MIP stopped by the time limit keeps its best solution: that is a plan with a proven gap.
  const usable = status === 'optimal' || (status === 'time-limit' && mip?.feasible === true);
  if (!usable) {
    return {
      status,
      objective: NaN,
      values: new Float64Array(numCols),
      rowDuals: null,
      solver: 'highs',
      solveMs,
      message: `HiGHS: ${status}`,
      ...(mip ? { mip } : {}),
    };
  }
  const solution = hm.getSolution();
  return {
    status,
    objective: hm.getObjectiveValue(),
    values: Float64Array.from(solution.colValue),
    rowDuals: integer ? null : Float64Array.from(solution.rowDual),
    solver: 'highs',
    solveMs,
    ...(status === 'time-limit' ? { message: 'HiGHS: time limit reached; the best solution found so far, with its proven gap' } : {}),
    ...(mip ? { mip } : {}),
  };
}

export function highsSolver(highs: Highs, extraOptions: Record<string, string | number | boolean> = {}, hooks: HighsHooks = {}): LpSolver<'highs'> {
  return {
    name: 'highs',
    solve(model: LpModel, options: SolveOptions = {}): LpSolution & { solver: 'highs' } {
      const started = performance.now();
      const { hm, integer } = createHighsModel(highs, model);
      try {
        return runHighs(highs, hm, integer, model.variables.length, options, extraOptions, started, hooks);
      } finally {
        hm.dispose();
      }
    },
    /** The model stays loaded; each solve after the first starts from the last basis (HiGHS's hot start). */
    open(model: LpModel): LpSession {
      const { hm, integer } = createHighsModel(highs, model);
      const inf = highs.infinity;
      return {
        setBounds(variable, lower, upper) {
          hm.changeColBounds(variable, lower, upper === Infinity ? inf : upper);
        },
        solve: (options = {}) => runHighs(highs, hm, integer, model.variables.length, options, extraOptions, performance.now(), hooks),
        close: () => hm.dispose(),
      };
    },
  };
}
