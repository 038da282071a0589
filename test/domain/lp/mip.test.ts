import { describe, expect, it } from 'vitest';
import { LpModelBuilder, rowActivities, type LpModel } from '../../../src/domain/lp/linear-model.js';
import { highsSolver, loadHighsModule, loadHighsSolver, type MipSoFar } from '../../../src/domain/lp/solvers/highs-solver.js';
import { jslpSolver } from '../../../src/domain/lp/solvers/jslp-solver.js';
import { threeTownLp } from './three-town-lp.js';
import { loadGlpkSolver } from '../../helpers/glpk-solver.js';
import { expectCertifiedOptimal, relDiff } from '../../helpers/lp-checks.js';

/** A multi-dimensional 0-1 knapsack (maximise value, as a minimisation) from a fixed pseudo-random stream. */
function knapsack(items: number, constraints = 5, seed = 12345): LpModel {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const b = new LpModelBuilder('knapsack');
  const xs = Array.from({ length: items }, (_, j) => b.addVariable(`x${j}`, -Math.round(100 + 900 * rnd()), { upper: 1, integer: true }));
  for (let i = 0; i < constraints; i++) {
    const w = xs.map(() => Math.round(100 + 900 * rnd()));
    b.addRow(`weight${i}`, 'le', Math.round(w.reduce((a, c) => a + c, 0) / 2), xs, w);
  }
  return b.build();
}

function expectFeasible(model: LpModel, values: Float64Array) {
  const act = rowActivities(model, values);
  model.rows.forEach((row, i) => {
    if (row.sense === 'le') expect(act[i]!, row.name).toBeLessThanOrEqual(row.rhs + 1e-6);
    if (row.sense === 'ge') expect(act[i]!, row.name).toBeGreaterThanOrEqual(row.rhs - 1e-6);
    if (row.sense === 'eq') expect(Math.abs(act[i]! - row.rhs), row.name).toBeLessThan(1e-6);
  });
  model.variables.forEach((v, j) => {
    if (v.integer) expect(Math.abs(values[j]! - Math.round(values[j]!)), v.name).toBeLessThan(1e-6);
  });
}

describe('mixed-integer solves', async () => {
  const highs = await loadHighsSolver();
  const glpk = await loadGlpkSolver();

  it('when HiGHS proves an integer optimum, then it reports the bound, a zero gap and the nodes it explored; an LP carries no MIP report', () => {
    const m = knapsack(25);
    const s = highs.solve(m, { relativeGap: 0 });
    expect(s.status).toBe('optimal');
    expect(s.mip!.feasible).toBe(true);
    expect(s.mip!.gap).toBeLessThanOrEqual(1e-9);
    expect(s.mip!.bound).toBeCloseTo(s.objective, 6);
    expectFeasible(m, s.values);
    expect(highs.solve(threeTownLp()).mip).toBeUndefined();
  });

  it('when HiGHS solves a MIP with a progress hook, then the hook hears the gap so far, never below the gap proven at the end; an LP calls it never', async () => {
    const heard: MipSoFar[] = [];
    const hooked = highsSolver(await loadHighsModule(), {}, { onMipProgress: (p) => heard.push(p) });
    const m = knapsack(30, 5);
    const s = hooked.solve(m, { relativeGap: 0 });
    expect(s.status).toBe('optimal');
    const gaps = heard.map((p) => p.gap).filter(Number.isFinite);
    expect(gaps.length).toBeGreaterThan(0);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(s.mip!.gap - 1e-9);
    expect(heard.every((p) => p.seconds >= 0)).toBe(true);
    heard.length = 0;
    hooked.solve(threeTownLp());
    expect(heard).toEqual([]);
  });

  it('when GLPK solves the same integer model, then it reaches the same optimum (an independent check)', () => {
    const m = knapsack(25);
    const a = highs.solve(m, { relativeGap: 0 });
    const b = glpk.solve(m, { relativeGap: 0 });
    expect(b.status).toBe('optimal');
    expect(b.solver).toBe('glpk');
    expect(b.objective).toBeCloseTo(a.objective, 6);
    expectFeasible(m, b.values);
  });

  it('when the time limit stops a hard MIP, then the best plan found is returned with its proven bound and gap', () => {
    // This 60-item, 5-constraint knapsack takes HiGHS about 2 s to prove optimal (-22,882) on the
    // development machine; at 100 ms it is still at the root node, with heuristic solutions only.
    const m = knapsack(60);
    const s = highs.solve(m, { timeLimitMs: 100, relativeGap: 0 });
    expect(s.status).toBe('time-limit');
    expect(s.mip!.feasible).toBe(true);
    expect(Number.isFinite(s.objective)).toBe(true);
    expect(s.mip!.bound).toBeLessThanOrEqual(s.objective);
    expect(s.mip!.gap).toBeGreaterThan(0);
    expect(s.objective).toBeGreaterThanOrEqual(-22_882); // never better than the true optimum
    expectFeasible(m, s.values);
  });

  it('when a relative gap target is given, then HiGHS stops as soon as the proven gap is within it', () => {
    const m = knapsack(60);
    const s = highs.solve(m, { relativeGap: 0.05, timeLimitMs: 30_000 });
    expect(s.status).toBe('optimal');
    expect(s.mip!.gap).toBeLessThanOrEqual(0.05);
    expect(s.mip!.bound).toBeLessThanOrEqual(-22_882 + 1e-6);
    expect(s.objective).toBeGreaterThanOrEqual(-22_882);
  });

  it('when an integer model is infeasible, then HiGHS and GLPK both say so', () => {
    const b = new LpModelBuilder('none');
    const x = b.addVariable('x', 1, { integer: true, upper: 10 });
    b.addRow('between', 'ge', 0.2, [x], [1]);
    b.addRow('below', 'le', 0.8, [x], [1]);
    expect(highs.solve(b.build()).status).toBe('infeasible');
    expect(glpk.solve(b.build()).status).toBe('infeasible');
  });
});

describe('GLPK as the independent LP check', async () => {
  const glpk = await loadGlpkSolver();
  const highs = await loadHighsSolver();

  it('when GLPK solves the three-town transportation LP, then its objective and duals agree with HiGHS and jslp and certify optimality', () => {
    const built = { model: threeTownLp() };
    const g = glpk.solve(built.model);
    expectCertifiedOptimal(built.model, g);
    const h = highs.solve(built.model);
    expect(relDiff(g.objective, h.objective)).toBeLessThan(1e-9);
    expect(relDiff(g.objective, jslpSolver.solve(built.model).objective)).toBeLessThan(1e-9);
    // The fixture's optimum is non-degenerate, so the duals are unique.
    built.model.rows.forEach((row, i) => expect(g.rowDuals![i]!, row.name).toBeCloseTo(h.rowDuals![i]!, 6));
  });

  it('when variables have bounds, then GLPK honours them as HiGHS does', () => {
    const b = new LpModelBuilder('bounded');
    const x = b.addVariable('x', -1, { upper: 2.5, integer: true });
    const y = b.addVariable('y', -1, { lower: 0.5, upper: 3 });
    const z = b.addVariable('z', 1, { lower: -2, upper: 4 });
    b.addRow('cap', 'le', 4.2, [x, y], [1, 1]);
    b.addRow('zfloor', 'ge', -1.5, [z], [1]);
    const g = glpk.solve(b.build());
    expect(g.status).toBe('optimal');
    expect([...g.values]).toEqual([2, expect.closeTo(2.2, 9), -1.5]);
    expect(g.objective).toBeCloseTo(highs.solve(b.build()).objective, 9);
  });
});
