import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/tools/backup.js';
import { tempDir } from '../helpers/app.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer } from '../helpers/server-process.js';

describe('npm run backup', () => {
  it('when the server is running and deciding, then the backup is a consistent copy holding every decision made before it', async () => {
    const dataDir = tempDir();
    const key = lastLine(await keysCli(dataDir, ['create', '--role', 'officer', '--name', 'Backup Officer']));
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      const decide = (urn: number) =>
        fetch(`${server.url}/designations/mappings/${urn}/decision`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ decision: 'approve', reason: 'backup test', expectedVersion: 0 }),
        });
      expect((await decide(119040)).status).toBe(200);
      expect((await decide(119041)).status).toBe(200);
      const file = join(tempDir(), 'copy.sqlite');
      const writing = decide(119044); // a write in flight while the copy is taken
      await backupDatabase(dataDir, file);
      expect((await writing).status).toBe(200);
      const copy = new Database(file, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const urns = copy.prepare('SELECT urn FROM audit_log ORDER BY urn').pluck().all() as number[];
      expect(urns).toEqual(expect.arrayContaining([119040, 119041]));
      expect(copy.prepare('SELECT count(*) FROM api_keys').pluck().get()).toBe(1);
      copy.close();
      await expect(backupDatabase(dataDir, file)).rejects.toThrow(/exists/);
    } finally {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
  });
});
