/**
 * How many EHCPs Kent will hold in the years ahead, by age band: the methods tried, their backtest on
 * the data held, and the low / central / high variants. models/kent/DEMAND.md has the results.
 *
 * The data: Kent's plans in January of each year by the five age bands DfE has published since 2010
 * (under 5, 5-10, 11-15, 16-19, 20-25), from the aggregate SEN2 return (2010-2022) and the
 * person-level collection (2024, 2025: single years of age, summed to the same bands). January 2023
 * has a total only (the first person-level year), so 2023 is missing by band: growth between 2022
 * and 2024 is read as a two-year interval, across DfE's change of collection. No population before
 * mid-2022 is in the dataset, so every method works on counts of plans, not on rates per resident:
 * population change is inside the counts' history, and the backtest measures methods exactly as they
 * are used.
 *
 * Methods, for band b, origin year T (the last year of data used) and horizon h (years ahead):
 *
 *   no-change          F(T+h) = N(T)
 *   compound-last      F(T+h) = N(T) x exp(h x g1)                      g1 = ln(N(T)/N(T')) / (T - T'), T' the year before T with data
 *   compound-mean3     F(T+h) = N(T) x exp(h x g3)                      g3 = mean of the last three annual log growths
 *   damped-last-φ      F(T+h) = N(T) x exp(g1 x (φ + φ^2 + ... + φ^h))  (Gardner and McKenzie's damped trend, on log counts)
 *   damped-mean3-φ     F(T+h) = N(T) x exp(g3 x (φ + ... + φ^h))        φ = 0.8 and 0.9, the bounds of the usual range
 *   linear-5           ordinary least squares line through the last five years with data, read at T+h
 *   cohort-3           plans carry forward a year of age: N(b, Y+1) = R(b) x [N(b, Y) x (1 - 1/w(b)) + N(b-1, Y) / w(b-1)],
 *                      w the band's width in years, R(b) the mean of the last three observed one-year ratios
 *                      (continuation plus new plans, per plan carried forward); the youngest band N(0, Y+1) = R(0) x N(0, Y) x ...
 *
 * Backtest: for every origin T with at least five years of data, every method forecasts each later
 * year with data, one to five years ahead, from the data up to T only. Error = F / actual - 1. The
 * central method is the one with the smallest mean absolute percentage error over the school bands
 * (5-10, 11-15, 16-19) and horizons 1-5 (the service projects 2026-2030 from 2025). Low and high scale
 * the central projection by the 10th and 90th percentiles of its backtest ratio actual / forecast at
 * the same horizon (all school bands pooled; never narrowing as the horizon grows): an 80% interval
 * from the method's own record, taken from forecasts made in 2018 or later. Statements and learning
 * difficulty assessments were converted to EHC plans from September 2014 to April 2018, and plans
 * were extended to age 25: forecasts made before 2018 forecast across that one-off transition (16-19
 * plans rose 33% in 2016 and 55% in 2017), which the years ahead do not repeat.
 */

/** The age bands DfE publishes the series in (ages at the start of the school year). */
export const SERIES_BANDS = [
  { key: 'under_5', low: 0, high: 4, label: 'under 5' },
  { key: 'age_5_to_10', low: 5, high: 10, label: '5-10 (primary)' },
  { key: 'age_11_to_15', low: 11, high: 15, label: '11-15 (secondary)' },
  { key: 'age_16_to_19', low: 16, high: 19, label: '16-19 (post-16)' },
  { key: 'age_20_to_25', low: 20, high: 25, label: '20-25 (post-19)' },
] as const;
export type SeriesBand = (typeof SERIES_BANDS)[number]['key'];

/** Bands the central method is chosen on and the variants are measured on: the school phases. */
export const SCHOOL_BANDS = [1, 2, 3] as const;
/** Bands projected by the chosen method; under 5 feeds age 4 (Reception) and the cohort method's youngest band. */
export const PROJECTED_BANDS = [0, 1, 2, 3] as const;

export const PROJECTION_VARIANTS = ['low', 'central', 'high'] as const;
export type ProjectionVariant = (typeof PROJECTION_VARIANTS)[number];

export interface BandYear {
  year: number;
  /** Plans by SERIES_BANDS index; null where the band was not published (20-25 before 2015). */
  bands: (number | null)[];
  collection: string;
}

export interface ProjectionMethod {
  id: string;
  description: string;
  /** Forecast of band b, h years after the last year of `history` (sorted, oldest first, bands known). */
  forecast(history: BandYear[], band: number, h: number): number;
}

const count = (y: BandYear, b: number) => y.bands[b] ?? 0;

/** Annual log growths of a band between consecutive years with data (an interval across a gap is annualised). */
function logGrowths(history: BandYear[], b: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < history.length; i++) {
    const [a, c] = [history[i - 1]!, history[i]!];
    if (count(a, b) > 0 && count(c, b) > 0) out.push(Math.log(count(c, b) / count(a, b)) / (c.year - a.year));
  }
  return out;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
const lastGrowth = (h: BandYear[], b: number) => logGrowths(h, b).at(-1) ?? 0;
const mean3Growth = (h: BandYear[], b: number) => mean(logGrowths(h, b).slice(-3));
const dampedSum = (phi: number, h: number) => {
  let s = 0;
  for (let i = 1; i <= h; i++) s += phi ** i;
  return s;
};

const WIDTHS = SERIES_BANDS.map((s) => s.high - s.low + 1);

/** Plans carried forward a year of age into band b: those who stay in it and those who move up into it. */
function carried(y: number[], b: number): number {
  return y[b]! * (1 - 1 / WIDTHS[b]!) + (b > 0 ? y[b - 1]! / WIDTHS[b - 1]! : 0);
}

/** Observed one-year cohort ratios R(b) = N(b, Y+1) / carried(b, Y), for consecutive years only. */
export function cohortRatios(history: BandYear[]): { year: number; ratios: (number | null)[] }[] {
  const out: { year: number; ratios: (number | null)[] }[] = [];
  for (let i = 1; i < history.length; i++) {
    const [a, c] = [history[i - 1]!, history[i]!];
    if (c.year - a.year !== 1) continue;
    const prev = a.bands.map((x) => x ?? 0);
    out.push({ year: c.year, ratios: c.bands.map((x, b) => (carried(prev, b) > 0 && x !== null ? x / carried(prev, b) : null)) });
  }
  return out;
}

function cohortForecast(history: BandYear[], band: number, h: number): number {
  const recent = cohortRatios(history).slice(-3);
  const R = SERIES_BANDS.map((_, b) => {
    const rs = recent.map((r) => r.ratios[b]).filter((x): x is number => x !== null);
    return rs.length ? mean(rs) : 1;
  });
  let y = history.at(-1)!.bands.map((x) => x ?? 0);
  for (let k = 0; k < h; k++) y = y.map((_, b) => R[b]! * carried(y, b));
  return y[band]!;
}

function linearForecast(history: BandYear[], band: number, h: number, n = 5): number {
  const pts = history.slice(-n).map((y) => ({ x: y.year, v: count(y, band) }));
  const mx = mean(pts.map((p) => p.x));
  const mv = mean(pts.map((p) => p.v));
  const sxx = pts.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const slope = sxx > 0 ? pts.reduce((s, p) => s + (p.x - mx) * (p.v - mv), 0) / sxx : 0;
  return Math.max(0, mv + slope * (history.at(-1)!.year + h - mx));
}

/** Every method tried, in the order DEMAND.md reports them. */
export const PROJECTION_METHODS: readonly ProjectionMethod[] = [
  { id: 'no-change', description: 'plans stay at the last year’s count (benchmark)', forecast: (hs, b) => count(hs.at(-1)!, b) },
  {
    id: 'compound-last',
    description: 'the last annual change compounded (the previous default, as counts)',
    forecast: (hs, b, h) => count(hs.at(-1)!, b) * Math.exp(h * lastGrowth(hs, b)),
  },
  {
    id: 'compound-mean3',
    description: 'the mean of the last three annual changes, compounded',
    forecast: (hs, b, h) => count(hs.at(-1)!, b) * Math.exp(h * mean3Growth(hs, b)),
  },
  ...[0.8, 0.9].flatMap((phi) => [
    {
      id: `damped-last-${phi}`,
      description: `the last annual change, damped by ${phi} a year (damped trend)`,
      forecast: (hs: BandYear[], b: number, h: number) => count(hs.at(-1)!, b) * Math.exp(lastGrowth(hs, b) * dampedSum(phi, h)),
    },
    {
      id: `damped-mean3-${phi}`,
      description: `the mean of the last three annual changes, damped by ${phi} a year`,
      forecast: (hs: BandYear[], b: number, h: number) => count(hs.at(-1)!, b) * Math.exp(mean3Growth(hs, b) * dampedSum(phi, h)),
    },
  ]),
  { id: 'linear-5', description: 'a straight line through the last five years with data', forecast: (hs, b, h) => linearForecast(hs, b, h) },
  {
    id: 'cohort-3',
    description: 'plans carry forward a year of age, with the mean of the last three observed continuation-and-new-plan ratios',
    forecast: cohortForecast,
  },
];

export interface BacktestPoint {
  method: string;
  band: number;
  origin: number;
  target: number;
  horizon: number;
  forecast: number;
  actual: number;
  /** forecast / actual - 1 */
  error: number;
}

export const BACKTEST = { minHistoryYears: 5, maxHorizon: 5 } as const;

/** Fit on the years up to each origin, forecast each later year with data up to five years ahead. */
export function backtest(series: BandYear[], methods: readonly ProjectionMethod[] = PROJECTION_METHODS, bands: readonly number[] = PROJECTED_BANDS): BacktestPoint[] {
  const known = series.filter((y) => bands.every((b) => y.bands[b] !== null)).sort((a, b) => a.year - b.year);
  const points: BacktestPoint[] = [];
  for (let i = BACKTEST.minHistoryYears - 1; i < known.length - 1; i++) {
    const history = known.slice(0, i + 1);
    const origin = history.at(-1)!.year;
    for (const target of known.slice(i + 1)) {
      const horizon = target.year - origin;
      if (horizon > BACKTEST.maxHorizon) break;
      for (const m of methods) {
        for (const b of bands) {
          const forecast = m.forecast(history, b, horizon);
          const actual = count(target, b);
          points.push({ method: m.id, band: b, origin, target: target.year, horizon, forecast, actual, error: forecast / actual - 1 });
        }
      }
    }
  }
  return points;
}

export interface MethodScore {
  method: string;
  /** Mean absolute percentage error (as a fraction) over the school bands, by horizon 1-5. */
  byHorizon: number[];
  /** Over the school bands and horizons 1-5: the figure the central method is chosen on. */
  overall: number;
  /** Over the school bands, horizons 1 and 2 (reported; not the choice). */
  oneAndTwoYears: number;
  points: number;
}

export function scoreMethods(points: BacktestPoint[], methods: readonly ProjectionMethod[] = PROJECTION_METHODS): MethodScore[] {
  const school = new Set<number>(SCHOOL_BANDS);
  return methods.map((m) => {
    const mine = points.filter((p) => p.method === m.id && school.has(p.band));
    const mape = (ps: BacktestPoint[]) => mean(ps.map((p) => Math.abs(p.error)));
    return {
      method: m.id,
      byHorizon: Array.from({ length: BACKTEST.maxHorizon }, (_, k) => mape(mine.filter((p) => p.horizon === k + 1))),
      overall: mape(mine),
      oneAndTwoYears: mape(mine.filter((p) => p.horizon <= 2)),
      points: mine.length,
    };
  });
}

/** The method with the smallest overall backtest error (ties: the earlier in PROJECTION_METHODS). */
export function chooseCentral(scores: MethodScore[]): string {
  return scores.reduce((best, s) => (s.overall < best.overall - 1e-12 ? s : best)).method;
}

/** Quantile by linear interpolation between order statistics (R's type 7). */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo);
}

export const VARIANT_QUANTILES = { low: 0.1, high: 0.9 } as const;
/** The first origin whose forecast errors measure the variants: after the transition to EHC plans (April 2018). */
export const VARIANT_FIRST_ORIGIN = 2018;

/**
 * Multipliers of the central projection for the low and high variants, by horizon 1-5: the 10th and
 * 90th percentiles of actual / forecast in the central method's backtest from `firstOrigin` on
 * (school bands pooled),
 * widened where needed so that the interval never narrows as the horizon grows (with 18-27 errors
 * per horizon, a percentile can otherwise step back).
 */
export function variantMultipliers(
  points: BacktestPoint[],
  central: string,
  firstOrigin: number = VARIANT_FIRST_ORIGIN,
): { horizon: number; low: number; high: number; points: number }[] {
  const school = new Set<number>(SCHOOL_BANDS);
  let low = 1;
  let high = 1;
  return Array.from({ length: BACKTEST.maxHorizon }, (_, k) => {
    const ratios = points
      .filter((p) => p.method === central && school.has(p.band) && p.horizon === k + 1 && p.origin >= firstOrigin)
      .map((p) => p.actual / p.forecast);
    // A horizon the record does not reach (a short series: a council with seven years of totals) keeps the last one measured.
    if (ratios.length) {
      low = Math.min(low, quantile(ratios, VARIANT_QUANTILES.low));
      high = Math.max(high, quantile(ratios, VARIANT_QUANTILES.high));
    }
    return { horizon: k + 1, low, high, points: ratios.length };
  });
}

/** The projection the demand model uses, built once from the series at load. */
export interface ProjectionModel {
  baseYear: number;
  central: string;
  scores: MethodScore[];
  multipliers: { horizon: number; low: number; high: number; points: number }[];
  /**
   * `factor[variant][band][year - baseYear]`: projected plans in the band / plans in the base year,
   * for years baseYear..lastYear (bands 0-3; the others are held at their base rate per resident).
   */
  factor: Record<ProjectionVariant, number[][]>;
  points: BacktestPoint[];
}

/**
 * `methods`: the methods tried (all of them, unless the series' bands before the base year are
 * estimates shared from the total, where the cohort method would carry the estimate's shares as if
 * observed: load-demand-inputs.ts leaves it out then).
 */
export function buildProjection(series: BandYear[], baseYear: number, lastYear: number, methods: readonly ProjectionMethod[] = PROJECTION_METHODS): ProjectionModel {
  const points = backtest(series, methods);
  const scores = scoreMethods(points, methods);
  const central = chooseCentral(scores);
  const method = methods.find((m) => m.id === central)!;
  const multipliers = variantMultipliers(points, central);
  const history = series.filter((y) => y.year <= baseYear && PROJECTED_BANDS.every((b) => y.bands[b] !== null)).sort((a, b) => a.year - b.year);
  const base = history.at(-1)!;
  if (base.year !== baseYear) throw new Error(`the series has no age bands for the base year ${baseYear}`);
  const years = lastYear - baseYear;
  const factor = Object.fromEntries(
    PROJECTION_VARIANTS.map((variant) => [
      variant,
      SERIES_BANDS.map((_, b) =>
        Array.from({ length: years + 1 }, (_, h) => {
          if (h === 0 || !(PROJECTED_BANDS as readonly number[]).includes(b)) return 1;
          const m = multipliers[Math.min(h, multipliers.length) - 1]!;
          const scale = variant === 'central' ? 1 : variant === 'low' ? m.low : m.high;
          return (method.forecast(history, b, h) / count(base, b)) * scale;
        }),
      ),
    ]),
  ) as Record<ProjectionVariant, number[][]>;
  return { baseYear, central, scores, multipliers, factor, points };
}

/** The series band holding an age (ages 0-25). */
export function bandOfAge(age: number): number {
  const i = SERIES_BANDS.findIndex((s) => age >= s.low && age <= s.high);
  if (i < 0) throw new RangeError(`age ${age} is outside 0-25`);
  return i;
}
