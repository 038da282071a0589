import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIR } from '../../../src/plugins/app/dashboard.js';
import { buildTestApp } from '../../helpers/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe('serving the dashboard', () => {
  it('when / is requested, then the page comes back as HTML under the same-origin content security policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<h1 id="page-heading">SEND place planner</h1>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    // The service speaks plain HTTP: upgrading would break the page on any non-loopback address.
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('when the page is read, then it has no inline script and every script and stylesheet it names is served from this origin', async () => {
    const html = (await app.inject({ method: 'GET', url: '/' })).body;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body!.trim()).toBe('');
      expect(attrs).toMatch(/src="\/web\//);
    }
    expect(html).not.toMatch(/\son[a-z]+="/); // no inline event handlers either
    const assets = [...html.matchAll(/(?:src|href)="(\/web\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/web/app.js', '/web/styles.css', '/web/vendor/leaflet/leaflet.css']));
    for (const url of assets) expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
  });

  it('when the page scripts import modules, then each import resolves to a served file (Leaflet from node_modules, no CDN)', async () => {
    for (const file of readdirSync(WEB_DIR).filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(join(WEB_DIR, file), 'utf8');
      expect(source, file).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // the SVG namespace is a name, not a fetch
      for (const [, spec] of source.matchAll(/from '(\.[^']+)'/g)) {
        const res = await app.inject({ method: 'GET', url: new URL(spec!, 'http://x/web/').pathname });
        expect(res.statusCode, `${file} imports ${spec}`).toBe(200);
        expect(res.headers['content-type']).toMatch(/javascript/);
      }
    }
  });

  it('when an unknown path is requested, then the API still answers with its JSON 404', async () => {
    for (const url of ['/web/nothing.js', '/nothing']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
  });
});
