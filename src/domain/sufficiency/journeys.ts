/**
 * The journey stage: with each row's placed pupils fixed by the fair-share stage, place them so
 * that journeys are as short as possible, each weighted by its phase (a minute counts as a share of
 * the guideline journey for the child's age: 1/45 for primary, 1/75 for secondary and post-16, by
 * default). A linear programme, solved by any LP solver:
 *
 *   minimise   sum_a w_p(a) minutes_a x_a
 *   subject to sum_{a from r} x_a = y_r                for every row r with y_r > 0
 *              sum_{a into the subtree of n} x_a <= C_n for every node n (places, reach)
 *              x >= 0
 * (a reach node only one arc uses is written as that arc's upper bound).
 *
 * Its optimum fixes, for each locality and phase, how many of its pupils go to each provision (the
 * journeys differ from locality to locality, so that split is unique). What it leaves open is which
 * category those pupils are in where several categories of one locality use the same provision:
 * their journeys are identical, so the objective cannot choose. That split is made by one stated
 * rule, `shareTies`: within a locality and phase, the categories that use the same provisions share
 * them in proportion (the split closest to proportional, by iterative proportional fitting). So
 * every reported row is the same whichever solver or pivoting found the optimum.
 *
 * For speed the LP is solved per connected component of the network (rows that share no provision
 * are independent problems), and rows of one locality and phase that can use exactly the same nodes
 * enter it as one row (their journeys are identical): their pupils are split back in proportion,
 * which is what sharing ties in proportion gives for them anyway.
 */
import { LpModelBuilder, type LpModel } from '../lp/linear-model.js';
import { networkArrays, networkOfArrays, rowClasses, type FlowNetwork, type NetworkArrays } from './flow-network.js';

export interface JourneyNames {
  arc(a: number): string;
  row(r: number): string;
  node(n: number): string;
}

/** Rows placing less than this are left out of the journey stage (their arcs carry nothing). */
export const PLACED_TOLERANCE = 1e-9;

export interface JourneyProgramme {
  model: LpModel;
  /** LP variable of each arc, or -1 when its row places nothing. */
  arcVariable: Int32Array;
}

/**
 * The journey LP for a network whose rows place `placed` pupils, with arc costs already weighted by
 * phase. Node rows count every arc whose node lies in their subtree.
 */
export function journeyProgramme(network: FlowNetwork, placed: ArrayLike<number>, cost: ArrayLike<number>, names: JourneyNames, modelName: string): JourneyProgramme {
  return journeyProgrammeOf(networkArrays(network), placed, cost, names, modelName);
}

/** `journeyProgramme` on a network's arrays: the same LP, variable for variable and row for row. */
export function journeyProgrammeOf(network: NetworkArrays, placed: ArrayLike<number>, cost: ArrayLike<number>, names: JourneyNames, modelName: string): JourneyProgramme {
  const b = new LpModelBuilder(modelName);
  const { arcRow, arcNode, parent, capacity, arcCount, rowCount, nodeCount } = network;
  const carries = (k: number) => placed[arcRow[k]!]! > PLACED_TOLERANCE;
  // A leaf node (no node below it) that only one arc uses is a bound on that arc, not a row: the
  // reach nodes of a locality used by one row are most of the nodes at fine levels.
  const hasChild = new Uint8Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) if (parent[n]! >= 0) hasChild[parent[n]!] = 1;
  const arcsAt = new Int32Array(nodeCount);
  for (let k = 0; k < arcCount; k++) if (carries(k)) arcsAt[arcNode[k]!]!++;
  const boundOnly = new Uint8Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) boundOnly[n] = !hasChild[n] && arcsAt[n] === 1 && capacity[n]! < Infinity ? 1 : 0;
  const arcVariable = new Int32Array(arcCount).fill(-1);
  const rowVars: number[][] = Array.from({ length: rowCount }, () => []);
  const nodeVars: number[][] = Array.from({ length: nodeCount }, () => []);
  for (let k = 0; k < arcCount; k++) {
    if (!carries(k)) continue;
    const node = arcNode[k]!;
    const v = b.addVariable(names.arc(k), cost[k]!, boundOnly[node] ? { upper: capacity[node]! } : {});
    arcVariable[k] = v;
    rowVars[arcRow[k]!]!.push(v);
    for (let n = node; n >= 0; n = parent[n]!) if (!boundOnly[n]) nodeVars[n]!.push(v);
  }
  for (let r = 0; r < rowCount; r++) {
    const vars = rowVars[r]!;
    if (vars.length) b.addRow(names.row(r), 'eq', placed[r]!, vars, ones(vars.length));
  }
  for (let n = 0; n < nodeCount; n++) {
    const vars = nodeVars[n]!;
    if (vars.length && capacity[n]! < Infinity) b.addRow(names.node(n), 'le', capacity[n]!, vars, ones(vars.length));
  }
  return { model: b.build(), arcVariable };
}

const ones = (n: number): number[] => new Array<number>(n).fill(1);

/**
 * The network's rows merged into classes: rows of one group whose arcs reach exactly the same nodes.
 * Returns the class network (one arc per class and node), each row's class and each arc's class arc.
 */
export function mergeAlikeRows(network: FlowNetwork, placed: ArrayLike<number>): { network: FlowNetwork; placed: Float64Array; rowClass: Int32Array; arcClassArc: Int32Array } {
  const merged = mergeAlikeRowsOf(networkArrays(network), placed);
  return { ...merged, network: networkOfArrays(merged.network) };
}

/** `mergeAlikeRows` on a network's arrays. */
export function mergeAlikeRowsOf(
  network: NetworkArrays,
  placed: ArrayLike<number>,
): { network: NetworkArrays; placed: Float64Array; rowClass: Int32Array; arcClassArc: Int32Array } {
  const { rowCount, arcCount: K, arcRow, arcNode } = network;
  const arcCount = new Int32Array(rowCount);
  for (let k = 0; k < K; k++) arcCount[arcRow[k]!]!++;
  const { rowClass, classCount, firstRow, rowStart, rowNodes } = rowClasses(
    network,
    (r) => placed[r]! > PLACED_TOLERANCE && arcCount[r]! > 0,
    () => 0,
  );
  const demand = new Float64Array(classCount);
  const limit = new Float64Array(classCount);
  const group = new Int32Array(classCount);
  for (let c = 0; c < classCount; c++) group[c] = network.group[firstRow[c]!]!;
  const classPlaced = new Float64Array(classCount);
  for (let r = 0; r < rowCount; r++) {
    const c = rowClass[r]!;
    if (c < 0) continue;
    demand[c]! += network.demand[r]!;
    limit[c]! += Math.min(network.limit[r]!, network.demand[r]!);
    classPlaced[c]! += placed[r]!;
  }
  // One arc per class and node, in the order of the class's sorted nodes.
  const classArcStart = new Int32Array(classCount + 1);
  for (let c = 0; c < classCount; c++) classArcStart[c + 1] = classArcStart[c]! + rowStart[firstRow[c]! + 1]! - rowStart[firstRow[c]!]!;
  const mergedArcs = classArcStart[classCount]!;
  const mergedRow = new Int32Array(mergedArcs);
  const mergedNode = new Int32Array(mergedArcs);
  for (let c = 0; c < classCount; c++) {
    const r = firstRow[c]!;
    for (let i = rowStart[r]!, k = classArcStart[c]!; i < rowStart[r + 1]!; i++, k++) {
      mergedRow[k] = c;
      mergedNode[k] = rowNodes[i]!;
    }
  }
  // An arc's class arc: where its node is in the class's sorted nodes (the last place, if twice).
  const arcClassArc = new Int32Array(K).fill(-1);
  for (let k = 0; k < K; k++) {
    const c = rowClass[arcRow[k]!]!;
    if (c < 0) continue;
    const r = firstRow[c]!;
    const node = arcNode[k]!;
    let lo = rowStart[r]!;
    let hi = rowStart[r + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rowNodes[mid]! <= node) lo = mid + 1;
      else hi = mid;
    }
    arcClassArc[k] = classArcStart[c]! + (lo - 1 - rowStart[r]!);
  }
  return {
    network: { ...network, rowCount: classCount, demand, limit, group, arcCount: mergedArcs, arcRow: mergedRow, arcNode: mergedNode },
    placed: classPlaced,
    rowClass,
    arcClassArc,
  };
}

/**
 * Splits each locality-and-phase group's pupils at each node among its rows (categories) in
 * proportion, keeping every row's total and every node's total from the LP: the split closest to an
 * even one (maximum entropy), by iterative proportional fitting over the arcs that can carry pupils
 * at all. Which arcs can is a property of the totals, not of the solver's vertex: an arc with no
 * flow in the LP's answer can carry some exactly when an alternating cycle through it exists (from
 * its node back to its row: to a row using that node, to any node that row can use, ... ). Fitting
 * on those arcs converges fast (an interior point exists) and depends only on the totals.
 */
export function shareTies(network: FlowNetwork, placed: ArrayLike<number>, arcFlow: ArrayLike<number>, maxIterations = 1000): Float64Array {
  return shareTiesOf(networkArrays(network), placed, arcFlow, maxIterations);
}

/** `shareTies` on a network's arrays. */
export function shareTiesOf(network: NetworkArrays, placed: ArrayLike<number>, arcFlow: ArrayLike<number>, maxIterations = 1000): Float64Array {
  const out = Float64Array.from(arcFlow);
  const { rowCount, nodeCount, arcCount, arcRow, arcNode } = network;
  // The arcs of each group, groups in order of first appearance, arcs in increasing order.
  const groupOf = new Map<number, number>();
  const rowGroup = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    let g = groupOf.get(network.group[r]!);
    if (g === undefined) groupOf.set(network.group[r]!, (g = groupOf.size));
    rowGroup[r] = g;
  }
  const groupSize = new Int32Array(groupOf.size);
  const groupOrder: number[] = [];
  for (let k = 0; k < arcCount; k++) {
    const g = rowGroup[arcRow[k]!]!;
    if (groupSize[g]!++ === 0) groupOrder.push(g);
  }
  const groupStart = new Int32Array(groupOf.size);
  let at = 0;
  for (const g of groupOrder) {
    groupStart[g] = at;
    at += groupSize[g]!;
  }
  const byGroup = new Int32Array(arcCount);
  const fill = groupStart.slice();
  for (let k = 0; k < arcCount; k++) byGroup[fill[rowGroup[arcRow[k]!]!]!++] = k;
  // Local numbers of a group's rows and nodes, in order of first appearance (-1: not in the group).
  const rowLocal = new Int32Array(rowCount).fill(-1);
  const nodeLocal = new Int32Array(nodeCount).fill(-1);
  for (const g of groupOrder) {
    const from = groupStart[g]!;
    const count = groupSize[g]!;
    const arcs = byGroup.subarray(from, from + count);
    let R = 0;
    let N = 0;
    const ar = new Int32Array(count);
    const an = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const row = arcRow[arcs[i]!]!;
      const node = arcNode[arcs[i]!]!;
      if (rowLocal[row]! < 0) rowLocal[row] = R++;
      if (nodeLocal[node]! < 0) nodeLocal[node] = N++;
      ar[i] = rowLocal[row]!;
      an[i] = nodeLocal[node]!;
    }
    const rowsOfGroup = new Int32Array(R);
    for (let i = 0; i < count; i++) {
      const row = arcRow[arcs[i]!]!;
      rowsOfGroup[ar[i]!] = row;
      rowLocal[row] = -1;
      nodeLocal[arcNode[arcs[i]!]!] = -1;
    }
    if (R < 2) continue;
    const nodeRows = new Int32Array(N);
    for (let i = 0; i < count; i++) nodeRows[an[i]!]!++;
    // Only nodes used by two or more rows leave anything to decide.
    if (!nodeRows.some((c) => c > 1)) continue;

    const rowTarget = new Float64Array(R);
    for (let i = 0; i < R; i++) {
      const r = rowsOfGroup[i]!;
      rowTarget[i] = placed[r]! > PLACED_TOLERANCE ? placed[r]! : 0;
    }
    const nodeTarget = new Float64Array(N);
    const lp = new Float64Array(count);
    for (let i = 0; i < count; i++) lp[i] = arcFlow[arcs[i]!]!;
    for (let i = 0; i < count; i++) nodeTarget[an[i]!]! += lp[i]!;
    if (nodeRows.every((c) => c === R)) {
      // Every row can use every node: the split in proportion is exact, no fitting needed.
      const all = rowTarget.reduce((t, v) => t + v, 0);
      for (let i = 0; i < count; i++) out[arcs[i]!] = all > 0 ? (nodeTarget[an[i]!]! * rowTarget[ar[i]!]!) / all : 0;
      continue;
    }
    let scale = 1e-12;
    for (let i = 0; i < R; i++) if (rowTarget[i]! > scale) scale = rowTarget[i]!;
    const positive = (i: number) => lp[i]! > 1e-9 * scale;

    // Arcs that can carry pupils: positive in the LP's answer, or on an alternating cycle, that is
    // with their row and node in one strongly connected component of the graph with an edge
    // row -> node for every arc and node -> row for every arc with flow.
    const support = new Uint8Array(count);
    const comp = stronglyConnected(R, N, count, (i) => ar[i]!, (i) => an[i]!, (i) => positive(i));
    for (let i = 0; i < count; i++) {
      if (positive(i)) support[i] = 1;
      else if (nodeTarget[an[i]!]! > 1e-9 * scale && rowTarget[ar[i]!]! > 1e-9 * scale && comp[ar[i]!] === comp[R + an[i]!]) support[i] = 1;
    }

    // Proportional fitting on the support, from an even start at each node.
    const x = new Float64Array(count);
    const supportCount = new Int32Array(N);
    for (let i = 0; i < count; i++) if (support[i]) supportCount[an[i]!]!++;
    for (let i = 0; i < count; i++) if (support[i]) x[i] = nodeTarget[an[i]!]! / supportCount[an[i]!]!;
    const rowSum = new Float64Array(R);
    const nodeSum = new Float64Array(N);
    let it = 0;
    for (; it < maxIterations; it++) {
      rowSum.fill(0);
      for (let i = 0; i < count; i++) rowSum[ar[i]!]! += x[i]!;
      let worst = 0;
      for (let r = 0; r < R; r++) worst = Math.max(worst, Math.abs(rowSum[r]! - rowTarget[r]!));
      if (worst <= 1e-10 * scale) break;
      for (let i = 0; i < count; i++) if (rowSum[ar[i]!]! > 0) x[i] = (x[i]! * rowTarget[ar[i]!]!) / rowSum[ar[i]!]!;
      nodeSum.fill(0);
      for (let i = 0; i < count; i++) nodeSum[an[i]!]! += x[i]!;
      for (let i = 0; i < count; i++) if (nodeSum[an[i]!]! > 0) x[i] = (x[i]! * nodeTarget[an[i]!]!) / nodeSum[an[i]!]!;
    }
    for (let i = 0; i < count; i++) out[arcs[i]!] = x[i]!;
  }
  return out;
}

/**
 * Strongly connected components (Tarjan, iterative) of a small bipartite graph: vertices 0..R-1
 * (rows) and R..R+N-1 (nodes); each arc i gives row -> node, and node -> row when back(i).
 */
function stronglyConnected(R: number, N: number, arcCount: number, row: (i: number) => number, node: (i: number) => number, back: (i: number) => boolean): Int32Array {
  const V = R + N;
  const adj: number[][] = Array.from({ length: V }, () => []);
  for (let i = 0; i < arcCount; i++) {
    adj[row(i)]!.push(R + node(i));
    if (back(i)) adj[R + node(i)]!.push(row(i));
  }
  const index = new Int32Array(V).fill(-1);
  const low = new Int32Array(V);
  const comp = new Int32Array(V).fill(-1);
  const onStack = new Uint8Array(V);
  const stack: number[] = [];
  let counter = 0;
  let comps = 0;
  for (let s = 0; s < V; s++) {
    if (index[s] !== -1) continue;
    const work: [number, number][] = [[s, 0]];
    index[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = 1;
    while (work.length) {
      const top = work[work.length - 1]!;
      const [v, i] = top;
      if (i < adj[v]!.length) {
        top[1]++;
        const w = adj[v]![i]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = comps;
          if (w === v) break;
        }
        comps++;
      }
    }
  }
  return comp;
}
