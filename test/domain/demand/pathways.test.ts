import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { calibratePathwayMatrix, specialRollsByProposedDesignation } from '../../../src/domain/demand/calibrate.js';
import {
  applyPathwayOverride,
  countyWeights,
  ehcpCounts,
  mainstreamShare,
  placementSplit,
  provisionDemand,
  rowTotal,
  type PathwayMatrix,
} from '../../../src/domain/demand/index.js';
import { PROPOSED_DESIGNATIONS, SRP_NEED_TYPES } from '../../../src/domain/needs.js';
import { KENT_DIR, kentRegistry } from '../../helpers/app.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The tolerance the matrix is held to: each published placement total within 0.5% (the matrix is
 * fitted exactly; what is left is its shares being written to 6 decimal places).
 */
const TOLERANCE = 0.005;

/** Kent, January 2025, DfE SEN2 "Type of placement" (sen_needs_all_plans / caseload, LA 886). */
const PUBLISHED = {
  special: 8_050,
  specialIndependent: 1_487,
  srp: 1_075, // SEN units and resourced provision in mainstream schools
  mainstreamTotal: 7_452, // DfE's mainstream, SEN units and resourced provision included
  fe: 2_952,
  other: 19 + 1_782 + 66 + 314, // AP/PRU, educated elsewhere, non-maintained early years, placement not recorded
  total: 20_635,
};

describe('the pathway matrix', () => {
  const registry = kentRegistry();
  const matrix = registry.demand.pathwayMatrix;
  const base = ehcpCounts(registry.demand, { year: 2025, level: 'district' });

  it("when the published placement file is summed, then it gives the figures the matrix is checked against", () => {
    const rows: Record<string, string>[] = parse(readFileSync(join(KENT_DIR, 'ehcp-need-by-placement-2025.csv'), 'utf8'), { columns: true });
    const total = (pattern: RegExp) => sum(rows.filter((r) => pattern.test(r.placement!)).map((r) => Number(r.ehc_plans)));
    expect(total(/^Special - /)).toBe(PUBLISHED.special);
    expect(total(/^Special - independent$/)).toBe(PUBLISHED.specialIndependent);
    expect(total(/\((SEN unit|resourced provision)\)$/)).toBe(PUBLISHED.srp);
    expect(total(/^Mainstream - /)).toBe(PUBLISHED.mainstreamTotal);
    expect(total(/^FE - /)).toBe(PUBLISHED.fe);
    expect(total(/.*/)).toBe(PUBLISHED.total);
  });

  it(`when applied to January 2025 demand, then it reproduces Kent's published placement split within ${TOLERANCE * 100}%`, () => {
    const split = placementSplit(base, matrix);
    for (const [key, published] of Object.entries(PUBLISHED)) {
      const modelled = split[key as keyof typeof split];
      expect(Math.abs(modelled - published) / published, `${key}: modelled ${modelled.toFixed(1)}, published ${published}`).toBeLessThan(TOLERANCE);
    }
    // DfE's headline: 36.1% of Kent's plans are in mainstream schools (England 43.6%).
    expect(mainstreamShare(matrix, countyWeights(base))).toBeCloseTo(7_452 / 20_635, 3);
  });

  it('when any row is read, then its shares are non-negative and sum to 1', () => {
    expect(matrix.rows).toHaveLength(12 * 5);
    for (const row of matrix.rows) {
      expect(rowTotal(row.shares), `${row.need} ${row.phase}`).toBeCloseTo(1, 4);
      for (const v of [...Object.values(row.shares.special), ...Object.values(row.shares.srp), ...Object.values(row.shares.outreach)]) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('when recalibrated from the committed inputs, then it equals the committed pathway-matrix.csv', () => {
    const { matrix: fresh, report } = calibratePathwayMatrix(registry.demand, specialRollsByProposedDesignation(registry), registry.demand.pathwayAssumptions);
    expect(report.placementFit.maxError).toBeLessThan(1e-6);
    fresh.rows.forEach((row, i) => {
      const committed = matrix.rows[i]!;
      expect([committed.need, committed.phase]).toEqual([row.need, row.phase]);
      for (const d of PROPOSED_DESIGNATIONS) {
        expect(committed.shares.special[d]).toBeCloseTo(row.shares.special[d], 5);
        expect(committed.shares.outreach[d]).toBeCloseTo(row.shares.outreach[d], 5);
      }
      for (const t of SRP_NEED_TYPES) expect(committed.shares.srp[t]).toBeCloseTo(row.shares.srp[t], 5);
      expect(committed.shares.mainstream).toBeCloseTo(row.shares.mainstream, 5);
      expect(committed.specialIndependentFraction).toBeCloseTo(row.specialIndependentFraction, 5);
    });
  });

  it("when the special-school designation split is fitted, then state special places by designation match the rolls' proposed designations", () => {
    const rolls = specialRollsByProposedDesignation(registry);
    const { report } = calibratePathwayMatrix(registry.demand, rolls, registry.demand.pathwayAssumptions);
    const state = registry.demand.needByPlacement['special-state'];
    const known = sum(Object.entries(state).filter(([n]) => n !== 'UNKNOWN').map(([, v]) => v));
    for (const d of PROPOSED_DESIGNATIONS) {
      const places = sum(Object.entries(report.designationSplit).map(([n, split]) => state[n as keyof typeof state] * split[d]));
      expect(places / known, d).toBeCloseTo(rolls[d] / sum(Object.values(rolls)), 6);
    }
    // PMLD pupils need CLN schools; MLD pupils only NLD admits (designations.json).
    expect(report.designationSplit.PMLD.CLN).toBe(1);
    expect(report.designationSplit.MLD.NLD).toBe(1);
  });
});

describe('specialist-provision demand', () => {
  const registry = kentRegistry();
  const matrix = registry.demand.pathwayMatrix;

  it('when computed for 2027 by MSOA, then each locality and school phase has 13 rows summing to its plans less FE and other placements', () => {
    const counts = ehcpCounts(registry.demand, { year: 2027, level: 'msoa' });
    const rows = provisionDemand(counts, matrix);
    expect(rows).toHaveLength(registry.msoas.length * 3 * 13);
    expect(new Set(rows.map((r) => r.phase))).toEqual(new Set(['primary', 'secondary', 'post16']));
    const msoa = registry.msoas[7]!.code;
    for (const phase of ['primary', 'secondary', 'post16'] as const) {
      const mine = rows.filter((r) => r.locality === msoa && r.phase === phase);
      expect(mine.map((r) => `${r.pathway}:${r.category}`)).toEqual([
        ...PROPOSED_DESIGNATIONS.map((d) => `special:${d}`),
        ...SRP_NEED_TYPES.map((t) => `srp:${t}`),
        ...PROPOSED_DESIGNATIONS.map((d) => `outreach:${d}`),
        'mainstream:null',
      ]);
      const expected = sum(
        counts
          .filter((c) => c.locality === msoa && c.phase === phase)
          .map((c) => {
            const row = matrix.rows.find((r) => r.need === c.need && r.phase === phase)!;
            return c.count * (1 - row.shares.fe - row.shares.other);
          }),
      );
      expect(sum(mine.map((r) => r.count))).toBeCloseTo(expected, 9);
    }
  });

  it('when overrides are passed, then provision demand is computed on the overridden matrix', () => {
    const counts = ehcpCounts(registry.demand, { year: 2027, level: 'district' });
    const target = { kind: 'inclusion-target', mainstreamShare: 0.45 } as const;
    const direct = provisionDemand(counts, applyPathwayOverride(matrix, target, countyWeights(counts)));
    const viaOverrides = provisionDemand(counts, matrix, [target]);
    expect(viaOverrides).toEqual(direct);
    const special = (rows: typeof direct) => sum(rows.filter((r) => r.pathway === 'special').map((r) => r.count));
    expect(special(viaOverrides)).toBeLessThan(special(provisionDemand(counts, matrix)));
  });

  it('when summed over districts, then special-school demand equals the county placement split for the school phases', () => {
    const counts = ehcpCounts(registry.demand, { year: 2026, level: 'district' });
    const rows = provisionDemand(counts, matrix);
    const split = placementSplit(counts, matrix, ['primary', 'secondary', 'post16']);
    expect(sum(rows.filter((r) => r.pathway === 'special').map((r) => r.count))).toBeCloseTo(split.special, 5);
    expect(sum(rows.filter((r) => r.pathway === 'srp').map((r) => r.count))).toBeCloseTo(split.srp, 5);
  });
});

describe('scenario overrides of the pathway matrix', () => {
  const registry = kentRegistry();
  const matrix = registry.demand.pathwayMatrix;
  const weights = countyWeights(ehcpCounts(registry.demand, { year: 2025, level: 'district' }));
  const snapshot = JSON.stringify(matrix);

  it('when an inclusion target of 43.6% (England) is applied, then the mainstream share reaches it by moving special places to outreach', () => {
    const before = placementSplit(weights.map((w) => ({ ...w, locality: 'kent', year: 2025 })), matrix);
    const changed = applyPathwayOverride(matrix, { kind: 'inclusion-target', mainstreamShare: 0.436 }, weights);
    const after = placementSplit(weights.map((w) => ({ ...w, locality: 'kent', year: 2025 })), changed);
    expect(mainstreamShare(changed, weights)).toBeCloseTo(0.436, 9);
    expect(after.special).toBeLessThan(before.special);
    expect(after.outreach - before.outreach).toBeCloseTo(before.special - after.special, 5);
    expect(after.srp).toBeCloseTo(before.srp, 9);
    expect(after.fe).toBeCloseTo(before.fe, 9);
    for (const row of changed.rows) expect(rowTotal(row.shares)).toBeCloseTo(1, 4);
    expect(JSON.stringify(matrix)).toBe(snapshot); // pure: the input is untouched
  });

  it('when the target is measured on the school phases only (the strategy quotes 35% against 48%), then it is reached there', () => {
    const phases = ['primary', 'secondary'] as const;
    const today = mainstreamShare(matrix, weights, phases);
    expect(today).toBeGreaterThan(0.4);
    const changed = applyPathwayOverride(matrix, { kind: 'inclusion-target', mainstreamShare: 0.6, phases: [...phases] }, weights);
    expect(mainstreamShare(changed, weights, phases)).toBeCloseTo(0.6, 9);
    // Post-16 rows are untouched.
    for (const row of changed.rows.filter((r) => r.phase === 'post16')) expect(row).toEqual(matrix.rows.find((r) => r.need === row.need && r.phase === 'post16'));
  });

  it('when the target is below today\'s share, then nothing changes; when it is out of reach, all movable special places move', () => {
    expect(applyPathwayOverride(matrix, { kind: 'inclusion-target', mainstreamShare: 0.2 }, weights)).toBe(matrix);
    const all = applyPathwayOverride(matrix, { kind: 'inclusion-target', mainstreamShare: 0.99 }, weights);
    for (const row of all.rows) expect(Object.values(row.shares.special).every((s) => Math.abs(s) < 1e-12)).toBe(true);
  });

  it('when SEMH and VI SRP places are shifted to outreach (KCC decision 25/00085), then those SRP shares are zero and the row still sums to 1', () => {
    const changed = applyPathwayOverride(matrix, {
      kind: 'shift',
      from: [{ pathway: 'srp', category: 'SEMH' }, { pathway: 'srp', category: 'VI' }],
      to: { pathway: 'outreach' },
      fraction: 1,
      phases: ['primary', 'secondary'],
    });
    for (const row of changed.rows) {
      const old = matrix.rows.find((r) => r.need === row.need && r.phase === row.phase)!;
      if (row.phase === 'primary' || row.phase === 'secondary') {
        expect(row.shares.srp.SEMH).toBe(0);
        expect(row.shares.srp.VI).toBe(0);
        expect(sum(Object.values(row.shares.outreach))).toBeCloseTo(sum(Object.values(old.shares.outreach)) + old.shares.srp.SEMH + old.shares.srp.VI, 12);
      } else {
        expect(row).toBe(old);
      }
      expect(rowTotal(row.shares)).toBeCloseTo(1, 4);
    }
  });

  it('when an inclusion target has no weights or a share outside 0-1, then it is refused', () => {
    expect(() => applyPathwayOverride(matrix, { kind: 'inclusion-target', mainstreamShare: 0.5 })).toThrow(RangeError);
    expect(() => applyPathwayOverride(matrix, { kind: 'inclusion-target', mainstreamShare: 1.5 }, weights)).toThrow(RangeError);
    expect(() => applyPathwayOverride(matrix, { kind: 'shift', from: [{ pathway: 'special' }], to: { pathway: 'mainstream' }, fraction: -0.1 })).toThrow(RangeError);
  });

  const _typecheck: PathwayMatrix = matrix;
  void _typecheck;
});
