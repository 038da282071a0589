import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/domain/registry/csv.js';
import { KENT_DIR } from '../../helpers/app.js';

describe('parseCsv', () => {
  it('when cells are quoted, then commas, doubled quotes and line breaks survive and lines are counted', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",z\n\n3,,\n';
    expect(parseCsv(text, 'f.csv')).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'x, y', 'say "hi"'] },
      { line: 3, cells: ['2', 'two\nlines', 'z'] },
      { line: 6, cells: ['3', '', ''] },
    ]);
  });

  it('when a quote is never closed, then it names the line the record starts on', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', 'f.csv')).toThrow('f.csv, row 2: malformed CSV: unterminated quoted cell');
  });

  it('when a quote appears inside an unquoted cell or after a closing quote, then it is rejected', () => {
    expect(() => parseCsv('a,b\n1,x"y\n', 'f.csv')).toThrow(/row 2: malformed CSV: quote inside an unquoted cell/);
    expect(() => parseCsv('a,b\n1,"x"y\n', 'f.csv')).toThrow(/row 2: malformed CSV: text after a closing quote/);
  });

  it('reads every committed CSV exactly as csv-parse does', () => {
    for (const file of readdirSync(KENT_DIR).filter((f) => f.endsWith('.csv'))) {
      const text = readFileSync(join(KENT_DIR, file), 'utf8');
      const ours = parseCsv(text, file).map((r) => r.cells);
      const theirs: string[][] = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
      expect(ours, file).toEqual(theirs);
    }
  });
});
