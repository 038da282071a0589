import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHighsSolver } from '../../../src/domain/lp/solvers/highs-solver.js';
import { buildPlanModel, withBuildsFixed } from '../../../src/domain/plan/build-plan-model.js';
import { explainPlan } from '../../../src/domain/plan/explain-plan.js';
import { planFromSufficiency } from '../../../src/domain/plan/from-sufficiency.js';
import { greedyPlan } from '../../../src/domain/plan/greedy-plan.js';
import { noBuilds, solveExactPlan } from '../../../src/domain/plan/solve-plan.js';
import { loadDataset } from '../../../src/domain/dataset.js';
import { assembleInputs } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { demandModelSource } from '../../../src/domain/sufficiency/demand-model-source.js';
import { scenarioSchema } from '../../../src/domain/sufficiency/scenario.js';
import { loadError, withEditedJson } from '../../helpers/data-files.js';

describe("Kent's district-level 2026 plan on the real data", async () => {
  const registry = loadDataset(resolve('models/kent'));
  const inputs = assembleInputs(scenarioSchema.parse({ id: 't', name: 't', year: 2026, level: 'district' }), registry, { demand: demandModelSource(registry) }).inputs;
  const highs = await loadHighsSolver();
  const budget = 5_000_000;
  const instance = planFromSufficiency(inputs, registry, { budgets: { perYear: [budget], total: null } });
  const pm = buildPlanModel(instance);
  const exact = solveExactPlan(pm, highs, { relativeGap: 1e-4, timeLimitMs: 60_000 });

  it('when candidates are placed, then every figure has a basis, pooled bases name their schools, and nothing opens before its year', () => {
    expect(instance.candidates.length).toBeGreaterThan(100);
    for (const k of instance.candidates) {
      for (const b of Object.values(k.basis)) expect(b, k.id).toMatch(/^(source|estimate):/);
      expect(k.earliestYear).toBeLessThanOrEqual(2026);
      if (k.kind === 'specialist-base') {
        expect(k.sites.length, k.id).toBe(k.maxUnits);
        expect(k.sites.every((s) => !registry.schoolByUrn.get(s.urn)!.isSpecial)).toBe(true);
      }
    }
    expect(new Set(instance.candidates.map((k) => k.kind))).toEqual(new Set(['specialist-base', 'special-school-expansion', 'satellite', 'redesignation']));
  });

  it('when solved exactly, then the plan is within budget, proven within the gap target, and places fewer pupils outside state provision than building nothing', () => {
    expect(exact.status).toBe('optimal');
    expect(exact.gap!).toBeLessThanOrEqual(1e-4);
    expect(exact.bound!).toBeLessThanOrEqual(exact.objective + 1e-6 * Math.abs(exact.objective));
    expect(exact.totals.capital).toBeLessThanOrEqual(budget);
    expect(exact.builds.length).toBeGreaterThan(0);
    const nothing = highs.solve(withBuildsFixed(pm, noBuilds(pm)));
    const without = instance.cells.reduce((s, _, r) => s + [pm.independentVar[r]![0]!, pm.unmetVar[r]![0]!].reduce((a, v) => a + (v >= 0 ? nothing.values[v]! : 0), 0), 0);
    // Every new place is used by a pupil who would otherwise have had no state place.
    const places = exact.builds.reduce((s, b) => s + b.places, 0);
    expect(without - exact.totals.withoutStatePlace).toBeCloseTo(places, 6);
    expect(exact.objective).toBeLessThan(nothing.objective);
  });

  it('when the greedy builder runs on the same instance, then its plan is feasible and never better than the exact one', () => {
    const greedy = greedyPlan(pm, highs);
    expect(greedy.totals.capital).toBeLessThanOrEqual(budget);
    expect(greedy.objective).toBeGreaterThanOrEqual(exact.objective - exact.gap! * Math.abs(exact.objective) - 1e-6);
    expect(greedy.totals.withoutStatePlace).toBeGreaterThanOrEqual(exact.totals.withoutStatePlace - 1e-6);
  });

  it('when the plan is explained, then every build has its marginal worth and a reason, and complex learning needs have no base to go to', () => {
    const special = explainPlan(pm, exact, highs);
    for (const b of exact.builds) {
      expect(b.reasons[0]!.kind).toBe('marginal');
      expect(b.reasons[0]!.text).toMatch(/^without it, the plan leaves \d+ more pupil\(s\) without a state place/);
      expect(b.reasons.length, b.candidate).toBeGreaterThanOrEqual(2);
    }
    const cln = special.filter((s) => s.category === 'CLN');
    expect(cln.length).toBeGreaterThan(0);
    expect(cln.every((s) => s.kind === 'no-base-can-meet')).toBe(true);
    expect(cln[0]!.text).toMatch(/^no specialist base, existing or candidate, takes CLN \w+ pupils from [A-Z][a-z]/);
  });
});

describe('plan-candidates.json is validated at start-up', () => {
  it('when a base size is not a whole number of places, then loading stops naming the file, row and field', () => {
    const err = loadError(withEditedJson('plan-candidates.json', (doc: any) => (doc.candidates[0].sizes = [8, 0])));
    expect([err.file, err.row, err.field]).toEqual(['plan-candidates.json', 'candidates[0]', 'sizes.1']);
  });

  it('when a satellite host is not a special school, then loading stops naming the row and field', () => {
    const err = loadError(withEditedJson('plan-candidates.json', (doc: any) => (doc.candidates[6].hosts = [118254])));
    expect(err.row).toBe('candidates[6]');
    expect(err.field).toBe('hosts.0');
    expect(err.problem).toBe('URN 118254 is not a special school');
  });

  it('when a cost has no basis label, then loading stops naming the field', () => {
    const err = loadError(withEditedJson('plan-candidates.json', (doc: any) => (doc.costs['specialist-base'].capitalBasis = 'DfE figure')));
    expect(err.field).toBe('costs.specialist-base.capitalBasis');
    expect(err.problem).toMatch(/source:|estimate:/);
  });
});
