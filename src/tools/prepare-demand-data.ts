/**
 * Copies the public inputs of the demand model from ../shared/data into models/kent/ as small,
 * Kent-only CSVs (`npm run prepare-demand-data`). Mechanical only: rows are filtered to Kent (LA 886)
 * and columns renamed; no value is modelled here. See models/kent/PROVENANCE.md and DEMAND.md.
 *
 *   npx tsx src/tools/prepare-demand-data.ts [sharedRawDir] [outDir]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { NEED_CODES } from '../domain/needs.js';
import { RAW_DATA_ORIGIN, requireInputs } from './raw-data.js';
import { exitOnHelp } from './tool-help.js';

exitOnHelp(`Usage: npm run prepare-demand-data -- [raw folder, default ../shared/data/raw] [output folder, default models/kent]

Writes the demand model's inputs (SEN2 and population, Kent only)
into the output folder. Run by a developer when the source data changes; the service never reads the raw folder.`);
const shared = resolve(process.argv[2] ?? '../shared/data/raw');
const out = resolve(process.argv[3] ?? 'models/kent');

const EXTRACT_2025 = 'dfe-ehcp-sen2/kent_medway_england_extract_2025';
const EXTRACT_2022 = 'dfe-ehcp-sen2/kent_medway_england_extract_2022';
/** The raw files this reads, under `shared`. */
const RAW = {
  needs: `${EXTRACT_2025}/sen_needs_all_plans_kent_medway_england.csv`,
  caseload: `${EXTRACT_2025}/caseload_kent_medway_england.csv`,
  series2022: `${EXTRACT_2022}/sen2_age_caseload_kent_medway_england.csv`,
  population: 'ons-snpp2022-witan-population/2022_SNPP_persons_migcat23_ages0-25_kent_districts_medway_extract.csv',
} as const;
requireInputs({
  tool: 'npm run prepare-demand-data',
  what: 'the public raw-data folder',
  dir: shared,
  paths: Object.values(RAW),
  origin: `${RAW_DATA_ORIGIN}; give its path as the first argument: npm run prepare-demand-data -- <raw folder> [output folder]`,
});

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => parse(readFileSync(join(shared, path), 'utf8'), { columns: true, bom: true });
// Columns are given explicitly: year-named keys ("2022") would otherwise sort first in a JS object.
const writeCsv = (name: string, rows: Record<string, unknown>[], columns?: string[]) => {
  writeFileSync(join(out, name), stringify(rows, { header: true, columns: columns ?? Object.keys(rows[0] ?? {}) }));
  console.log(`wrote ${name} (${rows.length} rows)`);
};
const int = (s: string | undefined, what: string): number => {
  if (s === undefined || !/^\d+$/.test(s.trim())) throw new Error(`${what}: expected a whole number, got ${s}`);
  return Number(s);
};

const KENT = '886';
/** DfE SEN2 need columns, in our NEED_CODES order, then need unknown. */
const NEED_COLUMNS: Record<(typeof NEED_CODES)[number] | 'UNKNOWN', string> = {
  ASD: 'number_asd',
  SLCN: 'number_slcn',
  SEMH: 'number_semh',
  MLD: 'number_mld',
  SLD: 'number_sld',
  PMLD: 'number_pmld',
  SPLD: 'number_spld',
  HI: 'number_hi',
  VI: 'number_vi',
  MSI: 'number_msi',
  PD: 'number_pd',
  OTH: 'number_oth',
  UNKNOWN: 'number_need_unknown',
};

/** "age 10" -> [10, 10]; "under 3" -> [0, 2]. */
function ageRange(breakdown: string): [number, number] {
  if (breakdown === 'under 3') return [0, 2];
  const m = /^age (\d+)$/.exec(breakdown);
  if (!m) throw new Error(`unexpected age breakdown "${breakdown}"`);
  return [Number(m[1]), Number(m[1])];
}

// ---------- EHCPs by primary need x age, and by primary need x placement (January 2025) ----------
const needs = readCsv(RAW.needs).filter(
  (r) => r.old_la_code === KENT && r.time_period === '202425',
);
const allPlans = needs.find((r) => r.breakdown_topic === 'All EHC plans');
if (!allPlans) throw new Error('no Kent "All EHC plans" row in sen_needs_all_plans');
const needCells = (r: Row) => Object.fromEntries(Object.entries(NEED_COLUMNS).map(([code, col]) => [code, int(r[col], `${r.breakdown} ${col}`)]));

const byAge = needs
  .filter((r) => r.breakdown_topic === 'Child or young persons age')
  .map((r) => {
    const [low, high] = ageRange(r.breakdown!);
    return { age_low: low, age_high: high, ehc_plans: int(r.ehc_plans, `${r.breakdown} ehc_plans`), ...needCells(r) };
  })
  .sort((a, b) => a.age_low - b.age_low);
const ageTotal = byAge.reduce((s, r) => s + r.ehc_plans, 0);
if (ageTotal !== int(allPlans.ehc_plans, 'all plans')) throw new Error(`age rows sum to ${ageTotal}, all plans ${allPlans.ehc_plans}`);
writeCsv('ehcp-need-by-age-2025.csv', byAge, ['age_low', 'age_high', 'ehc_plans', ...Object.keys(NEED_COLUMNS)]);

// Detail rows only: the DfE "... - total" rows would count plans twice.
const byPlacement = needs
  .filter((r) => r.breakdown_topic === 'Type of placement' && !/ - total$/.test(r.breakdown!) && r.breakdown !== 'Mainstream - total')
  .map((r) => ({ placement: r.breakdown!, ehc_plans: int(r.ehc_plans, `${r.breakdown} ehc_plans`), ...needCells(r) }))
  .sort((a, b) => a.placement.localeCompare(b.placement));
const placementTotal = byPlacement.reduce((s, r) => s + r.ehc_plans, 0);
if (placementTotal !== ageTotal) throw new Error(`placement rows sum to ${placementTotal}, age rows ${ageTotal}`);
writeCsv('ehcp-need-by-placement-2025.csv', byPlacement, ['placement', 'ehc_plans', ...Object.keys(NEED_COLUMNS)]);

// ---------- EHCPs by placement x single year of age (January 2024 and 2025, person-level) ----------
const PLACEMENT_COLUMNS = [
  'ehcplans',
  'mainstream_la_maintained',
  'mainstream_la_maintained_resourced_provision',
  'mainstream_la_maintained_senunit',
  'mainstream_academy',
  'mainstream_academy_resourced_provision',
  'mainstream_academy_senunit',
  'mainstream_free_school',
  'mainstream_free_school_resourced_provision',
  'mainstream_free_school_senunit',
  'mainstream_independent',
  'mainstream_total',
  'special_la_maintained',
  'special_academy_free',
  'special_independent',
  'special_non_maintained',
  'special_total',
  'ap_pru_total',
  'general_fe_tertiary_colleges',
  'specialist_post_16_institutions',
  'ukrlp_provider',
  'fe_total',
  'ed_elsewhere',
  'nm_early_years',
  'placement_unknown',
] as const;
const caseload = readCsv(RAW.caseload).filter((r) => r.old_la_code === KENT);
const placementByAge = caseload
  .filter((r) => (r.time_period === '202324' || r.time_period === '202425') && r.breakdown_topic === 'Child or young persons age')
  .map((r) => {
    const [low, high] = ageRange(r.breakdown!);
    const year = 2000 + Number(r.time_period!.slice(4)); // 202425 -> January 2025
    return { year, age_low: low, age_high: high, ...Object.fromEntries(PLACEMENT_COLUMNS.map((c) => [c, int(r[c], `${r.time_period} ${r.breakdown} ${c}`)])) };
  })
  .sort((a, b) => a.year - b.year || a.age_low - b.age_low);
writeCsv('ehcp-placement-by-age.csv', placementByAge, ['year', 'age_low', 'age_high', ...PLACEMENT_COLUMNS]);

// ---------- Kent series: January 2010-2025 ----------
// 2010-2022 from the 2022 release (statements and EHCPs combined, aggregate LA return); 2023-2025
// totals from the 2025 release's caseload (person-level return); 2024-2025 age bands summed from single ages.
const series2022 = readCsv(RAW.series2022).filter((r) => r.old_la_code === KENT);
const BANDS: Record<string, string> = {
  'Under 5': 'under_5',
  'Age 5 to 10': 'age_5_to_10',
  'Age 11 to 15': 'age_11_to_15',
  'Age 16 to 19': 'age_16_to_19',
  'Age 20 to 25': 'age_20_to_25',
};
type SeriesRow = Record<string, string | number>;
const series = new Map<number, SeriesRow>();
for (const r of series2022) {
  const year = int(r.time_period, 'time_period');
  const row =
    series.get(year) ??
    series
      .set(year, {
        year,
        ehc_plans: '',
        under_5: '',
        age_5_to_10: '',
        age_11_to_15: '',
        age_16_to_19: '',
        age_20_to_25: '',
        collection: year <= 2018 ? 'aggregate: statements and EHC plans' : 'aggregate: EHC plans',
        source: 'DfE EHC plans release 2022, sen2_age_caseload (Total_all)',
      })
      .get(year)!;
  // Total_all = statements + EHC plans; "z" (not applicable: no 20-25 statements before 2015) stays blank.
  const value = r.Total_all === 'z' ? '' : int(r.Total_all, `${year} ${r.characteristic_age}`);
  if (r.characteristic_age === 'Total') row.ehc_plans = value;
  else if (BANDS[r.characteristic_age!]) row[BANDS[r.characteristic_age!]!] = value;
  else throw new Error(`unexpected age band ${r.characteristic_age}`);
}
for (const r of caseload.filter((c) => c.breakdown_topic === 'All EHC plans')) {
  const year = 2000 + Number(r.time_period!.slice(4)); // 202425 -> January 2025
  const total = int(r.ehcplans, `${r.time_period} ehcplans`);
  const existing = series.get(year);
  if (existing) {
    if (existing.ehc_plans !== total) throw new Error(`${year}: 2022 release says ${existing.ehc_plans}, 2025 release ${total}`);
    continue;
  }
  const row: SeriesRow = {
    year,
    ehc_plans: total,
    under_5: '',
    age_5_to_10: '',
    age_11_to_15: '',
    age_16_to_19: '',
    age_20_to_25: '',
    collection: 'person-level: EHC plans',
    source: 'DfE EHC plans release 2025, caseload (ehcplans)',
  };
  const ages = caseload.filter((c) => c.time_period === r.time_period && c.breakdown_topic === 'Child or young persons age');
  if (ages.length > 0) {
    const sum = (lo: number, hi: number) =>
      ages.filter((a) => ageRange(a.breakdown!)[0] >= lo && ageRange(a.breakdown!)[1] <= hi).reduce((s, a) => s + int(a.ehcplans, 'age'), 0);
    Object.assign(row, {
      under_5: sum(0, 4),
      age_5_to_10: sum(5, 10),
      age_11_to_15: sum(11, 15),
      age_16_to_19: sum(16, 19),
      age_20_to_25: sum(20, 25),
      source: 'DfE EHC plans release 2025, caseload (ehcplans; age bands summed from single years of age)',
    });
  }
  series.set(year, row);
}
writeCsv('ehcp-series.csv', [...series.values()].sort((a, b) => Number(a.year) - Number(b.year)));

// ---------- ONS 2022-based SNPP: Kent districts, single year of age 0-25, mid-2022 to mid-2030 ----------
// The service projects to January 2030 (mid-2029 population); later years are left out to keep the
// file small (start-up parses it). Raise LAST_YEAR to project further.
const LAST_YEAR = 2030;
const MEDWAY = 'E06000035';
const snpp = readCsv(RAW.population).filter(
  (r) => r.AREA_CODE !== MEDWAY,
);
const years = Object.keys(snpp[0]!).filter((k) => /^\d{4}$/.test(k) && Number(k) <= LAST_YEAR);
writeCsv(
  'population-projections.csv',
  snpp
    .map((r) => ({
      district_code: r.AREA_CODE!,
      district_name: r.AREA_NAME!,
      age: int(r.AGE_GROUP, 'AGE_GROUP'),
      ...Object.fromEntries(years.map((y) => [y, r[y]!.trim()])),
    }))
    .sort((a, b) => a.district_code.localeCompare(b.district_code) || a.age - b.age),
  ['district_code', 'district_name', 'age', ...years],
);
