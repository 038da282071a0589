/**
 * The designation sets placement search (and later the scenarios) can use, built from the registry.
 * 'approved' composes officers' decisions with the proposals: a school without a decision falls back
 * to its proposed designation with status 'proposed'. Until the review (issue 5) supplies decisions,
 * every school falls back.
 */
import { proposeAllMappings, type ProposedMapping } from './designation-mapping.js';
import type { CurrentDesignationOf, ProposedDesignationSource, SchoolProposedDesignation } from './designation-source.js';
import type { Registry } from './registry/registry.js';

export interface DesignationSources {
  current: CurrentDesignationOf;
  proposed: ProposedDesignationSource;
  approved: ProposedDesignationSource;
}

/** An officer's decision on one school, as the review records it. */
export interface DesignationDecision {
  designation: SchoolProposedDesignation['designation'];
  status: 'approved' | 'overridden';
  note: string;
}

export function currentDesignationOf(registry: Registry): CurrentDesignationOf {
  return (urn) => registry.specialSchools.get(urn)?.designation;
}

function proposalNote(m: ProposedMapping): string {
  const alternatives = m.alternatives.length ? `; alternatives ${m.alternatives.join(', ')}` : '';
  return `proposed by rule ${m.ruleId} (confidence ${m.confidence}${m.ambiguous ? ', ambiguous' : ''}${alternatives})`;
}

export function proposedDesignationSource(registry: Registry): ProposedDesignationSource {
  const byUrn = new Map<number, SchoolProposedDesignation>(
    proposeAllMappings(registry).map((m) => [m.urn, { urn: m.urn, designation: m.proposed, status: 'proposed', note: proposalNote(m) }]),
  );
  return { designationOf: (urn) => byUrn.get(urn) };
}

/**
 * Officers' decisions where there are any; every other school falls back to its proposed
 * designation, with status 'proposed' and a note saying it is still under review.
 */
export function approvedDesignationSource(
  registry: Registry,
  decisionOf: (urn: number) => DesignationDecision | undefined = () => undefined,
): ProposedDesignationSource {
  const proposals = new Map(proposeAllMappings(registry).map((m) => [m.urn, m]));
  return {
    designationOf(urn) {
      const proposal = proposals.get(urn);
      if (!proposal) return undefined;
      const decision = decisionOf(urn);
      if (decision) return { urn, designation: decision.designation, status: decision.status, note: decision.note };
      return { urn, designation: proposal.proposed, status: 'proposed', note: `under review, no officer's decision yet: ${proposalNote(proposal)}` };
    },
  };
}

export function defaultDesignationSources(registry: Registry): DesignationSources {
  return { current: currentDesignationOf(registry), proposed: proposedDesignationSource(registry), approved: approvedDesignationSource(registry) };
}
