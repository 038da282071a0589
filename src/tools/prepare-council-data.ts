/**
 * Builds a council's dataset (models/<folder>/) from the national public files, for any English local
 * authority: `npm run prepare-data -- --la <ONS code, DfE LA code or name>` (prepare-data.ts).
 * Kent's own dataset is built by prepare-kent-data.ts from its compiled files and is not touched here.
 *
 * What it writes, and how (PROVENANCE.md in the folder repeats it with the counts):
 * - schools.csv: the council's open state-funded schools in the register (GIAS 2025-05-24);
 * - special-schools.csv: its state-funded special schools, each designated "all needs (not known)"
 *   (ALL): the register holds no designation, and officers set them through the review; ages read
 *   from the register's phase and places = roll, both labelled estimates;
 * - srps.csv: empty (no public list of SEN units or resourced provision is in the data);
 * - districts.geojson: the council's districts (LAD 2013 boundaries; a district formed since 2013 is
 *   the exact union of the 2013 districts holding its LSOAs); which districts belong to the council
 *   is read from the register: a district belongs to the council that runs most of its state-funded schools;
 * - msoas.geojson: ONS MSOA 2011 boundaries where the raw folder has them (Kent and Medway), else
 *   MSOAs built from LSOA points (Voronoi cells of the LSOA centroids within the district, merged by
 *   MSOA: an estimate of the boundary), each with its centroid weighted by the population aged 0-24;
 * - lsoas.csv: Census 2021 LSOAs with their population and the ONS LSOA 2011 centroid (2021-only
 *   codes: the mean of their MSOA's 2011 centroids, labelled);
 * - the SEN2 tables of the demand model, and the population by district (ONS 2022-based projections
 *   where the raw folder has them, else Census 2021 held level: an estimate);
 * - independent-special-schools.csv and sufficiency-figures.json, as prepare-sufficiency-data.ts does for Kent;
 * - designations.json, designation-mapping-rules.json, admission-guidance.json, need-profiles.json,
 *   travel-model.json, plan-candidates.json: Kent's framework (the three proposed designations and
 *   their guidance, the travel model, national cost figures), adapted to a council whose schools'
 *   designations are not known, every adaptation labelled.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { booleanPointInPolygon, featureCollection, intersect, point, simplify, union, voronoi, bbox as bboxOf } from '@turf/turf';
import { NEED_CODES } from '../domain/needs.js';
import { CASELOAD_GROUP_COLUMNS } from '../domain/demand/demand-files.js';
import { NATIONAL, readCsv, readLadBoundaries, readSen2, wholeNumber, type Row } from './national-data.js';

/**
 * The register's state-funded establishment types: Kent's list (prepare-kent-data.ts) and the types
 * other councils have that Kent does not (16-19 academies and free schools, alternative provision
 * academies and free schools, the secure 16-19 academy): every academy, free school and
 * LA-maintained school and the state special schools. Independent, non-maintained special, special
 * post-16, FE and HE are excluded: the council does not fund their places directly.
 */
export const STATE_FUNDED_TYPES = new Set([
  'Academy converter', 'Community school', 'Academy sponsor led', 'Voluntary controlled school', 'Foundation school',
  'Voluntary aided school', 'Free schools', 'Foundation special school', 'Pupil referral unit', 'Community special school',
  'Free schools special', 'Academy special converter', 'Local authority nursery school', 'University technical college',
  'Academy alternative provision sponsor led', 'Academy special sponsor led', 'Studio schools',
  'Academy 16 to 19 sponsor led', 'Academy 16-19 converter', 'Academy alternative provision converter', 'Free schools 16 to 19',
  'Free schools alternative provision', 'Academy secure 16 to 19',
]);
/** State-funded special schools among them. */
export const STATE_SPECIAL_TYPES = new Set(['Foundation special school', 'Community special school', 'Free schools special', 'Academy special converter', 'Academy special sponsor led']);
const INDEPENDENT_KINDS: Record<string, string> = {
  'Other independent special school': 'independent-special',
  'Non-maintained special school': 'non-maintained-special',
  'Special post 16 institution': 'special-post-16',
};

const REGISTER_DATE = '2025-05-24';
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
/** "Kingston upon Hull, City of" -> "kingston upon hull": LAD 2013 names against Census 2021 LSOA name prefixes. */
const districtKey = (name: string) => name.toLowerCase().replace(/, (city|county) of$/, '').replace(/&/g, 'and').trim();
const DISTRICT_ALIASES: Record<string, string> = { shepway: 'folkestone and hythe' };

export interface Council {
  /** DfE (old) LA code, e.g. "887". */
  laCode: string;
  /** ONS code, e.g. "E06000035". */
  gssCode: string;
  name: string;
  /** The folder under models/: the name in kebab case. */
  folder: string;
}

export const councilFolder = (name: string) =>
  name.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export interface PrepareOptions {
  /** ONS code, DfE LA code or name (any case). */
  la: string;
  /** The raw-data folder (../shared/data/raw). */
  raw: string;
  /** The models folder holding kent/ (whose framework files are adapted). */
  modelsDir: string;
  /** Output folder; default <modelsDir>/<folder>. */
  out?: string;
  log?: (line: string) => void;
}

export interface PrepareSummary {
  council: Council;
  out: string;
  districts: number;
  msoas: number;
  msoaBasis: 'ons-boundaries' | 'built-from-lsoa-points';
  lsoas: number;
  schools: number;
  specialSchools: number;
  independentSchools: number;
  ehcPlans: number;
  ms: number;
}

/** Finds the council in the register and SEN2 by ONS code, LA code or name; throws naming near matches when none. */
export function findCouncil(la: string, register: Row[], caseload: Row[]): Council {
  const want = la.trim().toLowerCase();
  const councils = new Map<string, { name: string; gss: string }>();
  for (const r of caseload) if (r.geographic_level === 'Local authority' && r.old_la_code) councils.set(r.old_la_code, { name: r.la_name!, gss: r.new_la_code! });
  for (const r of register) if (/^\d{3}$/.test(r.la_code ?? '') && !councils.has(r.la_code!) && r.lsoa_code?.startsWith('E')) councils.set(r.la_code!, { name: r.la_name!, gss: '' });
  for (const [code, c] of councils) {
    if (code === want || c.gss.toLowerCase() === want || c.name.toLowerCase() === want || councilFolder(c.name) === want) {
      if (!c.gss) throw new Error(`${c.name} (LA ${code}) has no SEN2 figures in the 2025 release`);
      return { laCode: code, gssCode: c.gss, name: c.name, folder: councilFolder(c.name) };
    }
  }
  const near = [...councils.values()].map((c) => c.name).filter((n) => n.toLowerCase().includes(want.slice(0, 4))).slice(0, 8);
  throw new Error(`no English council "${la}" in the register or SEN2${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
}

export function prepareCouncilData(options: PrepareOptions): PrepareSummary {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const raw = options.raw;
  for (const p of Object.values(NATIONAL)) if (!existsSync(join(raw, p))) throw new Error(`prepare-data --la needs ${join(raw, p)}, which does not exist`);

  const register = readCsv(raw, NATIONAL.register);
  const sen2 = readSen2(raw, ['caseload', 'sen_needs_all_plans']);
  const council = findCouncil(options.la, register, sen2.caseload!);
  const out = options.out ?? join(options.modelsDir, council.folder);
  mkdirSync(out, { recursive: true });
  const kentDir = join(options.modelsDir, 'kent');
  const write = (name: string, text: string) => writeFileSync(join(out, name), text);
  const writeCsv = (name: string, rows: Record<string, unknown>[], columns: string[]) => write(name, stringify(rows, { header: true, columns }));
  const writeJson = (name: string, doc: unknown) => write(name, `${JSON.stringify(doc, null, 2)}\n`);
  log(`${council.name} (LA ${council.laCode}, ${council.gssCode}) -> ${out}`);

  // ---------- LSOAs 2021 (Census) and the districts they name ----------
  type Lsoa = {
    code: string; name: string; vintage: string; district: string; msoaNumber: string;
    longitude: number | null; latitude: number | null; centroid_basis: string; pop_0_15: number; pop_16_24: number;
  };
  const allLsoas = new Map<string, Lsoa>();
  for (const r of readCsv(raw, NATIONAL.census)) {
    if (!r.lsoa21_code!.startsWith('E01')) continue;
    let l = allLsoas.get(r.lsoa21_code!);
    if (!l) {
      const m = /^(.*) (\d{3})[A-Z]$/.exec(r.lsoa21_name!);
      if (!m) throw new Error(`cannot read the district and MSOA from LSOA name "${r.lsoa21_name}"`);
      l = { code: r.lsoa21_code!, name: r.lsoa21_name!, vintage: '2021', district: m[1]!, msoaNumber: m[2]!, longitude: null, latitude: null, centroid_basis: '', pop_0_15: 0, pop_16_24: 0 };
      allLsoas.set(l.code, l);
    }
    const n = Math.round(Number(r.usual_residents));
    if (r.age_group === 'Aged 15 years and under') l.pop_0_15 = n;
    else if (r.age_group === 'Aged 16 to 24 years') l.pop_16_24 = n;
  }

  // Which council runs each district: most of the district's state-funded schools (by the register's LSOA).
  const stateFunded = register.filter((r) => STATE_FUNDED_TYPES.has(r.establishment_type!));
  const votes = new Map<string, Map<string, number>>();
  for (const r of stateFunded) {
    const l = allLsoas.get(r.lsoa_code!);
    if (!l) continue;
    const v = votes.get(l.district) ?? votes.set(l.district, new Map()).get(l.district)!;
    v.set(r.la_code!, (v.get(r.la_code!) ?? 0) + 1);
  }
  const councilDistricts = [...votes].filter(([, v]) => [...v].sort((a, b) => b[1] - a[1])[0]![0] === council.laCode).map(([d]) => d).sort();
  if (!councilDistricts.length) throw new Error(`no district has most of its state-funded schools run by ${council.name}`);
  const lsoaList = [...allLsoas.values()].filter((l) => councilDistricts.includes(l.district));

  // 2011 centroids for codes that exist in both vintages; the rest from their MSOA's (labelled).
  const centroid2011 = new Map<string, [number, number]>();
  for (const r of readCsv(raw, NATIONAL.centroids)) {
    // "[-0.09714 51.5182 ]", sometimes in exponent form ("[-3.77000e-03  5.17784e+01]").
    const [lon, lat] = r.geometry!.replace(/[[\]]/g, ' ').trim().split(/\s+/).map(Number);
    if (Number.isFinite(lon) && Number.isFinite(lat)) centroid2011.set(r.lsoa11_code!, [lon!, lat!]);
  }
  for (const l of lsoaList) {
    const c = centroid2011.get(l.code);
    if (c) [l.longitude, l.latitude, l.vintage, l.centroid_basis] = [c[0], c[1], '2011+2021', 'ons-lsoa2011-centroid'];
  }
  const peersOf = (pred: (l: Lsoa) => boolean) => lsoaList.filter((p) => p.longitude !== null && p.vintage !== '2021' && pred(p));
  for (const l of lsoaList) {
    if (l.longitude !== null) continue;
    let peers = peersOf((p) => p.district === l.district && p.msoaNumber === l.msoaNumber);
    l.centroid_basis = 'estimate: centroid of the 2011 LSOAs in the same MSOA';
    if (!peers.length) {
      // A new 2021 MSOA: the register's schools in the LSOA, if any, say where it is better than the district does.
      const inside = register.filter((r) => r.lsoa_code === l.code && Number.isFinite(Number(r.longitude)) && r.longitude !== '');
      if (inside.length) {
        l.longitude = round6(inside.reduce((s, r) => s + Number(r.longitude), 0) / inside.length);
        l.latitude = round6(inside.reduce((s, r) => s + Number(r.latitude), 0) / inside.length);
        l.centroid_basis = `estimate: mean location of the ${inside.length} establishment(s) in the LSOA in the register (no 2011 LSOA in its MSOA)`;
        continue;
      }
      peers = peersOf((p) => p.district === l.district);
      l.centroid_basis = 'estimate: centroid of the 2011 LSOAs in the same district (none in its MSOA, no establishment in the register)';
    }
    if (!peers.length) throw new Error(`no centroid for LSOA ${l.code} ${l.name}`);
    l.longitude = round6(peers.reduce((s, p) => s + p.longitude!, 0) / peers.length);
    l.latitude = round6(peers.reduce((s, p) => s + p.latitude!, 0) / peers.length);
  }

  // ---------- districts ----------
  const { lads, mergeOf } = readLadBoundaries(raw);
  const ladByKey = new Map(lads.map((l) => [DISTRICT_ALIASES[districtKey(l.name)] ?? districtKey(l.name), l]));
  const districts = councilDistricts.map((name) => {
    const lad = ladByKey.get(districtKey(name));
    if (lad) return { code: lad.code, name, geometry: lad.geometry, basis: `source: ONS LAD 2013 boundary ${lad.code} (${lad.name})` };
    // A district formed since 2013: the 2013 districts that hold most of its LSOA centroids, merged.
    const counts = new Map<string, number>();
    for (const l of lsoaList.filter((x) => x.district === name)) {
      const at = lads.find((d) => booleanPointInPolygon(point([l.longitude!, l.latitude!]), d.geometry));
      if (at) counts.set(at.code, (counts.get(at.code) ?? 0) + 1);
    }
    const inside = lsoaList.filter((x) => x.district === name).length;
    const codes = [...counts].filter(([, n]) => n >= 0.5 * Math.min(inside, [...counts.values()].reduce((a, b) => Math.max(a, b), 0))).map(([c]) => c).sort();
    if (!codes.length) throw new Error(`no 2013 district boundary holds the LSOAs of ${name}`);
    return { code: codes.join('+'), name, geometry: mergeOf(codes) as GeoJSON.Polygon | GeoJSON.MultiPolygon, basis: `estimate: formed since 2013; the union of the LAD 2013 districts ${codes.join(', ')}` };
  });
  const districtOfName = new Map(districts.map((d) => [d.name, d]));
  const roundGeometry = (g: GeoJSON.Polygon | GeoJSON.MultiPolygon) => {
    const r = (c: any): any => (typeof c[0] === 'number' ? [round6(c[0]), round6(c[1])] : c.map(r));
    return { type: g.type, coordinates: r(g.coordinates) };
  };
  const districtFeatures = districts
    .map((d) => ({ type: 'Feature', properties: { code: d.code, name: d.name, basis: d.basis }, geometry: roundGeometry(d.geometry) }))
    .sort((a, b) => a.properties.code.localeCompare(b.properties.code));
  writeJson('districts.geojson', { type: 'FeatureCollection', features: districtFeatures });

  // ---------- MSOAs: ONS boundaries where held, else built from LSOA points ----------
  const msoaFeatures: { type: 'Feature'; properties: Record<string, unknown>; geometry: any }[] = [];
  const msoaCodeOf = new Map<string, string>(); // "<district>|<nnn>" -> code
  let msoaBasis: PrepareSummary['msoaBasis'] = 'ons-boundaries';
  for (const d of districts) {
    const inDistrict = lsoaList.filter((l) => l.district === d.name);
    const weighted = (list: Lsoa[]) => {
      const w = list.reduce((s, l) => s + l.pop_0_15 + l.pop_16_24, 0);
      const lon = w > 0 ? list.reduce((s, l) => s + l.longitude! * (l.pop_0_15 + l.pop_16_24), 0) / w : list.reduce((s, l) => s + l.longitude!, 0) / list.length;
      const lat = w > 0 ? list.reduce((s, l) => s + l.latitude! * (l.pop_0_15 + l.pop_16_24), 0) / w : list.reduce((s, l) => s + l.latitude!, 0) / list.length;
      return [round6(lon), round6(lat)];
    };
    const byNumber = new Map<string, Lsoa[]>();
    for (const l of inDistrict) (byNumber.get(l.msoaNumber) ?? byNumber.set(l.msoaNumber, []).get(l.msoaNumber)!).push(l);
    const held = join(raw, NATIONAL.msoasByDistrict, `${d.code}.json`);
    if (existsSync(held)) {
      const fc = JSON.parse(readFileSync(held, 'utf8')) as GeoJSON.FeatureCollection<any, { MSOA11CD: string; MSOA11NM: string }>;
      for (const f of fc.features) {
        const n = /(\d{3})$/.exec(f.properties.MSOA11NM)![1]!;
        msoaCodeOf.set(`${d.name}|${n}`, f.properties.MSOA11CD);
        const members = byNumber.get(n) ?? [];
        msoaFeatures.push({
          type: 'Feature',
          properties: {
            code: f.properties.MSOA11CD, name: f.properties.MSOA11NM, districtCode: d.code,
            centroid: members.length ? weighted(members) : null,
            basis: 'source: ONS MSOA 2011 generalised clipped boundary (martinjc/UK-GeoJSON); centroid: estimate, the LSOA centroids weighted by Census 2021 residents aged 0-24',
          },
          geometry: roundGeometry(f.geometry),
        });
      }
      continue;
    }
    msoaBasis = 'built-from-lsoa-points';
    const pts = featureCollection(inDistrict.map((l) => point([l.longitude!, l.latitude!], { msoa: l.msoaNumber })));
    const [x0, y0, x1, y1] = bboxOf(d.geometry as any);
    const cells = voronoi(pts, { bbox: [x0 - 0.05, y0 - 0.05, x1 + 0.05, y1 + 0.05] });
    const districtFeature = { type: 'Feature' as const, properties: {}, geometry: d.geometry };
    for (const [n, members] of [...byNumber].sort((a, b) => a[0].localeCompare(b[0]))) {
      const own = cells.features.filter((c, i) => c && pts.features[i]!.properties!.msoa === n);
      // Points at one place have one cell (the first point's): an MSOA left without a cell gets a square of about 400 m at its centroid.
      const [cx, cy] = weighted(members);
      const square = { type: 'Feature' as const, properties: {}, geometry: { type: 'Polygon' as const, coordinates: [[[cx! - 0.003, cy! - 0.002], [cx! + 0.003, cy! - 0.002], [cx! + 0.003, cy! + 0.002], [cx! - 0.003, cy! + 0.002], [cx! - 0.003, cy! - 0.002]]] } };
      const merged = own.length > 1 ? union(featureCollection(own as any)) : (own[0] ?? square);
      if (!merged) throw new Error(`MSOA ${d.name} ${n} has no Voronoi cell`);
      // Clipped to the district; an MSOA whose cells fall outside the generalised boundary (an island, an estuary) keeps its cells.
      const clipped = intersect(featureCollection([merged as any, districtFeature as any])) ?? merged;
      const code = `${d.code}-${n}`;
      msoaCodeOf.set(`${d.name}|${n}`, code);
      const geometry = simplify(clipped as any, { tolerance: 1e-5, highQuality: false }).geometry;
      msoaFeatures.push({
        type: 'Feature',
        properties: {
          code, name: `${d.name} ${n}`, districtCode: d.code, centroid: weighted(members),
          basis: 'estimate: built from LSOA points (no MSOA boundary in the data): the Voronoi cells of its Census 2021 LSOAs\' centroids, merged and clipped to the district; the code is the district code and the MSOA number, not an ONS code. Centroid: the LSOA centroids weighted by residents aged 0-24',
        },
        geometry: roundGeometry(geometry as any),
      });
    }
  }
  msoaFeatures.sort((a, b) => String(a.properties.code).localeCompare(String(b.properties.code)));
  writeJson('msoas.geojson', { type: 'FeatureCollection', features: msoaFeatures });

  const lsoaRows = lsoaList
    .map((l) => ({
      code: l.code, name: l.name, vintage: l.vintage, district_code: districtOfName.get(l.district)!.code,
      msoa_code: msoaCodeOf.get(`${l.district}|${l.msoaNumber}`) ?? '', longitude: l.longitude, latitude: l.latitude,
      centroid_basis: l.centroid_basis, pop_0_15: l.pop_0_15, pop_16_24: l.pop_16_24,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const noMsoa = lsoaRows.find((l) => !l.msoa_code);
  if (noMsoa) throw new Error(`LSOA ${noMsoa.code} ${noMsoa.name} is in no MSOA of the boundary file`);
  writeCsv('lsoas.csv', lsoaRows, ['code', 'name', 'vintage', 'district_code', 'msoa_code', 'longitude', 'latitude', 'centroid_basis', 'pop_0_15', 'pop_16_24']);

  // ---------- schools and special schools ----------
  const councilRows = register.filter((r) => r.la_code === council.laCode);
  const schools = councilRows
    .filter((r) => STATE_FUNDED_TYPES.has(r.establishment_type!))
    .map((r) => ({
      urn: wholeNumber(r.urn), name: r.establishment_name, establishment_type: r.establishment_type, establishment_type_group: r.establishment_type_group,
      phase: r.education_phase, pupils: wholeNumber(r.number_of_pupils), fsm_pct: r.percentage_fsm === 'NA' ? '' : (r.percentage_fsm ?? ''),
      longitude: round6(Number(r.longitude)), latitude: round6(Number(r.latitude)), easting: wholeNumber(r.easting), northing: wholeNumber(r.northing), lsoa_code: r.lsoa_code,
    }))
    .sort((a, b) => Number(a.urn) - Number(b.urn));
  writeCsv('schools.csv', schools, ['urn', 'name', 'establishment_type', 'establishment_type_group', 'phase', 'pupils', 'fsm_pct', 'longitude', 'latitude', 'easting', 'northing', 'lsoa_code']);

  const ageOf = (phase: string) =>
    phase === 'Primary' ? { low: 4, high: 11, basis: 'estimate: the register\'s phase "Primary" read as ages 4-11 (no age range in the data)' }
      : phase === 'Secondary' ? { low: 11, high: 19, basis: 'estimate: the register\'s phase "Secondary" read as ages 11-19 (special schools commonly have a sixth form; no age range in the data)' }
        : phase === '16 plus' ? { low: 16, high: 19, basis: 'estimate: the register\'s phase "16 plus" read as ages 16-19' }
          : { low: 4, high: 19, basis: `estimate: the register's phase "${phase}" read as all-age 4-19 (no age range in the data)` };
  const specials = councilRows
    .filter((r) => STATE_SPECIAL_TYPES.has(r.establishment_type!))
    .map((r) => {
      const age = ageOf(r.education_phase!);
      const roll = wholeNumber(r.number_of_pupils);
      return {
        urn: wholeNumber(r.urn), designation: 'ALL',
        designation_detail: `all needs (not known): the register and the public sources in the data give no designation for this school; ${council.name}'s officers set it through the designation review`,
        age_low: age.low, age_high: age.high, age_basis: age.basis,
        places: roll === '0' ? '' : roll,
        places_basis: roll === '' || roll === '0' ? `unknown: no pupils on roll in the register (${REGISTER_DATE}) and no published capacity` : `estimate: places = pupils on roll (GIAS ${REGISTER_DATE})`,
        source: `DfE GIAS register ${REGISTER_DATE} (${r.establishment_type}); designation not published in the data`,
        confidence: 'low', notes: '',
      };
    })
    .sort((a, b) => Number(a.urn) - Number(b.urn));
  writeCsv('special-schools.csv', specials, ['urn', 'designation', 'designation_detail', 'age_low', 'age_high', 'age_basis', 'places', 'places_basis', 'source', 'confidence', 'notes']);
  writeCsv('srps.csv', [], ['id', 'host_urn', 'name_in_source', 'kind', 'need_types', 'need_type_as_stated', 'phase', 'age_low', 'age_high', 'capacity', 'capacity_basis', 'roll', 'roll_basis', 'status', 'commissioning', 'source', 'gias_match', 'notes']);

  // ---------- demand: SEN2 tables ----------
  const plans = writeDemandFiles({ raw, council, sen2, districts: districts.map((d) => ({ code: d.code, name: d.name })), lsoaRows, write: writeCsv });

  // ---------- independent and non-maintained special schools; SEN2 figures ----------
  const independents = independentSchools(raw, council, councilRows);
  writeCsv('independent-special-schools.csv', independents, ['urn', 'la', 'kind', 'name', 'roll', 'roll_basis', 'latitude', 'longitude', 'lsoa_code', 's41', 's41_basis']);
  writeJson('sufficiency-figures.json', sufficiencyFigures(council, sen2, councilRows));

  // ---------- the designation framework, adapted from Kent's ----------
  writeFrameworkFiles(kentDir, council, writeJson);
  writeJson('dataset.json', {
    localAuthority: { name: council.name, laCode: council.laCode, gssCode: council.gssCode },
    register: { name: 'Get Information about Schools (GIAS), open establishments', date: REGISTER_DATE, publisher: 'Department for Education', licence: 'Open Government Licence v3.0' },
    localities: {
      defaultLevel: districts.length > 1 ? 'district' : 'msoa',
      basis: districts.length > 1 ? `${districts.length} districts (LAD 2013 boundaries)` : `one district: localities are its ${msoaFeatures.length} MSOAs (${msoaBasis === 'ons-boundaries' ? 'ONS boundaries' : 'built from LSOA points'})`,
    },
    preparedBy: 'src/tools/prepare-council-data.ts from the national files in shared/data/raw (see PROVENANCE.md)',
  });

  const summary: PrepareSummary = {
    council, out, districts: districts.length, msoas: msoaFeatures.length, msoaBasis, lsoas: lsoaRows.length, schools: schools.length,
    specialSchools: specials.length, independentSchools: independents.length, ehcPlans: plans, ms: Math.round(performance.now() - started),
  };
  write('PROVENANCE.md', provenance(summary));
  log(`districts ${summary.districts}, msoas ${summary.msoas} (${msoaBasis}), lsoas ${summary.lsoas}, schools ${summary.schools}, special ${summary.specialSchools}, independent ${summary.independentSchools}, EHC plans ${summary.ehcPlans} (${summary.ms} ms)`);
  return summary;
}

// ====================================================================================== demand files

const NEED_COLUMNS: Record<string, string> = {
  ASD: 'number_asd', SLCN: 'number_slcn', SEMH: 'number_semh', MLD: 'number_mld', SLD: 'number_sld', PMLD: 'number_pmld', SPLD: 'number_spld',
  HI: 'number_hi', VI: 'number_vi', MSI: 'number_msi', PD: 'number_pd', OTH: 'number_oth', UNKNOWN: 'number_need_unknown',
};
const PLACEMENT_COLUMNS = [
  'ehcplans', 'mainstream_la_maintained', 'mainstream_la_maintained_resourced_provision', 'mainstream_la_maintained_senunit', 'mainstream_academy',
  'mainstream_academy_resourced_provision', 'mainstream_academy_senunit', 'mainstream_free_school', 'mainstream_free_school_resourced_provision',
  'mainstream_free_school_senunit', 'mainstream_independent', 'mainstream_total', 'special_la_maintained', 'special_academy_free', 'special_independent',
  'special_non_maintained', 'special_total', 'ap_pru_total', 'general_fe_tertiary_colleges', 'specialist_post_16_institutions', 'ukrlp_provider',
  'fe_total', 'ed_elsewhere', 'nm_early_years', 'placement_unknown',
] as const;
/** SEN2's age rows: "under 3" (0-2), then ages 3-25 one by one; an age with no plans has no row. */
const AGE_ROWS = ['under 3', ...Array.from({ length: 23 }, (_, i) => `age ${i + 3}`)];
const ageRange = (b: string): [number, number] => (b === 'under 3' ? [0, 2] : [Number(b.slice(4)), Number(b.slice(4))]);
const int = (s: string | undefined, what: string): number => {
  if (s === undefined || !/^\d+$/.test(s.trim())) throw new Error(`${what}: expected a whole number, got ${s}`);
  return Number(s);
};

function writeDemandFiles(args: {
  raw: string;
  council: Council;
  sen2: Record<string, Row[]>;
  districts: { code: string; name: string }[];
  lsoaRows: { district_code: string; pop_0_15: number; pop_16_24: number }[];
  write: (name: string, rows: Record<string, unknown>[], columns: string[]) => void;
}): number {
  const { council, sen2, write } = args;
  const needs = sen2.sen_needs_all_plans!.filter((r) => r.old_la_code === council.laCode && r.time_period === '202425');
  const all = needs.find((r) => r.breakdown_topic === 'All EHC plans');
  if (!all) throw new Error(`no "All EHC plans" row for ${council.name} in sen_needs_all_plans`);
  const total = int(all.ehc_plans, 'all plans');
  const needCells = (r: Row | undefined) => Object.fromEntries(Object.entries(NEED_COLUMNS).map(([code, col]) => [code, r ? int(r[col], `${r.breakdown} ${col}`) : 0]));
  const byAge = AGE_ROWS.map((b) => {
    const r = needs.find((x) => x.breakdown_topic === 'Child or young persons age' && x.breakdown === b);
    const [low, high] = ageRange(b);
    return { age_low: low, age_high: high, ehc_plans: r ? int(r.ehc_plans, `${b} ehc_plans`) : 0, ...needCells(r) };
  });
  const ageSum = byAge.reduce((s, r) => s + r.ehc_plans, 0);
  if (ageSum !== total) throw new Error(`${council.name}: age rows sum to ${ageSum}, all plans ${total}`);
  write('ehcp-need-by-age-2025.csv', byAge, ['age_low', 'age_high', 'ehc_plans', ...Object.keys(NEED_COLUMNS)]);

  const byPlacement = needs
    .filter((r) => r.breakdown_topic === 'Type of placement' && !/ - total$/.test(r.breakdown!) && r.breakdown !== 'Mainstream - total')
    .map((r) => ({ placement: r.breakdown!, ehc_plans: int(r.ehc_plans, `${r.breakdown} ehc_plans`), ...needCells(r) }))
    .sort((a, b) => a.placement.localeCompare(b.placement));
  const placementSum = byPlacement.reduce((s, r) => s + r.ehc_plans, 0);
  if (placementSum !== total) throw new Error(`${council.name}: placement rows sum to ${placementSum}, all plans ${total}`);
  write('ehcp-need-by-placement-2025.csv', byPlacement, ['placement', 'ehc_plans', ...Object.keys(NEED_COLUMNS)]);

  const caseload = sen2.caseload!.filter((r) => r.old_la_code === council.laCode);
  const placementByAge = (['202324', '202425'] as const).flatMap((tp) =>
    AGE_ROWS.map((b) => {
      const r = caseload.find((x) => x.time_period === tp && x.breakdown_topic === 'Child or young persons age' && x.breakdown === b);
      const [low, high] = ageRange(b);
      return { year: 2000 + Number(tp.slice(4)), age_low: low, age_high: high, ...Object.fromEntries(PLACEMENT_COLUMNS.map((c) => [c, r ? int(r[c], `${tp} ${b} ${c}`) : 0])) };
    }),
  );
  write('ehcp-placement-by-age.csv', placementByAge, ['year', 'age_low', 'age_high', ...PLACEMENT_COLUMNS]);

  // ---- series: the 2022 release where the raw folder has it (Kent, Medway), the 2025 release's totals from 2019 ----
  const BANDS = [['under_5', 0, 4], ['age_5_to_10', 5, 10], ['age_11_to_15', 11, 15], ['age_16_to_19', 16, 19], ['age_20_to_25', 20, 25]] as const;
  const BAND_OF: Record<string, string> = { 'Under 5': 'under_5', 'Age 5 to 10': 'age_5_to_10', 'Age 11 to 15': 'age_11_to_15', 'Age 16 to 19': 'age_16_to_19', 'Age 20 to 25': 'age_20_to_25' };
  type SeriesRow = Record<string, string | number>;
  const series = new Map<number, SeriesRow>();
  const blank = (year: number, collection: string, source: string): SeriesRow => ({ year, ehc_plans: '', under_5: '', age_5_to_10: '', age_11_to_15: '', age_16_to_19: '', age_20_to_25: '', collection, source });
  for (const r of readCsv(args.raw, NATIONAL.sen2Extract2022).filter((x) => x.old_la_code === council.laCode)) {
    const year = int(r.time_period, 'time_period');
    const row = series.get(year) ?? series.set(year, blank(year, year <= 2018 ? 'aggregate: statements and EHC plans' : 'aggregate: EHC plans', 'DfE EHC plans release 2022, sen2_age_caseload (Total_all)')).get(year)!;
    const value = r.Total_all === 'z' ? '' : int(r.Total_all, `${year} ${r.characteristic_age}`);
    if (r.characteristic_age === 'Total') row.ehc_plans = value;
    else row[BAND_OF[r.characteristic_age!]!] = value;
  }
  const ageRows = (tp: string) => caseload.filter((c) => c.time_period === tp && c.breakdown_topic === 'Child or young persons age');
  const bandSums = (tp: string) => Object.fromEntries(BANDS.map(([key, lo, hi]) => [key, ageRows(tp).filter((a) => ageRange(a.breakdown!)[0] >= lo && ageRange(a.breakdown!)[1] <= hi).reduce((s, a) => s + int(a.ehcplans, 'age'), 0)]));
  const shares2024 = (() => {
    const b = bandSums('202324');
    const t = Object.values(b).reduce((s, x) => s + Number(x), 0);
    return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, Number(v) / t]));
  })();
  const hasLongSeries = series.size > 0;
  for (const r of caseload.filter((c) => c.breakdown_topic === 'All EHC plans').sort((a, b) => a.time_period!.localeCompare(b.time_period!))) {
    const year = 2000 + Number(r.time_period!.slice(4));
    const plans = int(r.ehcplans, `${r.time_period} ehcplans`);
    if (series.has(year)) {
      if (series.get(year)!.ehc_plans !== plans) throw new Error(`${council.name} ${year}: 2022 release says ${series.get(year)!.ehc_plans}, 2025 release ${plans}`);
      continue;
    }
    const row = blank(year, year <= 2022 ? 'aggregate: EHC plans' : 'person-level: EHC plans', 'DfE EHC plans release 2025, caseload (ehcplans)');
    row.ehc_plans = plans;
    if (ageRows(r.time_period!).length) {
      Object.assign(row, bandSums(r.time_period!), { source: 'DfE EHC plans release 2025, caseload (ehcplans; age bands summed from single years of age)' });
    } else if (!hasLongSeries) {
      // No age bands in the data for this year: the total shared as in January 2024 (largest remainder), labelled.
      const exact = BANDS.map(([key]) => plans * shares2024[key]!);
      const whole = exact.map(Math.floor);
      const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
      const left = plans - whole.reduce((s, x) => s + x, 0);
      for (let k = 0; k < left; k++) whole[order[k]![1]]! += 1;
      BANDS.forEach(([key], i) => (row[key] = whole[i]!));
      row.source = 'DfE EHC plans release 2025, caseload (ehcplans); estimate: age bands shared as in January 2024 (the release gives this year a total only)';
    }
    series.set(year, row);
  }
  write('ehcp-series.csv', [...series.values()].sort((a, b) => Number(a.year) - Number(b.year)), ['year', 'ehc_plans', 'under_5', 'age_5_to_10', 'age_11_to_15', 'age_16_to_19', 'age_20_to_25', 'collection', 'source']);

  // ---- population by district, ages 0-25, mid-2022 to mid-2030 ----
  const years = Array.from({ length: 9 }, (_, i) => String(2022 + i));
  const snpp = readCsv(args.raw, NATIONAL.snpp);
  const rows: Record<string, unknown>[] = [];
  for (const d of args.districts) {
    const projected = snpp.filter((r) => r.AREA_CODE === d.code);
    if (projected.length) {
      for (const r of projected) rows.push({ district_code: d.code, district_name: d.name, age: int(r.AGE_GROUP, 'AGE_GROUP'), ...Object.fromEntries(years.map((y) => [y, r[y]!.trim()])) });
      continue;
    }
    // No projection in the data: Census 2021 residents of the district's LSOAs, spread evenly over the
    // ages of each band (0-15, 16-24; age 25 as 24) and held level to 2030 (an estimate: PROVENANCE.md).
    const inD = args.lsoaRows.filter((l) => l.district_code === d.code);
    const p0 = inD.reduce((s, l) => s + l.pop_0_15, 0) / 16;
    const p16 = inD.reduce((s, l) => s + l.pop_16_24, 0) / 9;
    for (let age = 0; age <= 25; age++) {
      const v = (age <= 15 ? p0 : p16).toFixed(1);
      rows.push({ district_code: d.code, district_name: d.name, age, ...Object.fromEntries(years.map((y) => [y, v])) });
    }
  }
  write('population-projections.csv', rows.sort((a, b) => String(a.district_code).localeCompare(String(b.district_code)) || Number(a.age) - Number(b.age)), ['district_code', 'district_name', 'age', ...years]);
  return total;
}

// ====================================================================== independent schools and figures

const normalise = (name: string) =>
  name.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9 ]/g, ' ').split(/\s+/)
    .filter((w) => w && !['the', 'school', 'ltd', 'limited', 'cic', 'independent', 'special', 'for', 'children'].includes(w)).join(' ');

function independentSchools(raw: string, council: Council, councilRows: Row[]) {
  const approved = readCsv(raw, NATIONAL.s41Approved).slice(1).filter((r) => (r.field2 ?? '').toLowerCase().includes(council.name.toLowerCase()));
  const notApproved = readCsv(raw, NATIONAL.s41NotApproved).filter((r) => r['GIAS reference'] === council.laCode);
  return councilRows
    .filter((r) => INDEPENDENT_KINDS[r.establishment_type!])
    .map((r) => {
      const key = normalise(r.establishment_name!);
      const yes = approved.find((a) => normalise(a.field3 ?? '') === key);
      const no = notApproved.find((a) => normalise(a['School Name'] ?? '') === key);
      const s41 = yes
        ? { status: 'approved', basis: `source: DfE list of institutions approved under section 41 (updated 22 March 2022): "${yes.field3}", approved ${yes.field6}` }
        : no
          ? no['Section41 Approval'] === 'No'
            ? { status: 'not-approved', basis: `source: DfE list of independent special schools not approved under section 41 (2022): "${no['School Name']}"` }
            : { status: 'not-applicable', basis: `source: DfE list (2022): "${no['School Name']}", section 41 "${no['Section41 Approval']}"` }
          : { status: 'unknown', basis: 'unknown: not found by name in the DfE section 41 lists of March 2022 (opened or renamed since?)' };
      const roll = wholeNumber(r.number_of_pupils);
      return {
        urn: wholeNumber(r.urn), la: council.name, kind: INDEPENDENT_KINDS[r.establishment_type!], name: r.establishment_name, roll,
        roll_basis: roll === '' ? 'unknown: no pupils recorded in the register (new, or not collected for this type)' : `source: NumberOfPupils, GIAS ${REGISTER_DATE}`,
        latitude: Number(r.latitude).toFixed(6), longitude: Number(r.longitude).toFixed(6), lsoa_code: r.lsoa_code, s41: s41.status, s41_basis: s41.basis,
      };
    })
    .sort((a, b) => Number(a.urn) - Number(b.urn));
}

function sufficiencyFigures(council: Council, sen2: Record<string, Row[]>, councilRows: Row[]) {
  const ages = sen2.caseload!.filter((r) => r.old_la_code === council.laCode && r.time_period === '202425' && r.breakdown_topic === 'Child or young persons age');
  const needs = sen2.sen_needs_all_plans!.filter((r) => r.old_la_code === council.laCode && r.time_period === '202425' && r.breakdown_topic === 'Type of placement');
  const num = (r: Row | undefined, col: string) => Number(r?.[col] ?? 0) || 0;
  const statePupilsByAge: Record<string, number> = {};
  const unitPupilsByAge: Record<string, number> = {};
  for (const r of ages) {
    const [low, high] = ageRange(r.breakdown!);
    if (low !== high) continue;
    const state = num(r, 'special_la_maintained') + num(r, 'special_academy_free');
    if (state) statePupilsByAge[low] = state;
    const units = CASELOAD_GROUP_COLUMNS.srp.reduce((s, c) => s + num(r, c), 0);
    if (units) unitPupilsByAge[low] = units;
  }
  const phaseOf = (age: number) => (age <= 10 ? 'primary' : age <= 15 ? 'secondary' : 'post16');
  const unitsByPhase: Record<string, number> = { primary: 0, secondary: 0, post16: 0 };
  for (const [age, n] of Object.entries(unitPupilsByAge)) unitsByPhase[phaseOf(Number(age))]! += n;
  const unitsByNeed: Record<string, number> = Object.fromEntries(Object.keys(NEED_COLUMNS).map((n) => [n, 0]));
  let unitPlans = 0;
  for (const r of needs) {
    if (!/\((resourced provision|SEN unit)\)/.test(r.breakdown!)) continue;
    unitPlans += num(r, 'ehc_plans');
    for (const [n, col] of Object.entries(NEED_COLUMNS)) unitsByNeed[n]! += num(r, col);
  }
  const placement = (label: string) => num(needs.find((r) => r.breakdown === label), 'ehc_plans');
  const SEN2 = `DfE SEN2 "Education, health and care plans" 2025 (${council.name}, January 2025; OGL v3)`;
  const who = `${council.name} EHCP pupils`;
  const specials = councilRows.filter((r) => STATE_SPECIAL_TYPES.has(r.establishment_type!));
  return {
    description: `SEN2 figures the sufficiency model uses for ${council.name}, and the observed January 2025 figures its calibration table compares with. Written by src/tools/prepare-council-data.ts from the SEN2 2025 release and the GIAS register; sums only.`,
    year: 2025,
    specialSchoolPupilsByAge: { pupils: statePupilsByAge, basis: `source: ${SEN2}, caseload by single year of age: ${who} in LA-maintained and academy/free special schools (special_la_maintained + special_academy_free)` },
    unitPupils: {
      byAge: unitPupilsByAge, byPhase: unitsByPhase, byNeed: unitsByNeed,
      basis: `source: ${SEN2}: ${who} in SEN units and resourced provision of mainstream schools (the six *_resourced_provision and *_senunit columns by age; the "(resourced provision)" and "(SEN unit)" placement rows by primary need). Phases by age at the start of the school year: primary 4-10, secondary 11-15, post-16 16+.`,
    },
    observed: [
      { measure: 'special-school-demand', label: `${who} in special schools (state, independent and non-maintained)`, value: placement('Special - LA maintained') + placement('Special - Academy/free schools') + placement('Special - independent') + placement('Special - non-maintained'), source: `${SEN2}: the four "Special" placement rows` },
      { measure: 'state-special-placed', label: `Pupils on the rolls of ${council.name}'s state special schools`, value: specials.reduce((t, r) => t + (Number(wholeNumber(r.number_of_pupils)) || 0), 0), source: `DfE GIAS register ${REGISTER_DATE}: NumberOfPupils of the ${specials.length} open state-funded special schools in ${council.name} (all home authorities)` },
      { measure: 'state-special-kent-pupils', label: `${who} in state special schools (any authority's)`, value: placement('Special - LA maintained') + placement('Special - Academy/free schools'), source: `${SEN2}: placements "Special - LA maintained" + "Special - Academy/free schools"` },
      { measure: 'independent-placed', label: `${who} in independent and non-maintained special schools`, value: placement('Special - independent') + placement('Special - non-maintained'), source: `${SEN2}: placements "Special - independent" + "Special - non-maintained"` },
      { measure: 'srp-placed', label: `${who} in SEN units and resourced provision`, value: unitPlans, source: `${SEN2}: the mainstream "(resourced provision)" and "(SEN unit)" placement rows` },
      { measure: 'srp-post16', label: 'of whom aged 16 or over', value: unitsByPhase.post16!, source: `${SEN2}: caseload by age, SEN unit and resourced provision columns, ages 16 and over` },
      ...(['primary', 'secondary', 'post16'] as const).map((phase) => ({
        measure: `state-special-${phase}`,
        label: `${who} in state special schools, ${phase === 'post16' ? 'post-16 (16-19)' : phase === 'primary' ? 'primary (4-10)' : 'secondary (11-15)'}`,
        value: Object.entries(statePupilsByAge).filter(([age]) => phaseOf(Number(age)) === phase && Number(age) >= 4 && Number(age) <= 19).reduce((t, [, n]) => t + n, 0),
        source: `${SEN2}: caseload by single year of age, special_la_maintained + special_academy_free`,
      })),
    ],
  };
}

// ============================================================================ designation framework

/** The council's designation files: Kent's proposed framework, with "all needs (not known)" as every school's current designation. */
function writeFrameworkFiles(kentDir: string, council: Council, writeJson: (name: string, doc: unknown) => void) {
  const kent = (name: string) => JSON.parse(readFileSync(join(kentDir, name), 'utf8'));
  const framework = `assumption: ${council.name} has published no designations in the data; Kent's proposed designations (Kent SEND Strategy 2025-2028, draft) are used as the framework`;

  const designations = kent('designations.json');
  writeJson('designations.json', {
    current: [{
      code: 'ALL',
      name: 'All needs (not known)',
      guidance: `No designation for ${council.name}'s special schools is in the public data. Each school is taken to admit any pupil whose needs meet a special-school designation, until officers set its designation through the review.`,
      source: `assumption: no published designation (DfE GIAS register ${REGISTER_DATE}; ${council.name} SEND documents in the data name none)`,
      needCodes: [...NEED_CODES],
      alsoAdmits: [],
    }],
    proposed: designations.proposed.map((d: any) => ({ ...d, source: `${d.source} (${framework})` })),
    srpNeedTypes: designations.srpNeedTypes,
  });

  writeJson('designation-mapping-rules.json', {
    description: `How ${council.name}'s special schools, whose designations are not known, map to the three designations of the framework. There is no evidence to map from: every school gets a placeholder proposal, marked ambiguous with low confidence, for officers to set from the school's intake.`,
    sources: [`DfE GIAS register ${REGISTER_DATE}: the state-funded special schools (no designation field)`, framework],
    rules: [{
      id: 'all-needs-not-known',
      from: 'ALL',
      when: {},
      proposed: 'CLN',
      alternatives: ['SEMH', 'NLD'],
      ambiguous: true,
      confidence: 'low',
      rationale: `Placeholder: the school's designation is not known, so no proposal can be made from evidence; CLN is listed first only because the framework lists it first. An officer sets the designation (override) from the school's admissions and intake.`,
    }],
  });

  const guidance = kent('admission-guidance.json');
  writeJson('admission-guidance.json', {
    ...guidance,
    description: `${framework}. Kent's admission guidance for the three proposed designations, as scoring rules; the current designation "all needs (not known)" admits whoever fits one of them (scored as the best of the three). SRP need types are all taken as commissioned (no commissioning decision of ${council.name}'s is in the data). ${guidance.description}`,
    designations: [
      ...guidance.designations.filter((d: any) => d.set === 'proposed'),
      { set: 'current', code: 'ALL', bestOf: 'proposed', describes: 'a special school whose designation is not known: taken to admit any pupil who fits a designation of the framework' },
    ],
    srpNeedTypes: guidance.srpNeedTypes.map((t: any) => ({ ...t, commissioned: true, clauses: [], note: `assumption: ${t.code} SRPs taken as commissioned (no decision of ${council.name}'s in the data)` })),
  });

  const profiles = kent('need-profiles.json');
  writeJson('need-profiles.json', {
    ...profiles,
    description: `Kent's need-profile estimates (${kentDir.endsWith('kent') ? 'models/kent/need-profiles.json' : 'Kent'}), used for ${council.name} as an assumption: no public figure gives the profiles of either council's plan-holders. Special-school variants stand for "all needs (not known)" (ALL), the only current designation here. ${profiles.description}`,
    special: { ...profiles.special, byNeed: profiles.special.byNeed.map((n: any) => ({ ...n, variants: n.variants.map((v: any) => ({ ...v, currentDesignation: 'ALL' })) })) },
  });

  writeJson('travel-model.json', kent('travel-model.json'));
  const candidates = kent('plan-candidates.json');
  writeJson('plan-candidates.json', { ...candidates, description: `Candidate builds for ${council.name}'s capital plans, as for Kent: national cost figures, no council quotation. ${candidates.description}` });
}

function provenance(s: PrepareSummary): string {
  const c = s.council;
  return `# ${c.name} dataset: provenance

Built by \`src/tools/prepare-council-data.ts\` (\`npm run prepare-data -- --la "${c.name}"\`) from the national public files
in the team's \`shared/data/raw/\` (their sources, dates and licences: \`shared/data/PROVENANCE.md\`). DfE and ONS data are
under the Open Government Licence v3.0; boundaries contain OS and ONS data, Crown copyright and database right 2016.
Council: ${c.name}, DfE LA ${c.laCode}, ONS ${c.gssCode}. Every value that is not a published figure is labelled
\`estimate:\`, \`assumption:\` or \`unknown:\` in its file.

| File | What | Source | Estimates |
|---|---|---|---|
| \`schools.csv\` | ${s.schools} open state-funded schools | DfE GIAS open establishments, ${REGISTER_DATE} (\`raw/national/\`), LA ${c.laCode}, state-funded types | none |
| \`special-schools.csv\` | ${s.specialSchools} state-funded special schools | the same register | designation "all needs (not known)" (ALL) for every school: none is published in the data, officers set them through the review; ages from the register's phase and places = pupils on roll (\`estimate:\`); confidence low |
| \`srps.csv\` | none | no public list of SEN units or resourced provision is in the data (the register extract has no resourced-provision fields) | SEN2's pupils in units are in \`sufficiency-figures.json\` |
| \`districts.geojson\` | ${s.districts} district(s) | ONS LAD 2013 boundaries (martinjc/UK-GeoJSON \`topo_lad_eng.json\`); a district belongs to the council running most of its state-funded schools in the register | districts formed since 2013 are unions of the 2013 ones (\`basis\`) |
| \`msoas.geojson\` | ${s.msoas} MSOAs | ${s.msoaBasis === 'ons-boundaries' ? 'ONS MSOA 2011 boundaries (martinjc/UK-GeoJSON)' : 'built from LSOA points: Voronoi cells of the LSOA centroids, merged by MSOA (from the LSOA names) and clipped to the district'} | ${s.msoaBasis === 'ons-boundaries' ? 'centroids weighted by Census 2021 residents aged 0-24' : 'boundaries and codes (district code + MSOA number, not ONS codes) are estimates; centroids weighted by Census 2021 residents aged 0-24'} |
| \`lsoas.csv\` | ${s.lsoas} LSOAs (2021) | Census 2021 residents aged 0-15 and 16-24 (ONS via hack25usefuldata); ONS LSOA 2011 centroids | 2021-only codes: the mean of their MSOA's 2011 centroids (\`centroid_basis\`) |
| \`ehcp-*.csv\` | ${s.ehcPlans.toLocaleString('en-GB')} EHC plans, January 2025 | DfE SEN2 2025 release (\`education-health-and-care-plans_2025.zip\`): sen_needs_all_plans, caseload; the 2022 release's series where the team's extract has the council (Kent, Medway) | ages with no row are 0 plans (the age rows sum to the total: checked); years before 2024 without age bands outside the 2022 extract are shared as in January 2024 (\`source\` column says \`estimate:\`) |
| \`population-projections.csv\` | ages 0-25 by district, mid-2022 to mid-2030 | ONS 2022-based SNPP where the team's extract has the district (Kent, Medway) | elsewhere an estimate: Census 2021 residents spread evenly over the ages of each band and held level (population only shares demand among localities) |
| \`independent-special-schools.csv\` | ${s.independentSchools} independent, non-maintained and special post-16 institutions in the council | the register; s41 status from the DfE lists of March 2022, matched by name | none (\`unknown:\` where not matched) |
| \`sufficiency-figures.json\` | SEN2 figures and observed calibration figures | SEN2 2025, the register | none |
| \`designations.json\`, \`designation-mapping-rules.json\`, \`admission-guidance.json\` | the framework | Kent's proposed designations and admission guidance (Kent SEND Strategy 2025-2028, draft) | \`assumption:\` the council has published no designations in the data; ALL admits whoever fits a designation; every SRP need type taken as commissioned; the mapping's proposal is a placeholder |
| \`need-profiles.json\`, \`travel-model.json\`, \`plan-candidates.json\` | Kent's estimates | models/kent/ | \`assumption:\` Kent's need profiles, journey-time model and national cost figures hold here |
`;
}
