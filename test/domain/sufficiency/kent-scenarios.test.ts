/**
 * The shipped scenarios on the real Kent data, the real demand model and the real solvers: what a
 * commissioner relies on. A small change to a travel assumption moves the rows a little; a what-if
 * that adds one designation's places leaves the other categories' rows alone; the LP solvers agree row
 * by row; the 2025 baseline reproduces January 2025 (or says why not).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { assembleInputs } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { networkNames } from '../../../src/domain/sufficiency/build-model.js';
import { compareResults } from '../../../src/domain/sufficiency/compare.js';
import { demandModelSource } from '../../../src/domain/sufficiency/demand-model-source.js';
import { journeyProgramme, shareTies } from '../../../src/domain/sufficiency/journeys.js';
import type { SufficiencyResult } from '../../../src/domain/sufficiency/result.js';
import type { Scenario } from '../../../src/domain/sufficiency/scenario.js';
import { solveStages, solveSufficiency, sufficiencyLp } from '../../../src/domain/sufficiency/solve-sufficiency.js';
import { kentRegistry, PROJECT_ROOT } from '../../helpers/app.js';
import { shippedSingleYearScenarios } from '../../helpers/shipped-scenarios.js';
import { loadGlpkSolver } from '../../helpers/glpk-solver.js';

const registry = kentRegistry();
const demand = demandModelSource(registry);
const shipped: Scenario[] = shippedSingleYearScenarios();
const byId = (id: string) => shipped.find((s) => s.id === id)!;

const run = (scenario: Scenario, solver: Scenario['solver'] = 'highs') => {
  const { inputs, meta } = assembleInputs(scenario, registry, { demand });
  return solveSufficiency({ inputs, meta, solver });
};
const key = (r: SufficiencyResult['byLocality'][number]) => `${r.locality}|${r.category}|${r.phase}`;

/** Every travel assumption a scenario can change, scaled by a factor. */
function travelVariants(scenario: Scenario): { name: string; scenario: Scenario }[] {
  const tm = registry.travelModel;
  const edit = (f: (s: Scenario) => void) => {
    const copy = structuredClone(scenario);
    f(copy);
    return copy;
  };
  const out: { name: string; scenario: Scenario }[] = [];
  for (const factor of [0.95, 1.05]) {
    out.push({ name: `roadDistanceFactor x${factor}`, scenario: edit((s) => (s.travel.model.roadDistanceFactor = tm.roadDistanceFactor * factor)) });
    tm.speedBands.forEach((_, i) =>
      out.push({ name: `speedBands[${i}] x${factor}`, scenario: edit((s) => (s.travel.model.speedBands = tm.speedBands.map((b, j) => ({ ...b, kmPerHour: j === i ? b.kmPerHour * factor : b.kmPerHour })))) }),
    );
    for (const phase of ['primary', 'secondary', 'post16'] as const) {
      out.push({ name: `limits.${phase} x${factor}`, scenario: edit((s) => (s.travel.limits[phase] = { km: null, minutes: s.travel.limits[phase].minutes! * factor })) });
    }
    out.push({ name: `reachTaper x${factor}`, scenario: edit((s) => (s.travel.reachTaper = s.travel.reachTaper * factor)) });
  }
  return out;
}

describe('a 5% change in any one travel assumption moves the shortfall a little', () => {
  // Both directions for the two base scenarios; one direction (alternating) for each what-if, to keep the test short.
  for (const scenario of shipped) {
    const both = scenario.id === 'baseline-2025' || scenario.id === 'proposed-designations-2026';
    it(`when ${scenario.id}'s travel assumptions change by 5%, then the sum over rows of |change in shortfall| is at most 5% of its total shortfall`, async () => {
      const base = await run(scenario);
      const total = base.totals.shortfall;
      expect(total).toBeGreaterThan(100);
      const before = new Map(base.byLocality.map((r) => [key(r), r.shortfall]));
      const variants = travelVariants(scenario).filter((_, i, all) => both || (i < all.length / 2 ? i % 2 === 0 : i % 2 === 1));
      for (const v of variants) {
        const other = await run(v.scenario);
        let moved = 0;
        const after = new Map(other.byLocality.map((r) => [key(r), r.shortfall]));
        for (const k of new Set([...before.keys(), ...after.keys()])) moved += Math.abs((after.get(k) ?? 0) - (before.get(k) ?? 0));
        expect(moved / total, `${scenario.id}: ${v.name} moves ${moved.toFixed(1)} of ${total.toFixed(1)}`).toBeLessThanOrEqual(0.05);
      }
    }, 120_000);
  }
});

describe('what-ifs that add places of one designation', () => {
  for (const [id, designation, provision] of [
    ['nld-places-ashford-2026', 'NLD', 'new-nld-ashford'],
    ['sheppey-semh-free-school-2026', 'SEMH', 'special-150769'],
  ] as const) {
    it(`when ${id} adds ${designation} places, then no row of another category changes by half a pupil, and its own rows use them`, async () => {
      const base = await run(byId('proposed-designations-2026'));
      const other = await run(byId(id));
      const after = new Map(other.byLocality.map((r) => [key(r), r]));
      let shortBefore = 0;
      let shortAfter = 0;
      for (const r of base.byLocality) {
        const o = after.get(key(r))!;
        if (r.category === designation) {
          shortBefore += r.shortfall;
          shortAfter += o.shortfall;
          continue;
        }
        for (const f of ['placedLocal', 'placedElsewhere', 'placedIndependent', 'unmet', 'shortfall'] as const) {
          expect(Math.abs(o[f] - r[f]), `${key(r)} ${f}`).toBeLessThan(0.5);
        }
      }
      // The new places are taken, and the category's shortfall falls by at most what they add (never rises).
      const used = other.provisions.find((p) => p.id === provision)!.used;
      expect(used).toBeGreaterThan(20);
      expect(shortAfter).toBeLessThanOrEqual(shortBefore + 1e-6);
      expect(shortBefore - shortAfter).toBeLessThanOrEqual(used + 1e-3);
      const comparison = compareResults(base, other);
      expect(comparison.likeForLike).toBe(true);
      expect(comparison.warning).toBeNull();
      expect(comparison.inputDifferences).toEqual([expect.objectContaining({ input: 'supply', ownChange: true })]);
    }, 60_000);
  }

  it('when a what-if is compared with a run that also differs in year and designations, then the comparison says so first', async () => {
    const comparison = compareResults(await run(byId('baseline-2025')), await run(byId('nld-places-ashford-2026')));
    expect(comparison.likeForLike).toBe(false);
    expect(comparison.warning).toMatch(/^These runs differ in more than 120 NLD places in Ashford's own changes: designationSet \(current in the base, proposed in the other\); year \(2025 in the base, 2026 in the other\)/);
    expect(Object.keys(comparison)[0]).toBe('likeForLike');
  }, 60_000);
});

describe('the LP solvers give the same rows', () => {
  for (const id of ['baseline-2025', 'proposed-designations-2026']) {
    it(`when ${id} is solved with HiGHS and with javascript-lp-solver, then every row and provision is the same`, async () => {
      const h = await run(byId(id), 'highs');
      const j = await run(byId(id), 'jslp');
      expect(h.solver.name).toBe('highs');
      expect(j.solver.name).toBe('jslp');
      h.byLocality.forEach((r, i) => {
        const o = j.byLocality[i]!;
        expect(key(o)).toBe(key(r));
        for (const f of ['placedLocal', 'placedElsewhere', 'placedIndependent', 'placedOutOfArea', 'unmet', 'meanMinutes', 'p95Minutes', 'independentMeanMinutes'] as const) {
          expect(Math.abs((o[f] ?? 0) - (r[f] ?? 0)), `${key(r)} ${f}`).toBeLessThan(1e-3);
        }
        expect(o.whole).toEqual(r.whole);
      });
      h.provisions.forEach((p, i) => expect(Math.abs(j.provisions[i]!.used - p.used), p.id).toBeLessThan(1e-3));
    }, 60_000);
  }

  it("when the baseline's exported journey LP is solved by HiGHS from its text and ties are shared, then the rows' placements are the run's", async () => {
    const { inputs } = assembleInputs(byId('baseline-2025'), registry, { demand });
    const solved = await solveStages(inputs, 'jslp');
    const raw = (await loadHighs()).solve(await sufficiencyLp(inputs, [], 'journeys'), {}) as unknown as { Status: string; Columns: Record<string, { Primal: number }> };
    expect(raw.Status).toBe('Optimal');
    const names = networkNames(inputs, solved.model, solved.state.net, 'state');
    const fromText = shareTies(
      solved.state.net.network,
      solved.state.placed,
      Float64Array.from(solved.state.net.arcs, (_, k) => raw.Columns[names.arc(k)]?.Primal ?? 0),
    );
    fromText.forEach((v, k) => expect(Math.abs(v - solved.state.flow[k]!), names.arc(k)).toBeLessThan(1e-4));
  }, 60_000);
});

describe('an independent solver on the exported stages', () => {
  it("when GLPK solves each of proposed-designations-2026's journey LPs (state, independent, outreach) and ties are shared, then the placements are the run's", async () => {
    const glpk = await loadGlpkSolver();
    const { inputs } = assembleInputs(byId('proposed-designations-2026'), registry, { demand });
    const solved = await solveStages(inputs, 'highs');
    for (const [what, s] of [
      ['state', solved.state],
      ['independent', solved.independent],
      ['outreach', solved.outreach],
    ] as const) {
      const names = networkNames(inputs, solved.model, s.net, what);
      const { model, arcVariable } = journeyProgramme(s.net.network, s.placed, Float64Array.from(s.net.arcs, (a) => a.cost), names, what);
      const g = glpk.solve(model);
      expect(g.status, what).toBe('optimal');
      const fromGlpk = shareTies(s.net.network, s.placed, Float64Array.from(arcVariable, (v) => (v >= 0 ? g.values[v]! : 0)));
      fromGlpk.forEach((v, k) => expect(Math.abs(v - s.flow[k]!), `${what} ${names.arc(k)}`).toBeLessThan(1e-4));
    }
  }, 60_000);
});

describe('the 2025 baseline against January 2025', () => {
  it('when the baseline runs, then each calibration row is within 10% of the observed figure or carries the reason it differs', async () => {
    const result = await run(byId('baseline-2025'));
    const table = result.calibration!;
    expect(table.year).toBe(2025);
    expect(table.note).toMatch(/^January 2025: current designations, no supply changes/);
    const measures = Object.fromEntries(table.rows.map((r) => [r.measure, r]));
    expect(Object.keys(measures)).toEqual(expect.arrayContaining(['special-school-demand', 'state-special-placed', 'independent-placed', 'srp-placed', 'srp-post16']));
    for (const r of table.rows) {
      expect(r.source.length, r.measure).toBeGreaterThan(20);
      expect(r.within10Percent || r.explanation.length > 50, `${r.measure}: model ${r.model}, observed ${r.observed}`).toBe(true);
      expect(r.difference).toBe(r.model - r.observed);
    }
    // What must reproduce January 2025 closely: special-school places used as on roll, independent placements.
    expect(measures['state-special-placed']!.within10Percent).toBe(true);
    expect(measures['independent-placed']!.within10Percent).toBe(true);
    // SRP pupils placed: every school-age pupil the demand model gives an SRP place has one.
    const srpRows = result.byLocality.filter((r) => r.category.startsWith('SRP-') && r.phase !== 'post16');
    expect(srpRows.reduce((s, r) => s + r.unmet, 0)).toBeLessThan(1);
    expect(measures['srp-placed']!.explanation).toMatch(/decision 25\/00085/);
    // Every base-year scenario carries the table, a later year none.
    expect((await run(byId('proposed-designations-2026'))).calibration).toBeNull();
    // The README shows each measure of the table.
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    for (const r of table.rows) expect(readme, `README calibration table: ${r.label}`).toContain(r.label);
  }, 60_000);
});
