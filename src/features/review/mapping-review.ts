/**
 * Designation mapping review: the story of the feature in one place. Officers see each special
 * school's proposed designation with its evidence, approve it or override it with a reason, and
 * every decision lands in the audit log. Planning reads the result as the 'approved' designation set.
 *
 * Routes call these functions; the rules about what a valid decision is live here, not in the
 * routes. A decision that cannot be recorded throws an error with its kind (not-found, invalid at a
 * field of the body, conflict when someone decided meanwhile), which the error handler answers.
 */
import type { z } from 'zod';
import { proposeAllMappings, type ProposedMapping } from '../../domain/designations/designation-mapping.js';
import { DomainError, invalidField } from '../../domain/errors.js';
import { approvedDesignationSet, proposedDesignationSet, type DesignationSnapshot } from '../../domain/designations/designation-sets.js';
import type { Registry } from '../../domain/registry/registry.js';
import type { AuditEntry, AuditFilter, MappingDecisionRecord, ReviewRepository } from './review-repository.js';
import type { decisionBodySchema, designationMappingSchema } from './review-schemas.js';

/** A school's mapping as officers see it: defined once, as the API's schema (review-schemas.ts). */
export type MappingView = z.infer<typeof designationMappingSchema>;

/** An officer's decision as the API takes it (review-schemas.ts). */
export type DecisionRequest = z.output<typeof decisionBodySchema>;

export interface Reviewer {
  name: string;
  keyId: string;
}

export interface RecordedDecision {
  mapping: MappingView;
  audit: AuditEntry;
}

/** How planning gets a designation set; see README "Review workflow". */
export interface DesignationSources {
  /** Every special school at its rule-based proposal (fixed for the life of the process). */
  proposed(): DesignationSnapshot;
  /** Officers' decisions as of now; schools under review fall back to their proposal, saying so. Read afresh on every call. */
  approved(): Promise<DesignationSnapshot>;
  forSet(set: 'proposed' | 'approved'): Promise<DesignationSnapshot>;
}

export class MappingReview implements DesignationSources {
  readonly proposals: ReadonlyMap<number, ProposedMapping>;
  private readonly proposedSet: DesignationSnapshot;
  private approvedCache: { head: number; set: DesignationSnapshot } | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly repository: ReviewRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const proposals = proposeAllMappings(registry);
    this.proposals = new Map(proposals.map((p) => [p.urn, p]));
    this.proposedSet = proposedDesignationSet(proposals);
  }

  async list(): Promise<MappingView[]> {
    const decisions = new Map((await this.repository.decisions()).map((d) => [d.urn, d]));
    return [...this.proposals.values()].map((p) => this.view(p, decisions.get(p.urn)));
  }

  async get(urn: number): Promise<MappingView | undefined> {
    const proposal = this.proposals.get(urn);
    return proposal && this.view(proposal, await this.repository.decision(urn));
  }

  /** Records the decision; field paths in its errors are relative to the request ("reason", "designation"). */
  async decide(urn: number, request: DecisionRequest, reviewer: Reviewer): Promise<RecordedDecision> {
    const proposal = this.proposals.get(urn);
    if (!proposal) {
      const what = this.registry.schoolByUrn.has(urn) ? 'is not a special school, so it has no designation to review' : 'is not an open state-funded school in the register';
      throw new DomainError('not-found', `URN ${urn} ${what}`);
    }
    const problem = checkDecision(proposal, request);
    if (problem) throw invalidField(problem.path, problem.message);

    const designation = request.designation ?? proposal.proposed;
    const result = await this.repository.recordDecision({
      urn,
      schoolName: proposal.name,
      decision: request.decision,
      designation,
      proposed: proposal.proposed,
      reason: request.reason.trim(),
      reviewer: reviewer.name,
      reviewerKeyId: reviewer.keyId,
      at: this.clock().toISOString(),
      expectedVersion: request.expectedVersion,
    });
    if (result.outcome === 'stale') {
      const current = result.current;
      const version = current?.version ?? 0;
      const last = current ? `, last decided by ${current.reviewer} at ${current.decidedAt}` : '';
      throw new DomainError(
        'conflict',
        `expectedVersion ${request.expectedVersion} is stale: URN ${urn} is at version ${version}${last}. Reload the mapping and decide again; nothing was changed.`,
      );
    }
    return { mapping: this.view(proposal, result.decision), audit: result.audit };
  }

  audit(filter: AuditFilter) {
    return this.repository.audit(filter);
  }

  proposed(): DesignationSnapshot {
    return this.proposedSet;
  }

  async approved(): Promise<DesignationSnapshot> {
    // Rebuilt only when a decision has been recorded since (by this process or another); the check is one indexed read.
    // The head is read before the decisions, so a decision landing in between only causes one extra rebuild later.
    const head = await this.repository.latestAuditId();
    if (this.approvedCache?.head !== head) {
      this.approvedCache = { head, set: approvedDesignationSet([...this.proposals.values()], await this.repository.decisions()) };
    }
    return this.approvedCache.set;
  }

  forSet(set: 'proposed' | 'approved'): Promise<DesignationSnapshot> {
    return set === 'proposed' ? Promise.resolve(this.proposedSet) : this.approved();
  }

  private view(p: ProposedMapping, d: MappingDecisionRecord | undefined): MappingView {
    const special = this.registry.specialSchools.get(p.urn)!;
    return {
      urn: p.urn,
      name: p.name,
      district: this.registry.schoolByUrn.get(p.urn)!.district,
      current: p.current,
      currentName: this.registry.currentDesignationByCode.get(p.current)?.name ?? p.current,
      currentDetail: special.designationDetail,
      proposed: p.proposed,
      alternatives: p.alternatives,
      ambiguous: p.ambiguous,
      confidence: p.confidence,
      ruleId: p.ruleId,
      rationale: p.rationale,
      status: d?.status ?? 'proposed',
      designation: d?.designation ?? p.proposed,
      decidedDesignation: d?.designation ?? null,
      reason: d?.reason ?? null,
      reviewer: d?.reviewer ?? null,
      decidedAt: d?.decidedAt ?? null,
      version: d?.version ?? 0,
      proposalChangedSinceDecision: d !== undefined && d.proposed !== p.proposed,
    };
  }
}

/** What makes a decision valid, beyond its shape: an override changes the designation, an approval keeps it. */
function checkDecision(proposal: ProposedMapping, request: DecisionRequest): { path: string; message: string } | null {
  if (request.reason.trim().length === 0) return { path: 'reason', message: 'a decision needs a reason' };
  if (request.decision === 'override') {
    if (!request.designation) return { path: 'designation', message: 'an override needs the designation to use instead' };
    if (request.designation === proposal.proposed) {
      return { path: 'designation', message: `${request.designation} is the proposed designation: approve it instead of overriding` };
    }
  } else if (request.designation && request.designation !== proposal.proposed) {
    return { path: 'designation', message: `approve keeps the proposed designation ${proposal.proposed}; to choose ${request.designation}, override` };
  }
  return null;
}
