/**
 * Why the plan builds what it builds, and what one more pound of capital is worth.
 *
 * - Each build's marginal worth: the plan re-placed without that build (its units removed, all else
 *   fixed; an LP) leaves this many more pupils without a state place and spends this much more a
 *   year on independent places. That is exact for the build within this plan, not an estimate.
 * - Why special-school places (new or existing) rather than a specialist base, per locality,
 *   category and phase where pupils are placed in special schools: "no base can meet this need" when
 *   no base, existing or candidate, takes that category and phase within the travel limit (bases take
 *   SRP need types; complex learning needs such as PMLD and SLD have none); else "bases are full"
 *   when every base within reach is full or was not built, and then the special place saves the
 *   independent-place cost minus its running cost a year; else the special place is the shorter journey.
 *   Councils' SEND reform plans must now give such a rationale for any special-school expansion.
 * - The value of capital: the exact plan re-solved with the budget raised by a step (1% of the
 *   budget, or the cheapest unit if that is more, so that one more build can become affordable),
 *   reporting the independent spending avoided a year per pound of the step. The LP relaxation's
 *   budget dual would answer in objective points, which mix pupils and pounds, so it is not used.
 */
import type { LpSolver } from '../lp/solvers/solver.js';
import { buildPlanModel, type PlanModel } from './build-plan-model.js';
import type { PlanInstance } from './plan-instance.js';
import { evaluateBuilds, solveExactPlan, type BuildReason, type ExactPlanOptions, type PlanOutcome } from './solve-plan.js';

const EPS = 1e-6;
const BASE_KINDS = new Set(['srp', 'unlisted-srp', 'specialist-base']);
const SPECIAL_KINDS = new Set(['special-school', 'special-school-expansion', 'satellite', 'redesignation']);

const pounds = (x: number) => `£${(Math.round(x) || 0).toLocaleString('en-GB')}`;
const pupils = (x: number) => `${Math.round(x).toLocaleString('en-GB')}`;

export interface SpecialPlaceReason {
  locality: string;
  category: string;
  phase: string;
  year: number;
  /** Pupils placed in special-school places (existing and new) from this locality, category and phase. */
  pupils: number;
  kind: 'no-base-can-meet' | 'bases-full' | 'shorter-journey';
  text: string;
}

export interface CapitalValue {
  method: string;
  step: number;
  /** Independent spending avoided per year per pound of extra capital. */
  independentSpendingAvoidedPerPound: number;
  /** Pupils (pupil-years) fewer without a state place for the step. */
  fewerWithoutStatePlace: number;
  /** Places the larger budget's plan builds beyond this plan's. */
  extraPlaces: number;
}

/** Adds each build's reasons (in place) and returns the reasons for special-school places. */
export function explainPlan(pm: PlanModel, plan: PlanOutcome, solver: LpSolver): SpecialPlaceReason[] {
  const p = pm.instance;
  const values = plan.values;
  const place = (code: string) => p.localityNames?.[code] ?? code;
  const saving = (runningPerPlace: number) => p.independent.costPerPlace - runningPerPlace;

  // Use of every provision and candidate, and placements per (cell, year, end).
  const used = new Map<string, number>();
  const key = (kind: string, index: number, t: number) => `${kind}|${index}|${t}`;
  const byCell = new Map<string, { arc: number; value: number }[]>();
  for (const x of pm.placements) {
    const v = values[x.variable]!;
    if (v <= EPS) continue;
    const a = p.arcs[x.arc]!;
    used.set(key(a.to.kind, a.to.index, x.year), (used.get(key(a.to.kind, a.to.index, x.year)) ?? 0) + v);
    const ck = `${a.cell}|${x.year}`;
    (byCell.get(ck) ?? byCell.set(ck, []).get(ck)!).push({ arc: x.arc, value: v });
  }
  const openUnits = (k: number, t: number) => plan.units[k]!.slice(0, t + 1).reduce((s, u) => s + u, 0);
  const kindOf = (to: { kind: 'existing' | 'candidate'; index: number }) => (to.kind === 'existing' ? p.existing[to.index]!.kind : p.candidates[to.index]!.kind);
  const arcsOf = new Map<number, number[]>();
  p.arcs.forEach((a, i) => (arcsOf.get(a.cell) ?? arcsOf.set(a.cell, []).get(a.cell)!).push(i));

  /** Why cell r's pupils use special-school places in year t. */
  const whySpecial = (r: number, t: number, runningPerPlace: number): { kind: SpecialPlaceReason['kind']; text: string } => {
    const c = p.cells[r]!;
    const baseArcs = (arcsOf.get(r) ?? []).filter((i) => BASE_KINDS.has(kindOf(p.arcs[i]!.to)));
    if (baseArcs.length === 0) {
      return {
        kind: 'no-base-can-meet',
        text: `no specialist base, existing or candidate, takes ${c.category} ${c.phase} pupils from ${place(c.locality)} within the travel limit`,
      };
    }
    const room = baseArcs.some((i) => {
      const to = p.arcs[i]!.to;
      const capacity = to.kind === 'existing' ? p.existing[to.index]!.places[t]! : openUnits(to.index, t) * p.candidates[to.index]!.placesPerUnit;
      return capacity - (used.get(key(to.kind, to.index, t)) ?? 0) > EPS;
    });
    if (!room) {
      const save = saving(runningPerPlace);
      return {
        kind: 'bases-full',
        text:
          `the ${baseArcs.length} specialist base option(s) within reach of ${place(c.locality)} for ${c.category} ${c.phase} are full or not affordable in this plan` +
          (c.independent ? `, and a special-school place saves ${pounds(save)} a year against an independent place (${pounds(p.independent.costPerPlace)} less ${pounds(runningPerPlace)} running cost)` : ', and without a special-school place these pupils would have no place'),
      };
    }
    return { kind: 'shorter-journey', text: `a base within reach has room, but the special-school place is the shorter journey for ${c.category} ${c.phase} pupils from ${place(c.locality)}` };
  };

  // Reasons per build.
  const buildIndex = new Map(p.candidates.map((k, i) => [k.id, i]));
  for (const b of plan.builds) {
    const k = buildIndex.get(b.candidate)!;
    const cand = p.candidates[k]!;
    const t = p.years.indexOf(b.year);
    const reasons: BuildReason[] = [];
    // Marginal worth: the plan without this build's units.
    const without = plan.units.map((row) => [...row]);
    without[k]![t] = 0;
    const re = evaluateBuilds(pm, without, solver).outcome.totals;
    const morePupils = re.withoutStatePlace - plan.totals.withoutStatePlace;
    const moreIndependent = re.independentCost - plan.totals.independentCost;
    reasons.push({
      kind: 'marginal',
      text: `without it, the plan leaves ${pupils(morePupils)} more pupil(s) without a state place and spends ${pounds(moreIndependent)} a year more on independent places`,
    });
    // Who uses it, and why a special place where it is one.
    const users: { r: number; value: number }[] = [];
    for (const [ck, list] of byCell) {
      const [r, yt] = ck.split('|').map(Number) as [number, number];
      if (yt !== t) continue;
      const v = list.filter((e) => p.arcs[e.arc]!.to.kind === 'candidate' && p.arcs[e.arc]!.to.index === k).reduce((s, e) => s + e.value, 0);
      if (v > EPS) users.push({ r, value: v });
    }
    users.sort((a, b) => b.value - a.value);
    if (SPECIAL_KINDS.has(cand.kind)) {
      const seen = new Set<string>();
      for (const u of users) {
        const why = whySpecial(u.r, t, cand.runningPerPlace);
        if (seen.has(why.kind)) continue;
        seen.add(why.kind);
        reasons.push({ kind: why.kind, text: `${pupils(u.value)} pupil(s): ${why.text}` });
      }
    } else if (users.length) {
      const served = users.map((u) => p.cells[u.r]!).map((c) => `${place(c.locality)} ${c.category} ${c.phase}`);
      const total = users.reduce((s, u) => s + u.value, 0);
      const couldGoIndependent = users.filter((u) => p.cells[u.r]!.independent).reduce((s, u) => s + u.value, 0);
      reasons.push({
        kind: 'shortfall-in-reach',
        text:
          `places ${pupils(total)} pupil(s) (${served.slice(0, 3).join('; ')}${served.length > 3 ? `; and ${served.length - 3} more` : ''}) ` +
          `at ${pounds(cand.runningPerPlace)} a place a year` +
          (couldGoIndependent > EPS
            ? `; each of the ${pupils(couldGoIndependent)} who would otherwise be placed independently saves ${pounds(saving(cand.runningPerPlace))} a year`
            : '; their need has no independent fallback in this scenario, so without a place they would have none'),
      });
    }
    b.reasons = reasons;
  }

  // Reasons wherever special-school places are used, per locality, category, phase and year.
  const out: SpecialPlaceReason[] = [];
  for (const [ck, list] of byCell) {
    const [r, t] = ck.split('|').map(Number) as [number, number];
    const special = list.filter((e) => SPECIAL_KINDS.has(kindOf(p.arcs[e.arc]!.to)));
    const total = special.reduce((s, e) => s + e.value, 0);
    if (total <= EPS) continue;
    const c = p.cells[r]!;
    // Running cost of the special places used: the new ones' where any, else a special school's.
    const newSpecial = special.find((e) => p.arcs[e.arc]!.to.kind === 'candidate');
    const running = newSpecial ? p.candidates[p.arcs[newSpecial.arc]!.to.index]!.runningPerPlace : specialRunning(p);
    const why = whySpecial(r, t, running);
    out.push({ locality: c.locality, category: c.category, phase: c.phase, year: p.years[t]!, pupils: total, kind: why.kind, text: why.text });
  }
  out.sort((a, b) => a.locality.localeCompare(b.locality) || a.category.localeCompare(b.category) || a.phase.localeCompare(b.phase) || a.year - b.year);
  return out;
}

/** Running cost per special-school place for reasons about existing places: the expansion candidates' figure. */
function specialRunning(p: PlanInstance): number {
  return p.candidates.find((k) => k.kind === 'special-school-expansion')?.runningPerPlace ?? 0;
}

/** What one more pound of capital is worth: the exact plan re-solved with a larger budget. */
export function capitalValue(instance: PlanInstance, plan: PlanOutcome, solver: LpSolver, options: ExactPlanOptions = {}): CapitalValue | null {
  const budget = instance.budgets.total ?? instance.budgets.perYear.reduce<number>((s, b) => s + (b ?? 0), 0);
  if (!(budget > 0)) return null;
  const cheapest = Math.min(...instance.candidates.map((k) => k.capitalPerUnit).filter((c) => c > 0));
  const step = Math.max(0.01 * budget, Number.isFinite(cheapest) ? cheapest : 0);
  const share = (b: number | null) => (b === null ? null : b + (step * b) / budget);
  const raised: PlanInstance = {
    ...instance,
    budgets: instance.budgets.total !== null ? { ...instance.budgets, total: instance.budgets.total + step } : { ...instance.budgets, perYear: instance.budgets.perYear.map(share) },
  };
  const more = solveExactPlan(buildPlanModel(raised), solver, options);
  if (!(more.status === 'optimal' || more.status === 'time-limit')) return null;
  return {
    method: `the exact plan re-solved with the capital budget raised by ${pounds(step)} (1% of ${pounds(budget)}, or the cheapest build's ${pounds(cheapest)} if more)`,
    step,
    independentSpendingAvoidedPerPound: (plan.totals.independentCost - more.totals.independentCost) / step,
    fewerWithoutStatePlace: plan.totals.withoutStatePlace - more.totals.withoutStatePlace,
    extraPlaces: more.builds.reduce((s, b) => s + b.places, 0) - plan.builds.reduce((s, b) => s + b.places, 0),
  };
}
