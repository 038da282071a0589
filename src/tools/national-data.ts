/**
 * Reading the national public files in ../shared/data/raw for any English council: the register of
 * schools (GIAS, England and Wales), Census 2021 population by LSOA, LSOA 2011 centroids, the DfE
 * SEN2 zip and the district (LAD 2013) boundaries. Used by prepare-council-data.ts; each reader
 * copies or sums only, and says when something it needs is not there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { unzipSync, strFromU8 } from 'fflate';
import { feature, merge } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';

export type Row = Record<string, string>;

/** The files read, under the raw folder. */
export const NATIONAL = {
  register: 'national/gias_open_schools_england_wales_2025.csv',
  census: 'national/census21_population_lsoa21_by_age_group.csv',
  centroids: 'national/lsoa2011_centroids.csv',
  sen2Zip: 'dfe-ehcp-sen2/education-health-and-care-plans_2025.zip',
  sen2Extract2022: 'dfe-ehcp-sen2/kent_medway_england_extract_2022/sen2_age_caseload_kent_medway_england.csv',
  districts: 'martinjc-uk-geojson/topo_lad_eng.json',
  msoasByDistrict: 'martinjc-uk-geojson/msoa_by_lad',
  snpp: 'ons-snpp2022-witan-population/2022_SNPP_persons_migcat23_ages0-25_kent_districts_medway_extract.csv',
  s41Approved: 'dfe-independent-special-schools-2022/Approved_S41_Full_List__updated_22_03_22.csv',
  s41NotApproved: 'dfe-independent-special-schools-2022/IndSpec_not_s41.csv',
} as const;

export const readCsvText = (text: string): Row[] => parse(text, { columns: true, bom: true, relax_column_count: true });

/**
 * Each national file is parsed once per process: preparing several councils in one process (a sweep,
 * bench:councils) reads the register, the Census and SEN2 once, not once a council. Callers must not
 * change the rows they get.
 */
const parsed = new Map<string, unknown>();
function once<T>(key: string, read: () => T): T {
  if (!parsed.has(key)) parsed.set(key, read());
  return parsed.get(key) as T;
}

export const readCsv = (raw: string, path: string): Row[] => once(join(raw, path), () => readCsvText(readFileSync(join(raw, path), 'utf8')));

/** "100000.0" -> "100000" (the national CSV was written from R with doubles); blanks and "NA" -> "". */
export function wholeNumber(s: string | undefined): string {
  if (s === undefined || s === '' || s === 'NA') return '';
  const n = Number(s);
  return Number.isFinite(n) ? String(Math.round(n)) : '';
}

/** The SEN2 release's data files, each parsed once (caseload, sen_needs_all_plans). */
export function readSen2(raw: string, files: readonly string[]): Record<string, Row[]> {
  return once(`${join(raw, NATIONAL.sen2Zip)}|${files.join(',')}`, () => unzipSen2(raw, files));
}

function unzipSen2(raw: string, files: readonly string[]): Record<string, Row[]> {
  const zip = unzipSync(readFileSync(join(raw, NATIONAL.sen2Zip)), { filter: (f) => files.includes(f.name.replace(/^data\//, '').replace(/\.csv$/, '')) });
  return Object.fromEntries(Object.entries(zip).map(([name, bytes]) => [name.replace(/^data\//, '').replace(/\.csv$/, ''), readCsvText(strFromU8(bytes))]));
}

export interface LadBoundary {
  code: string;
  name: string;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

/** England's districts (LAD 2013), decoded from the TopoJSON; `mergeOf` unions several exactly along their shared arcs. */
export function readLadBoundaries(raw: string): { lads: LadBoundary[]; mergeOf(codes: string[]): GeoJSON.MultiPolygon } {
  return once(join(raw, NATIONAL.districts), () => decodeLads(raw));
}

function decodeLads(raw: string): { lads: LadBoundary[]; mergeOf(codes: string[]): GeoJSON.MultiPolygon } {
  const topo = JSON.parse(readFileSync(join(raw, NATIONAL.districts), 'utf8')) as Topology;
  const object = topo.objects.lad as GeometryCollection<{ LAD13CD: string; LAD13NM: string }>;
  const collection = feature(topo, object) as unknown as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, { LAD13CD: string; LAD13NM: string }>;
  const lads = collection.features.map((f) => ({ code: f.properties.LAD13CD, name: f.properties.LAD13NM, geometry: f.geometry }));
  return {
    lads,
    mergeOf: (codes) => merge(topo, object.geometries.filter((g) => codes.includes((g.properties as { LAD13CD: string }).LAD13CD)) as any) as GeoJSON.MultiPolygon,
  };
}
