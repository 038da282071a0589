/**
 * The use case behind `GET /demand/designations`: for a year and locality level, the demand for each
 * kind of place (special school by designation, SRP by need type, outreach, mainstream, further
 * education) under the current and the proposed designations, the difference, and who moves where.
 */
import { PROPOSED_DESIGNATIONS, SRP_NEED_TYPES } from '../needs.js';
import { PHASES, type Phase } from '../phases.js';
import type { Registry } from '../registry/registry.js';
import { describeAssumptions, type AssumptionEntry } from './assumptions.js';
import { findLocality, DemandQueryError } from './demand-table.js';
import { designationChanges, designationDemand, type DesignationChangeRow, type OutcomePathway } from './designation-demand.js';
import { ehcpCounts, resolveDemandAssumptions, type DemandLevel } from './ehcp-counts.js';
import type { ProjectionVariant } from './projection.js';
import type { EhcpCountRow, PathwayMatrix } from './types.js';

export interface DesignationDemandQuery {
  year: number;
  level: DemandLevel;
  phase?: Phase;
  /** A district or MSOA, by code or name. At MSOA level a district selects its MSOAs. */
  locality?: string;
  variant?: ProjectionVariant;
}

export interface DesignationDemandRow {
  locality: string;
  localityName: string;
  phase: Phase;
  pathway: OutcomePathway;
  category: string | null;
  current: number;
  /** The proposed designations' guidance (also the 'approved' set's demand). */
  proposed: number;
  /** proposed - current */
  difference: number;
}

export interface DesignationMoveSummary {
  formerDesignation: string;
  to: { pathway: OutcomePathway; category: string | null; count: number }[];
  total: number;
}

export interface DesignationDemandTable {
  rows: DesignationDemandRow[];
  changes: (Omit<DesignationChangeRow, 'phase'> & { phase: Phase; localityName: string })[];
  /** Pupils who no longer meet a special designation, by former designation and where they now need a place (the localities selected). */
  noLongerMeetSpecial: { total: number; byFormerDesignation: DesignationMoveSummary[] };
  projection: { method: string; variant: ProjectionVariant };
  assumptions: AssumptionEntry[];
}

/** Pathways of a school phase, in display order, with their categories. */
const CELLS: { pathway: OutcomePathway; category: string | null }[] = [
  ...PROPOSED_DESIGNATIONS.map((d) => ({ pathway: 'special' as const, category: d })),
  ...SRP_NEED_TYPES.map((t) => ({ pathway: 'srp' as const, category: t })),
  ...PROPOSED_DESIGNATIONS.map((d) => ({ pathway: 'outreach' as const, category: d })),
  { pathway: 'mainstream', category: null },
  { pathway: 'fe', category: null },
];

function shareOf(matrix: Map<string, PathwayMatrix['rows'][number]>, need: string, phase: string, cell: (typeof CELLS)[number]): number {
  const s = matrix.get(`${need}|${phase}`)!.shares;
  if (cell.pathway === 'special' || cell.pathway === 'srp' || cell.pathway === 'outreach') return (s[cell.pathway] as Record<string, number>)[cell.category!]!;
  return s[cell.pathway as 'mainstream' | 'fe'];
}

function byLocalityPhase(counts: EhcpCountRow[], matrix: PathwayMatrix): Map<string, number[]> {
  const index = new Map(matrix.rows.map((r) => [`${r.need}|${r.phase}`, r]));
  const out = new Map<string, number[]>();
  for (const c of counts) {
    if (!(PHASES as readonly string[]).includes(c.phase)) continue;
    const key = `${c.locality}|${c.phase}`;
    const cells = out.get(key) ?? out.set(key, new Array<number>(CELLS.length).fill(0)).get(key)!;
    CELLS.forEach((cell, i) => (cells[i]! += c.count * shareOf(index, c.need, c.phase, cell)));
  }
  return out;
}

export function designationDemandTable(registry: Registry, q: DesignationDemandQuery): DesignationDemandTable {
  let keep: (code: string) => boolean = () => true;
  if (q.locality !== undefined) {
    const locality = findLocality(registry, q.locality);
    if (!locality) throw new DemandQueryError('locality', 'unknown locality: give a district or MSOA code or name');
    if (q.level === 'district' && locality.level === 'msoa') throw new DemandQueryError('locality', 'an MSOA cannot be selected at level=district; use level=msoa');
    keep = locality.level === q.level ? (code) => code === locality.code : (code) => registry.localityByCode.get(code)?.districtCode === locality.code;
  }
  const overrides = { variant: q.variant ?? 'central' };
  const counts = ehcpCounts(registry.demand, { year: q.year, level: q.level, assumptions: overrides }).filter(
    (c) => keep(c.locality) && (q.phase === undefined || c.phase === q.phase),
  );
  const model = designationDemand(registry);
  const current = byLocalityPhase(counts, model.matrices.current);
  const proposed = byLocalityPhase(counts, model.matrices.proposed);
  const name = (code: string) => registry.localityByCode.get(code)?.name ?? code;
  const rows: DesignationDemandRow[] = [];
  for (const [key, cells] of current) {
    const [locality, phase] = key.split('|') as [string, Phase];
    const after = proposed.get(key)!;
    CELLS.forEach((cell, i) => {
      if (cell.pathway === 'fe' && phase !== 'post16') return;
      rows.push({ locality, localityName: name(locality), phase, ...cell, current: cells[i]!, proposed: after[i]!, difference: after[i]! - cells[i]! });
    });
  }
  const changes = designationChanges(counts, model).map((c) => ({ ...c, phase: c.phase as Phase, localityName: name(c.locality) }));
  const leaving = changes.filter((c) => c.from.pathway === 'special' && c.to.pathway !== 'special');
  const byFormer = new Map<string, Map<string, { pathway: OutcomePathway; category: string | null; count: number }>>();
  for (const c of leaving) {
    const m = byFormer.get(c.formerDesignation) ?? byFormer.set(c.formerDesignation, new Map()).get(c.formerDesignation)!;
    const k = `${c.to.pathway}|${c.to.category}`;
    const e = m.get(k) ?? m.set(k, { pathway: c.to.pathway, category: c.to.category, count: 0 }).get(k)!;
    e.count += c.count;
  }
  const byFormerDesignation = [...byFormer].map(([formerDesignation, m]) => {
    const to = [...m.values()].sort((a, b) => b.count - a.count);
    return { formerDesignation, to, total: to.reduce((s, x) => s + x.count, 0) };
  });
  byFormerDesignation.sort((a, b) => b.total - a.total);
  const resolved = resolveDemandAssumptions(registry.demand, overrides);
  return {
    rows,
    changes,
    noLongerMeetSpecial: { total: byFormerDesignation.reduce((s, f) => s + f.total, 0), byFormerDesignation },
    projection: { method: resolved.rateTrend ? 'rate-trend' : registry.demand.projection.central, variant: resolved.variant },
    assumptions: [
      ...describeAssumptions(registry.demand, resolved, q.level),
      {
        name: 'designationDemand',
        value: 'need profiles run through each set’s admission rules',
        basis:
          "estimate: DfE SEN2 plans by need, age and placement, with the need profiles of need-profiles.json (learning difficulty, secondary needs, traits: estimates), scored by the rules of admission-guidance.json; 'current' maps Kent's five designations to the categories their schools are proposed to hold; 'approved' has the proposed demand (models/kent/DEMAND.md)",
      },
    ],
  };
}
