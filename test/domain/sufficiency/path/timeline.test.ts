/** The path's demand and supply timelines (for the capital plan) on the path worked by hand. */
import { describe, expect, it } from 'vitest';
import { demandTimeline, supplyTimeline } from '../../../../src/domain/sufficiency/path/timeline.js';
import { solvePath } from '../../../../src/domain/sufficiency/path/solve-path.js';
import { pathMeta, twoTownPath } from './path-fixtures.js';

describe('path timelines', () => {
  const path = twoTownPath({ years: [2025, 2026, 2027], primary: [[1, 1, 1, 1, 1, 1, 1], [1, 1, 0.5, 2, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1]], placesP: [7, 7, 7], qFrom: 2026 });

  it('when the demand timeline is read, then each row gives demand, entrants, leavers and the share that stays, as the path carries them', async () => {
    const [primary] = demandTimeline(path);
    expect(primary).toMatchObject({ locality: 'A', category: 'CLN', phase: 'primary', demand: [7, 7.5, 7], entering: [1, 1, 1], leaving: [1, 1, 1] });
    // 2025 -> 2026: ages 4-9 move up; age 5's cohort keeps 0.5 of 1 (plans ceased), the others all: 5.5 of 7.
    expect(primary!.stays[0]).toBeCloseTo(5.5 / 7, 12);
    expect(primary!.stays[2]).toBe(0);
    // The path keeps exactly that share of 2025's placed pupils (all 7 were placed at P).
    const result = await solvePath({ inputs: path, meta: pathMeta(), solver: 'highs' });
    expect(result.years[1]!.stayed).toBeCloseTo(primary!.stays[0]! * 7, 6);
  });

  it("when the supply timeline is read, then each provision gives its places by phase each year, none before it opens", () => {
    const supply = supplyTimeline(path);
    expect(supply.find((p) => p.id === 'Q')).toMatchObject({ places: { primary: [0, 7, 7] }, categories: [[], ['CLN'], ['CLN']] });
    expect(supply.find((p) => p.id === 'P')!.places.primary).toEqual([7, 7, 7]);
  });
});
