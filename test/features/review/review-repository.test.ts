import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyRepository } from '../../../src/features/api-keys/api-key-repository.js';
import { openDatabase, type Db } from '../../../src/database/database.js';
import { reviewRepository, type NewDecision, type ReviewRepository } from '../../../src/features/review/review-repository.js';
import { tempDir } from '../../helpers/app.js';

let dataDir: string;
let db: Db;
let reviews: ReviewRepository;

const KEY_ID = 'a1b2c3d4e5f6';
const decision = (overrides: Partial<NewDecision> = {}): NewDecision => ({
  urn: 119026,
  schoolName: 'Broomhill Bank School',
  decision: 'approve',
  designation: 'NLD',
  proposed: 'NLD',
  reason: 'fits',
  reviewer: 'A. Officer',
  reviewerKeyId: KEY_ID,
  at: '2026-03-01T09:00:00.000Z',
  expectedVersion: 0,
  ...overrides,
});

beforeEach(async () => {
  dataDir = tempDir();
  db = openDatabase(dataDir);
  await apiKeyRepository(db).create({ id: KEY_ID, name: 'A. Officer', role: 'officer', keyHash: 'f'.repeat(64), keyPrefix: 'spp_abcdef...', createdAt: '2026-01-01T00:00:00.000Z' });
  reviews = reviewRepository(db);
});
afterEach(() => db.close());

describe('the review migrations', () => {
  it('when the database is opened, then the review tables exist under 0100- migration ids', () => {
    const ids = db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all();
    expect(ids).toEqual(expect.arrayContaining(['0100-review-api-keys', '0101-review-mapping-decisions', '0102-review-audit-log']));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['api_keys', 'mapping_decisions', 'audit_log']));
  });
});

describe('the audit log', () => {
  beforeEach(async () => {
    expect((await reviews.recordDecision(decision())).outcome).toBe('recorded');
  });

  const auditRows = () => db.prepare('SELECT * FROM audit_log ORDER BY id').all();

  it.each([
    ['UPDATE', "UPDATE audit_log SET reason = 'rewritten'"],
    ['UPDATE of the id', 'UPDATE audit_log SET id = id + 100'],
    ['DELETE', 'DELETE FROM audit_log'],
    [
      'INSERT OR REPLACE on the same id',
      `INSERT OR REPLACE INTO audit_log (id, at, urn, school_name, decision, previous_status, previous_designation, designation, proposed, reason, reviewer, reviewer_key_id, version)
       VALUES (1, '2026-03-02T00:00:00.000Z', 119026, 'x', 'override', 'proposed', 'NLD', 'SEMH', 'NLD', 'forged', 'Mallory', '${KEY_ID}', 1)`,
    ],
    [
      'INSERT OR REPLACE on the same school and version',
      `INSERT OR REPLACE INTO audit_log (at, urn, school_name, decision, previous_status, previous_designation, designation, proposed, reason, reviewer, reviewer_key_id, version)
       VALUES ('2026-03-02T00:00:00.000Z', 119026, 'x', 'override', 'proposed', 'NLD', 'SEMH', 'NLD', 'forged', 'Mallory', '${KEY_ID}', 1)`,
    ],
    [
      'an upsert',
      `INSERT INTO audit_log (id, at, urn, school_name, decision, previous_status, previous_designation, designation, proposed, reason, reviewer, reviewer_key_id, version)
       VALUES (1, '2026-03-02T00:00:00.000Z', 119026, 'x', 'override', 'proposed', 'NLD', 'SEMH', 'NLD', 'forged', 'Mallory', '${KEY_ID}', 9)
       ON CONFLICT (id) DO UPDATE SET reason = excluded.reason`,
    ],
  ])('when SQL tries %s, then the database refuses and the entry is unchanged', (_, sql) => {
    const before = auditRows();
    expect(() => db.exec(sql)).toThrow(/append-only/);
    expect(auditRows()).toEqual(before);
  });

  it('when a decision is recorded, then a new entry is appended and the earlier ones stay as they were', async () => {
    const before = auditRows();
    await reviews.recordDecision(decision({ decision: 'override', designation: 'SEMH', reason: 'second thoughts', expectedVersion: 1 }));
    const after = auditRows();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
  });
});

describe('recording decisions', () => {
  it('when the expected version is stale, then nothing is written', async () => {
    await reviews.recordDecision(decision());
    const result = await reviews.recordDecision(decision({ decision: 'override', designation: 'SEMH', expectedVersion: 0 }));
    expect(result.outcome).toBe('stale');
    expect(result.outcome === 'stale' && result.current?.version).toBe(1);
    expect(await reviews.decision(119026)).toMatchObject({ status: 'approved', designation: 'NLD', version: 1 });
    expect((await reviews.audit({})).total).toBe(1);
  });

  it('when the first decision names a version above 0, then it is stale too', async () => {
    expect((await reviews.recordDecision(decision({ expectedVersion: 1 }))).outcome).toBe('stale');
    expect(await reviews.decisions()).toEqual([]);
  });

  it('when decisions follow one another, then versions count up and the audit entry records the previous state', async () => {
    await reviews.recordDecision(decision());
    const second = await reviews.recordDecision(decision({ decision: 'override', designation: 'SEMH', reason: 'intake', expectedVersion: 1, at: '2026-03-02T09:00:00.000Z' }));
    expect(second.outcome).toBe('recorded');
    if (second.outcome !== 'recorded') return;
    expect(second.decision).toMatchObject({ status: 'overridden', designation: 'SEMH', version: 2, decidedAt: '2026-03-02T09:00:00.000Z' });
    expect(second.audit).toMatchObject({ previousStatus: 'approved', previousDesignation: 'NLD', designation: 'SEMH', version: 2 });
  });

  it('when the database is closed and reopened, then decisions and audit entries are still there', async () => {
    await reviews.recordDecision(decision());
    const before = { decisions: await reviews.decisions(), audit: await reviews.audit({}) };
    db.close();
    db = openDatabase(dataDir);
    const reopened = reviewRepository(db);
    expect({ decisions: await reopened.decisions(), audit: await reopened.audit({}) }).toEqual(before);
  });

  it('when a decision names a key that does not exist, then the database refuses it', async () => {
    await expect(reviews.recordDecision(decision({ reviewerKeyId: 'ffffffffffff' }))).rejects.toThrow(/FOREIGN KEY/);
    expect(await reviews.decisions()).toEqual([]);
    expect((await reviews.audit({})).total).toBe(0);
  });
});

describe('API keys in the database', () => {
  it('when SQL tries to delete or edit a key, then the database refuses; revoking works once', async () => {
    expect(() => db.exec('DELETE FROM api_keys')).toThrow(/append-only/);
    expect(() => db.exec("UPDATE api_keys SET role = 'admin'")).toThrow(/only be revoked/);
    const keys = apiKeyRepository(db);
    const revoked = await keys.revoke(KEY_ID, '2026-05-01T00:00:00.000Z');
    expect(revoked?.revokedAt).toBe('2026-05-01T00:00:00.000Z');
    expect((await keys.revoke(KEY_ID, '2026-06-01T00:00:00.000Z'))?.revokedAt).toBe('2026-05-01T00:00:00.000Z');
    expect(() => db.exec('UPDATE api_keys SET revoked_at = NULL')).toThrow(/only be revoked/);
    expect(await keys.findActiveByHash('f'.repeat(64))).toBeUndefined();
    expect(await keys.revoke('000000000000', '2026-06-01T00:00:00.000Z')).toBeUndefined();
  });
});
