/**
 * Sufficiency runs in SQLite. The only module that writes SQL for them, so a
 * PostgreSQL implementation would replace this file alone.
 */
import type { Db } from '../../database/database.js';

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';

export interface RunRecord {
  id: string;
  scenarioId: string;
  scenarioName: string;
  inputsHash: string;
  solverChoice: string;
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  resultJson: string | null;
  error: string | null;
  createdBy: string | null;
}

export type RunSummary = Omit<RunRecord, 'resultJson'>;

/** What a run is created with: its inputs as canonical JSON (run-identity.ts), enough to rebuild the model exactly. */
export type NewRun = Pick<RunRecord, 'id' | 'scenarioId' | 'scenarioName' | 'inputsHash' | 'solverChoice' | 'createdBy'> & { inputsJson: string };

const COLUMNS = `id, scenario_id AS scenarioId, scenario_name AS scenarioName, inputs_hash AS inputsHash, solver_choice AS solverChoice,
  status, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt, error, created_by AS createdBy`;

export function runsRepository(db: Db) {
  const insert = db.prepare(`INSERT INTO runs (id, scenario_id, scenario_name, inputs_json, inputs_hash, solver_choice, status, created_at, created_by)
    VALUES (@id, @scenarioId, @scenarioName, @inputsJson, @inputsHash, @solverChoice, 'queued', @createdAt, @createdBy)`);
  const markRunning = db.prepare(`UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`);
  const markDone = db.prepare(`UPDATE runs SET status = 'done', finished_at = ?, result_json = ? WHERE id = ?`);
  // A run that is done stays done (a worker stores the result; the pool may report the thread's end after).
  const markFailed = db.prepare(`UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND status != 'done'`);
  // The inputs (megabytes at LSOA level) are read only to rebuild the model, not with the run.
  const byId = db.prepare(`SELECT ${COLUMNS}, result_json AS resultJson FROM runs WHERE id = ?`);
  const inputsById = db.prepare(`SELECT inputs_json AS inputsJson, inputs_hash AS inputsHash FROM runs WHERE id = ?`);
  const summaryById = db.prepare(`SELECT ${COLUMNS} FROM runs WHERE id = ?`);
  const recent = db.prepare(`SELECT ${COLUMNS} FROM runs ORDER BY created_at DESC, id LIMIT ? OFFSET ?`);
  const count = db.prepare(`SELECT COUNT(*) FROM runs`).pluck();
  const interrupt = db.prepare(`UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE status IN ('queued', 'running')`);
  const now = () => new Date().toISOString();

  return {
    create(run: NewRun) {
      insert.run({ ...run, createdAt: now() });
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
    get(id: string): RunRecord | undefined {
      return byId.get(id) as RunRecord | undefined;
    },
    inputs(id: string): { inputsJson: string; inputsHash: string } | undefined {
      return inputsById.get(id) as { inputsJson: string; inputsHash: string } | undefined;
    },
    summary(id: string): RunSummary | undefined {
      return summaryById.get(id) as RunSummary | undefined;
    },
    list(limit: number, offset: number): { total: number; items: RunSummary[] } {
      return { total: count.get() as number, items: recent.all(limit, offset) as RunSummary[] };
    },
    /** Runs left queued or running by a process that stopped: they will never finish. */
    failInterrupted(): number {
      return interrupt.run(now(), 'interrupted: the service stopped before the run finished; run it again').changes;
    },
  };
}
export type RunsRepository = ReturnType<typeof runsRepository>;
