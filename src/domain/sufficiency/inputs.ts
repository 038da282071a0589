/**
 * What the sufficiency model is built from: localities with centroids, demand by locality x
 * category x phase, provisions with the categories and phases they take and their places, the
 * journey-time model and limits, the independent-school fallback and the costs of places. Plain data (JSON
 * in, JSON out) so a run can be stored with its inputs, hashed, sent to a worker thread and rebuilt
 * exactly later. Assembling it from a scenario, the registry and the demand model is
 * `assemble-inputs.ts`; this file knows nothing of either.
 */
import { PROPOSED_DESIGNATIONS, SRP_NEED_TYPES, type ProposedDesignation, type SrpNeedType } from '../needs.js';
import type { Phase } from '../phases.js';
import type { JourneyTimeModel } from '../geo/travel-model.js';
import type { LatLon } from '../registry/registry.js';

/**
 * A provision category: a special-school designation (one of the proposed three) or an SRP need
 * type, written `SRP-<need type>` so that the SEMH designation and SEMH SRPs stay distinct.
 */
export type SrpCategory = `SRP-${SrpNeedType}`;
export type Category = ProposedDesignation | SrpCategory;

export const DESIGNATION_CATEGORIES: readonly ProposedDesignation[] = PROPOSED_DESIGNATIONS;
export const SRP_CATEGORIES = SRP_NEED_TYPES.map((t) => `SRP-${t}` as SrpCategory);
export const CATEGORIES: readonly Category[] = [...DESIGNATION_CATEGORIES, ...SRP_CATEGORIES];

export const srpCategory = (needType: SrpNeedType): SrpCategory => `SRP-${needType}`;
export const isSrpCategory = (c: Category): c is SrpCategory => c.startsWith('SRP-');

export const LOCALITY_LEVELS = ['district', 'msoa', 'lsoa'] as const;
export type LocalityLevel = (typeof LOCALITY_LEVELS)[number];

/** A place children live, with how many: an LSOA centroid and its Census 2021 population. */
export interface LocalityPoint {
  lat: number;
  lon: number;
  /** Usual residents aged 0-15: the weight of the point for primary and secondary journeys. */
  children: number;
  /** Usual residents aged 16-24: the weight for post-16 journeys. */
  youngPeople: number;
}

export interface SufficiencyLocality {
  code: string;
  name: string;
  /** The locality's population-weighted centre, for display and for placing provisions in it. */
  centroid: LatLon;
  /** How the centroid was found, e.g. "population-weighted mean of 54 LSOA centroids (Census 2021 ages 0-15)". */
  centroidBasis: string;
  /**
   * Where its children live: the LSOA centroids in it with their populations (one point at LSOA level).
   * Reach and journeys are measured from these, so a provision in reach of part of a locality serves
   * that part.
   */
  points: LocalityPoint[];
}

/** Children and young people in a locality who need a place of one category in one phase. */
export interface DemandCell {
  locality: string;
  category: Category;
  phase: Phase;
  /** Expected number of pupils; need not be whole (the demand model apportions county counts). */
  count: number;
}

/**
 * Mainstream pupils with an EHCP in a locality who need outreach support from a special school of a
 * designation (null: from any special school).
 */
export interface OutreachDemand {
  locality: string;
  category: ProposedDesignation | null;
  count: number;
}

/**
 * Where a capacity comes from: a public source, an estimate in the dataset (e.g. places = pupils on
 * roll), or an assumption the scenario made because no figure is published.
 */
export type CapacityBasis = 'source' | 'estimate' | 'assumption';

/**
 * Kinds of state provision. Bases are inclusion bases (Schools White Paper, February 2026): 'srp' is
 * a specialist base commissioned by the council (SRP is Kent's name), 'unlisted-srp' the specialist
 * base places assumed beyond the partial public list, 'support-base' a base funded by schools and
 * trusts. A 'satellite' is a special school's class in a mainstream school.
 */
export const STATE_PROVISION_KINDS = ['special-school', 'srp', 'satellite', 'unlisted-srp', 'support-base'] as const;
export type StateProvisionKind = (typeof STATE_PROVISION_KINDS)[number];
/** Kinds a scenario can open. */
export const OPENABLE_KINDS = ['special-school', 'srp', 'support-base'] as const;
export const isBaseKind = (kind: string): boolean => kind === 'srp' || kind === 'unlisted-srp' || kind === 'support-base';

export interface SupplyProvision {
  id: string;
  name: string;
  kind: StateProvisionKind;
  /** The locality (at the run's level) the provision lies in. */
  locality: string;
  location: LatLon;
  /** Categories it admits; they share its places in each phase. */
  categories: Category[];
  phases: Phase[];
  /** Places (pupils) for all categories and phases together. */
  places: number;
  /** Places in each phase it serves (summing to `places`): how the model limits it. */
  placesByPhase: Partial<Record<Phase, number>>;
  /** How places were split between phases, when they were. */
  placesByPhaseNote: string | null;
  placesBasis: CapacityBasis;
  /** One line for people: the source, estimate or assumption behind `places`. */
  placesNote: string;
  /** Mainstream pupils it can support by outreach (special schools; 0 for SRPs). */
  outreachCapacity: number;
  /** How its categories were decided (designation set, mapping rule or officer's decision); null for SRPs. */
  designationNote?: string | null;
  /** Scenario supply changes applied to it, for the result ("redesignated NLD", "+30 places"). */
  changes: string[];
}

/** An extra outreach supplier that serves only its own locality (e.g. a locality outreach team). */
export interface LocalityOutreachTeam {
  locality: string;
  capacity: number;
}

export interface TravelLimit {
  /** Straight-line kilometres; null for no limit. */
  km: number | null;
  /** Estimated journey minutes (see JourneyTimeModel); null for no limit. */
  minutes: number | null;
}

/** An independent or non-maintained special school the council can buy places at. */
export interface IndependentSchoolSupply {
  id: string;
  urn: number;
  name: string;
  kind: 'independent-special' | 'non-maintained-special';
  /** Local authority the school is in. */
  la: 'Kent' | 'Medway';
  /** The Kent locality (at the run's level) it lies in; null outside Kent. */
  locality: string | null;
  location: LatLon;
  /** Places open to the council's pupils (the roll, an upper bound: some pupils come from other authorities). */
  places: number;
  placesNote: string;
  s41: 'approved' | 'not-approved' | 'not-applicable' | 'unknown';
}

export interface IndependentFallback {
  /** Which categories an independent special school place can stand in for. */
  categories: Category[];
  /** Independent placements available in all, in and out of the area; null for no limit. */
  capacity: number | null;
  /** Pounds per place per year, for reporting the cost of independent placements. */
  costPerPlace: number;
  /** Located schools in Kent and Medway; placements beyond their places go out of the area. */
  schools: IndependentSchoolSupply[];
}

/** Annual costs in pounds, for the value of a place and the cost of independent placements. */
export interface PlaceCosts {
  /** A place at a state special school. */
  specialSchoolPlace: number;
  /** A place at an SRP. */
  srpPlace: number;
}

export interface SufficiencyInputs {
  level: LocalityLevel;
  year: number;
  localities: SufficiencyLocality[];
  demand: DemandCell[];
  outreachDemand: OutreachDemand[];
  provisions: SupplyProvision[];
  outreachTeams: LocalityOutreachTeam[];
  travel: {
    model: JourneyTimeModel;
    limits: Record<Phase, TravelLimit>;
    outreach: TravelLimit;
    /** Weight of a journey minute by phase in the journey stage (1 / guideline minutes by default). */
    weights: Record<Phase, number>;
    /** Reach fades from (1 - taper) to (1 + taper) times a limit (reach.ts). */
    reachTaper: number;
  };
  independent: IndependentFallback;
  costs: PlaceCosts;
}
