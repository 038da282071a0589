/**
 * Scenarios saved through POST /scenarios, in SQLite. The only module that writes SQL for them, so a
 * PostgreSQL implementation would replace this file alone. (Files in scenarios/ are not copied here.)
 */
import type { Db } from '../../database/database.js';

export interface SavedScenarioRecord {
  id: string;
  name: string;
  bodyJson: string;
  createdAt: string;
  createdBy: string | null;
}

export function savedScenarioRepository(db: Db) {
  const insert = db.prepare(`INSERT INTO saved_scenarios (id, name, body_json, created_at, created_by) VALUES (@id, @name, @bodyJson, @createdAt, @createdBy)`);
  const byId = db.prepare(`SELECT id, name, body_json AS bodyJson, created_at AS createdAt, created_by AS createdBy FROM saved_scenarios WHERE id = ?`);
  const all = db.prepare(`SELECT id, name, body_json AS bodyJson, created_at AS createdAt, created_by AS createdBy FROM saved_scenarios ORDER BY id`);

  return {
    save(s: Omit<SavedScenarioRecord, 'createdAt'>) {
      insert.run({ ...s, createdAt: new Date().toISOString() });
    },
    get(id: string): SavedScenarioRecord | undefined {
      return byId.get(id) as SavedScenarioRecord | undefined;
    },
    list(): SavedScenarioRecord[] {
      return all.all() as SavedScenarioRecord[];
    },
  };
}
export type SavedScenarioRepository = ReturnType<typeof savedScenarioRepository>;
