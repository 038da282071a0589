/**
 * The sufficiency model: a transportation linear programme that sends each locality's demand for
 * specialist places to provisions within reach, and mainstream pupils' need for outreach to special
 * schools within reach, showing what cannot be met.
 *
 * ## Sets
 * - L localities (districts, MSOAs or LSOAs), each with a centroid.
 * - R demand rows r = (l, c, p): locality l, category c (designation CLN/SEMH/NLD or SRP need type),
 *   phase p (primary, secondary, post16), with demand D_r > 0.
 * - J provisions j (special schools, SRPs, satellites, assumed unlisted SRP places), each with places
 *   C_j, the categories K_j it admits, the phases P_j it serves, and optionally places C_jc per category.
 * - A placement arcs (r, j): j admits c and serves p, and the journey from l's centroid to j is within
 *   the travel limit for p (km_lj <= km_p and minutes_lj <= minutes_p). No arc exists otherwise: that is
 *   how the travel limit and suitability enter the model.
 * - Q outreach rows q = (l, d): mainstream pupils in locality l needing outreach from a special school
 *   of designation d (or from any special school when the demand names no designation), O_q > 0.
 * - S outreach suppliers s (special schools with outreach capacity O_s, for the designations they
 *   admit; locality teams serving only their own locality, any designation) and outreach arcs (q, s)
 *   where s serves d and lies within the outreach travel limit of l's centroid.
 *
 * ## Variables (all >= 0)
 * - x_rj  pupils of row r placed at provision j              cost w_travel x minutes_lj
 * - i_r   pupils of row r placed in an independent school    cost w_indep   (only for categories the fallback covers)
 * - u_r   pupils of row r with no place at all (unmet)       cost w_unmet
 * - y_qs  outreach support from supplier s to row q         cost w_otravel x minutes_ls
 * - v_q   outreach need left unmet in row q                 cost w_ounmet
 *
 * ## Constraints (one builder below per family)
 * - demand satisfaction   sum_j x_rj + i_r + u_r = D_r          for every r in R
 * - provision capacity    sum_{r} x_rj <= C_j                   for every j in J
 * - category capacity     sum_{r: c(r)=c} x_rj <= C_jc          where a provision states places per category
 * - independent capacity  sum_r i_r <= C_indep                  when the fallback has a finite capacity
 * - outreach demand       sum_s y_qs + v_q = O_q                for every outreach row q
 * - outreach capacity     sum_q y_qs <= O_s                     for every supplier s
 *
 * ## Objective
 * minimise  w_travel sum minutes_lj x_rj + w_indep sum i_r + w_unmet sum u_r
 *         + w_otravel sum minutes_ls y_qs + w_ounmet sum v_q
 *
 * The intent is lexicographic: first place as many children as possible (in state provision or
 * independent), then use as few independent places as possible, then shorten journeys. One objective
 * does that when the weights are far apart: moving one child can set off a chain of reassignments
 * whose travel change is bounded by (length of the chain) x (longest arc), so w_indep must exceed the
 * travel any such chain can save and w_unmet must exceed w_indep plus that. Defaults: 1 point per
 * pupil-minute, 10,000 per independent placement, 100,000 per unmet place (so a chain of over 100
 * reassignments of 90-minute journeys would be needed to break the order); outreach has its own
 * rows and suppliers, so w_ounmet (10,000) only has to dominate outreach travel. `penaltyWarnings`
 * reports a scenario whose weights break the order. The objective is in these penalty points; the
 * cost in pounds of independent placements is reported separately.
 *
 * The duals of the capacity rows give the marginal value of one more place at each provision, and
 * the duals of the demand rows the marginal cost of one more child in each row (see interpret.ts).
 */
import type { Phase } from '../phases.js';
import { LpModelBuilder, lpNameFragment, type LpModel } from '../lp/linear-model.js';
import type { Category, DemandCell, OutreachDemand, SufficiencyInputs } from './inputs.js';
import { journeyMinutes, straightLineKm, withinLimit } from './travel.js';

export interface PlacementArc {
  cell: number;
  provision: number;
  km: number;
  minutes: number;
  variable: number;
}

export interface OutreachSupplier {
  id: string;
  kind: 'special-school' | 'locality-team';
  /** Provision index for a special school; -1 for a locality team. */
  provision: number;
  /** For a locality team, the only locality it serves. */
  locality: string | null;
  capacity: number;
  row: number;
}

export interface OutreachArc {
  /** Index into outreach.rows. */
  row: number;
  supplier: number;
  km: number;
  minutes: number;
  variable: number;
}

/** The compiled model and the map from its rows and variables back to localities and provisions. */
export interface SufficiencyModel {
  model: LpModel;
  /** Demand cells with positive count, merged per (locality, category, phase), in a stable order. */
  cells: DemandCell[];
  demandRow: number[];
  unmetVar: number[];
  /** -1 where the fallback does not cover the cell's category. */
  independentVar: number[];
  arcs: PlacementArc[];
  capacityRow: number[];
  categoryCapacityRows: { provision: number; category: Category; row: number }[];
  independentCapacityRow: number;
  outreach: {
    /** Outreach demand with positive count, merged per (locality, designation or null = any). */
    rows: OutreachDemand[];
    demandRow: number[];
    unmetVar: number[];
    suppliers: OutreachSupplier[];
    arcs: OutreachArc[];
  };
  /** Longest placement journey in the model (minutes), for checking the penalty order. */
  longestArcMinutes: number;
}

const cellKey = (c: { locality: string; category: Category; phase: Phase }) => `${c.locality}|${c.category}|${c.phase}`;
const n = lpNameFragment;

/** Checks the inputs refer to known localities and hold finite, non-negative numbers. */
export function validateInputs(inputs: SufficiencyInputs): void {
  const localities = new Set(inputs.localities.map((l) => l.code));
  if (localities.size !== inputs.localities.length) throw new Error('duplicate locality code in the inputs');
  inputs.demand.forEach((d, i) => {
    if (!localities.has(d.locality)) throw new Error(`demand[${i}]: unknown locality ${d.locality}`);
    if (!Number.isFinite(d.count) || d.count < 0) throw new Error(`demand[${i}]: count must be a finite number >= 0`);
  });
  inputs.outreachDemand.forEach((d, i) => {
    if (!localities.has(d.locality)) throw new Error(`outreachDemand[${i}]: unknown locality ${d.locality}`);
    if (!Number.isFinite(d.count) || d.count < 0) throw new Error(`outreachDemand[${i}]: count must be a finite number >= 0`);
  });
  const ids = new Set<string>();
  inputs.provisions.forEach((p, i) => {
    if (ids.has(p.id)) throw new Error(`provisions[${i}]: duplicate id ${p.id}`);
    ids.add(p.id);
    if (!localities.has(p.locality)) throw new Error(`provisions[${i}]: unknown locality ${p.locality}`);
    if (!Number.isFinite(p.places) || p.places < 0) throw new Error(`provisions[${i}]: places must be a finite number >= 0`);
    if (!Number.isFinite(p.outreachCapacity) || p.outreachCapacity < 0) throw new Error(`provisions[${i}]: outreachCapacity must be >= 0`);
  });
  inputs.outreachTeams.forEach((t, i) => {
    if (!localities.has(t.locality)) throw new Error(`outreachTeams[${i}]: unknown locality ${t.locality}`);
  });
}

/**
 * Sums duplicate cells and drops empty ones, in order of first appearance. For whole-pupil (integer)
 * models each cell is rounded to the nearest whole pupil first: apportioned demand is fractional, and
 * a fraction that no whole placement can take would otherwise show as unmet.
 */
export function mergeDemand(demand: DemandCell[], wholePupils = false): DemandCell[] {
  const merged = new Map<string, DemandCell>();
  for (const d of demand) {
    if (d.count <= 0) continue;
    const key = cellKey(d);
    const existing = merged.get(key);
    if (existing) existing.count += d.count;
    else merged.set(key, { ...d });
  }
  const cells = [...merged.values()];
  if (!wholePupils) return cells;
  return cells.map((c) => ({ ...c, count: Math.round(c.count) })).filter((c) => c.count > 0);
}

/** Builds the whole model from the inputs: each constraint family in turn. */
export function buildSufficiencyModel(inputs: SufficiencyInputs): SufficiencyModel {
  validateInputs(inputs);
  const b = new LpModelBuilder(`sufficiency_${inputs.level}_${inputs.year}`);
  const cells = mergeDemand(inputs.demand, inputs.integer);
  const arcs = addPlacementArcs(b, inputs, cells);
  const independentVar = addIndependentPlacements(b, inputs, cells);
  const unmetVar = addUnmetPlaces(b, inputs, cells);
  const demandRow = addDemandSatisfaction(b, cells, arcs, independentVar, unmetVar);
  const capacityRow = addProvisionCapacity(b, inputs, arcs);
  const categoryCapacityRows = addCategoryCapacity(b, inputs, cells, arcs);
  const independentCapacityRow = addIndependentCapacity(b, inputs, independentVar);
  const outreach = addOutreach(b, inputs);
  return {
    model: b.build(),
    cells,
    demandRow,
    unmetVar,
    independentVar,
    arcs,
    capacityRow,
    categoryCapacityRows,
    independentCapacityRow,
    outreach,
    longestArcMinutes: arcs.reduce((m, a) => Math.max(m, a.minutes), 0),
  };
}

/**
 * Placement arcs x_rj: one variable per (demand row, provision) where the provision admits the
 * row's category, serves its phase, and lies within the phase's travel limit of the locality's
 * centroid. Cost: w_travel x estimated minutes.
 */
export function addPlacementArcs(b: LpModelBuilder, inputs: SufficiencyInputs, cells: DemandCell[]): PlacementArc[] {
  const localityIndex = new Map(inputs.localities.map((l, i) => [l.code, i]));
  const P = inputs.provisions.length;
  // Provisions by (category, phase), so each cell only looks at the ones that fit it.
  const fitting = new Map<string, number[]>();
  inputs.provisions.forEach((p, j) => {
    for (const c of p.categories) for (const ph of p.phases) {
      const key = `${c}|${ph}`;
      (fitting.get(key) ?? fitting.set(key, []).get(key)!).push(j);
    }
  });
  // Distances are computed once per (locality, provision) pair: NaN = not yet.
  const km = new Float64Array(inputs.localities.length * P).fill(NaN);
  const provisionName = inputs.provisions.map((p) => n(p.id));
  const arcs: PlacementArc[] = [];
  cells.forEach((cell, r) => {
    const l = localityIndex.get(cell.locality)!;
    const from = inputs.localities[l]!.centroid;
    const limit = inputs.travel.limits[cell.phase];
    const prefix = `place.${n(cell.locality)}.${n(cell.category)}.${cell.phase}.`;
    for (const j of fitting.get(`${cell.category}|${cell.phase}`) ?? []) {
      let d = km[l * P + j]!;
      if (Number.isNaN(d)) d = km[l * P + j] = straightLineKm(from, inputs.provisions[j]!.location);
      const minutes = journeyMinutes(d, inputs.travel.model);
      if (!withinLimit(d, minutes, limit)) continue;
      const variable = b.addVariable(prefix + provisionName[j], inputs.penalties.travelPerMinute * minutes, { integer: inputs.integer });
      arcs.push({ cell: r, provision: j, km: d, minutes, variable });
    }
  });
  return arcs;
}

/** Independent placements i_r, for the categories the fallback covers. Cost: w_indep. */
export function addIndependentPlacements(b: LpModelBuilder, inputs: SufficiencyInputs, cells: DemandCell[]): number[] {
  const covered = new Set(inputs.independent.categories);
  return cells.map((cell) =>
    covered.has(cell.category)
      ? b.addVariable(`independent.${n(cell.locality)}.${n(cell.category)}.${cell.phase}`, inputs.penalties.independentPlace, {
          integer: inputs.integer,
        })
      : -1,
  );
}

/** Unmet places u_r: pupils with no suitable place within reach. Cost: w_unmet. Always continuous. */
export function addUnmetPlaces(b: LpModelBuilder, inputs: SufficiencyInputs, cells: DemandCell[]): number[] {
  return cells.map((cell) => b.addVariable(`unmet.${n(cell.locality)}.${n(cell.category)}.${cell.phase}`, inputs.penalties.unmetPlace));
}

/** Demand satisfaction: sum_j x_rj + i_r + u_r = D_r for every demand row. */
export function addDemandSatisfaction(
  b: LpModelBuilder,
  cells: DemandCell[],
  arcs: PlacementArc[],
  independentVar: number[],
  unmetVar: number[],
): number[] {
  const terms: number[][] = cells.map(() => []);
  for (const a of arcs) terms[a.cell]!.push(a.variable);
  return cells.map((cell, r) => {
    const vars = [...terms[r]!];
    if (independentVar[r]! >= 0) vars.push(independentVar[r]!);
    vars.push(unmetVar[r]!);
    return b.addRow(`demand.${n(cell.locality)}.${n(cell.category)}.${cell.phase}`, 'eq', cell.count, vars, vars.map(() => 1));
  });
}

/** Provision capacity: sum_r x_rj <= C_j for every provision (all categories and phases together). */
export function addProvisionCapacity(b: LpModelBuilder, inputs: SufficiencyInputs, arcs: PlacementArc[]): number[] {
  const terms: number[][] = inputs.provisions.map(() => []);
  for (const a of arcs) terms[a.provision]!.push(a.variable);
  return inputs.provisions.map((p, j) => b.addRow(`places.${n(p.id)}`, 'le', p.places, terms[j]!, terms[j]!.map(() => 1)));
}

/** Category capacity: sum_{r: c(r)=c} x_rj <= C_jc where a provision states places for a category. */
export function addCategoryCapacity(
  b: LpModelBuilder,
  inputs: SufficiencyInputs,
  cells: DemandCell[],
  arcs: PlacementArc[],
): { provision: number; category: Category; row: number }[] {
  const out: { provision: number; category: Category; row: number }[] = [];
  inputs.provisions.forEach((p, j) => {
    for (const [category, places] of Object.entries(p.placesByCategory ?? {}) as [Category, number][]) {
      if (!p.categories.includes(category)) throw new Error(`provision ${p.id}: places stated for ${category}, which it does not admit`);
      const vars = arcs.filter((a) => a.provision === j && cells[a.cell]!.category === category).map((a) => a.variable);
      out.push({ provision: j, category, row: b.addRow(`places.${n(p.id)}.${n(category)}`, 'le', places, vars, vars.map(() => 1)) });
    }
  });
  return out;
}

/** Independent capacity: sum_r i_r <= C_indep, only when the fallback's capacity is finite. */
export function addIndependentCapacity(b: LpModelBuilder, inputs: SufficiencyInputs, independentVar: number[]): number {
  if (inputs.independent.capacity === null) return -1;
  const vars = independentVar.filter((v) => v >= 0);
  return b.addRow('places.independent', 'le', inputs.independent.capacity, vars, vars.map(() => 1));
}

/**
 * Outreach: suppliers (special schools with outreach capacity, for the designations they admit;
 * locality teams, for any designation in their own locality) support mainstream pupils within the
 * outreach travel limit; what they cannot cover is unmet outreach.
 * Rows: sum_s y_qs + v_q = O_q per (locality, designation); sum_q y_qs <= O_s per supplier.
 */
export function addOutreach(b: LpModelBuilder, inputs: SufficiencyInputs): SufficiencyModel['outreach'] {
  const merged = new Map<string, OutreachDemand>();
  for (const d of inputs.outreachDemand) {
    if (d.count <= 0) continue;
    const key = `${d.locality}|${d.category ?? ''}`;
    const existing = merged.get(key);
    if (existing) existing.count += d.count;
    else merged.set(key, { ...d });
  }
  const rows = [...merged.values()];
  const centroid = new Map(inputs.localities.map((l) => [l.code, l.centroid]));

  const suppliers: Omit<OutreachSupplier, 'row'>[] = [];
  inputs.provisions.forEach((p, j) => {
    if (p.kind === 'special-school' && p.outreachCapacity > 0) {
      suppliers.push({ id: p.id, kind: 'special-school', provision: j, locality: null, capacity: p.outreachCapacity });
    }
  });
  for (const t of inputs.outreachTeams) {
    if (t.capacity > 0) suppliers.push({ id: `team-${t.locality}`, kind: 'locality-team', provision: -1, locality: t.locality, capacity: t.capacity });
  }

  const distance = new Map<string, { km: number; minutes: number }>();
  const arcs: OutreachArc[] = [];
  rows.forEach((q, r) => {
    const from = centroid.get(q.locality)!;
    const tag = q.category ?? 'any';
    suppliers.forEach((s, si) => {
      let km = 0;
      let minutes = 0;
      if (s.kind === 'locality-team') {
        if (s.locality !== q.locality) return;
      } else {
        const p = inputs.provisions[s.provision]!;
        if (q.category !== null && !p.categories.includes(q.category)) return;
        const key = `${q.locality}|${si}`;
        let d = distance.get(key);
        if (!d) {
          const k = straightLineKm(from, p.location);
          d = { km: k, minutes: journeyMinutes(k, inputs.travel.model) };
          distance.set(key, d);
        }
        ({ km, minutes } = d);
        if (!withinLimit(km, minutes, inputs.travel.outreach)) return;
      }
      const variable = b.addVariable(`support.${n(q.locality)}.${tag}.${n(s.id)}`, inputs.penalties.outreachTravelPerMinute * minutes);
      arcs.push({ row: r, supplier: si, km, minutes, variable });
    });
  });
  const unmetVar = rows.map((q) => b.addVariable(`unmetOutreach.${n(q.locality)}.${q.category ?? 'any'}`, inputs.penalties.unmetOutreach));
  const byRow: number[][] = rows.map(() => []);
  const bySupplier: number[][] = suppliers.map(() => []);
  for (const a of arcs) {
    byRow[a.row]!.push(a.variable);
    bySupplier[a.supplier]!.push(a.variable);
  }
  const demandRow = rows.map((q, r) => {
    const vars = [...byRow[r]!, unmetVar[r]!];
    return b.addRow(`outreachDemand.${n(q.locality)}.${q.category ?? 'any'}`, 'eq', q.count, vars, vars.map(() => 1));
  });
  const withRows: OutreachSupplier[] = suppliers.map((s, si) => ({
    ...s,
    row: b.addRow(`outreachCapacity.${n(s.id)}`, 'le', s.capacity, bySupplier[si]!, bySupplier[si]!.map(() => 1)),
  }));
  return { rows, demandRow, unmetVar, suppliers: withRows, arcs };
}

/**
 * Warnings when the weights do not keep the lexicographic order the model intends: independent
 * placements must cost more than any journey, unmet places more than an independent placement.
 */
export function penaltyWarnings(inputs: SufficiencyInputs, longestArcMinutes: number): string[] {
  const p = inputs.penalties;
  const warnings: string[] = [];
  const longest = p.travelPerMinute * longestArcMinutes;
  if (p.independentPlace <= longest) {
    warnings.push(`independentPlace penalty (${p.independentPlace}) does not exceed the longest journey's cost (${longest.toFixed(1)}): the model may prefer an independent place to a long journey`);
  }
  if (p.unmetPlace <= p.independentPlace + longest) {
    warnings.push(`unmetPlace penalty (${p.unmetPlace}) does not exceed independentPlace plus the longest journey: the model may leave a child unplaced rather than buy an independent place`);
  }
  return warnings;
}
