/**
 * The path's rules on a path worked by hand (path-fixtures.ts): pupils keep their placements until
 * their next transition, new and freed places serve new demand, independent placements shift only at
 * transitions, a cohort's ceased plans free places, a provision closed to admissions keeps its pupils.
 */
import { describe, expect, it } from 'vitest';
import { solveSufficiency } from '../../../../src/domain/sufficiency/solve-sufficiency.js';
import { solvePath, walkPath, type PathStep } from '../../../../src/domain/sufficiency/path/solve-path.js';
import { yearInputs, type PathInputs } from '../../../../src/domain/sufficiency/path/path-inputs.js';
import { sumOf } from '../../../../src/domain/sufficiency/path/carry.js';
import type { PathResult } from '../../../../src/domain/sufficiency/path/path-result.js';
import { fixtureMeta } from '../fixtures.js';
import { pathMeta, twoTownPath } from './path-fixtures.js';

const ONE_EACH = [1, 1, 1, 1, 1, 1, 1];
const solve = (path: PathInputs) => solvePath({ inputs: path, meta: pathMeta(), solver: 'highs' });
const row = (r: PathResult, year: number, phase = 'primary') => r.yearResults.find((y) => y.year === year)!.byLocality.find((x) => x.locality === 'A' && x.phase === phase)!;
const provision = (r: PathResult, year: number, id: string) => r.yearResults.find((y) => y.year === year)!.provisions.find((p) => p.id === id);

async function steps(path: PathInputs): Promise<PathStep[]> {
  const out: PathStep[] = [];
  await walkPath(path, path.years.map((y) => y.demand), 'highs', (s) => void out.push(s));
  return out;
}
/** Pupils of A's primary CLN cell at provision `id` at the end of a step, by age 4-10. */
const atByAge = (s: PathStep, id: string, phase = 'primary') => [...(s.placed.get(`A|CLN|${phase}`)?.state.get(id)?.byAge ?? new Float64Array(7))];

describe('a path worked by hand', () => {
  it('when a closer school opens in 2026, then the pupils placed at P in 2025 stay there until Year 7 and only new pupils take the new places', async () => {
    const path = twoTownPath({
      years: [2025, 2026, 2027],
      primary: [ONE_EACH, ONE_EACH, ONE_EACH],
      secondary: [[0, 0, 0, 0, 0], [1, 0, 0, 0, 0], [1, 1, 0, 0, 0]],
      placesP: [7, 7, 7],
      qFrom: 2026,
    });
    const result = await solve(path);
    // 2025: P (in B) takes all seven.
    expect(row(result, 2025).placedElsewhere).toBeCloseTo(7, 6);
    // 2026: the six not at a transition stay at P; the Reception pupil takes a place at Q (local).
    expect(row(result, 2026)).toMatchObject({ stayed: 6, newDemand: 1, entering: 1 });
    expect(row(result, 2026).placedElsewhere).toBeCloseTo(6, 6);
    expect(row(result, 2026).placedLocal).toBeCloseTo(1, 6);
    expect(provision(result, 2026, 'P')!.used).toBeCloseTo(6, 6);
    expect(provision(result, 2026, 'Q')!.used).toBeCloseTo(1, 6);
    // The 2025 Year 6 pupil moved at the transition: a secondary pupil new in 2026, placed at S.
    expect(result.years[1]!.leftAtTransition).toBeCloseTo(1, 6);
    expect(row(result, 2026, 'secondary')).toMatchObject({ demand: 1, stayed: 0, newDemand: 1, placedLocal: 1 });
    expect(row(result, 2027, 'secondary')).toMatchObject({ demand: 2, stayed: 1, newDemand: 1 });
    // Year by year, by age: the cohort aged 4 in 2025 stays at P (5 in 2026, 6 in 2027); Q holds the 2026 and 2027 Reception pupils.
    const s = await steps(path);
    expect(atByAge(s[0]!, 'P')).toEqual(ONE_EACH);
    expect(atByAge(s[1]!, 'P').map((v) => +v.toFixed(9))).toEqual([0, 1, 1, 1, 1, 1, 1]);
    expect(atByAge(s[2]!, 'P').map((v) => +v.toFixed(9))).toEqual([0, 0, 1, 1, 1, 1, 1]);
    expect(atByAge(s[2]!, 'Q').map((v) => +v.toFixed(9))).toEqual([1, 1, 0, 0, 0, 0, 0]);
    // A single-year model of 2026 would move them all to Q: the path is what keeps them.
    const single = await solveSufficiency({ inputs: yearInputs(path, 1), meta: fixtureMeta(), solver: 'highs' });
    expect(single.provisions.find((p) => p.id === 'Q')!.used).toBeCloseTo(7, 6);
  });

  it('when state places free up, then pupils placed independently stay in their independent school until their transition', async () => {
    const path = twoTownPath({ years: [2025, 2026], primary: [ONE_EACH, ONE_EACH], placesP: [5, 5], qFrom: 2026 });
    const result = await solve(path);
    // 2025: P's 5 places shared over the 7 pupils; 2 go to the independent school in B.
    expect(row(result, 2025).placedIndependent).toBeCloseTo(2, 6);
    // 2026: Q has 7 free places, but the 12/7 independent pupils aged 5-10 stay where they are.
    expect(row(result, 2026).placedIndependent).toBeCloseTo(12 / 7, 3);
    expect(row(result, 2026).stayedIndependent).toBeCloseTo(12 / 7, 3);
    expect(provision(result, 2026, 'Q')!.used).toBeCloseTo(1, 6);
    expect(provision(result, 2026, 'P')!.used).toBeCloseTo(30 / 7, 3);
    expect(provision(result, 2026, 'independent-1')!.stayed).toBeCloseTo(12 / 7, 3);
    expect(result.years[1]!.shortfall).toBeCloseTo(12 / 7, 3);
    // The year's shortfall rests on placements made earlier, not on a want of places now.
    expect(row(result, 2026).shortfallBasis).toBe('placed-earlier');
  });

  it("when half of a cohort's plans cease, then half its places are freed for new pupils; a cohort that grows brings new demand", async () => {
    const path = twoTownPath({ years: [2025, 2026], primary: [ONE_EACH, [1, 1, 0.5, 2, 1, 1, 1]], placesP: [7, 7], qFrom: null });
    const result = await solve(path);
    const y = result.years[1]!;
    // Ages 5-10 keep 1 each, except age 6 (half of last year's age-5 cohort): 5.5 stay, 0.5 ceased, 1 left at the transition.
    expect(y.stayed).toBeCloseTo(5.5, 6);
    expect(y.plansCeased).toBeCloseTo(0.5, 6);
    expect(y.leftAtTransition).toBeCloseTo(1, 6);
    // New demand: the Reception pupil and the age-7 cohort's new plan; 1.5 places free at P, so 0.5 short.
    expect(row(result, 2026).newDemand).toBeCloseTo(2, 6);
    expect(provision(result, 2026, 'P')!.used).toBeCloseTo(7, 6);
    expect(row(result, 2026).placedIndependent).toBeCloseTo(0.5, 6);
  });

  it("when a school opens in the path's first year, then that year shows it opened, measured against the year before the horizon", async () => {
    const path = twoTownPath({ years: [2026, 2027], primary: [ONE_EACH, ONE_EACH], placesP: [7, 7], qFrom: 2026 });
    // The year before: the register without Q (it opens in 2026).
    path.provisionsBefore = path.years[0]!.provisions.filter((p) => p.id !== 'Q');
    const result = await solve(path);
    expect(result.years[0]).toMatchObject({ placesOpened: 7, placesClosed: 0 });
    expect(result.supplyChanges).toEqual([expect.objectContaining({ year: 2026, provision: 'Q', change: 'opened', placesBefore: 0, placesAfter: 7, staying: 0 })]);
    // Inputs stored before the year before was kept: the first year reports no change, as it used to.
    delete path.provisionsBefore;
    const old = await solve(path);
    expect(old.years[0]).toMatchObject({ placesOpened: 0, placesClosed: 0 });
    expect(old.supplyChanges).toEqual([]);
  });

  it('when a school closes to admissions, then its pupils stay until their transition and the year shows the places closed', async () => {
    const path = twoTownPath({ years: [2025, 2026, 2027], primary: [ONE_EACH, ONE_EACH, ONE_EACH], placesP: [7, 7, 7], qFrom: 2026 });
    path.years[1]!.provisions = path.years[1]!.provisions.filter((p) => p.id !== 'P');
    path.years[2]!.provisions = path.years[2]!.provisions.filter((p) => p.id !== 'P');
    const result = await solve(path);
    const p2026 = provision(result, 2026, 'P')!;
    expect(p2026).toMatchObject({ admitting: false, capacity: 0 });
    expect(p2026.used).toBeCloseTo(6, 6);
    expect(provision(result, 2027, 'P')!.used).toBeCloseTo(5, 6);
    expect(result.years[1]).toMatchObject({ placesClosed: 7, placesOpened: 7 });
    expect(result.years[1]!.stayingInClosed).toBeCloseTo(6, 6);
    expect(result.supplyChanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ year: 2026, provision: 'P', change: 'closed', placesBefore: 7, placesAfter: 0, staying: 6 }),
        expect.objectContaining({ year: 2026, provision: 'Q', change: 'opened', placesAfter: 7 }),
      ]),
    );
    // Q takes the Reception pupils only: 1 in 2026, 2 in 2027.
    expect(provision(result, 2027, 'Q')!.used).toBeCloseTo(2, 6);
  });

  it('when the same path is solved twice, then every row and year is the same (one answer per path)', async () => {
    const path = twoTownPath({ years: [2025, 2026], primary: [ONE_EACH, [1, 2, 1, 1, 0.5, 1, 1]], secondary: [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]], placesP: [5, 6], qFrom: 2026 });
    const a = await solve(path);
    const b = await solve(path);
    expect(b.years).toEqual(a.years);
    expect(b.yearResults.map((y) => y.byLocality)).toEqual(a.yearResults.map((y) => y.byLocality));
    expect(b.inputsHash).toBe(a.inputsHash);
    // Every pupil of every year is somewhere.
    for (const y of a.yearResults) {
      for (const r of y.byLocality) expect(r.placedLocal + r.placedElsewhere + r.placedIndependent + r.unmet + r.notCommissioned).toBeCloseTo(r.demand, 6);
    }
    const s = await steps(path);
    expect(sumOf(s[1]!.placed.get('A|CLN|primary')!.outOfArea)).toBe(0);
  });
});
