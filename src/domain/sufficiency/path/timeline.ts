/**
 * A path's demand and supply year by year, for models that look ahead (the capital plan, issue 15):
 * what each row needs each year and what share of it carries over to the next year, and each
 * provision's places each year. Pure functions of the path's inputs (path-inputs.ts), with the same
 * rules the path solves by (solve-path.ts's header):
 *
 *   stays_t(r) = sum_{a < last age} kappa_{t+1}(r, a + 1) D_t(r, a) / D_t(r)
 *
 * is the share of row r's pupils in year t who keep a placement into t + 1 (not at a transition,
 * their plan continuing); a multi-period model that places a share uniform over ages (as the path
 * does) carries x_{t+1}(r, j) >= stays_t(r) x_t(r, j) of row r at provision j. The rest leave at a
 * transition (`leaving`) or their plan ceases.
 */
import type { Phase } from '../../phases.js';
import { placesInPhase } from '../build-model.js';
import type { Category, StateProvisionKind } from '../inputs.js';
import { cellKey, type PathInputs } from './path-inputs.js';

export interface DemandTimelineRow {
  locality: string;
  category: Category;
  phase: Phase;
  /** Pupils needing a place, one entry per year of the path. */
  demand: number[];
  /** Of demand: at the first age of the phase (new to it). */
  entering: number[];
  /** Of demand: at the last age, leaving at the next transition. */
  leaving: number[];
  /** Share of the year's pupils who keep a placement into the next year (stays_t; 0 in the last year). */
  stays: number[];
}

export interface SupplyTimelineRow {
  id: string;
  name: string;
  kind: StateProvisionKind;
  locality: string;
  /** Places open to admissions by phase, one entry per year (0 where the provision does not admit). */
  places: Partial<Record<Phase, number[]>>;
  /** Categories it admits each year (empty where it does not admit). */
  categories: Category[][];
}

export function demandTimeline(path: PathInputs, demandByYear = path.years.map((y) => y.demand)): DemandTimelineRow[] {
  const Y = path.years.length;
  const rows = new Map<string, DemandTimelineRow>();
  demandByYear.forEach((cells, t) => {
    for (const c of cells) {
      const key = cellKey(c);
      const row =
        rows.get(key) ??
        rows
          .set(key, { locality: c.locality, category: c.category, phase: c.phase, demand: new Array(Y).fill(0), entering: new Array(Y).fill(0), leaving: new Array(Y).fill(0), stays: new Array(Y).fill(0) })
          .get(key)!;
      row.demand[t] = c.count;
      row.entering[t] = c.byAge[0] ?? 0;
      row.leaving[t] = c.byAge[c.byAge.length - 1] ?? 0;
    }
  });
  for (let t = 0; t + 1 < Y; t++) {
    const next = new Map(demandByYear[t + 1]!.map((c) => [cellKey(c), c]));
    for (const c of demandByYear[t]!) {
      const after = next.get(cellKey(c))?.byAge ?? [];
      let kept = 0;
      for (let i = 0; i + 1 < c.byAge.length; i++) if (c.byAge[i]! > 0) kept += Math.min(c.byAge[i]!, after[i + 1] ?? 0);
      rows.get(cellKey(c))!.stays[t] = c.count > 0 ? kept / c.count : 0;
    }
  }
  return [...rows.values()];
}

export function supplyTimeline(path: PathInputs): SupplyTimelineRow[] {
  const Y = path.years.length;
  const rows = new Map<string, SupplyTimelineRow>();
  path.years.forEach((y, t) => {
    for (const p of y.provisions) {
      const row = rows.get(p.id) ?? rows.set(p.id, { id: p.id, name: p.name, kind: p.kind, locality: p.locality, places: {}, categories: Array.from({ length: Y }, () => []) }).get(p.id)!;
      for (const ph of p.phases) (row.places[ph] ??= new Array(Y).fill(0))[t] = placesInPhase(p, ph);
      row.categories[t] = [...p.categories];
    }
  });
  return [...rows.values()];
}
