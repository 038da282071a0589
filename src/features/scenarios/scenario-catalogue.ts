/**
 * Where scenarios come from: files in the scenarios folder (JSON or YAML, shipped with the service and
 * read-only through the API) and scenarios saved through POST /scenarios (in the database). A file's
 * scenario id must match its file name, so `npm run scenario -- scenarios/<id>.yaml` and
 * `{"scenarioId": "<id>"}` name the same thing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { scenarioSchema, type Scenario } from '../../domain/sufficiency/scenario.js';
import type { SavedScenarioRepository } from './saved-scenario-repository.js';
import type { scenarioEntrySchema } from './scenario-schemas.js';

/** A scenario as listed: defined once, as the API's schema (scenario-schemas.ts). */
export type CatalogueEntry = z.infer<typeof scenarioEntrySchema>;
export type ScenarioSource = CatalogueEntry['source'];

export interface FileProblem {
  file: string;
  message: string;
}

const SCENARIO_EXTENSIONS = new Set(['.json', '.yaml', '.yml']);


// yaml is loaded on first use, not on the start-up path (it costs ~25 ms to import).
let yaml: typeof import('yaml') | undefined;
const parseYaml = (text: string): unknown => (yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);

/** Parses a scenario file's text (JSON or YAML by extension) and validates it; throws with the field path. */
export function parseScenarioFile(path: string, text: string): Scenario {
  const raw: unknown = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid scenario: ${issues.join('; ')}`);
  }
  return parsed.data;
}

const conflict = (id: string) => new DomainError('conflict', `a scenario "${id}" already exists; choose another id`);

export class ScenarioCatalogue {
  constructor(
    private readonly dir: string,
    private readonly saved: SavedScenarioRepository,
    /** Whether a scenario would run against the dataset; throws at the field when not. */
    private readonly check: (scenario: Scenario) => Promise<void>,
  ) {}

  private files(): { scenarios: Map<string, Scenario>; problems: FileProblem[] } {
    const scenarios = new Map<string, Scenario>();
    const problems: FileProblem[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).sort();
    } catch {
      return { scenarios, problems: [{ file: this.dir, message: 'scenarios folder not readable' }] };
    }
    for (const file of names) {
      const ext = extname(file);
      if (!SCENARIO_EXTENSIONS.has(ext) || file.endsWith('.schema.json')) continue;
      try {
        const scenario = parseScenarioFile(file, readFileSync(join(this.dir, file), 'utf8'));
        if (scenario.id !== basename(file, ext)) throw new Error(`id "${scenario.id}" does not match the file name`);
        if (scenarios.has(scenario.id)) throw new Error(`a second file for scenario "${scenario.id}"`);
        scenarios.set(scenario.id, scenario);
      } catch (err) {
        problems.push({ file, message: (err as Error).message });
      }
    }
    return { scenarios, problems };
  }

  list(): { items: CatalogueEntry[]; problems: FileProblem[] } {
    const { scenarios, problems } = this.files();
    const entry = (s: Scenario, source: ScenarioSource, createdAt: string | null): CatalogueEntry => ({
      id: s.id,
      name: s.name,
      description: s.description,
      year: s.year ?? s.horizon!.from,
      horizon: s.horizon ? { from: s.horizon.from, to: s.horizon.to } : null,
      level: s.level,
      designationSet: s.designationSet,
      source,
      createdAt,
    });
    const items = [...scenarios.values()].map((s) => entry(s, 'file', null));
    for (const saved of this.saved.list()) {
      items.push(entry(scenarioSchema.parse(JSON.parse(saved.bodyJson)), 'saved', saved.createdAt));
    }
    return { items, problems };
  }

  /** The scenario with this id, from a file or saved; not-found when there is none. */
  get(id: string): { scenario: Scenario; source: ScenarioSource } {
    const found = this.find(id);
    if (!found) throw new DomainError('not-found', `no scenario "${id}" (see GET /scenarios)`);
    return found;
  }

  private find(id: string): { scenario: Scenario; source: ScenarioSource } | undefined {
    const file = this.files().scenarios.get(id);
    if (file) return { scenario: file, source: 'file' };
    const saved = this.saved.get(id);
    return saved ? { scenario: scenarioSchema.parse(JSON.parse(saved.bodyJson)), source: 'saved' } : undefined;
  }

  /**
   * Saves a new scenario once it is checked against the dataset (field paths relative to the
   * scenario); an id in use, by a file or a saved scenario, is a conflict.
   */
  async save(scenario: Scenario, createdBy: string | null): Promise<void> {
    await this.check(scenario);
    if (this.find(scenario.id)) throw conflict(scenario.id);
    try {
      this.saved.save({ id: scenario.id, name: scenario.name, bodyJson: JSON.stringify(scenario), createdBy });
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw conflict(scenario.id);
      throw err;
    }
  }
}
