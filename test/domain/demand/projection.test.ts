import { describe, expect, it } from 'vitest';
import {
  PROJECTION_METHODS,
  backtest,
  chooseCentral,
  scoreMethods,
  variantMultipliers,
  type BandYear,
} from '../../../src/domain/demand/index.js';
import { kentRegistry } from '../../helpers/app.js';

const inputs = kentRegistry().demand;
const series: BandYear[] = inputs.series.map((s) => ({ year: s.year, bands: s.bands, collection: s.collection }));
const points = backtest(series);

describe('the projection backtest', () => {
  it('when run on the series held, then every origin has five years of age bands behind it, 2023 (no bands) is neither origin nor target, and horizons are 1-5', () => {
    const origins = new Set(points.map((p) => p.origin));
    expect(Math.min(...origins)).toBe(2014);
    expect(origins.has(2023)).toBe(false);
    expect(points.some((p) => p.target === 2023)).toBe(false);
    expect(new Set(points.map((p) => p.horizon))).toEqual(new Set([1, 2, 3, 4, 5]));
    // 2025 is forecast one year ahead from 2024 (across the change of collection), and 2024 two years ahead from 2022
    expect(points.some((p) => p.origin === 2024 && p.target === 2025 && p.horizon === 1)).toBe(true);
    expect(points.some((p) => p.origin === 2022 && p.target === 2024 && p.horizon === 2)).toBe(true);
  });

  it('when a forecast is checked by hand, then it is the method applied to the years up to its origin', () => {
    // compound-last, 11-15 band, from 2024 to 2025: the 2022-2024 change (two years, annualised) for one year.
    const band = (year: number) => series.find((s) => s.year === year)!.bands[2]!;
    const p = points.find((x) => x.method === 'compound-last' && x.band === 2 && x.origin === 2024 && x.target === 2025)!;
    expect(p.forecast).toBeCloseTo(band(2024) * Math.sqrt(band(2024) / band(2022)), 6);
    expect(p.actual).toBe(band(2025));
    expect(p.error).toBeCloseTo(p.forecast / p.actual - 1, 12);
  });

  it('when the years after an origin are changed, then no forecast from that origin changes (no method sees the future)', () => {
    const origin = 2019;
    const changed = series.map((s) => (s.year > origin ? { ...s, bands: s.bands.map((x) => (x === null ? null : x * 3)) } : s));
    const before = points.filter((p) => p.origin === origin);
    const after = backtest(changed).filter((p) => p.origin === origin);
    expect(after.map((p) => p.forecast)).toEqual(before.map((p) => p.forecast));
  });

  it('when the methods are scored, then the central method is the one with the smallest error, computed from the backtest', () => {
    const scores = scoreMethods(points);
    const smallest = Math.min(...scores.map((s) => s.overall));
    const central = chooseCentral(scores);
    expect(scores.find((s) => s.method === central)!.overall).toBe(smallest);
    expect(inputs.projection.central).toBe(central);
    // the score is the mean absolute error over ages 5-19 at horizons 1-5, recomputed here from the points
    const mine = points.filter((p) => p.method === central && p.band >= 1 && p.band <= 3);
    expect(scores.find((s) => s.method === central)!.overall).toBeCloseTo(mine.reduce((s, p) => s + Math.abs(p.error), 0) / mine.length, 12);
    // the one-year compound method (the previous default) is among those tried, and does worse
    expect(scores.map((s) => s.method)).toContain('compound-last');
    expect(scores.find((s) => s.method === 'compound-last')!.overall).toBeGreaterThan(smallest);
    expect(scores).toHaveLength(PROJECTION_METHODS.length);
  });

  it('when low and high variants are derived, then they bracket the central projection and never narrow with the horizon', () => {
    const m = variantMultipliers(points, inputs.projection.central);
    for (let k = 0; k < m.length; k++) {
      expect(m[k]!.low).toBeLessThanOrEqual(1);
      expect(m[k]!.high).toBeGreaterThanOrEqual(1);
      if (k > 0) {
        expect(m[k]!.low).toBeLessThanOrEqual(m[k - 1]!.low);
        expect(m[k]!.high).toBeGreaterThanOrEqual(m[k - 1]!.high);
      }
    }
    // about 80% of the central method's backtest outcomes since 2018 fall inside the one-year interval
    const inside = points.filter((p) => p.method === inputs.projection.central && p.horizon === 1 && p.band >= 1 && p.band <= 3 && p.origin >= 2018)
      .map((p) => p.actual / p.forecast)
      .filter((r) => r >= m[0]!.low && r <= m[0]!.high);
    expect(inside.length / m[0]!.points).toBeGreaterThanOrEqual(0.7);
    // the interval is measured after the transition to EHC plans: forecasts from 2014-2017 are left out
    expect(m[0]!.points).toBe(points.filter((p) => p.method === inputs.projection.central && p.horizon === 1 && p.band >= 1 && p.band <= 3 && p.origin >= 2018).length);
    expect(inputs.projection.multipliers).toEqual(m);
  });
});
