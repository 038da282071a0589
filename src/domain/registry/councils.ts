/**
 * Every council the service has loaded, each with its own registry (models/<folder>/), and how a
 * request names one: by ONS code (E06000035), DfE LA code (887), name (Medway) or folder (medway),
 * in any case. One council is the default (Kent, where loaded), for callers that name none.
 *
 * A registry stays one council's: a run that needs two councils' data (a Kent run counting Medway's
 * special schools as reachable, independent schools shared between them) takes the registries it
 * needs from here, `together(...)`, rather than a registry that merges councils.
 */
import type { Registry } from './registry.js';

export interface Council {
  /** The folder under models/, e.g. "medway". */
  id: string;
  name: string;
  laCode: string;
  gssCode: string;
  /** The dataset folder. */
  dir: string;
  registry: Registry;
}

export class Councils {
  private readonly byKey = new Map<string, Council>();

  constructor(
    private readonly list: readonly Council[],
    defaultId: string,
  ) {
    if (!list.length) throw new Error('no council loaded');
    for (const c of list) {
      for (const key of [c.id, c.name, c.laCode, c.gssCode]) {
        const k = key.toLowerCase();
        const other = this.byKey.get(k);
        if (other && other !== c) throw new Error(`councils ${other.id} and ${c.id} are both named "${key}"`);
        this.byKey.set(k, c);
      }
    }
    const d = list.find((c) => c.id === defaultId);
    if (!d) throw new Error(`the default council ${defaultId} is not loaded`);
    this.default = d;
  }

  readonly default: Council;

  all(): readonly Council[] {
    return this.list;
  }

  /** The council a name, code or folder names (any case); undefined when none is loaded. */
  find(la: string): Council | undefined {
    return this.byKey.get(la.trim().toLowerCase());
  }

  /** The councils named, in order: for a run over several councils' data (the next phase of issue 24). */
  together(names: readonly string[]): Council[] {
    return names.map((n) => {
      const c = this.find(n);
      if (!c) throw new Error(`no council "${n}" is loaded (${this.describe()})`);
      return c;
    });
  }

  /** "Kent (E10000016, LA 886), Medway (E06000035, LA 887)": for messages. */
  describe(): string {
    return this.list.map((c) => `${c.name} (${c.gssCode}, LA ${c.laCode})`).join(', ');
  }
}

/** One council from a loaded registry. */
export function councilOf(id: string, dir: string, registry: Registry): Council {
  const la = registry.dataset.localAuthority;
  return { id, name: la.name, laCode: la.laCode, gssCode: la.gssCode, dir, registry };
}
