/**
 * The shape of the code, checked on every `npm test`: data flows one way (models/ -> registry ->
 * domain -> features -> app), so src/ has no import cycles, src/domain imports nothing outside
 * itself (and no web framework), the registry imports no feature (each hands it its loader), and
 * no route module imports another.
 */
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/app.js';
import { importCycles, importGraph } from './helpers/import-graph.js';

const graph = importGraph(PROJECT_ROOT, 'src');
const isRouteModule = (path: string) => /^src\/features\/[^/]+\/[^/]*-routes\.ts$/.test(path);

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
