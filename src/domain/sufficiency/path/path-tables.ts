/**
 * A path run's tables as flat rows for CSV, in whole pupils (rounded so that totals are kept) and
 * pounds a year: the single-year tables with a year column, and the path's own (years, localities,
 * supply changes).
 */
import { resultTable } from '../tables.js';
import type { SufficiencyResult } from '../result.js';
import type { PathResult } from './path-result.js';

export const PATH_TABLES = ['years', 'localities', 'supplyChanges'] as const;

export function pathTable(result: PathResult, table: string): Record<string, unknown>[] {
  if (table === 'years') {
    return result.years.map((y) => ({
      year: y.year,
      designationSet: y.designationSet,
      ...y.whole,
      independentCostPounds: y.independentCost,
      places: Math.round(y.places),
      placesUsed: Math.round(y.placesUsed),
      placesOpened: Math.round(y.placesOpened),
      placesClosed: Math.round(y.placesClosed),
      shortfallLow: y.band?.shortfall.low ?? null,
      shortfallHigh: y.band?.shortfall.high ?? null,
      independentCostLowPounds: y.band ? Math.round(y.band.independentCost.low) : null,
      independentCostHighPounds: y.band ? Math.round(y.band.independentCost.high) : null,
    }));
  }
  if (table === 'localities') {
    return result.localities.flatMap((l) =>
      l.byYear.map((y) => ({
        locality: l.locality,
        localityName: l.localityName,
        year: y.year,
        demand: y.demand,
        placedIndependent: y.placedIndependent,
        unmet: y.unmet,
        shortfall: y.shortfall,
        shortfallLow: y.band?.shortfall.low ?? null,
        shortfallHigh: y.band?.shortfall.high ?? null,
        shortfallStartsIn: l.shortfallStartsIn,
      })),
    );
  }
  if (table === 'supplyChanges') {
    return result.supplyChanges.map((c) => ({ ...c, phases: c.phases.join(';'), placesBefore: Math.round(c.placesBefore), placesAfter: Math.round(c.placesAfter), staying: Math.round(c.staying) }));
  }
  // The single-year tables, year by year.
  return result.yearResults.flatMap((r) => {
    const rows = resultTable(r as unknown as SufficiencyResult, table as Parameters<typeof resultTable>[1]);
    if (table === 'byLocality') {
      return rows.map((row, i) => {
        const p = r.byLocality[i]!;
        return { year: r.year, ...row, stayed: p.whole.stayed, stayedIndependent: p.whole.stayedIndependent, newDemand: p.whole.newDemand, shortfallLow: p.band?.shortfall.low ?? null, shortfallHigh: p.band?.shortfall.high ?? null };
      });
    }
    if (table === 'provisions') return rows.map((row, i) => ({ year: r.year, ...row, admitting: r.provisions[i]!.admitting, stayed: Math.round(r.provisions[i]!.stayed) }));
    return rows.map((row) => ({ year: r.year, ...row }));
  });
}
