import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/database/database.js';
import { MIGRATIONS } from '../../src/database/migrations.js';
import { PROJECT_ROOT, tempDir } from '../helpers/app.js';

const run = promisify(execFile);
const DATABASE_JS = join(PROJECT_ROOT, 'dist/src/database/database.js');

describe('opening the database', () => {
  it('when several processes open one fresh database at once (two servers, or a server and the keys CLI), then all of them start and each migration is applied once', async () => {
    for (let round = 0; round < 5; round++) {
      const dataDir = tempDir();
      const script = `import(${JSON.stringify(DATABASE_JS)}).then((m) => m.openDatabase(${JSON.stringify(dataDir)}).close())`;
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => run(process.execPath, ['-e', script])));
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const db = openDatabase(dataDir);
      expect(db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all()).toEqual(MIGRATIONS.map((m) => m.id).sort());
      db.close();
    }
  }, 30_000);

  it('when a database made before the runs lost their unread columns is opened, then its runs are kept, without those columns', () => {
    const dataDir = tempDir();
    const before = MIGRATIONS.filter((m) => m.id < '0201');
    const old = openDatabase(dataDir, before);
    old
      .prepare(
        `INSERT INTO runs (id, scenario_id, scenario_name, scenario_json, inputs_json, meta_json, inputs_hash, solver_choice, status, created_at, result_json)
         VALUES ('r1', 'baseline-2025', 'Baseline', '{"id":"baseline-2025"}', '{"level":"district"}', '{}', 'abc', 'auto', 'done', '2026-01-01T00:00:00Z', '{"objective":1}')`,
      )
      .run();
    old.close();
    const db = openDatabase(dataDir);
    expect(db.prepare('SELECT id, inputs_json, inputs_hash, status, result_json FROM runs').all()).toEqual([
      { id: 'r1', inputs_json: '{"level":"district"}', inputs_hash: 'abc', status: 'done', result_json: '{"objective":1}' },
    ]);
    const columns = db.prepare("SELECT name FROM pragma_table_info('runs')").pluck().all();
    expect(columns).toContain('inputs_json');
    expect(columns).not.toContain('scenario_json');
    expect(columns).not.toContain('meta_json');
    db.close();
  });

  it('when a database made before the large columns moved last is opened, then its runs and plans are kept, every column read as before, the JSON columns last, a plan still unchangeable', () => {
    const dataDir = tempDir();
    const old = openDatabase(dataDir, MIGRATIONS.filter((m) => m.id < '0301'));
    const inputs = JSON.stringify({ level: 'lsoa', padding: 'x'.repeat(200_000) });
    old
      .prepare(
        `INSERT INTO runs (id, scenario_id, scenario_name, inputs_json, inputs_hash, solver_choice, status, created_at, started_at, finished_at, result_json, error, created_by)
         VALUES ('r1', 'baseline-2025', 'Baseline', ?, 'abc', 'auto', 'done', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:05Z', '{"objective":1}', NULL, 'A. Planner')`,
      )
      .run(inputs);
    old
      .prepare(
        `INSERT INTO plans (id, scenario_id, scenario_name, scenario_json, request_json, request_hash, status, created_at, result_json, created_by, created_by_key_id)
         VALUES ('p1', 'baseline-2025', 'Baseline', '{"id":"baseline-2025"}', '{"budgets":{"total":1}}', 'h', 'done', '2026-01-02T00:00:00Z', '{"builds":[]}', 'A. Commissioner', NULL)`,
      )
      .run();
    const runBefore = old.prepare('SELECT * FROM runs').get();
    const planBefore = old.prepare('SELECT * FROM plans').get();
    old.close();

    const db = openDatabase(dataDir);
    expect(db.prepare('SELECT * FROM runs').get()).toEqual(runBefore);
    expect(db.prepare('SELECT * FROM plans').get()).toEqual(planBefore);
    const columns = (table: string) => db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
    expect(columns('runs').slice(-2)).toEqual(['inputs_json', 'result_json']);
    expect(columns('plans').slice(-3)).toEqual(['request_json', 'scenario_json', 'result_json']);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name IN ('runs', 'plans') AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all()).toEqual([
      'plans_by_created_at',
      'plans_no_delete',
      'plans_request_unchanged',
      'runs_by_created_at',
    ]);
    expect(() => db.prepare("UPDATE plans SET request_json = '{}' WHERE id = 'p1'").run()).toThrow(/keeps what it was asked/);
    expect(() => db.prepare("DELETE FROM plans WHERE id = 'p1'").run()).toThrow(/never deleted/);
    db.close();
  });
});
