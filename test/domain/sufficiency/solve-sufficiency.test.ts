/**
 * The sufficiency model at Kent scale, solved: invariants on the result, the two solvers agreeing,
 * the LP export reproducing the objective, and runs reproducing themselves. Demand comes from a test
 * fixture (test/helpers/fixture-demand.ts), so these tests exercise the LP, not the demand model.
 */
import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { loadHighsSolver } from '../../../src/domain/lp/solvers/highs-solver.js';
import { jslpSolver } from '../../../src/domain/lp/solvers/jslp-solver.js';
import { assembleInputs } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { buildSufficiencyModel } from '../../../src/domain/sufficiency/build-model.js';
import type { SufficiencyInputs } from '../../../src/domain/sufficiency/inputs.js';
import { scenarioSchema, type ScenarioInput } from '../../../src/domain/sufficiency/scenario.js';
import { solveSufficiency, sufficiencyLp, type SufficiencyTask } from '../../../src/domain/sufficiency/solve-sufficiency.js';
import { kentRegistry } from '../../helpers/app.js';
import { fixtureDemandSource } from '../../helpers/fixture-demand.js';
import { expectCertifiedOptimal, relDiff } from '../../helpers/lp-checks.js';
import { threeTownInputs } from './fixtures.js';

const registry = kentRegistry();

function kentTask(input: Partial<ScenarioInput>, solver: SufficiencyTask['solver'] = 'highs'): SufficiencyTask {
  const scenario = scenarioSchema.parse({ id: 'test', name: 'test', year: 2025, ...input });
  const { inputs, assumptions, notes } = assembleInputs(scenario, registry, { demand: fixtureDemandSource(registry) });
  return { inputs, meta: { scenarioId: scenario.id, scenarioName: scenario.name, designationSet: scenario.designationSet, assumptions, notes }, solver };
}

/** An MSOA-level Kent model small enough for jslp's dense tableau: secondary SEMH and primary HI demand, no outreach. */
function msoaSubset(inputs: SufficiencyInputs): SufficiencyInputs {
  return {
    ...inputs,
    demand: inputs.demand.filter((d) => (d.category === 'SEMH' && d.phase === 'secondary') || (d.category === 'SRP-HI' && d.phase === 'primary')),
    outreachDemand: [],
  };
}

describe('Kent-scale sufficiency runs', async () => {
  const highs = await loadHighsSolver();
  const district = kentTask({ level: 'district' });
  const districtBuilt = buildSufficiencyModel(district.inputs);

  it('when the district baseline is solved by jslp and by HiGHS, then the objectives agree to 1e-6 and both certify optimality', () => {
    const a = jslpSolver.solve(districtBuilt.model);
    const b = highs.solve(districtBuilt.model);
    expect(relDiff(a.objective, b.objective)).toBeLessThan(1e-6);
    expectCertifiedOptimal(districtBuilt.model, a, 1e-6);
    expectCertifiedOptimal(districtBuilt.model, b, 1e-6);
  });

  it('when an MSOA-level Kent model is solved by jslp and by HiGHS, then the objectives agree to 1e-6', () => {
    const msoa = kentTask({ level: 'msoa', designationSet: 'proposed' });
    const built = buildSufficiencyModel(msoaSubset(msoa.inputs));
    expect(built.cells.length).toBeGreaterThan(300);
    const a = jslpSolver.solve(built.model);
    const b = highs.solve(built.model);
    expect(a.status).toBe('optimal');
    expect(relDiff(a.objective, b.objective)).toBeLessThan(1e-6);
    expectCertifiedOptimal(built.model, b, 1e-6);
  });

  it('when the MSOA baseline is solved, then every row balances, no provision is over capacity and no placement is beyond its travel limit', async () => {
    const task = kentTask({ level: 'msoa' });
    const built = buildSufficiencyModel(task.inputs);
    const solution = highs.solve(built.model);
    for (const arc of built.arcs) {
      if (solution.values[arc.variable]! <= 1e-9) continue;
      const limit = task.inputs.travel.limits[built.cells[arc.cell]!.phase];
      expect(arc.minutes).toBeLessThanOrEqual(limit.minutes!);
    }
    const result = await solveSufficiency(task);
    expect(result.byLocality.length).toBe(built.cells.length);
    for (const row of result.byLocality) {
      expect(row.placedLocal + row.placedElsewhere + row.placedIndependent + row.unmet, `${row.locality} ${row.category} ${row.phase}`).toBeCloseTo(row.demand, 3);
      if (row.meanMinutes !== null) expect(row.p95Minutes!).toBeLessThanOrEqual(task.inputs.travel.limits[row.phase].minutes! + 1e-9);
    }
    for (const p of result.provisions) expect(p.used, p.id).toBeLessThanOrEqual(p.capacity + 1e-6);
    for (const o of result.outreach) expect(o.supplied + o.unmet).toBeCloseTo(o.demand, 3);
    expect(result.totals.placedLocal + result.totals.placedElsewhere + result.totals.placedIndependent + result.totals.unmet).toBeCloseTo(result.totals.demand, 2);
    expect(Math.abs(result.independent.cost - result.independent.placements * 52_000)).toBeLessThanOrEqual(52_000 * 1e-4);
  });

  it('when the same scenario runs twice, then the hash and the result are the same (apart from timings)', async () => {
    const first = await solveSufficiency(kentTask({ level: 'district' }, 'auto'));
    const second = await solveSufficiency(kentTask({ level: 'district' }, 'auto'));
    expect(second.inputsHash).toBe(first.inputsHash);
    expect(first.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    const untimed = (r: typeof first) => ({ ...r, solver: { ...r.solver, buildMs: 0, solveMs: 0 } });
    expect(untimed(second)).toEqual(untimed(first));
    const other = await solveSufficiency(kentTask({ level: 'district', travel: { limits: { primary: { minutes: 30 } } } }, 'auto'));
    expect(other.inputsHash).not.toBe(first.inputsHash);
  });

  it("when the run's LP export is solved by HiGHS from the text, then its optimum equals the run's objective", async () => {
    const result = await solveSufficiency(district);
    const lp = sufficiencyLp(district.inputs, ['district baseline']);
    const raw = (await loadHighs()).solve(lp, {});
    expect(raw.Status).toBe('Optimal');
    expect(relDiff(raw.ObjectiveValue, result.objective)).toBeLessThan(1e-9);
  });

  it('when whole pupils are asked for, then HiGHS places whole pupils, no marginal values are given, and the LP relaxation bounds it', async () => {
    const inputs = { ...threeTownInputs({ integer: true }), demand: [
      { locality: 'A', category: 'CLN' as const, phase: 'primary' as const, count: 7.4 },
      { locality: 'B', category: 'CLN' as const, phase: 'primary' as const, count: 5.2 },
    ] };
    const whole = await solveSufficiency({ inputs, meta: district.meta, solver: 'auto' });
    expect(whole.solver).toMatchObject({ name: 'highs', integer: true });
    for (const row of whole.byLocality) {
      for (const v of [row.placedLocal, row.placedElsewhere, row.placedIndependent]) expect(Number.isInteger(Math.round(v * 1e6) / 1e6)).toBe(true);
    }
    expect(whole.provisions.every((p) => p.marginalValue === null)).toBe(true);
    expect(whole.warnings.join(' ')).toContain('rounded to whole pupils (total 12.6 -> 12)');
    const relaxed = buildSufficiencyModel(inputs).model;
    relaxed.variables.forEach((v) => (v.integer = false));
    expect(highs.solve(relaxed).objective).toBeLessThanOrEqual(whole.objective + 1e-6);
  });

  it('when a provision has spare places, then its marginal value is zero; when full and needed, positive', async () => {
    const result = await solveSufficiency(district);
    for (const p of result.provisions) {
      if (p.utilisation !== null && p.utilisation < 0.999) expect(p.marginalValue, p.id).toBeCloseTo(0, 6);
    }
    const short = result.byLocality.filter((r) => r.placedIndependent > 0.01 && r.shortfallBasis !== 'no-provision-in-reach');
    expect(short.length).toBeGreaterThan(0);
    // A full provision in reach of a row with independent placements saves at least the penalty minus travel.
    expect(result.provisions.some((p) => (p.marginalValue ?? 0) > 10_000 - 200)).toBe(true);
  });
});
