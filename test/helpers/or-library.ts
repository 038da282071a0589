/**
 * Reads OR-Library capacitated warehouse location files (Beasley 1988; test/fixtures/or-library/README.md)
 * and turns one into a plan instance, so that the plan's own facility-location builder is what solves it.
 *
 * Format, as a whitespace-separated token stream: m n; m lines "capacity fixed-cost"; then for each of
 * the n customers its demand and m allocation costs, where c_ij is the cost of serving ALL of customer
 * j's demand from warehouse i (so a pupil-style unit costs c_ij / d_j).
 */
import { readFileSync } from 'node:fs';
import type { PlanInstance } from '../../src/domain/plan/plan-instance.js';

export interface WarehouseInstance {
  name: string;
  capacity: number[];
  fixedCost: number[];
  demand: number[];
  /** cost[i][j]: serving all of customer j from warehouse i. */
  cost: number[][];
}

export function parseWarehouseInstance(name: string, text: string): WarehouseInstance {
  const tokens = text.trim().split(/\s+/);
  let at = 0;
  const next = (what: string): number => {
    const token = tokens[at++];
    const value = Number(token);
    if (token === undefined || !Number.isFinite(value)) throw new Error(`${name}: token ${at} (${what}) is ${token ?? 'missing'}, not a number`);
    return value;
  };
  const m = next('m');
  const n = next('n');
  const capacity: number[] = [];
  const fixedCost: number[] = [];
  for (let i = 0; i < m; i++) {
    capacity.push(next(`capacity ${i + 1}`));
    fixedCost.push(next(`fixed cost ${i + 1}`));
  }
  const demand: number[] = [];
  const cost = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    demand.push(next(`demand of customer ${j + 1}`));
    for (let i = 0; i < m; i++) cost[i]![j] = next(`cost ${i + 1} of customer ${j + 1}`);
  }
  if (at !== tokens.length) throw new Error(`${name}: ${tokens.length - at} tokens left over`);
  return { name, capacity, fixedCost, demand, cost };
}

export function readWarehouseInstance(path: string, name: string): WarehouseInstance {
  return parseWarehouseInstance(name, readFileSync(path, 'utf8'));
}

/**
 * The instance as a one-year plan: each warehouse a yes/no candidate (capital = fixed cost, weighted 1),
 * each customer a cell that must be served in full, each (customer, warehouse) pair an arc costing
 * c_ij / d_j pounds per unit. No tiers: W_state = W_none = W_min = 0, so the objective is exactly
 * sum f_i y_i + sum c_ij x_ij / d_j, Beasley's.
 */
export function warehousePlanInstance(w: WarehouseInstance, options: { strengthen?: boolean } = {}): PlanInstance {
  const m = w.capacity.length;
  const n = w.demand.length;
  return {
    name: w.name,
    years: [0],
    cells: w.demand.map((d, j) => ({
      id: `customer${j + 1}`,
      locality: `customer${j + 1}`,
      category: 'any',
      phase: 'any',
      demand: [d],
      independent: false,
      unmetAllowed: false,
    })),
    existing: [],
    candidates: w.capacity.map((s, i) => ({
      id: `warehouse${i + 1}`,
      name: `warehouse ${i + 1}`,
      kind: 'facility' as const,
      locality: `warehouse${i + 1}`,
      categories: ['any'],
      phases: ['any'],
      placesPerUnit: s,
      maxUnits: 1,
      capitalPerUnit: w.fixedCost[i]!,
      runningPerPlace: 0,
      earliestYear: 0,
      group: null,
      takesPlacesFrom: [],
      basis: { capital: 'source: OR-Library', running: 'source: OR-Library', earliestYear: 'source: OR-Library', places: 'source: OR-Library' },
      sites: [],
    })),
    groups: [],
    arcs: Array.from({ length: m * n }, (_, a) => {
      const i = Math.floor(a / n);
      const j = a % n;
      return { cell: j, to: { kind: 'candidate' as const, index: i }, minutes: 0, poundsPerPupil: w.demand[j]! > 0 ? w.cost[i]![j]! / w.demand[j]! : 0 };
    }),
    independent: { costPerPlace: 0, costBasis: 'not used', capacity: [null] },
    budgets: { perYear: [null], total: null },
    weights: { withoutStatePlace: 0, noPlace: 0, perMinute: 0, capital: 1 },
    strengthen: options.strengthen ?? true,
  };
}
