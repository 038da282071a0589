/**
 * The pupils a path carries from one model year to the next, cohort by cohort: who keeps a place,
 * who leaves at a transition, whose plan ceased, and what is left for the year's stages. The rules
 * are written in solve-path.ts's header; this file only applies them.
 */
import type { Phase } from '../../phases.js';
import { placesInPhase } from '../build-model.js';
import type { IndependentSchoolSupply, SupplyProvision } from '../inputs.js';
import { cellKey, type PathDemandCell } from './path-inputs.js';

/** Pupils of one cell kept at one state provision, by age, with the journey they make. */
export interface KeptPlacement {
  id: string;
  /** The provision's locality (for "placed locally" against "elsewhere"). */
  locality: string;
  phase: Phase;
  km: number;
  minutes: number;
  /** Share of them reached only as their nearest suitable provision, beyond the limit. */
  beyond: number;
  byAge: Float64Array;
}

export interface KeptIndependent {
  id: string;
  minutes: number;
  byAge: Float64Array;
}

/** What one cell (locality, category, phase) holds: pupils by age in state places, independent schools and outside the area. */
export interface CellPlacements {
  locality: string;
  category: string;
  phase: Phase;
  state: Map<string, KeptPlacement>;
  independent: Map<string, KeptIndependent>;
  outOfArea: Float64Array;
}

/** Placements by cell key. */
export type PathState = Map<string, CellPlacements>;

export const sumOf = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
};

/** Pupils a cell holds at each age, in every kind of placement. */
export function heldByAge(c: CellPlacements): Float64Array {
  const out = Float64Array.from(c.outOfArea);
  for (const p of c.state.values()) p.byAge.forEach((v, i) => (out[i]! += v));
  for (const p of c.independent.values()) p.byAge.forEach((v, i) => (out[i]! += v));
  return out;
}

const emptyCell = (c: { locality: string; category: string; phase: Phase }, ages: number): CellPlacements => ({
  locality: c.locality,
  category: c.category,
  phase: c.phase,
  state: new Map(),
  independent: new Map(),
  outOfArea: new Float64Array(ages),
});

/**
 * Last year's placements a year on: every pupil a year older; those at the phase's last age leave at
 * the transition; those younger keep their placement in the proportion kappa = min(1, this year's
 * cohort / last year's) of their cohort.
 */
export function carryForward(
  previous: PathState,
  previousDemand: Map<string, PathDemandCell>,
  demand: Map<string, PathDemandCell>,
): { staying: PathState; leftAtTransition: number; plansCeased: number } {
  const staying: PathState = new Map();
  let leftAtTransition = 0;
  let plansCeased = 0;
  for (const [key, held] of previous) {
    const before = previousDemand.get(key)?.byAge ?? [];
    const now = demand.get(key)?.byAge ?? [];
    const n = held.outOfArea.length;
    const kappa = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      const d0 = before[i - 1] ?? 0;
      kappa[i] = d0 > 0 ? Math.min(1, (now[i] ?? 0) / d0) : 0;
    }
    const total = heldByAge(held);
    leftAtTransition += total[n - 1]!;
    for (let i = 1; i < n; i++) plansCeased += (1 - kappa[i]!) * total[i - 1]!;
    const shift = (byAge: Float64Array) => {
      const out = new Float64Array(n);
      for (let i = 1; i < n; i++) out[i] = kappa[i]! * byAge[i - 1]!;
      return out;
    };
    const next = emptyCell(held, n);
    for (const [id, p] of held.state) {
      const byAge = shift(p.byAge);
      if (sumOf(byAge) > 1e-12) next.state.set(id, { ...p, byAge });
    }
    for (const [id, p] of held.independent) {
      const byAge = shift(p.byAge);
      if (sumOf(byAge) > 1e-12) next.independent.set(id, { ...p, byAge });
    }
    next.outOfArea = shift(held.outOfArea);
    if (next.state.size || next.independent.size || sumOf(next.outOfArea) > 1e-12) staying.set(key, next);
  }
  return { staying, leftAtTransition, plansCeased };
}

/** The year's demand less the pupils staying: what the year's stages place (never below zero). */
export function residualDemand(demand: PathDemandCell[], staying: PathState): PathDemandCell[] {
  return demand.flatMap((c) => {
    const held = staying.get(cellKey(c));
    if (!held) return [{ ...c, byAge: [...c.byAge] }];
    const kept = heldByAge(held);
    const byAge = c.byAge.map((d, i) => Math.max(0, d - kept[i]!));
    const count = byAge.reduce((s, v) => s + v, 0);
    return count > 1e-9 ? [{ ...c, count, byAge }] : [];
  });
}

/** Pupils staying at each state provision by phase, and at each independent school. */
export function keptAt(staying: PathState): { state: Map<string, Partial<Record<Phase, number>>>; independent: Map<string, number>; outOfArea: number } {
  const state = new Map<string, Partial<Record<Phase, number>>>();
  const independent = new Map<string, number>();
  let outOfArea = 0;
  for (const c of staying.values()) {
    for (const p of c.state.values()) {
      const at = state.get(p.id) ?? state.set(p.id, {}).get(p.id)!;
      at[c.phase] = (at[c.phase] ?? 0) + sumOf(p.byAge);
    }
    for (const p of c.independent.values()) independent.set(p.id, (independent.get(p.id) ?? 0) + sumOf(p.byAge));
    outOfArea += sumOf(c.outOfArea);
  }
  return { state, independent, outOfArea };
}

/** The year's provisions with the places staying pupils hold taken out: the places free for admissions. */
export function placesFree(provisions: SupplyProvision[], kept: Map<string, Partial<Record<Phase, number>>>): SupplyProvision[] {
  return provisions.map((p) => {
    const held = kept.get(p.id);
    if (!held) return p;
    const placesByPhase = Object.fromEntries(p.phases.map((ph) => [ph, Math.max(0, placesInPhase(p, ph) - (held[ph] ?? 0))])) as Partial<Record<Phase, number>>;
    const places = p.phases.reduce((s, ph) => s + (placesByPhase[ph] ?? 0), 0);
    return { ...p, places, placesByPhase };
  });
}

/** Independent schools with the places staying pupils hold taken out. */
export function independentPlacesFree(schools: IndependentSchoolSupply[], kept: Map<string, number>): IndependentSchoolSupply[] {
  return schools.map((s) => (kept.has(s.id) ? { ...s, places: Math.max(0, s.places - kept.get(s.id)!) } : s));
}

/** Adds pupils to a cell's placements (creating the cell when new), shared over ages by `ageShare`. */
export function addPlacements(
  state: PathState,
  cell: { locality: string; category: string; phase: Phase },
  ageShare: number[],
  add: { state: { p: Omit<KeptPlacement, 'byAge'>; pupils: number }[]; independent: { p: Omit<KeptIndependent, 'byAge'>; pupils: number }[]; outOfArea: number },
): void {
  const key = cellKey(cell);
  const n = ageShare.length;
  const target = state.get(key) ?? state.set(key, emptyCell(cell, n)).get(key)!;
  for (const { p, pupils } of add.state) {
    if (!(pupils > 1e-12)) continue;
    const kept = target.state.get(p.id) ?? target.state.set(p.id, { ...p, byAge: new Float64Array(n) }).get(p.id)!;
    ageShare.forEach((s, i) => (kept.byAge[i]! += s * pupils));
  }
  for (const { p, pupils } of add.independent) {
    if (!(pupils > 1e-12)) continue;
    const kept = target.independent.get(p.id) ?? target.independent.set(p.id, { ...p, byAge: new Float64Array(n) }).get(p.id)!;
    ageShare.forEach((s, i) => (kept.byAge[i]! += s * pupils));
  }
  if (add.outOfArea > 1e-12) ageShare.forEach((s, i) => (target.outOfArea[i]! += s * add.outOfArea));
}

/** A deep copy, so a year's staying pupils survive the next year's additions. */
export function copyState(state: PathState): PathState {
  const out: PathState = new Map();
  for (const [key, c] of state) {
    out.set(key, {
      ...c,
      state: new Map([...c.state].map(([id, p]) => [id, { ...p, byAge: Float64Array.from(p.byAge) }])),
      independent: new Map([...c.independent].map(([id, p]) => [id, { ...p, byAge: Float64Array.from(p.byAge) }])),
      outOfArea: Float64Array.from(c.outOfArea),
    });
  }
  return out;
}
