/**
 * Which designation each special school holds under a chosen designation set. Placement search and
 * the sufficiency scenarios ask this; they never read mappings or decisions directly.
 *
 * - 'current': Kent's five designations today (PSCN, SEMH, PDCM, CI, CIL).
 * - 'proposed': each school's proposed designation from the legacy-to-proposed rules.
 * - 'approved': officers' decisions (approved or overridden); a school still under review falls
 *   back to its proposed designation, with status 'proposed' saying so.
 */
import type { CurrentDesignation, ProposedDesignation } from '../needs.js';

export const DESIGNATION_SETS = ['current', 'proposed', 'approved'] as const;
export type DesignationSet = (typeof DESIGNATION_SETS)[number];

export interface SchoolProposedDesignation {
  urn: number;
  designation: ProposedDesignation;
  /** 'proposed' = not yet reviewed (rule-based proposal); 'approved' / 'overridden' = an officer's decision. */
  status: 'proposed' | 'approved' | 'overridden';
  /** One line for people: e.g. "approved by A. Officer on 2026-03-01" or "under review: proposed by rule ci-to-nld". */
  note: string;
}

/** Resolves the three-designation view of every special school for one designation set. */
export interface ProposedDesignationSource {
  /** Undefined for a URN that is not a special school. */
  designationOf(urn: number): SchoolProposedDesignation | undefined;
}

export interface CurrentDesignationOf {
  (urn: number): CurrentDesignation | undefined;
}
