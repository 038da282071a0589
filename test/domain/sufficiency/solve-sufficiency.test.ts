/**
 * The sufficiency stages solved: the three-town fixture worked by hand, then Kent at scale with the
 * fixture demand (test/helpers/fixture-demand.ts), so these tests exercise the model, not the demand
 * model: invariants, reproducibility, the exported stages re-solved from their text.
 */
import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { networkNames } from '../../../src/domain/sufficiency/build-model.js';
import { assembleInputs } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { scenarioSchema, type ScenarioInput } from '../../../src/domain/sufficiency/scenario.js';
import { solveStages, solveSufficiency, sufficiencyLp, type SufficiencyTask } from '../../../src/domain/sufficiency/solve-sufficiency.js';
import { kentRegistry } from '../../helpers/app.js';
import { fixtureDemandSource } from '../../helpers/fixture-demand.js';
import { relDiff } from '../../helpers/lp-checks.js';
import { fixtureMeta, threeTownInputs } from './fixtures.js';

const registry = kentRegistry();

function kentTask(input: Partial<ScenarioInput>, solver: SufficiencyTask['solver'] = 'highs'): SufficiencyTask {
  const scenario = scenarioSchema.parse({ id: 'test', name: 'test', year: 2025, ...input });
  const { inputs, meta } = assembleInputs(scenario, registry, { demand: fixtureDemandSource(registry) });
  return { inputs, meta, solver };
}

describe('the three-town fixture, worked by hand', async () => {
  const result = await solveSufficiency({ inputs: threeTownInputs(), meta: fixtureMeta(), solver: 'highs' });
  const row = (locality: string, category: string, phase = 'primary') => result.byLocality.find((r) => r.locality === locality && r.category === category && r.phase === phase)!;

  it("when A's 6, B's 5 and C's 4 CLN primary pupils compete for School One's 8 primary places, then each town places 8/15 of its pupils", () => {
    // C is ~73 minutes from School One, beyond the 45-minute limit, but it is C's nearest CLN school.
    expect(row('A', 'CLN').placedLocal).toBeCloseTo((6 * 8) / 15, 3);
    expect(row('B', 'CLN').placedElsewhere).toBeCloseTo((5 * 8) / 15, 3);
    expect(row('C', 'CLN').placedElsewhere).toBeCloseTo((4 * 8) / 15, 3);
    for (const t of ['A', 'B', 'C']) expect(row(t, 'CLN').placedShare).toBeCloseTo(8 / 15, 4);
    expect(row('C', 'CLN')).toMatchObject({ placedBeyondLimit: expect.closeTo((4 * 8) / 15, 3), reachShare: 1, shortfallBasis: 'known-places' });
    expect(row('A', 'CLN').placedBeyondLimit).toBe(0);
  });

  it("when the short pupils go independent, then the school in B takes 2 of A and B's shortfall in proportion and the rest go out of the area", () => {
    // Short: A 6 x 7/15 = 2.8, B 5 x 7/15; the 2 places in B go in proportion; C cannot reach B within 45 minutes.
    expect(row('A', 'CLN').placedIndependent).toBeCloseTo(2.8, 3);
    expect(row('A', 'CLN').placedOutOfArea).toBeCloseTo(2.8 - (2 * 2.8) / (2.8 + 7 / 3), 3);
    expect(row('C', 'CLN')).toMatchObject({ placedIndependent: expect.closeTo(28 / 15, 3), placedOutOfArea: expect.closeTo(28 / 15, 3), unmet: 0 });
    expect(result.independent).toMatchObject({ placements: 7, inArea: 2, outOfArea: 5 });
    expect(result.provisions.find((p) => p.id === 'independent-1')).toMatchObject({ used: 2, kind: 'independent-special', valuePerPlace: null });
  });

  it("when A's 2 and C's 3 ASD pupils compete for B's 4 unit places, then each places 4/5 and the rest are unmet (no independent fallback)", () => {
    expect(row('A', 'SRP-ASD')).toMatchObject({ placedElsewhere: 1.6, unmet: 0.4, shortfall: 0.4, shortfallBasis: 'assumed-places' });
    expect(row('C', 'SRP-ASD')).toMatchObject({ placedElsewhere: 2.4, unmet: 0.6, placedBeyondLimit: 2.4 });
    expect(row('A', 'SEMH', 'secondary')).toMatchObject({ placedElsewhere: 3, shortfall: 0, shortfallBasis: 'none' });
  });

  it('when a place binds, then it is worth what it saves in pounds a year; free places are worth nothing', () => {
    const one = result.provisions.find((p) => p.id === 'special-1')!;
    expect(one.valuePerPlace).toBe(49_259 - 24_252);
    expect(one.valueMeaning).toMatch(/avoids an independent placement: £49,259 less £24,252.*\(primary\)/);
    expect(result.provisions.find((p) => p.id === 'srp-b-asd')!.valuePerPlace).toBe(24_252 - 16_000);
    expect(result.provisions.find((p) => p.id === 'special-2')!.valuePerPlace).toBe(0);
    expect(row('A', 'CLN').valueOfLocalPlace).toBe(25_007);
    expect(row('C', 'SRP-ASD').valueOfLocalPlace).toBe(8_252);
    expect(row('A', 'SEMH', 'secondary').valueOfLocalPlace).toBe(0);
    expect(result.placeValues.map((v) => v.description)).toEqual([
      'one more special-school place at School One (CLN, primary and secondary, in A) (Town A; CLN; primary; 8 now, all used): £25,007 a year',
      'one more SRP place in Town B (SRP-ASD; primary; 4 now, all used): £8,252 a year',
    ]);
  });

  it('when utilisation is reported, then it is against published or assumed places and unknown where places are the roll', () => {
    expect(result.provisions.find((p) => p.id === 'special-1')).toMatchObject({ utilisation: expect.closeTo(8 / 14, 4), utilisationNote: 'against published places' });
    expect(result.provisions.find((p) => p.id === 'special-2')).toMatchObject({ utilisation: null, utilisationNote: expect.stringMatching(/^unknown: places are taken to be the pupils on roll/) });
    expect(result.provisions.find((p) => p.id === 'srp-b-asd')).toMatchObject({ utilisation: 1, utilisationNote: 'against assumed places' });
  });

  it('when results are given in whole pupils, then each row adds up to its whole demand and the rows add up to the county total', () => {
    for (const r of result.byLocality) {
      const w = r.whole;
      expect(w.placedLocal + w.placedElsewhere + w.placedIndependent + w.unmet + w.notCommissioned, `${r.locality} ${r.category}`).toBe(w.demand);
    }
    // A's CLN: 3.2 local, 1.09 in an independent school in reach, 1.71 out of the area: 3 + 1 + 2.
    expect(row('A', 'CLN').whole).toMatchObject({ demand: 6, placedLocal: 3, placedIndependent: 3, placedOutOfArea: 2 });
    expect(result.totals.whole.demand).toBe(23);
    expect(result.totals.whole.demand).toBe(Math.round(result.totals.demand));
  });

  it('when outreach is short, then schools and teams in reach give what they can and the rest is unmet', () => {
    expect(result.outreach.map((o) => [o.locality, o.supplied, o.unmet])).toEqual([
      ['A', 4, 0],
      ['C', 3, 3],
    ]);
    expect(result.provisions.find((p) => p.id === 'special-1')!.outreachUsed).toBe(4);
  });

  it('when the independent places are capped in all, then each short row gets the same share of the cap and the rest is unmet', async () => {
    const capped = await solveSufficiency({ inputs: threeTownInputs({ independent: { ...threeTownInputs().independent, capacity: 3.5 } }), meta: fixtureMeta(), solver: 'highs' });
    const c = capped.byLocality.find((r) => r.locality === 'C' && r.category === 'CLN')!;
    // Short in all: 7 (A, B and C's CLN); the cap of 3.5 is half of it.
    expect(c.placedIndependent).toBeCloseTo(14 / 15, 4);
    expect(c.unmet).toBeCloseTo(14 / 15, 4);
  });
});

describe('Kent-scale runs (fixture demand)', async () => {
  const district = kentTask({ level: 'district' });

  it('when the MSOA baseline is solved, then every row balances, no provision is over its places in any phase and journeys past the faded limits go only to the nearest suitable provision', async () => {
    const task = kentTask({ level: 'msoa' });
    const result = await solveSufficiency(task);
    for (const r of result.byLocality) {
      expect(r.placedLocal + r.placedElsewhere + r.placedIndependent + r.unmet + r.notCommissioned, `${r.locality} ${r.category} ${r.phase}`).toBeCloseTo(r.demand, 3);
      // Journeys past the faded limit are only ever to the nearest suitable provision.
      if (r.p95Minutes !== null && r.p95Minutes > task.inputs.travel.limits[r.phase].minutes! * (1 + task.inputs.travel.reachTaper)) expect(r.placedBeyondLimit).toBeGreaterThan(0);
      expect(r.whole.placedLocal + r.whole.placedElsewhere + r.whole.placedIndependent + r.whole.unmet + r.whole.notCommissioned).toBe(r.whole.demand);
    }
    for (const p of result.provisions) {
      expect(p.used, p.id).toBeLessThanOrEqual(p.capacity + 1e-6);
      for (const [phase, used] of Object.entries(p.usedByPhase)) expect(used, `${p.id} ${phase}`).toBeLessThanOrEqual((p.capacityByPhase as Record<string, number>)[phase]! + 1e-6);
    }
    for (const o of result.outreach) expect(o.supplied + o.unmet).toBeCloseTo(o.demand, 3);
    expect(result.totals.whole.demand).toBe(Math.round(result.totals.demand));
    expect(Math.abs(result.independent.cost - result.independent.placements * 49_259)).toBeLessThanOrEqual(49_259 * 1e-4);
  });

  it('when the same scenario runs twice, then the hash and the result are the same (apart from timings)', async () => {
    const first = await solveSufficiency(kentTask({ level: 'district' }, 'auto'));
    const second = await solveSufficiency(kentTask({ level: 'district' }, 'auto'));
    expect(second.inputsHash).toBe(first.inputsHash);
    expect(first.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    const untimed = (r: typeof first) => ({ ...r, solver: { ...r.solver, buildMs: 0, solveMs: 0, stages: r.solver.stages.map((s) => ({ ...s, ms: 0 })) } });
    expect(untimed(second)).toEqual(untimed(first));
    const other = await solveSufficiency(kentTask({ level: 'district', travel: { limits: { primary: { minutes: 30 } } } }, 'auto'));
    expect(other.inputsHash).not.toBe(first.inputsHash);
  });

  it("when a journey stage is exported and solved by HiGHS from the text, then its optimum equals the run's own journey LP", async () => {
    const highs = await loadHighs();
    const solved = await solveStages(district.inputs, 'highs');
    for (const [stage, s] of [
      ['journeys', solved.state],
      ['independent-journeys', solved.independent],
      ['outreach-journeys', solved.outreach],
    ] as const) {
      const text = await sufficiencyLp(district.inputs, ['district baseline'], stage);
      expect(text.startsWith('\\ district baseline\n')).toBe(true);
      const raw = highs.solve(text, {});
      expect(raw.Status, stage).toBe('Optimal');
      const own = s.net.arcs.reduce((t, a, k) => t + a.cost * s.flow[k]!, 0);
      expect(relDiff(raw.ObjectiveValue, own), stage).toBeLessThan(1e-7);
    }
  });

  it('when rows compete for the same full places, then they are placed in the same share of their demand', async () => {
    const result = await solveSufficiency(district);
    // Short rows (all children in reach) by category, phase and share placed.
    const byShare = new Map<string, number>();
    for (const r of result.byLocality.filter((x) => x.shortfall > 0.01 && x.reachShare === 1)) {
      const key = `${r.category}|${r.phase}|${Math.round(r.placedShare! * 1e4)}`;
      byShare.set(key, (byShare.get(key) ?? 0) + 1);
    }
    // Several districts short of one category and phase sit at exactly one share: they compete for the same places.
    expect(Math.max(0, ...byShare.values())).toBeGreaterThanOrEqual(4);
    expect(result.placeValues.length).toBeGreaterThan(0);
    expect(result.placeValues[0]!.valuePerPlace).toBe(49_259 - 24_252);
  });

  it('when the sharing stage of the district model is solved as a QP by HiGHS from its text, then every row has the run\'s shortfall', async () => {
    // SEMH and NLD only (proposed designations), to keep HiGHS's QP quick.
    const task = kentTask({ level: 'district', designationSet: 'proposed', independent: { categories: ['SEMH', 'NLD'] } });
    const inputs = { ...task.inputs, demand: task.inputs.demand.filter((d) => d.category === 'SEMH' || d.category === 'NLD') };
    const solved = await solveStages(inputs, 'highs');
    const text = await sufficiencyLp(inputs, [], 'sharing');
    const raw = (await loadHighs()).solve(text, {}) as unknown as { Status: string; Columns: Record<string, { Primal: number }> };
    expect(raw.Status).toBe('Optimal');
    const names = networkNames(inputs, solved.model, solved.state.net, 'state');
    solved.state.net.network.rows.forEach((row, r) => {
      expect(Math.abs(raw.Columns[names.shortfall(r)]!.Primal - (row.demand - solved.state.placed[r]!)), names.shortfall(r)).toBeLessThan(1e-3);
    });
  });
});
