/**
 * The registry: the dataset's types as the rest of the code reads them (schools, special schools,
 * provisions, localities, LSOAs, designations) and the parts each feature adds to it.
 */
import { z } from 'zod';
import { CURRENT_DESIGNATIONS, SRP_NEED_TYPES, type CurrentDesignation, type NeedCode, type ProposedDesignation, type SrpNeedType } from '../needs.js';

/** A point, WGS84 degrees. (The API's LatLon component.) */
export const latLonSchema = z.object({ lat: z.number(), lon: z.number() }).meta({ id: 'LatLon' });
export type LatLon = z.infer<typeof latLonSchema>;

/** A district or MSOA named by code and name. (The API's LocalityRef component.) */
export const localityRefSchema = z.object({ code: z.string(), name: z.string() }).meta({ id: 'LocalityRef' });
export type LocalityRef = z.infer<typeof localityRefSchema>;

export interface Locality extends LocalityRef {
  level: 'district' | 'msoa';
  /** For an MSOA, the district it lies in. */
  districtCode: string | null;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export interface Lsoa {
  code: string;
  name: string;
  vintage: '2011' | '2021' | '2011+2021';
  districtCode: string;
  msoaCode: string;
  centroid: LatLon;
  centroidBasis: string;
  /** Census 2021 usual residents; null for 2011-only codes. */
  population0to15: number | null;
  population16to24: number | null;
}

export interface School {
  urn: number;
  name: string;
  establishmentType: string;
  establishmentTypeGroup: string;
  /** GIAS education phase as written in the register (Primary, Secondary, All-through, Nursery, Not applicable, ...). */
  phase: string;
  pupils: number | null;
  fsmPercent: number | null;
  location: LatLon;
  lsoa: string;
  /** District found by point-in-polygon; falls back to the register's LSOA district when the point is in no polygon. */
  district: LocalityRef;
  /** How `district` was found: a school the council runs outside its own area takes the nearest LSOA's district. */
  districtBasis: 'point-in-polygon' | 'lsoa' | 'nearest-lsoa';
  /** District of the school's LSOA in the register (the cross-check); null if the LSOA is not in the lookup. */
  registerDistrictCode: string | null;
  msoa: LocalityRef | null;
  isSpecial: boolean;
  /**
   * The register's resourced provision (an inclusion base: "SEN unit", "Resourced provision", or
   * both) with its places, when the register file has the columns; null when it has none or the
   * register does not say (the extract in shared/data does not).
   */
  resourcedProvision: { type: string; capacity: number | null; senUnitCapacity: number | null } | null;
}

export interface SpecialSchool {
  urn: number;
  designation: CurrentDesignation;
  designationDetail: string;
  ageLow: number;
  ageHigh: number;
  ageBasis: string;
  places: number | null;
  placesBasis: string;
  source: string;
  confidence: 'high' | 'medium' | 'low';
  notes: string | null;
}

/** A specialist resource provision (unit in a mainstream school) or a special-school satellite, as srps.csv holds it. */
export const srpSchema = z
  .object({
    id: z.string(),
    hostUrn: z.number().int(),
    nameInSource: z.string(),
    kind: z.enum(['srp', 'satellite']),
    needTypes: z.array(z.enum(SRP_NEED_TYPES)),
    needTypeAsStated: z.string(),
    phase: z.enum(['primary', 'secondary']),
    ageLow: z.number().int(),
    ageHigh: z.number().int(),
    capacity: z.number().int().nullable().describe('Places; null when no public source states them'),
    capacityBasis: z.string().describe('Where the capacity comes from, or "estimate: <method>"'),
    roll: z.number().int().nullable(),
    rollBasis: z.string(),
    status: z.string().nullable(),
    commissioning: z.string(),
    source: z.string(),
    notes: z.string().nullable(),
  })
  .meta({ id: 'Srp', description: 'A specialist resource provision (unit in a mainstream school) or a special-school satellite' });
export type Srp = z.infer<typeof srpSchema>;

export interface Designation {
  code: string;
  name: string;
  subtitle?: string | null;
  guidance: string;
  source: string;
  needCodes: NeedCode[];
  alsoAdmits: NeedCode[];
}

/** A special school or an SRP, in one shape for planners. */
export const provisionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['special-school', 'srp', 'satellite']),
    urn: z.number().int(),
    name: z.string(),
    // Current Kent designation (special schools only).
    designation: z.enum(CURRENT_DESIGNATIONS).nullable(),
    // SRP need types (SRPs and satellites only).
    needTypes: z.array(z.enum(SRP_NEED_TYPES)),
    phase: z.enum(['all', 'primary', 'secondary']),
    ageLow: z.number().int(),
    ageHigh: z.number().int(),
    capacity: z.number().int().nullable(),
    capacityBasis: z.string(),
    roll: z.number().int().nullable(),
    locality: localityRefSchema,
    msoa: localityRefSchema.nullable(),
    location: latLonSchema,
    commissioning: z.string(),
  })
  .meta({ id: 'Provision' });
export type Provision = z.infer<typeof provisionSchema>;

export interface DatasetInfo {
  localAuthority: { name: string; laCode: string; gssCode: string };
  register: { name: string; date: string; publisher: string; licence: string };
  strategyFigures?: { source: string; year: number; stateFundedSchools: number; specialSchools: number; note: string };
  localities?: { defaultLevel: 'district' | 'msoa'; basis: string };
  preparedBy?: string;
}

export interface LocalityCheck {
  /** Schools whose point-in-polygon district differs from their LSOA's district. */
  mismatches: { urn: number; name: string; pointInPolygon: string | null; register: string | null }[];
  /** Schools whose coordinates fall in no district polygon (kept, with the LSOA's district). */
  unlocated: { urn: number; name: string; lsoa: string; assigned: string }[];
}

/**
 * What every local authority's dataset holds: schools, special schools, SRPs and provisions,
 * designations and localities, validated and indexed once at start-up (load-registry.ts).
 */
export interface RegistryCore {
  dataset: DatasetInfo;
  schools: School[];
  schoolByUrn: Map<number, School>;
  specialSchools: Map<number, SpecialSchool>;
  srps: Srp[];
  srpsByHost: Map<number, Srp[]>;
  provisions: Provision[];
  provisionById: Map<string, Provision>;
  designations: { current: Designation[]; proposed: Designation[] };
  currentDesignationByCode: Map<CurrentDesignation, Designation>;
  proposedDesignationByCode: Map<ProposedDesignation, Designation>;
  srpNeedTypes: { code: SrpNeedType; name: string; needCodes: NeedCode[] }[];
  districts: Locality[];
  msoas: Locality[];
  localityByCode: Map<string, Locality>;
  lsoas: Map<string, Lsoa>;
  localityCheck: LocalityCheck;
  /** Milliseconds spent loading (the parts included), for the start-up log. */
  loadMs: number;
}

/**
 * The parts of the dataset that belong to one feature: designation mapping rules, admission
 * guidance, the travel model, the demand model's inputs. Each feature declares its part here by
 * module augmentation, next to the loader that reads it (for example
 * `declare module './registry/registry.js' { interface RegistryParts { mappingRules: MappingRules } }`
 * in designations/designation-mapping-part.ts), and src/domain/dataset.ts hands the loaders to loadRegistry. So
 * the registry never imports a feature, and data flows one way: files -> registry -> features.
 */
export interface RegistryParts {}

/** Everything the service knows about one local authority. */
export type Registry = RegistryCore & RegistryParts;

/** How a feature reads its part of the dataset, once the core is loaded; problems throw a DataFileError. */
export interface DatasetPart<T> {
  load(dir: string, core: RegistryCore): T;
}

export type DatasetParts = { [K in keyof RegistryParts]: DatasetPart<RegistryParts[K]> };
