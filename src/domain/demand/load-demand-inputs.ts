/**
 * Loads and validates the demand model's files (EHCP counts and series, population projections, the
 * need-profile assumptions), and builds the projection from the series. Read at start-up as the
 * demand part of the dataset (demand-part.ts); bad data throws a DataFileError naming the
 * file, row and field. The cross-file checks make sure the three EHCP tables describe the same plans.
 */
import { join } from 'node:path';
import { readJsonFile, validateJson } from '../registry/csv.js';
import { DataFileError } from '../registry/data-file-error.js';
import type { Locality, Lsoa } from '../registry/registry.js';
import {
  CASELOAD_GROUP_COLUMNS,
  DEMAND_FILES,
  NEED_BY_AGE_COLUMNS,
  NEED_BY_PLACEMENT_COLUMNS,
  NEED_COLUMNS,
  PLACEMENT_BY_AGE_COLUMNS,
  POPULATION_BASE_COLUMNS,
  SERIES_COLUMNS,
  readHeader,
  readTable,
  type TableRow,
} from './demand-files.js';
import { MAX_AGE, demandPhaseOfAge } from './demand-phases.js';
import { DEMAND_YEARS } from './ehcp-counts.js';
import { checkNeedProfiles, needProfilesFile } from './need-profiles.js';
import { PROJECTION_METHODS, SERIES_BANDS, buildProjection } from './projection.js';
import { deriveRateTrend } from './rate-trend.js';
import {
  PLACEMENT_GROUPS,
  type AgeGroup,
  type DemandInputs,
  type MsoaShare,
  type NeedOrUnknown,
  type PlacementGroup,
  type PopulationProjection,
} from './types.js';

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

const zeroNeeds = (): Record<NeedOrUnknown, number> => Object.fromEntries(NEED_COLUMNS.map((n) => [n, 0])) as Record<NeedOrUnknown, number>;
const zeroGroups = (): Record<PlacementGroup, number> => Object.fromEntries(PLACEMENT_GROUPS.map((g) => [g, 0])) as Record<PlacementGroup, number>;
const needCounts = (r: TableRow) => Object.fromEntries(NEED_COLUMNS.map((n) => [n, r.num(n)])) as Record<NeedOrUnknown, number>;
const sumOf = (r: TableRow, columns: readonly string[]) => columns.reduce((s, c) => s + r.num(c), 0);

function checkNeedTotal(file: string, r: TableRow) {
  if (sumOf(r, NEED_COLUMNS) !== r.num('ehc_plans')) throw new DataFileError(file, r.line, 'ehc_plans', 'the need columns do not sum to ehc_plans');
}

export interface DemandGeography {
  districts: Locality[];
  msoas: Locality[];
  lsoas: Map<string, Lsoa>;
}

export function loadDemandInputs(dir: string, geography: DemandGeography): DemandInputs {
  const path = (name: string) => join(dir, name);
  const F = DEMAND_FILES;

  // ---- EHCPs by need x age (base year) ----
  const ageGroups: AgeGroup[] = [];
  const needByAge: Record<NeedOrUnknown, number>[] = [];
  let expectedLow = 0;
  for (const r of readTable(path(F.needByAge), F.needByAge, NEED_BY_AGE_COLUMNS)) {
    const [low, high] = [r.num('age_low'), r.num('age_high')];
    if (low !== expectedLow) throw new DataFileError(F.needByAge, r.line, 'age_low', `expected age ${expectedLow} next (rows must cover 0-25 in order)`);
    if (high < low) throw new DataFileError(F.needByAge, r.line, 'age_high', 'age_low is above age_high');
    // A group must not straddle a phase boundary, or its plans could not be given a phase.
    if (demandPhaseOfAge(low) !== demandPhaseOfAge(high)) throw new DataFileError(F.needByAge, r.line, 'age_high', `ages ${low}-${high} span two phases`);
    checkNeedTotal(F.needByAge, r);
    ageGroups.push({ low, high });
    needByAge.push(needCounts(r));
    expectedLow = high + 1;
  }
  if (expectedLow !== MAX_AGE + 1) throw new DataFileError(F.needByAge, null, 'age_high', `rows end at age ${expectedLow - 1}, not ${MAX_AGE}`);

  // ---- EHCPs by need x placement (base year) ----
  const needByPlacement = Object.fromEntries(PLACEMENT_GROUPS.map((g) => [g, zeroNeeds()])) as Record<PlacementGroup, Record<NeedOrUnknown, number>>;
  for (const r of readTable(path(F.needByPlacement), F.needByPlacement, NEED_BY_PLACEMENT_COLUMNS)) {
    const group = placementGroupOf(r.text('placement'));
    if (!group) throw new DataFileError(F.needByPlacement, r.line, 'placement', `unknown DfE placement type "${r.text('placement')}"`);
    checkNeedTotal(F.needByPlacement, r);
    for (const n of NEED_COLUMNS) needByPlacement[group][n] += r.num(n);
  }

  // ---- EHCPs by placement x age (base year and the year before) ----
  const placementRows = readTable(path(F.placementByAge), F.placementByAge, PLACEMENT_BY_AGE_COLUMNS);
  const baseYear = Math.max(...placementRows.map((r) => r.num('year')));
  const previousYear = baseYear - 1;
  const placementByAge: Record<PlacementGroup, number>[] = ageGroups.map(() => zeroGroups());
  const previousByAge = new Array<number>(MAX_AGE + 1).fill(0);
  let previousRows = 0;
  const g = CASELOAD_GROUP_COLUMNS;
  for (const r of placementRows) {
    const [low, high] = [r.num('age_low'), r.num('age_high')];
    const totals: [string, number][] = [
      ['mainstream_total', sumOf(r, [...g.mainstream, ...g.srp])],
      ['special_total', sumOf(r, [...g['special-state'], ...g['special-non-maintained'], ...g['special-independent']])],
      ['fe_total', sumOf(r, g.fe)],
      ['ehcplans', sumOf(r, ['mainstream_total', 'special_total', 'fe_total', ...g.other])],
    ];
    for (const [column, parts] of totals) {
      if (r.num(column) !== parts) throw new DataFileError(F.placementByAge, r.line, column, `is ${r.num(column)} but its parts sum to ${parts}`);
    }
    if (r.num('year') === baseYear) {
      const i = ageGroups.findIndex((a) => a.low === low && a.high === high);
      if (i < 0) throw new DataFileError(F.placementByAge, r.line, 'age_low', `age group ${low}-${high} is not one of ${F.needByAge}'s`);
      for (const group of PLACEMENT_GROUPS) placementByAge[i]![group] = sumOf(r, CASELOAD_GROUP_COLUMNS[group]);
      const needTotal = NEED_COLUMNS.reduce((s, n) => s + needByAge[i]![n], 0);
      if (r.num('ehcplans') !== needTotal) {
        throw new DataFileError(F.placementByAge, r.line, 'ehcplans', `${r.num('ehcplans')} plans at ages ${low}-${high}, but ${F.needByAge} has ${needTotal}`);
      }
    } else if (r.num('year') === previousYear) {
      // Spread an age group evenly over its ages: only phase totals are used, and groups do not straddle phases.
      if (demandPhaseOfAge(low) !== demandPhaseOfAge(high)) throw new DataFileError(F.placementByAge, r.line, 'age_high', `ages ${low}-${high} span two phases`);
      for (let a = low; a <= high; a++) previousByAge[a]! += r.num('ehcplans') / (high - low + 1);
      previousRows++;
    } else {
      throw new DataFileError(F.placementByAge, r.line, 'year', `only ${previousYear} and ${baseYear} are expected`);
    }
  }
  if (previousRows === 0) throw new DataFileError(F.placementByAge, null, 'year', `no rows for ${previousYear}: the default rate trend needs them`);
  for (const group of PLACEMENT_GROUPS) {
    const byNeed = NEED_COLUMNS.reduce((s, n) => s + needByPlacement[group][n], 0);
    const byAge = placementByAge.reduce((s, a) => s + a[group], 0);
    if (byNeed !== byAge) {
      throw new DataFileError(F.needByPlacement, null, null, `${byNeed} plans in placement group ${group}, but ${F.placementByAge} has ${byAge} for ${baseYear}`);
    }
  }

  // ---- series ----
  const series = readTable(path(F.series), F.series, SERIES_COLUMNS).map((r, i, all) => {
    if (i > 0 && r.num('year') !== all[i - 1]!.num('year') + 1) throw new DataFileError(F.series, r.line, 'year', 'years must be consecutive');
    const bands = SERIES_BANDS.map((b) => r.optional(b.key));
    // A year's bands, where published, hold all its plans (20-25 is empty before the 2014 reform extended plans to 25).
    if (bands.slice(0, 4).every((x) => x !== null) && bands.reduce<number>((s, x) => s + (x ?? 0), 0) !== r.num('ehc_plans')) {
      throw new DataFileError(F.series, r.line, 'ehc_plans', 'the age bands do not sum to ehc_plans');
    }
    return { year: r.num('year'), ehcPlans: r.num('ehc_plans'), bands, collection: r.text('collection'), source: r.text('source') };
  });
  const baseTotal = needByAge.reduce((s, a) => s + NEED_COLUMNS.reduce((t, n) => t + a[n], 0), 0);
  const basePoint = series.find((s) => s.year === baseYear);
  if (basePoint?.ehcPlans !== baseTotal) {
    throw new DataFileError(F.series, null, 'ehc_plans', `the ${baseYear} total should be ${baseTotal} (the sum of ${F.needByAge})`);
  }
  SERIES_BANDS.forEach((band, b) => {
    let plans = 0;
    ageGroups.forEach((g, i) => {
      if (g.low >= band.low && g.high <= band.high) plans += NEED_COLUMNS.reduce((t, n) => t + needByAge[i]![n], 0);
    });
    if (basePoint.bands[b] !== plans) throw new DataFileError(F.series, null, band.key, `the ${baseYear} value should be ${plans} (${F.needByAge} at ages ${band.low}-${band.high})`);
  });

  // ---- population projections ----
  const population = loadPopulation(path(F.population), F.population, geography.districts);
  for (const y of [previousYear - 1, baseYear - 1]) {
    if (y < population.firstYear) throw new DataFileError(F.population, 1, String(y), `the population for mid-${y} is needed`);
  }

  const needProfiles = validateJson(readJsonFile(path(F.needProfiles)), needProfilesFile, F.needProfiles);
  const problem = checkNeedProfiles(needProfiles);
  if (problem) {
    const [field, ...rest] = problem.split(': ');
    throw new DataFileError(F.needProfiles, null, field!, rest.join(': '));
  }

  const inputs: Omit<DemandInputs, 'defaultRateTrend' | 'projection'> = {
    baseYear,
    ageGroups,
    needByAge,
    needByPlacement,
    placementByAge,
    previousYearByAge: { year: previousYear, counts: previousByAge },
    series,
    population,
    msoaShares: buildMsoaShares(geography),
    needProfiles,
  };
  // A council whose early bands are estimates (shared from the year's total: prepare-council-data.ts)
  // is not projected by the cohort method, which would read the estimate's fixed shares as flows between ages.
  const estimatedBands = series.some((s) => /\bestimate:/.test(s.source));
  const projection = buildProjection(
    series.map((s) => ({ year: s.year, bands: s.bands, collection: s.collection })),
    baseYear,
    DEMAND_YEARS.last,
    estimatedBands ? PROJECTION_METHODS.filter((m) => m.id !== 'cohort-3') : PROJECTION_METHODS,
  );
  return { ...inputs, defaultRateTrend: deriveRateTrend(inputs), projection };
}

function loadPopulation(file: string, name: string, districts: Locality[]): DemandInputs['population'] {
  const yearColumns = readHeader(file, name)
    .filter((k) => /^\d{4}$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);
  if (yearColumns.length === 0) throw new DataFileError(name, 1, null, 'no year columns');
  const firstYear = yearColumns[0]!;
  const lastYear = yearColumns[yearColumns.length - 1]!;
  if (yearColumns.length !== lastYear - firstYear + 1) throw new DataFileError(name, 1, null, 'year columns must be consecutive');
  const columns = { ...POPULATION_BASE_COLUMNS, ...Object.fromEntries(yearColumns.map((y) => [String(y), 'number' as const])) };
  const known = new Set(districts.map((d) => d.code));
  const byDistrict = new Map<string, PopulationProjection>();
  for (const r of readTable(file, name, columns)) {
    const code = r.text('district_code');
    const age = r.num('age');
    if (!known.has(code)) throw new DataFileError(name, r.line, 'district_code', `unknown district ${code}`);
    const p =
      byDistrict.get(code) ??
      byDistrict.set(code, { districtCode: code, districtName: r.text('district_name'), byAge: new Array(MAX_AGE + 1).fill(null) }).get(code)!;
    if (p.byAge[age] !== null) throw new DataFileError(name, r.line, 'age', `a second row for ${code} age ${age}`);
    p.byAge[age] = yearColumns.map((y) => r.num(String(y)));
  }
  // Ordered as the registry orders districts, so every caller sees localities in one order.
  const ordered = new Map<string, PopulationProjection>();
  for (const d of districts) {
    const p = byDistrict.get(d.code);
    if (!p) throw new DataFileError(name, null, 'district_code', `no rows for district ${d.code} (${d.name})`);
    const missing = p.byAge.findIndex((x) => x === null);
    if (missing >= 0) throw new DataFileError(name, null, 'age', `no row for ${d.code} age ${missing}`);
    ordered.set(d.code, p);
  }
  return { firstYear, lastYear, districts: ordered };
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
