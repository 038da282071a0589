import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHighsSolver } from '../../../src/domain/lp/solvers/highs-solver.js';
import { planCapital } from '../../../src/domain/plan/capital-plan.js';
import { planResultSchema } from '../../../src/domain/plan/plan-result.js';
import { loadDataset } from '../../../src/domain/dataset.js';
import { demandModelSource } from '../../../src/domain/sufficiency/demand-model-source.js';
import { planRequestSchema } from '../../../src/domain/plan/plan-request.js';
import { scenarioSchema } from '../../../src/domain/sufficiency/scenario.js';
import { KENT_PLAN, PLAN_BLOCKS, README_FILE, readmeBlocks } from '../../../src/tools/readme-figures.js';
import { loadError, withEditedJson } from '../../helpers/data-files.js';

/**
 * The district-level plan 2026-2028 on the real data, as POST /plans makes it (planCapital, the
 * proposed-designations path), with £10m of capital in total: about half of what the useful
 * satellites and bases would cost, so the budget binds and the plan has to choose.
 */
describe("Kent's district-level plan 2026-2028 on the real data", async () => {
  const registry = loadDataset(resolve('models/kent'));
  const demand = demandModelSource(registry);
  const highs = await loadHighsSolver();
  // The plan the README quotes (its figures are generated from this plan: readme-figures.ts).
  const { scenario, request } = KENT_PLAN;
  const budget = request.budgets.total!;
  const result = await planCapital({ scenario, request }, registry, { demand, baseDemand: demand }, highs);

  it('when planned with a total budget, then the plan is proven within 1% of the best, keeps to the budget and matches its schema', () => {
    expect(planResultSchema.safeParse(result).success).toBe(true);
    expect(result.status).toBe('optimal');
    expect(result.gap!).toBeLessThan(0.01);
    expect(result.bound!).toBeLessThanOrEqual(result.objective! + 1e-9 * Math.abs(result.objective!));
    expect(result.builds.length).toBeGreaterThan(0);
    const capital = result.builds.reduce((s, b) => s + b.capital, 0);
    expect(capital).toBeLessThanOrEqual(budget);
    // The budget binds: what is left would not buy the cheapest unit the plan chose.
    expect(budget - capital).toBeLessThan(Math.min(...result.builds.map((b) => b.capital / b.units)));
    expect(result.horizon).toEqual({ from: 2026, to: 2028 });
    expect(result.byYear.map((y) => y.year)).toEqual([2026, 2027, 2028]);
  });

  it('when the plan is explained, then every build carries its marginal worth and at least one reason why, with every cost labelled source or estimate', () => {
    for (const b of result.builds) {
      expect(b.reasons[0]!.kind, b.candidate).toBe('marginal');
      expect(b.reasons[0]!.text).toMatch(/^without it, the plan leaves \d+ more pupil-year\(s\) without a state place over 2026-2028/);
      const why = b.reasons.filter((r) => r.kind !== 'marginal');
      expect(why.length, b.candidate).toBeGreaterThan(0);
      for (const r of why) expect(r.text.length).toBeGreaterThan(20);
      for (const basis of Object.values(b.basis)) expect(basis).toMatch(/^(source|estimate):/);
    }
    // Complex learning needs have no base to go to: their special-school places say so.
    const cln = result.specialPlaces.filter((s) => s.category === 'CLN');
    expect(cln.length).toBeGreaterThan(0);
    expect(cln.every((s) => s.kind === 'no-base-can-meet')).toBe(true);
  });

  it('when the builds are run through the path model, then the resulting path leaves fewer children without a place each year than the path without the plan', () => {
    expect(result.resultingPath).not.toBeNull();
    expect(result.supplyChanges.length).toBeGreaterThanOrEqual(result.builds.length);
    for (const y of result.byYear) {
      expect(y.path!.shortfall, String(y.year)).toBeLessThan(y.withoutPlan!.shortfall);
      expect(y.path!.demand).toBe(y.withoutPlan!.demand);
    }
    // Every place built counts: the path with the plan saves at least a third of the places built in the
    // first year (the plan's own placements use them all; the path, without foresight, nearly all).
    const first = result.byYear[0]!;
    expect(first.withoutPlan!.shortfall - first.path!.shortfall).toBeGreaterThan(first.places / 3);
  });

  it('when the greedy builder runs on the same instance, then it keeps to the budget and is never better than the exact plan by more than its proven gap', () => {
    const greedy = result.greedy!;
    expect(greedy.totals.capital).toBeLessThanOrEqual(budget);
    expect(greedy.objective).toBeGreaterThanOrEqual(result.bound! - 1e-6);
    expect(greedy.difference.withoutStatePlace).toBeCloseTo(greedy.totals.withoutStatePlace - result.totals.withoutStatePlace, 6);
  });

  it('when the README quotes this plan, then every figure it quotes is this plan\'s (npm run readme-figures writes them)', () => {
    const readme = readmeBlocks(readFileSync(resolve(README_FILE), 'utf8'));
    for (const block of PLAN_BLOCKS) {
      expect(readme.get(block.name), `README block ${block.name} is stale: run npm run readme-figures`).toBe(block.make(result, registry.planCandidates.candidates));
    }
  });
});

describe('a plan too large for the solver', () => {
  it('when the model has more non-zeros than the limit, then the plan is refused before solving, saying how large it is and what to do', async () => {
    const registry = loadDataset(resolve('models/kent'));
    const demand = demandModelSource(registry);
    const scenario = scenarioSchema.parse({ id: 'big', name: 'Big', level: 'district', designationSet: 'proposed', horizon: { from: 2026, to: 2026, admissionsFrom: 2027 } });
    const request = planRequestSchema.parse({ budgets: { total: 1_000_000 } });
    const solver = { name: 'never', solve: () => expect.unreachable('the solver must not be called') } as unknown as Parameters<typeof planCapital>[3];
    const refused = planCapital({ scenario, request, maxNonZeros: 1000 }, registry, { demand, baseDemand: demand }, solver);
    await expect(refused).rejects.toMatchObject({ kind: 'unprocessable', message: expect.stringMatching(/^the plan's model is too large to solve here: [\d,]+ non-zeros .* by district over 2026-2026\) against a limit of 1,000; plan by district, or over fewer years$/) });
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
