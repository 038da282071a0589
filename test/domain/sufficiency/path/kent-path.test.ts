/**
 * Paths on the real Kent data and the real demand model: cohorts keep the designation set they were
 * admitted under (only cohorts at a transition take the proposed designations), pupils keep their
 * placements between transitions, and SRPs Kent no longer commissions keep their pupils until their
 * transition.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { demandModelSource } from '../../../../src/domain/sufficiency/demand-model-source.js';
import { scenarioSchema, type Scenario } from '../../../../src/domain/sufficiency/scenario.js';
import { assemblePath, SRP_DECISION_ADMISSIONS_FROM } from '../../../../src/domain/sufficiency/path/assemble-path.js';
import { heldByAge, sumOf } from '../../../../src/domain/sufficiency/path/carry.js';
import { cellKey, type PathInputs } from '../../../../src/domain/sufficiency/path/path-inputs.js';
import type { PathResult } from '../../../../src/domain/sufficiency/path/path-result.js';
import { solvePath, walkPath, type PathStep } from '../../../../src/domain/sufficiency/path/solve-path.js';
import { PHASE_AGES } from '../../../../src/domain/phases.js';
import { kentRegistry, PROJECT_ROOT } from '../../../helpers/app.js';

const registry = kentRegistry();
const demand = demandModelSource(registry);
const shipped = (id: string): Scenario => scenarioSchema.parse(parse(readFileSync(join(PROJECT_ROOT, 'scenarios', `${id}.yaml`), 'utf8')));

describe('the proposed designations path, 2025 to 2028, by district', () => {
  let inputs: PathInputs;
  let steps: PathStep[];
  beforeAll(async () => {
    inputs = assemblePath(shipped('proposed-designations-2025-2028'), registry, { demand }).inputs;
    steps = [];
    await walkPath(inputs, inputs.years.map((y) => y.demand), 'highs', (s) => void steps.push(s));
  }, 120_000);

  it('when the proposed designations start in 2027, then only cohorts at a transition follow them; the others keep the current set', () => {
    const y = inputs.years.find((x) => x.year === 2027)!;
    expect(y.designationSet).toBe('proposed');
    const request = { year: 2027, level: 'district' as const, demand: {} };
    const proposed = demand.pathwayDemandByAge!({ ...request, designationSet: 'proposed', legacySrps: false });
    const current = demand.pathwayDemandByAge!({ ...request, designationSet: 'current', legacySrps: true });
    const sumBy = (rows: typeof proposed, age: number, category: string) =>
      rows.filter((r) => r.age === age && (r.pathway === 'special' ? r.category : `SRP-${r.category}`) === category && (r.pathway === 'special' || r.pathway === 'srp')).reduce((s, r) => s + r.count, 0);
    const pathAt = (age: number, category: string) => {
      const phase = age <= 10 ? 'primary' : age <= 15 ? 'secondary' : 'post16';
      return y.demand.filter((c) => c.category === category && c.phase === phase).reduce((s, c) => s + c.byAge[age - PHASE_AGES[phase].low]!, 0);
    };
    let differs = 0;
    for (const category of ['CLN', 'SEMH', 'NLD', 'SRP-ASD', 'SRP-SLCN']) {
      for (let age = 4; age <= 19; age++) {
        const entering = age === 4 || age === 11 || age === 16;
        const expected = entering ? sumBy(proposed, age, category) : sumBy(current, age, category);
        expect(pathAt(age, category), `${category} aged ${age}`).toBeCloseTo(expected, 6);
        if (!entering) differs = Math.max(differs, Math.abs(sumBy(proposed, age, category) - sumBy(current, age, category)));
      }
    }
    // The test can fail: the sets differ by many pupils at ages not at a transition.
    expect(differs).toBeGreaterThan(20);
  });

  it('when a year follows another, then only pupils at a transition leave their placement: every other keeps it, in the share of its cohort whose plan continues', () => {
    for (let t = 1; t < steps.length; t++) {
      const before = steps[t - 1]!;
      const now = steps[t]!;
      const prevDemand = new Map(before.demand.map((c) => [cellKey(c), c]));
      const nowDemand = new Map(now.demand.map((c) => [cellKey(c), c]));
      let held = 0;
      let kept = 0;
      for (const [key, placed] of before.placed) {
        const n = placed.outOfArea.length;
        const total = heldByAge(placed);
        held += sumOf(total);
        const staying = now.staying.get(key);
        for (let i = 1; i < n; i++) {
          const d0 = prevDemand.get(key)!.byAge[i - 1]!;
          const kappa = d0 > 0 ? Math.min(1, (nowDemand.get(key)?.byAge[i] ?? 0) / d0) : 0;
          for (const [id, p] of placed.state) expect(staying?.state.get(id)?.byAge[i] ?? 0, `${key} at ${id}, index ${i}`).toBeCloseTo(kappa * p.byAge[i - 1]!, 9);
          for (const [id, p] of placed.independent) expect(staying?.independent.get(id)?.byAge[i] ?? 0).toBeCloseTo(kappa * p.byAge[i - 1]!, 9);
        }
        // No one keeps a place at the first age of a phase: they are new to it.
        if (staying) expect(heldByAge(staying)[0]).toBe(0);
        if (staying) kept += sumOf(heldByAge(staying));
      }
      // Every pupil placed last year stays, left at a transition, or their plan ceased.
      expect(kept + now.leftAtTransition + now.plansCeased).toBeCloseTo(held, 6);
      expect(now.leftAtTransition).toBeGreaterThan(1000);
    }
  });

  it("when a path starts in 2026, then the year before it is the register with only the changes that have no start year", () => {
    const scenario = scenarioSchema.parse({
      id: 'from-2026',
      name: 'From 2026',
      horizon: { from: 2026, to: 2027 },
      supply: [
        { action: 'open', id: 'new-semh', name: 'New SEMH school', kind: 'special-school', designation: 'SEMH', phases: ['secondary'], places: 60, location: { lat: 51.1465, lon: 0.8711 }, from: 2026 },
        { action: 'set-places', provision: 'special-150769', places: 90 },
      ],
    });
    const path = assemblePath(scenario, registry, { demand }).inputs;
    const before = new Map(path.provisionsBefore!.map((p) => [p.id, p]));
    const first = new Map(path.years[0]!.provisions.map((p) => [p.id, p]));
    expect(before.has('new-semh')).toBe(false);
    expect(first.get('new-semh')?.places).toBe(60);
    // A change without a start year is in place before the horizon too: not an opening of the first year.
    expect(before.get('special-150769')?.places).toBe(90);
    expect(first.get('special-150769')?.places).toBe(90);
    expect(path.provisionsBefore!.length).toBe(path.years[0]!.provisions.length - 1);
  });

  it('when a pupil is placed at a primary provision in 2025, then the place is kept until Year 7', () => {
    // Pupils aged 7 in 2025 are 10 in 2028 (Year 6): at the same provisions every year, as many as their cohort's continuing plans.
    // (A cohort's pupils at one provision are followed as one group, so the 2025 pupils are a share of it.)
    let followed = 0;
    for (const [key, placed] of steps[0]!.placed) {
      if (placed.phase !== 'primary') continue;
      for (const [id, p] of placed.state) {
        let expected = p.byAge[7 - 4]!;
        if (expected < 1e-6) continue;
        for (let t = 1; t <= 3; t++) {
          const age = 7 + t;
          const d0 = steps[t - 1]!.demand.find((c) => cellKey(c) === key)!.byAge[age - 1 - 4]!;
          const d1 = steps[t]!.demand.find((c) => cellKey(c) === key)?.byAge[age - 4] ?? 0;
          expected *= Math.min(1, d1 / d0);
          // Kept at the same provision (with, pooled in, any of the cohort's new plans placed there since, kept alike).
          expect(steps[t]!.staying.get(key)!.state.get(id)!.byAge[age - 4]).toBeGreaterThanOrEqual(expected - 1e-9);
        }
        followed += p.byAge[7 - 4]!;
      }
    }
    expect(followed).toBeGreaterThan(100);
    // And those aged 10 in 2025 move on: no secondary pupil keeps a place in 2026 at age 11.
    for (const c of steps[1]!.staying.values()) if (c.phase === 'secondary') expect(heldByAge(c)[0]).toBe(0);
  });
});

describe('SEMH and VI SRPs decommissioned from 2026', () => {
  let result: PathResult;
  beforeAll(async () => {
    const { inputs, meta } = assemblePath(shipped('srp-semh-vi-decommissioned-2025-2028'), registry, { demand });
    result = await solvePath({ inputs, meta, solver: 'highs' });
  }, 120_000);

  it('when Kent stops commissioning them, then the pupils already in them stay until their transition and none are admitted', () => {
    const semhVi = (y: PathResult['yearResults'][number]) => y.provisions.filter((p) => p.categories.some((c) => c === 'SRP-SEMH' || c === 'SRP-VI'));
    const [y2025, y2026, y2027, y2028] = result.yearResults;
    const in2025 = semhVi(y2025!).reduce((s, p) => s + p.used, 0);
    expect(in2025).toBeGreaterThan(5);
    // 2026: closed to admissions, their pupils staying (fewer: those at a transition left).
    const staying = semhVi(y2026!);
    expect(staying.every((p) => !p.admitting && p.capacity === 0)).toBe(true);
    const in2026 = staying.reduce((s, p) => s + p.used, 0);
    expect(in2026).toBeGreaterThan(0);
    expect(in2026).toBeLessThan(in2025);
    expect(staying.every((p) => Math.abs(p.used - p.stayed) < 1e-9)).toBe(true);
    const in2028 = semhVi(y2028!).reduce((s, p) => s + p.used, 0);
    expect(in2028).toBeLessThan(semhVi(y2027!).reduce((s, p) => s + p.used, 0));
    // The year's figures and the list of changes say so.
    expect(result.years[1]!.stayingInClosed).toBeCloseTo(in2026, 3);
    expect(result.supplyChanges.filter((c) => c.year === 2026 && c.change === 'closed').length).toBeGreaterThanOrEqual(3);
    expect(result.years[1]!.placesClosed).toBeGreaterThanOrEqual(39);
    // New SEMH and VI SRP demand (cohorts admitted before the decision, new plans) has no SRP to go to: not commissioned.
    for (const r of y2026!.byLocality.filter((x) => x.category === 'SRP-SEMH' || x.category === 'SRP-VI')) {
      expect(r.placedLocal + r.placedElsewhere - r.stayed).toBeLessThan(1e-9);
    }
    // Cohorts admitted from September 2026 follow the decision: no SEMH SRP demand at the entry age in 2027.
    expect(SRP_DECISION_ADMISSIONS_FROM).toBe(2027);
    expect(y2027!.byLocality.filter((x) => x.category === 'SRP-SEMH').reduce((s, r) => s + r.entering, 0)).toBe(0);
  });
});
