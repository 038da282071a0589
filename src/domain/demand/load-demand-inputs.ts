/**
 * Loads and validates the demand model's files (EHCP counts, population projections, pathway
 * matrix and its assumptions). Called by loadRegistry; bad data throws a DataFileError naming the
 * file, row and field. The cross-file checks make sure the three EHCP tables describe the same plans.
 */
import { join } from 'node:path';
import { NEED_CODES, PROPOSED_DESIGNATIONS, SRP_NEED_TYPES, type ProposedDesignation, type SrpNeedType } from '../needs.js';
import { readCsvFile, readJsonFile, validateJson } from '../registry/csv.js';
import { DataFileError } from '../registry/data-file-error.js';
import type { Locality, Lsoa } from '../registry/registry.js';
import {
  CASELOAD_GROUP_COLUMNS,
  DEMAND_FILES,
  PATHWAY_COLUMNS,
  needByAgeRow,
  needByPlacementRow,
  pathwayAssumptionsFile,
  pathwayMatrixRow,
  placementByAgeRow,
  populationRowBase,
  populationValue,
  seriesRow,
} from './demand-files.js';
import { DEMAND_PHASES, MAX_AGE, demandPhaseOfAge, type DemandPhase } from './phases.js';
import { deriveRateTrend } from './rate-trend.js';
import {
  PLACEMENT_GROUPS,
  type AgeGroup,
  type DemandInputs,
  type MsoaShare,
  type NeedOrUnknown,
  type PathwayMatrixRow,
  type PlacementGroup,
  type PopulationProjection,
} from './types.js';

const NEEDS_AND_UNKNOWN: NeedOrUnknown[] = [...NEED_CODES, 'UNKNOWN'];

/** DfE "Type of placement" labels (detail rows) to placement groups. */
export function placementGroupOf(label: string): PlacementGroup | null {
  if (/^Mainstream - .*\((SEN unit|resourced provision)\)$/.test(label)) return 'srp';
  if (/^Mainstream - (LA maintained|academy|free school|independent)$/.test(label)) return 'mainstream';
  if (label === 'Special - LA maintained' || label === 'Special - Academy/free schools') return 'special-state';
  if (label === 'Special - non-maintained') return 'special-non-maintained';
  if (label === 'Special - independent') return 'special-independent';
  if (/^FE - /.test(label)) return 'fe';
  if (/^(AP\/PRU|Educated elsewhere) - /.test(label) || label === 'Non-maintained early years' || label === 'Placement not recorded') {
    return 'other';
  }
  return null;
}

const zeroNeeds = (): Record<NeedOrUnknown, number> => Object.fromEntries(NEEDS_AND_UNKNOWN.map((n) => [n, 0])) as Record<NeedOrUnknown, number>;
const zeroGroups = (): Record<PlacementGroup, number> => Object.fromEntries(PLACEMENT_GROUPS.map((g) => [g, 0])) as Record<PlacementGroup, number>;

export interface DemandGeography {
  districts: Locality[];
  msoas: Locality[];
  lsoas: Map<string, Lsoa>;
}

export function loadDemandInputs(dir: string, geography: DemandGeography): DemandInputs {
  const path = (name: string) => join(dir, name);
  const F = DEMAND_FILES;

  // ---- EHCPs by need x age (base year) ----
  const ageRows = readCsvFile(path(F.needByAge), needByAgeRow, F.needByAge);
  const ageGroups: AgeGroup[] = [];
  const needByAge: Record<NeedOrUnknown, number>[] = [];
  let expectedLow = 0;
  for (const { line, value: r } of ageRows) {
    if (r.age_low !== expectedLow) throw new DataFileError(F.needByAge, line, 'age_low', `expected age ${expectedLow} next (rows must cover 0-25 in order)`);
    // A group must not straddle a phase boundary, or its plans could not be given a phase.
    if (demandPhaseOfAge(r.age_low) !== demandPhaseOfAge(r.age_high)) {
      throw new DataFileError(F.needByAge, line, 'age_high', `ages ${r.age_low}-${r.age_high} span two phases`);
    }
    ageGroups.push({ low: r.age_low, high: r.age_high });
    needByAge.push(Object.fromEntries(NEEDS_AND_UNKNOWN.map((n) => [n, r[n]])) as Record<NeedOrUnknown, number>);
    expectedLow = r.age_high + 1;
  }
  if (expectedLow !== MAX_AGE + 1) throw new DataFileError(F.needByAge, null, 'age_high', `rows end at age ${expectedLow - 1}, not ${MAX_AGE}`);

  // ---- EHCPs by need x placement (base year) ----
  const needByPlacement = Object.fromEntries(PLACEMENT_GROUPS.map((g) => [g, zeroNeeds()])) as Record<PlacementGroup, Record<NeedOrUnknown, number>>;
  for (const { line, value: r } of readCsvFile(path(F.needByPlacement), needByPlacementRow, F.needByPlacement)) {
    const group = placementGroupOf(r.placement);
    if (!group) throw new DataFileError(F.needByPlacement, line, 'placement', `unknown DfE placement type "${r.placement}"`);
    for (const n of NEEDS_AND_UNKNOWN) needByPlacement[group][n] += r[n];
  }

  // ---- EHCPs by placement x age (base year and the year before) ----
  const placementRows = readCsvFile(path(F.placementByAge), placementByAgeRow, F.placementByAge);
  const baseYear = Math.max(...placementRows.map((r) => r.value.year));
  const placementByAge: Record<PlacementGroup, number>[] = ageGroups.map(() => zeroGroups());
  const previousYear = baseYear - 1;
  const previousByAge = new Array<number>(MAX_AGE + 1).fill(0);
  let previousRows = 0;
  for (const { line, value } of placementRows) {
    const r = value as unknown as Record<string, number>;
    if (value.year === baseYear) {
      const g = ageGroups.findIndex((a) => a.low === value.age_low && a.high === value.age_high);
      if (g < 0) throw new DataFileError(F.placementByAge, line, 'age_low', `age group ${value.age_low}-${value.age_high} is not one of ${F.needByAge}'s`);
      for (const group of PLACEMENT_GROUPS) placementByAge[g]![group] = CASELOAD_GROUP_COLUMNS[group].reduce((s, c) => s + r[c]!, 0);
      const needTotal = NEEDS_AND_UNKNOWN.reduce((s, n) => s + needByAge[g]![n], 0);
      if (r.ehcplans !== needTotal) {
        throw new DataFileError(F.placementByAge, line, 'ehcplans', `${r.ehcplans} plans at ages ${value.age_low}-${value.age_high}, but ${F.needByAge} has ${needTotal}`);
      }
    } else if (value.year === previousYear) {
      // Spread an age group evenly over its ages: only phase totals are used, and groups do not straddle phases.
      for (let a = value.age_low; a <= value.age_high; a++) previousByAge[a]! += r.ehcplans! / (value.age_high - value.age_low + 1);
      previousRows++;
    } else {
      throw new DataFileError(F.placementByAge, line, 'year', `only ${previousYear} and ${baseYear} are expected`);
    }
  }
  if (previousRows === 0) throw new DataFileError(F.placementByAge, null, 'year', `no rows for ${previousYear}: the default rate trend needs them`);
  for (const group of PLACEMENT_GROUPS) {
    const byNeed = NEEDS_AND_UNKNOWN.reduce((s, n) => s + needByPlacement[group][n], 0);
    const byAge = placementByAge.reduce((s, g) => s + g[group], 0);
    if (byNeed !== byAge) {
      throw new DataFileError(F.needByPlacement, null, null, `${byNeed} plans in placement group ${group}, but ${F.placementByAge} has ${byAge} for ${baseYear}`);
    }
  }

  // ---- series ----
  const series = readCsvFile(path(F.series), seriesRow, F.series).map(({ line, value: r }, i, all) => {
    if (i > 0 && r.year !== all[i - 1]!.value.year + 1) throw new DataFileError(F.series, line, 'year', 'years must be consecutive');
    return { year: r.year, ehcPlans: r.ehc_plans, collection: r.collection, source: r.source };
  });
  const baseInSeries = series.find((s) => s.year === baseYear);
  const baseTotal = needByAge.reduce((s, g) => s + NEEDS_AND_UNKNOWN.reduce((t, n) => t + g[n], 0), 0);
  if (!baseInSeries || baseInSeries.ehcPlans !== baseTotal) {
    throw new DataFileError(F.series, null, 'ehc_plans', `the ${baseYear} total should be ${baseTotal} (the sum of ${F.needByAge})`);
  }

  // ---- population projections ----
  const population = loadPopulation(path(F.population), F.population, geography.districts);
  for (const y of [previousYear - 1, baseYear - 1]) {
    if (y < population.firstYear) throw new DataFileError(F.population, null, String(y), `the population for mid-${y} is needed`);
  }

  // ---- MSOA shares of each district's children (Census 2021) ----
  const msoaShares = buildMsoaShares(geography);

  // ---- pathway matrix and assumptions ----
  const pathwayAssumptions = validateJson(readJsonFile(path(F.pathwayAssumptions)), pathwayAssumptionsFile, F.pathwayAssumptions);
  const matrixRows: PathwayMatrixRow[] = [];
  const seen = new Set<string>();
  for (const { line, value } of readCsvFile(path(F.pathwayMatrix), pathwayMatrixRow, F.pathwayMatrix)) {
    const r = value as unknown as Record<string, number> & { need: (typeof NEED_CODES)[number]; phase: DemandPhase; basis: string };
    const key = `${r.need}|${r.phase}`;
    if (seen.has(key)) throw new DataFileError(F.pathwayMatrix, line, 'phase', `a second row for ${r.need} ${r.phase}`);
    seen.add(key);
    // The file's shares are rounded to 6 places; rescale so each row conserves plans exactly.
    const total = PATHWAY_COLUMNS.reduce((t, c) => t + r[c]!, 0);
    const v = (column: string) => r[column]! / total;
    matrixRows.push({
      need: r.need,
      phase: r.phase,
      shares: {
        special: Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [d, v(`special_${d.toLowerCase()}`)])) as Record<ProposedDesignation, number>,
        srp: Object.fromEntries(SRP_NEED_TYPES.map((t) => [t, v(`srp_${t.toLowerCase()}`)])) as Record<SrpNeedType, number>,
        outreach: Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [d, v(`outreach_${d.toLowerCase()}`)])) as Record<ProposedDesignation, number>,
        mainstream: v('mainstream'),
        fe: v('fe'),
        other: v('other'),
      },
      specialIndependentFraction: r.special_independent_fraction!,
      basis: r.basis,
    });
  }
  for (const need of NEED_CODES) {
    for (const phase of DEMAND_PHASES) {
      if (!seen.has(`${need}|${phase}`)) throw new DataFileError(F.pathwayMatrix, null, 'need', `no row for ${need} ${phase}`);
    }
  }

  const inputs: Omit<DemandInputs, 'defaultRateTrend'> = {
    baseYear,
    ageGroups,
    needByAge,
    needByPlacement,
    placementByAge,
    previousYearByAge: { year: previousYear, counts: previousByAge },
    series,
    population,
    msoaShares,
    pathwayMatrix: { rows: matrixRows },
    pathwayAssumptions,
  };
  return { ...inputs, defaultRateTrend: deriveRateTrend(inputs) };
}

function loadPopulation(file: string, name: string, districts: Locality[]): DemandInputs['population'] {
  const rows = readCsvFile(file, populationRowBase.passthrough(), name);
  const yearColumns = Object.keys(rows[0]?.value ?? {})
    .filter((k) => /^\d{4}$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);
  if (yearColumns.length === 0) throw new DataFileError(name, null, null, 'no year columns');
  const firstYear = yearColumns[0]!;
  const lastYear = yearColumns[yearColumns.length - 1]!;
  if (yearColumns.length !== lastYear - firstYear + 1) throw new DataFileError(name, 1, null, 'year columns must be consecutive');
  const known = new Set(districts.map((d) => d.code));
  const byDistrict = new Map<string, PopulationProjection>();
  for (const { line, value } of rows) {
    const r = value as Record<string, unknown> & { district_code: string; district_name: string; age: number };
    if (!known.has(r.district_code)) throw new DataFileError(name, line, 'district_code', `unknown district ${r.district_code}`);
    const p =
      byDistrict.get(r.district_code) ??
      byDistrict
        .set(r.district_code, { districtCode: r.district_code, districtName: r.district_name, byAge: new Array(MAX_AGE + 1).fill(null) })
        .get(r.district_code)!;
    if (p.byAge[r.age] !== null) throw new DataFileError(name, line, 'age', `a second row for ${r.district_code} age ${r.age}`);
    p.byAge[r.age] = yearColumns.map((y) => {
      const parsed = populationValue.safeParse(r[String(y)]);
      if (!parsed.success) throw new DataFileError(name, line, String(y), parsed.error.issues[0]!.message);
      return parsed.data;
    });
  }
  for (const d of districts) {
    const p = byDistrict.get(d.code);
    if (!p) throw new DataFileError(name, null, 'district_code', `no rows for district ${d.code} (${d.name})`);
    const missing = p.byAge.findIndex((x) => x === null);
    if (missing >= 0) throw new DataFileError(name, null, 'age', `no row for ${d.code} age ${missing}`);
  }
  return { firstYear, lastYear, districts: byDistrict };
}

/**
 * Each MSOA's share of its district's residents aged 0-15 and 16-24 at Census 2021, summed over the
 * LSOA 2021 codes (2011-only codes carry no population and drop out).
 */
function buildMsoaShares({ districts, msoas, lsoas }: DemandGeography): Map<string, MsoaShare[]> {
  const sums = new Map<string, { p0: number; p16: number }>(msoas.map((m) => [m.code, { p0: 0, p16: 0 }]));
  for (const l of lsoas.values()) {
    const s = sums.get(l.msoaCode);
    if (!s) continue;
    s.p0 += l.population0to15 ?? 0;
    s.p16 += l.population16to24 ?? 0;
  }
  const result = new Map<string, MsoaShare[]>();
  for (const d of districts) {
    const inDistrict = msoas.filter((m) => m.districtCode === d.code);
    const t0 = inDistrict.reduce((s, m) => s + sums.get(m.code)!.p0, 0);
    const t16 = inDistrict.reduce((s, m) => s + sums.get(m.code)!.p16, 0);
    if (!(t0 > 0 && t16 > 0)) throw new DataFileError('lsoas.csv', null, 'pop_0_15', `district ${d.code} has no Census 2021 child population`);
    result.set(
      d.code,
      inDistrict.map((m) => ({ msoaCode: m.code, districtCode: d.code, share0to15: sums.get(m.code)!.p0 / t0, share16to24: sums.get(m.code)!.p16 / t16 })),
    );
  }
  return result;
}
