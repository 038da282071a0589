import { describe, expect, it } from 'vitest';
import {
  applyPathwayOverride,
  countyWeights,
  designationDemand,
  ehcpCounts,
  mainstreamShare,
  placementSplit,
  provisionDemand,
  rowTotal,
  type PathwayMatrix,
} from '../../../src/domain/demand/index.js';
import { PROPOSED_DESIGNATIONS, SRP_NEED_TYPES } from '../../../src/domain/needs.js';
import { kentRegistry } from '../../helpers/app.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the pathway matrices', () => {
  const registry = kentRegistry();

  it('when any row is read, then its shares are non-negative and sum to 1, for every designation set', () => {
    for (const m of Object.values(designationDemand(registry).matrices)) {
      expect(m.rows).toHaveLength(12 * 5);
      for (const row of m.rows) {
        expect(rowTotal(row.shares), `${row.need} ${row.phase}`).toBeCloseTo(1, 9);
        for (const v of [...Object.values(row.shares.special), ...Object.values(row.shares.srp), ...Object.values(row.shares.outreach)]) expect(v).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('specialist-provision demand', () => {
  const registry = kentRegistry();
  const matrix = designationDemand(registry).matrices.current;

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
  const matrix = designationDemand(registry).matrices.current;
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

  it('when SLCN SRP places are shifted to outreach in primary and secondary, then those SRP shares are zero and the row still sums to 1', () => {
    const changed = applyPathwayOverride(matrix, {
      kind: 'shift',
      from: [{ pathway: 'srp', category: 'SLCN' }],
      to: { pathway: 'outreach' },
      fraction: 1,
      phases: ['primary', 'secondary'],
    });
    expect(sum(matrix.rows.map((r) => r.shares.srp.SLCN))).toBeGreaterThan(0);
    for (const row of changed.rows) {
      const old = matrix.rows.find((r) => r.need === row.need && r.phase === row.phase)!;
      if (row.phase === 'primary' || row.phase === 'secondary') {
        expect(row.shares.srp.SLCN).toBe(0);
        expect(sum(Object.values(row.shares.outreach))).toBeCloseTo(sum(Object.values(old.shares.outreach)) + old.shares.srp.SLCN, 12);
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
