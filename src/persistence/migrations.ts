/**
 * Schema changes, applied in id order, each once. Never edit a migration that has shipped: add a new one.
 * Feature modules add their tables here so one file shows the whole schema's history.
 */
export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  // Sufficiency scenarios saved through the API (files in scenarios/ are not copied here).
  {
    id: '0200-sufficiency-saved-scenarios',
    sql: `CREATE TABLE saved_scenarios (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      body_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT
    )`,
  },
  // Sufficiency runs, stored with everything needed to rebuild their model: the scenario as run, the
  // assembled inputs (hashed) and the assumptions; the result once done.
  {
    id: '0200-sufficiency-runs',
    sql: `CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      scenario_id TEXT NOT NULL,
      scenario_name TEXT NOT NULL,
      scenario_json TEXT NOT NULL,
      inputs_json TEXT NOT NULL,
      meta_json TEXT NOT NULL,
      inputs_hash TEXT NOT NULL,
      solver_choice TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      result_json TEXT,
      error TEXT,
      created_by TEXT
    );
    CREATE INDEX runs_by_created_at ON runs (created_at);`,
  },
];
