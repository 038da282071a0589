/**
 * Property-based robustness: thousands of random and malformed path parameters, query strings and
 * bodies, sent to every route in the OpenAPI document with an admin key (admin passes every role
 * check, so requests reach validation). Every answer must be 2xx or 4xx, never 5xx; every error a
 * JSON message without a stack trace; and no error on a need-profile route may repeat a submitted value.
 */
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, buildTestApp } from '../helpers/app.js';

let app: FastifyInstance;
let admin: Record<string, string>;
type Operation = { method: string; path: string; params: { name: string; in: string }[]; hasBody: boolean; tags: string[] };
let operations: Operation[];

beforeAll(async () => {
  app = await buildTestApp();
  admin = await authHeader(app, 'admin');
  const doc = app.swagger() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown; tags?: string[] }>> };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
      hasBody: op.requestBody !== undefined,
      tags: op.tags ?? [],
    })),
  );
});
afterAll(() => app.close());

/** Routes that take a need profile: their errors must never repeat what was sent. */
const PROFILE_ROUTES = new Set(['/match', '/match/batch', '/placements/search', '/placements/search/batch']);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** Strings that tend to break parsers, plus arbitrary ones; each tagged so an echo can be found. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}', '%', '%00', '..', '../../etc/passwd', "'; DROP TABLE x;--", '<script>', '\u0000', '\uFFFF', '𝒳', 'E01024279', '119056', 'ASD'),
  fc.integer().map(String),
  fc.double().map(String),
);
const jsonValue = fc.jsonValue({ maxDepth: 4 });
const profileLike = fc.record(
  {
    primaryNeed: fc.oneof(fc.constantFrom('ASD', 'SEMH', 'PMLD', 'HI'), nasty),
    secondaryNeeds: fc.oneof(fc.array(fc.constantFrom('ASD', 'SLCN', 'MLD')), jsonValue),
    learningDifficulty: fc.oneof(fc.constantFrom('none', 'mild', 'moderate', 'severe', 'profound'), nasty),
    traits: fc.oneof(fc.array(fc.constantFrom('adhd', 'challenging-behaviour')), jsonValue),
    age: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double(), nasty),
    home: fc.oneof(fc.record({ lat: fc.double(), lon: fc.double() }), fc.record({ lsoa: nasty }), jsonValue),
    extra: jsonValue,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  jsonValue,
  fc.record({ profile: profileLike, options: fc.oneof(jsonValue, fc.record({ maxDistanceKm: fc.double(), limit: fc.integer(), designationSet: nasty }, { requiredKeys: [] })) }, { requiredKeys: [] }),
  fc.array(profileLike, { maxLength: 5 }),
  fc.record({ decision: nasty, designation: nasty, reason: nasty, expectedVersion: fc.oneof(fc.integer(), nasty) }, { requiredKeys: [] }),
);
const rawBody = fc.oneof(
  body.map((b) => ({ payload: JSON.stringify(b), contentType: 'application/json' })),
  fc.string({ maxLength: 200 }).map((s) => ({ payload: s, contentType: 'application/json' })),
  fc.string({ maxLength: 200 }).map((s) => ({ payload: `primaryNeed,age\n${s}`, contentType: 'text/csv' })),
  fc.string({ maxLength: 50 }).map((s) => ({ payload: s, contentType: 'application/x-unknown' })),
);

/** Every string of length >= 4 inside a value, to look for echoes. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.trim().length >= 4) out.push(value);
  } else if (typeof value === 'number') {
    const s = String(value);
    if (s.length >= 5) out.push(s);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) stringsIn(v, out);
  }
  return out;
}

describe('every route, under random and malformed input', () => {
  it('never answers 5xx, never shows a stack trace, and answers errors as JSON with a message', async () => {
    expect(operations.length).toBeGreaterThan(10);
    let requests = 0;
    const statuses = new Map<number, number>();
    for (const op of operations) {
      const queryNames = op.params.filter((p) => p.in === 'query').map((p) => p.name);
      const pathNames = op.params.filter((p) => p.in === 'path').map((p) => p.name);
      const headerNames = op.params.filter((p) => p.in === 'header').map((p) => p.name);
      // Header parameters (If-Match on scenario edits) get nasty values too, including versions that look right.
      const headerValue = fc.oneof(nasty, fc.integer({ min: -2, max: 5 }).map((n) => `"${n}"`), fc.constantFrom('*', 'W/"1"', '"1", "2"'));
      const input = fc.record({
        path: fc.tuple(...pathNames.map((name) => (op.path.startsWith('/scenarios') && name === 'id' ? fc.oneof(nasty, fc.constantFrom('baseline-2025', 'fuzz-scenario')) : nasty))),
        headerParams: headerNames.length ? fc.dictionary(fc.constantFrom(...headerNames), headerValue, { maxKeys: headerNames.length }) : fc.constant({}),
        query: fc.dictionary(fc.oneof(fc.constantFrom(...(queryNames.length ? queryNames : ['x'])), fc.string({ maxLength: 8 })), nasty, { maxKeys: 4 }),
        body: rawBody,
        anonymous: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ path, headerParams, query, body: b, anonymous }) => {
          let url = op.path;
          pathNames.forEach((name, i) => (url = url.replace(`{${name}}`, encodeURIComponent(path[i] ?? '') || '%20')));
          const qs = new URLSearchParams(query).toString();
          const headers: Record<string, string> = anonymous ? { ...headerParams } : { ...headerParams, ...admin };
          if (op.hasBody || op.method === 'POST') headers['content-type'] = b.contentType;
          const res = await app.inject({
            method: op.method as 'GET',
            url: qs ? `${url}?${qs}` : url,
            headers,
            ...(op.method === 'GET' ? {} : { payload: b.payload }),
          });
          requests++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const where = `${op.method} ${op.path} -> ${res.statusCode}`;
          expect(res.statusCode, where).toBeLessThan(500);
          expect(res.body, where).not.toMatch(/\n\s+at [\w.<>]+ \(|node:internal|\/src\/.*\.ts:\d+/);
          if (res.statusCode >= 400) {
            const err = res.json() as { message?: unknown; statusCode?: unknown };
            expect(typeof err.message, where).toBe('string');
            expect(err.statusCode, where).toBe(res.statusCode);
            if (PROFILE_ROUTES.has(op.path) && res.statusCode === 400) {
              let sent: unknown = b.payload;
              try {
                sent = JSON.parse(b.payload);
              } catch {
                /* not JSON: look for the raw text's lines instead */
                sent = b.payload.split('\n').flatMap((l) => l.split(','));
              }
              for (const s of stringsIn(sent)) {
                // A field *name* may be named (unrecognised key); a submitted value must not appear.
                if (/^[a-zA-Z]+$/.test(s) && s.length <= 20) continue;
                expect(err.message as string, `${where}: echoed ${JSON.stringify(s)}`).not.toContain(s);
              }
            }
          }
        }),
        { numRuns: RUNS },
      );
    }
    console.log(`fuzz: ${requests} requests over ${operations.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    // The inputs must reach validation and the handlers, not stop at the door.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(requests / 4);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(requests).toBeGreaterThanOrEqual(operations.length * RUNS);
  }, 300_000);
});
