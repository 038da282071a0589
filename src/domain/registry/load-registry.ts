/**
 * Loads a local authority's dataset (models/<la>/) into the registry: the core files, then each
 * feature's part, validated and indexed once at start-up.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalityIndex } from '../geo/locality-index.js';
import type { CurrentDesignation, ProposedDesignation } from '../needs.js';
import { readCsvFile, readJsonFile, validateJson } from './csv.js';
import { DataFileError } from './data-file-error.js';
import {
  datasetFile,
  designationsFile,
  localityCollection,
  lsoaRow,
  schoolRow,
  specialSchoolRow,
  srpRow,
} from './file-schemas.js';
import type { DatasetParts, Locality, LocalityCheck, Lsoa, Provision, Registry, RegistryCore, School, SpecialSchool, Srp } from './registry.js';

/** The files of the dataset's core, relative to its folder (each part names its own). */
export const DATASET_FILES = {
  dataset: 'dataset.json',
  designations: 'designations.json',
  districts: 'districts.geojson',
  msoas: 'msoas.geojson',
  lsoas: 'lsoas.csv',
  schools: 'schools.csv',
  specialSchools: 'special-schools.csv',
  srps: 'srps.csv',
} as const;

/**
 * Loads and validates a local authority's dataset: the core, then each feature's part with the
 * loader it hands in (src/domain/dataset.ts lists them). Any problem throws a DataFileError naming
 * the file, row and field; nothing is silently dropped.
 */
export function loadRegistry(dir: string, parts: DatasetParts): Registry {
  const started = performance.now();
  const path = (name: string) => join(dir, name);

  const dataset = validateJson(readJsonFile(path(DATASET_FILES.dataset)), datasetFile, DATASET_FILES.dataset);
  const designationsDoc = validateJson(
    readJsonFile(path(DATASET_FILES.designations)),
    designationsFile,
    DATASET_FILES.designations,
  );

  const districtFeatures = validateJson(readJsonFile(path(DATASET_FILES.districts)), localityCollection, DATASET_FILES.districts).features;
  const msoaFeatures = validateJson(readJsonFile(path(DATASET_FILES.msoas)), localityCollection, DATASET_FILES.msoas).features;
  const districts: Locality[] = districtFeatures.map((f) => ({
    code: f.properties.code,
    name: f.properties.name,
    level: 'district',
    districtCode: null,
    geometry: f.geometry as Locality['geometry'],
  }));
  const districtCodes = new Set(districts.map((d) => d.code));
  const msoas: Locality[] = msoaFeatures.map((f, i) => {
    const districtCode = f.properties.districtCode ?? null;
    if (!districtCode || !districtCodes.has(districtCode)) {
      throw new DataFileError(DATASET_FILES.msoas, `features[${i}]`, 'properties.districtCode', `unknown district ${districtCode ?? '(missing)'}`);
    }
    return { code: f.properties.code, name: f.properties.name, level: 'msoa', districtCode, geometry: f.geometry as Locality['geometry'] };
  });
  const localityByCode = new Map<string, Locality>();
  for (const [file, list] of [[DATASET_FILES.districts, districts], [DATASET_FILES.msoas, msoas]] as const) {
    list.forEach((l, i) => {
      if (localityByCode.has(l.code)) throw new DataFileError(file, `features[${i}]`, 'properties.code', `duplicate locality code ${l.code}`);
      localityByCode.set(l.code, l);
    });
  }
  const districtIndex = new LocalityIndex(districtFeatures);
  const msoaIndex = new LocalityIndex(msoaFeatures);

  const lsoas = new Map<string, Lsoa>();
  for (const { line, value: r } of readCsvFile(path(DATASET_FILES.lsoas), lsoaRow, DATASET_FILES.lsoas)) {
    if (lsoas.has(r.code)) throw new DataFileError(DATASET_FILES.lsoas, line, 'code', `duplicate LSOA code ${r.code}`);
    if (!districtCodes.has(r.district_code)) throw new DataFileError(DATASET_FILES.lsoas, line, 'district_code', `unknown district ${r.district_code}`);
    if (!localityByCode.has(r.msoa_code)) throw new DataFileError(DATASET_FILES.lsoas, line, 'msoa_code', `unknown MSOA ${r.msoa_code}`);
    lsoas.set(r.code, {
      code: r.code,
      name: r.name,
      vintage: r.vintage,
      districtCode: r.district_code,
      msoaCode: r.msoa_code,
      centroid: { lat: r.latitude, lon: r.longitude },
      centroidBasis: r.centroid_basis,
      population0to15: r.pop_0_15,
      population16to24: r.pop_16_24,
    });
  }

  const specialRows = readCsvFile(path(DATASET_FILES.specialSchools), specialSchoolRow, DATASET_FILES.specialSchools);
  const specialUrns = new Set(specialRows.map((r) => r.value.urn));

  const localityCheck: LocalityCheck = { mismatches: [], unlocated: [] };
  const schools: School[] = [];
  const schoolByUrn = new Map<number, School>();
  for (const { line, value: r } of readCsvFile(path(DATASET_FILES.schools), schoolRow, DATASET_FILES.schools)) {
    if (schoolByUrn.has(r.urn)) throw new DataFileError(DATASET_FILES.schools, line, 'urn', `duplicate URN ${r.urn}`);
    const registerDistrictCode = lsoas.get(r.lsoa_code)?.districtCode ?? null;
    const found = districtIndex.locate(r.longitude, r.latitude);
    // A school the council runs outside its own area (in no district, its LSOA another council's): the nearest LSOA's district.
    const nearest = found || registerDistrictCode ? null : nearestLsoa(lsoas, r.latitude, r.longitude);
    const districtCode = found ?? registerDistrictCode ?? nearest?.districtCode;
    if (!districtCode) {
      throw new DataFileError(DATASET_FILES.schools, line, 'longitude', `school ${r.urn} lies in no district and the dataset has no LSOA`);
    }
    if (!found) localityCheck.unlocated.push({ urn: r.urn, name: r.name, lsoa: r.lsoa_code, assigned: districtCode });
    if (found !== registerDistrictCode) {
      localityCheck.mismatches.push({ urn: r.urn, name: r.name, pointInPolygon: found, register: registerDistrictCode });
    }
    const msoaCode = msoaIndex.locate(r.longitude, r.latitude) ?? lsoas.get(r.lsoa_code)?.msoaCode ?? nearest?.msoaCode ?? null;
    const district = localityByCode.get(districtCode)!;
    const msoa = msoaCode ? localityByCode.get(msoaCode)! : null;
    const school: School = {
      urn: r.urn,
      name: r.name,
      establishmentType: r.establishment_type,
      establishmentTypeGroup: r.establishment_type_group,
      phase: r.phase,
      pupils: r.pupils,
      fsmPercent: r.fsm_pct,
      location: { lat: r.latitude, lon: r.longitude },
      lsoa: r.lsoa_code,
      district: { code: district.code, name: district.name },
      districtBasis: found ? 'point-in-polygon' : nearest ? 'nearest-lsoa' : 'lsoa',
      registerDistrictCode,
      msoa: msoa ? { code: msoa.code, name: msoa.name } : null,
      resourcedProvision: r.resourced_provision ? { type: r.resourced_provision, capacity: r.resourced_provision_capacity ?? null, senUnitCapacity: r.sen_unit_capacity ?? null } : null,
      isSpecial: specialUrns.has(r.urn),
    };
    schools.push(school);
    schoolByUrn.set(r.urn, school);
  }

  const specialSchools = new Map<number, SpecialSchool>();
  const councilDesignations = new Set(designationsDoc.current.map((d) => d.code));
  for (const { line, value: r } of specialRows) {
    if (specialSchools.has(r.urn)) throw new DataFileError(DATASET_FILES.specialSchools, line, 'urn', `duplicate URN ${r.urn}`);
    if (!councilDesignations.has(r.designation)) {
      throw new DataFileError(DATASET_FILES.specialSchools, line, 'designation', `${r.designation} is not one of the current designations in ${DATASET_FILES.designations} (${[...councilDesignations].join(', ')})`);
    }
    if (!schoolByUrn.has(r.urn)) {
      throw new DataFileError(DATASET_FILES.specialSchools, line, 'urn', `URN ${r.urn} is not in ${DATASET_FILES.schools}`);
    }
    specialSchools.set(r.urn, {
      urn: r.urn,
      designation: r.designation,
      designationDetail: r.designation_detail,
      ageLow: r.age_low,
      ageHigh: r.age_high,
      ageBasis: r.age_basis,
      places: r.places,
      placesBasis: r.places_basis,
      source: r.source,
      confidence: r.confidence,
      notes: r.notes,
    });
  }

  const srps: Srp[] = [];
  const srpIds = new Set<string>();
  const srpsByHost = new Map<number, Srp[]>();
  for (const { line, value: r } of readCsvFile(path(DATASET_FILES.srps), srpRow, DATASET_FILES.srps)) {
    if (srpIds.has(r.id)) throw new DataFileError(DATASET_FILES.srps, line, 'id', `duplicate SRP id ${r.id}`);
    if (!schoolByUrn.has(r.host_urn)) {
      throw new DataFileError(DATASET_FILES.srps, line, 'host_urn', `host school URN ${r.host_urn} is not in ${DATASET_FILES.schools}`);
    }
    srpIds.add(r.id);
    const srp: Srp = {
      id: r.id,
      hostUrn: r.host_urn,
      nameInSource: r.name_in_source,
      kind: r.kind,
      needTypes: r.need_types,
      needTypeAsStated: r.need_type_as_stated,
      phase: r.phase,
      ageLow: r.age_low,
      ageHigh: r.age_high,
      capacity: r.capacity,
      capacityBasis: r.capacity_basis,
      roll: r.roll,
      rollBasis: r.roll_basis,
      status: r.status,
      commissioning: r.commissioning,
      source: r.source,
      notes: r.notes,
    };
    srps.push(srp);
    (srpsByHost.get(srp.hostUrn) ?? srpsByHost.set(srp.hostUrn, []).get(srp.hostUrn)!).push(srp);
  }

  const provisions = buildProvisions(schools, specialSchools, srps, schoolByUrn);
  const designations = { current: designationsDoc.current, proposed: designationsDoc.proposed };

  const core: RegistryCore = {
    dataset,
    schools,
    schoolByUrn,
    specialSchools,
    srps,
    srpsByHost,
    provisions,
    provisionById: new Map(provisions.map((p) => [p.id, p])),
    designations,
    currentDesignationByCode: new Map(designations.current.map((d) => [d.code as CurrentDesignation, d])),
    proposedDesignationByCode: new Map(designations.proposed.map((d) => [d.code as ProposedDesignation, d])),
    srpNeedTypes: designationsDoc.srpNeedTypes,
    districts,
    msoas,
    localityByCode,
    lsoas,
    localityCheck,
    loadMs: 0,
  };
  const loaded = Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, part.load(dir, core)]));
  return { ...core, ...loaded, loadMs: performance.now() - started } as Registry;
}

/** The LSOA whose centroid is nearest a point (a scan: only schools outside the council's area need it). */
function nearestLsoa(lsoas: Map<string, Lsoa>, lat: number, lon: number): Lsoa | null {
  let best: Lsoa | null = null;
  let bestD = Infinity;
  const k = Math.cos((lat * Math.PI) / 180);
  for (const l of lsoas.values()) {
    const d = (l.centroid.lat - lat) ** 2 + ((l.centroid.lon - lon) * k) ** 2;
    if (d < bestD) [best, bestD] = [l, d];
  }
  return best;
}

function buildProvisions(
  schools: School[],
  specialSchools: Map<number, SpecialSchool>,
  srps: Srp[],
  schoolByUrn: Map<number, School>,
): Provision[] {
  const provisions: Provision[] = [];
  for (const school of schools) {
    const special = specialSchools.get(school.urn);
    if (!special) continue;
    provisions.push({
      id: `special-${school.urn}`,
      kind: 'special-school',
      urn: school.urn,
      name: school.name,
      designation: special.designation,
      needTypes: [],
      phase: special.ageLow >= 11 ? 'secondary' : special.ageHigh <= 11 ? 'primary' : 'all',
      ageLow: special.ageLow,
      ageHigh: special.ageHigh,
      capacity: special.places,
      capacityBasis: special.placesBasis,
      roll: school.pupils,
      locality: school.district,
      msoa: school.msoa,
      location: school.location,
      commissioning: 'commissioned',
    });
  }
  for (const srp of srps) {
    const host = schoolByUrn.get(srp.hostUrn)!;
    provisions.push({
      id: srp.id,
      kind: srp.kind,
      urn: host.urn,
      name: `${host.name} (${srp.kind === 'satellite' ? 'special-school satellite' : 'SRP'}: ${srp.needTypes.join(', ')})`,
      designation: null,
      needTypes: srp.needTypes,
      phase: srp.phase,
      ageLow: srp.ageLow,
      ageHigh: srp.ageHigh,
      capacity: srp.capacity,
      capacityBasis: srp.capacityBasis,
      roll: srp.roll,
      locality: host.district,
      msoa: host.msoa,
      location: host.location,
      commissioning: srp.commissioning,
    });
  }
  return provisions;
}
