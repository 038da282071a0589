import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/domain/dataset.js';
import { KENT_DIR, copyOfKent, kentRegistry } from '../../helpers/app.js';
import { loadError, setCell } from '../../helpers/data-files.js';

describe('the Kent dataset', () => {
  const registry = kentRegistry();

  it('holds the 594 open state-funded schools and 25 special schools of the 2025-05-24 register', () => {
    expect(registry.schools).toHaveLength(594);
    expect(registry.specialSchools.size).toBe(25);
    expect(registry.schools.filter((s) => s.isSpecial)).toHaveLength(25);
    expect(registry.dataset.strategyFigures?.stateFundedSchools).toBe(592);
  });

  it('gives every school a district, found by point-in-polygon, that agrees with its LSOA district in the register', () => {
    expect(registry.districts).toHaveLength(12);
    for (const school of registry.schools) {
      expect(school.districtBasis, `URN ${school.urn}`).toBe('point-in-polygon');
      expect(school.registerDistrictCode, `URN ${school.urn} LSOA ${school.lsoa}`).not.toBeNull();
      expect(school.district.code, `URN ${school.urn}`).toBe(school.registerDistrictCode);
      expect(school.msoa, `URN ${school.urn}`).not.toBeNull();
    }
    expect(registry.localityCheck).toEqual({ mismatches: [], unlocated: [] });
  });

  it('places each school in the MSOA of its LSOA in nearly every case (boundaries are generalised)', () => {
    const agree = registry.schools.filter((s) => s.msoa?.code === registry.lsoas.get(s.lsoa)?.msoaCode).length;
    expect(agree / registry.schools.length).toBeGreaterThan(0.95);
  });

  it('gives every current designation its schools, matching the compiled counts (PSCN 10, SEMH 8, C&I 5, C&I and learning 1, PD 1)', () => {
    const counts: Record<string, number> = {};
    for (const s of registry.specialSchools.values()) counts[s.designation] = (counts[s.designation] ?? 0) + 1;
    expect(counts).toEqual({ PSCN: 10, SEMH: 8, CI: 5, CIL: 1, PDCM: 1 });
  });

  it('keeps unknown SRP capacities null and says where every capacity comes from', () => {
    expect(registry.srps.length).toBeGreaterThan(25);
    for (const srp of registry.srps) {
      if (srp.capacity === null) expect(srp.capacityBasis).toMatch(/^unknown/);
      else expect(srp.capacityBasis).toMatch(/^(source|estimate):/);
    }
    // The public list states 14 capacities (13 at September 2019, River Primary's 12 "when full"), summing to 188.
    const listed = registry.srps.filter((s) => /September 2019|when full/.test(s.capacityBasis));
    expect(listed).toHaveLength(14);
    expect(listed.reduce((sum, s) => sum + (s.capacity ?? 0), 0)).toBe(188);
  });

  it('labels every special-school place figure as a source or an estimate', () => {
    for (const s of registry.specialSchools.values()) expect(s.placesBasis).toMatch(/^(source|estimate|unknown):/);
  });
});

describe('when a data file is malformed, then loading stops naming the file, row and field', () => {
  it('a longitude that is not a number', () => {
    const dir = copyOfKent();
    setCell(dir, 'schools.csv', 5, 'longitude', 'east');
    const err = loadError(dir);
    expect(err.message).toBe('schools.csv, row 5, field longitude: must be a number');
  });

  it('a coordinate outside Great Britain', () => {
    const dir = copyOfKent();
    setCell(dir, 'schools.csv', 9, 'latitude', '95.2');
    expect(loadError(dir).message).toMatch(/^schools\.csv, row 9, field latitude: latitude outside Great Britain/);
  });

  it('a duplicate URN', () => {
    const dir = copyOfKent();
    const urn = readFileSync(join(dir, 'schools.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
    setCell(dir, 'schools.csv', 3, 'urn', urn);
    expect(loadError(dir).message).toBe(`schools.csv, row 3, field urn: duplicate URN ${urn}`);
  });

  it('an unknown designation code', () => {
    const dir = copyOfKent();
    setCell(dir, 'special-schools.csv', 4, 'designation', 'ASD-ONLY');
    const err = loadError(dir);
    expect(err.file).toBe('special-schools.csv');
    expect(err.row).toBe(4);
    expect(err.field).toBe('designation');
    expect(err.message).toMatch(/unknown designation code; expected one of PSCN, SEMH, PDCM, CI, CIL/);
  });

  it('an SRP whose host school is not in the register', () => {
    const dir = copyOfKent();
    setCell(dir, 'srps.csv', 6, 'host_urn', '999999');
    expect(loadError(dir).message).toBe('srps.csv, row 6, field host_urn: host school URN 999999 is not in schools.csv');
  });

  it('a special school that is not in the register', () => {
    const dir = copyOfKent();
    setCell(dir, 'special-schools.csv', 2, 'urn', '100001');
    expect(loadError(dir).message).toBe('special-schools.csv, row 2, field urn: URN 100001 is not in schools.csv');
  });

  it('a district polygon with a broken position', () => {
    const dir = copyOfKent();
    const fc = JSON.parse(readFileSync(join(dir, 'districts.geojson'), 'utf8'));
    fc.features[3].geometry.coordinates[0][0][2] = ['x', 51];
    writeFileSync(join(dir, 'districts.geojson'), JSON.stringify(fc));
    const err = loadError(dir);
    expect(err.file).toBe('districts.geojson');
    expect(err.row).toBe('features[3]');
    expect(err.field).toMatch(/^geometry\.coordinates\.0\.0\.2$|^geometry\.coordinates\.0\.0$/);
  });

  it('a missing file', () => {
    const dir = copyOfKent();
    rmSync(join(dir, 'srps.csv'));
    expect(loadError(dir).message).toBe('srps.csv: cannot read file (ENOENT)');
  });

  it('a JSON file that does not parse', () => {
    const dir = copyOfKent();
    writeFileSync(join(dir, 'designations.json'), '{"current": [');
    expect(loadError(dir).message).toMatch(/^designations\.json: malformed JSON/);
  });
});

describe('when a school lies in no district polygon', () => {
  it('then it is kept, given its LSOA district, and reported', () => {
    const dir = copyOfKent();
    setCell(dir, 'schools.csv', 2, 'longitude', '-1.5'); // Hampshire, outside every Kent polygon
    const registry = loadDataset(dir);
    expect(registry.schools).toHaveLength(594);
    const moved = registry.schools[0]!;
    expect(moved.districtBasis).toBe('lsoa');
    expect(moved.district.code).toBe(moved.registerDistrictCode);
    expect(registry.localityCheck.unlocated).toEqual([
      { urn: moved.urn, name: moved.name, lsoa: moved.lsoa, assigned: moved.district.code },
    ]);
  });
});

it('loads the committed dataset from its own folder', () => {
  expect(() => loadDataset(KENT_DIR)).not.toThrow();
});
