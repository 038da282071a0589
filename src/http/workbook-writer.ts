/**
 * Writes a workbook (src/domain/workbook.ts) as an .xlsx file with exceljs: one worksheet per
 * table, the header row bold and frozen, numbers and true/false as spreadsheet numbers and booleans,
 * and every text cell (headers included) through `spreadsheetText`, so that no text a user wrote
 * can run as a formula (issue 27). Rows are streamed out as they are written (exceljs's
 * WorkbookWriter), so a table of tens of thousands of rows is not held twice. Slow for large tables
 * (about a second for 60,000 rows): callers run it in the result-view worker, never on the HTTP thread.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { WorkbookCell, WorkbookSheet, WorkbookSpec } from '../domain/workbook.js';
import { spreadsheetText, XLSX_MEDIA_TYPE } from './formats.js';

export const XLSX_TYPE = XLSX_MEDIA_TYPE;

/** Excel's rules for a sheet's tab name. */
function sheetName(name: string, taken: Set<string>): string {
  let base = name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
  for (let n = 2; taken.has(base.toLowerCase()); n++) base = `${base.slice(0, 28)} ${n}`;
  taken.add(base.toLowerCase());
  return base;
}

function cell(value: WorkbookCell): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  return spreadsheetText(value);
}

/** A width a reader can work with: the longest of the header and the first rows, within 8-60 characters. */
function widths(columns: readonly string[], sheet: WorkbookSheet): number[] {
  const sample = sheet.rows.slice(0, 200);
  return columns.map((c) => Math.min(60, Math.max(8, c.length + 2, ...sample.map((r) => String(r[c] ?? '').length + 1))));
}

export async function writeWorkbook(spec: WorkbookSpec): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  book.creator = 'SEND place planner';
  const taken = new Set<string>();
  for (const given of spec.sheets) {
    // A table with no rows and no declared columns still says what it is, rather than being blank.
    const empty = !given.columns?.length && !given.rows.length;
    const sheet = empty ? { ...given, columns: ['note'], rows: [{ note: 'This table has no rows here.' }] } : given;
    const columns = sheet.columns ?? Object.keys(sheet.rows[0] ?? {});
    const ws = book.addWorksheet(sheetName(sheet.name, taken), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    const w = widths(columns, sheet);
    ws.columns = columns.map((c, i) => ({ key: `c${i}`, width: w[i] }));
    const header = ws.addRow(columns.map((c) => spreadsheetText(c)));
    header.font = { bold: true };
    header.commit();
    for (const row of sheet.rows) ws.addRow(columns.map((c) => cell(row[c]))).commit();
    ws.commit();
  }
  await book.commit();
  return Buffer.concat(chunks);
}
