import { describe, expect, it } from 'vitest';
import { ehcpCounts, provisionDemand } from '../../../src/domain/demand/index.js';
import { assembleInputs } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { demandModelSource } from '../../../src/domain/sufficiency/demand-model-source.js';
import { DemandRequestError } from '../../../src/domain/sufficiency/demand-source.js';
import { scenarioSchema, type ScenarioInput } from '../../../src/domain/sufficiency/scenario.js';
import { kentRegistry } from '../../helpers/app.js';

const registry = kentRegistry();
const source = demandModelSource(registry);
const scenario = (input: Partial<ScenarioInput>) => scenarioSchema.parse({ id: 't', name: 't', year: 2026, ...input });
const sum = (rows: { count: number }[]) => rows.reduce((s, r) => s + r.count, 0);

describe('demand for the sufficiency model, from the demand model', () => {
  it('when asked for a year and level, then it returns the demand model’s provision demand unchanged, with its assumptions', () => {
    const { rows, assumptions } = source.pathwayDemand({ year: 2026, level: 'district', demand: {} });
    const expected = provisionDemand(ehcpCounts(registry.demand, { year: 2026, level: 'district' }), registry.demand.pathwayMatrix);
    expect(rows).toEqual(expected);
    expect(assumptions.map((a) => a.name)).toEqual(expect.arrayContaining(['demand.baseYear', 'demand.projection.method', 'demand.projection.variant', 'demand.localityApportionment']));
  });

  it('when the scenario is assembled, then the model’s demand cells add up to the special-school and SRP pathways', () => {
    const { rows } = source.pathwayDemand({ year: 2026, level: 'msoa', demand: {} });
    const { inputs } = assembleInputs(scenario({ level: 'msoa' }), registry, { demand: source });
    expect(sum(inputs.demand)).toBeCloseTo(sum(rows.filter((r) => r.pathway === 'special' || r.pathway === 'srp')), 6);
    expect(sum(inputs.outreachDemand)).toBeCloseTo(sum(rows.filter((r) => r.pathway === 'outreach')), 6);
    expect(inputs.outreachDemand.every((o) => o.category !== null)).toBe(true);
  });

  it('when an inclusion target above today’s share is set, then special-school demand falls and outreach rises by the same amount', () => {
    const before = source.pathwayDemand({ year: 2026, level: 'district', demand: {} });
    const after = source.pathwayDemand({ year: 2026, level: 'district', demand: { inclusionTarget: 0.48 } });
    const of = (rows: typeof before.rows, pathway: string) => sum(rows.filter((r) => r.pathway === pathway));
    expect(of(after.rows, 'special')).toBeLessThan(of(before.rows, 'special'));
    expect(of(after.rows, 'outreach') - of(before.rows, 'outreach')).toBeCloseTo(of(before.rows, 'special') - of(after.rows, 'special'), 6);
    expect(after.assumptions.find((a) => a.name === 'demand.pathwayOverrides')?.basis).toMatch(/moves from 0\.\d+ to 0\.48/);
  });

  it('when the rate trend is raised, then every phase’s demand grows', () => {
    const base = source.pathwayDemand({ year: 2028, level: 'district', demand: { ehcpRateTrend: 0 } });
    const faster = source.pathwayDemand({ year: 2028, level: 'district', demand: { ehcpRateTrend: 0.1 } });
    for (const phase of ['primary', 'secondary', 'post16']) {
      expect(sum(faster.rows.filter((r) => r.phase === phase))).toBeCloseTo(1.1 ** 3 * sum(base.rows.filter((r) => r.phase === phase)), 6);
    }
  });

  it('when the demand model cannot answer, then the error names the scenario field', () => {
    const err = (() => {
      try {
        source.pathwayDemand({ year: 2026, level: 'district', demand: { pathwayShifts: [{ from: [{ pathway: 'special' }], to: { pathway: 'outreach' }, fraction: 2 }] } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DemandRequestError);
    expect((err as DemandRequestError).field).toBe('demand.pathwayShifts');
  });
});
