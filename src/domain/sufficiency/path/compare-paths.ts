/**
 * Comparing runs when one or both are paths. A path's model year is a single-year result in full
 * (`yearResults`), so one year of two runs is compared exactly as two single-year runs are
 * (`compareResults`: every input that differs first, then the rows); the year is chosen by the caller or,
 * by default, the last year both runs cover (the end of the horizon is what a plan is judged by). When both
 * runs are paths, the totals of every year they share are compared too, so the change can be read over
 * time before it is read by locality.
 */
import { z } from 'zod';
import { DomainError } from '../../errors.js';
import type { SufficiencyResult } from '../result.js';
import type { PathResult } from './path-result.js';

export const pathYearsComparisonSchema = z
  .array(
    z.object({
      year: z.number().int(),
      measure: z.enum(['demand', 'placedState', 'placedIndependent', 'unmet', 'shortfall', 'independentCost']),
      base: z.number(),
      other: z.number(),
      change: z.number(),
    }),
  )
  .describe('Both runs are paths: totals of every year both cover (whole pupils; independentCost in pounds a year), other minus base');
export type PathYearsComparison = z.infer<typeof pathYearsComparisonSchema>;

export const isPathResult = (result: SufficiencyResult | PathResult): result is PathResult => (result as PathResult).kind === 'path';

const invalidYear = (message: string) => new DomainError('invalid', message, { issues: [{ path: 'year', message }] });

/** The model years a run covers: a path's horizon, or a single-year run's own year. */
export const runYears = (result: SufficiencyResult | PathResult): number[] => (isPathResult(result) ? result.years.map((y) => y.year) : [result.year]);

/**
 * The year at which two runs are compared when either is a path: the one asked for, which both runs must
 * cover (a single-year run covers its own year only), or else the last year both cover. Null when neither
 * is a path and no year is asked (single-year runs are compared as they are, whatever their years).
 * Throws 'invalid' at `year` (the caller puts it under its own field) when there is no such year.
 */
export function comparisonYear(base: SufficiencyResult | PathResult, other: SufficiencyResult | PathResult, asked: number | undefined): number | null {
  if (!isPathResult(base) && !isPathResult(other) && asked === undefined) return null;
  const covers = (r: SufficiencyResult | PathResult) => `${r.scenarioId} (${isPathResult(r) ? 'a path: ' : 'a single year: '}${runYears(r).join(', ')})`;
  if (asked !== undefined) {
    const missing = [base, other].find((r) => !runYears(r).includes(asked));
    if (missing) throw invalidYear(`year ${asked} is not a year of the run of ${covers(missing)}`);
    return asked;
  }
  const theirs = runYears(other);
  const common = runYears(base).filter((y) => theirs.includes(y));
  if (!common.length) throw invalidYear(`the runs share no year: ${covers(base)} and ${covers(other)}`);
  return Math.max(...common);
}

/** The single-year result a run stands for at a year: a path's model year, or the run itself. */
export function resultAtYear(result: SufficiencyResult | PathResult, year: number | null): SufficiencyResult {
  if (!isPathResult(result)) return result;
  const found = result.yearResults.find((r) => r.year === year);
  if (!found) throw invalidYear(`year ${year} is outside the path ${result.scenarioId}`);
  return found as unknown as SufficiencyResult;
}

/** Totals of every year two paths share, other minus base, in whole pupils and pounds. */
export function comparePathYears(base: PathResult, other: PathResult): PathYearsComparison {
  const otherYears = new Map(other.years.map((y) => [y.year, y]));
  const out: PathYearsComparison = [];
  for (const b of base.years) {
    const o = otherYears.get(b.year);
    if (!o) continue;
    const pupils = ['demand', 'placedState', 'placedIndependent', 'unmet', 'shortfall'] as const;
    for (const measure of pupils) out.push({ year: b.year, measure, base: b.whole[measure], other: o.whole[measure], change: o.whole[measure] - b.whole[measure] });
    const cost = (y: typeof b) => Math.round(y.independentCost);
    out.push({ year: b.year, measure: 'independentCost', base: cost(b), other: cost(o), change: cost(o) - cost(b) });
  }
  return out;
}
