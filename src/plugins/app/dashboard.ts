import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The project folder: the nearest parent holding package.json. The plugin runs both from src/ (tsx,
 * tests) and from dist/src/ (npm start), and the page's assets are served from src/web/ in both
 * cases, so they need no build step.
 */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const WEB_DIR = join(projectRoot(import.meta.dirname), 'src/web');
const LEAFLET_DIR = join(dirname(createRequire(import.meta.url).resolve('leaflet/package.json')), 'dist');

/** The dashboard's pages, as src/web/pages.js lists them (a test checks the two agree). */
export const DASHBOARD_PAGES = ['sufficiency', 'demand', 'plans', 'placements', 'designations', 'data', 'keys'] as const;

/**
 * The dashboard: `/` and `/app/<page>` are the pages, `/web/` its scripts and styles, `/web/vendor/leaflet/` Leaflet
 * from node_modules. Everything is same-origin (no CDN, no tile server), so the content security
 * policy in security.ts holds. Routes are registered per file (no wildcard), so unknown paths keep
 * the API's JSON 404, and they are hidden from the OpenAPI document.
 */
async function dashboard(app: FastifyInstance) {
  await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/web/', wildcard: false, index: false, maxAge: 0 });
  await app.register(fastifyStatic, {
    root: LEAFLET_DIR,
    prefix: '/web/vendor/leaflet/',
    wildcard: false,
    decorateReply: false,
  });
  const page = (_request: unknown, reply: import('fastify').FastifyReply) => reply.type('text/html; charset=utf-8').sendFile('index.html', WEB_DIR);
  app.get('/', { schema: { hide: true } }, page);
  // One address per page (src/web/pages.js), each the same document: the page shows what its address names.
  for (const id of DASHBOARD_PAGES) app.get(`/app/${id}`, { schema: { hide: true } }, page);
}

export default fp(dashboard, { name: 'dashboard' });
