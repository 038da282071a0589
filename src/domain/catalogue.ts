/** Read-only questions about the registry: which schools, which provisions, what each locality holds. */
import { invalidField } from './errors.js';
import type { CurrentDesignation, SrpNeedType } from './needs.js';
import type { LatLon, Locality, Lsoa, Provision, Registry, School } from './registry/registry.js';

/** Register phases as URL-friendly slugs: "All-through" -> "all-through", "Not applicable" -> "not-applicable". */
export const phaseSlug = (phase: string) => phase.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export interface SchoolFilters {
  locality?: string;
  phase?: string;
  establishmentType?: string;
  special?: boolean;
  hasSrp?: boolean;
  q?: string;
}

/** A locality filter matches by code or (case-insensitively) by name, at district or MSOA level. */
function matchesLocality(school: { district: { code: string; name: string }; msoa: { code: string; name: string } | null }, wanted: string) {
  const w = wanted.toLowerCase();
  return (
    school.district.code.toLowerCase() === w ||
    school.district.name.toLowerCase() === w ||
    school.msoa?.code.toLowerCase() === w ||
    school.msoa?.name.toLowerCase() === w
  );
}

/**
 * A locality filter must name a district or MSOA the dataset holds: otherwise a filter that matches
 * nothing (another authority's name, a typing slip) would look like an empty locality. Throws at
 * `path`, naming the districts the caller can use.
 */
export function checkLocalityFilter(registry: Registry, wanted: string | undefined, path: string): void {
  if (wanted === undefined) return;
  const w = wanted.toLowerCase();
  if ([...registry.districts, ...registry.msoas].some((l) => l.code.toLowerCase() === w || l.name.toLowerCase() === w)) return;
  const districts = registry.districts.map((d) => d.name).sort();
  throw invalidField(
    path,
    `not a district or MSOA of ${registry.dataset.localAuthority.name}: give a district by name or code (${districts.join(', ')}) ` +
      'or an MSOA by name or code (GET /localities?level=msoa)',
  );
}

export function filterSchools(registry: Registry, f: SchoolFilters): School[] {
  const q = f.q?.trim().toLowerCase();
  const type = f.establishmentType?.toLowerCase();
  return registry.schools.filter(
    (s) =>
      (f.locality === undefined || matchesLocality(s, f.locality)) &&
      (f.phase === undefined || phaseSlug(s.phase) === phaseSlug(f.phase)) &&
      (type === undefined || s.establishmentType.toLowerCase() === type || s.establishmentTypeGroup.toLowerCase() === type) &&
      (f.special === undefined || s.isSpecial === f.special) &&
      (f.hasSrp === undefined || registry.srpsByHost.has(s.urn) === f.hasSrp) &&
      (q === undefined || q === '' || s.name.toLowerCase().includes(q) || String(s.urn) === q),
  );
}

export interface ProvisionFilters {
  kind?: Provision['kind'];
  designation?: CurrentDesignation;
  need?: SrpNeedType;
  locality?: string;
}

export function filterProvisions(registry: Registry, f: ProvisionFilters): Provision[] {
  return registry.provisions.filter(
    (p) =>
      (f.kind === undefined || p.kind === f.kind) &&
      (f.designation === undefined || p.designation === f.designation) &&
      (f.need === undefined || p.needTypes.includes(f.need)) &&
      (f.locality === undefined || matchesLocality({ district: p.locality, msoa: p.msoa }, f.locality)),
  );
}

export interface LocalitySummary {
  code: string;
  name: string;
  level: 'district' | 'msoa';
  districtCode: string | null;
  schools: number;
  specialSchools: number;
  srps: number;
  /** Places at special schools and SRPs in the locality whose capacity is known. */
  places: number;
  /** Provisions in the locality whose capacity is unknown (their places are not in `places`). */
  provisionsWithUnknownPlaces: number;
}

export function summariseLocalities(registry: Registry, level: 'district' | 'msoa'): { locality: Locality; summary: LocalitySummary }[] {
  const list = level === 'district' ? registry.districts : registry.msoas;
  const key = (ref: { district: { code: string }; msoa: { code: string } | null }) =>
    level === 'district' ? ref.district.code : ref.msoa?.code;
  const blank = (l: Locality): LocalitySummary => ({
    code: l.code,
    name: l.name,
    level,
    districtCode: l.districtCode,
    schools: 0,
    specialSchools: 0,
    srps: 0,
    places: 0,
    provisionsWithUnknownPlaces: 0,
  });
  const byCode = new Map(list.map((l) => [l.code, blank(l)]));
  for (const s of registry.schools) {
    const row = byCode.get(key(s) ?? '');
    if (!row) continue;
    row.schools += 1;
    if (s.isSpecial) row.specialSchools += 1;
  }
  for (const p of registry.provisions) {
    const row = byCode.get(key({ district: p.locality, msoa: p.msoa }) ?? '');
    if (!row) continue;
    if (p.kind !== 'special-school') row.srps += 1;
    if (p.capacity === null) row.provisionsWithUnknownPlaces += 1;
    else row.places += p.capacity;
  }
  return list.map((locality) => ({ locality, summary: byCode.get(locality.code)! }));
}

/** An LSOA as /localities serves it: a point, for the dataset holds its centroid and no boundary. */
export interface LsoaSummary extends Omit<LocalitySummary, 'level'> {
  level: 'lsoa';
  msoaCode: string;
  vintage: Lsoa['vintage'];
  centroidBasis: string;
}

/**
 * Every LSOA with the same counts as districts and MSOAs (schools and provisions by the LSOA of
 * their school in the register), at its centroid.
 */
export function summariseLsoas(registry: Registry): { centroid: LatLon; summary: LsoaSummary }[] {
  const rows = new Map<string, { centroid: LatLon; summary: LsoaSummary }>();
  for (const l of registry.lsoas.values()) {
    rows.set(l.code, {
      centroid: l.centroid,
      summary: {
        code: l.code,
        name: l.name,
        level: 'lsoa',
        districtCode: l.districtCode,
        msoaCode: l.msoaCode,
        vintage: l.vintage,
        centroidBasis: l.centroidBasis,
        schools: 0,
        specialSchools: 0,
        srps: 0,
        places: 0,
        provisionsWithUnknownPlaces: 0,
      },
    });
  }
  for (const s of registry.schools) {
    const row = rows.get(s.lsoa)?.summary;
    if (!row) continue;
    row.schools += 1;
    if (s.isSpecial) row.specialSchools += 1;
  }
  for (const p of registry.provisions) {
    const row = rows.get(registry.schoolByUrn.get(p.urn)?.lsoa ?? '')?.summary;
    if (!row) continue;
    if (p.kind !== 'special-school') row.srps += 1;
    if (p.capacity === null) row.provisionsWithUnknownPlaces += 1;
    else row.places += p.capacity;
  }
  return [...rows.values()].sort((a, b) => a.summary.code.localeCompare(b.summary.code));
}

/** Counts for /health and the README. */
export function datasetSummary(registry: Registry) {
  return {
    localAuthority: registry.dataset.localAuthority.name,
    laCode: registry.dataset.localAuthority.laCode,
    registerDate: registry.dataset.register.date,
    schools: registry.schools.length,
    specialSchools: registry.specialSchools.size,
    srps: registry.srps.length,
    localities: { districts: registry.districts.length, msoas: registry.msoas.length },
    strategyFigures: registry.dataset.strategyFigures
      ? { year: registry.dataset.strategyFigures.year, schools: registry.dataset.strategyFigures.stateFundedSchools, specialSchools: registry.dataset.strategyFigures.specialSchools }
      : null,
    localityCheck: {
      mismatches: registry.localityCheck.mismatches.length,
      unlocated: registry.localityCheck.unlocated.length,
    },
  };
}
