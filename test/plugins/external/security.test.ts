import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { authHeader, buildTestApp } from '../../helpers/app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('security headers and CORS', () => {
  it('when any route answers, then it carries helmet security headers with a same-origin content security policy', async () => {
    app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(String(res.headers['content-security-policy'])).toMatch(/default-src 'self'/);
    expect(String(res.headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
  });

  it('when no origins are configured, then a cross-origin browser call gets no CORS permission', async () => {
    app = await buildTestApp();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/schools',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const get = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://elsewhere.example' } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when an origin is configured, then only that origin is allowed', async () => {
    app = await buildTestApp({ corsOrigins: ['https://planning.kent.gov.uk'] });
    const ok = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://planning.kent.gov.uk' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://planning.kent.gov.uk');
    const other = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://elsewhere.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limiting', () => {
  it('when a caller exceeds the per-minute limit, then 429 with Retry-After, counted per valid API key', async () => {
    app = await buildTestApp({ rateLimitPerMinute: 3 });
    const a = await authHeader(app, 'planner');
    const b = await authHeader(app, 'planner');
    const call = (headers: Record<string, string> = {}) => app!.inject({ method: 'GET', url: '/health', headers });
    for (let i = 0; i < 3; i++) expect((await call(a)).statusCode).toBe(200);
    const limited = await call(a);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json()).toMatchObject({ statusCode: 429, message: expect.stringMatching(/3 requests per minute/) });
    expect((await call(b)).statusCode).toBe(200);
    expect((await call()).statusCode).toBe(200);
  });

  it('when made-up tokens rotate, then they share the address bucket and are still limited', async () => {
    app = await buildTestApp({ rateLimitPerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push((await app.inject({ method: 'GET', url: '/health', headers: { authorization: `Bearer made-up-${i}` } })).statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 429, 429]);
  });
});
