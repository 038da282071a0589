/**
 * What the sufficiency model needs from the demand model: for a year, a locality level and the
 * scenario's demand parameters, the number of pupils on each pathway (special school by designation,
 * SRP by need type, mainstream with outreach, mainstream) by locality and phase, plus the assumptions
 * used. The demand model (models/kent/DEMAND.md) implements it; the LP never estimates demand itself.
 */
import type { z } from 'zod';
import { DomainError } from '../errors.js';
import type { Phase } from '../phases.js';
import type { runAssumptionSchema } from './result.js';
import type { Scenario } from './scenario.js';

export type Pathway = 'special' | 'srp' | 'outreach' | 'mainstream';

export interface PathwayDemandRow {
  /** District or MSOA code. */
  locality: string;
  phase: Phase;
  pathway: Pathway;
  /** Designation (CLN, SEMH, NLD) for 'special', SRP need type for 'srp', null otherwise. */
  category: string | null;
  count: number;
}

/** Defined once, with the result it is reported in (result.ts). */
export type Assumption = z.infer<typeof runAssumptionSchema>;

export interface DemandRequest {
  year: number;
  level: 'district' | 'msoa';
  demand: Scenario['demand'];
  /**
   * Whose admission rules decide which designation a pupil needs: 'current' (the default: Kent's five
   * designations, mapped to the three categories) or 'proposed' / 'approved' (the new guidance; the
   * same demand, since officers' decisions change supply, not needs).
   */
  designationSet?: 'current' | 'proposed' | 'approved';
  /**
   * Count the pupils in SRPs of need types Kent has since stopped commissioning (SEMH and VI, decision
   * 25/00085) as needing those SRPs, as they did when admitted (demand/decommissioned-srps.ts). A
   * path asks it for cohorts admitted before the decision took effect; default false.
   */
  legacySrps?: boolean;
}

/** Pupils whose pathway the proposed designations change (school phases), by locality. */
export interface DesignationChangeRow {
  locality: string;
  phase: Phase;
  /** The current designation of the school kind they are in, or 'SRP' (post-16 pupils in units). */
  formerDesignation: string;
  from: { pathway: string; category: string | null };
  to: { pathway: string; category: string | null };
  count: number;
}

export interface DemandAnswer {
  rows: PathwayDemandRow[];
  assumptions: Assumption[];
  /** The designation set the rows are for. */
  designationSet?: 'current' | 'proposed' | 'approved';
  /** The projection behind the year's counts (e.g. method 'damped-last-0.8', variant 'central'). */
  projection?: { method: string; variant: string };
  /** For 'proposed' and 'approved': who moves where compared with the current designations. */
  changes?: DesignationChangeRow[];
}

/** A pathway demand row of one single year of age (at the start of the school year, as SEN2 counts). */
export interface PathwayDemandByAgeRow extends PathwayDemandRow {
  age: number;
}

export interface DemandSource {
  pathwayDemand(request: DemandRequest): DemandAnswer;
  /**
   * The same demand by single year of age (school ages only): summed over ages it gives
   * `pathwayDemand`'s rows. A path (several years) follows cohorts by age; a source without ages
   * (a test's fixture) leaves the path to spread each phase evenly over its ages, and says so.
   */
  pathwayDemandByAge?(request: DemandRequest): PathwayDemandByAgeRow[];
}

/** A demand request the demand model cannot answer (e.g. a year it does not project): the caller's mistake. */
export class DemandRequestError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('invalid', message, { issues: [{ path: field, message }] });
  }
}
