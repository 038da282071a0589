/**
 * Capital plans in SQLite. The only module that writes SQL for them. A plan keeps what it was asked
 * (the scenario as planned and the request) and who asked; the database refuses to change either
 * (migration 0300) or to delete a plan.
 */
import type { Db } from '../../database/database.js';

export type PlanStatus = 'queued' | 'running' | 'done' | 'failed';

export interface PlanRecord {
  id: string;
  scenarioId: string;
  scenarioName: string;
  scenarioJson: string;
  requestJson: string;
  requestHash: string;
  status: PlanStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  resultJson: string | null;
  error: string | null;
  createdBy: string | null;
  createdByKeyId: string | null;
}

export type PlanSummary = Omit<PlanRecord, 'resultJson' | 'scenarioJson'>;

export type NewPlan = Pick<PlanRecord, 'id' | 'scenarioId' | 'scenarioName' | 'scenarioJson' | 'requestJson' | 'requestHash' | 'createdBy' | 'createdByKeyId'>;

const COLUMNS = `id, scenario_id AS scenarioId, scenario_name AS scenarioName, request_json AS requestJson, request_hash AS requestHash,
  status, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt, error, created_by AS createdBy, created_by_key_id AS createdByKeyId`;

export function plansRepository(db: Db) {
  const insert = db.prepare(`INSERT INTO plans (id, scenario_id, scenario_name, scenario_json, request_json, request_hash, status, created_at, created_by, created_by_key_id)
    VALUES (@id, @scenarioId, @scenarioName, @scenarioJson, @requestJson, @requestHash, 'queued', @createdAt, @createdBy, @createdByKeyId)`);
  const markRunning = db.prepare(`UPDATE plans SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`);
  const markDone = db.prepare(`UPDATE plans SET status = 'done', finished_at = ?, result_json = ? WHERE id = ?`);
  const markFailed = db.prepare(`UPDATE plans SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND status != 'done'`);
  const byId = db.prepare(`SELECT ${COLUMNS}, scenario_json AS scenarioJson, result_json AS resultJson FROM plans WHERE id = ?`);
  const recent = db.prepare(`SELECT ${COLUMNS} FROM plans ORDER BY created_at DESC, id LIMIT ? OFFSET ?`);
  const count = db.prepare(`SELECT COUNT(*) FROM plans`).pluck();
  const interrupt = db.prepare(`UPDATE plans SET status = 'failed', finished_at = ?, error = ? WHERE status IN ('queued', 'running')`);
  const now = () => new Date().toISOString();

  return {
    create(plan: NewPlan) {
      insert.run({ ...plan, createdAt: now() });
    },
    markRunning(id: string) {
      markRunning.run(now(), id);
    },
    markDone(id: string, resultJson: string) {
      markDone.run(now(), resultJson, id);
    },
    markFailed(id: string, error: string) {
      markFailed.run(now(), error, id);
    },
    get(id: string): PlanRecord | undefined {
      return byId.get(id) as PlanRecord | undefined;
    },
    list(limit: number, offset: number): { total: number; items: PlanSummary[] } {
      return { total: count.get() as number, items: recent.all(limit, offset) as PlanSummary[] };
    },
    /** Plans left queued or running by a process that stopped: they will never finish. */
    failInterrupted(): number {
      return interrupt.run(now(), 'interrupted: the service stopped before the plan finished; ask for it again').changes;
    },
  };
}
export type PlansRepository = ReturnType<typeof plansRepository>;
