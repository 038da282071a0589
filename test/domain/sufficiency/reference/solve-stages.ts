/**
 * REFERENCE, not product code: solveStages of solve-sufficiency.ts as it was before the speed work
 * on the LSOA-level model (commit 2a8e002), kept only so that same-results.test.ts can show that
 * the faster code gives the same answer, bit for bit, in the same test run. Only imports (and a
 * type or two) are changed. When the model's answer is changed on purpose, delete this folder and
 * that test.
 */
import { modelSize } from '../../../../src/domain/lp/linear-model.js';
import type { SolverDecision } from '../../../../src/domain/lp/solvers/choose-solver.js';
import { solveLp } from '../../../../src/domain/lp/solvers/solve.js';
import type { SolverChoice } from '../../../../src/domain/lp/solvers/solver.js';
import type { PlacementNetwork } from '../../../../src/domain/sufficiency/build-model.js';
import type { SufficiencyInputs } from '../../../../src/domain/sufficiency/inputs.js';
import { SolveFailedError } from '../../../../src/domain/sufficiency/run-identity.js';
import type { SolvedStages } from '../../../../src/domain/sufficiency/solved-stages.js';
import { buildIndependentNetwork, buildSufficiencyModel } from './build-model.js';
import { components, fairShare } from './fair-share.js';
import { journeyProgramme, mergeAlikeRows, shareTies } from './journeys.js';

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
  const merged = mergeAlikeRows(net.network, placed);
  const classFlow = new Float64Array(merged.network.arcs.length);
  const cost = new Float64Array(merged.network.arcs.length);
  // The cost of a class arc is that of any of its member arcs (identical within a locality and phase).
  net.network.arcs.forEach((_, k) => {
    const ca = merged.arcClassArc[k]!;
    if (ca >= 0) cost[ca] = net.arcs[k]!.cost;
  });
  const size = { rows: 0, variables: 0, nonZeros: 0, integerVariables: 0 };
  let decision: SolverDecision | null = null;
  let largest = -1;
  let lps = 0;
  for (const part of components(merged.network)) {
    const nodeIndex = new Map(part.nodes.map((n, i) => [n, i]));
    const rowIndex = new Map(part.rows.map((r, i) => [r, i]));
    const sub = {
      rows: part.rows.map((r) => merged.network.rows[r]!),
      nodes: part.nodes.map((n) => ({ capacity: merged.network.nodes[n]!.capacity, parent: merged.network.nodes[n]!.parent < 0 ? -1 : nodeIndex.get(merged.network.nodes[n]!.parent)! })),
      arcs: part.arcs.map((k) => ({ row: rowIndex.get(merged.network.arcs[k]!.row)!, node: nodeIndex.get(merged.network.arcs[k]!.node)! })),
    };
    const names = { arc: (k: number) => `x${k}`, row: (r: number) => `r${r}`, node: (n: number) => `n${n}` };
    const { model, arcVariable } = journeyProgramme(
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
  const flow = new Float64Array(net.arcs.length);
  net.network.arcs.forEach((a, k) => {
    const ca = merged.arcClassArc[k]!;
    if (ca < 0) return;
    const c = merged.rowClass[a.row]!;
    flow[k] = merged.placed[c]! > 0 ? (classFlow[ca]! * placed[a.row]!) / merged.placed[c]! : 0;
  });
  return { flow: shareTies(net.network, placed, flow), size, decision, lps };
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
    // The reference Reach is the old class: the same answers, another type (interpretation never reads it).
    model: model as unknown as SolvedStages['model'],
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

