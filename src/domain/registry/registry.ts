import type { DemandInputs } from '../demand/types.js';
import type { MappingRules } from '../designation-mapping.js';
import type { PlanCandidatesFile } from '../plan/candidates-file.js';
import type { AdmissionGuidance } from '../matching/admission-guidance.js';
import type { SufficiencyData } from '../sufficiency/sufficiency-data.js';
import type { TravelModelFile } from '../geo/travel-model.js';
import type { CurrentDesignation, NeedCode, ProposedDesignation, SrpNeedType } from '../needs.js';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface LocalityRef {
  code: string;
  name: string;
}

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
  /** How `district` was found. */
  districtBasis: 'point-in-polygon' | 'lsoa';
  /** District of the school's LSOA in the register (the cross-check); null if the LSOA is not in the lookup. */
  registerDistrictCode: string | null;
  msoa: LocalityRef | null;
  isSpecial: boolean;
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

export interface Srp {
  id: string;
  hostUrn: number;
  nameInSource: string;
  kind: 'srp' | 'satellite';
  needTypes: SrpNeedType[];
  needTypeAsStated: string;
  phase: 'primary' | 'secondary';
  ageLow: number;
  ageHigh: number;
  capacity: number | null;
  capacityBasis: string;
  roll: number | null;
  rollBasis: string;
  status: string | null;
  commissioning: string;
  source: string;
  notes: string | null;
}

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
export interface Provision {
  id: string;
  kind: 'special-school' | 'srp' | 'satellite';
  urn: number;
  name: string;
  /** Current Kent designation (special schools only). */
  designation: CurrentDesignation | null;
  /** SRP need types (SRPs and satellites only). */
  needTypes: SrpNeedType[];
  phase: 'all' | 'primary' | 'secondary';
  ageLow: number;
  ageHigh: number;
  capacity: number | null;
  capacityBasis: string;
  roll: number | null;
  locality: LocalityRef;
  msoa: LocalityRef | null;
  location: LatLon;
  commissioning: string;
}

export interface DatasetInfo {
  localAuthority: { name: string; laCode: string; gssCode: string };
  register: { name: string; date: string; publisher: string; licence: string };
  strategyFigures: { source: string; year: number; stateFundedSchools: number; specialSchools: number; note: string };
}

export interface LocalityCheck {
  /** Schools whose point-in-polygon district differs from their LSOA's district. */
  mismatches: { urn: number; name: string; pointInPolygon: string | null; register: string | null }[];
  /** Schools whose coordinates fall in no district polygon (kept, with the LSOA's district). */
  unlocated: { urn: number; name: string; lsoa: string; assigned: string }[];
}

/** Everything the service knows about one local authority, validated and indexed once at start-up. */
export interface Registry {
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
  /** Legacy-to-proposed designation rules (models/<la>/designation-mapping-rules.json). */
  mappingRules: MappingRules;
  /** Admission guidance as scoring rules, continuum rules and commissioning (models/<la>/admission-guidance.json). */
  admissionGuidance: AdmissionGuidance;
  /** Assumed journey-time model for placement search and the sufficiency model (models/<la>/travel-model.json). */
  travelModel: TravelModelFile;
  districts: Locality[];
  msoas: Locality[];
  localityByCode: Map<string, Locality>;
  lsoas: Map<string, Lsoa>;
  localityCheck: LocalityCheck;
  /** Inputs of the demand model: EHCP counts, population projections, pathway matrix (src/domain/demand). */
  demand: DemandInputs;
  /** Independent special schools and SEN2 figures for the sufficiency model (src/domain/sufficiency/sufficiency-data.ts). */
  sufficiency: SufficiencyData;
  /** Candidate builds for capital plans (plan-candidates.json). */
  planCandidates: PlanCandidatesFile;
  /** Milliseconds spent loading, for the start-up log. */
  loadMs: number;
}
