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
});
