/**
 * REFERENCE, not product code: flow-network.ts (the maximum flow) as it was before the speed work
 * on the LSOA-level model (commit 2a8e002), kept only so that same-results.test.ts can show that
 * the faster code gives the same answer, bit for bit, in the same test run. Only imports (and a
 * type or two) are changed. When the model's answer is changed on purpose, delete this folder and
 * that test.
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
  readonly eps: number;

  constructor(readonly network: FlowNetwork) {
    const R = network.rows.length;
    const N = network.nodes.length;
    // A reach node (a leaf under another node) that one arc uses is only a limit on that arc: the arc
    // goes straight to its parent with the node's capacity, a vertex fewer for every search.
    const arcsIn = new Int32Array(N);
    for (const a of network.arcs) arcsIn[a.node]!++;
    const hasChild = new Uint8Array(N);
    for (const node of network.nodes) if (node.parent >= 0) hasChild[node.parent] = 1;
    const folded = Uint8Array.from(network.nodes, (node, n) => (node.parent >= 0 && !hasChild[n] && arcsIn[n] === 1 ? 1 : 0));
    const limited = network.rows.map((r) => r.limit < r.demand);
    const limitVertex = new Int32Array(R).fill(-1);
    let v = 2 + R;
    limited.forEach((l, r) => {
      if (l) limitVertex[r] = v++;
    });
    const firstNode = v;
    this.vertexCount = v + N;
    this.rowVertex = (r) => 2 + r;
    this.nodeVertex = (n) => firstNode + n;
    const edges = 2 * (R + limited.filter(Boolean).length + N + network.arcs.length);
    this.head = new Int32Array(this.vertexCount).fill(-1);
    this.next = new Int32Array(edges);
    this.to = new Int32Array(edges);
    this.cap = new Float64Array(edges);
    this.flow = new Float64Array(edges);
    this.level = new Int32Array(this.vertexCount);
    this.iter = new Int32Array(this.vertexCount);
    this.queue = new Int32Array(this.vertexCount);
    const scale = Math.max(1, network.rows.reduce((s, r) => s + r.demand, 0));
    this.eps = FLOW_TOLERANCE * scale;

    this.sourceEdge = new Int32Array(R);
    network.rows.forEach((row, r) => {
      this.sourceEdge[r] = this.addEdge(0, this.rowVertex(r), 0);
      if (limitVertex[r]! >= 0) this.addEdge(this.rowVertex(r), limitVertex[r]!, row.limit);
    });
    const from = (r: number) => (limitVertex[r]! >= 0 ? limitVertex[r]! : this.rowVertex(r));
    this.nodeEdge = new Int32Array(N).fill(-1);
    for (const a of network.arcs) {
      const node = network.nodes[a.node]!;
      if (folded[a.node]) this.nodeEdge[a.node] = this.addEdge(from(a.row), this.nodeVertex(node.parent), node.capacity);
      else this.addEdge(from(a.row), this.nodeVertex(a.node), Infinity);
    }
    network.nodes.forEach((node, n) => {
      if (!folded[n]) this.nodeEdge[n] = this.addEdge(this.nodeVertex(n), node.parent < 0 ? 1 : this.nodeVertex(node.parent), node.capacity);
    });
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

  /** A copy of the current flow, to return to later (restore). */
  snapshot(): Float64Array {
    return this.flow.slice();
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

  private bfs(): boolean {
    const { level, queue, head, next, to, eps } = this;
    level.fill(-1);
    level[0] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = 0;
    while (qh < qt) {
      const u = queue[qh++]!;
      for (let e = head[u]!; e >= 0; e = next[e]!) {
        const w = to[e]!;
        if (level[w]! < 0 && this.cap[e]! - this.flow[e]! > eps) {
          level[w] = level[u]! + 1;
          queue[qt++] = w;
        }
      }
    }
    return level[1]! >= 0;
  }

  private dfs(u: number, pushed: number): number {
    if (u === 1) return pushed;
    const { level, iter, next, to, eps } = this;
    for (let e = iter[u]!; e >= 0; e = iter[u] = next[e]!) {
      const w = to[e]!;
      const room = this.cap[e]! - this.flow[e]!;
      if (room <= eps || level[w] !== level[u]! + 1) continue;
      const got = this.dfs(w, Math.min(pushed, room));
      if (got > 0) {
        this.flow[e]! += got;
        this.flow[e ^ 1]! -= got;
        return got;
      }
    }
    return 0;
  }

  /** Augments the current flow to a maximum one; returns the flow from the source. */
  augment(): number {
    while (this.bfs()) {
      this.iter.set(this.head);
      while (this.dfs(0, Infinity) > 0) {
        // keep pushing along the level graph
      }
    }
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
