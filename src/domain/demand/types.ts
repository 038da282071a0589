/**
 * The demand model's shared types: need and age groups as DfE publishes them, where plan-holders are
 * placed, population projections. Plain types, no logic.
 */
import type { NeedCode, ProposedDesignation, SrpNeedType } from '../needs.js';
import type { Phase } from '../phases.js';
import type { DemandPhase } from './demand-phases.js';
import type { NeedProfilesFile } from './need-profiles.js';
import type { ProjectionModel } from './projection.js';

/** A primary need as DfE counts plans: the twelve need codes, or not recorded. */
export type NeedOrUnknown = NeedCode | 'UNKNOWN';

/** An age group as published: single years 3-25, and "under 3" (0-2). */
export interface AgeGroup {
  low: number;
  high: number;
}

/**
 * Where DfE SEN2 says a plan-holder was placed in January, grouped for the pathway calibration:
 * mainstream (not in a unit), SEN unit or resourced provision (`srp`), special schools (state-funded,
 * non-maintained, independent), further education, and everything else (alternative provision,
 * educated elsewhere, early-years settings, placement not recorded).
 */
export const PLACEMENT_GROUPS = [
  'mainstream',
  'srp',
  'special-state',
  'special-non-maintained',
  'special-independent',
  'fe',
  'other',
] as const;
export type PlacementGroup = (typeof PLACEMENT_GROUPS)[number];

export interface PopulationProjection {
  districtCode: string;
  districtName: string;
  /** `byAge[age][year - firstYear]`: ONS 2022-based SNPP persons at mid-year, ages 0-25. */
  byAge: number[][];
}

/** How an MSOA's share of its district's children is taken from Census 2021 (see DEMAND.md). */
export interface MsoaShare {
  msoaCode: string;
  districtCode: string;
  /** MSOA residents aged 0-15 / district residents aged 0-15 (Census 2021, summed over LSOA 2021). */
  share0to15: number;
  /** Same for ages 16-24. */
  share16to24: number;
}

export interface SeriesPoint {
  /** January of this year. */
  year: number;
  ehcPlans: number;
  /** Plans by the published age bands (projection.ts SERIES_BANDS); null where not published (all of 2023; 20-25 before 2015). */
  bands: (number | null)[];
  collection: string;
  source: string;
}

/** Shares of one need x phase's plans by pathway; each row sums to 1 (built by designation-demand.ts for each designation set). */
export interface PathwayShares {
  /** Special school place, by the proposed designation that would admit the pupil (state or independent). */
  special: Record<ProposedDesignation, number>;
  /** Place in a specialist resource provision (SEN unit / resourced provision), by SRP need type. */
  srp: Record<SrpNeedType, number>;
  /** Mainstream with outreach support from special schools of a proposed designation. */
  outreach: Record<ProposedDesignation, number>;
  /** Mainstream without specialist support from a special school or SRP. */
  mainstream: number;
  /** Further education: general FE and tertiary colleges, specialist post-16 institutions (not school places). */
  fe: number;
  /** Not a school place: alternative provision, educated elsewhere, early-years settings, placement not recorded. */
  other: number;
}

export interface PathwayMatrixRow {
  need: NeedCode;
  phase: DemandPhase;
  shares: PathwayShares;
  /**
   * Of this row's special-school share, the fraction placed in independent special schools in January
   * 2025. Information for the sufficiency model (what Kent buys today), not a pathway: independent
   * placements are special-school demand like any other.
   */
  specialIndependentFraction: number;
  basis: string;
}

export interface PathwayMatrix {
  rows: PathwayMatrixRow[];
}

/** The demand model's inputs for one local authority, validated and indexed once at start-up. */
export interface DemandInputs {
  /** January of the EHCP snapshot the model starts from. */
  baseYear: number;
  /** Published age groups of the base snapshot, in age order; they cover 0-25 without gaps. */
  ageGroups: AgeGroup[];
  /** `needByAge[g][need]`: plans in age group g by primary need, January of the base year. */
  needByAge: Record<NeedOrUnknown, number>[];
  /** `needByPlacement[group][need]`, January of the base year. */
  needByPlacement: Record<PlacementGroup, Record<NeedOrUnknown, number>>;
  /** `placementByAge[g][group]`, January of the base year (same age groups). */
  placementByAge: Record<PlacementGroup, number>[];
  /** All-ages plan totals by single age, January of the year before the base year (for the trend). */
  previousYearByAge: { year: number; counts: number[] };
  /** Kent's EHCP totals, January 2010 onwards. */
  series: SeriesPoint[];
  population: { firstYear: number; lastYear: number; districts: Map<string, PopulationProjection> };
  msoaShares: Map<string, MsoaShare[]>;
  /**
   * The one-year change of the EHCP rate by phase, January 2024 to 2025 (person-level years): the
   * rate-trend method's values for phases a caller does not set (see DEMAND.md).
   */
  defaultRateTrend: Record<DemandPhase, number>;
  /** The projection methods' backtest on the series, the central method and its variants (projection.ts). */
  projection: ProjectionModel;
  /** The need-profile assumptions behind designation demand (need-profiles.json, designation-demand.ts). */
  needProfiles: NeedProfilesFile;
}

/** A row of EHCP demand: plans held by residents of a locality. `count` is an expected value, unrounded. */
export interface EhcpCountRow {
  locality: string;
  need: NeedCode;
  phase: DemandPhase;
  year: number;
  count: number;
}

export interface EhcpCountByAgeRow extends EhcpCountRow {
  ageLow: number;
  ageHigh: number;
}

export type Pathway = 'special' | 'srp' | 'outreach' | 'mainstream';

/** Specialist-provision demand for the sufficiency model: school phases only. */
export interface ProvisionDemandRow {
  locality: string;
  phase: Phase;
  pathway: Pathway;
  /** Proposed designation for special and outreach; SRP need type for srp; null for mainstream. */
  category: ProposedDesignation | SrpNeedType | null;
  count: number;
}
