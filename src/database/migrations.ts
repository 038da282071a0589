/**
 * Schema changes, applied in id order, each once. Never edit a migration that has shipped: add a new one.
 * Feature modules add their tables here so one file shows the whole schema's history.
 */
export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  // Designation review (issue 5): API keys, officers' decisions, and the append-only audit log.
  {
    id: '0100-review-api-keys',
    sql: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        role TEXT NOT NULL CHECK (role IN ('commissioner', 'planner', 'officer', 'admin')),
        key_hash TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
        key_prefix TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      -- Keys are revoked, never deleted or edited, so "who could act when" stays answerable.
      CREATE TRIGGER api_keys_no_delete BEFORE DELETE ON api_keys
      BEGIN SELECT RAISE(ABORT, 'api_keys is append-only: revoke a key instead of deleting it'); END;
      CREATE TRIGGER api_keys_revoke_only BEFORE UPDATE ON api_keys
      WHEN OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name
        OR NEW.role IS NOT OLD.role OR NEW.key_hash IS NOT OLD.key_hash OR NEW.key_prefix IS NOT OLD.key_prefix
        OR NEW.created_at IS NOT OLD.created_at
      BEGIN SELECT RAISE(ABORT, 'an API key can only be revoked, once'); END;
    `,
  },
  {
    id: '0101-review-mapping-decisions',
    sql: `
      -- The latest decision per special school; no row = still 'proposed' at version 0.
      CREATE TABLE mapping_decisions (
        urn INTEGER PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('approved', 'overridden')),
        designation TEXT NOT NULL CHECK (designation IN ('CLN', 'SEMH', 'NLD')),
        proposed TEXT NOT NULL CHECK (proposed IN ('CLN', 'SEMH', 'NLD')),
        reason TEXT NOT NULL CHECK (length(reason) >= 1),
        reviewer TEXT NOT NULL,
        reviewer_key_id TEXT NOT NULL REFERENCES api_keys (id),
        decided_at TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1)
      );
    `,
  },
  {
    id: '0102-review-audit-log',
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        urn INTEGER NOT NULL,
        school_name TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'override')),
        previous_status TEXT NOT NULL CHECK (previous_status IN ('proposed', 'approved', 'overridden')),
        previous_designation TEXT NOT NULL CHECK (previous_designation IN ('CLN', 'SEMH', 'NLD')),
        designation TEXT NOT NULL CHECK (designation IN ('CLN', 'SEMH', 'NLD')),
        proposed TEXT NOT NULL CHECK (proposed IN ('CLN', 'SEMH', 'NLD')),
        reason TEXT NOT NULL CHECK (length(reason) >= 1),
        reviewer TEXT NOT NULL,
        reviewer_key_id TEXT NOT NULL REFERENCES api_keys (id),
        version INTEGER NOT NULL CHECK (version >= 1),
        UNIQUE (urn, version)
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      -- Append-only, enforced here as well as in code. INSERT OR REPLACE deletes without firing
      -- DELETE triggers (unless recursive_triggers is on), so an insert that would collide with an
      -- existing entry (same id, or same school and version) is refused before it can replace it.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries are never updated'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries are never deleted'); END;
      CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
      WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id OR (urn = NEW.urn AND version = NEW.version))
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries are never replaced'); END;
    `,
  },
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
  // The scenario as posted and the run's meta were written with every run and never read: the
  // inputs rebuild the model and the result carries the assumptions and notes. (SQLite 3.35+ drops
  // columns in place; databases from before keep their runs, without these two columns.)
  {
    id: '0201-runs-drop-unread-columns',
    sql: `ALTER TABLE runs DROP COLUMN scenario_json;
    ALTER TABLE runs DROP COLUMN meta_json;`,
  },
  // Saved scenarios are edited and deleted from the dashboard (issue 16): a version per scenario for
  // optimistic concurrency, and an append-only log of every create, update and delete with the
  // scenario as it was saved. Scenarios saved before this migration start at version 1 with no
  // create entry. A deletion is a version too, and a scenario saved again under a deleted id carries
  // on from there, so a version once read can never match a different scenario.
  {
    id: '0202-scenarios-versions-and-audit',
    sql: `ALTER TABLE saved_scenarios ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
    ALTER TABLE saved_scenarios ADD COLUMN updated_at TEXT;
    ALTER TABLE saved_scenarios ADD COLUMN updated_by TEXT;
    CREATE TABLE scenario_audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      scenario_id TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
      version INTEGER NOT NULL CHECK (version >= 1),
      name TEXT NOT NULL,
      body_json TEXT,
      changed_by TEXT NOT NULL,
      changed_by_key_id TEXT REFERENCES api_keys (id),
      CHECK ((action = 'delete') = (body_json IS NULL)),
      UNIQUE (scenario_id, version)
    );
    CREATE INDEX scenario_audit_log_at ON scenario_audit_log (at);
    CREATE TRIGGER scenario_audit_log_no_update BEFORE UPDATE ON scenario_audit_log
    BEGIN SELECT RAISE(ABORT, 'scenario_audit_log is append-only: entries are never updated'); END;
    CREATE TRIGGER scenario_audit_log_no_delete BEFORE DELETE ON scenario_audit_log
    BEGIN SELECT RAISE(ABORT, 'scenario_audit_log is append-only: entries are never deleted'); END;
    CREATE TRIGGER scenario_audit_log_no_replace BEFORE INSERT ON scenario_audit_log
    WHEN EXISTS (SELECT 1 FROM scenario_audit_log WHERE id = NEW.id OR (scenario_id = NEW.scenario_id AND version = NEW.version))
    BEGIN SELECT RAISE(ABORT, 'scenario_audit_log is append-only: entries are never replaced'); END;`,
  },
  // Capital plans (issue 15): like runs, queued, solved in a worker and stored with what they were asked
  // (the scenario as planned, the plan request) and who asked; the result once done. What a plan was
  // asked and by whom never changes once stored.
  {
    id: '0300-capital-plans',
    sql: `CREATE TABLE plans (
      id TEXT PRIMARY KEY,
      scenario_id TEXT NOT NULL,
      scenario_name TEXT NOT NULL,
      scenario_json TEXT NOT NULL,
      request_json TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      result_json TEXT,
      error TEXT,
      created_by TEXT,
      created_by_key_id TEXT
    );
    CREATE INDEX plans_by_created_at ON plans (created_at);
    CREATE TRIGGER plans_request_unchanged BEFORE UPDATE ON plans
    WHEN NEW.id IS NOT OLD.id OR NEW.scenario_id IS NOT OLD.scenario_id OR NEW.scenario_json IS NOT OLD.scenario_json
      OR NEW.request_json IS NOT OLD.request_json OR NEW.request_hash IS NOT OLD.request_hash OR NEW.created_at IS NOT OLD.created_at
      OR NEW.created_by IS NOT OLD.created_by OR NEW.created_by_key_id IS NOT OLD.created_by_key_id
    BEGIN SELECT RAISE(ABORT, 'a plan keeps what it was asked and who asked: only its status and result change'); END;
    CREATE TRIGGER plans_no_delete BEFORE DELETE ON plans
    BEGIN SELECT RAISE(ABORT, 'plans are kept: they are never deleted'); END;`,
  },
  // The large columns last. SQLite keeps a row's first bytes in its page and the rest in a chain of
  // overflow pages; reading a column means reading the record up to it. With an LSOA run's 2.7 MB of
  // inputs before its status and creation time, listing 17 runs read about 250 MB of overflow pages
  // and held the HTTP thread 110-150 ms a list (found with a CPU profile of the run burst). Both tables
  // are rebuilt with their JSON columns at the end (indexes and triggers made again), so listings read
  // only the small columns. Same columns, same data: the repositories' SQL is unchanged.
  {
    id: '0301-large-columns-last',
    sql: `CREATE TABLE runs_reordered (
      id TEXT PRIMARY KEY,
      scenario_id TEXT NOT NULL,
      scenario_name TEXT NOT NULL,
      inputs_hash TEXT NOT NULL,
      solver_choice TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      error TEXT,
      created_by TEXT,
      inputs_json TEXT NOT NULL,
      result_json TEXT
    );
    INSERT INTO runs_reordered (id, scenario_id, scenario_name, inputs_hash, solver_choice, status, created_at, started_at, finished_at, error, created_by, inputs_json, result_json)
      SELECT id, scenario_id, scenario_name, inputs_hash, solver_choice, status, created_at, started_at, finished_at, error, created_by, inputs_json, result_json FROM runs;
    DROP TABLE runs;
    ALTER TABLE runs_reordered RENAME TO runs;
    CREATE INDEX runs_by_created_at ON runs (created_at);

    CREATE TABLE plans_reordered (
      id TEXT PRIMARY KEY,
      scenario_id TEXT NOT NULL,
      scenario_name TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      error TEXT,
      created_by TEXT,
      created_by_key_id TEXT,
      request_json TEXT NOT NULL,
      scenario_json TEXT NOT NULL,
      result_json TEXT
    );
    INSERT INTO plans_reordered (id, scenario_id, scenario_name, request_hash, status, created_at, started_at, finished_at, error, created_by, created_by_key_id, request_json, scenario_json, result_json)
      SELECT id, scenario_id, scenario_name, request_hash, status, created_at, started_at, finished_at, error, created_by, created_by_key_id, request_json, scenario_json, result_json FROM plans;
    DROP TABLE plans;
    ALTER TABLE plans_reordered RENAME TO plans;
    CREATE INDEX plans_by_created_at ON plans (created_at);
    CREATE TRIGGER plans_request_unchanged BEFORE UPDATE ON plans
    WHEN NEW.id IS NOT OLD.id OR NEW.scenario_id IS NOT OLD.scenario_id OR NEW.scenario_json IS NOT OLD.scenario_json
      OR NEW.request_json IS NOT OLD.request_json OR NEW.request_hash IS NOT OLD.request_hash OR NEW.created_at IS NOT OLD.created_at
      OR NEW.created_by IS NOT OLD.created_by OR NEW.created_by_key_id IS NOT OLD.created_by_key_id
    BEGIN SELECT RAISE(ABORT, 'a plan keeps what it was asked and who asked: only its status and result change'); END;
    CREATE TRIGGER plans_no_delete BEFORE DELETE ON plans
    BEGIN SELECT RAISE(ABORT, 'plans are kept: they are never deleted'); END;`,
  },
  // API keys made and revoked from the dashboard (issue 26) as from the command line: both are
  // recorded, with who did it (the admin's key, or the command line and the account that ran it).
  // Keys made before this log get their entries from their own records, marked as not recorded.
  {
    id: '0420-api-key-audit-log',
    sql: `CREATE TABLE api_key_audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('create', 'revoke')),
      key_id TEXT NOT NULL REFERENCES api_keys (id),
      key_name TEXT NOT NULL,
      key_role TEXT NOT NULL,
      key_prefix TEXT NOT NULL,
      by_name TEXT NOT NULL,
      by_key_id TEXT REFERENCES api_keys (id),
      via TEXT NOT NULL CHECK (via IN ('api', 'command-line', 'other')),
      UNIQUE (key_id, action)
    );
    CREATE INDEX api_key_audit_log_at ON api_key_audit_log (at);
    CREATE TRIGGER api_key_audit_log_no_update BEFORE UPDATE ON api_key_audit_log
    BEGIN SELECT RAISE(ABORT, 'api_key_audit_log is append-only: entries are never updated'); END;
    CREATE TRIGGER api_key_audit_log_no_delete BEFORE DELETE ON api_key_audit_log
    BEGIN SELECT RAISE(ABORT, 'api_key_audit_log is append-only: entries are never deleted'); END;
    CREATE TRIGGER api_key_audit_log_no_replace BEFORE INSERT ON api_key_audit_log
    WHEN EXISTS (SELECT 1 FROM api_key_audit_log WHERE id = NEW.id OR (key_id = NEW.key_id AND action = NEW.action))
    BEGIN SELECT RAISE(ABORT, 'api_key_audit_log is append-only: entries are never replaced'); END;
    INSERT INTO api_key_audit_log (at, action, key_id, key_name, key_role, key_prefix, by_name, via)
      SELECT created_at, 'create', id, name, role, key_prefix, 'not recorded (made before the key log)', 'other' FROM api_keys ORDER BY created_at, id;
    INSERT INTO api_key_audit_log (at, action, key_id, key_name, key_role, key_prefix, by_name, via)
      SELECT revoked_at, 'revoke', id, name, role, key_prefix, 'not recorded (revoked before the key log)', 'other' FROM api_keys WHERE revoked_at IS NOT NULL ORDER BY revoked_at, id;`,
  },
];
