/**
 * Reads a solved sufficiency model back into the council's terms: per locality x category x phase,
 * how many pupils are placed locally, elsewhere, independently or not at all, how far they travel and
 * what one more place would be worth; per provision, how full it is; per locality, outreach.
 *
 * Marginal values come from the LP duals (rowDuals[i] = d objective / d rhs_i):
 * - one more place at provision j saves -dual(capacity_j) points;
 * - one more pupil in demand row r costs dual(demand_r) points, so a new place of that category at the
 *   locality's centroid would save max(0, dual(demand_r) - w_travel x fixedMinutes) for that row.
 * With the default weights a saving near 100,000 means a child who would otherwise have no place,
 * near 10,000 an independent placement avoided, and below that minutes of travel saved. In a degenerate
 * LP (common with whole-number demand and places) duals are not unique: the solver returns one valid set.
 */
import type { LpSolution } from '../lp/solvers/solver.js';
import type { Phase } from '../phases.js';
import type { SufficiencyModel } from './build-model.js';
import type { Category, SufficiencyInputs } from './inputs.js';
import type { LocalityRow, OutreachRow, ProvisionRow, SufficiencyResult } from './result.js';

const EPS = 1e-7;
/** Rounds for presentation; the objective itself is never rounded. */
const r4 = (x: number) => {
  const v = Math.round(x * 1e4) / 1e4;
  return Object.is(v, -0) ? 0 : v;
};
const nullableR4 = (x: number | null) => (x === null ? null : r4(x));

function weightedQuantile(pairs: { value: number; weight: number }[], q: number): number | null {
  const total = pairs.reduce((s, p) => s + p.weight, 0);
  if (total <= EPS) return null;
  const sorted = [...pairs].sort((a, b) => a.value - b.value);
  let cumulative = 0;
  for (const p of sorted) {
    cumulative += p.weight;
    if (cumulative >= q * total - EPS) return p.value;
  }
  return sorted[sorted.length - 1]!.value;
}

function weightedMean(pairs: { value: number; weight: number }[]): number | null {
  const total = pairs.reduce((s, p) => s + p.weight, 0);
  return total <= EPS ? null : pairs.reduce((s, p) => s + p.value * p.weight, 0) / total;
}

/** What a marginal saving of `v` points means under the run's weights. */
export function meaningOfMarginalValue(v: number, p: SufficiencyInputs['penalties']): string {
  if (v <= EPS) return 'none: places here are not all used, or no pupil in reach needs one';
  if (p.unmetPlace > 0 && v >= p.unmetPlace / 2) return 'would place a pupil who otherwise has no suitable place';
  if (p.independentPlace > 0 && v >= p.independentPlace / 2) return 'would avoid an independent placement';
  return `would shorten journeys by about ${Math.round(v / Math.max(p.travelPerMinute, EPS))} pupil-minutes`;
}

export type InterpretedSolution = Pick<SufficiencyResult, 'totals' | 'byLocality' | 'provisions' | 'outreach' | 'independent'>;

export function interpretSolution(inputs: SufficiencyInputs, built: SufficiencyModel, solution: LpSolution): InterpretedSolution {
  const x = solution.values;
  const duals = solution.rowDuals;
  const names = new Map(inputs.localities.map((l) => [l.code, l.name]));
  const provisions = inputs.provisions;

  // Placements by cell.
  const arcsByCell: SufficiencyModel['arcs'][] = built.cells.map(() => []);
  for (const a of built.arcs) arcsByCell[a.cell]!.push(a);
  const usedAt = new Float64Array(provisions.length);
  const localTravel = inputs.penalties.travelPerMinute * inputs.travel.model.fixedMinutes;

  const byLocality: LocalityRow[] = built.cells.map((cell, r) => {
    let placedLocal = 0;
    let placedElsewhere = 0;
    const km: { value: number; weight: number }[] = [];
    const minutes: { value: number; weight: number }[] = [];
    for (const a of arcsByCell[r]!) {
      const flow = x[a.variable]!;
      if (flow <= EPS) continue;
      usedAt[a.provision]! += flow;
      if (provisions[a.provision]!.locality === cell.locality) placedLocal += flow;
      else placedElsewhere += flow;
      km.push({ value: a.km, weight: flow });
      minutes.push({ value: a.minutes, weight: flow });
    }
    const placedIndependent = built.independentVar[r]! >= 0 ? x[built.independentVar[r]!]! : 0;
    const unmet = x[built.unmetVar[r]!]!;
    const shortfall = placedIndependent + unmet;
    const reachable = arcsByCell[r]!.map((a) => provisions[a.provision]!);
    const shortfallBasis: LocalityRow['shortfallBasis'] =
      shortfall <= 1e-4
        ? 'none'
        : reachable.length === 0
          ? 'no-provision-in-reach'
          : reachable.some((p) => p.placesBasis === 'assumption')
            ? 'assumed-places'
            : 'known-places';
    const demandDual = duals ? duals[built.demandRow[r]!]! : null;
    return {
      locality: cell.locality,
      localityName: names.get(cell.locality) ?? cell.locality,
      category: cell.category,
      phase: cell.phase,
      demand: r4(cell.count),
      placedLocal: r4(placedLocal),
      placedElsewhere: r4(placedElsewhere),
      placedIndependent: r4(placedIndependent),
      unmet: r4(unmet),
      meanKm: nullableR4(weightedMean(km)),
      p95Km: nullableR4(weightedQuantile(km, 0.95)),
      meanMinutes: nullableR4(weightedMean(minutes)),
      p95Minutes: nullableR4(weightedQuantile(minutes, 0.95)),
      marginalCostOfDemand: nullableR4(demandDual),
      marginalValueOfLocalPlace: demandDual === null ? null : r4(Math.max(0, demandDual - localTravel)),
      shortfallBasis,
    };
  });

  // Outreach.
  const o = built.outreach;
  const suppliedTo = new Float64Array(o.rows.length);
  const usedBySupplier = new Float64Array(o.suppliers.length);
  for (const a of o.arcs) {
    const flow = x[a.variable]!;
    suppliedTo[a.row]! += flow;
    usedBySupplier[a.supplier]! += flow;
  }
  const outreachUsedAt = new Map<number, number>();
  o.suppliers.forEach((s, i) => {
    if (s.provision >= 0) outreachUsedAt.set(s.provision, usedBySupplier[i]!);
  });
  const outreach: OutreachRow[] = o.rows.map((q, r) => ({
    locality: q.locality,
    localityName: names.get(q.locality) ?? q.locality,
    category: q.category,
    demand: r4(q.count),
    supplied: r4(suppliedTo[r]!),
    unmet: r4(x[o.unmetVar[r]!]!),
    marginalCostOfDemand: duals ? r4(duals[o.demandRow[r]!]!) : null,
  }));

  const provisionRows: ProvisionRow[] = provisions.map((p, j) => {
    const value = duals ? Math.max(0, -duals[built.capacityRow[j]!]!) : null;
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      locality: p.locality,
      categories: p.categories,
      phases: p.phases,
      capacity: r4(p.places),
      capacityBasis: p.placesBasis,
      capacityNote: p.placesNote,
      used: r4(usedAt[j]!),
      utilisation: p.places > 0 ? r4(usedAt[j]! / p.places) : null,
      marginalValue: nullableR4(value),
      marginalValueMeaning: value === null ? null : meaningOfMarginalValue(value, inputs.penalties),
      outreachCapacity: r4(p.outreachCapacity),
      outreachUsed: r4(outreachUsedAt.get(j) ?? 0),
      designationNote: p.designationNote ?? null,
      changes: p.changes,
    };
  });

  // Independent placements by category and phase.
  const independentBy = new Map<string, { category: Category; phase: Phase; placements: number }>();
  built.cells.forEach((cell, r) => {
    const v = built.independentVar[r]!;
    if (v < 0 || x[v]! <= EPS) return;
    const key = `${cell.category}|${cell.phase}`;
    const entry = independentBy.get(key) ?? independentBy.set(key, { category: cell.category, phase: cell.phase, placements: 0 }).get(key)!;
    entry.placements += x[v]!;
  });

  const sum = (rows: LocalityRow[], f: (r: LocalityRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const placedIndependent = built.independentVar.reduce((s, v) => s + (v >= 0 ? x[v]! : 0), 0);
  const allKm: { value: number; weight: number }[] = [];
  const allMinutes: { value: number; weight: number }[] = [];
  for (const a of built.arcs) {
    const flow = x[a.variable]!;
    if (flow <= EPS) continue;
    allKm.push({ value: a.km, weight: flow });
    allMinutes.push({ value: a.minutes, weight: flow });
  }
  const shortfallWhere = (basis: LocalityRow['shortfallBasis']) =>
    r4(sum(byLocality.filter((r) => r.shortfallBasis === basis), (r) => r.placedIndependent + r.unmet));

  return {
    byLocality,
    provisions: provisionRows,
    outreach,
    independent: {
      placements: r4(placedIndependent),
      cost: Math.round(placedIndependent * inputs.independent.costPerPlace),
      costPerPlace: inputs.independent.costPerPlace,
      capacity: inputs.independent.capacity,
      byCategory: [...independentBy.values()].map((e) => ({ ...e, placements: r4(e.placements) })),
    },
    totals: {
      demand: r4(built.cells.reduce((s, c) => s + c.count, 0)),
      placedLocal: r4(sum(byLocality, (r) => r.placedLocal)),
      placedElsewhere: r4(sum(byLocality, (r) => r.placedElsewhere)),
      placedIndependent: r4(placedIndependent),
      unmet: r4(built.unmetVar.reduce((s, v) => s + x[v]!, 0)),
      independentCost: Math.round(placedIndependent * inputs.independent.costPerPlace),
      places: r4(provisions.reduce((s, p) => s + p.places, 0)),
      placesUsed: r4(usedAt.reduce((s, u) => s + u, 0)),
      outreachDemand: r4(o.rows.reduce((s, q) => s + q.count, 0)),
      outreachSupplied: r4(suppliedTo.reduce((s, c) => s + c, 0)),
      outreachUnmet: r4(o.unmetVar.reduce((s, v) => s + x[v]!, 0)),
      meanKm: nullableR4(weightedMean(allKm)),
      meanMinutes: nullableR4(weightedMean(allMinutes)),
      shortfallOnAssumedPlaces: shortfallWhere('assumed-places'),
      shortfallWithNoProvisionInReach: shortfallWhere('no-provision-in-reach'),
    },
  };
}
