import { describe, expect, it } from 'vitest';
import { assertUniqueNames, type LpModel } from '../../../src/domain/lp/linear-model.js';
import { loadHighsSolver } from '../../../src/domain/lp/solvers/highs-solver.js';
import { buildPlanModel, planWeightWarnings, withBuildsFixed } from '../../../src/domain/plan/build-plan-model.js';
import { greedyPlan } from '../../../src/domain/plan/greedy-plan.js';
import type { PlanInstance } from '../../../src/domain/plan/plan-instance.js';
import { noBuilds, solveExactPlan } from '../../../src/domain/plan/solve-plan.js';
import { loadGlpkSolver } from '../../helpers/glpk-solver.js';

const basis = { capital: 'estimate: test', running: 'estimate: test', earliestYear: 'estimate: test', places: 'estimate: test' };

/**
 * Two years (2026, 2027). One cell: 10 pupils in 2026, 14 in 2027, who may go independent
 * (1,000 a year) or unplaced. One existing provision with 6 places, 10 minutes away. Candidates: a
 * base of 4 places a unit (2 units at most, in group g, capital 100 a unit, running 5 a place a year,
 * 20 minutes away) and a redesignation of 2 of the existing provision's places (from 2027) to a
 * category this cell is not in. Budgets 100 a year and 150 in total. Weights: 10,000 per pupil-year
 * without a state place, 10,000 more with none, 1 per minute, 0.5 per pound of capital.
 */
function twoYears(over: Partial<PlanInstance> = {}): PlanInstance {
  return {
    name: 'two-years',
    years: [2026, 2027],
    cells: [{ id: 'L1.X.primary', locality: 'L1', category: 'X', phase: 'primary', demand: [10, 14], independent: true, unmetAllowed: true }],
    existing: [{ id: 'e0', name: 'Existing', kind: 'special-school', locality: 'L1', places: [6, 6] }],
    candidates: [
      { id: 'k0', name: 'Base', kind: 'specialist-base', locality: 'L1', categories: ['X'], phases: ['primary'], placesPerUnit: 4, maxUnits: 2, capitalPerUnit: 100, runningPerPlace: 5, earliestYear: 2026, group: 'g', takesPlacesFrom: [], basis, sites: [] },
      { id: 'k1', name: 'Redesignate', kind: 'redesignation', locality: 'L1', categories: ['Y'], phases: ['primary'], placesPerUnit: 2, maxUnits: 1, capitalPerUnit: 10, runningPerPlace: 0, earliestYear: 2027, group: null, takesPlacesFrom: [{ existing: 'e0', share: 1 }], basis, sites: [] },
    ],
    groups: [{ id: 'g', limit: 2 }],
    arcs: [
      { cell: 0, to: { kind: 'existing', index: 0 }, minutes: 10, poundsPerPupil: 0 },
      { cell: 0, to: { kind: 'candidate', index: 0 }, minutes: 20, poundsPerPupil: 0 },
    ],
    independent: { costPerPlace: 1000, costBasis: 'test', capacity: [null, null] },
    budgets: { perYear: [100, 100], total: 150 },
    weights: { withoutStatePlace: 10_000, noPlace: 10_000, perMinute: 1, capital: 0.5 },
    strengthen: true,
    ...over,
  };
}

const variable = (m: LpModel, name: string) => {
  const v = m.variables.find((x) => x.name === name);
  if (!v) throw new Error(`no variable ${name}`);
  return v;
};
const row = (m: LpModel, name: string) => {
  const r = m.rows.find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name}`);
  return Object.fromEntries(r.vars.map((v, k) => [m.variables[v]!.name, r.coefs[k]])) as Record<string, number> & { rhs?: never };
};
const variableIndex = (m: LpModel, name: string) => m.variables.findIndex((x) => x.name === name);
const rhs = (m: LpModel, name: string) => m.rows.find((x) => x.name === name)!.rhs;

describe('the compiled plan model (no solver)', () => {
  const m = buildPlanModel(twoYears()).model;

  it('when a build can open in either year, then its cost counts running costs for the years it is open plus weighted capital', () => {
    assertUniqueNames(m);
    expect(variable(m, 'build.k0.2026')).toMatchObject({ cost: 5 * 4 * 2 + 0.5 * 100, upper: 2, integer: true });
    expect(variable(m, 'build.k0.2027')).toMatchObject({ cost: 5 * 4 * 1 + 0.5 * 100, upper: 2, integer: true });
    expect(variable(m, 'build.k1.2027').cost).toBe(0.5 * 10);
    expect(m.variables.some((v) => v.name === 'build.k1.2026')).toBe(false); // before its earliest year
    expect(variable(m, 'independent.L1.X.primary.2026').cost).toBe(10_000 + 1000);
    expect(variable(m, 'unmet.L1.X.primary.2027').cost).toBe(20_000);
    expect(variable(m, 'place.L1.X.primary.new.k0.2027').cost).toBe(20);
  });

  it('when places are counted, then a unit opened in 2026 still counts in 2027 and a redesignation takes the existing places', () => {
    expect(row(m, 'newPlaces.k0.2027')).toEqual({ 'place.L1.X.primary.new.k0.2027': 1, 'build.k0.2026': -4, 'build.k0.2027': -4 });
    expect(row(m, 'newPlaces.k0.2026')).toEqual({ 'place.L1.X.primary.new.k0.2026': 1, 'build.k0.2026': -4 });
    expect(row(m, 'places.e0.2027')).toEqual({ 'place.L1.X.primary.at.e0.2027': 1, 'build.k1.2027': 2 });
    expect(rhs(m, 'places.e0.2027')).toBe(6);
    expect(row(m, 'demand.L1.X.primary.2027')).toEqual({
      'place.L1.X.primary.at.e0.2027': 1,
      'place.L1.X.primary.new.k0.2027': 1,
      'independent.L1.X.primary.2027': 1,
      'unmet.L1.X.primary.2027': 1,
    });
  });

  it('when budgets, units and groups are set, then each has its row', () => {
    expect(row(m, 'budget.2026')).toEqual({ 'build.k0.2026': 100 });
    expect(row(m, 'budget.2027')).toEqual({ 'build.k0.2027': 100, 'build.k1.2027': 10 });
    expect(row(m, 'budget.total')).toEqual({ 'build.k0.2026': 100, 'build.k0.2027': 100, 'build.k1.2027': 10 });
    expect(rhs(m, 'budget.total')).toBe(150);
    expect(row(m, 'units.k0')).toEqual({ 'build.k0.2026': 1, 'build.k0.2027': 1 });
    expect(row(m, 'group.g')).toEqual({ 'build.k0.2026': 1, 'build.k0.2027': 1 });
    // Linking: x <= min(D, s) x units open.
    const link = m.rows.filter((r) => r.name.startsWith('link.'));
    expect(link.map((r) => r.vars.map((v, k) => `${m.variables[v]!.name}:${r.coefs[k]}`).join(' '))).toEqual([
      'place.L1.X.primary.new.k0.2026:1 build.k0.2026:-4',
      'place.L1.X.primary.new.k0.2027:1 build.k0.2026:-4 build.k0.2027:-4',
    ]);
  });

  it('when a unit would cost more a year than a pupil without a place weighs, then a warning says the order may break', () => {
    expect(planWeightWarnings(twoYears())).toEqual([]);
    const costly = twoYears({ weights: { withoutStatePlace: 50, noPlace: 10_000, perMinute: 1, capital: 0.5 } });
    expect(planWeightWarnings(costly)[0]).toMatch(/candidate k0: one unit costs 70 points a year/);
  });

  it('when the instance is inconsistent, then building it says where', () => {
    expect(() => buildPlanModel(twoYears({ budgets: { perYear: [100], total: null } }))).toThrow(/budgets.perYear has 1 entries for 2 years/);
    const bad = twoYears();
    bad.candidates[1]!.takesPlacesFrom = [{ existing: 'nowhere', share: 1 }];
    expect(() => buildPlanModel(bad)).toThrow(/candidates\[1\].takesPlacesFrom nowhere/);
  });
});

describe('the plan solved, against the hand-worked optimum', async () => {
  const highs = await loadHighsSolver();
  const glpk = await loadGlpkSolver();

  it('when the total budget allows one unit, then it opens in 2026 (it serves both years) and 4 pupils go independent in 2027', () => {
    // One base unit in total (150 < 2 x 100). Opened in 2026: build 90 + journeys 2 x (6 x 10 + 4 x 20)
    // + 4 independent in 2027 x 11,000 = 44,370. Opened in 2027 instead: 70 + 60 + 4 x 11,000 + 140
    // + 4 x 11,000 = 88,270. The redesignation only takes places this cell could use: never chosen.
    const plan = solveExactPlan(twoYears(), highs, { relativeGap: 0 });
    expect(plan.status).toBe('optimal');
    expect(plan.objective).toBeCloseTo(44_370, 6);
    expect(plan.builds.map((b) => [b.candidate, b.year, b.units, b.places, b.capital])).toEqual([['k0', 2026, 1, 4, 100]]);
    expect(plan.years.map((y) => [y.year, y.withoutStatePlace, y.independentCost, y.newPlacesRunningCost, y.capital])).toEqual([
      [2026, 0, 0, 20, 100],
      [2027, 4, 4000, 20, 0],
    ]);
    expect(glpk.solve(buildPlanModel(twoYears()).model, { relativeGap: 0 }).objective).toBeCloseTo(44_370, 6);
  });

  it('when the total budget is lifted, then the group limit decides; without it, a second unit opens in 2027', () => {
    const noTotal = twoYears({ budgets: { perYear: [100, 100], total: null }, groups: [{ id: 'g', limit: 1 }] });
    expect(solveExactPlan(noTotal, highs, { relativeGap: 0 }).objective).toBeCloseTo(44_370, 6);
    // Two units: 90 + 70 + 2026 journeys 140 + 2027 journeys 6 x 10 + 8 x 20 = 520; nobody without a place.
    const two = solveExactPlan(twoYears({ budgets: { perYear: [100, 100], total: null } }), highs, { relativeGap: 0 });
    expect(two.objective).toBeCloseTo(520, 6);
    expect(two.totals.withoutStatePlace).toBeCloseTo(0, 9);
  });

  it('when the base can open only from 2027, then it serves 2027 alone: 2026 keeps its 4 pupils without a state place', () => {
    // 2026: 6 at e0 (60) + 4 independent (44,000). 2027: one unit (the total budget allows one;
    // 20 running + 50 weighted capital), 6 at e0 (60), 4 at the base (80), 4 independent (44,000): 88,270.
    const late = twoYears();
    late.candidates[0]!.earliestYear = 2027;
    const pm = buildPlanModel(late);
    expect(pm.model.variables.some((v) => v.name === 'build.k0.2026')).toBe(false);
    expect(pm.model.variables.some((v) => v.name === 'place.L1.X.primary.new.k0.2026')).toBe(true);
    const plan = solveExactPlan(pm, highs, { relativeGap: 0 });
    expect(plan.objective).toBeCloseTo(88_270, 6);
    expect(plan.builds.map((b) => [b.candidate, b.year, b.units])).toEqual([['k0', 2027, 1]]);
    expect(plan.years.map((y) => [y.year, y.withoutStatePlace, y.newPlacesRunningCost, y.capital])).toEqual([
      [2026, 4, 0, 0],
      [2027, 4, 20, 100],
    ]);
    // No one is placed at the base before it opens.
    expect(plan.values[variableIndex(pm.model, 'place.L1.X.primary.new.k0.2026')]).toBeCloseTo(0, 9);
  });

  it('when 2026 has capital for one unit and 2027 none, then the yearly budget binds: one unit, in 2026; with capital for two in 2026, both open then', () => {
    // No total and no group limit: only the yearly budgets limit the builds.
    const free = { groups: [{ id: 'g', limit: 2 }] };
    const one = solveExactPlan(twoYears({ ...free, budgets: { perYear: [100, 0], total: null } }), highs, { relativeGap: 0 });
    expect(one.builds.map((b) => [b.candidate, b.year, b.units])).toEqual([['k0', 2026, 1]]);
    expect(one.objective).toBeCloseTo(44_370, 6);
    expect(one.years.map((y) => y.capital)).toEqual([100, 0]);
    // Two units in 2026: 2 x (40 + 50) + 2026 journeys 6 x 10 + 4 x 20 + 2027 journeys 6 x 10 + 8 x 20 = 540.
    const two = solveExactPlan(twoYears({ ...free, budgets: { perYear: [200, 0], total: null } }), highs, { relativeGap: 0 });
    expect(two.builds.map((b) => [b.candidate, b.year, b.units])).toEqual([['k0', 2026, 2]]);
    expect(two.objective).toBeCloseTo(540, 6);
    expect(two.totals.withoutStatePlace).toBeCloseTo(0, 9);
  });

  it('when a base costs more a year than the independent places it replaces, then it is still built: a child without a state place outweighs any pounds', () => {
    // Running 2,000 a place a year (8,000 a unit) against 1,000 for an independent place: in pounds
    // alone building loses (16,050 spent for 8,000 of independent places saved over the two years),
    // but each pupil-year without a state place weighs 10,000 points.
    const dear = twoYears();
    dear.candidates[0]!.runningPerPlace = 2000;
    expect(planWeightWarnings(dear)).toEqual([]);
    const pm = buildPlanModel(dear);
    const plan = solveExactPlan(pm, highs, { relativeGap: 0 });
    const none = highs.solve(withBuildsFixed(pm, noBuilds(pm)));
    expect(plan.builds.map((b) => [b.candidate, b.year, b.units])).toEqual([['k0', 2026, 1]]);
    // 16,000 running + 50 weighted capital + journeys 140 + 140 + 4 independent in 2027 (44,000).
    expect(plan.objective).toBeCloseTo(60_330, 6);
    expect(none.objective).toBeCloseTo(132_120, 6);
    const pounds = plan.totals.independentCost + plan.totals.newPlacesRunningCost;
    expect(pounds).toBeGreaterThan(12 * 1000); // no builds: 4 + 8 pupil-years independent at 1,000
    expect(plan.totals.withoutStatePlace).toBe(4);
  });

  it('when no builds are fixed, then the evaluation is the LP of existing places only, and greedy finds the same plan as the exact model here', () => {
    const pm = buildPlanModel(twoYears());
    const none = highs.solve(withBuildsFixed(pm, noBuilds(pm)));
    // 2026: 6 x 10 + 4 x 11,000; 2027: 6 x 10 + 8 x 11,000.
    expect(none.objective).toBeCloseTo(60 + 44_000 + 60 + 88_000, 6);
    const greedy = greedyPlan(pm, highs);
    expect(greedy.objective).toBeCloseTo(44_370, 6);
    expect(greedy.builds.map((b) => [b.candidate, b.year])).toEqual([['k0', 2026]]);
  });
});
