import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/features/api-keys/api-keys.js';
import { proposeAllMappings } from '../../../src/domain/designations/designation-mapping.js';
import { reviewRepository } from '../../../src/features/review/review-repository.js';
import { buildTestApp, kentRegistry } from '../../helpers/app.js';

let app: FastifyInstance;
let key: string;
const [first, second] = proposeAllMappings(kentRegistry());

/** Decisions at known times, by two reviewers, written through the repository. */
const HISTORY = [
  { urn: first!.urn, at: '2026-03-01T09:00:00.000Z', reviewer: 'A. Officer', version: 0 },
  { urn: first!.urn, at: '2026-03-01T23:59:59.999Z', reviewer: 'B. Officer', version: 1 },
  { urn: second!.urn, at: '2026-03-02T00:00:00.000Z', reviewer: 'A. Officer', version: 0 },
  { urn: second!.urn, at: '2026-03-15T12:30:00.000Z', reviewer: 'B. Officer', version: 1 },
  { urn: first!.urn, at: '2026-04-01T08:00:00.000Z', reviewer: 'A. Officer', version: 2 },
];

beforeAll(async () => {
  app = await buildTestApp();
  const created = await createApiKey(app.apiKeys, { name: 'Auditor', role: 'commissioner' });
  key = created.key;
  const repository = reviewRepository(app.db);
  for (const h of HISTORY) {
    const p = h.urn === first!.urn ? first! : second!;
    const result = await repository.recordDecision({
      urn: h.urn,
      schoolName: p.name,
      decision: 'approve',
      designation: p.proposed,
      proposed: p.proposed,
      reason: `reason, with "quotes" at ${h.at}`,
      reviewer: h.reviewer,
      reviewerKeyId: created.record.id,
      at: h.at,
      expectedVersion: h.version,
    });
    expect(result.outcome).toBe('recorded');
  }
});
afterAll(() => app.close());

const audit = (query: string) => app.inject({ method: 'GET', url: `/audit${query}`, headers: { authorization: `Bearer ${key}` } });
const times = async (query: string) => (await audit(query)).json().items.map((e: { at: string }) => e.at);

describe('GET /audit', () => {
  it('when unfiltered, then every entry comes back oldest first', async () => {
    const res = await audit('');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(HISTORY.length);
    expect(await times('')).toEqual(HISTORY.map((h) => h.at));
  });

  it('when filtered by school, then only that school', async () => {
    expect(await times(`?urn=${second!.urn}`)).toEqual([HISTORY[2]!.at, HISTORY[3]!.at]);
  });

  it('when filtered by reviewer, then the name matches case-insensitively and exactly', async () => {
    expect(await times('?reviewer=b.%20officer')).toEqual([HISTORY[1]!.at, HISTORY[3]!.at]);
    expect(await times('?reviewer=Officer')).toEqual([]);
  });

  it('when filtered by dates, then a bare date covers its whole UTC day at both ends', async () => {
    expect(await times('?from=2026-03-01&to=2026-03-01')).toEqual([HISTORY[0]!.at, HISTORY[1]!.at]);
    expect(await times('?from=2026-03-02')).toEqual([HISTORY[2]!.at, HISTORY[3]!.at, HISTORY[4]!.at]);
    expect(await times('?to=2026-03-14')).toEqual([HISTORY[0]!.at, HISTORY[1]!.at, HISTORY[2]!.at]);
    expect(await times('?from=2026-03-01T10:00:00Z&to=2026-03-15T12:30:00Z')).toEqual([HISTORY[1]!.at, HISTORY[2]!.at, HISTORY[3]!.at]);
    expect(await times('?from=2026-03-01T10:30:00%2B01:00&to=2026-03-02')).toEqual([HISTORY[1]!.at, HISTORY[2]!.at]);
  });

  it('when filters combine, then all apply', async () => {
    expect(await times(`?urn=${first!.urn}&reviewer=A.%20Officer&from=2026-03-02`)).toEqual([HISTORY[4]!.at]);
  });

  it('when paged, then total counts every match', async () => {
    const res = (await audit('?limit=2&offset=1')).json();
    expect(res).toMatchObject({ total: HISTORY.length, limit: 2, offset: 1 });
    expect(res.items.map((e: { at: string }) => e.at)).toEqual([HISTORY[1]!.at, HISTORY[2]!.at]);
  });

  it('when asked for CSV, then every matching entry comes back as RFC 4180 rows', async () => {
    const res = await audit(`?format=csv&urn=${first!.urn}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('audit.csv');
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe('id,at,urn,school,decision,previous_status,previous_designation,designation,proposed,reason,reviewer,reviewer_key_id,version');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"reason, with ""quotes"" at ${HISTORY[0]!.at}"`);
    expect((await app.inject({ method: 'GET', url: '/audit', headers: { authorization: `Bearer ${key}`, accept: 'text/csv' } })).body.split('\n')[0]).toMatch(/^id,at,/);
  });

  it.each([
    ['?from=2026-13-01', 'querystring.from'],
    ['?to=yesterday', 'querystring.to'],
    ['?from=2026-03-02&to=2026-03-01', 'querystring.from'],
    ['?urn=12', 'querystring.urn'],
    ['?limit=0', 'querystring.limit'],
    ['?school=119026', 'querystring'],
    ['?format=xml', 'querystring.format'],
  ])('when the query is %s, then 400 names %s', async (query, path) => {
    const res = await audit(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('when from is not a date (from=yesterday), then the 400 says which formats it takes', async () => {
    const res = await audit('?from=yesterday');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      { path: 'querystring.from', message: expect.stringMatching(/^expected a date, 2026-03-01 \(a whole UTC day\), or a date-time with its offset, 2026-03-01T09:00:00Z/) },
    ]);
  });
});
