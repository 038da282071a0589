/**
 * Shapes the public files in ../shared/data into the dataset the service loads (models/kent/).
 *
 * Run once by a developer when the source data changes: `npx tsx src/tools/prepare-kent-data.ts`.
 * The service never reads ../shared; a fresh clone works from models/kent/ alone. Every value this
 * writes is copied or derived mechanically; estimates are written with the method in a *_basis column.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { simplify } from '@turf/turf';
import { hasResourcedProvision, RAW_DATA_ORIGIN, requireInputs, resourcedProvisionOf } from './raw-data.js';
import { exitOnHelp } from './tool-help.js';

exitOnHelp(`Usage: npm run prepare-data -- [raw folder, default ../shared/data/raw] [output folder, default models/kent]

Writes the dataset the service loads (schools, provisions, localities) from the public raw files
into the output folder. Run by a developer when the source data changes; the service never reads the raw folder.`);
const shared = resolve(process.argv[2] ?? '../shared/data/raw');
const out = resolve(process.argv[3] ?? 'models/kent');

/** The raw files this reads, under `shared`. */
const RAW = {
  districts: 'martinjc-uk-geojson/kent_medway_lad_boundaries_from_msoa_dissolve_wgs84.geojson',
  msoasByDistrict: 'martinjc-uk-geojson/msoa_by_lad',
  lsoaCentroids: 'hack25usefuldata/lsoa2011_centroids_kent_medway_extract.csv',
  census: 'hack25usefuldata/census21_pop_lsoa21_kent_medway_extract.csv',
  register: 'hack25usefuldata/gias_20250524_open_kent_medway_extract.csv',
  specialSchools: 'kent-web-pages-compiled/kent_state_special_schools_designations_compiled.csv',
  srps: 'kent-web-pages-compiled/kent_srp_units_partial_list_compiled.csv',
} as const;
requireInputs({
  tool: 'npm run prepare-data',
  what: 'the public raw-data folder',
  dir: shared,
  paths: Object.values(RAW),
  origin: `${RAW_DATA_ORIGIN}; give its path as the first argument: npm run prepare-data -- <raw folder> [output folder]`,
});
mkdirSync(out, { recursive: true });

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => parse(readFileSync(join(shared, path), 'utf8'), { columns: true, bom: true });
const writeCsv = (name: string, rows: Record<string, unknown>[]) =>
  writeFileSync(join(out, name), stringify(rows, { header: true }));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

const KENT_LA = '886';
const MEDWAY = 'E06000035';

// The register's state-funded establishment types (GIAS TypeOfEstablishment names). Independent,
// non-maintained special, special post-16, FE and HE are excluded: the council does not fund their places directly.
const STATE_FUNDED_TYPES = new Set([
  'Academy converter', 'Community school', 'Academy sponsor led', 'Voluntary controlled school', 'Foundation school',
  'Voluntary aided school', 'Free schools', 'Foundation special school', 'Pupil referral unit', 'Community special school',
  'Free schools special', 'Academy special converter', 'Local authority nursery school', 'University technical college',
  'Academy alternative provision sponsor led', 'Academy special sponsor led', 'Studio schools',
]);

// ---------- districts and MSOAs ----------
const districtsRaw = JSON.parse(
  readFileSync(join(shared, RAW.districts), 'utf8'),
);
const districtFeatures = districtsRaw.features
  .filter((f: any) => f.properties.LAD_CODE !== MEDWAY)
  .map((f: any) => ({
    type: 'Feature',
    properties: { code: f.properties.LAD_CODE, name: f.properties.LAD_NAME },
    // The dissolve left long runs of collinear points: dropping those within 1e-6 degrees (~0.1 m)
    // of the line keeps the shape and cuts the file (and start-up) by three quarters.
    geometry: roundGeometry(simplify(f, { tolerance: 1e-6, highQuality: true }).geometry),
  }))
  .sort((a: any, b: any) => a.properties.code.localeCompare(b.properties.code));
const districtName = new Map<string, string>(districtFeatures.map((f: any) => [f.properties.code, f.properties.name]));
const districtCodeByName = new Map<string, string>([...districtName].map(([c, n]) => [n, c]));
districtCodeByName.set('Shepway', 'E07000112'); // Folkestone and Hythe's name before 2018
writeFileSync(join(out, 'districts.geojson'), JSON.stringify({ type: 'FeatureCollection', features: districtFeatures }));

const msoaFeatures: any[] = [];
for (const code of districtName.keys()) {
  const fc = JSON.parse(readFileSync(join(shared, `${RAW.msoasByDistrict}/${code}.json`), 'utf8'));
  for (const f of fc.features) {
    msoaFeatures.push({
      type: 'Feature',
      properties: { code: f.properties.MSOA11CD, name: f.properties.MSOA11NM, districtCode: code },
      geometry: roundGeometry(f.geometry),
    });
  }
}
msoaFeatures.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
writeFileSync(join(out, 'msoas.geojson'), JSON.stringify({ type: 'FeatureCollection', features: msoaFeatures }));
// "Ashford 001" -> MSOA code, keyed by district code and the three-digit number (names changed for Shepway).
const msoaByDistrictNumber = new Map<string, string>();
for (const f of msoaFeatures) {
  const n = /(\d{3})$/.exec(f.properties.name)?.[1];
  msoaByDistrictNumber.set(`${f.properties.districtCode}:${n}`, f.properties.code);
}

// ---------- LSOAs (2011 centroids; 2021 codes from Census 2021) ----------
function lsoaNameParts(name: string): { districtCode: string; msoaNumber: string } | undefined {
  const m = /^(.*) (\d{3})[A-Z]$/.exec(name);
  if (!m) return undefined;
  const districtCode = districtCodeByName.get(m[1]!);
  return districtCode ? { districtCode, msoaNumber: m[2]! } : undefined;
}
type Lsoa = {
  code: string; name: string; vintage: string; district_code: string; msoa_code: string;
  longitude: number | ''; latitude: number | ''; centroid_basis: string; pop_0_15: number | ''; pop_16_24: number | '';
};
const lsoas = new Map<string, Lsoa>();
for (const r of readCsv(RAW.lsoaCentroids)) {
  if (r.lad_code === MEDWAY) continue;
  const parts = lsoaNameParts(r.lsoa11_name!);
  if (!parts) throw new Error(`cannot parse LSOA name ${r.lsoa11_name}`);
  lsoas.set(r.lsoa11_code!, {
    code: r.lsoa11_code!, name: r.lsoa11_name!, vintage: '2011', district_code: r.lad_code!,
    msoa_code: msoaByDistrictNumber.get(`${parts.districtCode}:${parts.msoaNumber}`) ?? '',
    longitude: Number(r.centroid_lng), latitude: Number(r.centroid_lat), centroid_basis: 'ons-lsoa2011-centroid',
    pop_0_15: '', pop_16_24: '',
  });
}
for (const r of readCsv(RAW.census)) {
  if (r.lad_name_from_lsoa_name === 'Medway') continue;
  const band = r.age_group === 'Aged 15 years and under' ? 'pop_0_15' : r.age_group === 'Aged 16 to 24 years' ? 'pop_16_24' : undefined;
  let l = lsoas.get(r.lsoa21_code!);
  if (!l) {
    const parts = lsoaNameParts(r.lsoa21_name!);
    if (!parts) throw new Error(`cannot parse LSOA name ${r.lsoa21_name}`);
    l = {
      code: r.lsoa21_code!, name: r.lsoa21_name!, vintage: '2021', district_code: parts.districtCode,
      msoa_code: msoaByDistrictNumber.get(`${parts.districtCode}:${parts.msoaNumber}`) ?? '',
      longitude: '', latitude: '', centroid_basis: 'estimate: centroid of the 2011 LSOAs in the same MSOA', pop_0_15: '', pop_16_24: '',
    };
    lsoas.set(l.code, l);
  } else if (l.vintage === '2011') {
    l.vintage = '2011+2021';
  }
  if (band) (l as any)[band] = Number(r.usual_residents);
}
// 2021-only codes: approximate the centroid by the mean of the 2011 centroids in the same MSOA (labelled estimate).
const byMsoa = new Map<string, Lsoa[]>();
for (const l of lsoas.values()) if (l.longitude !== '') (byMsoa.get(l.msoa_code) ?? byMsoa.set(l.msoa_code, []).get(l.msoa_code)!).push(l);
for (const l of lsoas.values()) {
  if (l.longitude !== '') continue;
  const peers = byMsoa.get(l.msoa_code) ?? [];
  if (peers.length === 0) throw new Error(`no centroid for ${l.code} ${l.name}`);
  l.longitude = round6(peers.reduce((s, p) => s + Number(p.longitude), 0) / peers.length);
  l.latitude = round6(peers.reduce((s, p) => s + Number(p.latitude), 0) / peers.length);
}
const lsoaRows = [...lsoas.values()].sort((a, b) => a.code.localeCompare(b.code));
writeCsv('lsoas.csv', lsoaRows);

// ---------- schools ----------
const gias = readCsv(RAW.register).filter(
  (r) => r.la_code === KENT_LA && STATE_FUNDED_TYPES.has(r.establishment_type!),
);
// A fuller register (GIAS's full export) gives each school's resourced provision (inclusion bases:
// SEN units and resourced provision); the extract in shared/data does not, and then the columns are left out.
const withProvision = hasResourcedProvision(gias);
if (!withProvision) console.error(`note: ${RAW.register} has no TypeOfResourcedProvision column: schools.csv is written without resourced provision`);
const schools = gias
  .map((r) => ({
    urn: r.urn,
    name: r.establishment_name,
    establishment_type: r.establishment_type,
    establishment_type_group: r.establishment_type_group,
    phase: r.education_phase,
    pupils: r.number_of_pupils ?? '',
    fsm_pct: r.percentage_fsm ?? '',
    longitude: round6(Number(r.longitude)),
    latitude: round6(Number(r.latitude)),
    easting: r.easting,
    northing: r.northing,
    lsoa_code: r.lsoa_code,
    ...(withProvision ? resourcedProvisionOf(r) : {}),
  }))
  .sort((a, b) => Number(a.urn) - Number(b.urn));
writeCsv('schools.csv', schools);

// ---------- special schools and their current designation ----------
const DESIGNATION_CODE: Record<string, string> = {
  PSCN: 'PSCN', SEMH: 'SEMH', 'Physical Disabilities/Complex Medical': 'PDCM', 'C&I': 'CI', 'C&I and learning': 'CIL',
};
/** Age range from the compiled note, with the basis it came from. */
function ageRange(note: string, designation: string): { low: number; high: number; basis: string } {
  if (/4-19/.test(note)) return { low: 4, high: 19, basis: 'source: 4-19 after 2019/2020 age-range change' };
  if (/11-18/.test(note)) return { low: 11, high: 18, basis: 'source: 11-18 opening statement' };
  if (/11-16/.test(note)) return { low: 11, high: 16, basis: 'source: 11-16 (planned)' };
  if (/secondary-age site \(11-16/.test(note)) return { low: 11, high: 19, basis: 'source: 11-16 per 2008 report, plus post-16' };
  if (/primary \(4-11\)/.test(note)) return { low: 4, high: 11, basis: 'source: primary (4-11)' };
  if (/^secondary$/.test(note)) return { low: 11, high: 19, basis: 'estimate: "secondary" read as 11-19 (Kent special schools have post-16)' };
  if (/all-age/.test(note)) return { low: 4, high: 19, basis: 'estimate: "all-age" read as 4-19 (KsENT: all-age; nursery at some)' };
  return { low: 4, high: 19, basis: `estimate: no age range published; all-age 4-19 assumed for a ${designation} school` };
}
const specials = readCsv(RAW.specialSchools)
  .filter((r) => r.urn)
  .map((r) => {
    const designation = DESIGNATION_CODE[r.kent_designation_group!];
    if (!designation) throw new Error(`unknown designation ${r.kent_designation_group}`);
    const age = ageRange(r.age_range_note ?? '', designation);
    const places = placesFor(r);
    return {
      urn: r.urn, designation, designation_detail: r.designation_detail, age_low: age.low, age_high: age.high, age_basis: age.basis,
      places: places.places, places_basis: places.basis, source: r.source, confidence: r.confidence, notes: r.notes,
    };
  })
  .sort((a, b) => Number(a.urn) - Number(b.urn));
/**
 * No public per-school commissioned-place figure was found; the register's roll is used as the number of places
 * (Kent's special schools run full), except where a source states a number.
 */
function placesFor(r: Row): { places: number | ''; basis: string } {
  if (r.urn === '147870') return { places: 340, basis: 'source: 280 rising to 340 with the Sheppey satellite (news, c.2024)' };
  if (r.urn === '147833') return { places: 160, basis: 'source: 160 places at full capacity (Kent Online, 2020)' };
  if (r.urn === '119056') return { places: 111, basis: 'estimate: roll 111 (GIAS 2025); designated number 90 in 2020 (KCC decision 20/00040) is exceeded' };
  if (r.urn === '150769') return { places: '', basis: 'unknown: opened with no pupils; planned capacity not published in the sources' };
  return { places: Number(r.number_of_pupils_gias), basis: 'estimate: places = pupils on roll (GIAS 2025-05-24)' };
}
writeCsv('special-schools.csv', specials);

// ---------- SRPs and special-school satellites ----------
const srps = readCsv(RAW.srps)
  .filter((r) => r.urn)
  .map((r, i) => {
    const satellite = /satellite/.test(r.need_type!);
    const needTypes = /SLCN|speech/i.test(r.need_type!) && /ASD/.test(r.need_type!) ? 'ASD;SLCN'
      : /proposed change to ASD/.test(r.need_type!) ? 'ASD'
      : /^(ASD|SLCN|SEMH|HI|VI|PD)/.exec(r.need_type!)?.[1] ?? '';
    const phase = r.phase!.toLowerCase();
    const known = /^\d+$/.test(r.capacity_sept2019 ?? '');
    const capacity = known ? Number(r.capacity_sept2019)
      : r.urn === '118585' ? 15
      : r.urn === '118393' ? 12
      : '';
    const capacityBasis = known ? 'source: capacity at September 2019 (Kent Advice)'
      : r.urn === '118585' ? 'source: 15-place SRP approved from Sept 2019 (KCC decision 18/00059)'
      : r.urn === '118393' ? 'source: 12 places when full (KCC consultation)'
      : 'unknown: not stated in the public sources';
    const roll = /^\d+$/.test(r.roll_sept2019 ?? '') ? Number(r.roll_sept2019) : '';
    const commissioning = /^SEMH/.test(needTypes) ? 'not commissioned from Dec 2025 (KCC decision 25/00085)'
      : needTypes === 'VI' ? 'VI SRP model replaced by specialist team support (KCC decision 25/00085)'
      : r.urn === '118393' ? 'decommissioning proposed from Sept 2026'
      : 'commissioned';
    return {
      id: `srp-${r.urn}-${needTypes.replace(';', '-').toLowerCase()}`,
      host_urn: r.urn, name_in_source: r.name_as_in_source, kind: satellite ? 'satellite' : 'srp',
      need_types: needTypes, need_type_as_stated: r.need_type, phase, age_low: phase === 'primary' ? 4 : 11,
      age_high: phase === 'primary' ? 11 : 16, capacity, capacity_basis: capacityBasis, roll, roll_basis: roll === '' ? 'unknown' : 'source: roll at September 2019',
      status: r.status_as_stated, commissioning, source: r.source, gias_match: r.gias_match, notes: r.notes, order: i,
    };
  })
  .sort((a, b) => a.order - b.order)
  .map(({ order, ...rest }) => rest);
writeCsv('srps.csv', srps);

console.log(
  `districts ${districtFeatures.length}, msoas ${msoaFeatures.length}, lsoas ${lsoaRows.length}, schools ${schools.length}, ` +
    `special ${specials.length}, srps ${srps.length}`,
);

function roundGeometry(g: any): any {
  const r = (c: any): any => (typeof c[0] === 'number' ? [round6(c[0]), round6(c[1])] : c.map(r));
  return { type: g.type, coordinates: r(g.coordinates) };
}
