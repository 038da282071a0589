/**
 * A plan's builds as a table, one row per build with its reasons: the CSV a commissioner opens in a
 * spreadsheet (GET /plans/{id}?format=csv, `npm run plan -- --csv`). Pounds and places as the plan
 * has them; the plan's pupils rounded to one decimal (they are the model's, not whole pupils).
 */
import type { PlanResult } from './plan-result.js';

export const PLAN_BUILD_COLUMNS = [
  'year',
  'candidate',
  'name',
  'kind',
  'locality',
  'locality_name',
  'units',
  'places',
  'capital',
  'running_per_year',
  'categories',
  'phases',
  'sites',
  'pupils_placed_first_year',
  'marginal_worth',
  'reasons',
  'capital_basis',
  'running_basis',
] as const;

export function planBuildRows(result: PlanResult): Record<(typeof PLAN_BUILD_COLUMNS)[number], string | number>[] {
  return [...result.builds]
    .sort((a, b) => a.year - b.year || a.localityName.localeCompare(b.localityName) || a.name.localeCompare(b.name))
    .map((b) => ({
      year: b.year,
      candidate: b.candidate,
      name: b.name,
      kind: b.kind,
      locality: b.locality,
      locality_name: b.localityName,
      units: b.units,
      places: b.places,
      capital: Math.round(b.capital),
      running_per_year: Math.round(b.runningPerYear),
      categories: b.categories.join('; '),
      phases: b.phases.join('; '),
      sites: b.sites.map((s) => `${s.name} (${s.urn})`).join('; '),
      pupils_placed_first_year: Math.round(b.pupilsPlaced * 10) / 10,
      marginal_worth: b.reasons.find((r) => r.kind === 'marginal')?.text ?? '',
      reasons: b.reasons
        .filter((r) => r.kind !== 'marginal')
        .map((r) => `${r.kind}: ${r.text}`)
        .join(' | '),
      capital_basis: b.basis.capital,
      running_basis: b.basis.running,
    }));
}
