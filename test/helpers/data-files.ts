/** Editing a copy of a dataset's files, and catching the error loading it gives, for data-error tests. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataFileError } from '../../src/domain/registry/data-file-error.js';
import { loadDataset } from '../../src/domain/dataset.js';
import { copyOfKent } from './app.js';

/** Rewrites one cell of a CSV in `dir` (line is 1-based, header = 1), quoting as RFC 4180 requires. */
export function setCell(dir: string, file: string, line: number, column: string, value: string) {
  const path = join(dir, file);
  const rows: string[][] = parse(readFileSync(path, 'utf8'));
  const col = rows[0]!.indexOf(column);
  if (col < 0) throw new Error(`no column ${column}`);
  rows[line - 1]![col] = value;
  writeFileSync(path, rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n') + '\n');
}

/** A copy of the Kent dataset with one JSON file edited. */
export function withEditedJson<T = Record<string, any>>(file: string, edit: (doc: T) => void): string {
  const dir = copyOfKent();
  const path = join(dir, file);
  const doc = JSON.parse(readFileSync(path, 'utf8')) as T;
  edit(doc);
  writeFileSync(path, JSON.stringify(doc, null, 2));
  return dir;
}

/** The DataFileError loading `dir` stops with; fails the test if loading succeeds or fails otherwise. */
export function loadError(dir: string): DataFileError {
  try {
    loadDataset(dir);
  } catch (err) {
    if (err instanceof DataFileError) return err;
    throw err;
  }
  throw new Error('expected the load to fail');
}
