/**
 * Data access for API keys and their audit log (who made or revoked which key, when, and how). The
 * interface is asynchronous so a PostgreSQL implementation can sit behind it later; the SQLite one
 * answers synchronously underneath. A key and its log entry are written in one transaction.
 */
import type { z } from 'zod';
import type { apiKeyAuditEntrySchema, apiKeySchema } from './api-key-schemas.js';
import { readFilteredLog } from '../../database/filtered-log.js';
import type { Role } from './roles.js';
import type { Db } from '../../database/database.js';

/** A key as listed (never the key itself): defined once, as the API's schema (api-key-schemas.ts). */
export type ApiKeyRecord = z.infer<typeof apiKeySchema>;

export type ApiKeyAuditEntry = z.infer<typeof apiKeyAuditEntrySchema>;

/** Who made or revoked a key: an admin's key over the API, or someone at the command line. */
export interface KeyActor {
  name: string;
  keyId: string | null;
  via: 'api' | 'command-line' | 'other';
}

/** When the caller does not say (tests, code paths with no person behind them). */
export const UNRECORDED_ACTOR: KeyActor = { name: 'not recorded', keyId: null, via: 'other' };

export interface KeyAuditFilter {
  keyId?: string;
  from?: string;
  /** Exclusive. */
  before?: string;
  limit?: number;
  offset?: number;
}

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
  create(key: NewApiKey, by?: KeyActor): Promise<ApiKeyRecord>;
  /** The unrevoked key with this hash, if any. */
  findActiveByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, revoked ones included, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Revokes the key (once; revoking again keeps the first time and adds no entry). Undefined when no key has this id. */
  revoke(id: string, at: string, by?: KeyActor): Promise<ApiKeyRecord | undefined>;
  /** The audit log of keys made and revoked, oldest first. */
  history(filter: KeyAuditFilter): Promise<{ total: number; entries: ApiKeyAuditEntry[] }>;
}

interface AuditRow {
  id: number;
  at: string;
  action: 'create' | 'revoke';
  key_id: string;
  key_name: string;
  key_role: Role;
  key_prefix: string;
  by_name: string;
  by_key_id: string | null;
  via: KeyActor['via'];
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

export class SqliteApiKeyRepository implements ApiKeyRepository {
  private readonly db;
  private readonly logEntry;
  private readonly insert;
  private readonly byHash;
  private readonly byId;
  private readonly all;
  private readonly revokeStmt;

  constructor(db: Db) {
    this.db = db;
    this.logEntry = db.prepare(
      `INSERT INTO api_key_audit_log (at, action, key_id, key_name, key_role, key_prefix, by_name, by_key_id, via)
       VALUES (@at, @action, @keyId, @name, @role, @keyPrefix, @byName, @byKeyId, @via)`,
    );
    this.insert = db.prepare(
      'INSERT INTO api_keys (id, name, role, key_hash, key_prefix, created_at) VALUES (@id, @name, @role, @keyHash, @keyPrefix, @createdAt)',
    );
    this.byHash = db.prepare<[string], ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`);
    this.byId = db.prepare<[string], ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`);
    this.all = db.prepare<[], ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`);
    this.revokeStmt = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  }

  async create(key: NewApiKey, by: KeyActor = UNRECORDED_ACTOR): Promise<ApiKeyRecord> {
    this.db.transaction(() => {
      this.insert.run(key);
      this.logEntry.run({ at: key.createdAt, action: 'create', keyId: key.id, name: key.name, role: key.role, keyPrefix: key.keyPrefix, byName: by.name, byKeyId: by.keyId, via: by.via });
    })();
    return { id: key.id, name: key.name, role: key.role, keyPrefix: key.keyPrefix, createdAt: key.createdAt, revokedAt: null };
  }

  async findActiveByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = this.byHash.get(keyHash);
    return row && toRecord(row);
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const row = this.byId.get(id);
    return row && toRecord(row);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.all.all().map(toRecord);
  }

  async revoke(id: string, at: string, by: KeyActor = UNRECORDED_ACTOR): Promise<ApiKeyRecord | undefined> {
    this.db.transaction(() => {
      if (this.revokeStmt.run(at, id).changes !== 1) return;
      const key = this.byId.get(id)!;
      this.logEntry.run({ at, action: 'revoke', keyId: id, name: key.name, role: key.role, keyPrefix: key.key_prefix, byName: by.name, byKeyId: by.keyId, via: by.via });
    })();
    return this.get(id);
  }

  async history(filter: KeyAuditFilter): Promise<{ total: number; entries: ApiKeyAuditEntry[] }> {
    const { total, rows } = readFilteredLog<AuditRow>(
      this.db,
      'api_key_audit_log',
      { keyId: ['key_id = @keyId', filter.keyId], from: ['at >= @from', filter.from], before: ['at < @before', filter.before] },
      { limit: filter.limit, offset: filter.offset },
    );
    return {
      total,
      entries: rows.map((r) => ({
        id: r.id,
        at: r.at,
        action: r.action,
        keyId: r.key_id,
        keyName: r.key_name,
        keyRole: r.key_role,
        keyPrefix: r.key_prefix,
        by: r.by_name,
        byKeyId: r.by_key_id,
        via: r.via,
      })),
    };
  }
}
