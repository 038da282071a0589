/**
 * Capital plans in SQLite: a job table (src/jobs/job-table.ts) with a plan's own columns. A plan keeps
 * what it was asked (the scenario as planned and the request) and who asked; the database refuses to
 * change either (migration 0300) or to delete a plan.
 */
import type { Db } from '../../database/database.js';
import { jobTable, type JobSummary } from '../../jobs/job-table.js';

/** A plan's own small columns, read with every summary. */
interface PlanColumns {
  scenarioId: string;
  scenarioName: string;
  requestJson: string;
  requestHash: string;
  createdBy: string | null;
  createdByKeyId: string | null;
}

export type PlanSummary = JobSummary & PlanColumns;
export type PlanRecord = PlanSummary & { scenarioJson: string; resultJson: string | null };
export type NewPlan = PlanColumns & { scenarioJson: string };

export function plansRepository(db: Db) {
  return jobTable<PlanColumns, { scenarioJson: string }>(db, {
    table: 'plans',
    summary: ['scenarioId', 'scenarioName', 'requestJson', 'requestHash', 'createdBy', 'createdByKeyId'],
    detail: ['scenarioJson'],
    interrupted: 'interrupted: the service stopped before the plan finished; ask for it again',
  });
}
export type PlansRepository = ReturnType<typeof plansRepository>;
