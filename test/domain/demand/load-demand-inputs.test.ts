import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfKent, kentRegistry } from '../../helpers/app.js';
import { loadError, setCell, withEditedJson } from '../../helpers/data-files.js';

describe('the demand inputs', () => {
  it('when loaded with the registry, then they hold the 2025 snapshot, the series, 12 districts and a default trend', () => {
    const d = kentRegistry().demand;
    expect(d.baseYear).toBe(2025);
    expect(d.ageGroups[0]).toEqual({ low: 0, high: 2 });
    expect(d.ageGroups).toHaveLength(24);
    expect(d.series.map((s) => s.year)).toEqual(Array.from({ length: 16 }, (_, i) => 2010 + i));
    expect(d.population.districts.size).toBe(12);
    expect([d.population.firstYear, d.population.lastYear]).toEqual([2022, 2030]);
    expect(d.defaultRateTrend['early-years']).toBe(0);
    expect(d.defaultRateTrend.post19).toBe(0);
    expect(d.defaultRateTrend.primary).toBeGreaterThan(0.05);
    for (const shares of d.msoaShares.values()) {
      expect(shares.reduce((s, m) => s + m.share0to15, 0)).toBeCloseTo(1, 9);
      expect(shares.reduce((s, m) => s + m.share16to24, 0)).toBeCloseTo(1, 9);
    }
  });
});

describe('when a demand file is malformed, then loading stops naming the file, row and field', () => {
  it('a need count that is not a number', () => {
    const dir = copyOfKent();
    setCell(dir, 'ehcp-need-by-age-2025.csv', 6, 'SEMH', 'many');
    expect(loadError(dir).message).toBe('ehcp-need-by-age-2025.csv, row 6, field SEMH: must be a non-negative whole number');
  });

  it('need columns that do not add up to the plans', () => {
    const dir = copyOfKent();
    setCell(dir, 'ehcp-need-by-age-2025.csv', 10, 'ASD', '1');
    expect(loadError(dir).message).toBe('ehcp-need-by-age-2025.csv, row 10, field ehc_plans: the need columns do not sum to ehc_plans');
  });

  it('a placement type the model does not know', () => {
    const dir = copyOfKent();
    setCell(dir, 'ehcp-need-by-placement-2025.csv', 3, 'placement', 'Hospital school');
    expect(loadError(dir).message).toBe('ehcp-need-by-placement-2025.csv, row 3, field placement: unknown DfE placement type "Hospital school"');
  });

  it('a placement total that disagrees with its parts', () => {
    const dir = copyOfKent();
    setCell(dir, 'ehcp-placement-by-age.csv', 30, 'special_total', '1');
    const err = loadError(dir);
    expect([err.file, err.row, err.field]).toEqual(['ehcp-placement-by-age.csv', 30, 'special_total']);
  });

  it('a population that is negative', () => {
    const dir = copyOfKent();
    setCell(dir, 'population-projections.csv', 40, '2026', '-5');
    expect(loadError(dir).message).toBe('population-projections.csv, row 40, field 2026: must be a non-negative number');
  });

  it('a series year whose age bands do not add up to its plans', () => {
    const dir = copyOfKent();
    setCell(dir, 'ehcp-series.csv', 5, 'age_11_to_15', '1');
    expect(loadError(dir).message).toBe('ehcp-series.csv, row 5, field ehc_plans: the age bands do not sum to ehc_plans');
  });

  it('need profiles that leave a need out', () => {
    const dir = withEditedJson('need-profiles.json', (doc) => {
      doc.srp.byNeed = doc.srp.byNeed.filter((s: { need: string }) => s.need !== 'MLD');
    });
    const err = loadError(dir);
    expect(err.file).toBe('need-profiles.json');
    expect(err.message).toMatch(/give exactly one entry for each of ASD/);
  });

  it('a special-school variant that does not say which current designation it stands for', () => {
    const dir = withEditedJson('need-profiles.json', (doc) => {
      delete doc.special.byNeed[0].variants[0].currentDesignation;
    });
    expect(loadError(dir).message).toBe(
      'need-profiles.json, field special.byNeed.0.variants.0.currentDesignation: a special-school variant must name the current designation it stands for',
    );
  });

  it('an estimate without its label', () => {
    const dir = withEditedJson('need-profiles.json', (doc) => {
      doc.mainstream.byNeed[0].variants[0].basis = 'autism without learning difficulty';
    });
    const err = loadError(dir);
    expect([err.row, err.field]).toEqual(['mainstream.byNeed[0]', 'variants.0.basis']);
    expect(err.problem).toMatch(/must start with 'source', 'estimate' or 'assumption'/);
  });

  it('a missing population file', () => {
    const dir = copyOfKent();
    rmSync(join(dir, 'population-projections.csv'));
    expect(loadError(dir).message).toBe('population-projections.csv: cannot read file (ENOENT)');
  });
});

describe('the demand tables', () => {
  it('when a row has a field too many, then loading names the row', () => {
    const dir = copyOfKent();
    const path = join(dir, 'ehcp-series.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[3] = `${lines[3]},extra`;
    writeFileSync(path, lines.join('\n'));
    expect(loadError(dir).message).toMatch(/^ehcp-series\.csv, row 4: malformed CSV: 10 fields, the header has 9$/);
  });
});
