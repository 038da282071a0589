/**
 * A run's tables as flat rows for CSV, in whole pupils (rounded so that totals are kept; the exact
 * values stay in the JSON) and pounds a year.
 */
import type { Comparison } from './compare.js';
import type { SufficiencyResult } from './result.js';

export const RESULT_TABLES = ['byLocality', 'provisions', 'outreach'] as const;
export type ResultTable = (typeof RESULT_TABLES)[number];
/** Tables only a path run has (path/path-tables.ts). */
export const PATH_ONLY_TABLES = ['years', 'localities', 'supplyChanges'] as const;

const one = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export function resultTable(result: SufficiencyResult, table: ResultTable): Record<string, unknown>[] {
  if (table === 'byLocality') {
    return result.byLocality.map((r) => ({
      locality: r.locality,
      localityName: r.localityName,
      category: r.category,
      phase: r.phase,
      demand: r.whole.demand,
      placedLocal: r.whole.placedLocal,
      placedElsewhere: r.whole.placedElsewhere,
      placedBeyondLimit: r.whole.placedBeyondLimit,
      placedIndependent: r.whole.placedIndependent,
      placedOutOfArea: r.whole.placedOutOfArea,
      unmet: r.whole.unmet,
      notCommissioned: r.whole.notCommissioned,
      shortfall: r.whole.placedIndependent + r.whole.unmet,
      placedShare: r.placedShare,
      meanMinutes: one(r.meanMinutes),
      p95Minutes: one(r.p95Minutes),
      meanKm: one(r.meanKm),
      valueOfLocalPlacePounds: r.valueOfLocalPlace,
      shortfallBasis: r.shortfallBasis,
    }));
  }
  if (table === 'outreach') {
    return result.outreach.map((r) => ({ locality: r.locality, localityName: r.localityName, category: r.category, demand: r.whole.demand, supplied: r.whole.supplied, unmet: r.whole.unmet }));
  }
  return result.provisions.map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    locality: p.locality,
    categories: p.categories.join(';'),
    phases: p.phases.join(';'),
    places: Math.round(p.capacity),
    placesBasis: p.capacityBasis,
    placesNote: p.capacityNote,
    used: p.usedWhole,
    utilisation: p.utilisation,
    utilisationNote: p.utilisationNote,
    valuePerPlacePounds: p.valuePerPlace,
    valueMeaning: p.valueMeaning,
    s41: p.s41,
    changes: p.changes.join('; '),
  }));
}

export function comparisonTable(comparison: Comparison, table: ResultTable): Record<string, unknown>[] {
  if (table === 'byLocality') {
    return comparison.byLocality.map((r) => ({
      locality: r.locality,
      localityName: r.localityName,
      category: r.category,
      phase: r.phase,
      demandBase: r.whole.demandBase,
      demandOther: r.whole.demandOther,
      shortfallBase: r.whole.shortfallBase,
      shortfallOther: r.whole.shortfallOther,
      shortfallChange: r.whole.shortfallChange,
    }));
  }
  if (table === 'outreach') return comparison.outreach.map((r) => ({ ...r, unmetBase: Math.round(r.unmetBase), unmetOther: Math.round(r.unmetOther), unmetChange: Math.round(r.unmetChange) }));
  return comparison.provisions.map((p) => ({ ...p, capacityBase: Math.round(p.capacityBase), capacityOther: Math.round(p.capacityOther), usedBase: Math.round(p.usedBase), usedOther: Math.round(p.usedOther) }));
}
