import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerToken, checkKeyName, createApiKey, generateApiKey, hashApiKey } from '../../../src/features/api-keys/api-keys.js';
import { ROLES, roleAllows } from '../../../src/features/api-keys/roles.js';
import { SqliteApiKeyRepository } from '../../../src/features/api-keys/api-key-repository.js';
import { openDatabase } from '../../../src/database/database.js';
import { tempDir } from '../../helpers/app.js';

describe('API keys', () => {
  it('when keys are generated, then each carries 256 random bits after the spp_ marker and none repeats', () => {
    const keys = Array.from({ length: 1000 }, generateApiKey);
    for (const key of keys) expect(key).toMatch(/^spp_[A-Za-z0-9_-]{43}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('when a key is created, then the database holds its SHA-256 hash and a short prefix, never the key', async () => {
    const dataDir = tempDir();
    const db = openDatabase(dataDir);
    const keys = new SqliteApiKeyRepository(db);
    const { key, record } = await createApiKey(keys, { name: '  A. Officer ', role: 'officer' });
    expect(record).toMatchObject({ name: 'A. Officer', role: 'officer', revokedAt: null, keyPrefix: `${key.slice(0, 10)}...` });
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(await keys.findActiveByHash(hashApiKey(key))).toEqual(record);
    db.close();
    // Every byte the database wrote: the main file and any WAL left behind.
    const bytes = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('');
    expect(bytes).toContain(hashApiKey(key));
    expect(bytes).not.toContain(key);
    expect(bytes).not.toContain(key.slice(10));
  });

  it('when a key is revoked, then it no longer finds its holder', async () => {
    const db = openDatabase(tempDir());
    const keys = new SqliteApiKeyRepository(db);
    const { key, record } = await createApiKey(keys, { name: 'Leaver', role: 'planner' });
    await keys.revoke(record.id, new Date().toISOString());
    expect(await keys.findActiveByHash(hashApiKey(key))).toBeUndefined();
    expect((await keys.list())[0]!.revokedAt).not.toBeNull();
    db.close();
  });

  it.each([
    [undefined, null],
    ['', null],
    ['Bearer', null],
    ['Basic abc', null],
    ['Bearer abc def', null],
    ['Bearer spp_x', 'spp_x'],
    ['bearer   spp_x  ', 'spp_x'],
  ])('when the Authorization header is %j, then the bearer token is %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(101), 'at most 100'],
    ['A.\nOfficer', 'control characters'],
  ])('when a key name is %j, then it is refused (%s)', (name, problem) => {
    expect(checkKeyName(name)).toContain(problem);
  });
});

describe('roles', () => {
  it('when a route lists roles, then only those roles and admin pass; any role passes "authenticated"', () => {
    for (const role of ROLES) {
      expect(roleAllows('authenticated', role)).toBe(true);
      expect(roleAllows(['officer'], role)).toBe(role === 'officer' || role === 'admin');
      expect(roleAllows(['commissioner', 'planner'], role)).toBe(role !== 'officer');
    }
  });
});

describe('the key log (GET /audit/keys)', () => {
  it('when an admin makes and revokes a key over the API, then the log records both under the admin, once each, and nothing but an admin may read it', async () => {
    const { buildTestApp, authHeader } = await import('../../helpers/app.js');
    const app = await buildTestApp();
    try {
      const admin = await authHeader(app, 'admin', 'K. Keeper');
      const made = await app.inject({ method: 'POST', url: '/api-keys', headers: admin, payload: { name: 'New Officer', role: 'officer' } });
      expect(made.statusCode).toBe(201);
      const id = made.json().apiKey.id as string;
      for (let i = 0; i < 2; i++) expect((await app.inject({ method: 'POST', url: `/api-keys/${id}/revoke`, headers: admin })).statusCode).toBe(200);

      const log = (await app.inject({ url: `/audit/keys?keyId=${id}`, headers: admin })).json() as { total: number; items: Record<string, unknown>[] };
      const adminKeyId = (await app.apiKeys.list()).find((k) => k.name === 'K. Keeper')!.id;
      expect(log.total).toBe(2);
      expect(log.items.map((e) => [e.action, e.keyName, e.keyRole, e.by, e.byKeyId, e.via])).toEqual([
        ['create', 'New Officer', 'officer', 'K. Keeper', adminKeyId, 'api'],
        ['revoke', 'New Officer', 'officer', 'K. Keeper', adminKeyId, 'api'],
      ]);
      // The log never holds the key itself.
      expect(JSON.stringify(log)).not.toContain(made.json().key);

      const planner = await authHeader(app, 'planner');
      expect((await app.inject({ url: '/audit/keys', headers: planner })).statusCode).toBe(403);
      expect((await app.inject({ url: '/audit/keys' })).statusCode).toBe(401);
      expect(app.db.prepare('SELECT count(*) FROM api_key_audit_log').pluck().get()).toBe(4);
      expect(() => app.db.prepare('DELETE FROM api_key_audit_log').run()).toThrow(/append-only/);
    } finally {
      await app.close();
    }
  });

  it('when a database already held keys before the key log, then each gets its create (and revoke) entry, marked not recorded', async () => {
    const { MIGRATIONS } = await import('../../../src/database/migrations.js');
    const dir = tempDir();
    const before = openDatabase(dir, MIGRATIONS.filter((m) => m.id < '0420'));
    // The repository of the time wrote no log: insert the key as it would have.
    before.prepare("INSERT INTO api_keys (id, name, role, key_hash, key_prefix, created_at, revoked_at) VALUES ('aaaaaaaaaaaa', 'Old Hand', 'officer', ?, 'spp_abcdef...', '2025-01-02T00:00:00.000Z', '2025-06-01T00:00:00.000Z')").run('f'.repeat(64));
    before.close();
    const after = openDatabase(dir);
    const { entries } = await new SqliteApiKeyRepository(after).history({});
    expect(entries.map((e) => [e.action, e.keyId, e.at, e.via])).toEqual([
      ['create', 'aaaaaaaaaaaa', '2025-01-02T00:00:00.000Z', 'other'],
      ['revoke', 'aaaaaaaaaaaa', '2025-06-01T00:00:00.000Z', 'other'],
    ]);
    expect(entries.every((e) => /not recorded/.test(e.by))).toBe(true);
    after.close();
  });
});
