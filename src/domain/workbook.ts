/**
 * A workbook as data: what `?format=xlsx` downloads hold, before any spreadsheet library sees it.
 * Every workbook opens with an "About" sheet (what it is, the scenario as asked, every assumption
 * with its basis and evidence grade, and the grades counted), then one sheet per table. Builders of
 * each kind of workbook (runs, paths, comparisons, plans, demand, review logs) make this shape; the
 * writer (src/http/workbook-writer.ts) turns it into an .xlsx file, numbers as numbers and every text
 * cell neutralised against formulas.
 */

export type WorkbookCell = string | number | boolean | null | undefined;
export type WorkbookRow = Record<string, WorkbookCell>;

export interface WorkbookSheet {
  /** The sheet's tab: at most 31 characters, none of []:*?/\ (Excel's rules; checked by the writer). */
  name: string;
  /** Header order; default: the keys of the first row (a sheet with no rows still gets its header). */
  columns?: readonly string[];
  rows: readonly WorkbookRow[];
}

export interface WorkbookSpec {
  /** Offered as the download's file name. */
  filename: string;
  sheets: readonly WorkbookSheet[];
}

/** One line of the About sheet. */
export interface AboutRow extends WorkbookRow {
  section: string;
  item: string;
  value: WorkbookCell;
  basis: string;
  grade: string;
}
export const ABOUT_COLUMNS = ['section', 'item', 'value', 'basis', 'grade'] as const;

/**
 * How sure a figure is, from its basis text ("source: ...", "estimate: ...", "assumption: ...",
 * "scenario", "derived: ..."): the word the project labels every number with. Issue 21 adds
 * `local:` (the council's own upload); any other first word is kept as it is, and a basis with none
 * of these is "unlabelled", so a missing label shows rather than hides.
 */
export function evidenceGrade(basis: string | null | undefined): string {
  const word = /^\s*([a-z][a-z-]*)\b/i.exec(basis ?? '')?.[1]?.toLowerCase();
  if (!word) return 'unlabelled';
  return ['source', 'estimate', 'assumption', 'scenario', 'derived', 'local', 'unknown'].includes(word) ? word : 'unlabelled';
}

type Scalar = string | number | boolean | null;

/**
 * A nested value as lines of the About sheet: `{travel: {limits: {primary: 45}}}` becomes the item
 * "travel.limits.primary" with the value 45. Lists of scalars are joined; lists of objects number
 * their items (`supply.0.action`), so a scenario's every change reads as its own line.
 */
export function flattenForSheet(value: unknown, prefix = ''): [string, Scalar][] {
  if (value === null || value === undefined) return prefix ? [[prefix, null]] : [];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [[prefix, value.map((v) => String(v)).join('; ')]];
    return value.flatMap((v, i) => flattenForSheet(v, prefix ? `${prefix}.${i}` : String(i)));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return prefix ? [[prefix, '']] : [];
    return entries.flatMap(([k, v]) => flattenForSheet(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value as Scalar]];
}

/** A row of objects as a flat sheet row: nested objects by dotted key, lists of scalars joined. */
export function flatRow(value: Record<string, unknown>): WorkbookRow {
  return Object.fromEntries(flattenForSheet(value));
}

/**
 * The About sheet's lines for assumptions (name, value, basis), each with its grade, followed by
 * the grades counted: "assumptions graded estimate: 4".
 */
export function assumptionRows(assumptions: readonly { name: string; value: Scalar; basis: string }[]): AboutRow[] {
  const rows = assumptions.map((a) => ({ section: 'Assumption', item: a.name, value: a.value, basis: a.basis, grade: evidenceGrade(a.basis) }));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.grade, (counts.get(r.grade) ?? 0) + 1);
  const graded = [...counts].sort((a, b) => b[1] - a[1]).map(([grade, n]) => ({ section: 'Evidence grades', item: `assumptions graded ${grade}`, value: n, basis: 'counted from the assumptions above', grade }));
  return [...rows, ...graded];
}

/** Plain facts for the About sheet ("Workbook", "Run", "Scenario" sections). */
export function factRows(section: string, facts: object, basis = ''): AboutRow[] {
  return flattenForSheet(facts).map(([item, value]) => ({ section, item, value, basis, grade: '' }));
}

export function aboutSheet(rows: readonly AboutRow[]): WorkbookSheet {
  return { name: 'About', columns: ABOUT_COLUMNS, rows };
}
