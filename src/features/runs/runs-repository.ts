/**
 * Sufficiency runs in SQLite: a job table (src/jobs/job-table.ts) with a run's own columns, and the
 * one query of its own, the inputs a run's model is rebuilt from. A PostgreSQL implementation would
 * replace this file and the job table alone.
 */
import type { Db } from '../../database/database.js';
import { jobTable, type JobSummary } from '../../jobs/job-table.js';

/** A run's own columns. */
interface RunColumns {
  scenarioId: string;
  scenarioName: string;
  inputsHash: string;
  solverChoice: string;
  createdBy: string | null;
}

export type RunSummary = JobSummary & RunColumns;
export type RunRecord = RunSummary & { resultJson: string | null };

/** What a run is created with: its inputs as canonical JSON (run-identity.ts), enough to rebuild the model exactly. */
export type NewRun = RunColumns & { inputsJson: string };

export function runsRepository(db: Db) {
  const jobs = jobTable<RunColumns, object, { inputsJson: string }>(db, {
    table: 'runs',
    summary: ['scenarioId', 'scenarioName', 'inputsHash', 'solverChoice', 'createdBy'],
    stored: ['inputsJson'],
    interrupted: 'interrupted: the service stopped before the run finished; run it again',
  });
  // The inputs (megabytes at LSOA level) are read only to rebuild the model, not with the run.
  const inputsById = db.prepare(`SELECT inputs_json AS inputsJson, inputs_hash AS inputsHash FROM runs WHERE id = ?`);
  return {
    ...jobs,
    inputs(id: string): { inputsJson: string; inputsHash: string } | undefined {
      return inputsById.get(id) as { inputsJson: string; inputsHash: string } | undefined;
    },
  };
}
export type RunsRepository = ReturnType<typeof runsRepository>;
