/**
 * REFERENCE, not product code: journeys.ts as it was before the speed work on the LSOA-level model
 * (commit 2a8e002), kept only so that same-results.test.ts can show that the faster code gives the
 * same answer, bit for bit, in the same test run. Only imports (and a type or two) are changed.
 * When the model's answer is changed on purpose, delete this folder and that test.
 */
import { LpModelBuilder, type LpModel } from '../../../../src/domain/lp/linear-model.js';
import type { FlowNetwork } from './flow-network.js';

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
  const b = new LpModelBuilder(modelName);
  const carries = (k: number) => placed[network.arcs[k]!.row]! > PLACED_TOLERANCE;
  // A leaf node (no node below it) that only one arc uses is a bound on that arc, not a row: the
  // reach nodes of a locality used by one row are most of the nodes at fine levels.
  const hasChild = new Uint8Array(network.nodes.length);
  for (const node of network.nodes) if (node.parent >= 0) hasChild[node.parent] = 1;
  const arcsAt = new Int32Array(network.nodes.length);
  network.arcs.forEach((a, k) => {
    if (carries(k)) arcsAt[a.node]!++;
  });
  const boundOnly = (n: number) => !hasChild[n] && arcsAt[n] === 1 && network.nodes[n]!.capacity < Infinity;
  const arcVariable = new Int32Array(network.arcs.length).fill(-1);
  const rowVars: number[][] = network.rows.map(() => []);
  const nodeVars: number[][] = network.nodes.map(() => []);
  network.arcs.forEach((a, k) => {
    if (!carries(k)) return;
    const v = b.addVariable(names.arc(k), cost[k]!, boundOnly(a.node) ? { upper: network.nodes[a.node]!.capacity } : {});
    arcVariable[k] = v;
    rowVars[a.row]!.push(v);
    for (let n = a.node; n >= 0; n = network.nodes[n]!.parent) if (!boundOnly(n)) nodeVars[n]!.push(v);
  });
  network.rows.forEach((_, r) => {
    const vars = rowVars[r]!;
    if (vars.length) b.addRow(names.row(r), 'eq', placed[r]!, vars, vars.map(() => 1));
  });
  network.nodes.forEach((node, n) => {
    const vars = nodeVars[n]!;
    if (vars.length && node.capacity < Infinity) b.addRow(names.node(n), 'le', node.capacity, vars, vars.map(() => 1));
  });
  return { model: b.build(), arcVariable };
}

/**
 * The network's rows merged into classes: rows of one group whose arcs reach exactly the same nodes.
 * Returns the class network (one arc per class and node), each row's class and each arc's class arc.
 */
export function mergeAlikeRows(network: FlowNetwork, placed: ArrayLike<number>): { network: FlowNetwork; placed: Float64Array; rowClass: Int32Array; arcClassArc: Int32Array } {
  const arcsOf: number[][] = network.rows.map(() => []);
  network.arcs.forEach((a, k) => arcsOf[a.row]!.push(k));
  const classOf = new Map<string, number>();
  const rowClass = new Int32Array(network.rows.length).fill(-1);
  const rows: FlowNetwork['rows'] = [];
  const classPlaced: number[] = [];
  const classNodes: number[][] = [];
  network.rows.forEach((row, r) => {
    if (!(placed[r]! > PLACED_TOLERANCE) || !arcsOf[r]!.length) return;
    const nodes = arcsOf[r]!.map((k) => network.arcs[k]!.node).sort((a, b) => a - b);
    const key = `${row.group}|${nodes.join(',')}`;
    let c = classOf.get(key);
    if (c === undefined) {
      c = rows.length;
      classOf.set(key, c);
      rows.push({ demand: 0, limit: 0, group: row.group });
      classPlaced.push(0);
      classNodes.push(nodes);
    }
    rows[c]!.demand += row.demand;
    rows[c]!.limit += Math.min(row.limit, row.demand);
    classPlaced[c]! += placed[r]!;
    rowClass[r] = c;
  });
  const arcs: FlowNetwork['arcs'] = [];
  const classArc = new Map<string, number>();
  classNodes.forEach((nodes, c) =>
    nodes.forEach((node) => {
      classArc.set(`${c}|${node}`, arcs.length);
      arcs.push({ row: c, node });
    }),
  );
  const arcClassArc = Int32Array.from(network.arcs, (a) => (rowClass[a.row]! >= 0 ? classArc.get(`${rowClass[a.row]}|${a.node}`)! : -1));
  return { network: { rows, nodes: network.nodes, arcs }, placed: Float64Array.from(classPlaced), rowClass, arcClassArc };
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
  const out = Float64Array.from(arcFlow);
  const byGroup = new Map<number, number[]>();
  network.arcs.forEach((a, k) => {
    const g = network.rows[a.row]!.group;
    (byGroup.get(g) ?? byGroup.set(g, []).get(g)!).push(k);
  });
  for (const arcs of byGroup.values()) {
    // Local indices of the group's rows and nodes.
    const rowOf = new Map<number, number>();
    const nodeOf = new Map<number, number>();
    for (const k of arcs) {
      const a = network.arcs[k]!;
      if (!rowOf.has(a.row)) rowOf.set(a.row, rowOf.size);
      if (!nodeOf.has(a.node)) nodeOf.set(a.node, nodeOf.size);
    }
    const R = rowOf.size;
    const N = nodeOf.size;
    if (R < 2) continue;
    const ar = Int32Array.from(arcs, (k) => rowOf.get(network.arcs[k]!.row)!);
    const an = Int32Array.from(arcs, (k) => nodeOf.get(network.arcs[k]!.node)!);
    const nodeRows = new Int32Array(N);
    for (let i = 0; i < arcs.length; i++) nodeRows[an[i]!]!++;
    // Only nodes used by two or more rows leave anything to decide.
    if (!nodeRows.some((c) => c > 1)) continue;

    const rowTarget = new Float64Array(R);
    for (const [r, i] of rowOf) rowTarget[i] = placed[r]! > PLACED_TOLERANCE ? placed[r]! : 0;
    const nodeTarget = new Float64Array(N);
    const lp = Float64Array.from(arcs, (k) => arcFlow[k]!);
    for (let i = 0; i < arcs.length; i++) nodeTarget[an[i]!]! += lp[i]!;
    if (nodeRows.every((c) => c === R)) {
      // Every row can use every node: the split in proportion is exact, no fitting needed.
      const all = rowTarget.reduce((t, v) => t + v, 0);
      arcs.forEach((k, i) => (out[k] = all > 0 ? (nodeTarget[an[i]!]! * rowTarget[ar[i]!]!) / all : 0));
      continue;
    }
    const scale = Math.max(1e-12, ...rowTarget);
    const positive = (i: number) => lp[i]! > 1e-9 * scale;

    // Arcs that can carry pupils: positive in the LP's answer, or on an alternating cycle, that is
    // with their row and node in one strongly connected component of the graph with an edge
    // row -> node for every arc and node -> row for every arc with flow.
    const support = new Uint8Array(arcs.length);
    const comp = stronglyConnected(R, N, arcs.length, (i) => ar[i]!, (i) => an[i]!, (i) => positive(i));
    for (let i = 0; i < arcs.length; i++) {
      if (positive(i)) support[i] = 1;
      else if (nodeTarget[an[i]!]! > 1e-9 * scale && rowTarget[ar[i]!]! > 1e-9 * scale && comp[ar[i]!] === comp[R + an[i]!]) support[i] = 1;
    }

    // Proportional fitting on the support, from an even start at each node.
    const x = new Float64Array(arcs.length);
    const supportCount = new Int32Array(N);
    for (let i = 0; i < arcs.length; i++) if (support[i]) supportCount[an[i]!]!++;
    for (let i = 0; i < arcs.length; i++) if (support[i]) x[i] = nodeTarget[an[i]!]! / supportCount[an[i]!]!;
    const rowSum = new Float64Array(R);
    const nodeSum = new Float64Array(N);
    let it = 0;
    for (; it < maxIterations; it++) {
      rowSum.fill(0);
      for (let i = 0; i < arcs.length; i++) rowSum[ar[i]!]! += x[i]!;
      let worst = 0;
      for (let r = 0; r < R; r++) worst = Math.max(worst, Math.abs(rowSum[r]! - rowTarget[r]!));
      if (worst <= 1e-10 * scale) break;
      for (let i = 0; i < arcs.length; i++) if (rowSum[ar[i]!]! > 0) x[i] = (x[i]! * rowTarget[ar[i]!]!) / rowSum[ar[i]!]!;
      nodeSum.fill(0);
      for (let i = 0; i < arcs.length; i++) nodeSum[an[i]!]! += x[i]!;
      for (let i = 0; i < arcs.length; i++) if (nodeSum[an[i]!]! > 0) x[i] = (x[i]! * nodeTarget[an[i]!]!) / nodeSum[an[i]!]!;
    }
    arcs.forEach((k, i) => (out[k] = x[i]!));
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
