/**
 * Differences between two finished runs, locality by locality: how demand, placements, independent
 * placements and unmet places change from a base run (usually a baseline) to another (a what-if).
 * Rows present in only one run count as zero in the other. Both runs must use the same locality level.
 */
import { z } from 'zod';
import { DomainError } from '../errors.js';
import { PHASES } from '../phases.js';
import { CATEGORIES, type Category } from './inputs.js';
import type { SufficiencyResult } from './result.js';

const category = z.enum(CATEGORIES as unknown as [Category, ...Category[]]);
const change = (what: string) => z.number().describe(`${what}: other minus base`);

export const comparisonRowSchema = z.object({
  locality: z.string(),
  localityName: z.string(),
  category,
  phase: z.enum(PHASES),
  demandBase: z.number(),
  demandOther: z.number(),
  demandChange: change('demand'),
  placedLocalChange: change('placed locally'),
  placedElsewhereChange: change('placed in another locality'),
  independentBase: z.number(),
  independentOther: z.number(),
  independentChange: change('independent placements'),
  unmetBase: z.number(),
  unmetOther: z.number(),
  unmetChange: change('unmet'),
  shortfallBase: z.number().describe('independent + unmet in the base run'),
  shortfallOther: z.number(),
  shortfallChange: change('shortfall (independent + unmet)'),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export const comparisonSchema = z.object({
  level: z.string(),
  totals: z.array(z.object({ measure: z.string(), base: z.number(), other: z.number(), change: z.number() })),
  byLocality: z.array(comparisonRowSchema).describe('Rows where anything changed, largest shortfall change first'),
  provisions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      in: z.enum(['both', 'base-only', 'other-only']),
      capacityBase: z.number(),
      capacityOther: z.number(),
      usedBase: z.number(),
      usedOther: z.number(),
    }),
  ),
  outreach: z
    .array(z.object({ locality: z.string(), localityName: z.string(), unmetBase: z.number(), unmetOther: z.number(), unmetChange: z.number() }))
    .describe('Unmet outreach by locality (all designations), where it changed'),
});
export type Comparison = z.infer<typeof comparisonSchema>;

export class IncomparableRunsError extends DomainError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

const r4 = (x: number) => {
  const v = Math.round(x * 1e4) / 1e4;
  return Object.is(v, -0) ? 0 : v;
};

export function compareResults(base: SufficiencyResult, other: SufficiencyResult): Comparison {
  if (base.level !== other.level) {
    throw new IncomparableRunsError(`the runs count demand in different localities (${base.level} and ${other.level}); compare runs at the same level`);
  }
  type Row = SufficiencyResult['byLocality'][number];
  const key = (r: Row) => `${r.locality}|${r.category}|${r.phase}`;
  const baseRows = new Map(base.byLocality.map((r) => [key(r), r]));
  const otherRows = new Map(other.byLocality.map((r) => [key(r), r]));
  const keys = [...new Set([...baseRows.keys(), ...otherRows.keys()])];
  const zero = (r: Row): Row => ({ ...r, demand: 0, placedLocal: 0, placedElsewhere: 0, placedIndependent: 0, unmet: 0 });
  const byLocality: ComparisonRow[] = [];
  for (const k of keys) {
    const b = baseRows.get(k) ?? zero(otherRows.get(k)!);
    const o = otherRows.get(k) ?? zero(baseRows.get(k)!);
    const row: ComparisonRow = {
      locality: b.locality,
      localityName: b.localityName,
      category: b.category,
      phase: b.phase,
      demandBase: b.demand,
      demandOther: o.demand,
      demandChange: r4(o.demand - b.demand),
      placedLocalChange: r4(o.placedLocal - b.placedLocal),
      placedElsewhereChange: r4(o.placedElsewhere - b.placedElsewhere),
      independentBase: b.placedIndependent,
      independentOther: o.placedIndependent,
      independentChange: r4(o.placedIndependent - b.placedIndependent),
      unmetBase: b.unmet,
      unmetOther: o.unmet,
      unmetChange: r4(o.unmet - b.unmet),
      shortfallBase: r4(b.placedIndependent + b.unmet),
      shortfallOther: r4(o.placedIndependent + o.unmet),
      shortfallChange: r4(o.placedIndependent + o.unmet - b.placedIndependent - b.unmet),
    };
    const changed = [row.demandChange, row.placedLocalChange, row.placedElsewhereChange, row.independentChange, row.unmetChange].some((c) => Math.abs(c) > 1e-4);
    if (changed) byLocality.push(row);
  }
  byLocality.sort((a, b) => Math.abs(b.shortfallChange) - Math.abs(a.shortfallChange) || a.locality.localeCompare(b.locality));

  const measures: [string, (r: SufficiencyResult) => number][] = [
    ['demand', (r) => r.totals.demand],
    ['placedLocal', (r) => r.totals.placedLocal],
    ['placedElsewhere', (r) => r.totals.placedElsewhere],
    ['placedIndependent', (r) => r.totals.placedIndependent],
    ['unmet', (r) => r.totals.unmet],
    ['independentCost', (r) => r.totals.independentCost],
    ['places', (r) => r.totals.places],
    ['outreachUnmet', (r) => r.totals.outreachUnmet],
    ['objective', (r) => r.objective],
  ];
  const totals = measures.map(([measure, f]) => ({ measure, base: f(base), other: f(other), change: r4(f(other) - f(base)) }));

  const baseProv = new Map(base.provisions.map((p) => [p.id, p]));
  const otherProv = new Map(other.provisions.map((p) => [p.id, p]));
  const provisions: Comparison['provisions'] = [];
  for (const id of new Set([...baseProv.keys(), ...otherProv.keys()])) {
    const b = baseProv.get(id);
    const o = otherProv.get(id);
    const entry = {
      id,
      name: (o ?? b)!.name,
      in: b && o ? ('both' as const) : b ? ('base-only' as const) : ('other-only' as const),
      capacityBase: b?.capacity ?? 0,
      capacityOther: o?.capacity ?? 0,
      usedBase: b?.used ?? 0,
      usedOther: o?.used ?? 0,
    };
    if (entry.in !== 'both' || Math.abs(entry.capacityBase - entry.capacityOther) > 1e-4 || Math.abs(entry.usedBase - entry.usedOther) > 1e-4) provisions.push(entry);
  }

  // Outreach by locality, over its designations.
  const byLocality_ = (rows: SufficiencyResult['outreach']) => {
    const m = new Map<string, { localityName: string; unmet: number }>();
    for (const r of rows) {
      const e = m.get(r.locality) ?? m.set(r.locality, { localityName: r.localityName, unmet: 0 }).get(r.locality)!;
      e.unmet += r.unmet;
    }
    return m;
  };
  const baseOut = byLocality_(base.outreach);
  const otherOut = byLocality_(other.outreach);
  const outreach: Comparison['outreach'] = [];
  for (const locality of new Set([...baseOut.keys(), ...otherOut.keys()])) {
    const b = baseOut.get(locality);
    const o = otherOut.get(locality);
    const unmetBase = r4(b?.unmet ?? 0);
    const unmetOther = r4(o?.unmet ?? 0);
    if (Math.abs(unmetOther - unmetBase) > 1e-4) {
      outreach.push({ locality, localityName: (o ?? b)!.localityName, unmetBase, unmetOther, unmetChange: r4(unmetOther - unmetBase) });
    }
  }
  return { level: base.level, totals, byLocality, provisions, outreach };
}
