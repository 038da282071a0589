import { describe, expect, it } from 'vitest';
import { fitThreeWay, fitTwoWay } from '../../../src/domain/demand/calibrate.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('iterative proportional fitting', () => {
  it('when given the three two-way margins of a table, then the fit reproduces every margin', () => {
    // A 3x2x4 table with structure (not an independence table), and its margins.
    const truth = [
      [[5, 0, 2, 1], [3, 0, 0, 6]],
      [[1, 7, 3, 0], [0, 2, 9, 4]],
      [[8, 1, 0, 2], [2, 0, 5, 3]],
    ];
    const ij = truth.map((a) => a.map((b) => sum(b)));
    const ik = truth.map((a) => [0, 1, 2, 3].map((k) => sum(a.map((b) => b[k]!))));
    const jk = [0, 1].map((j) => [0, 1, 2, 3].map((k) => sum(truth.map((a) => a[j]![k]!))));
    const fit = fitThreeWay(ij, ik, jk);
    expect(fit.maxError).toBeLessThan(1e-6);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++) expect(sum(fit.table[i]![j]!)).toBeCloseTo(ij[i]![j]!, 6);
    for (let j = 0; j < 2; j++)
      for (let k = 0; k < 4; k++) expect(sum(fit.table.map((a) => a[j]![k]!))).toBeCloseTo(jk[j]![k]!, 6);
    for (let i = 0; i < 3; i++)
      for (let k = 0; k < 4; k++) expect(sum(fit.table[i]!.map((b) => b[k]!))).toBeCloseTo(ik[i]![k]!, 6);
    // A zero margin cell (need 0 never in placement 1) forces zeros in the fitted table.
    expect(ik[0]![1]).toBe(0);
    expect(fit.table[0]!.map((b) => b[1]!)).toEqual([0, 0]);
  });

  it('when the prior has zeros, then the two-way fit keeps them and meets the totals', () => {
    const fit = fitTwoWay([[1, 1, 0], [0, 1, 1], [1, 0, 1]], [10, 20, 30], [15, 25, 20]);
    expect(fit.maxError).toBeLessThan(1e-6);
    expect(fit.table[0]![2]).toBe(0);
    expect(fit.table[1]![0]).toBe(0);
    expect(fit.table.map((r) => sum(r))).toEqual([10, 20, 30].map((x) => expect.closeTo(x, 6)));
    expect([0, 1, 2].map((j) => sum(fit.table.map((r) => r[j]!)))).toEqual([15, 25, 20].map((x) => expect.closeTo(x, 6)));
  });
});
