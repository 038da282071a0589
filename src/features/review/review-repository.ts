/**
 * Data access for designation review: the latest decision per special school and the append-only
 * audit log. The interface is asynchronous so a PostgreSQL implementation can sit behind it later;
 * the SQLite one answers synchronously underneath.
 *
 * Optimistic concurrency: a school with no decision is at version 0; each decision must name the
 * version it was made against and moves the school to the next one. The check and the write happen
 * in one IMMEDIATE transaction (the write lock is taken before the read) with a conditional
 * INSERT/UPDATE, so two concurrent decisions on one school - from one process or several sharing
 * the database file - cannot both win, and the audit entry is written in the same transaction.
 */
import type { z } from 'zod';
import type { ProposedDesignation } from '../../domain/needs.js';
import type { auditEntrySchema, decisionBodySchema, mappingStatusSchema } from './review-schemas.js';
import type { Db } from '../../database/database.js';
import { readFilteredLog } from '../../database/filtered-log.js';

export type DecisionKind = z.infer<typeof decisionBodySchema>['decision'];
export type MappingStatus = z.infer<typeof mappingStatusSchema>;
export type DecisionStatus = Exclude<MappingStatus, 'proposed'>;

export interface MappingDecisionRecord {
  urn: number;
  status: DecisionStatus;
  designation: ProposedDesignation;
  /** The rule-based proposal the officer saw when deciding. */
  proposed: ProposedDesignation;
  reason: string;
  reviewer: string;
  reviewerKeyId: string;
  decidedAt: string;
  version: number;
}

/** One decision as the audit log records it: defined once, as the API's schema (review-schemas.ts). */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export interface NewDecision {
  urn: number;
  schoolName: string;
  decision: DecisionKind;
  designation: ProposedDesignation;
  proposed: ProposedDesignation;
  reason: string;
  reviewer: string;
  reviewerKeyId: string;
  at: string;
  expectedVersion: number;
}

export type RecordDecisionResult =
  | { outcome: 'recorded'; decision: MappingDecisionRecord; audit: AuditEntry }
  | { outcome: 'stale'; current: MappingDecisionRecord | undefined };

export interface AuditFilter {
  urn?: number;
  /** Reviewer name, compared case-insensitively. */
  reviewer?: string;
  /** Inclusive lower bound on the entry time (ISO 8601, UTC). */
  from?: string;
  /** Exclusive upper bound on the entry time (ISO 8601, UTC). */
  before?: string;
  limit?: number;
  offset?: number;
}

export interface ReviewRepository {
  decisions(): Promise<MappingDecisionRecord[]>;
  decision(urn: number): Promise<MappingDecisionRecord | undefined>;
  /** Records the decision and its audit entry if the school is still at `expectedVersion`; otherwise changes nothing. */
  recordDecision(decision: NewDecision): Promise<RecordDecisionResult>;
  /** Matching audit entries in the order they were written, and how many match in all. */
  audit(filter: AuditFilter): Promise<{ total: number; entries: AuditEntry[] }>;
  /**
   * The id of the latest audit entry (0 when there is none). Every decision, from any process,
   * appends one, so it changes exactly when the decisions do: a cheap key for caching what is built from them.
   */
  latestAuditId(): Promise<number>;
}

interface DecisionRow {
  urn: number;
  status: DecisionStatus;
  designation: ProposedDesignation;
  proposed: ProposedDesignation;
  reason: string;
  reviewer: string;
  reviewer_key_id: string;
  decided_at: string;
  version: number;
}

interface AuditRow {
  id: number;
  at: string;
  urn: number;
  school_name: string;
  decision: DecisionKind;
  previous_status: MappingStatus;
  previous_designation: ProposedDesignation;
  designation: ProposedDesignation;
  proposed: ProposedDesignation;
  reason: string;
  reviewer: string;
  reviewer_key_id: string;
  version: number;
}

const toDecision = (r: DecisionRow): MappingDecisionRecord => ({
  urn: r.urn,
  status: r.status,
  designation: r.designation,
  proposed: r.proposed,
  reason: r.reason,
  reviewer: r.reviewer,
  reviewerKeyId: r.reviewer_key_id,
  decidedAt: r.decided_at,
  version: r.version,
});

const toAudit = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  urn: r.urn,
  schoolName: r.school_name,
  decision: r.decision,
  previousStatus: r.previous_status,
  previousDesignation: r.previous_designation,
  designation: r.designation,
  proposed: r.proposed,
  reason: r.reason,
  reviewer: r.reviewer,
  reviewerKeyId: r.reviewer_key_id,
  version: r.version,
});

const DECISION_COLUMNS = 'urn, status, designation, proposed, reason, reviewer, reviewer_key_id, decided_at, version';

/** The review repository on the service's SQLite database. */
export function reviewRepository(db: Db): ReviewRepository {
  const allDecisions = db.prepare<[], DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM mapping_decisions ORDER BY urn`);
  const oneDecision = db.prepare<[number], DecisionRow>(`SELECT ${DECISION_COLUMNS} FROM mapping_decisions WHERE urn = ?`);
  const lastAudit = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM audit_log').pluck();
  // Version 0 means "no row yet": the first decision inserts, and loses if another got there first.
  const insertFirst = db.prepare(
    `INSERT INTO mapping_decisions (${DECISION_COLUMNS})
     VALUES (@urn, @status, @designation, @proposed, @reason, @reviewer, @reviewerKeyId, @at, 1)
     ON CONFLICT (urn) DO NOTHING`,
  );
  const updateIfCurrent = db.prepare(
    `UPDATE mapping_decisions
     SET status = @status, designation = @designation, proposed = @proposed, reason = @reason,
         reviewer = @reviewer, reviewer_key_id = @reviewerKeyId, decided_at = @at, version = version + 1
     WHERE urn = @urn AND version = @expectedVersion`,
  );
  const appendAudit = db.prepare(
    `INSERT INTO audit_log (at, urn, school_name, decision, previous_status, previous_designation, designation, proposed,
                            reason, reviewer, reviewer_key_id, version)
     VALUES (@at, @urn, @schoolName, @decision, @previousStatus, @previousDesignation, @designation, @proposed,
             @reason, @reviewer, @reviewerKeyId, @version)`,
  );
  const record = db.transaction((d: NewDecision): RecordDecisionResult => {
    const before = oneDecision.get(d.urn);
    if ((before?.version ?? 0) !== d.expectedVersion) return { outcome: 'stale', current: before && toDecision(before) };
    const status: DecisionStatus = d.decision === 'approve' ? 'approved' : 'overridden';
    const params = { ...d, status };
    const changed = d.expectedVersion === 0 ? insertFirst.run(params).changes : updateIfCurrent.run(params).changes;
    // Unreachable while the IMMEDIATE lock is held; kept so the write itself is conditional.
    if (changed !== 1) return { outcome: 'stale', current: before && toDecision(before) };
    const version = d.expectedVersion + 1;
    const audit = {
      at: d.at,
      urn: d.urn,
      schoolName: d.schoolName,
      decision: d.decision,
      previousStatus: before?.status ?? ('proposed' as const),
      previousDesignation: before?.designation ?? d.proposed,
      designation: d.designation,
      proposed: d.proposed,
      reason: d.reason,
      reviewer: d.reviewer,
      reviewerKeyId: d.reviewerKeyId,
      version,
    };
    const id = Number(appendAudit.run(audit).lastInsertRowid);
    return {
      outcome: 'recorded',
      decision: { urn: d.urn, status, designation: d.designation, proposed: d.proposed, reason: d.reason, reviewer: d.reviewer, reviewerKeyId: d.reviewerKeyId, decidedAt: d.at, version },
      audit: { id, ...audit },
    };
  });

  return {
    async decisions() {
      return allDecisions.all().map(toDecision);
    },
    async decision(urn) {
      const row = oneDecision.get(urn);
      return row && toDecision(row);
    },
    async recordDecision(decision) {
      // IMMEDIATE: take the write lock before reading the version, so another process cannot slip a
      // decision in between the check and the write (it waits on busy_timeout instead).
      return record.immediate(decision);
    },
    async latestAuditId() {
      return lastAudit.get()!;
    },
    async audit(filter) {
      const { total, rows } = readFilteredLog<AuditRow>(
        db,
        'audit_log',
        {
          urn: ['urn = @urn', filter.urn],
          reviewer: ['lower(reviewer) = lower(@reviewer)', filter.reviewer],
          from: ['at >= @from', filter.from],
          before: ['at < @before', filter.before],
        },
        filter,
      );
      return { total, entries: rows.map(toAudit) };
    },
  };
}
