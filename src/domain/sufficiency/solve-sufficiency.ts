/**
 * The sufficiency use case once inputs are assembled: build the networks, solve the stages in
 * order (build-model.ts states them), read the answer back. Pure apart from the LP solver, so it runs
 * the same in a worker thread, in the CLI and in tests. The inputs hash identifies the answer: two
 * runs with the same hash give the same rows whichever LP solver is used.
 */
import { toCplexLp } from '../lp/cplex-lp.js';
import { modelSize } from '../lp/linear-model.js';
import type { SolverDecision } from '../lp/solvers/choose-solver.js';
import { solveLp } from '../lp/solvers/solve.js';
import type { SolverChoice } from '../lp/solvers/solver.js';
import { buildIndependentNetwork, buildSufficiencyModel, networkNames, sharingQp, type PlacementNetwork } from './build-model.js';
import { calibrate } from './calibration.js';
import { fairShare } from './fair-share.js';
import { componentsOf, networkArrays, partArrays } from './flow-network.js';
import type { SufficiencyInputs } from './inputs.js';
import { interpretSolution } from './interpret.js';
import type { SolvedNetwork, SolvedStages } from './solved-stages.js';
import { journeyProgramme, journeyProgrammeOf, mergeAlikeRowsOf, shareTiesOf } from './journeys.js';
import { hashInputs, LP_STAGES, MODEL_VERSION, SolveFailedError, type LpStage, type RunMeta, type SufficiencyTask } from './run-identity.js';
import type { SufficiencyResult } from './result.js';

export { hashInputs, LP_STAGES, MODEL_VERSION, SolveFailedError };
export type { LpStage, RunMeta, SufficiencyTask };

export type Progress = (stage: 'building' | 'solving' | 'interpreting', detail: string) => void;
export type { SolvedNetwork, SolvedStages };

const since = (t: number) => Math.round((performance.now() - t) * 10) / 10;

/**
 * Stage 4 on a network whose rows place `placed`: per connected component, the journey LP over rows
 * merged where alike (journeys.ts), split back in proportion, then ties shared in proportion.
 */
async function journeys(
  net: PlacementNetwork,
  placed: Float64Array,
  solver: SolverChoice,
  timeLimitMs: number | undefined,
): Promise<{ flow: Float64Array; size: ReturnType<typeof modelSize>; decision: SolverDecision | null; lps: number }> {
  const whole = networkArrays(net.network);
  const merged = mergeAlikeRowsOf(whole, placed);
  const classFlow = new Float64Array(merged.network.arcCount);
  const cost = new Float64Array(merged.network.arcCount);
  // The cost of a class arc is that of any of its member arcs (identical within a locality and phase).
  for (let k = 0; k < net.arcs.length; k++) {
    const ca = merged.arcClassArc[k]!;
    if (ca >= 0) cost[ca] = net.arcs[k]!.cost;
  }
  const size = { rows: 0, variables: 0, nonZeros: 0, integerVariables: 0 };
  let decision: SolverDecision | null = null;
  let largest = -1;
  let lps = 0;
  const scratch = { rowIndex: new Int32Array(merged.network.rowCount), nodeIndex: new Int32Array(merged.network.nodeCount) };
  const names = { arc: (k: number) => `x${k}`, row: (r: number) => `r${r}`, node: (n: number) => `n${n}` };
  for (const part of componentsOf(merged.network)) {
    const sub = partArrays(merged.network, part, scratch);
    const { model, arcVariable } = journeyProgrammeOf(
      sub,
      part.rows.map((r) => merged.placed[r]!),
      part.arcs.map((k) => cost[k]!),
      names,
      'journeys',
    );
    if (model.variables.length === 0) continue;
    const solution = await solveLp(model, solver, { timeLimitMs, presolve: false });
    if (solution.status !== 'optimal') {
      throw new SolveFailedError(`the ${solution.solver} solver stopped without an optimum in the journey stage: ${solution.status}${solution.message ? ` (${solution.message})` : ''}`);
    }
    lps++;
    const s = modelSize(model);
    size.rows += s.rows;
    size.variables += s.variables;
    size.nonZeros += s.nonZeros;
    if (s.variables > largest) {
      largest = s.variables;
      decision = solution.decision;
    }
    arcVariable.forEach((v, i) => {
      if (v >= 0) classFlow[part.arcs[i]!] = Math.max(0, solution.values[v]!);
    });
  }
  // Back to the rows, in proportion to what each places.
  const flow = new Float64Array(whole.arcCount);
  for (let k = 0; k < whole.arcCount; k++) {
    const ca = merged.arcClassArc[k]!;
    if (ca < 0) continue;
    const row = whole.arcRow[k]!;
    const c = merged.rowClass[row]!;
    flow[k] = merged.placed[c]! > 0 ? (classFlow[ca]! * placed[row]!) / merged.placed[c]! : 0;
  }
  return { flow: shareTiesOf(whole, placed, flow), size, decision, lps };
}

/** Every stage, in order. */
export async function solveStages(inputs: SufficiencyInputs, solver: SolverChoice, timeLimitMs?: number): Promise<SolvedStages> {
  const stages: SolvedStages['stages'] = [];
  let t = performance.now();
  const model = buildSufficiencyModel(inputs);
  stages.push({ stage: 'build', ms: since(t), detail: `${model.state.network.rows.length} rows, ${model.state.network.nodes.length} nodes, ${model.state.network.arcs.length} arcs` });

  // Stages 1-2: the most children placed, shortfall shared in proportion.
  t = performance.now();
  const share = fairShare(model.state.network);
  stages.push({ stage: 'fair share (state places)', ms: since(t), detail: `${share.maxFlows} maximum flows` });

  // Stage 4 for state places.
  t = performance.now();
  const stateJourneys = await journeys(model.state, share.placed, solver, timeLimitMs);
  const size = stateJourneys.size;
  stages.push({
    stage: 'journeys (state places)',
    ms: since(t),
    detail: `${stateJourneys.lps} LPs, ${size.rows} rows x ${size.variables} variables in all (largest by ${stateJourneys.decision?.solver ?? 'none'})`,
  });

  // Stage 3: independent placements for the shortfall of the categories the fallback covers.
  t = performance.now();
  const shortfall = new Float64Array(model.cells.length);
  model.cells.forEach((cell, i) => {
    const r = model.stateRow[i]!;
    if (r >= 0) shortfall[i] = Math.max(0, cell.count - share.placed[r]!);
  });
  const covered = new Set(inputs.independent.categories);
  const coveredShort = model.cells.reduce((s, c, i) => s + (covered.has(c.category) ? shortfall[i]! : 0), 0);
  // A cap on independent placements is shared in proportion to shortfall (one node all rows reach).
  const capShare = inputs.independent.capacity === null || coveredShort <= 0 ? 1 : Math.min(1, inputs.independent.capacity / coveredShort);
  const independentByCell = new Float64Array(model.cells.length);
  const unmetByCell = new Float64Array(model.cells.length);
  model.cells.forEach((c, i) => {
    independentByCell[i] = covered.has(c.category) ? shortfall[i]! * capShare : 0;
    unmetByCell[i] = shortfall[i]! - independentByCell[i]!;
  });
  const indNet = buildIndependentNetwork(inputs, model, independentByCell);
  const indShare = fairShare(indNet.network);
  const indJourneys = await journeys(indNet, indShare.placed, solver, timeLimitMs);
  stages.push({ stage: 'independent places', ms: since(t), detail: `${indNet.network.rows.length} rows, ${indNet.network.arcs.length} arcs` });

  // Stage 5: outreach.
  t = performance.now();
  const outShare = fairShare(model.outreach.net.network);
  const outJourneys = await journeys(model.outreach.net, outShare.placed, solver, timeLimitMs);
  stages.push({ stage: 'outreach', ms: since(t), detail: `${model.outreach.net.network.rows.length} rows, ${model.outreach.net.network.arcs.length} arcs` });

  return {
    model,
    state: { net: model.state, placed: share.placed, binding: share.binding, flow: stateJourneys.flow },
    independent: { net: indNet, placed: indShare.placed, binding: indShare.binding, flow: indJourneys.flow },
    independentByCell,
    unmetByCell,
    outreach: { net: model.outreach.net, placed: outShare.placed, binding: outShare.binding, flow: outJourneys.flow },
    stages,
    journeyLp: { size, decision: stateJourneys.decision },
    maxFlows: share.maxFlows + indShare.maxFlows + outShare.maxFlows,
    fallbacks: share.fallbacks + indShare.fallbacks + outShare.fallbacks,
  };
}

export async function solveSufficiency(task: SufficiencyTask, progress: Progress = () => {}): Promise<SufficiencyResult> {
  const { inputs, meta } = task;
  const started = performance.now();
  progress('building', `building the ${inputs.level}-level networks`);
  if (task.maxVariables !== undefined) {
    const arcs = buildSufficiencyModel(inputs).state.network.arcs.length;
    if (arcs > task.maxVariables) {
      throw new SolveFailedError(
        `the model has ${arcs.toLocaleString('en-GB')} placement variables, more than the limit of ${task.maxVariables.toLocaleString('en-GB')} ` +
          '(SCENARIO_MAX_VARIABLES): use a coarser locality level or tighter travel limits',
      );
    }
  }
  progress('solving', 'fair share, journeys, independent places, outreach');
  const solved = await solveStages(inputs, task.solver, task.timeLimitMs);
  progress('interpreting', `solved in ${Math.round(performance.now() - started)} ms`);
  const interpreted = interpretSolution(inputs, solved);
  const warnings: string[] = [];
  if (solved.fallbacks > 0) warnings.push(`fair share: ${solved.fallbacks} step(s) kept a maximum flow's own values where rounding hid the cut (differences below 1e-6 pupils)`);
  const buildMs = solved.stages.find((s) => s.stage === 'build')?.ms ?? 0;
  const result: SufficiencyResult = {
    scenarioId: meta.scenarioId,
    scenarioName: meta.scenarioName,
    year: inputs.year,
    level: inputs.level,
    designationSet: meta.designationSet,
    solver: {
      name: solved.journeyLp.decision?.solver ?? 'highs',
      reason: solved.journeyLp.decision?.reason ?? 'nothing to solve',
      buildMs,
      solveMs: Math.round((performance.now() - started - buildMs) * 10) / 10,
      rows: solved.journeyLp.size.rows,
      variables: solved.journeyLp.size.variables,
      nonZeros: solved.journeyLp.size.nonZeros,
      stages: solved.stages,
    },
    inputsHash: task.inputsHash ?? hashInputs(inputs),
    modelVersion: MODEL_VERSION,
    ...interpreted,
    calibration: meta.observed ? calibrate(interpreted, meta.observed, meta.scenarioInputs) : null,
    scenarioInputs: meta.scenarioInputs,
    assumptions: meta.assumptions,
    notes: meta.notes,
    warnings: [...meta.warnings ?? [], ...warnings],
  };
  return result;
}

/**
 * One stage of the run as CPLEX LP text, with a header saying what it is: 'sharing' is stage 2 as a
 * QP (its unique shortfalls are the run's); the journey stages are LPs with the run's placed
 * pupils fixed (their optimum is the run's journey objective). The inputs' hash is computed unless given.
 */
export async function sufficiencyLp(
  inputs: SufficiencyInputs,
  header: string[] = [],
  stage: LpStage = 'sharing',
  options: { solver?: SolverChoice; inputsHash?: string } = {},
): Promise<string> {
  const inputsHash = options.inputsHash ?? hashInputs(inputs);
  const solver = options.solver ?? 'highs';
  const intro = (what: string[]) => [...header, `model ${MODEL_VERSION}; inputs sha256 ${inputsHash}`, ...what];
  if (stage === 'sharing') {
    const model = buildSufficiencyModel(inputs);
    const names = networkNames(inputs, model, model.state, 'state');
    const qp = sharingQp(model.state, names, `sharing_${inputs.level}_${inputs.year}`);
    const size = modelSize(qp.model);
    return toCplexLp(
      qp.model,
      intro([
        'stage 2 (fair share): minimise sum_r short_r^2 / D_r over the state placement flows; its unique short.* are the run\'s shortfalls',
        `${size.rows} rows, ${size.variables} variables, ${size.nonZeros} non-zeros`,
        'place.* = pupils placed (locality.category.phase.provision); short.* = without a suitable state place; places.* = places; reach.* = children within reach',
      ]),
      qp.quadratic,
    );
  }
  const solved = await solveStages(inputs, solver);
  const pick = stage === 'journeys' ? { s: solved.state, what: 'state' as const } : stage === 'independent-journeys' ? { s: solved.independent, what: 'independent' as const } : { s: solved.outreach, what: 'outreach' as const };
  const names = networkNames(inputs, solved.model, pick.s.net, pick.what);
  const { model } = journeyProgramme(pick.s.net.network, pick.s.placed, Float64Array.from(pick.s.net.arcs, (a) => a.cost), names, `${stage}_${inputs.level}_${inputs.year}`);
  const size = modelSize(model);
  return toCplexLp(model, intro([`stage 4 (${stage}): minimise phase-weighted journey minutes with each row's placed pupils fixed`, `${size.rows} rows, ${size.variables} variables, ${size.nonZeros} non-zeros`]));
}
