/**
 * How places that are short are shared: the fair-share stage of the sufficiency model.
 *
 * Principle: first place as many children as the places in reach allow (a maximum flow: that
 * total is unique); among all ways of doing so, give every row the same share of its demand, as far
 * as the places in reach allow. A row that can reach more places than its neighbours gets a larger
 * share only when those neighbours cannot use the places it uses.
 *
 * Formally, with y_r the pupils of row r placed and D_r its demand, the placed vectors y of all
 * feasible flows form a polymatroid P (a network-flow polymatroid); the stage picks
 *
 *   y* = argmin { sum_r y_r^2 / D_r : y a base of P }   (the bases of P are the maximum flows)
 *
 * which is Fujishige's lexicographically optimal base with respect to the weights D (Fujishige
 * 1980, "Lexicographically optimal base of a polymatroid with respect to a weight vector", Math. of
 * Operations Research 5): the unique base whose shares y_r / D_r, sorted increasingly, are
 * lexicographically greatest. It is unique, and continuous in the demands and capacities. Since
 * sum_r y_r is fixed on the bases, it is also the unique minimiser of sum_r s_r^2 / D_r over the
 * maximum flows, s_r = D_r - y_r the row's shortfall: shortfall shared in proportion to demand
 * among the rows that compete for the same places. That is a convex QP any QP solver can check
 * (exportable, see build-model.ts); here it is computed exactly by the decomposition algorithm
 * (Fujishige's book, "Submodular functions and optimization", section 8; Groenevelt 1991):
 *
 *   solve(U, F): rows U to decide, rows F already decided (kept fully placed)
 *     g      = the most U can place with F placed          (a maximum flow)
 *     lambda = min(1, g / D(U))
 *     if every r in U can place lambda D_r at once:        (a maximum flow with sources lambda D_r)
 *       y_r = lambda D_r for r in U; done
 *     else T = the rows of U on the source side of that flow's minimum cut (those that cannot reach
 *       lambda D_r): solve(T, F), then solve(U \ T, F + T)
 *
 * Each call costs three maximum flows and splits U, so a component needs about twice as many calls
 * as it has distinct shares. Rows that share no provision are solved apart (connected components).
 */
import { componentsOf, MaxFlow, networkArrays, partArrays, rowClasses, type FlowNetwork, type NetworkArrays, type NetworkPart } from './flow-network.js';

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
export function components(network: FlowNetwork): NetworkPart[] {
  return componentsOf(networkArrays(network));
}

/**
 * Rows of one group that use exactly the same nodes and reach the same share of their children are
 * interchangeable: the fair share gives them the same share of their demand. They are solved as one
 * row (demand and limit summed) and split back in proportion to demand; the answer is the same.
 */
function mergeInterchangeable(a: NetworkArrays): { merged: NetworkArrays; rowClass: Int32Array } {
  const { rowClass, classCount, firstRow, rowStart, rowNodes } = rowClasses(
    a,
    () => true,
    (r) => Math.min(1, a.limit[r]! / a.demand[r]!),
  );
  const demand = new Float64Array(classCount);
  const limit = new Float64Array(classCount);
  const group = new Int32Array(classCount);
  for (let c = 0; c < classCount; c++) group[c] = a.group[firstRow[c]!]!;
  for (let r = 0; r < a.rowCount; r++) {
    const c = rowClass[r]!;
    demand[c]! += a.demand[r]!;
    limit[c]! += Math.min(a.limit[r]!, a.demand[r]!);
  }
  let arcCount = 0;
  for (let c = 0; c < classCount; c++) arcCount += rowStart[firstRow[c]! + 1]! - rowStart[firstRow[c]!]!;
  const arcRow = new Int32Array(arcCount);
  const arcNode = new Int32Array(arcCount);
  let k = 0;
  for (let c = 0; c < classCount; c++) {
    const r = firstRow[c]!;
    for (let i = rowStart[r]!; i < rowStart[r + 1]!; i++) {
      arcRow[k] = c;
      arcNode[k++] = rowNodes[i]!;
    }
  }
  return { merged: { ...a, rowCount: classCount, demand, limit, group, arcCount, arcRow, arcNode }, rowClass };
}

export function fairShare(network: FlowNetwork): FairShareResult {
  const a = networkArrays(network);
  const { merged, rowClass } = mergeInterchangeable(a);
  if (merged.rowCount === a.rowCount) return fairShareOf(a);
  const inner = fairShareOf(merged);
  const placed = new Float64Array(a.rowCount);
  for (let r = 0; r < a.rowCount; r++) {
    const c = rowClass[r]!;
    const whole = merged.demand[c]!;
    placed[r] = whole > 0 ? (inner.placed[c]! * a.demand[r]!) / whole : 0;
  }
  return { ...inner, placed };
}

function fairShareOf(network: NetworkArrays): FairShareResult {
  const placed = new Float64Array(network.rowCount);
  const binding = new Uint8Array(network.nodeCount);
  let maxFlows = 0;
  let fallbacks = 0;

  const scratch = { rowIndex: new Int32Array(network.rowCount), nodeIndex: new Int32Array(network.nodeCount) };
  for (const part of componentsOf(network)) {
    const sub = partArrays(network, part, scratch);
    const demandOf = sub.demand;
    const rowCount = sub.rowCount;
    const mf = new MaxFlow(sub);
    const y = new Float64Array(rowCount);
    const eps = mf.eps;
    // One saved flow at a time: a call saves it and returns to it before recursing.
    const saved = mf.snapshot();

    const start = (F: number[], U: number[], uCap: (r: number) => number) => {
      for (let r = 0; r < rowCount; r++) mf.setSource(r, 0);
      for (const r of F) mf.setSource(r, y[r]!);
      for (const r of U) mf.setSource(r, uCap(r));
    };

    /**
     * `placedF` is given when `saved` already holds phase 1's flow for these F: the first call below
     * a split has its parent's F, and a maximum flow from zero with the same capacities is the same
     * flow, to the last bit, so it is restored instead of computed again.
     */
    const solve = (U: number[], F: number[], placedFKnown: number | null): void => {
      const demandU = U.reduce((t, r) => t + demandOf[r]!, 0);
      // Phase 1: the decided rows alone, fully placed.
      start(F, [], () => 0);
      let placedF: number;
      if (placedFKnown === null) {
        mf.reset();
        placedF = mf.augment();
        maxFlows++;
        mf.snapshot(saved);
      } else {
        mf.restore(saved);
        placedF = placedFKnown;
      }
      // Phase 2: the most the undecided rows can add.
      for (const r of U) mf.setSource(r, demandOf[r]!);
      const g = mf.augment() - placedF;
      maxFlows++;
      const lambda = demandU > 0 ? Math.min(1, Math.max(0, g / demandU)) : 0;
      if (lambda * demandU <= eps) {
        for (const r of U) y[r] = 0;
        return;
      }
      if (lambda === 1) {
        // Phase 3 would repeat phase 2 (the same capacities from the same flow): every row fits.
        for (const r of U) y[r] = lambda * demandOf[r]!;
        return;
      }
      mf.restore(saved);
      for (const r of U) mf.setSource(r, lambda * demandOf[r]!);
      const f = mf.augment() - placedF;
      maxFlows++;
      if (f >= lambda * demandU - eps) {
        for (const r of U) y[r] = lambda * demandOf[r]!;
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
      solve(T, F, placedF);
      solve(
        U.filter((r) => !inT.has(r)),
        [...F, ...T],
        null,
      );
    };

    const every = Array.from({ length: rowCount }, (_, i) => i);
    solve(every, [], null);

    // The final flow, for which places bind: rows placed at y, then free to ask for their whole demand.
    mf.reset();
    start(every, [], () => 0);
    mf.augment();
    maxFlows++;
    for (let r = 0; r < rowCount; r++) mf.setSource(r, demandOf[r]!);
    const reach = mf.reachableFromSource();
    // The final flow's own row flows (within the tolerance of y): exactly feasible for the journey stage.
    part.rows.forEach((r, i) => (placed[r] = Math.max(0, mf.rowFlow(i))));
    part.nodes.forEach((n, i) => {
      // A place binds when the node is reachable from a short row and its own edge is full.
      if (reach[mf.nodeVertex(i)] && mf.residual(mf.nodeEdge[i]!) <= eps && sub.capacity[i]! < Infinity) binding[n] = 1;
    });
  }
  return { placed, binding, maxFlows, fallbacks };
}
