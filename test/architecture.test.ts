/**
 * The shape of the code, checked on every `npm test`: data flows one way (models/ -> registry ->
 * domain -> features -> app), so src/ has no import cycles, src/domain imports nothing outside
 * itself (and no web framework), the registry imports no feature (each hands it its loader), no
 * route module imports another, a feature reaches into no other feature (only its API schemas),
 * background jobs have one home (src/jobs/), every module says at its top what it is for, and code
 * kept for older callers says the version it goes in (a version not yet reached).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/app.js';
import { importCycles, importGraph } from './helpers/import-graph.js';

const graph = importGraph(PROJECT_ROOT, 'src');
const isRouteModule = (path: string) => /^src\/features\/[^/]+\/[^/]*-routes\.ts$/.test(path);
const featureOf = (path: string) => /^src\/features\/([^/]+)\//.exec(path)?.[1];
/** A feature's API schemas, which another feature may reuse (a scenario id, an audit entry). */
const isSchemaModule = (path: string) => /^src\/features\/[^/]+\/[^/]*-schemas\.ts$/.test(path);

describe('the import graph of src/', () => {
  it('is read from every source file (a sanity check on the reader itself)', () => {
    expect(graph.modules).toContain('src/app.ts');
    expect(graph.imports.get('src/server.ts')).toContain('src/app.ts');
    // import type counts: the app's module augmentation reads the registry's type.
    expect(graph.imports.get('src/app.ts')).toEqual(expect.arrayContaining(['src/config.ts']));
    expect(graph.packages.get('src/app.ts')).toContain('fastify');
    expect(graph.modules.filter(isRouteModule).length).toBeGreaterThanOrEqual(10);
    // Only the dashboard imports what is not a file here: Leaflet, served from node_modules at /web/vendor/.
    const unresolved = [...graph.unresolved].flatMap(([module, specifiers]) => specifiers.map((s) => `${module} -> ${s}`));
    expect(unresolved.filter((u) => !/^src\/web\/[^ ]+ -> \.\/vendor\//.test(u))).toEqual([]);
  });

  it('when cycles are looked for, then there are none', () => {
    expect(importCycles(graph.imports)).toEqual([]);
  });

  it('when src/domain imports something, then it is in src/domain or a package that is not a web framework', () => {
    const outside: string[] = [];
    for (const [module, targets] of graph.imports) {
      if (!module.startsWith('src/domain/')) continue;
      for (const target of targets) if (!target.startsWith('src/domain/')) outside.push(`${module} -> ${target}`);
      for (const pkg of graph.packages.get(module) ?? []) if (/^(fastify|@fastify\/)/.test(pkg)) outside.push(`${module} -> ${pkg}`);
    }
    expect(outside).toEqual([]);
  });

  it('when the registry imports something, then it is its own, the codes or geometry: it never reaches up into a feature', () => {
    const upward: string[] = [];
    for (const [module, targets] of graph.imports) {
      if (!module.startsWith('src/domain/registry/')) continue;
      for (const target of targets) if (!/^src\/domain\/(registry\/|geo\/|needs\.ts$)/.test(target)) upward.push(`${module} -> ${target}`);
    }
    expect(upward).toEqual([]);
  });

  it('when a feature imports from another feature, then it is that feature\'s API schemas, never its services, repositories or workers', () => {
    const reaching: string[] = [];
    for (const [module, targets] of graph.imports) {
      const feature = featureOf(module);
      if (!feature) continue;
      for (const target of targets) {
        const other = featureOf(target);
        if (other && other !== feature && !isSchemaModule(target)) reaching.push(`${module} -> ${target}`);
      }
    }
    expect(reaching).toEqual([]);
  });

  it('when a module starts a worker thread, then it is src/jobs/worker-pool.ts: one pool, one worker entry, for every background job', () => {
    const piscina = [...graph.packages].filter(([module, pkgs]) => pkgs.includes('piscina') && !/^src\/(jobs\/|features\/[^/]+\/[^/]*-worker\.ts$)/.test(module));
    expect(piscina.map(([module]) => module)).toEqual([]);
    // Worker modules read piscina's workerData only; the pool is the one place that makes threads.
    const entries = graph.modules.filter((m) => /\.mjs$/.test(m));
    expect(entries).toEqual(['src/jobs/worker-entry-tsx.mjs']);
  });

  it('when a module is opened, then its first lines are a comment saying what it is for', () => {
    const bare = graph.modules.filter((m) => !/^\s*(\/\*|\/\/)/.test(readFileSync(join(PROJECT_ROOT, m), 'utf8')));
    expect(bare).toEqual([]);
  });

  it('when a module keeps code for older callers or stored data, then it names the version it goes in, and that version is still to come', () => {
    const version = (v: string) => v.split('.').map(Number).reduce((sum, part) => sum * 1000 + part, 0);
    const current = version((JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const due: string[] = [];
    for (const module of graph.modules) {
      for (const [, goesIn] of readFileSync(join(PROJECT_ROOT, module), 'utf8').matchAll(/Compatibility[^]*?goes in (\d+\.\d+\.\d+)/g)) {
        if (version(goesIn!) <= current) due.push(`${module}: goes in ${goesIn}`);
      }
    }
    expect(due).toEqual([]);
  });

  it('when a route module imports something, then it is not another route module', () => {
    const routeToRoute: string[] = [];
    for (const [module, targets] of graph.imports) {
      if (!isRouteModule(module)) continue;
      for (const target of targets) if (isRouteModule(target)) routeToRoute.push(`${module} -> ${target}`);
    }
    expect(routeToRoute).toEqual([]);
  });
});

describe('the cycle finder', () => {
  it('when modules import each other directly or round a loop, then each cycle is reported once as a path', () => {
    const imports = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts', 'c.ts']],
      ['c.ts', ['d.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', ['c.ts']],
      ['f.ts', ['f.ts']],
      ['g.ts', ['a.ts']],
    ]);
    expect(importCycles(imports).sort()).toEqual(['a.ts -> b.ts -> a.ts', 'c.ts -> d.ts -> e.ts -> c.ts', 'f.ts -> f.ts']);
  });

  it('when the imports form a tree with shared leaves, then there is no cycle', () => {
    const imports = new Map([
      ['a.ts', ['b.ts', 'c.ts']],
      ['b.ts', ['d.ts']],
      ['c.ts', ['d.ts']],
      ['d.ts', []],
    ]);
    expect(importCycles(imports)).toEqual([]);
  });
});
