/**
 * A TEST FIXTURE, not the demand model: fixed county-wide pupil counts per pathway, category and
 * phase (round numbers of the same order as Kent's January 2025 placements), shared among districts
 * or MSOAs by Census 2021 population aged 0-15. It exists so the LP can be exercised at Kent scale
 * independently of the demand model's calibration; the service itself uses the demand model.
 */
import type { DemandSource, PathwayDemandRow } from '../../src/domain/sufficiency/demand-source.js';
import type { Phase } from '../../src/domain/phases.js';
import type { Registry } from '../../src/domain/registry/registry.js';

const COUNTY: { pathway: PathwayDemandRow['pathway']; category: string | null; counts: Partial<Record<Phase, number>> }[] = [
  { pathway: 'special', category: 'CLN', counts: { primary: 1200, secondary: 1100, post16: 600 } },
  { pathway: 'special', category: 'SEMH', counts: { primary: 300, secondary: 900, post16: 300 } },
  { pathway: 'special', category: 'NLD', counts: { primary: 700, secondary: 900, post16: 400 } },
  { pathway: 'srp', category: 'ASD', counts: { primary: 300, secondary: 250 } },
  { pathway: 'srp', category: 'SLCN', counts: { primary: 60, secondary: 40 } },
  { pathway: 'srp', category: 'SEMH', counts: { primary: 40, secondary: 20 } },
  { pathway: 'srp', category: 'HI', counts: { primary: 30, secondary: 20 } },
  { pathway: 'srp', category: 'VI', counts: { primary: 10, secondary: 10 } },
  { pathway: 'srp', category: 'PD', counts: { primary: 20, secondary: 10 } },
  { pathway: 'outreach', category: 'CLN', counts: { primary: 300, secondary: 300, post16: 100 } },
  { pathway: 'outreach', category: 'SEMH', counts: { primary: 200, secondary: 300 } },
  { pathway: 'outreach', category: 'NLD', counts: { primary: 400, secondary: 300, post16: 100 } },
  { pathway: 'mainstream', category: null, counts: { primary: 1800, secondary: 1800, post16: 400 } },
];

export function fixtureDemandSource(registry: Registry, scale = 1): DemandSource {
  return {
    pathwayDemand({ level }) {
      const children = new Map<string, number>();
      for (const l of registry.lsoas.values()) {
        const key = level === 'district' ? l.districtCode : l.msoaCode;
        children.set(key, (children.get(key) ?? 0) + (l.population0to15 ?? 0));
      }
      const total = [...children.values()].reduce((a, b) => a + b, 0);
      const rows: PathwayDemandRow[] = [];
      for (const [locality, n] of children) {
        if (n === 0) continue;
        for (const c of COUNTY) {
          for (const [phase, count] of Object.entries(c.counts) as [Phase, number][]) {
            rows.push({ locality, phase, pathway: c.pathway, category: c.category, count: (scale * count * n) / total });
          }
        }
      }
      return { rows, assumptions: [{ name: 'demand', value: 'test fixture', basis: 'fixed county counts shared by child population' }] };
    },
  };
}
