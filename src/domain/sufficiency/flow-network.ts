/**
 * A placement network as a flow network, and maximum flow on it (Dinic's algorithm, in floating
 * point with a tolerance). The sufficiency stages are written on this one structure:
 *
 *   source -> row r            capacity: what the row may place (set per computation)
 *   row r -> row limit r'      capacity: the part of the row's children within reach of any
 *                              suitable provision (only where that is not all of them)
 *   row (or r') -> node n      unlimited: an arc, where n admits the row's category and phase within
 *                              the travel limit
 *   node n -> parent (or sink) capacity: places (a provision's places in a phase) or reach (the part
 *                              of a locality's children within reach of that provision)
 *
 * Nodes form a forest: a reach node's parent is the provision-phase node it leads to, whose parent is
 * the sink. Nothing here knows about schools; build-model.ts builds the networks.
 */

export interface NetworkRow {
  /** Pupils in the row (the weight of its share in fair sharing). */
  demand: number;
  /** Upper limit on what the row can place anywhere (children within reach); >= demand for none. */
  limit: number;
  /** Rows of one group (a locality and phase) have identical journeys to every node. */
  group: number;
}

export interface NetworkNode {
  capacity: number;
  /** Index of the parent node, or -1 for the sink. */
  parent: number;
}

export interface NetworkArc {
  row: number;
  node: number;
}

export interface FlowNetwork {
  rows: NetworkRow[];
  nodes: NetworkNode[];
  arcs: NetworkArc[];
}

/**
 * A network as flat arrays, what the stages' inner loops read (a network of objects costs a pointer
 * chase per arc). The same rows, nodes and arcs in the same order, numbered from 0.
 */
export interface NetworkArrays {
  rowCount: number;
  demand: Float64Array;
  limit: Float64Array;
  group: Int32Array;
  nodeCount: number;
  capacity: Float64Array;
  /** Parent node, or -1 for the sink. */
  parent: Int32Array;
  arcCount: number;
  arcRow: Int32Array;
  arcNode: Int32Array;
}

export function networkArrays(network: FlowNetwork): NetworkArrays {
  const { rows, nodes, arcs } = network;
  const out: NetworkArrays = {
    rowCount: rows.length,
    demand: new Float64Array(rows.length),
    limit: new Float64Array(rows.length),
    group: new Int32Array(rows.length),
    nodeCount: nodes.length,
    capacity: new Float64Array(nodes.length),
    parent: new Int32Array(nodes.length),
    arcCount: arcs.length,
    arcRow: new Int32Array(arcs.length),
    arcNode: new Int32Array(arcs.length),
  };
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    out.demand[r] = row.demand;
    out.limit[r] = row.limit;
    out.group[r] = row.group;
  }
  for (let n = 0; n < nodes.length; n++) {
    out.capacity[n] = nodes[n]!.capacity;
    out.parent[n] = nodes[n]!.parent;
  }
  for (let k = 0; k < arcs.length; k++) {
    out.arcRow[k] = arcs[k]!.row;
    out.arcNode[k] = arcs[k]!.node;
  }
  return out;
}

/** The arrays back as a network of objects. */
export function networkOfArrays(a: NetworkArrays): FlowNetwork {
  return {
    rows: Array.from({ length: a.rowCount }, (_, r) => ({ demand: a.demand[r]!, limit: a.limit[r]!, group: a.group[r]! })),
    nodes: Array.from({ length: a.nodeCount }, (_, n) => ({ capacity: a.capacity[n]!, parent: a.parent[n]! })),
    arcs: Array.from({ length: a.arcCount }, (_, k) => ({ row: a.arcRow[k]!, node: a.arcNode[k]! })),
  };
}

/** One connected component: rows, nodes and arcs of the whole network, each in increasing order. */
export interface NetworkPart {
  rows: number[];
  nodes: number[];
  arcs: number[];
}

/**
 * Connected components of rows and nodes (an arc joins a row and a node; a node joins its parent),
 * with their arcs, in order of their first arc. Rows with no arc place nothing and form no component.
 */
export function componentsOf(a: NetworkArrays): NetworkPart[] {
  const R = a.rowCount;
  const N = a.nodeCount;
  const parent = new Int32Array(R + N);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const join = (x: number, y: number) => {
    const rx = find(x);
    const ry = find(y);
    if (rx !== ry) parent[Math.max(rx, ry)] = Math.min(rx, ry);
  };
  for (let k = 0; k < a.arcCount; k++) join(a.arcRow[k]!, R + a.arcNode[k]!);
  for (let n = 0; n < N; n++) if (a.parent[n]! >= 0) join(R + n, R + a.parent[n]!);
  const partOfRoot = new Int32Array(R + N).fill(-1);
  const parts: NetworkPart[] = [];
  for (let k = 0; k < a.arcCount; k++) {
    const root = find(a.arcRow[k]!);
    let c = partOfRoot[root]!;
    if (c < 0) {
      c = partOfRoot[root] = parts.length;
      parts.push({ rows: [], nodes: [], arcs: [] });
    }
    parts[c]!.arcs.push(k);
  }
  for (let r = 0; r < R; r++) {
    const c = partOfRoot[find(r)]!;
    if (c >= 0) parts[c]!.rows.push(r);
  }
  for (let n = 0; n < N; n++) {
    const c = partOfRoot[find(R + n)]!;
    if (c >= 0) parts[c]!.nodes.push(n);
  }
  return parts;
}

/**
 * One component as a network of its own, renumbered in its order. `scratch` maps the whole
 * network's rows and nodes to the part's; give one to reuse it between parts.
 */
export function partArrays(a: NetworkArrays, part: NetworkPart, scratch?: { rowIndex: Int32Array; nodeIndex: Int32Array }): NetworkArrays {
  const rowIndex = scratch?.rowIndex ?? new Int32Array(a.rowCount);
  const nodeIndex = scratch?.nodeIndex ?? new Int32Array(a.nodeCount);
  const R = part.rows.length;
  const N = part.nodes.length;
  const K = part.arcs.length;
  const out: NetworkArrays = {
    rowCount: R,
    demand: new Float64Array(R),
    limit: new Float64Array(R),
    group: new Int32Array(R),
    nodeCount: N,
    capacity: new Float64Array(N),
    parent: new Int32Array(N),
    arcCount: K,
    arcRow: new Int32Array(K),
    arcNode: new Int32Array(K),
  };
  for (let i = 0; i < R; i++) {
    const r = part.rows[i]!;
    rowIndex[r] = i;
    out.demand[i] = a.demand[r]!;
    out.limit[i] = a.limit[r]!;
    out.group[i] = a.group[r]!;
  }
  for (let i = 0; i < N; i++) nodeIndex[part.nodes[i]!] = i;
  for (let i = 0; i < N; i++) {
    const n = part.nodes[i]!;
    out.capacity[i] = a.capacity[n]!;
    out.parent[i] = a.parent[n]! < 0 ? -1 : nodeIndex[a.parent[n]!]!;
  }
  for (let i = 0; i < K; i++) {
    const k = part.arcs[i]!;
    out.arcRow[i] = rowIndex[a.arcRow[k]!]!;
    out.arcNode[i] = nodeIndex[a.arcNode[k]!]!;
  }
  return out;
}

/** Flows below this (relative to the network's scale) count as zero. */
export const FLOW_TOLERANCE = 1e-9;

/**
 * Dinic's maximum flow on the network's graph. Vertices: source 0, sink 1, rows, row limits, nodes.
 * Source capacities are set per computation (setSource); everything else is fixed at construction.
 */
export class MaxFlow {
  readonly vertexCount: number;
  private readonly head: Int32Array;
  private next: Int32Array;
  private to: Int32Array;
  private cap: Float64Array;
  private flow: Float64Array;
  private edgeCount = 0;
  /** Edge index of source -> row r. */
  readonly sourceEdge: Int32Array;
  /** Edge index of node n -> parent (or sink). */
  readonly nodeEdge: Int32Array;
  readonly rowVertex: (r: number) => number;
  readonly nodeVertex: (n: number) => number;
  private readonly level: Int32Array;
  private readonly iter: Int32Array;
  private readonly queue: Int32Array;
  /** Edges of the path being searched in a blocking flow. */
  private readonly path: Int32Array;
  readonly eps: number;

  constructor(network: FlowNetwork | NetworkArrays) {
    const a = 'arcs' in network ? networkArrays(network) : network;
    const R = a.rowCount;
    const N = a.nodeCount;
    // A reach node (a leaf under another node) that one arc uses is only a limit on that arc: the arc
    // goes straight to its parent with the node's capacity, a vertex fewer for every search.
    const arcsIn = new Int32Array(N);
    for (let k = 0; k < a.arcCount; k++) arcsIn[a.arcNode[k]!]!++;
    const hasChild = new Uint8Array(N);
    for (let n = 0; n < N; n++) if (a.parent[n]! >= 0) hasChild[a.parent[n]!] = 1;
    const folded = new Uint8Array(N);
    for (let n = 0; n < N; n++) folded[n] = a.parent[n]! >= 0 && !hasChild[n] && arcsIn[n] === 1 ? 1 : 0;
    const limitVertex = new Int32Array(R).fill(-1);
    let v = 2 + R;
    for (let r = 0; r < R; r++) if (a.limit[r]! < a.demand[r]!) limitVertex[r] = v++;
    const limits = v - (2 + R);
    const firstNode = v;
    this.vertexCount = v + N;
    this.rowVertex = (r) => 2 + r;
    this.nodeVertex = (n) => firstNode + n;
    const edges = 2 * (R + limits + N + a.arcCount);
    this.head = new Int32Array(this.vertexCount).fill(-1);
    this.next = new Int32Array(edges);
    this.to = new Int32Array(edges);
    this.cap = new Float64Array(edges);
    this.flow = new Float64Array(edges);
    this.level = new Int32Array(this.vertexCount);
    this.iter = new Int32Array(this.vertexCount);
    this.queue = new Int32Array(this.vertexCount);
    this.path = new Int32Array(this.vertexCount);
    let total = 0;
    for (let r = 0; r < R; r++) total += a.demand[r]!;
    const scale = Math.max(1, total);
    this.eps = FLOW_TOLERANCE * scale;

    this.sourceEdge = new Int32Array(R);
    for (let r = 0; r < R; r++) {
      this.sourceEdge[r] = this.addEdge(0, this.rowVertex(r), 0);
      if (limitVertex[r]! >= 0) this.addEdge(this.rowVertex(r), limitVertex[r]!, a.limit[r]!);
    }
    this.nodeEdge = new Int32Array(N).fill(-1);
    for (let k = 0; k < a.arcCount; k++) {
      const r = a.arcRow[k]!;
      const n = a.arcNode[k]!;
      const from = limitVertex[r]! >= 0 ? limitVertex[r]! : this.rowVertex(r);
      if (folded[n]) this.nodeEdge[n] = this.addEdge(from, this.nodeVertex(a.parent[n]!), a.capacity[n]!);
      else this.addEdge(from, this.nodeVertex(n), Infinity);
    }
    for (let n = 0; n < N; n++) {
      if (!folded[n]) this.nodeEdge[n] = this.addEdge(this.nodeVertex(n), a.parent[n]! < 0 ? 1 : this.nodeVertex(a.parent[n]!), a.capacity[n]!);
    }
  }

  private addEdge(u: number, w: number, capacity: number): number {
    const e = this.edgeCount;
    this.to[e] = w;
    this.cap[e] = capacity;
    this.next[e] = this.head[u]!;
    this.head[u] = e;
    this.to[e + 1] = u;
    this.cap[e + 1] = 0;
    this.next[e + 1] = this.head[w]!;
    this.head[w] = e + 1;
    this.edgeCount += 2;
    return e;
  }

  /** Sets the capacity of source -> row r. */
  setSource(r: number, capacity: number): void {
    this.cap[this.sourceEdge[r]!] = capacity;
  }

  /** Zero flow everywhere. */
  reset(): void {
    this.flow.fill(0);
  }

  /** A copy of the current flow, to return to later (restore); into `into` when given (no allocation). */
  snapshot(into?: Float64Array): Float64Array {
    if (!into) return this.flow.slice();
    into.set(this.flow);
    return into;
  }

  restore(flow: Float64Array): void {
    this.flow.set(flow);
  }

  residual(e: number): number {
    return this.cap[e]! - this.flow[e]!;
  }

  /** Flow on source -> row r. */
  rowFlow(r: number): number {
    return this.flow[this.sourceEdge[r]!]!;
  }

  /** Flow through node n (on its edge to its parent or the sink; a folded reach node's is its arc's). */
  nodeFlow(n: number): number {
    return this.flow[this.nodeEdge[n]!]!;
  }

  /** Flow from the source now. */
  value(): number {
    let total = 0;
    for (let e = this.head[0]!; e >= 0; e = this.next[e]!) total += this.flow[e]!;
    return total;
  }

  /**
   * Levels from the source in the residual graph, up to the sink's: the search stops as soon as the
   * sink has its level. Vertices left unlabelled (or labelled at the sink's level) cannot lie on a
   * shortest path to the sink, so the blocking flow below is the one a full search would give.
   */
  private bfs(): boolean {
    const { level, queue, head, next, to, cap, flow, eps } = this;
    level.fill(-1);
    level[0] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = 0;
    while (qh < qt) {
      const u = queue[qh++]!;
      const lw = level[u]! + 1;
      for (let e = head[u]!; e >= 0; e = next[e]!) {
        const w = to[e]!;
        if (level[w]! < 0 && cap[e]! - flow[e]! > eps) {
          level[w] = lw;
          if (w === 1) return true;
          queue[qt++] = w;
        }
      }
    }
    return false;
  }

  /**
   * One blocking flow on the level graph, path by path: each path from the source to the sink takes
   * its narrowest room, then the search starts again from the source (edges are tried in the order
   * of the adjacency lists, each edge left behind once it leads nowhere). Written as a loop with an
   * explicit path, not recursion: this is the hottest code of a run.
   */
  private blockingFlow(): void {
    const { level, iter, next, to, cap, flow, eps, path } = this;
    const sinkLevel = level[1]!;
    iter.set(this.head);
    let depth = 0;
    let u = 0;
    for (;;) {
      if (u === 1) {
        let got = Infinity;
        for (let i = 0; i < depth; i++) {
          const e = path[i]!;
          const room = cap[e]! - flow[e]!;
          if (room < got) got = room;
        }
        for (let i = depth - 1; i >= 0; i--) {
          const e = path[i]!;
          flow[e]! += got;
          flow[e ^ 1]! -= got;
        }
        depth = 0;
        u = 0;
        continue;
      }
      const want = level[u]! + 1;
      let e = iter[u]!;
      for (; e >= 0; e = next[e]!) {
        const w = to[e]!;
        // A vertex at the sink's level other than the sink leads nowhere in this phase.
        if (level[w] !== want || cap[e]! - flow[e]! <= eps || (want === sinkLevel && w !== 1)) continue;
        break;
      }
      iter[u] = e;
      if (e >= 0) {
        path[depth++] = e;
        u = to[e]!;
        continue;
      }
      // Dead end: step back and leave the edge that led here.
      if (depth === 0) return;
      const back = path[--depth]!;
      u = to[back ^ 1]!;
      iter[u] = next[back]!;
    }
  }

  /** Augments the current flow to a maximum one; returns the flow from the source. */
  augment(): number {
    while (this.bfs()) this.blockingFlow();
    return this.value();
  }

  /**
   * Vertices reachable from the source in the residual graph of the current (maximum) flow: the
   * source side of the minimum cut nearest the source. The same for every maximum flow.
   */
  reachableFromSource(): Uint8Array {
    const seen = new Uint8Array(this.vertexCount);
    const { queue, head, next, to, eps } = this;
    let qh = 0;
    let qt = 0;
    queue[qt++] = 0;
    seen[0] = 1;
    while (qh < qt) {
      const u = queue[qh++]!;
      for (let e = head[u]!; e >= 0; e = next[e]!) {
        const w = to[e]!;
        if (!seen[w] && this.cap[e]! - this.flow[e]! > eps) {
          seen[w] = 1;
          queue[qt++] = w;
        }
      }
    }
    return seen;
  }
}

/**
 * Rows grouped into classes: rows of one group, with the same `tag` and arcs to exactly the same
 * nodes, are one class. Classes are numbered in order of their first row; rows left out (`include`
 * false) get -1. Also returns each row's nodes sorted (CSR: `rowStart`, `rowNodes`), which the
 * merged networks are built from. Rows are compared by a hash of their group, tag and nodes, then
 * exactly; faster than joining node lists into string keys, with the same classes.
 */
export function rowClasses(
  a: NetworkArrays,
  include: (r: number) => boolean,
  tag: (r: number) => number,
): { rowClass: Int32Array; classCount: number; firstRow: Int32Array; rowStart: Int32Array; rowNodes: Int32Array } {
  const R = a.rowCount;
  const rowStart = new Int32Array(R + 1);
  for (let k = 0; k < a.arcCount; k++) rowStart[a.arcRow[k]! + 1]!++;
  for (let r = 0; r < R; r++) rowStart[r + 1]! += rowStart[r]!;
  const rowNodes = new Int32Array(a.arcCount);
  const fill = rowStart.slice(0, R);
  for (let k = 0; k < a.arcCount; k++) rowNodes[fill[a.arcRow[k]!]!++] = a.arcNode[k]!;
  for (let r = 0; r < R; r++) if (rowStart[r + 1]! - rowStart[r]! > 1) rowNodes.subarray(rowStart[r]!, rowStart[r + 1]!).sort();

  const rowClass = new Int32Array(R).fill(-1);
  const firstRow: number[] = [];
  const tags: number[] = [];
  const byHash = new Map<number, number[]>();
  const same = (a: number, b: number) => a === b || (a !== a && b !== b);
  for (let r = 0; r < R; r++) {
    if (!include(r)) continue;
    const group = a.group[r]!;
    const t = tag(r);
    const s = rowStart[r]!;
    const e = rowStart[r + 1]!;
    let h = Math.imul(group ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(e - s, 0xc2b2ae35);
    for (let i = s; i < e; i++) h = Math.imul(h ^ rowNodes[i]!, 0x27d4eb2f) + 0x165667b1;
    h |= 0;
    let c = -1;
    const candidates = byHash.get(h);
    if (candidates) {
      for (const k of candidates) {
        const o = firstRow[k]!;
        if (a.group[o]! !== group || !same(tags[k]!, t) || rowStart[o + 1]! - rowStart[o]! !== e - s) continue;
        let i = 0;
        const os = rowStart[o]!;
        while (i < e - s && rowNodes[os + i] === rowNodes[s + i]) i++;
        if (i === e - s) {
          c = k;
          break;
        }
      }
    }
    if (c < 0) {
      c = firstRow.length;
      firstRow.push(r);
      tags.push(t);
      if (candidates) candidates.push(c);
      else byHash.set(h, [c]);
    }
    rowClass[r] = c;
  }
  return { rowClass, classCount: firstRow.length, firstRow: Int32Array.from(firstRow), rowStart, rowNodes };
}
