/**
 * An online backup of the service's database (`npm run backup -- <file>`): a consistent copy taken
 * with SQLite's backup API while the server keeps running and writing. The copy is a plain SQLite
 * file; to restore, stop the server and put it in DATA_DIR as planner.sqlite.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database/database.js';
import { exitOnHelp } from './tool-help.js';

const USAGE = `Usage: npm run backup -- <backup-file.sqlite>

Copies the service's database (in DATA_DIR) to a new file while the server keeps running. To restore,
stop the server and put the copy in DATA_DIR as planner.sqlite.`;

export async function backupDatabase(dataDir: string, destination: string): Promise<{ pages: number }> {
  if (existsSync(destination)) throw new Error(`${destination} exists; choose a new file name`);
  const db = openDatabase(dataDir);
  try {
    const { totalPages } = await db.backup(destination);
    return { pages: totalPages };
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  exitOnHelp(USAGE);
  const target = process.argv[2];
  if (!target || target.startsWith('-')) {
    console.error(USAGE);
    process.exit(2);
  }
  const destination = resolve(target);
  const { dataDir } = loadConfig();
  backupDatabase(dataDir, destination).then(
    ({ pages }) => console.log(`backed up ${dataDir} to ${destination} (${pages} pages)`),
    (err: Error) => {
      console.error(`backup: ${err.message}`);
      process.exit(1);
    },
  );
}
