/**
 * Where scenarios come from: files in the scenarios folder (JSON or YAML, shipped with the service and
 * read-only through the API) and scenarios saved through POST /scenarios (in the database, where
 * commissioners edit and delete them, each change checked against the version it was made on and
 * kept in the scenario audit log). A file's
 * scenario id must match its file name, so `npm run scenario -- scenarios/<id>.yaml` and
 * `{"scenarioId": "<id>"}` name the same thing.
 *
 * Scenarios name their council by folder: files at the top of the folder are the default council's
 * (Kent's), files in a sub-folder named after a council's dataset folder are that council's
 * (scenarios/medway/). Saved scenarios are the default council's. Runs and plans take the default
 * council's scenarios only, for now (another council's runs are the next phase of issue 24). A
 * sub-folder named after a council the service has not loaded is not read.
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

/** Which council a scenario folder belongs to. */
export interface ScenarioCouncils {
  /** The default council's name (top-level files and saved scenarios). */
  defaultName: string;
  /** The council whose dataset folder is `folder` (scenarios/<folder>/), or undefined when none is loaded. */
  nameOf(folder: string): string | undefined;
}

const SINGLE_COUNCIL: ScenarioCouncils = { defaultName: 'Kent', nameOf: () => undefined };

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
  /** The council of each file's scenario, by scenario id (from the last read of the folder). */
  private councilOfFile = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly saved: SavedScenarioRepository,
    /** Whether a scenario would run against the dataset; throws at the field when not. */
    private readonly check: (scenario: Scenario) => Promise<void>,
    private readonly councils: ScenarioCouncils = SINGLE_COUNCIL,
  ) {}

  private files(): { scenarios: Map<string, Scenario>; problems: FileProblem[] } {
    const scenarios = new Map<string, Scenario>();
    const councilOf = new Map<string, string>();
    const problems: FileProblem[] = [];
    let entries: { name: string; folder: boolean }[] = [];
    try {
      entries = readdirSync(this.dir, { withFileTypes: true }).map((e) => ({ name: e.name, folder: e.isDirectory() }));
    } catch {
      return { scenarios, problems: [{ file: this.dir, message: 'scenarios folder not readable' }] };
    }
    // Top-level files: the default council's; files in scenarios/<council folder>/: that council's.
    const files: { file: string; council: string }[] = [];
    for (const e of entries) {
      if (!e.folder) {
        files.push({ file: e.name, council: this.councils.defaultName });
        continue;
      }
      const council = this.councils.nameOf(e.name);
      let inner: string[] = [];
      try {
        inner = readdirSync(join(this.dir, e.name));
      } catch {
        /* an unreadable folder holds no scenarios */
      }
      if (!inner.some((f) => SCENARIO_EXTENSIONS.has(extname(f)))) continue;
      // Another council's scenarios, when the service has not loaded that council (MODELS_DIR=models/kent): not this service's.
      if (!council) continue;
      for (const f of inner) files.push({ file: join(e.name, f), council });
    }
    files.sort((a, b) => a.file.localeCompare(b.file));
    for (const { file, council } of files) {
      const ext = extname(file);
      if (!SCENARIO_EXTENSIONS.has(ext) || file.endsWith('.schema.json')) continue;
      const read = this.read(file);
      if (read.scenario && scenarios.has(read.scenario.id)) problems.push({ file, message: `a second file for scenario "${read.scenario.id}"` });
      else if (read.scenario) {
        scenarios.set(read.scenario.id, read.scenario);
        councilOf.set(read.scenario.id, council);
      } else problems.push({ file, message: read.problem! });
    }
    const names = files.map((f) => f.file);
    for (const file of this.parsed.keys()) if (!names.includes(file)) this.parsed.delete(file);
    this.councilOfFile = councilOf;
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

  /** Every scenario, or one council's (`la`: a council name, as ScenarioCouncils gives them). */
  list(la?: string): { items: CatalogueEntry[]; problems: FileProblem[] } {
    const { scenarios, problems } = this.files();
    const entry = (s: Scenario, source: ScenarioSource, saved?: SavedScenarioRecord): CatalogueEntry => ({
      id: s.id,
      la: source === 'file' ? (this.councilOfFile.get(s.id) ?? this.councils.defaultName) : this.councils.defaultName,
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
    return { items: la === undefined ? items : items.filter((i) => i.la === la), problems };
  }

  /** The council a scenario belongs to (its folder's; saved ones the default council's). */
  councilOf(id: string): string {
    this.files();
    return this.councilOfFile.get(id) ?? this.councils.defaultName;
  }

  /**
   * The scenario with this id, for a run or a plan: only the default council's run today, so another
   * council's scenario is unprocessable (saying so) rather than run on the default council's data.
   */
  getRunnable(id: string): { scenario: Scenario; source: ScenarioSource; version: number | null } {
    const found = this.get(id);
    const council = this.councilOf(id);
    if (council !== this.councils.defaultName) {
      throw invalidField('scenarioId', `scenario "${id}" is ${council}'s: runs and plans are for ${this.councils.defaultName} only in this version`, 'unprocessable');
    }
    return found;
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
