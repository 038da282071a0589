/**
 * Scenarios saved through the API, in SQLite, with the append-only log of every change to them. The
 * only module that writes SQL for them, so a PostgreSQL implementation would replace this file alone.
 * (Files in scenarios/ are not copied here.)
 *
 * Optimistic concurrency, as the designation review does it: each saved scenario has a version; an
 * update or deletion names the version it was made against and happens only if the scenario is still
 * at it. The check, the write and its audit entry happen in one IMMEDIATE transaction (the write lock
 * taken before the read), so two editors - in one process or several sharing the database file -
 * cannot both win. Versions never repeat for an id: a deletion takes the next version, and a scenario
 * saved again under a deleted id carries on after it.
 */
import type { z } from 'zod';
import type { Db } from '../../database/database.js';
import { readFilteredLog } from '../../database/filtered-log.js';
import type { scenarioAuditEntrySchema } from './scenario-schemas.js';

export interface SavedScenarioRecord {
  id: string;
  name: string;
  bodyJson: string;
  createdAt: string;
  createdBy: string | null;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Who made a change, as the audit log names them: the API key's name and id. */
export interface ScenarioEditor {
  name: string;
  keyId: string | null;
}

/** One change as the audit log records it: defined once, as the API's schema (scenario-schemas.ts). */
export type ScenarioAuditEntry = z.infer<typeof scenarioAuditEntrySchema>;

export type ScenarioChangeResult =
  | { outcome: 'done'; version: number; entry: ScenarioAuditEntry }
  /** Create: the id is taken. */
  | { outcome: 'exists' }
  /** Update, delete: no saved scenario with this id. */
  | { outcome: 'missing' }
  /** Update, delete: the scenario is at another version than the one named. */
  | { outcome: 'stale'; current: SavedScenarioRecord };

export interface ScenarioAuditFilter {
  scenarioId?: string;
  /** Editor name, compared case-insensitively. */
  by?: string;
  /** Inclusive lower bound on the entry time (ISO 8601, UTC). */
  from?: string;
  /** Exclusive upper bound on the entry time (ISO 8601, UTC). */
  before?: string;
  limit?: number;
  offset?: number;
}

interface AuditRow {
  id: number;
  at: string;
  scenario_id: string;
  action: 'create' | 'update' | 'delete';
  version: number;
  name: string;
  body_json: string | null;
  changed_by: string;
  changed_by_key_id: string | null;
}

const toEntry = (r: AuditRow): ScenarioAuditEntry => ({
  id: r.id,
  at: r.at,
  scenarioId: r.scenario_id,
  action: r.action,
  version: r.version,
  name: r.name,
  by: r.changed_by,
  byKeyId: r.changed_by_key_id,
  scenario: r.body_json === null ? null : JSON.parse(r.body_json),
});

const COLUMNS = `id, name, body_json AS bodyJson, created_at AS createdAt, created_by AS createdBy, version, updated_at AS updatedAt, updated_by AS updatedBy`;

export function savedScenarioRepository(db: Db, clock: () => Date = () => new Date()) {
  const byId = db.prepare<[string], SavedScenarioRecord>(`SELECT ${COLUMNS} FROM saved_scenarios WHERE id = ?`);
  const all = db.prepare<[], SavedScenarioRecord>(`SELECT ${COLUMNS} FROM saved_scenarios ORDER BY id`);
  const lastVersion = db.prepare<[string], number>('SELECT coalesce(max(version), 0) FROM scenario_audit_log WHERE scenario_id = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO saved_scenarios (id, name, body_json, created_at, created_by, version) VALUES (@id, @name, @bodyJson, @at, @by, @version)`,
  );
  const updateIfCurrent = db.prepare(
    `UPDATE saved_scenarios SET name = @name, body_json = @bodyJson, version = version + 1, updated_at = @at, updated_by = @by
     WHERE id = @id AND version = @expectedVersion`,
  );
  const deleteIfCurrent = db.prepare(`DELETE FROM saved_scenarios WHERE id = @id AND version = @expectedVersion`);
  const appendAudit = db.prepare(
    `INSERT INTO scenario_audit_log (at, scenario_id, action, version, name, body_json, changed_by, changed_by_key_id)
     VALUES (@at, @scenarioId, @action, @version, @name, @bodyJson, @by, @byKeyId)`,
  );

  const audit = (entry: Omit<AuditRow, 'id'>) => toEntry({ ...entry, id: Number(appendAudit.run(toParams(entry)).lastInsertRowid) });
  const toParams = (e: Omit<AuditRow, 'id'>) => ({
    at: e.at,
    scenarioId: e.scenario_id,
    action: e.action,
    version: e.version,
    name: e.name,
    bodyJson: e.body_json,
    by: e.changed_by,
    byKeyId: e.changed_by_key_id,
  });

  const create = db.transaction((s: { id: string; name: string; bodyJson: string }, editor: ScenarioEditor): ScenarioChangeResult => {
    if (byId.get(s.id)) return { outcome: 'exists' };
    const at = clock().toISOString();
    const version = lastVersion.get(s.id)! + 1;
    insert.run({ ...s, at, by: editor.name, version });
    const entry = audit({ at, scenario_id: s.id, action: 'create', version, name: s.name, body_json: s.bodyJson, changed_by: editor.name, changed_by_key_id: editor.keyId });
    return { outcome: 'done', version, entry };
  });

  const update = db.transaction(
    (s: { id: string; name: string; bodyJson: string }, expectedVersion: number, editor: ScenarioEditor): ScenarioChangeResult => {
      const current = byId.get(s.id);
      if (!current) return { outcome: 'missing' };
      const at = clock().toISOString();
      if (updateIfCurrent.run({ ...s, at, by: editor.name, expectedVersion }).changes !== 1) return { outcome: 'stale', current };
      const version = expectedVersion + 1;
      const entry = audit({ at, scenario_id: s.id, action: 'update', version, name: s.name, body_json: s.bodyJson, changed_by: editor.name, changed_by_key_id: editor.keyId });
      return { outcome: 'done', version, entry };
    },
  );

  const remove = db.transaction((id: string, expectedVersion: number, editor: ScenarioEditor): ScenarioChangeResult => {
    const current = byId.get(id);
    if (!current) return { outcome: 'missing' };
    if (deleteIfCurrent.run({ id, expectedVersion }).changes !== 1) return { outcome: 'stale', current };
    const version = Math.max(expectedVersion, lastVersion.get(id)!) + 1;
    const entry = audit({
      at: clock().toISOString(),
      scenario_id: id,
      action: 'delete',
      version,
      name: current.name,
      body_json: null,
      changed_by: editor.name,
      changed_by_key_id: editor.keyId,
    });
    return { outcome: 'done', version, entry };
  });

  return {
    get(id: string): SavedScenarioRecord | undefined {
      return byId.get(id);
    },
    list(): SavedScenarioRecord[] {
      return all.all();
    },
    /** Saves a new scenario at the next version its id has had (1 for a new id), with its audit entry. */
    create(s: { id: string; name: string; bodyJson: string }, editor: ScenarioEditor): ScenarioChangeResult {
      // IMMEDIATE: the write lock before the read, so another process cannot slip in between.
      return create.immediate(s, editor);
    },
    /** Replaces the scenario if it is still at `expectedVersion`; otherwise changes nothing. */
    update(s: { id: string; name: string; bodyJson: string }, expectedVersion: number, editor: ScenarioEditor): ScenarioChangeResult {
      return update.immediate(s, expectedVersion, editor);
    },
    /** Deletes the scenario if it is still at `expectedVersion`; its history stays in the audit log. */
    remove(id: string, expectedVersion: number, editor: ScenarioEditor): ScenarioChangeResult {
      return remove.immediate(id, expectedVersion, editor);
    },
    /** Matching audit entries in the order they were written, and how many match in all. */
    audit(filter: ScenarioAuditFilter): { total: number; entries: ScenarioAuditEntry[] } {
      const { total, rows } = readFilteredLog<AuditRow>(
        db,
        'scenario_audit_log',
        {
          scenarioId: ['scenario_id = @scenarioId', filter.scenarioId],
          by: ['lower(changed_by) = lower(@by)', filter.by],
          from: ['at >= @from', filter.from],
          before: ['at < @before', filter.before],
        },
        filter,
      );
      return { total, entries: rows.map(toEntry) };
    },
  };
}
export type SavedScenarioRepository = ReturnType<typeof savedScenarioRepository>;
