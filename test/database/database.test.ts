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
});
