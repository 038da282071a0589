import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerToken, checkKeyName, createApiKey, generateApiKey, hashApiKey } from '../../../src/features/api-keys/api-keys.js';
import { ROLES, roleAllows } from '../../../src/features/api-keys/roles.js';
import { apiKeyRepository } from '../../../src/features/api-keys/api-key-repository.js';
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
    const keys = apiKeyRepository(db);
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
    const keys = apiKeyRepository(db);
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
