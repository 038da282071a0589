import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEMAND_PHASES, ehcpCounts, ehcpCountsByAge, type EhcpCountByAgeRow } from '../../../src/domain/demand/index.js';
import { NEED_CODES } from '../../../src/domain/needs.js';
import { KENT_DIR, kentRegistry } from '../../helpers/app.js';

type Row = Record<string, string>;
const csv = (name: string): Row[] => parse(readFileSync(join(KENT_DIR, name), 'utf8'), { columns: true });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The inputs as plain numbers, read straight from the CSVs (not through the loader). */
const needByAge = csv('ehcp-need-by-age-2025.csv');
const population = csv('population-projections.csv');
const lsoas = csv('lsoas.csv');
const pop = (district: string | null, ages: number[], midYear: number) =>
  sum(population.filter((r) => (district === null || r.district_code === district) && ages.includes(Number(r.age))).map((r) => Number(r[String(midYear)])));
const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
/** Published plans with need n at age a (age 0-2 is one row), with the unknown-need plans shared pro rata. */
const distributed = (r: Row, need: string) => {
  const known = sum(NEED_CODES.map((n) => Number(r[n])));
  return Number(r[need]) * (known + Number(r.UNKNOWN)) / known;
};

describe('EHCP counts: apportioning county figures to localities', () => {
  const inputs = kentRegistry().demand;

  it('when January 2025 is summed over districts, then each need and age equals the published county count (unknown need shared pro rata)', () => {
    const rows = ehcpCountsByAge(inputs, { year: 2025, level: 'district' });
    for (const r of needByAge) {
      const atAge = rows.filter((x) => x.ageLow === Number(r.age_low));
      expect(sum(atAge.map((x) => x.count)), `age ${r.age_low}`).toBeCloseTo(Number(r.ehc_plans), 6);
      for (const need of NEED_CODES) {
        expect(sum(atAge.filter((x) => x.need === need).map((x) => x.count)), `${need} age ${r.age_low}`).toBeCloseTo(distributed(r, need), 6);
      }
    }
    expect(sum(rows.map((r) => r.count))).toBeCloseTo(20_635, 6);
  });

  it('when the unknown-need plans are left out, then the county total is 20,635 - 120 and each known need is as published', () => {
    const rows = ehcpCountsByAge(inputs, { year: 2025, level: 'district', assumptions: { unknownNeed: 'exclude' } });
    expect(sum(rows.map((r) => r.count))).toBeCloseTo(20_515, 6);
    for (const need of NEED_CODES) {
      expect(sum(rows.filter((x) => x.need === need).map((x) => x.count))).toBeCloseTo(sum(needByAge.map((r) => Number(r[need]))), 6);
    }
  });

  it('when MSOAs are summed within each district, then they equal the district for every need and age, in every year', () => {
    for (const year of [2025, 2028]) {
      const key = (r: EhcpCountByAgeRow, locality: string) => `${locality}|${r.need}|${r.ageLow}`;
      const districts = new Map(ehcpCountsByAge(inputs, { year, level: 'district' }).map((r) => [key(r, r.locality), r.count]));
      const summed = new Map<string, number>();
      const registry = kentRegistry();
      for (const r of ehcpCountsByAge(inputs, { year, level: 'msoa' })) {
        const k = key(r, registry.localityByCode.get(r.locality)!.districtCode!);
        summed.set(k, (summed.get(k) ?? 0) + r.count);
      }
      expect(summed.size).toBe(districts.size);
      for (const [k, v] of districts) expect(summed.get(k), k).toBeCloseTo(v, 9);
    }
  });

  it('when projected, then every district and MSOA has a figure for every need and phase in 2025-2028', () => {
    const registry = kentRegistry();
    for (const year of [2025, 2026, 2027, 2028]) {
      for (const [level, localities] of [['district', registry.districts], ['msoa', registry.msoas]] as const) {
        const rows = ehcpCounts(inputs, { year, level });
        expect(rows).toHaveLength(localities.length * NEED_CODES.length * DEMAND_PHASES.length);
        expect(new Set(rows.map((r) => r.locality))).toEqual(new Set(localities.map((l) => l.code)));
        for (const r of rows) expect(Number.isFinite(r.count) && r.count >= 0, `${r.locality} ${r.need} ${r.phase}`).toBe(true);
        // Every locality has children with EHCPs in each school phase.
        const byLocalityPhase = new Map<string, number>();
        for (const r of rows) byLocalityPhase.set(`${r.locality} ${r.phase}`, (byLocalityPhase.get(`${r.locality} ${r.phase}`) ?? 0) + r.count);
        for (const l of localities) {
          for (const phase of ['primary', 'secondary', 'post16'] as const) expect(byLocalityPhase.get(`${l.code} ${phase}`), `${l.code} ${phase}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('when Thanet ASD secondary is projected to 2027, then it matches a hand calculation from the CSVs with the central method', () => {
    const THANET = 'E07000114';
    const secondary = range(11, 15);
    expect(inputs.projection.central).toBe('damped-last-0.8');
    // damped-last-0.8 on the 11-15 band: the last annual change (January 2024 to 2025, person-level) damped by 0.8 a year.
    const series = csv('ehcp-series.csv');
    const band = (year: number) => Number(series.find((r) => Number(r.year) === year)!.age_11_to_15);
    const g = Math.log(band(2025) / band(2024));
    const factor = Math.exp(g * (0.8 + 0.8 ** 2));
    // Per age: county ASD plans x the band's factor x Thanet's share of Kent's residents of that age, mid-2026.
    let expected = 0;
    for (const age of secondary) {
      const r = needByAge.find((x) => Number(x.age_low) === age)!;
      expected += distributed(r, 'ASD') * factor * (pop(THANET, [age], 2026) / pop(null, [age], 2026));
    }
    const row = ehcpCounts(inputs, { year: 2027, level: 'district' }).find((r) => r.locality === THANET && r.need === 'ASD' && r.phase === 'secondary')!;
    expect(row.count).toBeCloseTo(expected, 9);
    expect(row.count).toBeGreaterThan(300); // a sanity bound: Thanet has about 1/11 of Kent's 11-15s and Kent ~3,700 ASD plans at those ages
  });

  it('when the low and high variants are asked for, then school ages scale by the backtest percentiles and other ages do not move', () => {
    const county = (variant: 'low' | 'central' | 'high', phase: string) =>
      sum(ehcpCounts(inputs, { year: 2028, level: 'district', assumptions: { variant } }).filter((r) => r.phase === phase).map((r) => r.count));
    const m = inputs.projection.multipliers[2]!; // 2028 is three years ahead
    for (const phase of ['secondary', 'post16']) {
      expect(county('low', phase) / county('central', phase), phase).toBeCloseTo(m.low, 9);
      expect(county('high', phase) / county('central', phase), phase).toBeCloseTo(m.high, 9);
    }
    expect(m.low).toBeLessThan(1);
    expect(m.high).toBeGreaterThan(1);
    for (const phase of ['early-years', 'post19']) expect(county('high', phase)).toBeCloseTo(county('low', phase), 9);
  });

  it('when a trend-free year is projected for ages with no school places, then their rate per resident is held', () => {
    const post19 = range(20, 25);
    const plans2030 = sum(ehcpCountsByAge(inputs, { year: 2030, level: 'district' }).filter((r) => r.ageLow >= 20).map((r) => r.count));
    let expected = 0;
    for (const age of post19) expected += Number(needByAge.find((x) => Number(x.age_low) === age)!.ehc_plans) * (pop(null, [age], 2029) / pop(null, [age], 2024));
    expect(plans2030).toBeCloseTo(expected, 6);
  });

  it('when an MSOA is projected, then it is its district times its Census 2021 share of the band', () => {
    const registry = kentRegistry();
    const msoa = registry.msoas.find((m) => m.name === 'Thanet 001')!;
    const inDistrict = new Set(registry.msoas.filter((m) => m.districtCode === msoa.districtCode).map((m) => m.code));
    const census = (codes: Set<string>, column: string) => sum(lsoas.filter((l) => codes.has(l.msoa_code!) && l[column] !== '').map((l) => Number(l[column])));
    const share0to15 = census(new Set([msoa.code]), 'pop_0_15') / census(inDistrict, 'pop_0_15');
    const share16to24 = census(new Set([msoa.code]), 'pop_16_24') / census(inDistrict, 'pop_16_24');
    const district = ehcpCounts(inputs, { year: 2026, level: 'district' }).filter((r) => r.locality === msoa.districtCode);
    const msoaRows = ehcpCounts(inputs, { year: 2026, level: 'msoa' }).filter((r) => r.locality === msoa.code);
    for (const r of msoaRows) {
      const d = district.find((x) => x.need === r.need && x.phase === r.phase)!;
      const share = r.phase === 'post16' || r.phase === 'post19' ? share16to24 : share0to15;
      expect(r.count, `${r.need} ${r.phase}`).toBeCloseTo(d.count * share, 9);
    }
  });

  it('when the rate trend is set by the caller, then the county total grows by population change times that trend', () => {
    const base = ehcpCountsByAge(inputs, { year: 2025, level: 'district' });
    const flat = ehcpCountsByAge(inputs, { year: 2027, level: 'district', assumptions: { rateTrend: 0 } });
    const grown = ehcpCountsByAge(inputs, { year: 2027, level: 'district', assumptions: { rateTrend: 0.1 } });
    // With no trend, each age group changes only with Kent's population.
    for (const r of needByAge) {
      const ages = range(Number(r.age_low), Number(r.age_high));
      const at = (rows: EhcpCountByAgeRow[]) => sum(rows.filter((x) => x.ageLow === Number(r.age_low)).map((x) => x.count));
      expect(at(flat), `age ${r.age_low}`).toBeCloseTo((at(base) * pop(null, ages, 2026)) / pop(null, ages, 2024), 6);
      expect(at(grown)).toBeCloseTo(at(flat) * 1.1 ** 2, 6);
    }
  });

  it('when the year is outside 2025-2030, then the model refuses it', () => {
    expect(() => ehcpCounts(inputs, { year: 2024, level: 'district' })).toThrow(RangeError);
    expect(() => ehcpCounts(inputs, { year: 2031, level: 'district' })).toThrow(RangeError);
  });
});
