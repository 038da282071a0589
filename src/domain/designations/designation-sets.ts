/**
 * Builds the 'proposed' and 'approved' designation sets (see designation-source.ts) from the
 * rule-based proposals and officers' decisions. Pure: the caller reads the decisions from wherever
 * they are kept and passes them in, so a set is a snapshot that does not change under its reader.
 */
import { proposeAllMappings, type ProposedMapping } from './designation-mapping.js';
import type { CurrentDesignationOf, ProposedDesignationSource, SchoolProposedDesignation } from './designation-source.js';
import type { ProposedDesignation } from '../needs.js';
import type { Registry } from '../registry/registry.js';

/** A designation set frozen at one moment, usable synchronously and as plain data. */
export interface DesignationSnapshot extends ProposedDesignationSource {
  set: 'proposed' | 'approved';
  /**
   * Every special school's entry in URN order. Plain data: pass it to worker threads, store it
   * with a scenario run, and include it in the run's reproducibility hash.
   */
  entries: readonly SchoolProposedDesignation[];
}

/** An officer's decision, as much of it as the designation sets need. */
export interface ReviewedDesignation {
  urn: number;
  status: 'approved' | 'overridden';
  designation: ProposedDesignation;
  reviewer: string;
  decidedAt: string;
}

/** Frozen: one snapshot may be shared by many readers (the approved set is cached until the next decision). */
function snapshot(set: DesignationSnapshot['set'], entries: SchoolProposedDesignation[]): DesignationSnapshot {
  const frozen = Object.freeze(entries.map((e) => Object.freeze(e)));
  const byUrn = new Map(frozen.map((e) => [e.urn, e]));
  return Object.freeze({ set, entries: frozen, designationOf: (urn: number) => byUrn.get(urn) });
}

/**
 * Officers' decisions as a worker thread receives them (a snapshot's plain `entries`), looked up by
 * URN again; undefined when none were sent.
 */
export function approvedSource(entries: readonly SchoolProposedDesignation[] | undefined): ProposedDesignationSource | undefined {
  if (!entries) return undefined;
  const byUrn = new Map(entries.map((e) => [e.urn, e]));
  return { designationOf: (urn: number) => byUrn.get(urn) };
}

const ruleNote = (p: ProposedMapping) =>
  `rule ${p.ruleId}${p.ambiguous ? `, which is ambiguous (alternative${p.alternatives.length > 1 ? 's' : ''} ${p.alternatives.join(', ')})` : ''}`;

/** Every special school at its rule-based proposal. */
export function proposedDesignationSet(proposals: readonly ProposedMapping[]): DesignationSnapshot {
  return snapshot(
    'proposed',
    [...proposals].sort((a, b) => a.urn - b.urn).map((p) => ({ urn: p.urn, designation: p.proposed, status: 'proposed', note: `proposed by ${ruleNote(p)}` })),
  );
}

/**
 * Officers' decisions; a school without one keeps its proposal, with status 'proposed' and a note
 * saying it is still under review. Decisions for URNs that are no longer special schools in the
 * dataset are left out: the set describes the schools the dataset has.
 */
export function approvedDesignationSet(proposals: readonly ProposedMapping[], decisions: readonly ReviewedDesignation[]): DesignationSnapshot {
  const decided = new Map(decisions.map((d) => [d.urn, d]));
  return snapshot(
    'approved',
    [...proposals]
      .sort((a, b) => a.urn - b.urn)
      .map((p): SchoolProposedDesignation => {
        const d = decided.get(p.urn);
        if (!d) {
          return { urn: p.urn, designation: p.proposed, status: 'proposed', note: `under review: no officer decision yet; using the designation proposed by ${ruleNote(p)}` };
        }
        const on = d.decidedAt.slice(0, 10);
        return {
          urn: p.urn,
          designation: d.designation,
          status: d.status,
          note: d.status === 'approved' ? `approved by ${d.reviewer} on ${on}` : `overridden to ${d.designation} by ${d.reviewer} on ${on} (proposed ${p.proposed})`,
        };
      }),
  );
}

/**
 * The three views of every special school's designation that one placement search reads: Kent's
 * five today, and the proposed and approved three-designation sets as snapshots.
 */
export interface DesignationViews {
  current: CurrentDesignationOf;
  proposed: ProposedDesignationSource;
  approved: ProposedDesignationSource;
}

export function currentDesignationOf(registry: Registry): CurrentDesignationOf {
  return (urn) => registry.specialSchools.get(urn)?.designation;
}

/**
 * Views from the registry alone: 'approved' is given (from the review) or, without decisions,
 * every school under review at its proposal.
 */
export function designationViews(registry: Registry, approved?: ProposedDesignationSource): DesignationViews {
  const proposals = proposeAllMappings(registry);
  return {
    current: currentDesignationOf(registry),
    proposed: proposedDesignationSet(proposals),
    approved: approved ?? approvedDesignationSet(proposals, []),
  };
}
