/**
 * The localities a run counts demand in, with the centroid each one's journeys start from, and the
 * lookups that place a provision in a locality. Each locality also lists its points (LSOA centroids
 * with their populations): reach and journeys are measured from where its children live.
 *
 * Centroids are population-weighted: the mean of the locality's LSOA centroids weighted by Census 2021
 * usual residents aged 0-15 (ONS publishes no population-weighted centroids for these geographies, and
 * the LSOA centroids themselves are the boundary-file centroids, see models/kent/PROVENANCE.md). LSOAs
 * with no Census 2021 population (2011 codes since split or merged) carry no weight; a locality with no
 * weighted LSOA would fall back to the plain mean.
 */
import { LocalityIndex } from '../geo/locality-index.js';
import type { LocalityFeature } from '../registry/file-schemas.js';
import type { LatLon, Locality, Lsoa, Registry, School } from '../registry/registry.js';
import type { LocalityLevel, SufficiencyLocality } from './inputs.js';
import { straightLineKm } from '../geo/travel-model.js';

export interface LocalityFrame {
  level: LocalityLevel;
  localities: SufficiencyLocality[];
  /** The locality a registered school lies in at this level. */
  ofSchool(school: School): string;
  /** The locality a point lies in (point-in-polygon for districts and MSOAs, nearest centroid for LSOAs). */
  ofPoint(point: LatLon): string;
  /** LSOA level only: how an MSOA's demand is shared among its LSOAs, by phase group. */
  lsoaShares?: Map<string, { lsoa: string; children: number; youngPeople: number }[]>;
}

function weightedCentroid(lsoas: Lsoa[]): { centroid: LatLon; basis: string } {
  const weighted = lsoas.filter((l) => (l.population0to15 ?? 0) > 0);
  const use = weighted.length ? weighted : lsoas;
  const weight = (l: Lsoa) => (weighted.length ? l.population0to15! : 1);
  const total = use.reduce((s, l) => s + weight(l), 0);
  const lat = use.reduce((s, l) => s + weight(l) * l.centroid.lat, 0) / total;
  const lon = use.reduce((s, l) => s + weight(l) * l.centroid.lon, 0) / total;
  const basis = weighted.length
    ? `population-weighted mean of ${weighted.length} LSOA centroids (Census 2021, ages 0-15)`
    : `unweighted mean of ${use.length} LSOA centroids (no Census 2021 population)`;
  return { centroid: { lat, lon }, basis };
}

/** Where an LSOA's children live, for reach and journeys: its centroid, weighted by its Census 2021 population. */
const pointOf = (l: Lsoa): SufficiencyLocality['points'][number] => ({
  lat: l.centroid.lat,
  lon: l.centroid.lon,
  children: l.population0to15 ?? 0,
  youngPeople: l.population16to24 ?? 0,
});

function nearest(localities: SufficiencyLocality[], point: LatLon): string {
  let best = localities[0]!;
  let bestKm = Infinity;
  for (const l of localities) {
    const km = straightLineKm(point, l.centroid);
    if (km < bestKm) [best, bestKm] = [l, km];
  }
  return best.code;
}

const featureOf = (l: Locality): LocalityFeature => ({
  type: 'Feature',
  properties: { code: l.code, name: l.name },
  geometry: l.geometry as LocalityFeature['geometry'],
});

export function localityFrame(registry: Registry, level: LocalityLevel): LocalityFrame {
  const lsoas = [...registry.lsoas.values()];
  if (level === 'lsoa') {
    const populated = lsoas.filter((l) => l.population0to15 !== null);
    const localities: SufficiencyLocality[] = populated.map((l) => ({
      code: l.code,
      name: l.name,
      centroid: l.centroid,
      centroidBasis: l.centroidBasis,
      points: [pointOf(l)],
    }));
    const byCode = new Map(localities.map((l) => [l.code, l]));
    const codes = new Set(byCode.keys());
    const byMsoa = new Map<string, SufficiencyLocality[]>();
    const lsoaShares = new Map<string, { lsoa: string; children: number; youngPeople: number }[]>();
    for (const l of populated) {
      (byMsoa.get(l.msoaCode) ?? byMsoa.set(l.msoaCode, []).get(l.msoaCode)!).push(byCode.get(l.code)!);
      (lsoaShares.get(l.msoaCode) ?? lsoaShares.set(l.msoaCode, []).get(l.msoaCode)!).push({
        lsoa: l.code,
        children: l.population0to15 ?? 0,
        youngPeople: l.population16to24 ?? 0,
      });
    }
    return {
      level,
      localities,
      lsoaShares,
      ofSchool: (school) => {
        if (codes.has(school.lsoa)) return school.lsoa;
        const inMsoa = school.msoa ? byMsoa.get(school.msoa.code) : undefined;
        return nearest(inMsoa?.length ? inMsoa : localities, school.location);
      },
      ofPoint: (point) => nearest(localities, point),
    };
  }

  const areas = level === 'district' ? registry.districts : registry.msoas;
  const members = new Map<string, Lsoa[]>();
  for (const l of lsoas) {
    const key = level === 'district' ? l.districtCode : l.msoaCode;
    (members.get(key) ?? members.set(key, []).get(key)!).push(l);
  }
  const localities: SufficiencyLocality[] = areas
    .filter((a) => members.get(a.code)?.length)
    .map((a) => {
      const { centroid, basis } = weightedCentroid(members.get(a.code)!);
      return { code: a.code, name: a.name, centroid, centroidBasis: basis, points: members.get(a.code)!.map(pointOf) };
    });
  const codes = new Set(localities.map((l) => l.code));
  let index: LocalityIndex | undefined;
  const ofPoint = (point: LatLon) => {
    index ??= new LocalityIndex(areas.map(featureOf));
    const found = index.locate(point.lon, point.lat);
    return found && codes.has(found) ? found : nearest(localities, point);
  };
  return {
    level,
    localities,
    ofSchool: (school) => {
      const code = level === 'district' ? school.district.code : school.msoa?.code;
      return code && codes.has(code) ? code : ofPoint(school.location);
    },
    ofPoint,
  };
}
