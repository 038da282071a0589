/**
 * Batch matching: many need profiles (a JSON array, or CSV rows) matched one by one, results in
 * input order with a summary. A bad row does not stop the batch: it gets its own errors (field
 * path and rule, never the value).
 */
import { parse } from 'csv-parse/sync';
import { DomainError } from '../errors.js';
import { resolveHome, type ResolvedHome } from '../geo/home.js';
import type { Registry } from '../registry/registry.js';
import { CONTINUUM_LEVELS, type ContinuumLevel } from './admission-guidance.js';
import { matcherFor } from './match-profile.js';
import type { BatchResult, BatchRowResult, BatchSummary, RowError } from './match-result.js';
import { homeSchema, needProfileSchema, type NeedProfile } from './need-profile.js';

export const BATCH_LIMIT = 5000;

export interface BatchInputRow {
  /** CSV line number (header = 1), or null for JSON input. */
  line: number | null;
  value: unknown;
  /** A problem found before validation (a CSV row with the wrong number of cells). */
  error?: RowError;
}

// A row's result and the batch's summary are defined once, as the API's schemas, in match-result.ts.
export type { BatchRowResult, BatchSummary, RowError } from './match-result.js';

/** Problems with the batch as a whole (not one row): more profiles than a batch takes, or input that is not a batch. */
export class BatchInputError extends DomainError {
  constructor(kind: 'too-many' | 'malformed', message: string) {
    super(kind === 'too-many' ? 'too-large' : 'invalid', message);
  }
}

export const CSV_COLUMNS = ['primaryNeed', 'secondaryNeeds', 'learningDifficulty', 'traits', 'age', 'lat', 'lon', 'lsoa'] as const;
const REQUIRED_CSV_COLUMNS = ['primaryNeed', 'secondaryNeeds', 'learningDifficulty', 'traits', 'age'];

export function tooMany(count: number): BatchInputError {
  return new BatchInputError('too-many', `a batch holds at most ${BATCH_LIMIT.toLocaleString('en-GB')} profiles; this one has ${count.toLocaleString('en-GB')}: split it`);
}

/** JSON input: the body must be an array; its items are validated row by row. */
export function rowsFromJson(body: unknown): BatchInputRow[] {
  if (!Array.isArray(body)) throw new BatchInputError('malformed', 'expected a JSON array of need profiles, or a text/csv upload');
  if (body.length > BATCH_LIMIT) throw tooMany(body.length);
  return body.map((value) => ({ line: null, value }));
}

const splitList = (cell: string) =>
  cell
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
const numberOrText = (cell: string) => (/^-?\d+(\.\d+)?$/.test(cell.trim()) ? Number(cell.trim()) : cell);

/**
 * CSV input: a header row naming the columns (any order): primaryNeed, secondaryNeeds, learningDifficulty,
 * traits, age and optionally lat, lon or lsoa. Lists are separated by ';'. Unknown columns are
 * reported by position only: a missing header row would otherwise put a child's data in a message.
 */
export function rowsFromCsv(text: string): BatchInputRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; code?: string };
    throw new BatchInputError('malformed', `malformed CSV${e.lines ? ` near line ${e.lines}` : ''} (${e.code ?? 'parse error'})`);
  }
  const [header, ...data] = records;
  if (!header) throw new BatchInputError('malformed', 'the CSV is empty: expected a header row and one row per profile');
  const columns = header.record;
  // Every problem with the header at once, so one upload shows all that needs fixing.
  const problems: string[] = [];
  const unknown = columns.map((c, i) => ((CSV_COLUMNS as readonly string[]).includes(c) ? -1 : i + 1)).filter((i) => i > 0);
  if (unknown.length) {
    problems.push(`the header row has column(s) at position ${unknown.join(', ')} that are not profile fields; expected a header row with ${CSV_COLUMNS.join(', ')}`);
  }
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) problems.push(`the header row lacks column(s) ${missing.join(', ')}`);
  const repeated = [...new Set(columns.filter((c, i) => columns.indexOf(c) !== i && (CSV_COLUMNS as readonly string[]).includes(c)))];
  if (repeated.length) problems.push(`the header row repeats column(s) ${repeated.join(', ')}`);
  else if (new Set(columns).size !== columns.length) problems.push('the header row repeats a column');
  if (problems.length) throw new BatchInputError('malformed', problems.join('; '));
  if (data.length > BATCH_LIMIT) throw tooMany(data.length);

  return data.map(({ record, info }) => {
    if (record.length !== columns.length) {
      return { line: info.lines, value: null, error: { path: '(row)', message: `expected ${columns.length} cells as in the header row, found ${record.length}` } };
    }
    const cell = (name: string) => {
      const i = columns.indexOf(name);
      return i < 0 ? '' : (record[i] ?? '');
    };
    const value: Record<string, unknown> = {
      primaryNeed: cell('primaryNeed'),
      secondaryNeeds: splitList(cell('secondaryNeeds')),
      learningDifficulty: cell('learningDifficulty'),
      traits: splitList(cell('traits')),
      age: cell('age') === '' ? undefined : numberOrText(cell('age')),
    };
    const lat = cell('lat');
    const lon = cell('lon');
    const lsoa = cell('lsoa');
    if (lat !== '' || lon !== '' || lsoa !== '') {
      const home: Record<string, unknown> = {};
      if (lat !== '' || lon !== '') Object.assign(home, { lat: lat === '' ? undefined : numberOrText(lat), lon: lon === '' ? undefined : numberOrText(lon) });
      if (lsoa !== '') home.lsoa = lsoa;
      value.home = home;
    }
    return { line: info.lines, value };
  });
}

export type CheckedRow = { ok: true; profile: NeedProfile; home: ResolvedHome | null } | { ok: false; errors: RowError[] };

const HOME_REQUIRED: RowError = { path: 'home', message: 'required for placement search: lat and lon, or lsoa' };

/**
 * Validates one row and resolves its home, reporting every problem in the row at once (each field
 * the schema refuses, and an unknown LSOA even when other fields are wrong), by field path and rule,
 * never the value.
 */
export function checkRow(registry: Registry, row: BatchInputRow, options: { homeRequired?: boolean } = {}): CheckedRow {
  if (row.error) return { ok: false, errors: [row.error] };
  const parsed = needProfileSchema.safeParse(row.value);
  const errors: RowError[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(row)', message: i.message }));
  // A row that is not an object at all has one error, "(row)", and no fields to look into.
  const isObject = row.value !== null && typeof row.value === 'object' && !Array.isArray(row.value);
  const given = isObject ? (row.value as { home?: unknown }).home : undefined;
  let home: ResolvedHome | null = null;
  if (given === undefined) {
    if (options.homeRequired && isObject) errors.push(HOME_REQUIRED);
  } else {
    const shape = homeSchema.safeParse(given);
    if (shape.success) {
      try {
        home = resolveHome(registry, shape.data);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push(...err.issues);
      }
    }
  }
  if (errors.length || !parsed.success) return { ok: false, errors };
  return { ok: true, profile: parsed.data, home };
}

/** Matches every row, in order. */
export function matchBatch(registry: Registry, rows: BatchInputRow[]): BatchResult {
  if (rows.length > BATCH_LIMIT) throw tooMany(rows.length);
  const matcher = matcherFor(registry);
  const summary: BatchSummary = {
    total: rows.length,
    matched: 0,
    invalid: 0,
    byContinuum: Object.fromEntries(CONTINUUM_LEVELS.map((l) => [l, 0])) as Record<ContinuumLevel, number>,
    byDesignation: Object.fromEntries([...registry.designations.proposed.map((d) => d.code), 'none'].map((c) => [c, 0])),
    bySrpNeedType: {},
    ambiguous: 0,
    currentByDesignation: Object.fromEntries([...registry.designations.current.map((d) => d.code), 'none'].map((c) => [c, 0])),
  };
  const results = rows.map((row, index): BatchRowResult => {
    const { line } = row;
    const checked = checkRow(registry, row);
    if (!checked.ok) {
      summary.invalid++;
      return { index, line, ok: false, errors: checked.errors };
    }
    const { profile } = checked;
    const home = checked.home && { basis: checked.home.basis, estimate: checked.home.estimate, note: checked.home.note };
    // Scores only: a batch row carries no reasons (POST /match explains one profile in full).
    const proposed = matcher.matchSet('proposed', profile, false);
    const current = matcher.matchSet('current', profile, false);
    summary.matched++;
    summary.byContinuum[proposed.continuum.level]++;
    summary.byDesignation[proposed.bestFit ?? 'none'] = (summary.byDesignation[proposed.bestFit ?? 'none'] ?? 0) + 1;
    if (proposed.continuum.srpNeedType) summary.bySrpNeedType[proposed.continuum.srpNeedType] = (summary.bySrpNeedType[proposed.continuum.srpNeedType] ?? 0) + 1;
    if (proposed.ambiguity) summary.ambiguous++;
    summary.currentByDesignation[current.bestFit ?? 'none'] = (summary.currentByDesignation[current.bestFit ?? 'none'] ?? 0) + 1;
    return {
      index,
      line,
      ok: true,
      bestFit: proposed.bestFit,
      scores: proposed.designations.map((d) => ({ code: d.code, score: d.score, fits: d.fits })),
      ambiguity: proposed.ambiguity ? { between: proposed.ambiguity.between, scores: proposed.ambiguity.scores } : null,
      continuum: { level: proposed.continuum.level, designation: proposed.continuum.designation, srpNeedType: proposed.continuum.srpNeedType },
      current: { bestFit: current.bestFit, level: current.continuum.level },
      home,
    };
  });
  return { summary, results };
}

type CsvCell = string | number | boolean | null;

/**
 * The CSV answer of batch matching: one line per profile, in input order. `row` is the position from
 * 0, `line` the CSV line (header = 1); a score column per proposed designation; `errors` lists a bad
 * row's problems ("age: must be 2 to 25; home.lsoa: ..."), never its values.
 */
export function batchMatchCsv(result: BatchResult): { columns: string[]; rows: Record<string, CsvCell>[] } {
  const codes = Object.keys(result.summary.byDesignation).filter((c) => c !== 'none');
  const columns = [
    'row',
    'line',
    'status',
    'errors',
    'best_fit',
    ...codes.map((c) => `score_${c}`),
    'fits',
    'ambiguous_between',
    'continuum_level',
    'continuum_designation',
    'srp_need_type',
    'current_best_fit',
    'current_level',
    'home_basis',
  ];
  const rows = result.results.map((r): Record<string, CsvCell> => {
    if (!r.ok) return { row: r.index, line: r.line, status: 'invalid', errors: r.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
    const score = new Map(r.scores.map((s) => [s.code, s.score]));
    return {
      row: r.index,
      line: r.line,
      status: 'ok',
      best_fit: r.bestFit,
      ...Object.fromEntries(codes.map((c) => [`score_${c}`, score.get(c) ?? null])),
      fits: r.scores.filter((s) => s.fits).map((s) => s.code).join(';'),
      ambiguous_between: r.ambiguity ? r.ambiguity.between.join(';') : null,
      continuum_level: r.continuum.level,
      continuum_designation: r.continuum.designation,
      srp_need_type: r.continuum.srpNeedType,
      current_best_fit: r.current.bestFit,
      current_level: r.current.level,
      home_basis: r.home?.basis ?? null,
    };
  });
  return { columns, rows };
}
