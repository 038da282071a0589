import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { DataFileError } from './data-file-error.js';

export interface CsvRow<T> {
  /** Line number in the file (header is line 1). */
  line: number;
  value: T;
}

/** Reads a CSV file and validates each row against a zod schema; the first bad cell stops the load. */
export function readCsvFile<S extends z.ZodType>(path: string, schema: S, displayName = basename(path)): CsvRow<z.output<S>>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFileError(displayName, null, null, `cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, info: true, skip_empty_lines: true, trim: false });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new DataFileError(displayName, e.lines ?? null, null, `malformed CSV: ${e.message}`);
  }
  return records.map(({ record, info }) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DataFileError(displayName, info.lines, issue.path.join('.') || null, issue.message);
    }
    return { line: info.lines, value: parsed.data };
  });
}

export function readJsonFile(path: string, displayName = basename(path)): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFileError(displayName, null, null, `cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DataFileError(displayName, null, null, `malformed JSON: ${(err as Error).message}`);
  }
}

/** Validates a parsed JSON document; the row is the first array index on the failing path. */
export function validateJson<S extends z.ZodType>(value: unknown, schema: S, displayName: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const idx = issue.path.findIndex((p) => typeof p === 'number');
  const row = idx >= 0 ? `${issue.path.slice(0, idx).join('.')}[${String(issue.path[idx])}]` : null;
  const field = issue.path.slice(idx >= 0 ? idx + 1 : 0).join('.') || null;
  throw new DataFileError(displayName, row, field, issue.message);
}
