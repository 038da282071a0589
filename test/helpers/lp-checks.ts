import { expect } from 'vitest';
import type { LpModel } from '../../src/domain/lp/linear-model.js';
import type { LpSolution } from '../../src/domain/lp/solvers/solver.js';

export const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Checks a solution is optimal by LP duality, independently of the solver: primal feasible, dual
 * feasible (reduced costs >= 0 for variables at lower bound 0 with no upper bound; row duals have the
 * right sign), and the dual objective sum(rhs x dual) equals the primal objective.
 */
export function expectCertifiedOptimal(model: LpModel, s: LpSolution, tol = 1e-6) {
  expect(model.variables.every((v) => v.lower === 0 && v.upper === Infinity), 'the check assumes bounds [0, inf)').toBe(true);
  expect(s.status).toBe('optimal');
  const duals = s.rowDuals!;
  const reduced = model.variables.map((v) => v.cost);
  let dualObjective = 0;
  model.rows.forEach((row, i) => {
    let lhs = 0;
    for (let k = 0; k < row.vars.length; k++) {
      lhs += row.coefs[k]! * s.values[row.vars[k]!]!;
      reduced[row.vars[k]!]! -= row.coefs[k]! * duals[i]!;
    }
    if (row.sense === 'eq') expect(Math.abs(lhs - row.rhs), row.name).toBeLessThan(tol * Math.max(1, row.rhs));
    if (row.sense === 'le') {
      expect(lhs, row.name).toBeLessThanOrEqual(row.rhs + tol * Math.max(1, row.rhs));
      expect(duals[i]!, row.name).toBeLessThanOrEqual(tol);
    }
    if (row.sense === 'ge') {
      expect(lhs, row.name).toBeGreaterThanOrEqual(row.rhs - tol * Math.max(1, row.rhs));
      expect(duals[i]!, row.name).toBeGreaterThanOrEqual(-tol);
    }
    dualObjective += row.rhs * duals[i]!;
  });
  model.variables.forEach((v, j) => {
    expect(s.values[j]!, v.name).toBeGreaterThanOrEqual(-tol);
    expect(reduced[j]!, `reduced cost of ${v.name}`).toBeGreaterThanOrEqual(-tol * Math.max(1, Math.abs(v.cost)));
  });
  expect(relDiff(dualObjective, s.objective)).toBeLessThan(1e-7);
}

