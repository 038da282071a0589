import loadHighs from 'highs';
import jslp from 'javascript-lp-solver';
import { describe, expect, it } from 'vitest';
import { toCplexLp } from '../../../src/domain/lp/cplex-lp.js';
import { LpModelBuilder } from '../../../src/domain/lp/linear-model.js';
import { chooseSolver, JSLP_AUTO_MAX_BYTES, SolverRefusedError } from '../../../src/domain/lp/solvers/choose-solver.js';
import { loadHighsSolver } from '../../../src/domain/lp/solvers/highs-solver.js';
import { jslpSolver, jslpTableauBytes } from '../../../src/domain/lp/solvers/jslp-solver.js';
import { expectCertifiedOptimal, relDiff } from '../../helpers/lp-checks.js';
import { threeTownLp } from './three-town-lp.js';


describe('the LP solvers on the three-town fixture', async () => {
  const highs = await loadHighsSolver();
  const built = { model: threeTownLp() };

  it('when solved by jslp and by HiGHS, then both reach the hand-computed optimum', () => {
    // By hand: A's 6 CLN primary pupils at School One (5 min each) = 30; B's 5 CLN primary compete for the
    // 4 remaining places (32.17 min each = 128.69) and 1 goes independent (10,000); C's 4 CLN primary are
    // beyond reach: independent (40,000); A's 3 SEMH secondary travel 72.93 min to School Two (218.80);
    // A's 2 ASD primary go to B's unit (64.35); C's 3 ASD primary have no unit in reach and no fallback
    // (300,000); outreach: A's 4 from School One (4 x 5 = 20); C's 6: 2 from School Two (10), 1 from
    // the team (0), 3 unmet (30,000).
    const t = (5 + (60 * 1.3 * 13.9) / 40);
    expect(t).toBeCloseTo(32.1, 0);
    const byHand = 30 + 4 * 32.173343441808065 + 10_000 + 40_000 + 3 * 72.93324862827448 + 2 * 32.173343441808065 + 300_000 + 20 + 10 + 30_000;
    for (const s of [jslpSolver.solve(built.model), highs.solve(built.model)]) {
      expect(s.status, s.solver).toBe('optimal');
      expect(relDiff(s.objective, byHand), s.solver).toBeLessThan(1e-9);
    }
  });

  it('when both solve it, then their duals agree and certify optimality', () => {
    const a = jslpSolver.solve(built.model);
    const b = highs.solve(built.model);
    expectCertifiedOptimal(built.model, a);
    expectCertifiedOptimal(built.model, b);
    // This fixture's optimum is non-degenerate, so the duals are unique and must match.
    for (let i = 0; i < built.model.rows.length; i++) expect(a.rowDuals![i]!).toBeCloseTo(b.rowDuals![i]!, 6);
    const capacity = built.model.rows.findIndex((r) => r.name === 'places.special_1');
    // One more place at School One takes B's independent pupil (saves 10,000, costs 32.17 of travel).
    expect(b.rowDuals![capacity]!).toBeCloseTo(-(10_000 - 32.173343441808065), 6);
  });

  it('when jslp has solved, then it no longer holds the last model in memory', () => {
    jslpSolver.solve(built.model);
    expect(jslp.lastSolvedModel).toBeNull();
  });

  it('when a model is infeasible, then both solvers say so', () => {
    const b = new LpModelBuilder('bad');
    const x = b.addVariable('x', 1);
    b.addRow('low', 'ge', 2, [x], [1]);
    b.addRow('high', 'le', 1, [x], [1]);
    const m = b.build();
    expect(jslpSolver.solve(m).status).toBe('infeasible');
    expect(highs.solve(m).status).toBe('infeasible');
  });

  it('when variables have bounds and are integer, then HiGHS honours them and the LP export solves to the same optimum', async () => {
    const b = new LpModelBuilder('bounded');
    const x = b.addVariable('x', -1, { upper: 2.5, integer: true });
    const y = b.addVariable('y', -1, { lower: 0.5, upper: 3 });
    b.addRow('cap', 'le', 4.2, [x, y], [1, 1]);
    const m = b.build();
    const s = highs.solve(m);
    expect(s.status).toBe('optimal');
    expect(s.values[0]).toBe(2);
    expect(s.values[1]).toBeCloseTo(2.2, 9);
    expect(s.rowDuals).toBeNull();
    const lp = toCplexLp(m);
    expect(lp).toMatch(/Bounds\n x <= 2.5\n 0.5 <= y <= 3\nGenerals\n x\nEnd/);
    const raw = (await loadHighs()).solve(lp, {});
    expect(raw.Status).toBe('Optimal');
    expect(raw.ObjectiveValue).toBeCloseTo(s.objective, 9);
  });

  it('when the fixture model is exported as CPLEX LP text and solved by HiGHS from the text, then the optimum equals the run', async () => {
    const lp = toCplexLp(built.model, ['three-town fixture']);
    expect(lp.startsWith('\\ three-town fixture\nMinimize\n objective:')).toBe(true);
    expect(lp).toContain(' demand.B.CLN.primary: place.B.CLN.primary.special_1 + independent.B.CLN.primary + unmet.B.CLN.primary = 5');
    expect(lp).toContain(' places.special_1: place.A.CLN.primary.special_1 + place.B.CLN.primary.special_1 <= 10');
    const raw = (await loadHighs()).solve(lp, {});
    expect(raw.Status).toBe('Optimal');
    expect(relDiff(raw.ObjectiveValue, jslpSolver.solve(built.model).objective)).toBeLessThan(1e-9);
  });
});

describe('choosing a solver', () => {
  const small = threeTownLp();

  it('when the model is small and continuous, then auto takes jslp; integer models go to HiGHS', () => {
    expect(chooseSolver(small, 'auto').solver).toBe('jslp');
    expect(chooseSolver(threeTownLp({ integer: true }), 'auto')).toEqual({ solver: 'highs', reason: 'auto: integer model' });
    expect(chooseSolver(small, 'highs').solver).toBe('highs');
  });

  it("when jslp's dense tableau would pass the threshold, then auto takes HiGHS and an explicit jslp is refused when huge", () => {
    const wideModel = (columns: number, ineqRows: number, eqRows: number) => {
      const b = new LpModelBuilder('wide');
      const vars = Array.from({ length: columns }, (_, i) => b.addVariable(`x${i}`, 1));
      for (let r = 0; r < ineqRows; r++) b.addRow(`r${r}`, 'ge', 1, [vars[r]!], [1]);
      for (let r = ineqRows; r < ineqRows + eqRows; r++) b.addRow(`r${r}`, 'eq', 1, [vars[r]!], [1]);
      return b.build();
    };
    // 8 bytes x (rows + cost row, equalities twice) x (columns + rhs)
    expect(jslpTableauBytes(wideModel(3000, 400, 0))).toBe(8 * 401 * 3001);
    expect(jslpTableauBytes(wideModel(3000, 400, 200))).toBe(8 * (1 + 400 + 2 * 200) * 3001);
    const columnsAtThreshold = Math.floor(JSLP_AUTO_MAX_BYTES / (8 * 401)) - 1;
    expect(chooseSolver(wideModel(columnsAtThreshold, 400, 0), 'auto').solver).toBe('jslp');
    expect(chooseSolver(wideModel(columnsAtThreshold + 10, 400, 0), 'auto').solver).toBe('highs');
    const huge = new LpModelBuilder('huge');
    const hv = Array.from({ length: 30_000 }, (_, i) => huge.addVariable(`x${i}`, 1));
    for (let r = 0; r < 3000; r++) huge.addRow(`r${r}`, 'ge', 1, [hv[r]!], [1]);
    expect(chooseSolver(huge.build(), 'auto').solver).toBe('highs');
    expect(() => chooseSolver(huge.build(), 'jslp')).toThrow(SolverRefusedError);
  });
});
