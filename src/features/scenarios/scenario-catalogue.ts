/**
 * Where scenarios come from: files in the scenarios folder (JSON or YAML, shipped with the service and
 * read-only through the API) and scenarios saved through POST /scenarios (in the database, where
 * commissioners edit and delete them, each change checked against the version it was made on and
 * kept in the scenario audit log). A file's
 * scenario id must match its file name, so `npm run scenario -- scenarios/<id>.yaml` and
 * `{"scenarioId": "<id>"}` name the same thing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { DomainError, invalidField } from '../../domain/errors.js';
import { scenarioSchema, type Scenario } from '../../domain/sufficiency/scenario.js';
import type { SavedScenarioRecord, SavedScenarioRepository, ScenarioAuditFilter, ScenarioChangeResult, ScenarioEditor } from './saved-scenario-repository.js';
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
const readOnly = (id: string) =>
  new DomainError('forbidden', `scenario "${id}" is shipped with the service (a file in scenarios/) and is read-only: duplicate it under a new id to change it`);
const notSaved = (id: string) => new DomainError('not-found', `no saved scenario "${id}" (see GET /scenarios; save a new one with POST /scenarios)`);
function stale(id: string, expected: number, current: SavedScenarioRecord) {
  const last = current.updatedAt ? `, last changed by ${current.updatedBy} at ${current.updatedAt}` : `, saved by ${current.createdBy} at ${current.createdAt}`;
  return new DomainError(
    'conflict',
    `If-Match version ${expected} is stale: scenario "${id}" is at version ${current.version}${last}. Reload it and make your change again; nothing was changed.`,
  );
}

export class ScenarioCatalogue {
  /**
   * Each file's parsed scenario (or its problem), kept while its modification time and size stay the
   * same: every list and lookup reads the folder (files may be added, edited or removed while the
   * service runs), but only a changed file is read and parsed again.
   */
  private readonly parsed = new Map<string, { mtimeMs: number; size: number; scenario?: Scenario; problem?: string }>();

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
      const read = this.read(file);
      if (read.scenario && scenarios.has(read.scenario.id)) problems.push({ file, message: `a second file for scenario "${read.scenario.id}"` });
      else if (read.scenario) scenarios.set(read.scenario.id, read.scenario);
      else problems.push({ file, message: read.problem! });
    }
    for (const file of this.parsed.keys()) if (!names.includes(file)) this.parsed.delete(file);
    return { scenarios, problems };
  }

  /** One file's scenario or problem, parsed again only when the file changed. */
  private read(file: string): { scenario?: Scenario; problem?: string } {
    const path = join(this.dir, file);
    let stat: { mtimeMs: number; size: number };
    try {
      stat = statSync(path);
    } catch (err) {
      return { problem: (err as Error).message };
    }
    const kept = this.parsed.get(file);
    if (kept && kept.mtimeMs === stat.mtimeMs && kept.size === stat.size) return kept;
    let entry: { mtimeMs: number; size: number; scenario?: Scenario; problem?: string };
    try {
      const scenario = parseScenarioFile(file, readFileSync(path, 'utf8'));
      if (scenario.id !== basename(file, extname(file))) throw new Error(`id "${scenario.id}" does not match the file name`);
      entry = { mtimeMs: stat.mtimeMs, size: stat.size, scenario };
    } catch (err) {
      entry = { mtimeMs: stat.mtimeMs, size: stat.size, problem: (err as Error).message };
    }
    this.parsed.set(file, entry);
    return entry;
  }

  list(): { items: CatalogueEntry[]; problems: FileProblem[] } {
    const { scenarios, problems } = this.files();
    const entry = (s: Scenario, source: ScenarioSource, saved?: SavedScenarioRecord): CatalogueEntry => ({
      id: s.id,
      name: s.name,
      description: s.description,
      year: s.year ?? s.horizon!.from,
      horizon: s.horizon ? { from: s.horizon.from, to: s.horizon.to } : null,
      level: s.level,
      designationSet: s.designationSet,
      source,
      createdAt: saved?.createdAt ?? null,
      version: saved?.version ?? null,
      updatedAt: saved?.updatedAt ?? null,
    });
    const items = [...scenarios.values()].map((s) => entry(s, 'file'));
    for (const saved of this.saved.list()) {
      // A file shadows a saved scenario with its id (get() answers with the file).
      if (!scenarios.has(saved.id)) items.push(entry(scenarioSchema.parse(JSON.parse(saved.bodyJson)), 'saved', saved));
    }
    return { items, problems };
  }

  /** The scenario with this id, from a file or saved (with its version); not-found when there is none. */
  get(id: string): { scenario: Scenario; source: ScenarioSource; version: number | null } {
    const found = this.find(id);
    if (!found) throw new DomainError('not-found', `no scenario "${id}" (see GET /scenarios)`);
    return found;
  }

  private find(id: string): { scenario: Scenario; source: ScenarioSource; version: number | null } | undefined {
    const file = this.files().scenarios.get(id);
    if (file) return { scenario: structuredClone(file), source: 'file', version: null };
    const saved = this.saved.get(id);
    return saved ? { scenario: scenarioSchema.parse(JSON.parse(saved.bodyJson)), source: 'saved', version: saved.version } : undefined;
  }

  private isFile(id: string): boolean {
    return this.files().scenarios.has(id);
  }

  /**
   * Saves a new scenario once it is checked against the dataset (field paths relative to the
   * scenario); an id in use, by a file or a saved scenario, is a conflict.
   */
  async save(scenario: Scenario, editor: ScenarioEditor): Promise<{ version: number }> {
    await this.check(scenario);
    if (this.isFile(scenario.id)) throw conflict(scenario.id);
    const result = this.saved.create({ id: scenario.id, name: scenario.name, bodyJson: JSON.stringify(scenario) }, editor);
    if (result.outcome !== 'done') throw conflict(scenario.id);
    return { version: result.version };
  }

  /**
   * Replaces a saved scenario, if it is still at `expectedVersion`, once the new one is checked
   * against the dataset. Files are read-only; the id cannot change (field paths relative to the scenario).
   */
  async update(id: string, scenario: Scenario, expectedVersion: number, editor: ScenarioEditor): Promise<{ version: number }> {
    if (this.isFile(id)) throw readOnly(id);
    if (scenario.id !== id) throw invalidField('id', 'must be the id in the path: to rename a scenario, save it under the new id and delete the old one');
    const current = this.saved.get(id);
    if (!current) throw notSaved(id);
    if (current.version !== expectedVersion) throw stale(id, expectedVersion, current);
    await this.check(scenario);
    const result = this.saved.update({ id, name: scenario.name, bodyJson: JSON.stringify(scenario) }, expectedVersion, editor);
    return this.outcome(id, expectedVersion, result);
  }

  /** Deletes a saved scenario if it is still at `expectedVersion`; its runs and its history stay. */
  remove(id: string, expectedVersion: number, editor: ScenarioEditor): { version: number } {
    if (this.isFile(id)) throw readOnly(id);
    return this.outcome(id, expectedVersion, this.saved.remove(id, expectedVersion, editor));
  }

  /** The log of changes to saved scenarios. */
  history(filter: ScenarioAuditFilter) {
    return this.saved.audit(filter);
  }

  private outcome(id: string, expectedVersion: number, result: ScenarioChangeResult): { version: number } {
    switch (result.outcome) {
      case 'done':
        return { version: result.version };
      case 'stale':
        throw stale(id, expectedVersion, result.current);
      default:
        throw notSaved(id);
    }
  }
}
