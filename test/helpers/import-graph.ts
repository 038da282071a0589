/**
 * The import graph of a source tree, read from the files' text: static imports and re-exports
 * (`import type` included: a cycle of types is still two modules that cannot be understood apart)
 * and dynamic `import('...')` with a literal specifier. Relative specifiers are resolved to files
 * (a `.js` specifier names the `.ts` source); anything else is a package, kept by name.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface ImportGraph {
  /** Project-relative path of every module, e.g. "src/app.ts". */
  modules: string[];
  /** Module -> project-relative paths of the modules it imports (relative specifiers only). */
  imports: Map<string, string[]>;
  /** Module -> package specifiers it imports ("fastify", "node:fs", "zod/v4/core"). */
  packages: Map<string, string[]>;
  /** Module -> relative specifiers that name no file (the dashboard's URLs served from elsewhere). */
  unresolved: Map<string, string[]>;
}

const SOURCE = /\.(ts|mts|js|mjs)$/;
// `import x from '...'`, `import type {...} from '...'`, `export {...} from '...'`, `export * from '...'`,
// `import '...'` and `import('...')`. Comments are stripped first so examples in them do not count.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const target = resolve(dirname(from), specifier);
  return [target, target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts'), `${target}.ts`, join(target, 'index.ts')].find(
    (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
  );
}

export function importGraph(root: string, dir: string): ImportGraph {
  const files = sourceFiles(join(root, dir)).sort();
  const imports = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const unresolved = new Map<string, string[]>();
  for (const file of files) {
    const name = relative(root, file);
    const local = new Set<string>();
    const external = new Set<string>();
    const missing = new Set<string>();
    for (const [, , specifier] of stripComments(readFileSync(file, 'utf8')).matchAll(SPECIFIER)) {
      if (!specifier!.startsWith('.')) {
        external.add(specifier!);
        continue;
      }
      const target = resolveRelative(file, specifier!);
      if (target) local.add(relative(root, target));
      else missing.add(specifier!);
    }
    imports.set(name, [...local].sort());
    packages.set(name, [...external].sort());
    if (missing.size) unresolved.set(name, [...missing].sort());
  }
  return { modules: files.map((f) => relative(root, f)), imports, packages, unresolved };
}

/**
 * Every import cycle, one per strongly connected component with more than one module (or a module
 * importing itself), written as a path that returns to its start: "a.ts -> b.ts -> a.ts".
 */
export function importCycles(imports: Map<string, string[]>): string[] {
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of imports.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (imports.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...imports.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((component) => describeCycle(imports, new Set(component)));
}

/** One concrete cycle through a strongly connected component, by breadth-first search back to its first module. */
function describeCycle(imports: Map<string, string[]>, component: Set<string>): string {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of imports.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start].join(' -> ');
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...component].join(' <-> ');
}
