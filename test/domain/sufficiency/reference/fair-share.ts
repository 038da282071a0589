/**
 * REFERENCE, not product code: fair-share.ts as it was before the speed work on the LSOA-level
 * model (commit 2a8e002), kept only so that same-results.test.ts can show that the faster code
 * gives the same answer, bit for bit, in the same test run. Only imports (and a type or two) are
 * changed. When the model's answer is changed on purpose, delete this folder and that test.
 */
import { MaxFlow, type FlowNetwork } from './flow-network.js';

export interface FairShareResult {
  /** Pupils placed per row. */
  placed: Float64Array;
  /**
   * Per node: whether one more unit of its capacity would place one more child (the node is on the
   * source side of the minimum cut of the final flow, reachable from a row with a shortfall).
   */
  binding: Uint8Array;
  /** Maximum-flow computations used (for the benchmark). */
  maxFlows: number;
  /** Calls that fell back to a flow's own values because tolerance hid the cut (should be none). */
  fallbacks: number;
}

/**
 * Connected components of rows and nodes (an arc joins a row and a node; a node joins its parent),
 * with their arcs. Rows with no arc place nothing and form no component.
 */
export function components(network: FlowNetwork): { rows: number[]; nodes: number[]; arcs: number[] }[] {
  const R = network.rows.length;
  const parent = Int32Array.from({ length: R + network.nodes.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (const a of network.arcs) join(a.row, R + a.node);
  network.nodes.forEach((n, i) => {
    if (n.parent >= 0) join(R + i, R + n.parent);
  });
  const byRoot = new Map<number, { rows: number[]; nodes: number[]; arcs: number[] }>();
  const entry = (root: number) => byRoot.get(root) ?? byRoot.set(root, { rows: [], nodes: [], arcs: [] }).get(root)!;
  network.arcs.forEach((a, k) => entry(find(a.row)).arcs.push(k));
  for (let r = 0; r < R; r++) byRoot.get(find(r))?.rows.push(r);
  network.nodes.forEach((_, i) => byRoot.get(find(R + i))?.nodes.push(i));
  return [...byRoot.values()];
}

/** The sub-network of one component, with maps back to the whole. */
function subNetwork(network: FlowNetwork, part: { rows: number[]; nodes: number[]; arcs: number[] }): FlowNetwork {
  const rowIndex = new Map(part.rows.map((r, i) => [r, i]));
  const nodeIndex = new Map(part.nodes.map((n, i) => [n, i]));
  return {
    rows: part.rows.map((r) => network.rows[r]!),
    nodes: part.nodes.map((n) => ({ capacity: network.nodes[n]!.capacity, parent: network.nodes[n]!.parent < 0 ? -1 : nodeIndex.get(network.nodes[n]!.parent)! })),
    arcs: part.arcs.map((k) => ({ row: rowIndex.get(network.arcs[k]!.row)!, node: nodeIndex.get(network.arcs[k]!.node)! })),
  };
}

/**
 * Rows of one group that use exactly the same nodes and reach the same share of their children are
 * interchangeable: the fair share gives them the same share of their demand. They are solved as one
 * row (demand and limit summed) and split back in proportion to demand; the answer is the same.
 */
function mergeInterchangeable(network: FlowNetwork): { network: FlowNetwork; rowClass: Int32Array } {
  const arcsOf: number[][] = network.rows.map(() => []);
  network.arcs.forEach((a, k) => arcsOf[a.row]!.push(a.node));
  const classOf = new Map<string, number>();
  const rowClass = new Int32Array(network.rows.length);
  const rows: FlowNetwork['rows'] = [];
  const nodes: number[][] = [];
  network.rows.forEach((row, r) => {
    const set = arcsOf[r]!.sort((a, b) => a - b);
    const key = `${row.group}|${Math.min(1, row.limit / row.demand)}|${set.join(',')}`;
    let c = classOf.get(key);
    if (c === undefined) {
      c = rows.length;
      classOf.set(key, c);
      rows.push({ demand: 0, limit: 0, group: row.group });
      nodes.push(set);
    }
    rows[c]!.demand += row.demand;
    rows[c]!.limit += Math.min(row.limit, row.demand);
    rowClass[r] = c;
  });
  const arcs = nodes.flatMap((set, c) => set.map((node) => ({ row: c, node })));
  return { network: { rows, nodes: network.nodes, arcs }, rowClass };
}

export function fairShare(network: FlowNetwork): FairShareResult {
  const merged = mergeInterchangeable(network);
  if (merged.network.rows.length === network.rows.length) return fairShareOf(network);
  const inner = fairShareOf(merged.network);
  const placed = Float64Array.from(network.rows, (row, r) => {
    const c = merged.rowClass[r]!;
    const whole = merged.network.rows[c]!.demand;
    return whole > 0 ? (inner.placed[c]! * row.demand) / whole : 0;
  });
  return { ...inner, placed };
}

function fairShareOf(network: FlowNetwork): FairShareResult {
  const placed = new Float64Array(network.rows.length);
  const binding = new Uint8Array(network.nodes.length);
  let maxFlows = 0;
  let fallbacks = 0;

  for (const part of components(network)) {
    const sub = subNetwork(network, part);
    const rowsOf = sub.rows;
    const mf = new MaxFlow(sub);
    const y = new Float64Array(rowsOf.length);
    const eps = mf.eps;

    const start = (F: number[], U: number[], uCap: (r: number) => number) => {
      for (let r = 0; r < rowsOf.length; r++) mf.setSource(r, 0);
      for (const r of F) mf.setSource(r, y[r]!);
      for (const r of U) mf.setSource(r, uCap(r));
    };

    const solve = (U: number[], F: number[]): void => {
      const demandU = U.reduce((t, r) => t + rowsOf[r]!.demand, 0);
      // Phase 1: the decided rows alone, fully placed.
      mf.reset();
      start(F, [], () => 0);
      const placedF = mf.augment();
      maxFlows++;
      const base = mf.snapshot();
      // Phase 2: the most the undecided rows can add.
      for (const r of U) mf.setSource(r, rowsOf[r]!.demand);
      const g = mf.augment() - placedF;
      maxFlows++;
      const lambda = demandU > 0 ? Math.min(1, Math.max(0, g / demandU)) : 0;
      if (lambda * demandU <= eps) {
        for (const r of U) y[r] = 0;
        return;
      }
      mf.restore(base);
      for (const r of U) mf.setSource(r, lambda * rowsOf[r]!.demand);
      const f = mf.augment() - placedF;
      maxFlows++;
      if (f >= lambda * demandU - eps) {
        for (const r of U) y[r] = lambda * rowsOf[r]!.demand;
        return;
      }
      const reach = mf.reachableFromSource();
      const T = U.filter((r) => reach[mf.rowVertex(r)]);
      if (T.length === 0 || T.length === U.length) {
        // Tolerance hid the cut: keep what this flow places (feasible, close to the fair share).
        fallbacks++;
        for (const r of U) y[r] = mf.rowFlow(r);
        return;
      }
      const inT = new Set(T);
      solve(T, F);
      solve(
        U.filter((r) => !inT.has(r)),
        [...F, ...T],
      );
    };

    solve(
      rowsOf.map((_, i) => i),
      [],
    );

    // The final flow, for which places bind: rows placed at y, then free to ask for their whole demand.
    mf.reset();
    start(
      rowsOf.map((_, i) => i),
      [],
      () => 0,
    );
    mf.augment();
    maxFlows++;
    for (let r = 0; r < rowsOf.length; r++) mf.setSource(r, rowsOf[r]!.demand);
    const reach = mf.reachableFromSource();
    // The final flow's own row flows (within the tolerance of y): exactly feasible for the journey stage.
    part.rows.forEach((r, i) => (placed[r] = Math.max(0, mf.rowFlow(i))));
    part.nodes.forEach((n, i) => {
      const node = sub.nodes[i]!;
      // A place binds when the node is reachable from a short row and its own edge is full.
      if (reach[mf.nodeVertex(i)] && mf.residual(mf.nodeEdge[i]!) <= eps && node.capacity < Infinity) binding[n] = 1;
    });
  }
  return { placed, binding, maxFlows, fallbacks };
}
