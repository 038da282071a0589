/**
 * Data access for API keys. The interface is asynchronous so a PostgreSQL implementation can sit
 * behind it later; the SQLite one answers synchronously underneath.
 */
import type { z } from 'zod';
import type { apiKeySchema } from './api-key-schemas.js';
import type { Role } from './roles.js';
import type { Db } from '../../database/database.js';

/** A key as listed (never the key itself): defined once, as the API's schema (api-key-schemas.ts). */
export type ApiKeyRecord = z.infer<typeof apiKeySchema>;

export interface NewApiKey {
  id: string;
  name: string;
  role: Role;
  /** SHA-256 of the key, hex. The key itself is never stored. */
  keyHash: string;
  keyPrefix: string;
  createdAt: string;
}

export interface ApiKeyRepository {
  create(key: NewApiKey): Promise<ApiKeyRecord>;
  /** The unrevoked key with this hash, if any. */
  findActiveByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, revoked ones included, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Revokes the key (once; revoking again keeps the first time). Undefined when no key has this id. */
  revoke(id: string, at: string): Promise<ApiKeyRecord | undefined>;
}

interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
}

const COLUMNS = 'id, name, role, key_prefix, created_at, revoked_at';
const toRecord = (r: ApiKeyRow): ApiKeyRecord => ({ id: r.id, name: r.name, role: r.role, keyPrefix: r.key_prefix, createdAt: r.created_at, revokedAt: r.revoked_at });

/** The API key repository on the service's SQLite database. */
export function apiKeyRepository(db: Db): ApiKeyRepository {
  const insert = db.prepare('INSERT INTO api_keys (id, name, role, key_hash, key_prefix, created_at) VALUES (@id, @name, @role, @keyHash, @keyPrefix, @createdAt)');
  const byHash = db.prepare<[string], ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`);
  const byId = db.prepare<[string], ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`);
  const all = db.prepare<[], ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`);
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const get = async (id: string) => {
    const row = byId.get(id);
    return row && toRecord(row);
  };
  return {
    async create(key) {
      insert.run(key);
      return { id: key.id, name: key.name, role: key.role, keyPrefix: key.keyPrefix, createdAt: key.createdAt, revokedAt: null };
    },
    async findActiveByHash(keyHash) {
      const row = byHash.get(keyHash);
      return row && toRecord(row);
    },
    get,
    async list() {
      return all.all().map(toRecord);
    },
    async revoke(id, at) {
      revoke.run(at, id);
      return get(id);
    },
  };
}
