/**
 * Differences between two finished runs: first every input that differs (year, level, designation
 * set, demand parameters, supply changes, assumptions, travel, outreach, costs), saying so first when
 * more differs than the other run's own changes; then, locality by locality, how demand, placements,
 * independent placements and unmet places change from a base run to another (other minus base). Rows
 * present in only one run count as zero in the other. Both runs must use the same locality level
 * and model version.
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
  whole: z
    .object({ demandBase: z.number().int(), demandOther: z.number().int(), shortfallBase: z.number().int(), shortfallOther: z.number().int(), shortfallChange: z.number().int() })
    .describe('The same in whole pupils (each run rounded so that its totals are kept)'),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export const inputDifferenceSchema = z.object({
  input: z.string().describe('e.g. "year", "designationSet", "supply", "assumptions.unknownSrpPlaces", "modelVersion"'),
  base: z.unknown(),
  other: z.unknown(),
  ownChange: z.boolean().describe("true for the other run's own changes (supply changes it adds to the base's, demand parameters it sets)"),
});

export const comparisonSchema = z.object({
  likeForLike: z.boolean().describe("Whether the runs differ only in the other run's own changes"),
  warning: z.string().nullable().describe('Said first when more differs than the other run\'s own changes'),
  inputDifferences: z.array(inputDifferenceSchema).describe('Every input that differs between the runs'),
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
export type InputDifference = z.infer<typeof inputDifferenceSchema>;

export class IncomparableRunsError extends DomainError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

const r4 = (x: number) => {
  const v = Math.round(x * 1e4) / 1e4;
  return Object.is(v, -0) ? 0 : v;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Leaf-by-leaf differences of two plain objects (arrays compared whole). */
function diff(base: unknown, other: unknown, path: string, out: { input: string; base: unknown; other: unknown }[]) {
  if (isRecord(base) && isRecord(other)) {
    for (const key of [...new Set([...Object.keys(base), ...Object.keys(other)])].sort()) diff(base[key], other[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (!same(base, other)) out.push({ input: path, base: base ?? null, other: other ?? null });
}

/**
 * Every input that differs. The other run's own changes are the supply changes it adds after the
 * base's (the base's list is the start of its own) and the demand parameters it sets where the
 * base sets none; anything else that differs is more than its own changes.
 */
export function inputDifferences(base: SufficiencyResult, other: SufficiencyResult): InputDifference[] {
  const out: { input: string; base: unknown; other: unknown }[] = [];
  if (base.modelVersion !== other.modelVersion) out.push({ input: 'modelVersion', base: base.modelVersion, other: other.modelVersion });
  diff(base.scenarioInputs ?? {}, other.scenarioInputs ?? {}, '', out);
  // One entry for the supply list rather than one per index.
  const supply = out.filter((d) => d.input === 'supply' || d.input.startsWith('supply.'));
  const rest = out.filter((d) => !(d.input === 'supply' || d.input.startsWith('supply.')));
  const baseSupply = ((base.scenarioInputs as Record<string, unknown> | undefined)?.supply as unknown[] | undefined) ?? [];
  const otherSupply = ((other.scenarioInputs as Record<string, unknown> | undefined)?.supply as unknown[] | undefined) ?? [];
  const extends_ = baseSupply.length <= otherSupply.length && baseSupply.every((c, i) => same(c, otherSupply[i]));
  const baseDemand = (base.scenarioInputs as Record<string, unknown> | undefined)?.demand;
  const baseSetsNoDemand = !isRecord(baseDemand) || Object.keys(baseDemand).length === 0;
  const differences: InputDifference[] = rest.map((d) => ({ ...d, ownChange: d.input.startsWith('demand.') && baseSetsNoDemand }));
  if (supply.length) {
    differences.push({
      input: 'supply',
      base: baseSupply,
      other: extends_ ? otherSupply.slice(baseSupply.length) : otherSupply,
      ownChange: extends_,
    });
  }
  return differences;
}

const describe = (d: InputDifference) => {
  const show = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : JSON.stringify(v));
  return d.input === 'supply' ? 'supply changes' : `${d.input} (${show(d.base)} in the base, ${show(d.other)} in the other)`;
};

export function compareResults(base: SufficiencyResult, other: SufficiencyResult): Comparison {
  for (const r of [base, other]) {
    if (!r.scenarioInputs || !r.totals.whole) {
      throw new IncomparableRunsError(`run of ${r.scenarioId} was made with model ${r.modelVersion}, which this service no longer compares: run it again`);
    }
  }
  if (base.level !== other.level) {
    throw new IncomparableRunsError(`the runs count demand in different localities (${base.level} and ${other.level}); compare runs at the same level`);
  }
  const differences = inputDifferences(base, other);
  const beyond = differences.filter((d) => !d.ownChange);
  const warning = beyond.length
    ? `These runs differ in more than ${other.scenarioName}'s own changes: ${beyond.map(describe).join('; ')}. ` +
      'The changes below mix all of them; compare with a run of a base scenario that differs only in those changes.'
    : null;

  type Row = SufficiencyResult['byLocality'][number];
  const key = (r: Row) => `${r.locality}|${r.category}|${r.phase}`;
  const baseRows = new Map(base.byLocality.map((r) => [key(r), r]));
  const otherRows = new Map(other.byLocality.map((r) => [key(r), r]));
  const keys = [...new Set([...baseRows.keys(), ...otherRows.keys()])];
  const zero = (r: Row): Row => ({
    ...r,
    demand: 0,
    placedLocal: 0,
    placedElsewhere: 0,
    placedIndependent: 0,
    unmet: 0,
    whole: { demand: 0, placedLocal: 0, placedElsewhere: 0, placedBeyondLimit: 0, placedIndependent: 0, placedOutOfArea: 0, unmet: 0, notCommissioned: 0 },
  });
  const byLocality: ComparisonRow[] = [];
  for (const k of keys) {
    const b = baseRows.get(k) ?? zero(otherRows.get(k)!);
    const o = otherRows.get(k) ?? zero(baseRows.get(k)!);
    const wb = b.whole.placedIndependent + b.whole.unmet;
    const wo = o.whole.placedIndependent + o.whole.unmet;
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
      whole: { demandBase: b.whole.demand, demandOther: o.whole.demand, shortfallBase: wb, shortfallOther: wo, shortfallChange: wo - wb },
    };
    const changed =
      [row.demandChange, row.placedLocalChange, row.placedElsewhereChange, row.independentChange, row.unmetChange].some((c) => Math.abs(c) > 1e-4) ||
      row.whole.shortfallChange !== 0 ||
      row.whole.demandBase !== row.whole.demandOther;
    if (changed) byLocality.push(row);
  }
  byLocality.sort((a, b) => Math.abs(b.shortfallChange) - Math.abs(a.shortfallChange) || a.locality.localeCompare(b.locality) || a.category.localeCompare(b.category) || a.phase.localeCompare(b.phase));

  const measures: [string, (r: SufficiencyResult) => number][] = [
    ['demand', (r) => r.totals.whole.demand],
    ['placedLocal', (r) => r.totals.whole.placedLocal],
    ['placedElsewhere', (r) => r.totals.whole.placedElsewhere],
    ['placedIndependent', (r) => r.totals.whole.placedIndependent],
    ['unmet', (r) => r.totals.whole.unmet],
    ['notCommissioned', (r) => r.totals.whole.notCommissioned],
    ['independentCost', (r) => r.totals.independentCost],
    ['places', (r) => Math.round(r.totals.places)],
    ['outreachUnmet', (r) => r.totals.whole.outreachUnmet],
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
  const byLocalityOf = (rows: SufficiencyResult['outreach']) => {
    const m = new Map<string, { localityName: string; unmet: number }>();
    for (const r of rows) {
      const e = m.get(r.locality) ?? m.set(r.locality, { localityName: r.localityName, unmet: 0 }).get(r.locality)!;
      e.unmet += r.unmet;
    }
    return m;
  };
  const baseOut = byLocalityOf(base.outreach);
  const otherOut = byLocalityOf(other.outreach);
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
  return { likeForLike: beyond.length === 0, warning, inputDifferences: differences, level: base.level, totals, byLocality, provisions, outreach };
}
