/** Read-only questions about the registry: which schools, which provisions, what each locality holds. */
import type { CurrentDesignation, SrpNeedType } from './needs.js';
import type { Locality, Provision, Registry, School } from './registry/registry.js';

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
    strategyFigures: {
      year: registry.dataset.strategyFigures.year,
      schools: registry.dataset.strategyFigures.stateFundedSchools,
      specialSchools: registry.dataset.strategyFigures.specialSchools,
    },
    localityCheck: {
      mismatches: registry.localityCheck.mismatches.length,
      unlocated: registry.localityCheck.unlocated.length,
    },
  };
}
