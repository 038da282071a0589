/**
 * Batch placement search: up to 5,000 need profiles with homes (a JSON array, or CSV rows with the
 * columns of batch matching), each searched as POST /placements/search would with the batch's
 * options, the answers kept short (the nearest candidates, no reasons) so 5,000 of them stay a few
 * megabytes. A bad row does not stop the batch: it gets every one of its errors, by field path,
 * never the value. Results come back in input order, as JSON or as CSV (one line per candidate).
 */
import type { DesignationViews } from '../designations/designation-sets.js';
import { BATCH_LIMIT, checkRow, tooMany, type BatchInputRow } from '../matching/batch.js';
import type { Registry } from '../registry/registry.js';
import type { PlacementIndex } from './placement-search.js';
import type { BatchSearchResult, BatchSearchRow, PlacementOptions } from './placement-result.js';

export type { BatchSearchResult, BatchSearchRow } from './placement-result.js';

/** Candidates kept per profile: more is what POST /placements/search is for. */
export const BATCH_CANDIDATE_LIMIT = 10;
export const BATCH_CANDIDATE_DEFAULT = 3;

/** Searches every row, in order, with the same options (excluded provisions are not explained in a batch). */
export function searchBatch(registry: Registry, placements: PlacementIndex, views: DesignationViews, rows: BatchInputRow[], options: PlacementOptions): BatchSearchResult {
  if (rows.length > BATCH_LIMIT) throw tooMany(rows.length);
  const searchOptions: PlacementOptions = { ...options, limit: Math.min(options.limit, BATCH_CANDIDATE_LIMIT), excludedLimit: 0 };
  const summary = { total: rows.length, searched: 0, invalid: 0, withCandidates: 0, withoutCandidates: 0, overGuideline: 0 };
  let travelModel: BatchSearchResult['travelModel'] | null = null;
  const results = rows.map((row, index): BatchSearchRow => {
    const checked = checkRow(registry, row, { homeRequired: true });
    if (!checked.ok) {
      summary.invalid++;
      return { index, line: row.line, ok: false, errors: checked.errors };
    }
    // checkRow with homeRequired: a valid row has its home resolved.
    const found = placements.search(views, checked.profile, checked.home!, searchOptions);
    travelModel ??= found.travelModel;
    summary.searched++;
    if (found.candidates.length) summary.withCandidates++;
    else summary.withoutCandidates++;
    // The nearest fitting provision is further than the best-practice journey for the child's phase.
    if (found.candidates[0]?.overGuideline) summary.overGuideline++;
    return {
      index,
      line: row.line,
      ok: true,
      phase: found.phase,
      bestFit: found.match.bestFit,
      continuum: { level: found.match.continuum.level, designation: found.match.continuum.designation, srpNeedType: found.match.continuum.srpNeedType },
      home: { basis: found.home.basis, estimate: found.home.estimate },
      totalFitting: found.totalFitting,
      candidates: found.candidates.map((c) => ({
        rank: c.rank,
        provisionId: c.provision.id,
        name: c.provision.name,
        kind: c.provision.kind,
        urn: c.provision.urn,
        district: c.provision.locality.name,
        level: c.level,
        designation: c.designation?.code ?? null,
        needTypes: c.needTypes,
        distanceKm: c.distanceKm,
        travelMinutes: c.travelMinutes,
        overGuideline: c.overGuideline,
        freePlaces: c.freePlaces.places,
        freePlacesBasis: c.freePlaces.basis,
      })),
    };
  });
  return {
    summary,
    options: { designationSet: searchOptions.designationSet, maxDistanceKm: searchOptions.maxDistanceKm, maxMinutes: searchOptions.maxMinutes ?? null, limit: searchOptions.limit },
    travelModel,
    results,
  };
}

/** The columns of the CSV answer, in order (documented in the README). */
export const BATCH_SEARCH_CSV_COLUMNS = [
  'row',
  'line',
  'status',
  'errors',
  'phase',
  'best_fit',
  'continuum_level',
  'continuum_designation',
  'srp_need_type',
  'home_basis',
  'total_fitting',
  'rank',
  'provision_id',
  'provision_name',
  'provision_kind',
  'urn',
  'district',
  'level',
  'designation',
  'need_types',
  'distance_km',
  'travel_minutes',
  'over_guideline',
  'free_places',
  'free_places_basis',
] as const;

type CsvCell = string | number | boolean | null;
type CsvRow = Record<(typeof BATCH_SEARCH_CSV_COLUMNS)[number], CsvCell>;

/**
 * The CSV answer: one line per candidate, so a spreadsheet can filter and sort them; a profile with
 * no candidate, or with errors, has one line of its own (status 'no-candidate' or 'invalid'). `row`
 * is the profile's position from 0, `line` its CSV line (header = 1).
 */
export function batchSearchCsvRows(result: BatchSearchResult): CsvRow[] {
  const blank = Object.fromEntries(BATCH_SEARCH_CSV_COLUMNS.map((c) => [c, null])) as CsvRow;
  return result.results.flatMap((r): CsvRow[] => {
    if (!r.ok) return [{ ...blank, row: r.index, line: r.line, status: 'invalid', errors: r.errors.map((e) => `${e.path}: ${e.message}`).join('; ') }];
    const profile: CsvRow = {
      ...blank,
      row: r.index,
      line: r.line,
      status: r.candidates.length ? 'ok' : 'no-candidate',
      phase: r.phase,
      best_fit: r.bestFit,
      continuum_level: r.continuum.level,
      continuum_designation: r.continuum.designation,
      srp_need_type: r.continuum.srpNeedType,
      home_basis: r.home.basis,
      total_fitting: r.totalFitting,
    };
    if (!r.candidates.length) return [profile];
    return r.candidates.map((c) => ({
      ...profile,
      rank: c.rank,
      provision_id: c.provisionId,
      provision_name: c.name,
      provision_kind: c.kind,
      urn: c.urn,
      district: c.district,
      level: c.level,
      designation: c.designation,
      need_types: c.needTypes.join(';'),
      distance_km: c.distanceKm,
      travel_minutes: c.travelMinutes,
      over_guideline: c.overGuideline,
      free_places: c.freePlaces,
      free_places_basis: c.freePlacesBasis,
    }));
  });
}
