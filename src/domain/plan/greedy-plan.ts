/**
 * The usual heuristic, beside the exact plan on the same instance: add the candidate with the best
 * shortfall reduction per pound of capital, re-place pupils, repeat until the budget or the
 * candidates run out.
 *
 * Each round places pupils with the builds chosen so far (the plan model with its build decisions
 * fixed: an LP), reads each cell's residual shortfall (pupils placed independently or not at all),
 * and scores every affordable candidate by the shortfall within its reach that its places could take,
 * min(places, residual shortfall of the cells it serves x their reach share) summed over the years it
 * would be open, divided by its capital. The best is added (ties: lower capital, then id) and pupils are placed
 * again; if the shortfall did not fall (its places only moved pupils about, or took places from
 * elsewhere), the build is undone and the candidate set aside. The plan is then scored with the same
 * objective as the exact model, so the two compare like for like.
 */
import type { LpSolver } from '../lp/solvers/solver.js';
import { buildPlanModel, type PlanModel } from './build-plan-model.js';
import type { PlanInstance } from './plan-instance.js';
import { noBuilds, PlanEvaluator, type PlanOutcome } from './solve-plan.js';

const EPS = 1e-6;

export function greedyPlan(instanceOrModel: PlanInstance | PlanModel, solver: LpSolver): PlanOutcome {
  const started = performance.now();
  const pm = 'model' in instanceOrModel ? instanceOrModel : buildPlanModel(instanceOrModel);
  const p = pm.instance;
  const Y = p.years.length;
  const units = noBuilds(pm);
  const setAside = new Set<number>();
  const reach = arcsByCandidate(p);
  const groupLimit = new Map(p.groups.map((g) => [g.id, g.limit]));
  const groupUsed = new Map<string, number>();
  const yearSpent = new Float64Array(Y);
  let totalSpent = 0;

  const evaluator = new PlanEvaluator(pm, solver);
  try {
    let current = evaluator.evaluate(units);
    for (;;) {
      const short = residualShortfall(pm, current.solution.values);
      let best: { k: number; t: number; score: number } | null = null;
      p.candidates.forEach((k, i) => {
        if (setAside.has(i)) return;
        const used = units[i]!.reduce((a, b) => a + b, 0);
        if (used >= k.maxUnits) return;
        if (k.group !== null && (groupUsed.get(k.group) ?? 0) >= groupLimit.get(k.group)!) return;
        const t = pm.buildVar[i]!.findIndex(
          (v, t) =>
            v >= 0 &&
            (p.budgets.perYear[t] ?? Infinity) - yearSpent[t]! >= k.capitalPerUnit - EPS &&
            (p.budgets.total ?? Infinity) - totalSpent >= k.capitalPerUnit - EPS,
        );
        if (t < 0) return;
        const reduction = shortfallInReach(p, reach, short, i, t);
        if (reduction <= EPS) return;
        const score = k.capitalPerUnit > 0 ? reduction / k.capitalPerUnit : Infinity;
        const b = best ? p.candidates[best.k]! : null;
        if (!best || score > best.score + 1e-12 || (Math.abs(score - best.score) <= 1e-12 && (k.capitalPerUnit < b!.capitalPerUnit || (k.capitalPerUnit === b!.capitalPerUnit && k.id < b!.id)))) {
          best = { k: i, t, score };
        }
      });
      if (!best) break;
      const { k, t } = best as { k: number; t: number };
      const cand = p.candidates[k]!;
      const before = current.outcome.totals.withoutStatePlace;
      units[k]![t] = units[k]![t]! + 1;
      const next = evaluator.evaluate(units);
      if (next.outcome.totals.withoutStatePlace < before - EPS) {
        current = next;
        yearSpent[t] = yearSpent[t]! + cand.capitalPerUnit;
        totalSpent += cand.capitalPerUnit;
        if (cand.group !== null) groupUsed.set(cand.group, (groupUsed.get(cand.group) ?? 0) + 1);
      } else {
        units[k]![t] = units[k]![t]! - 1;
        setAside.add(k);
      }
    }
    return { ...current.outcome, method: 'greedy', status: 'optimal', bound: null, gap: null, solveMs: performance.now() - started };
  } finally {
    evaluator.close();
  }
}

/** The arcs leading to each candidate (by candidate index). */
export function arcsByCandidate(p: PlanInstance): number[][] {
  const reach: number[][] = p.candidates.map(() => []);
  p.arcs.forEach((a, i) => {
    if (a.to.kind === 'candidate') reach[a.to.index]!.push(i);
  });
  return reach;
}

/** Each cell's pupils without a state place in each year of a placement: placed independently or not at all. */
export function residualShortfall(pm: PlanModel, values: ArrayLike<number>): number[][] {
  return pm.instance.cells.map((_, r) =>
    pm.instance.years.map((__, t) => {
      const i = pm.independentVar[r]![t]!;
      const u = pm.unmetVar[r]![t]!;
      return (i >= 0 ? values[i]! : 0) + (u >= 0 ? values[u]! : 0);
    }),
  );
}

/**
 * What one unit of candidate `i` opening in year `t` could take from the shortfall: in each year from
 * `t`, the lesser of its places and the residual shortfall of the cells it serves times their reach
 * share; summed over those years (pupil-years).
 */
export function shortfallInReach(p: PlanInstance, reach: number[][], short: number[][], i: number, t: number): number {
  const k = p.candidates[i]!;
  let reduction = 0;
  for (let s = t; s < p.years.length; s++) {
    let within = 0;
    for (const a of reach[i]!) {
      const arc = p.arcs[a]!;
      if (arc.admits?.[s] ?? true) within += (arc.reach?.[s] ?? 1) * short[arc.cell]![s]!;
    }
    reduction += Math.min(k.placesPerUnit, within);
  }
  return reduction;
}
