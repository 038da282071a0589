/**
 * The service's SQLite database: opening it (WAL, synchronous=FULL, foreign keys), from the HTTP
 * thread or a worker thread, and applying the migrations in migrations.ts.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export const DATABASE_FILE = 'planner.sqlite';

/**
 * Opens (creating if needed) the service's SQLite database in `dataDir` and applies pending
 * migrations in one transaction each. WAL with synchronous=FULL: a write acknowledged to a caller
 * has reached the disk, so a killed process loses nothing it confirmed.
 */
export function openDatabase(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  mkdirSync(dataDir, { recursive: true });
  return openDatabaseFile(join(dataDir, DATABASE_FILE), migrations);
}

/** The same, for a database file by name (`db.name`): how a worker thread opens its own connection to the service's database. */
export function openDatabaseFile(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  const db = new Database(file, { timeout: 5000 });
  enterWalMode(db);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return db;
}

/**
 * Switching a fresh database to WAL needs an exclusive lock. When two processes open it at once
 * (a server and the keys CLI), both can hold a shared lock and want the exclusive one; SQLite then
 * answers one of them SQLITE_BUSY at once, without waiting on the busy timeout, to avoid a deadlock.
 * Try again for a while: the other process finishes its switch within milliseconds.
 */
function enterWalMode(db: Db) {
  const until = Date.now() + 5000;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.random() * 20);
    }
  }
}

export function migrate(db: Db, migrations: readonly Migration[]) {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const ids = migrations.map((m) => m.id);
  if (new Set(ids).size !== ids.length) throw new Error('duplicate migration id');
  for (const m of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    if (applied.has(m.id)) continue;
    // IMMEDIATE, and checked again inside: another process starting on the same fresh database may have applied it meanwhile.
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(m.id)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, new Date().toISOString());
    }).immediate();
  }
}
