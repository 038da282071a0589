/**
 * Access control, checked on every route the app declares as not public - including routes other
 * features add later: the routes are enumerated from the app itself, not listed here.
 */
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../../src/app.js';
import { createApiKey } from '../../../src/features/api-keys/api-keys.js';
import { ROLES, type Role } from '../../../src/features/api-keys/roles.js';
import { apiKeyRepository } from '../../../src/features/api-keys/api-key-repository.js';
import { openDatabase } from '../../../src/database/database.js';
import auth, { type RouteAccess } from '../../../src/plugins/app/auth.js';
import errors from '../../../src/plugins/app/errors.js';
import { buildTestApp, kentRegistry, tempDir, testConfig } from '../../helpers/app.js';

/** A URL that reaches the route; parameter values do not matter, access is checked before validation. */
const SAMPLE_PARAMS: Record<string, string> = { urn: '119026', id: '000000000000' };
const concreteUrl = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? '1').replace(/\*/g, 'x');
type ProtectedRoute = RouteAccess & { access: Exclude<RouteAccess['access'], 'public'> };
const label = (r: RouteAccess) => `${r.method} ${r.url}`;
const allowedRoles = (r: ProtectedRoute): Role[] => (r.access === 'authenticated' ? [...ROLES] : ROLES.filter((role) => role === 'admin' || r.access.includes(role)));
const forbiddenRoles = (r: ProtectedRoute): Role[] => ROLES.filter((role) => !allowedRoles(r).includes(role));

let app: FastifyInstance;
const keyOf = {} as Record<Role, string>;
let revokedKey: string;
let routes: readonly ProtectedRoute[];

beforeAll(async () => {
  app = await buildTestApp();
  for (const role of ROLES) keyOf[role] = (await createApiKey(app.apiKeys, { name: `Test ${role}`, role })).key;
  const revoked = await createApiKey(app.apiKeys, { name: 'Former officer', role: 'officer' });
  await app.apiKeys.revoke(revoked.record.id, new Date().toISOString());
  revokedKey = revoked.key;
  routes = app.routeAccess.filter((r): r is ProtectedRoute => r.access !== 'public');
});
afterAll(() => app.close());

const call = (r: ProtectedRoute, authorization?: string) =>
  app.inject({ method: r.method as 'GET', url: concreteUrl(r.url), headers: authorization === undefined ? {} : { authorization } });

describe('access control', () => {
  it('when the app is built, then it knows its protected routes, the designation decision among them', () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(routes).toContainEqual({ method: 'POST', url: '/designations/mappings/:urn/decision', access: ['officer'] });
  });

  it('when any protected route is called without a key, then it answers 401 with a Bearer challenge', async () => {
    for (const r of routes) {
      const res = await call(r);
      expect(res.statusCode, label(r)).toBe(401);
      expect(res.headers['www-authenticate'], label(r)).toBe('Bearer realm="send-place-planner"');
    }
  });

  it('when any protected route is called with a malformed, unknown or revoked key, then it answers 401', async () => {
    const unknown = `spp_${'A'.repeat(43)}`;
    for (const r of routes) {
      for (const authorization of [`Basic ${Buffer.from('officer:secret').toString('base64')}`, 'Bearer', `Bearer ${unknown}`, `Bearer ${revokedKey}`, keyOf.admin]) {
        const res = await call(r, authorization);
        expect(res.statusCode, `${label(r)} with "${authorization.slice(0, 12)}..."`).toBe(401);
        expect(res.headers['www-authenticate'], label(r)).toMatch(/^Bearer realm=/);
      }
      expect((await call(r, `Bearer ${unknown}`)).headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('when a role-restricted route is called with a key of any other role, then it answers 403', async () => {
    let checked = 0;
    for (const r of routes) {
      for (const role of forbiddenRoles(r)) {
        const res = await call(r, `Bearer ${keyOf[role]}`);
        expect(res.statusCode, `${label(r)} as ${role}`).toBe(403);
        if (r.method !== 'HEAD') expect(res.json().message, label(r)).toContain(`has role ${role}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('when a protected route is called with an allowed role (admin included), then it gets past access control', async () => {
    for (const r of routes) {
      expect(allowedRoles(r), label(r)).toContain('admin');
      for (const role of allowedRoles(r)) {
        const res = await call(r, `bearer  ${keyOf[role]}`);
        expect([401, 403], `${label(r)} as ${role}: ${res.body.slice(0, 200)}`).not.toContain(res.statusCode);
      }
    }
  });

  it('when a route changes state, then it is not public', () => {
    // Add a route here only after deciding, in review, that anyone may call it without a key.
    const PUBLIC_WRITES: string[] = [];
    const publicWrites = app.routeAccess
      .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.access === 'public')
      .map(label)
      .filter((route) => !PUBLIC_WRITES.includes(route));
    expect(publicWrites).toEqual([]);
    expect(app.routeAccess.some((r) => r.access === 'public' && r.url === '/schools')).toBe(true);
  });

  it('when the OpenAPI document is generated, then exactly the protected routes carry the API-key security requirement', () => {
    const doc = app.swagger() as unknown as { paths: Record<string, Record<string, { security?: unknown; 'x-access'?: unknown; responses: Record<string, unknown> }>> };
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        if (op.security) {
          documented.add(key);
          expect(op.security, key).toEqual([{ apiKey: [] }]);
          expect(op.responses, key).toHaveProperty('401');
        }
      }
    }
    const declared = new Set(routes.filter((r) => r.method !== 'HEAD').map(label));
    expect([...documented].sort()).toEqual([...declared].sort());
    const decision = doc.paths['/designations/mappings/{urn}/decision']!.post!;
    expect(decision['x-access']).toEqual(['officer']);
    expect(decision.responses).toHaveProperty('403');
  });

  it('when requests carry a key, then the key never reaches the log', async () => {
    let logged = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((logged += chunk), done()) });
    const config = testConfig();
    const logging = await buildApp({ config, registry: kentRegistry(), logger: { ...(loggerOptions('trace') as object), stream: sink } });
    const { key } = await createApiKey(logging.apiKeys, { name: 'Logged officer', role: 'officer' });
    await logging.inject({ method: 'GET', url: '/audit', headers: { authorization: `Bearer ${key}` } });
    await logging.inject({ method: 'POST', url: '/designations/mappings/119026/decision', headers: { authorization: `Bearer ${key}` }, payload: { decision: 'approve', reason: 'fits', expectedVersion: 0 } });
    await logging.close();
    expect(logged).toContain('designation decision recorded');
    expect(logged).not.toContain(key);
    expect(logged).not.toContain(key.slice(4, 20));
  });
});

describe('access declarations', () => {
  it('when a route declares an unknown role, then the app refuses to start', async () => {
    const db = openDatabase(tempDir());
    const bad = Fastify();
    await bad.register(errors);
    await bad.register(auth, { apiKeys: apiKeyRepository(db) });
    void bad.register(async (routes) => {
      routes.get('/x', { config: { access: ['superuser' as Role] } }, async () => 'x');
    });
    await expect(bad.ready()).rejects.toThrow(/GET \/x: config.access must be/);
    db.close();
  });
});
