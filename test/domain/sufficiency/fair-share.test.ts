/**
 * The fair-share stage: hand-worked cases, then random networks checked against an independent QP
 * solver (HiGHS solving min sum s_r^2 / D_r over the flows, from CPLEX LP text): the two must give the
 * same shortfall row by row, since that QP's shortfall is unique.
 */
import loadHighs from 'highs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCplexLp } from '../../../src/domain/lp/cplex-lp.js';
import { LpModelBuilder } from '../../../src/domain/lp/linear-model.js';
import { components, fairShare } from '../../../src/domain/sufficiency/fair-share.js';
import { MaxFlow, type FlowNetwork } from '../../../src/domain/sufficiency/flow-network.js';

const net = (rows: [number, number?][], nodes: [number, number?][], arcs: [number, number][]): FlowNetwork => ({
  rows: rows.map(([demand, limit], i) => ({ demand, limit: limit ?? demand, group: i })),
  nodes: nodes.map(([capacity, parent]) => ({ capacity, parent: parent ?? -1 })),
  arcs: arcs.map(([row, node]) => ({ row, node })),
});

/** The sharing QP of a network as CPLEX LP text. */
function sharingText(n: FlowNetwork): string {
  const b = new LpModelBuilder('q');
  const rowVars: number[][] = n.rows.map(() => []);
  const nodeVars: number[][] = n.nodes.map(() => []);
  n.arcs.forEach((a, k) => {
    const v = b.addVariable(`x${k}`, 0);
    rowVars[a.row]!.push(v);
    for (let i = a.node; i >= 0; i = n.nodes[i]!.parent) nodeVars[i]!.push(v);
  });
  const s = n.rows.map((r, i) => b.addVariable(`s${i}`, 0, { lower: Math.max(0, r.demand - r.limit) }));
  n.rows.forEach((r, i) => b.addRow(`d${i}`, 'eq', r.demand, [...rowVars[i]!, s[i]!], [...rowVars[i]!, s[i]!].map(() => 1)));
  n.nodes.forEach((node, i) => {
    if (nodeVars[i]!.length) b.addRow(`c${i}`, 'le', node.capacity, nodeVars[i]!, nodeVars[i]!.map(() => 1));
  });
  return toCplexLp(b.build(), [], { vars: s, coefs: n.rows.map((r) => 2 / r.demand) });
}

describe('fair share: hand-worked', () => {
  it('when two rows compete for 8 places with demands 6 and 5, then each places 8/11 of its demand', () => {
    const r = fairShare(net([[6], [5]], [[8]], [[0, 0], [1, 0]]));
    expect(r.placed[0]).toBeCloseTo(48 / 11, 9);
    expect(r.placed[1]).toBeCloseTo(40 / 11, 9);
    expect(r.binding[0]).toBe(1);
  });

  it('when one row also reaches a second provision the other cannot, then it takes that first and both end at the same share if they can', () => {
    // Row 0 (10) reaches nodes 0 and 1; row 1 (10) reaches node 0 only. Places 12 + 4: shares 16/20 each.
    const r = fairShare(net([[10], [10]], [[12], [4]], [[0, 0], [0, 1], [1, 0]]));
    expect(r.placed[0]).toBeCloseTo(8, 9);
    expect(r.placed[1]).toBeCloseTo(8, 9);
  });

  it('when a row reaches a provision nobody else can use, then its surplus cannot help the others: shares differ', () => {
    // Row 0 reaches only node 1 (room 10); rows 1 and 2 share node 0 (room 4).
    const r = fairShare(net([[5], [4], [4]], [[4], [10]], [[0, 1], [1, 0], [2, 0]]));
    expect([...r.placed]).toEqual([5, 2, 2].map((v) => expect.closeTo(v, 9)));
    expect(r.binding[1]).toBe(0);
    expect(r.binding[0]).toBe(1);
  });

  it('when part of a row is beyond reach, then that part is short and the rest shares the places', () => {
    // Row 0: 10 pupils, 4 in reach; row 1: 10 pupils; 12 places: row 0 takes its 4, row 1 takes 8.
    const r = fairShare(net([[10, 4], [10]], [[12]], [[0, 0], [1, 0]]));
    expect(r.placed[0]).toBeCloseTo(4, 9);
    expect(r.placed[1]).toBeCloseTo(8, 9);
  });

  it('when a reach node limits one locality under a provision, then the limit holds and the others use the rest', () => {
    // Node 1 is reach (cap 3) under places node 0 (cap 10); row 0 (6) goes through reach, row 1 (6) direct.
    const r = fairShare(net([[6], [6]], [[10], [3, 0]], [[0, 1], [1, 0]]));
    expect(r.placed[0]).toBeCloseTo(3, 9);
    expect(r.placed[1]).toBeCloseTo(6, 9);
  });

  it('when rows share no provision, then they form separate components', () => {
    const parts = components(net([[1], [1], [1]], [[1], [1]], [[0, 0], [1, 1]]));
    expect(parts.map((p) => p.rows)).toEqual([[0], [1]]);
  });

  it('when the maximum flow is computed, then fair share places the same total', () => {
    const n = net([[6], [5], [7]], [[4], [5]], [[0, 0], [1, 0], [1, 1], [2, 1]]);
    const mf = new MaxFlow(n);
    n.rows.forEach((r, i) => mf.setSource(i, r.demand));
    const total = mf.augment();
    const r = fairShare(n);
    expect(r.placed.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 9);
    expect(total).toBeCloseTo(9, 9);
  });
});

describe('fair share against an independent QP solver', async () => {
  const highs = await loadHighs();
  const network = fc
    .record({
      rows: fc.array(fc.record({ demand: fc.integer({ min: 1, max: 40 }), limitShare: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })) }), { minLength: 1, maxLength: 8 }),
      nodes: fc.array(fc.record({ capacity: fc.integer({ min: 0, max: 60 }), reach: fc.boolean(), reachCapacity: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 5 }),
      arcs: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 24 }),
    })
    .map(({ rows, nodes, arcs }): FlowNetwork => {
      const places = nodes.map((n) => ({ capacity: n.capacity + 0.5, parent: -1 }));
      // Some nodes get a reach node under them.
      const reach = nodes.flatMap((n, i) => (n.reach ? [{ capacity: n.reachCapacity + 0.25, parent: i }] : []));
      const all = [...places, ...reach];
      const seen = new Set<string>();
      return {
        rows: rows.map((r, i) => ({ demand: r.demand, limit: r.demand * r.limitShare, group: i })),
        nodes: all,
        arcs: arcs
          .map(([r, n]) => ({ row: r % rows.length, node: n % all.length }))
          .filter((a) => {
            const k = `${a.row}|${a.node}`;
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          }),
      };
    });

  it('when random networks are shared, then every row has the shortfall HiGHS finds for min sum s^2 / D (to 1e-5)', () => {
    fc.assert(
      fc.property(network, (n) => {
        const mine = fairShare(n);
        const qp = highs.solve(sharingText(n), {}) as unknown as { Status: string; Columns: Record<string, { Primal: number }> };
        expect(qp.Status).toBe('Optimal');
        n.rows.forEach((r, i) => {
          const theirs = qp.Columns[`s${i}`]!.Primal;
          expect(Math.abs(r.demand - mine.placed[i]! - theirs)).toBeLessThan(1e-5 * Math.max(1, r.demand));
        });
      }),
      { numRuns: 150, seed: 20250112 },
    );
  });
});
