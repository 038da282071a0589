import { describe, expect, it } from 'vitest';
import { loadHighsSolver } from '../../../src/domain/lp/solvers/highs-solver.js';
import { buildPlanModel } from '../../../src/domain/plan/build-plan-model.js';
import { solveExactPlan } from '../../../src/domain/plan/solve-plan.js';
import { loadGlpkSolver } from '../../helpers/glpk-solver.js';
import { parseWarehouseInstance, warehousePlanInstance } from '../../helpers/or-library.js';

/**
 * A capacity-binding case in OR-Library's format (the published instances never bind capacity).
 * Four warehouses, three customers with demand 8, 7, 6 (21 in all); the file's c_ij is the cost of
 * serving ALL of customer j from warehouse i, i.e. (cost per unit) x d_j.
 *
 *   warehouse  capacity  fixed   per unit: c1  c2   c3
 *   A              10     100               1   2    6
 *   B              10     100               6   2    1
 *   C               6      50               4   4    4
 *   D              12     130               2   2.5  2
 *
 * Without capacities the best plan opens C alone: 50 + 21 x 4 = 134 (a single A, B or D costs 158,
 * 168 or 175.5; any other set pays >= 150 in fixed costs before moving a unit). C holds only 6.
 * With capacities, by enumeration of the warehouse sets holding >= 21:
 * - {A,B} holds 20, {A,C} and {B,C} 16, {C,D} 18, any single one <= 12: infeasible.
 * - {A,D} (22 places), fixed 230. Customer 1 to A (8 x 1), customer 3 to D (6 x 2); customer 2
 *   prefers A (2 < 2.5) but A has room for 2 only, so 2 at A (4) and 5 at D (12.5): 36.5, total 266.5.
 *   Moving anything else costs more (a customer-1 unit to D: +1), so A is full at the optimum.
 * - {B,D} (22), fixed 230: customer 3 to B (6), 4 of customer 2 at B (8), 3 at D (7.5), customer 1 at
 *   D (16): 37.5, total 267.5.
 * - {A,B,C} (26), fixed 250: every unit at its cheapest (8 + 14 + 6 = 28) except the one that A and B
 *   cannot hold, whose cheapest move to C is a customer-2 unit (+2): 280.
 * - Any other feasible set has fixed costs >= 280 (A+C+D, B+C+D) or 330 (A+B+D).
 * So the optimum is 266.5 with {A, D}, and A's capacity binds.
 */
const FILE = `4 3
 10 100.
 10 100.
 6 50.
 12 130.
 8
 8 48 32 16
 7
 14 14 28 17.5
 6
 36 6 24 12
`;

describe('a capacity-binding facility-location case, proved by hand', async () => {
  const highs = await loadHighsSolver();
  const glpk = await loadGlpkSolver();
  const w = parseWarehouseInstance('binding', FILE);

  it('when solved through the plan builder, then HiGHS finds 266.5 opening A and D, with A full', () => {
    const pm = buildPlanModel(warehousePlanInstance(w));
    const plan = solveExactPlan(pm, highs, { relativeGap: 0 });
    expect(plan.status).toBe('optimal');
    expect(plan.objective).toBeCloseTo(266.5, 9);
    expect(plan.builds.map((b) => b.candidate)).toEqual(['warehouse1', 'warehouse4']);
    expect(plan.builds[0]!.pupilsPlaced).toBeCloseTo(10, 9);
  });

  it('when GLPK solves the same model, then it confirms 266.5, with and without the linking rows', () => {
    for (const strengthen of [true, false]) {
      const s = glpk.solve(buildPlanModel(warehousePlanInstance(w, { strengthen })).model, { relativeGap: 0 });
      expect(s.status).toBe('optimal');
      expect(s.objective).toBeCloseTo(266.5, 9);
    }
  });

  it('when the capacities are lifted, then the uncapacitated optimum, C alone at 134, returns: capacity is what decides', () => {
    const lifted = { ...w, capacity: w.capacity.map(() => 21) };
    const plan = solveExactPlan(buildPlanModel(warehousePlanInstance(lifted)), highs, { relativeGap: 0 });
    expect(plan.objective).toBeCloseTo(134, 9);
    expect(plan.builds.map((b) => b.candidate)).toEqual(['warehouse3']);
  });
});
