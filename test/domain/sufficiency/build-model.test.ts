import { describe, expect, it } from 'vitest';
import { journeyMinutes, straightLineKm } from '../../../src/domain/geo/travel-model.js';
import { buildIndependentNetwork, buildSufficiencyModel, networkNames, sharingQp } from '../../../src/domain/sufficiency/build-model.js';
import { Reach } from '../../../src/domain/sufficiency/reach.js';
import { toCplexLp } from '../../../src/domain/lp/cplex-lp.js';
import { threeTownInputs } from './fixtures.js';

const A = { lat: 51.2, lon: 0.5 };
const B = { lat: 51.2, lon: 0.7 };
const C = { lat: 51.2, lon: 1.0 };
const model1 = { roadDistanceFactor: 1.3, speedBands: [{ uptoRoadKm: null, kmPerHour: 40 }], fixedMinutes: 5 };
/** Minutes by hand: 5 + 60 x 1.3 x km / 40. */
const minutes = (km: number) => 5 + (60 * 1.3 * km) / 40;

describe('the one journey-time model', () => {
  it('when 20 km is travelled in one 40 km/h band with circuity 1.3 and 5 minutes fixed, then it takes 44 minutes', () => {
    expect(journeyMinutes(20, model1)).toBeCloseTo(44, 10);
  });
  it("when the dataset's bands are used, then the first 3 road km take 9 minutes at 20 km/h and the next 7 km 14 minutes at 30 km/h", () => {
    const bands = { roadDistanceFactor: 1, fixedMinutes: 0, speedBands: [{ uptoRoadKm: 3, kmPerHour: 20 }, { uptoRoadKm: 10, kmPerHour: 30 }, { uptoRoadKm: null, kmPerHour: 60 }] };
    expect(journeyMinutes(3, bands)).toBeCloseTo(9, 10);
    expect(journeyMinutes(10, bands)).toBeCloseTo(23, 10);
    expect(journeyMinutes(20, bands)).toBeCloseTo(33, 10);
  });
  it('when two points are one degree of latitude apart, then they are about 111.3 km apart (geolib to the metre)', () => {
    expect(straightLineKm({ lat: 51, lon: 1 }, { lat: 52, lon: 1 })).toBeCloseTo(111.32, 1);
  });
});

describe('the compiled networks (no solver)', () => {
  const inputs = threeTownInputs();
  const built = buildSufficiencyModel(inputs);
  const { network } = built.state;
  const rowOf = (locality: string, category: string, phase: string) => {
    const cell = built.cells.findIndex((c) => c.locality === locality && c.category === category && c.phase === phase);
    return built.stateRow[cell]!;
  };
  const arcsOf = (row: number) => built.state.arcs.filter((_, k) => network.arcs[k]!.row === row);

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
    expect(merged.state.network.rows).toEqual([{ demand: 3.5, limit: 3.5, group: 0 }]);
  });

  it('when built, then there is one row per non-empty cell and one places node per provision and phase it serves', () => {
    expect(built.cells).toHaveLength(6);
    expect(network.rows).toHaveLength(6);
    const places = built.state.nodes.filter((n) => n.kind === 'places').map((n) => `${inputs.provisions[n.target]!.id}.${n.kind === 'places' ? n.phase : ''}`);
    expect(places).toEqual(['special-1.primary', 'special-1.secondary', 'special-2.secondary', 'special-2.post16', 'srp-b-asd.primary']);
    expect(built.state.nodes.filter((n) => n.kind === 'reach')).toHaveLength(0);
    expect(network.nodes[built.placesNode.primary[0]!]!.capacity).toBe(8);
    expect(network.nodes[built.placesNode.secondary[0]!]!.capacity).toBe(6);
    expect(built.placesNode.primary[1]).toBe(-1);
  });

  it('when a provision is within the phase limit, then an arc joins the row to its places node, costing weighted minutes', () => {
    const b = arcsOf(rowOf('B', 'CLN', 'primary'));
    expect(b).toHaveLength(1);
    expect(b[0]!.minutes).toBeCloseTo(minutes(straightLineKm(B, A)), 9);
    expect(b[0]!.cost).toBeCloseTo(b[0]!.minutes / 45, 12);
    expect(b[0]!.reach).toBe(1);
    const semh = arcsOf(rowOf('A', 'SEMH', 'secondary'));
    // ~35 km, ~73 minutes: beyond the primary limit but within the secondary one.
    expect(semh.map((a) => inputs.provisions[a.target]!.id)).toEqual(['special-2']);
    expect(semh[0]!.cost).toBeCloseTo(minutes(straightLineKm(A, C)) / 75, 9);
  });

  it('when the only suitable provision is beyond the limit, then it is still in reach as the nearest, counted as beyond the limit', () => {
    expect(minutes(straightLineKm(C, A))).toBeGreaterThan(45);
    const c = rowOf('C', 'CLN', 'primary');
    expect(arcsOf(c)).toEqual([expect.objectContaining({ target: 0, reach: 1, beyond: 1, minutes: expect.closeTo(minutes(straightLineKm(C, A)), 9) })]);
    expect(network.rows[c]).toMatchObject({ demand: 4, limit: 4 });
    // C to the unit in B is ~20.9 km, ~45.7 minutes: just beyond, and the nearest ASD unit.
    expect(minutes(straightLineKm(C, B))).toBeGreaterThan(45);
    expect(arcsOf(rowOf('C', 'SRP-ASD', 'primary'))).toEqual([expect.objectContaining({ beyond: 1 })]);
  });

  it('when no provision anywhere admits a designation in a phase, then its row has no arc and all of it is short', () => {
    const m = buildSufficiencyModel(threeTownInputs({ demand: [{ locality: 'B', category: 'NLD', phase: 'post16', count: 3 }] }));
    expect(m.state.network.rows).toEqual([{ demand: 3, limit: 0, group: 5 }]);
    expect(m.state.network.arcs).toHaveLength(0);
    expect([...m.notCommissioned]).toEqual([0]);
  });

  it('when an SRP need type is served in no phase the row needs, then the row is not commissioned and not in the network', () => {
    const m = buildSufficiencyModel(threeTownInputs({ demand: [{ locality: 'A', category: 'SRP-ASD', phase: 'post16', count: 2 }, { locality: 'A', category: 'SRP-HI', phase: 'primary', count: 1 }] }));
    expect([...m.notCommissioned]).toEqual([1, 1]);
    expect([...m.stateRow]).toEqual([-1, -1]);
    expect(m.state.network.rows).toHaveLength(0);
  });

  it('when two parts of a locality each reach only their own provision, then each arc goes through a reach node of its part', () => {
    const inputs2 = threeTownInputs();
    // Town B's children live half at its centre and half 30 km further east, beside a School Three.
    inputs2.localities[1] = { ...inputs2.localities[1]!, points: [{ lat: 51.2, lon: 0.7, children: 500, youngPeople: 0 }, { lat: 51.2, lon: 1.13, children: 500, youngPeople: 0 }] };
    inputs2.provisions.push({ ...inputs2.provisions[0]!, id: 'special-3', name: 'School Three', locality: 'C', location: { lat: 51.2, lon: 1.2 } });
    const m = buildSufficiencyModel(inputs2);
    const row = m.stateRow[m.cells.findIndex((c) => c.locality === 'B' && c.category === 'CLN')]!;
    expect(m.state.network.rows[row]!.limit).toBe(5);
    const arcs = m.state.network.arcs.map((a, k) => ({ a, info: m.state.arcs[k]! })).filter((x) => x.a.row === row);
    expect(arcs.map((x) => inputs2.provisions[x.info.target]!.id)).toEqual(['special-1', 'special-3']);
    for (const x of arcs) {
      expect(m.state.nodes[x.a.node]).toMatchObject({ kind: 'reach', locality: 'B', phase: 'primary' });
      expect(m.state.network.nodes[x.a.node]!.capacity).toBeCloseTo(2.5, 12);
      expect(x.info).toMatchObject({ reach: expect.closeTo(0.5, 12), beyond: 0 });
    }
    expect(m.state.network.nodes[arcs[0]!.a.node]!.parent).toBe(m.placesNode.primary[0]);
    expect(arcs[0]!.info.minutes).toBeCloseTo(minutes(straightLineKm(B, A)), 9);
  });

  it('when reach fades across the limit, then a point at the limit counts half, one 5% beyond it nothing, one 5% within it all', () => {
    const point = { code: 'P', name: 'P', centroid: B, centroidBasis: 't', points: [{ ...B, children: 1, youngPeople: 1 }] };
    const reach = new Reach([point], model1, 0.05);
    const at = minutes(straightLineKm(B, A));
    expect(reach.to(0, A, 'primary', { km: null, minutes: at }).fraction).toBeCloseTo(0.5, 9);
    expect(reach.to(0, A, 'primary', { km: null, minutes: at / 1.05 }).fraction).toBeCloseTo(0, 9);
    expect(reach.to(0, A, 'primary', { km: null, minutes: at / 0.95 }).fraction).toBe(1);
    // Halfway into the fade: a quarter (1.025 x the limit is a quarter of the way from the top).
    expect(reach.to(0, A, 'primary', { km: null, minutes: at / 1.025 }).fraction).toBeCloseTo(0.25, 3);
  });

  it('when an arc would join a category or phase the provision does not take, then it is absent; beyond the limit only as the nearest', () => {
    built.state.arcs.forEach((a) => {
      const cell = built.cells[a.cell]!;
      const p = inputs.provisions[a.target]!;
      expect(p.categories).toContain(cell.category);
      expect(p.phases).toContain(cell.phase);
      if (a.minutes > inputs.travel.limits[cell.phase].minutes!) expect(a.beyond).toBe(1);
    });
  });

  it('when outreach is compiled, then localities reach schools within the outreach limit and teams only at home', () => {
    const o = built.outreach;
    expect(o.suppliers.map((s) => [s.id, s.capacity])).toEqual([
      ['special-1', 5],
      ['special-2', 2],
      ['team-C', 1],
    ]);
    const arcsFor = (locality: string) =>
      o.net.arcs.filter((_, k) => o.rows[o.net.rowCell[o.net.network.arcs[k]!.row]!]!.locality === locality).map((a) => o.suppliers[a.target]!.id);
    expect(arcsFor('A')).toEqual(['special-1']);
    expect(arcsFor('C').sort()).toEqual(['special-2', 'team-C']);
  });

  it('when the independent network is built for a shortfall, then only the covered categories with a shortfall get rows, reaching located schools', () => {
    const shortfall = built.cells.map((c) => (c.category === 'CLN' ? 1 : c.category === 'SRP-ASD' ? 2 : 0));
    const ind = buildIndependentNetwork(inputs, built, shortfall);
    expect(ind.rowCell.map((i) => `${built.cells[i]!.locality}.${built.cells[i]!.category}`)).toEqual(['A.CLN', 'B.CLN', 'C.CLN']);
    expect(ind.network.nodes).toEqual([{ capacity: 2, parent: -1 }]);
    // C is ~45.7 minutes from the independent school in B: beyond the primary limit.
    expect(ind.network.arcs.map((a) => a.row)).toEqual([0, 1]);
  });

  it('when the sharing stage is exported, then it is a QP over the flows with sum 2/D x short^2 / 2 and the demand rows', () => {
    const withNld = threeTownInputs();
    withNld.demand.push({ locality: 'B', category: 'NLD', phase: 'post16', count: 3 });
    const m = buildSufficiencyModel(withNld);
    const names = networkNames(withNld, m, m.state, 'state');
    const qp = sharingQp(m.state, names, 'sharing');
    const text = toCplexLp(qp.model, ['fixture'], qp.quadratic);
    expect(text).toContain(' placed.B.CLN.primary: place.B.CLN.primary.special_1 + short.B.CLN.primary = 5');
    expect(text).toContain(' places.special_1.primary: place.A.CLN.primary.special_1 + place.B.CLN.primary.special_1');
    expect(text).toMatch(/place\.C\.CLN\.primary\.special_1 <= 8/);
    expect(text).toMatch(/\+ \[ 0\.3333333333333333 short\.A\.CLN\.primary \^ 2 \+ 0\.4 short\.B\.CLN\.primary \^ 2/);
    expect(text).toContain('] / 2');
    // No provision admits NLD post-16: that row's shortfall is bounded below by its demand.
    expect(text).toContain(' short.B.NLD.post16 >= 3');
  });

  it('when inputs refer to an unknown locality or hold a negative count, then building fails naming the field', () => {
    expect(() => buildSufficiencyModel(threeTownInputs({ demand: [{ locality: 'Z', category: 'CLN', phase: 'primary', count: 1 }] }))).toThrow('demand[0]: unknown locality Z');
    expect(() => buildSufficiencyModel(threeTownInputs({ outreachDemand: [{ locality: 'A', category: null, count: -1 }] }))).toThrow('outreachDemand[0]');
    const bad = threeTownInputs();
    bad.provisions[2] = { ...bad.provisions[2]!, placesByPhase: { secondary: 4 } };
    expect(() => buildSufficiencyModel(bad)).toThrow('provisions[2]: places given for secondary, which it does not serve');
  });
});
