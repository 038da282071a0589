import { describe, expect, it } from 'vitest';
import { buildSufficiencyModel, penaltyWarnings } from '../../../src/domain/sufficiency/build-model.js';
import { journeyMinutes, straightLineKm } from '../../../src/domain/sufficiency/travel.js';
import { assertUniqueNames, type LpModel, type LpRow } from '../../../src/domain/lp/linear-model.js';
import { threeTownInputs } from './fixtures.js';

const row = (model: LpModel, name: string): LpRow => {
  const r = model.rows.find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name}`);
  return r;
};
const varNames = (model: LpModel, r: LpRow) => r.vars.map((v) => model.variables[v]!.name).sort();
const variable = (model: LpModel, name: string) => {
  const v = model.variables.find((x) => x.name === name);
  if (!v) throw new Error(`no variable ${name}`);
  return v;
};

/** Minutes from the fixture's travel model, by hand: 5 + 60 x 1.3 x km / 40. */
const minutes = (km: number) => 5 + (60 * 1.3 * km) / 40;
const A = { lat: 51.2, lon: 0.5 };
const B = { lat: 51.2, lon: 0.7 };
const C = { lat: 51.2, lon: 1.0 };

describe('travel estimates', () => {
  it('when two points are one degree of latitude apart, then they are about 111.2 km apart', () => {
    expect(straightLineKm({ lat: 51, lon: 1 }, { lat: 52, lon: 1 })).toBeCloseTo(111.19, 1);
  });
  it('when 20 km is travelled at 40 km/h with circuity 1.3 and 5 minutes fixed, then it takes 44 minutes', () => {
    expect(journeyMinutes(20, { circuityFactor: 1.3, speedKmh: 40, fixedMinutes: 5 })).toBeCloseTo(44, 10);
  });
});

describe('the compiled sufficiency model (no solver)', () => {
  const built = buildSufficiencyModel(threeTownInputs());
  const { model } = built;

  it('when demand cells repeat or are zero, then they are merged and dropped', () => {
    const merged = buildSufficiencyModel(
      threeTownInputs({
        demand: [
          { locality: 'A', category: 'CLN', phase: 'primary', count: 2 },
          { locality: 'A', category: 'CLN', phase: 'primary', count: 1.5 },
          { locality: 'B', category: 'CLN', phase: 'primary', count: 0 },
        ],
      }),
    );
    expect(merged.cells).toEqual([{ locality: 'A', category: 'CLN', phase: 'primary', count: 3.5 }]);
    expect(row(merged.model, 'demand.A.CLN.primary').rhs).toBe(3.5);
  });

  it('when built, then it has one demand row per non-empty cell, one capacity row per provision and the outreach rows', () => {
    expect(built.cells).toHaveLength(6);
    expect(model.rows.map((r) => r.name).sort()).toEqual(
      [
        'demand.A.CLN.primary',
        'demand.B.CLN.primary',
        'demand.C.CLN.primary',
        'demand.A.SEMH.secondary',
        'demand.A.SRP_ASD.primary',
        'demand.C.SRP_ASD.primary',
        'places.special_1',
        'places.special_2',
        'places.srp_b_asd',
        'outreachDemand.A.any',
        'outreachDemand.C.any',
        'outreachCapacity.special_1',
        'outreachCapacity.special_2',
        'outreachCapacity.team_C',
      ].sort(),
    );
    // 4 placement arcs, 4 independent (designations only), 6 unmet, 3 outreach arcs, 2 unmet outreach
    expect(model.variables).toHaveLength(19);
    expect(() => assertUniqueNames(model)).not.toThrow();
  });

  it('when a demand row is compiled, then it is an equality with the demand on the right and coefficient 1 on arcs, independent and unmet', () => {
    const r = row(model, 'demand.B.CLN.primary');
    expect(r.sense).toBe('eq');
    expect(r.rhs).toBe(5);
    expect(r.coefs).toEqual([1, 1, 1]);
    expect(varNames(model, r)).toEqual(['independent.B.CLN.primary', 'place.B.CLN.primary.special_1', 'unmet.B.CLN.primary']);
  });

  it('when a provision is beyond the phase limit, then no arc exists and only independent and unmet remain', () => {
    // C to School One is ~34.8 km, ~72.9 minutes: beyond the 45-minute primary limit.
    expect(minutes(straightLineKm(C, A))).toBeGreaterThan(45);
    expect(varNames(model, row(model, 'demand.C.CLN.primary'))).toEqual(['independent.C.CLN.primary', 'unmet.C.CLN.primary']);
    // The same distance is within the 75-minute secondary limit: A's SEMH pupils reach School Two in C.
    expect(varNames(model, row(model, 'demand.A.SEMH.secondary'))).toContain('place.A.SEMH.secondary.special_2');
    // C to the unit in B is ~20.9 km, ~45.7 minutes: just beyond; SRP demand has no independent fallback.
    expect(minutes(straightLineKm(C, B))).toBeGreaterThan(45);
    expect(varNames(model, row(model, 'demand.C.SRP_ASD.primary'))).toEqual(['unmet.C.SRP_ASD.primary']);
  });

  it('when arcs are compiled, then each costs the estimated minutes and none exceeds its phase limit', () => {
    expect(variable(model, 'place.A.CLN.primary.special_1').cost).toBeCloseTo(5, 10);
    expect(variable(model, 'place.B.CLN.primary.special_1').cost).toBeCloseTo(minutes(straightLineKm(B, A)), 10);
    expect(variable(model, 'place.A.SEMH.secondary.special_2').cost).toBeCloseTo(minutes(straightLineKm(A, C)), 10);
    const limits = threeTownInputs().travel.limits;
    for (const arc of built.arcs) {
      expect(arc.minutes).toBeLessThanOrEqual(limits[built.cells[arc.cell]!.phase].minutes!);
      expect(model.variables[arc.variable]!.lower).toBe(0);
      expect(model.variables[arc.variable]!.upper).toBe(Infinity);
    }
  });

  it('when an arc would join a category or phase the provision does not take, then it is absent', () => {
    for (const arc of built.arcs) {
      const cell = built.cells[arc.cell]!;
      const p = threeTownInputs().provisions[arc.provision]!;
      expect(p.categories).toContain(cell.category);
      expect(p.phases).toContain(cell.phase);
    }
    // School Two takes secondary and post-16 only, so no primary arc reaches it even for SEMH.
    expect(model.variables.some((v) => v.name.includes('primary.special_2'))).toBe(false);
  });

  it('when slack variables are compiled, then independent costs its penalty and unmet its (larger) penalty', () => {
    expect(variable(model, 'independent.A.CLN.primary').cost).toBe(10_000);
    expect(variable(model, 'unmet.A.CLN.primary').cost).toBe(100_000);
    expect(variable(model, 'unmetOutreach.C.any').cost).toBe(10_000);
    expect(model.variables.some((v) => v.name.startsWith('independent.') && v.name.includes('SRP'))).toBe(false);
  });

  it('when capacity rows are compiled, then each is <= places over every arc into the provision', () => {
    const r = row(model, 'places.special_1');
    expect(r.sense).toBe('le');
    expect(r.rhs).toBe(10);
    expect(varNames(model, r)).toEqual(['place.A.CLN.primary.special_1', 'place.B.CLN.primary.special_1']);
    expect(row(model, 'places.srp_b_asd')).toMatchObject({ sense: 'le', rhs: 4 });
    expect(varNames(model, row(model, 'places.srp_b_asd'))).toEqual(['place.A.SRP_ASD.primary.srp_b_asd']);
  });

  it('when outreach is compiled, then localities draw on schools within the outreach limit and teams only at home', () => {
    const a = row(model, 'outreachDemand.A.any');
    expect(a).toMatchObject({ sense: 'eq', rhs: 4 });
    expect(varNames(model, a)).toEqual(['support.A.any.special_1', 'unmetOutreach.A.any']);
    expect(varNames(model, row(model, 'outreachDemand.C.any'))).toEqual(['support.C.any.special_2', 'support.C.any.team_C', 'unmetOutreach.C.any']);
    expect(row(model, 'outreachCapacity.special_1')).toMatchObject({ sense: 'le', rhs: 5 });
    expect(row(model, 'outreachCapacity.team_C')).toMatchObject({ sense: 'le', rhs: 1 });
    expect(variable(model, 'support.C.any.team_C').cost).toBe(0);
  });

  it('when outreach is needed from a designation, then only special schools admitting it (and local teams) can give it', () => {
    const m = buildSufficiencyModel(
      threeTownInputs({ outreachDemand: [{ locality: 'C', category: 'CLN', count: 3 }, { locality: 'C', category: 'SEMH', count: 2 }] }),
    ).model;
    // School Two (SEMH) is in C; School One (CLN) is ~73 minutes away, beyond the 45-minute outreach limit.
    expect(varNames(m, row(m, 'outreachDemand.C.CLN'))).toEqual(['support.C.CLN.team_C', 'unmetOutreach.C.CLN']);
    expect(varNames(m, row(m, 'outreachDemand.C.SEMH'))).toEqual(['support.C.SEMH.special_2', 'support.C.SEMH.team_C', 'unmetOutreach.C.SEMH']);
    expect(varNames(m, row(m, 'outreachCapacity.team_C'))).toEqual(['support.C.CLN.team_C', 'support.C.SEMH.team_C']);
  });

  it('when the fallback has a capacity and a provision has places per category, then their rows appear', () => {
    const inputs = threeTownInputs({ independent: { categories: ['CLN', 'SEMH', 'NLD'], capacity: 7, costPerPlace: 1 } });
    inputs.provisions[0] = { ...inputs.provisions[0]!, categories: ['CLN', 'NLD'], placesByCategory: { NLD: 3 } };
    inputs.demand.push({ locality: 'A', category: 'NLD', phase: 'primary', count: 2 });
    const m = buildSufficiencyModel(inputs).model;
    const ind = row(m, 'places.independent');
    expect(ind).toMatchObject({ sense: 'le', rhs: 7 });
    expect(ind.vars.every((v) => m.variables[v]!.name.startsWith('independent.'))).toBe(true);
    expect(ind.vars).toHaveLength(5);
    const cat = row(m, 'places.special_1.NLD');
    expect(cat).toMatchObject({ sense: 'le', rhs: 3 });
    expect(varNames(m, cat)).toEqual(['place.A.NLD.primary.special_1']);
    expect(varNames(m, row(m, 'places.special_1'))).toHaveLength(3);
  });

  it('when the integer variant is asked for, then placements and independent places are integer, unmet stays continuous and demand is whole', () => {
    const inputs = threeTownInputs({ integer: true });
    inputs.demand.push({ locality: 'B', category: 'SEMH', phase: 'secondary', count: 2.6 }, { locality: 'B', category: 'NLD', phase: 'secondary', count: 0.4 });
    const built = buildSufficiencyModel(inputs);
    expect(row(built.model, 'demand.B.SEMH.secondary').rhs).toBe(3);
    expect(built.model.rows.some((r) => r.name === 'demand.B.NLD.secondary')).toBe(false);
    const m = built.model;
    expect(variable(m, 'place.A.CLN.primary.special_1').integer).toBe(true);
    expect(variable(m, 'independent.A.CLN.primary').integer).toBe(true);
    expect(variable(m, 'unmet.A.CLN.primary').integer).toBe(false);
  });

  it('when a km limit is set, then arcs longer in straight line are dropped even if within minutes', () => {
    const inputs = threeTownInputs();
    inputs.travel.limits.primary = { km: 10, minutes: 45 };
    const m = buildSufficiencyModel(inputs).model;
    expect(m.variables.some((v) => v.name === 'place.B.CLN.primary.special_1')).toBe(false);
    expect(m.variables.some((v) => v.name === 'place.A.CLN.primary.special_1')).toBe(true);
  });

  it('when inputs refer to an unknown locality or hold a negative count, then building fails naming the field', () => {
    expect(() => buildSufficiencyModel(threeTownInputs({ demand: [{ locality: 'Z', category: 'CLN', phase: 'primary', count: 1 }] }))).toThrow(
      'demand[0]: unknown locality Z',
    );
    expect(() => buildSufficiencyModel(threeTownInputs({ outreachDemand: [{ locality: 'A', category: null, count: -1 }] }))).toThrow('outreachDemand[0]');
  });

  it('when penalties break the lexicographic order, then warnings say so; the defaults give none', () => {
    expect(penaltyWarnings(threeTownInputs(), built.longestArcMinutes)).toEqual([]);
    const bad = threeTownInputs({ penalties: { travelPerMinute: 1, outreachTravelPerMinute: 1, independentPlace: 50, unmetPlace: 60, unmetOutreach: 10 } });
    expect(penaltyWarnings(bad, built.longestArcMinutes)).toHaveLength(2);
  });
});
