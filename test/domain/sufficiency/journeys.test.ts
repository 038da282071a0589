import { describe, expect, it } from 'vitest';
import { loadHighsSolver } from '../../../src/domain/lp/solvers/highs-solver.js';
import { jslpSolver } from '../../../src/domain/lp/solvers/jslp-solver.js';
import type { FlowNetwork } from '../../../src/domain/sufficiency/flow-network.js';
import { journeyProgramme, mergeAlikeRows, shareTies } from '../../../src/domain/sufficiency/journeys.js';

/** One locality's two categories (rows 0 and 1, group 0) both able to use nodes 0 and 1; row 2 (group 1) uses node 1. */
const tied: FlowNetwork = {
  rows: [
    { demand: 4, limit: 4, group: 0 },
    { demand: 6, limit: 6, group: 0 },
    { demand: 3, limit: 3, group: 1 },
  ],
  nodes: [
    { capacity: 5, parent: -1 },
    { capacity: 8, parent: -1 },
  ],
  arcs: [
    { row: 0, node: 0 },
    { row: 0, node: 1 },
    { row: 1, node: 0 },
    { row: 1, node: 1 },
    { row: 2, node: 1 },
  ],
};
const names = { arc: (k: number) => `x${k}`, row: (r: number) => `r${r}`, node: (n: number) => `n${n}` };

describe('the journey stage', () => {
  it('when the LP is built, then rows fix what each places and nodes cap every arc in their subtree', () => {
    const { model, arcVariable } = journeyProgramme(tied, [4, 6, 3], [1, 2, 1, 2, 0.5], names, 'j');
    expect(model.rows.map((r) => [r.name, r.sense, r.rhs, r.vars.length])).toEqual([
      ['r0', 'eq', 4, 2],
      ['r1', 'eq', 6, 2],
      ['r2', 'eq', 3, 1],
      ['n0', 'le', 5, 2],
      ['n1', 'le', 8, 3],
    ]);
    expect([...arcVariable]).toEqual([0, 1, 2, 3, 4]);
    expect(model.variables.map((v) => v.cost)).toEqual([1, 2, 1, 2, 0.5]);
  });

  it('when two optimal vertices split a tie differently, then sharing ties in proportion gives one answer from either', () => {
    // Node totals from any optimum: node 0 holds 5 of group 0, node 1 holds 5 of group 0 and 3 of group 1.
    const vertexA = [4, 0, 1, 5, 3];
    const vertexB = [0, 4, 5, 1, 3];
    const a = shareTies(tied, [4, 6, 3], vertexA);
    const b = shareTies(tied, [4, 6, 3], vertexB);
    [...a].forEach((v, k) => expect(v).toBeCloseTo(b[k]!, 9));
    // In proportion: each category puts half its pupils at each node (5 of 10 at each).
    expect([...a]).toEqual([2, 2, 3, 3, 3].map((v) => expect.closeTo(v, 9)));
  });

  it("when an arc can carry nothing in any split (the totals force it), then it gets nothing and the split is exact", () => {
    // Row 0 can use nodes 0 and 1, row 1 only node 1; node 1 holds exactly row 1's 6: row 0 cannot use node 1.
    const forced: FlowNetwork = {
      rows: [
        { demand: 4, limit: 4, group: 0 },
        { demand: 6, limit: 6, group: 0 },
      ],
      nodes: [
        { capacity: 4, parent: -1 },
        { capacity: 6, parent: -1 },
      ],
      arcs: [
        { row: 0, node: 0 },
        { row: 0, node: 1 },
        { row: 1, node: 1 },
      ],
    };
    const out = shareTies(forced, [4, 6], [4, 0, 6]);
    expect([...out]).toEqual([4, 0, 6]);
  });

  it('when jslp and HiGHS solve a journey LP with a tie, then after sharing ties the flows are the same', async () => {
    const highs = await loadHighsSolver();
    const { model, arcVariable } = journeyProgramme(tied, [4, 6, 3], [1, 1, 1, 1, 0.5], names, 'j');
    const flows = [jslpSolver.solve(model), highs.solve(model)].map((s) => shareTies(tied, [4, 6, 3], Float64Array.from(arcVariable, (v) => s.values[v]!)));
    flows[0]!.forEach((v, k) => expect(v).toBeCloseTo(flows[1]![k]!, 9));
  });

  it('when rows of one locality reach exactly the same nodes, then they enter the LP as one row and split back in proportion', () => {
    const same: FlowNetwork = { ...tied, rows: tied.rows, arcs: tied.arcs };
    const merged = mergeAlikeRows(same, [4, 6, 3]);
    expect(merged.network.rows.map((r) => r.demand)).toEqual([10, 3]);
    expect([...merged.rowClass]).toEqual([0, 0, 1]);
    expect([...merged.placed]).toEqual([10, 3]);
    expect(merged.network.arcs).toEqual([
      { row: 0, node: 0 },
      { row: 0, node: 1 },
      { row: 1, node: 1 },
    ]);
    expect([...merged.arcClassArc]).toEqual([0, 1, 0, 1, 2]);
  });
});
