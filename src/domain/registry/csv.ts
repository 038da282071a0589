/**
 * Reading the dataset's files: CSV (a hand-written RFC 4180 parser, fast enough for every start-up)
 * and JSON, validated against zod schemas, any problem named by file, row and field.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { z } from 'zod';
import { DataFileError } from './data-file-error.js';

export interface CsvRow<T> {
  /** Line number in the file (header is line 1). */
  line: number;
  value: T;
}

/** Reads a CSV file and validates each row against a zod schema; the first bad cell stops the load. */
/** A data file's text, or a DataFileError naming it. */
export function readTextFile(path: string, displayName = basename(path)): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFileError(displayName, null, null, `cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function readCsvFile<S extends z.ZodType>(path: string, schema: S, displayName = basename(path)): CsvRow<z.output<S>>[] {
  const text = readTextFile(path, displayName);
  const records = parseCsv(text, displayName);
  const header = records.shift();
  if (!header) throw new DataFileError(displayName, 1, null, 'empty file: expected a header row');
  return records.map(({ line, cells }) => {
    if (cells.length !== header.cells.length) {
      throw new DataFileError(displayName, line, null, `expected ${header.cells.length} cells, found ${cells.length}`);
    }
    const record: Record<string, string> = {};
    header.cells.forEach((name, i) => (record[name] = cells[i]!));
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DataFileError(displayName, line, issue.path.join('.') || null, issue.message);
    }
    return { line, value: parsed.data };
  });
}

/**
 * RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks) with the line each record
 * starts on. Hand-written because it runs on every start-up: csv-parse took ~90 ms of a 1 s budget
 * on Kent's files, this takes a few. Blank lines are skipped.
 */
export function parseCsv(text: string, displayName: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const startLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new DataFileError(displayName, startLine, null, 'malformed CSV: unterminated quoted cell');
          const chunk = text.slice(i, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          cell += chunk;
          if (text[q + 1] === '"') {
            cell += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new DataFileError(displayName, startLine, null, 'malformed CSV: text after a closing quote');
        }
      } else {
        let j = i;
        while (j < text.length && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        cell = text.slice(i, j);
        if (cell.includes('"')) throw new DataFileError(displayName, startLine, null, 'malformed CSV: quote inside an unquoted cell');
        i = j;
      }
      cells.push(cell);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: startLine, cells });
  }
  return records;
}

export function readJsonFile(path: string, displayName = basename(path)): unknown {
  const text = readTextFile(path, displayName);
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
