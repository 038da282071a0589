/**
 * Demand by single year of age (for paths), and the pupils in SRPs Kent no longer commissions counted
 * back for cohorts admitted before decision 25/00085, on the real demand model.
 */
import { describe, expect, it } from 'vitest';
import { demandModelSource } from '../../../src/domain/sufficiency/demand-model-source.js';
import { kentRegistry } from '../../helpers/app.js';

const demand = demandModelSource(kentRegistry());
const key = (r: { locality: string; phase: string; pathway: string; category: string | null }) => `${r.locality}|${r.phase}|${r.pathway}|${r.category}`;

describe('demand by age and pupils in decommissioned SRPs', () => {
  for (const request of [
    { year: 2025, level: 'district' as const, demand: {}, designationSet: 'current' as const },
    { year: 2028, level: 'msoa' as const, demand: { inclusionTarget: 0.436 }, designationSet: 'proposed' as const },
  ]) {
    it(`when demand is asked by age (${request.year}, ${request.level}, ${request.designationSet}), then summed over ages it is the phase-level answer`, () => {
      const phase = new Map(demand.pathwayDemand(request).rows.map((r) => [key(r), r.count]));
      const byAge = new Map<string, number>();
      for (const r of demand.pathwayDemandByAge!(request)) byAge.set(key(r), (byAge.get(key(r)) ?? 0) + r.count);
      expect(byAge.size).toBe(phase.size);
      for (const [k, v] of phase) expect(byAge.get(k), k).toBeCloseTo(v, 8);
    });
  }

  it('when cohorts admitted before the decision are asked for, then SEN2\'s 34 SEMH and 6 VI unit pupils of 2025 need SEMH and VI SRPs again, moved from outreach', () => {
    const request = { year: 2025, level: 'district' as const, demand: {}, designationSet: 'current' as const };
    const sum = (rows: { pathway: string; category: string | null; count: number }[], pathway: string, category?: string) =>
      rows.filter((r) => r.pathway === pathway && (category === undefined || r.category === category)).reduce((s, r) => s + r.count, 0);
    const now = demand.pathwayDemand(request).rows;
    const before = demand.pathwayDemand({ ...request, legacySrps: true }).rows;
    expect(sum(now, 'srp', 'SEMH')).toBe(0);
    expect(sum(before, 'srp', 'SEMH')).toBeCloseTo(34, 0);
    expect(sum(before, 'srp', 'VI')).toBeCloseTo(6, 0);
    // Moved, not added: outreach and mainstream hold the same pupils fewer.
    const moved = sum(before, 'srp', 'SEMH') + sum(before, 'srp', 'VI');
    expect(sum(now, 'outreach') + sum(now, 'mainstream') - (sum(before, 'outreach') + sum(before, 'mainstream'))).toBeCloseTo(moved, 6);
    expect(sum(before, 'special')).toBeCloseTo(sum(now, 'special'), 6);
  });
});
