/**
 * Kent's EHCP series since 2010 beside the projection and its record, for GET /demand/series and
 * the dashboard's Demand page: the plans held each January by the published age bands, the
 * projection of each projected band (central, low and high: the variants' multipliers of the central
 * method, projection.ts) and of all ages (the demand model's county total, ehcp-counts.ts), and the
 * central method's backtest errors on the school bands (forecast / actual - 1, by origin and horizon).
 */
import { BACKTEST, PROJECTED_BANDS, PROJECTION_VARIANTS, SCHOOL_BANDS, SERIES_BANDS, VARIANT_FIRST_ORIGIN, type ProjectionVariant } from './projection.js';
import type { DemandInputs } from './types.js';

export interface SeriesView {
  bands: { key: string; label: string; projected: boolean; school: boolean }[];
  series: { year: number; total: number; bands: (number | null)[]; collection: string; source: string }[];
  projection: {
    method: string;
    baseYear: number;
    years: { year: number; total: Record<ProjectionVariant, number>; bands: (Record<ProjectionVariant, number> | null)[] }[];
  };
  backtest: {
    method: string;
    /** Forecasts from this origin on measure the low and high variants (after the transition to EHC plans). */
    variantsFromOrigin: number;
    points: { band: number; origin: number; target: number; horizon: number; forecast: number; actual: number; error: number }[];
    /** Mean absolute error (a fraction) by band and horizon 1-5, forecasts from variantsFromOrigin on. */
    meanAbsoluteError: { band: number; horizon: number; value: number | null; points: number }[];
  };
}

/**
 * @param totals the demand model's county total (all ages) for a year and variant
 */
export function seriesView(inputs: DemandInputs, lastYear: number, totals: (year: number, variant: ProjectionVariant) => number): SeriesView {
  const p = inputs.projection;
  const base = inputs.series.find((s) => s.year === p.baseYear)!;
  const years = [];
  for (let year = p.baseYear; year <= lastYear; year++) {
    const h = year - p.baseYear;
    years.push({
      year,
      total: Object.fromEntries(PROJECTION_VARIANTS.map((v) => [v, totals(year, v)])) as Record<ProjectionVariant, number>,
      bands: SERIES_BANDS.map((_, b) =>
        (PROJECTED_BANDS as readonly number[]).includes(b) && base.bands[b] !== null
          ? (Object.fromEntries(PROJECTION_VARIANTS.map((v) => [v, base.bands[b]! * (p.factor[v][b]![h] ?? NaN)])) as Record<ProjectionVariant, number>)
          : null,
      ),
    });
  }
  const school = new Set<number>(SCHOOL_BANDS);
  const points = p.points
    .filter((x) => x.method === p.central && school.has(x.band))
    .map(({ band, origin, target, horizon, forecast, actual, error }) => ({ band, origin, target, horizon, forecast, actual, error }));
  const meanAbsoluteError = SCHOOL_BANDS.flatMap((band) =>
    Array.from({ length: BACKTEST.maxHorizon }, (_, k) => {
      const mine = points.filter((x) => x.band === band && x.horizon === k + 1 && x.origin >= VARIANT_FIRST_ORIGIN);
      return { band, horizon: k + 1, value: mine.length ? mine.reduce((s, x) => s + Math.abs(x.error), 0) / mine.length : null, points: mine.length };
    }),
  );
  return {
    bands: SERIES_BANDS.map((b, i) => ({ key: b.key, label: b.label, projected: (PROJECTED_BANDS as readonly number[]).includes(i), school: school.has(i) })),
    series: inputs.series.map((s) => ({ year: s.year, total: s.ehcPlans, bands: s.bands, collection: s.collection, source: s.source })),
    projection: { method: p.central, baseYear: p.baseYear, years },
    backtest: { method: p.central, variantsFromOrigin: VARIANT_FIRST_ORIGIN, points, meanAbsoluteError },
  };
}
