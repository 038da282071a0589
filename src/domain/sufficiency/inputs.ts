/**
 * What the sufficiency model is built from: localities with centroids, demand by locality x
 * category x phase, provisions with the categories and phases they take and their places, the
 * travel model and limits, the independent-school fallback and the penalties. Plain data (JSON
 * in, JSON out) so a run can be stored with its inputs, hashed, sent to a worker thread and rebuilt
 * exactly later. Assembling it from a scenario, the registry and the demand model is
 * `assemble-inputs.ts`; this file knows nothing of either.
 */
import { PROPOSED_DESIGNATIONS, SRP_NEED_TYPES, type ProposedDesignation, type SrpNeedType } from '../needs.js';
import type { Phase } from '../phases.js';
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

export interface SufficiencyLocality {
  code: string;
  name: string;
  /** Where the locality's children are taken to live, for travel. */
  centroid: LatLon;
  /** How the centroid was found, e.g. "population-weighted mean of 54 LSOA centroids (Census 2021 ages 0-15)". */
  centroidBasis: string;
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

export interface SupplyProvision {
  id: string;
  name: string;
  kind: 'special-school' | 'srp' | 'satellite' | 'unlisted-srp';
  /** The locality (at the run's level) the provision lies in. */
  locality: string;
  location: LatLon;
  /** Categories it admits; several share its places. */
  categories: Category[];
  phases: Phase[];
  /** Places (pupils) for all categories and phases together. */
  places: number;
  /** Optional limits per category, within `places`. */
  placesByCategory?: Partial<Record<Category, number>>;
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
  /** Estimated journey minutes (see TravelModel); null for no limit. */
  minutes: number | null;
}

/**
 * Estimated journey time from straight-line distance: minutes = fixedMinutes +
 * 60 x (km x circuityFactor) / speedKmh. No road network is loaded; the factors are assumptions.
 */
export interface TravelModel {
  circuityFactor: number;
  speedKmh: number;
  fixedMinutes: number;
}

export interface IndependentFallback {
  /** Which categories an independent special school place can stand in for. */
  categories: Category[];
  /** Places available county-wide; null for no limit. */
  capacity: number | null;
  /** Pounds per place per year, for reporting the cost of independent placements. */
  costPerPlace: number;
}

/** Objective weights in penalty points (see build-model.ts for why they are ordered as they are). */
export interface Penalties {
  travelPerMinute: number;
  outreachTravelPerMinute: number;
  independentPlace: number;
  unmetPlace: number;
  unmetOutreach: number;
}

export interface SufficiencyInputs {
  level: LocalityLevel;
  year: number;
  localities: SufficiencyLocality[];
  demand: DemandCell[];
  outreachDemand: OutreachDemand[];
  provisions: SupplyProvision[];
  outreachTeams: LocalityOutreachTeam[];
  travel: { model: TravelModel; limits: Record<Phase, TravelLimit>; outreach: TravelLimit };
  independent: IndependentFallback;
  penalties: Penalties;
  /** Whole-pupil placements (a MIP, solved by HiGHS only; no marginal values). */
  integer: boolean;
}
