/**
 * A path run's progress as the solve worker reports it: the real path solver's stage messages, read
 * into progress with the model year each has just solved (src/features/runs/solve-worker.ts).
 */
import { describe, expect, it } from 'vitest';
import { solvePath } from '../../../src/domain/sufficiency/path/solve-path.js';
import { solveProgress } from '../../../src/features/runs/solve-worker.js';
import type { JobProgress } from '../../../src/jobs/job-table.js';
import { pathMeta, twoTownPath } from '../../domain/sufficiency/path/path-fixtures.js';

const ONE_EACH = [1, 1, 1, 1, 1, 1, 1];

describe('a path run’s progress', () => {
  it('when a three-year path with a band is solved, then progress names each year as it is solved, the central path and then each variant, between building and interpreting', async () => {
    const path = twoTownPath({ years: [2025, 2026, 2027], primary: [ONE_EACH, ONE_EACH, ONE_EACH], placesP: [7, 7, 7], qFrom: 2026 });
    const demand = path.years.map((y) => y.demand);
    const heard: JobProgress[] = [];
    await solvePath({ inputs: { ...path, band: { low: demand, high: demand } }, meta: pathMeta(), solver: 'highs' }, solveProgress((p) => heard.push(p)));
    expect(heard[0]).toMatchObject({ stage: 'building' });
    expect(heard.at(-1)).toMatchObject({ stage: 'interpreting' });
    expect(heard[0]!.year).toBeUndefined();
    const solving = heard.filter((p) => p.stage === 'solving');
    expect(solving.map((p) => p.year)).toEqual([2025, 2026, 2027, 2025, 2026, 2027, 2025, 2026, 2027]);
    expect(solving[3]!.detail).toMatch(/^low variant, 2025: /);
  });
});
