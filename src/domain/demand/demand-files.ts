/**
 * The demand model's files in models/<la>/ and how their cells are checked. They are small numeric
 * tables read at every start-up, so their cells are checked by hand: a zod schema per row cost
 * tens of ms of CPU in a cold process, against a few this way. Errors name the file, the line (header = 1) and the column.
 */
import { parseCsv, readTextFile } from '../registry/csv.js';
import { DataFileError } from '../registry/data-file-error.js';
import { NEED_CODES } from '../needs.js';

export const DEMAND_FILES = {
  needByAge: 'ehcp-need-by-age-2025.csv',
  needByPlacement: 'ehcp-need-by-placement-2025.csv',
  placementByAge: 'ehcp-placement-by-age.csv',
  series: 'ehcp-series.csv',
  population: 'population-projections.csv',
  needProfiles: 'need-profiles.json',
} as const;

export type CellKind = 'text' | 'count' | 'optionalCount' | 'number' | 'share' | 'age' | 'year' | { oneOf: readonly string[]; name: string };

export interface TableRow {
  /** Line in the file (header = 1). */
  line: number;
  num(column: string): number;
  optional(column: string): number | null;
  text(column: string): string;
}

function checkCell(kind: CellKind, raw: string): { value: string | number | null } | { problem: string } {
  const s = raw.trim();
  if (typeof kind === 'object') {
    return kind.oneOf.includes(s) ? { value: s } : { problem: `unknown ${kind.name}; expected one of ${kind.oneOf.join(', ')}` };
  }
  switch (kind) {
    case 'text':
      return s === '' ? { problem: 'must not be empty' } : { value: s };
    case 'count':
      return /^\d+$/.test(s) ? { value: Number(s) } : { problem: 'must be a non-negative whole number' };
    case 'optionalCount':
      return s === '' ? { value: null } : /^\d+$/.test(s) ? { value: Number(s) } : { problem: 'must be a non-negative whole number or empty' };
    case 'age':
      return /^\d+$/.test(s) && Number(s) <= 25 ? { value: Number(s) } : { problem: 'age must be 0 to 25' };
    case 'year':
      return /^\d{4}$/.test(s) && Number(s) >= 2000 && Number(s) <= 2100 ? { value: Number(s) } : { problem: 'must be a year' };
    case 'number':
    case 'share': {
      const n = s === '' ? NaN : Number(s);
      if (!(Number.isFinite(n) && n >= 0)) return { problem: 'must be a non-negative number' };
      if (kind === 'share' && n > 1) return { problem: 'must be a share between 0 and 1' };
      return { value: n };
    }
  }
}

/** Reads a CSV whose columns are all declared in `columns` (extra columns are ignored); the first bad cell stops the load. */
export function readTable(path: string, name: string, columns: Record<string, CellKind>): TableRow[] {
  const records = parseCsv(readTextFile(path, name), name).map(({ cells, line }) => ({ record: cells, line }));
  const header = records[0]?.record ?? [];
  const checks = Object.entries(columns).map(([column, kind]) => {
    const at = header.indexOf(column);
    if (at < 0) throw new DataFileError(name, 1, column, 'missing column');
    return { column, kind, at };
  });
  return records.slice(1).map(({ record, line }) => {
    if (record.length !== header.length) throw new DataFileError(name, line, null, `malformed CSV: ${record.length} fields, the header has ${header.length}`);
    const values: Record<string, string | number | null> = {};
    for (const { column, kind, at } of checks) {
      const checked = checkCell(kind, record[at]!);
      if ('problem' in checked) throw new DataFileError(name, line, column, checked.problem);
      values[column] = checked.value;
    }
    return {
      line,
      num: (column) => values[column] as number,
      optional: (column) => values[column] as number | null,
      text: (column) => values[column] as string,
    };
  });
}

/** The first line of a CSV, split (for files whose columns depend on the data, like year columns). */
export function readHeader(path: string, name: string): string[] {
  return readTextFile(path, name).split(/\r?\n/, 1)[0]!.replace(/^\uFEFF/, '').split(',');
}

export const NEED_COLUMNS = [...NEED_CODES, 'UNKNOWN'] as const;
const needCounts = Object.fromEntries(NEED_COLUMNS.map((n) => [n, 'count' as const]));

export const NEED_BY_AGE_COLUMNS: Record<string, CellKind> = { age_low: 'age', age_high: 'age', ehc_plans: 'count', ...needCounts };
export const NEED_BY_PLACEMENT_COLUMNS: Record<string, CellKind> = { placement: 'text', ehc_plans: 'count', ...needCounts };

/** The DfE caseload columns the model reads, by placement group; the *_total columns are cross-checks. */
export const CASELOAD_GROUP_COLUMNS = {
  mainstream: ['mainstream_la_maintained', 'mainstream_academy', 'mainstream_free_school', 'mainstream_independent'],
  srp: [
    'mainstream_la_maintained_resourced_provision',
    'mainstream_la_maintained_senunit',
    'mainstream_academy_resourced_provision',
    'mainstream_academy_senunit',
    'mainstream_free_school_resourced_provision',
    'mainstream_free_school_senunit',
  ],
  'special-state': ['special_la_maintained', 'special_academy_free'],
  'special-non-maintained': ['special_non_maintained'],
  'special-independent': ['special_independent'],
  fe: ['general_fe_tertiary_colleges', 'specialist_post_16_institutions', 'ukrlp_provider'],
  other: ['ap_pru_total', 'ed_elsewhere', 'nm_early_years', 'placement_unknown'],
} as const;
export const PLACEMENT_BY_AGE_COLUMNS: Record<string, CellKind> = {
  year: 'year',
  age_low: 'age',
  age_high: 'age',
  ...Object.fromEntries([...Object.values(CASELOAD_GROUP_COLUMNS).flat(), 'ehcplans', 'mainstream_total', 'special_total', 'fe_total'].map((c) => [c, 'count' as const])),
};

export const SERIES_COLUMNS: Record<string, CellKind> = {
  year: 'year',
  ehc_plans: 'count',
  under_5: 'optionalCount',
  age_5_to_10: 'optionalCount',
  age_11_to_15: 'optionalCount',
  age_16_to_19: 'optionalCount',
  age_20_to_25: 'optionalCount',
  collection: 'text',
  source: 'text',
};

export const POPULATION_BASE_COLUMNS: Record<string, CellKind> = { district_code: 'text', district_name: 'text', age: 'age' };
