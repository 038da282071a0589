/**
 * A plan that builds nothing says why (src/domain/plan/nothing-built.ts), on Kent's real data at
 * district level as POST /plans makes it: years in which nothing can open, and budgets that buy nothing.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHighsSolver } from '../../../src/domain/lp/solvers/highs-solver.js';
import { planCapital } from '../../../src/domain/plan/capital-plan.js';
import { planRequestSchema } from '../../../src/domain/plan/plan-request.js';
import { loadDataset } from '../../../src/domain/dataset.js';
import { demandModelSource } from '../../../src/domain/sufficiency/demand-model-source.js';
import { scenarioSchema } from '../../../src/domain/sufficiency/scenario.js';

describe('a plan that builds nothing', async () => {
  const registry = loadDataset(resolve('models/kent'));
  const demand = demandModelSource(registry);
  const highs = await loadHighsSolver();
  const plan = (horizon: { from: number; to: number }, budgets: object) =>
    planCapital(
      {
        scenario: scenarioSchema.parse({ id: 'nothing', name: 'Nothing built', level: 'district', designationSet: 'proposed', horizon: { ...horizon, admissionsFrom: 2027 } }),
        request: planRequestSchema.parse({ budgets, timeLimitSeconds: 30 }),
      },
      registry,
      { demand, baseDemand: demand },
      highs,
    );

  it('when its years end before any candidate can open (2025 alone), then it is optimal with no builds and says no candidate can open until 2026, and why', async () => {
    const result = await plan({ from: 2025, to: 2025 }, { total: 3_000_000 });
    expect(result.status).toBe('optimal');
    expect(result.builds).toEqual([]);
    const why = result.warnings.filter((w) => w.startsWith('Nothing was built'));
    expect(why).toHaveLength(1);
    expect(why[0]).toMatch(/no candidate can open within the plan's years \(2025-2025\)\. The earliest any can open is 2026 \(plan-candidates\.json, estimate: .+\); plan over years that include 2026\.$/);
  });

  it('when its budget buys no unit of any candidate, then it says so, naming the cheapest unit and what it costs', async () => {
    const result = await plan({ from: 2026, to: 2026 }, { total: 1 });
    expect(result.builds).toEqual([]);
    const why = result.warnings.filter((w) => w.startsWith('Nothing was built'));
    expect(why).toHaveLength(1);
    expect(why[0]).toMatch(/^Nothing was built: the budgets \(£1 in total\) buy no unit of any candidate in a year it can open; the cheapest unit is .+ at £[\d,]+\.$/);
  });
});
