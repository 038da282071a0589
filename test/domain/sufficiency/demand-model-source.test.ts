import { describe, expect, it } from 'vitest';
import { designationDemand, ehcpCounts, provisionDemand } from '../../../src/domain/demand/index.js';
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
    const expected = provisionDemand(ehcpCounts(registry.demand, { year: 2026, level: 'district' }), designationDemand(registry).matrices.current);
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

  it('when the proposed designations are asked for, then demand comes from the proposed matrix, names its set and projection, and reports who moves where', () => {
    const current = source.pathwayDemand({ year: 2026, level: 'district', demand: {} });
    const proposed = source.pathwayDemand({ year: 2026, level: 'district', demand: {}, designationSet: 'proposed' });
    expect(current.designationSet).toBe('current');
    expect(current.changes).toBeUndefined();
    expect(proposed.rows).toEqual(provisionDemand(ehcpCounts(registry.demand, { year: 2026, level: 'district' }), designationDemand(registry).matrices.proposed));
    expect(proposed.projection).toEqual({ method: registry.demand.projection.central, variant: 'central' });
    expect(proposed.assumptions.find((a) => a.name === 'demand.designationSet')!.value).toBe('proposed');
    const special = (a: typeof current) => sum(a.rows.filter((r) => r.pathway === 'special'));
    const leaving = proposed.changes!.filter((c) => c.from.pathway === 'special' && c.to.pathway !== 'special');
    const arriving = proposed.changes!.filter((c) => c.from.pathway !== 'special' && c.to.pathway === 'special');
    // school-phase special demand falls by those who no longer meet a designation, less post-16 pupils in units who now meet one
    expect(special(current) - special(proposed)).toBeCloseTo(sum(leaving) - sum(arriving), 6);
    expect(sum(leaving)).toBeGreaterThan(500);
  });

  it('when a proposed-designations scenario is assembled, then its notes say how many pupils no longer meet a special designation, and from which', () => {
    const { notes } = assembleInputs(scenario({ designationSet: 'proposed' }), registry, { demand: source });
    expect(notes.join(' ')).toMatch(/Designation changes: \d+ pupils no longer meet a special designation under this set \(from CI schools srp ASD \d+/);
    expect(assembleInputs(scenario({ designationSet: 'current' }), registry, { demand: source }).notes.join(' ')).not.toMatch(/Designation changes/);
  });

  it('when the high projection is asked for, then every phase has more demand than the central one', () => {
    const central = source.pathwayDemand({ year: 2027, level: 'district', demand: {} });
    const high = source.pathwayDemand({ year: 2027, level: 'district', demand: { projection: 'high' } });
    expect(high.projection!.variant).toBe('high');
    for (const phase of ['primary', 'secondary', 'post16'] as const) {
      expect(sum(high.rows.filter((r) => r.phase === phase))).toBeGreaterThan(sum(central.rows.filter((r) => r.phase === phase)));
    }
  });
});
