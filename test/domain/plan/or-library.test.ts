import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHighsSolver } from '../../../src/domain/lp/solvers/highs-solver.js';
import { buildPlanModel } from '../../../src/domain/plan/build-plan-model.js';
import { solveExactPlan } from '../../../src/domain/plan/solve-plan.js';
import { parseWarehouseInstance, readWarehouseInstance, warehousePlanInstance } from '../../helpers/or-library.js';

/** OR-Library's published optima (capopt; see test/fixtures/or-library/README.md): three decimals. */
const PUBLISHED: Record<string, number> = {
  cap71: 932615.75,
  cap72: 977799.4,
  cap73: 1010641.45,
  cap74: 1034976.975,
  cap101: 796648.437,
  cap102: 854704.2,
  cap103: 893782.112,
  cap104: 928941.75,
  cap131: 793439.562,
  cap132: 851495.325,
  cap133: 893076.712,
  cap134: 928941.75,
};

const fixture = (name: string) => readWarehouseInstance(resolve('test/fixtures/or-library', `${name}.txt`), name);

describe('reading OR-Library capacitated warehouse files', () => {
  it('when cap71 is read, then it has 16 warehouses of capacity 58,268, 50 customers whose demand adds up to that, and warehouse 11 costs nothing to open', () => {
    const w = fixture('cap71');
    expect(w.capacity).toHaveLength(16);
    expect(w.demand).toHaveLength(50);
    expect(new Set(w.capacity)).toEqual(new Set([58268]));
    expect(w.demand.reduce((a, b) => a + b, 0)).toBe(58268);
    expect(w.fixedCost[10]).toBe(0);
    expect(w.fixedCost[0]).toBe(7500);
    expect(w.demand[0]).toBe(146);
    expect(w.cost[0]![0]).toBe(6739.725);
    expect(w.cost[15]![49]).toBeGreaterThan(0);
  });

  it('when a file is cut short or holds a word, then the parser says which token is wrong', () => {
    expect(() => parseWarehouseInstance('bad', '2 1\n 10 5.\n 10 x\n 3 1 2\n')).toThrow(/bad: token 6 \(fixed cost 2\) is x/);
    expect(() => parseWarehouseInstance('short', '2 1\n 10 5.\n 10 7.\n 3 1\n')).toThrow(/short: token 9 .* is missing/);
    expect(() => parseWarehouseInstance('long', '1 1\n 10 5.\n 3 1\n 4\n')).toThrow(/long: 1 tokens left over/);
  });
});

describe('the plan builder on OR-Library instances (capacitated warehouse location, Beasley 1988)', async () => {
  const highs = await loadHighsSolver();

  for (const [name, optimum] of Object.entries(PUBLISHED)) {
    it(`when ${name} is solved through the plan's own MIP path, then the optimum matches the published ${optimum} to 0.001`, () => {
      const w = fixture(name);
      const pm = buildPlanModel(warehousePlanInstance(w));
      const plan = solveExactPlan(pm, highs, { relativeGap: 0 });
      expect(plan.status).toBe('optimal');
      expect(Math.abs(plan.objective - optimum)).toBeLessThan(0.001);
      expect(plan.gap).toBeLessThanOrEqual(1e-9);
      // The objective is the plan's own: fixed costs of the warehouses it opens plus allocation costs.
      const fixed = plan.builds.reduce((s, b) => s + b.capital, 0);
      expect(plan.totals.capital).toBe(fixed);
      expect(plan.builds.every((b) => b.units === 1 && b.places === 58268)).toBe(true);
      expect(plan.totals.withoutStatePlace).toBe(0);
    });
  }

  it('when cap71 is built, then the compiled model has one yes/no build per warehouse costing its fixed cost, and one demand row per customer', () => {
    const w = fixture('cap71');
    const pm = buildPlanModel(warehousePlanInstance(w));
    const builds = pm.model.variables.filter((v) => v.name.startsWith('build.'));
    expect(builds.map((v) => [v.cost, v.upper, v.integer])).toEqual(w.fixedCost.map((f) => [f, 1, true]));
    const demand = pm.model.rows.filter((r) => r.name.startsWith('demand.'));
    expect(demand.map((r) => [r.sense, r.rhs])).toEqual(w.demand.map((d) => ['eq', d]));
    // Linking rows x_ij <= d_j y_i: one per (customer, warehouse).
    expect(pm.model.rows.filter((r) => r.name.startsWith('link.'))).toHaveLength(16 * 50);
    // Allocation cost per unit: c_ij / d_j.
    const first = pm.model.variables.find((v) => v.name === 'place.customer1.new.warehouse1.0')!;
    expect(first.cost).toBeCloseTo(6739.725 / 146, 12);
  });
});
