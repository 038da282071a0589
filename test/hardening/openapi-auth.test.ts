/**
 * Authentication on every non-public route, enumerated from the committed OpenAPI document (what
 * integrators read): an operation that declares a security requirement must refuse an anonymous
 * call with 401; one that does not must be a read (GET) and must not ask for a key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PROJECT_ROOT } from '../helpers/app.js';

type Op = { security?: unknown[]; parameters?: { name: string; in: string }[] };
const doc = JSON.parse(readFileSync(join(PROJECT_ROOT, 'openapi/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, Op>> };
const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
const url = (path: string) => path.replace(/\{[^}]+\}/g, (p) => (p === '{urn}' ? '119056' : 'some-id'));

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe('the OpenAPI document and authentication', () => {
  it('lists protected operations for the need-profile, review, admin and capital-plan routes', () => {
    const protectedPaths = new Set(operations.filter((o) => o.op.security?.length).map((o) => o.path));
    for (const p of ['/match', '/match/batch', '/placements/search', '/placements/search/batch', '/designations/mappings', '/audit', '/audit/scenarios', '/api-keys', '/plans']) {
      expect(protectedPaths).toContain(p);
    }
  });

  it.each(operations.filter((o) => o.op.security?.length).map((o) => [`${o.method} ${o.path}`, o] as const))(
    'when %s is called without a key, then 401',
    async (_name, o) => {
      const res = await app.inject({ method: o.method as 'GET', url: url(o.path), payload: o.method === 'GET' ? undefined : {} });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    },
  );

  it.each(operations.filter((o) => !o.op.security?.length).map((o) => [`${o.method} ${o.path}`, o] as const))(
    'when public %s is called without a key, then it is a read and does not ask for one',
    async (_name, o) => {
      expect(o.method).toBe('GET');
      const res = await app.inject({ method: 'GET', url: url(o.path) });
      expect(res.statusCode).not.toBe(401);
      expect(res.statusCode).not.toBe(403);
    },
  );
});
