/**
 * Why the plan builds what it builds, why special-school places are still chosen where they are, and
 * what one more pound of capital is worth.
 *
 * - Each build's marginal worth: the plan re-placed without that build (its units removed, every other
 *   build kept; an LP) leaves this many more pupil-years without a state place and spends this much
 *   more on independent places over the plan's years. That is exact for the build within this plan,
 *   not an estimate.
 * - Why a build, by kind. A specialist base: the pupils it places would otherwise have no SRP place
 *   (SRP need types have no independent fallback), and the existing bases within their reach are full
 *   that year ("bases are full") or reach too few of them. Special-school places (an expansion, a
 *   satellite, a redesignation): "no base can meet this need" when no base, existing or candidate,
 *   admits the pupils' category and phase: the admission guidance gives them a special-school
 *   designation (CLN: profound, severe and complex learning needs such as PMLD and SLD; SEMH; NLD),
 *   and no specialist base is designated for any of them; else "bases are full" when every base
 *   within reach is full or was not built; else the special place is the shorter journey. Where the
 *   pupils could go to an independent school instead, the reason states what a special-school place
 *   saves a year: the independent place's cost less the place's running cost. Councils' SEND reform
 *   plans must now give such a rationale for any special-school expansion.
 * - The same reasons for every locality, designation and phase where the plan places pupils in
 *   special-school places (existing and new), year by year.
 * - The value of capital: what the next pound buys on top of this plan, beyond its budget. Every
 *   candidate that could still be built is scored as the greedy builder scores (shortfall in reach it
 *   could take, per pound); the most promising few overall and the two most promising of each kind are
 *   each added to the plan, a unit in their earliest year, and the plan re-placed exactly (an LP each,
 *   the budget rows left out, every other rule kept); the best of them, by the plan's own order, gives the pupil-
 *   years fewer without a state place and the independent spending avoided over the plan's years,
 *   per pound of its capital. Re-solving the MIP with a larger budget was tried first: both plans are
 *   proven only to their gaps (0.5% of the objective is some 40 pupil-years on Kent's district
 *   instance), which swamps what a small step buys. The LP relaxation's budget dual answers in
 *   objective points, which mix pupils and pounds, so it is not used either.
 */
import type { LpSolver } from '../lp/solvers/solver.js';
import { pounds, wholeNumber as pupils } from '../units.js';
import type { PlanModel } from './build-plan-model.js';
import type { PlanArcEnd } from './plan-instance.js';
import { arcsByCandidate, residualShortfall, shortfallInReach } from './greedy-plan.js';
import { PlanEvaluator, type BuildReason, type PlanOutcome } from './solve-plan.js';

const EPS = 1e-6;
const BASE_KINDS = new Set(['srp', 'unlisted-srp', 'support-base', 'specialist-base']);
const SPECIAL_KINDS = new Set(['special-school', 'special-school-expansion', 'satellite', 'redesignation']);

/** Whose needs each designation holds, for reasons people read (Kent SEND Strategy 2025-2028, proposed designations). */
const DESIGNATION_NEEDS: Record<string, string> = {
  CLN: 'Complex Learning Needs (profound, severe and complex needs such as PMLD and SLD)',
  SEMH: 'Social, Emotional and Mental Health needs with associated challenging behaviour',
  NLD: 'Neurodivergent with Learning Difficulties',
};


export type SpecialReasonKind = 'no-base-can-meet' | 'bases-full' | 'shorter-journey';

export interface SpecialPlaceReason {
  locality: string;
  localityName: string;
  category: string;
  phase: string;
  /** Pupils in special-school places (existing and new) each year, and of them in places the plan builds. */
  years: { year: number; pupils: number; inNewPlaces: number }[];
  kind: SpecialReasonKind;
  text: string;
}

export interface CapitalValue {
  method: string;
  step: number;
  /** Independent spending avoided over the plan's years per pound of the next build's capital. */
  independentSpendingAvoidedPerPound: number;
  /** The same, a year: over the plan's years divided by their number. */
  independentSpendingAvoidedPerPoundPerYear: number;
  /** Pupil-years fewer without a state place with the next build. */
  fewerWithoutStatePlace: number;
  /** Places the next build adds. */
  extraPlaces: number;
  /** The next build: its candidate and opening year. */
  candidate: string;
  year: number;
}

export interface PlanExplanation {
  specialPlaces: SpecialPlaceReason[];
  /** Milliseconds spent on the builds' marginal worth (one LP each, from the last basis). */
  marginalMs: number;
}

/** Adds each build's reasons (in place) and returns the reasons for special-school places. */
export function explainPlan(pm: PlanModel, plan: PlanOutcome, solver: LpSolver): PlanExplanation {
  const p = pm.instance;
  const Y = p.years.length;
  const values = plan.values;
  const place = (code: string) => p.localityNames?.[code] ?? code;
  const independentCost = p.independent.costPerPlace;
  const specialRunning = p.placeCosts?.specialSchoolPlace ?? p.candidates.find((k) => k.kind === 'special-school-expansion')?.runningPerPlace ?? 0;

  // Use of every provision and candidate, and placements per (cell, year).
  const used = new Map<string, number>();
  const key = (to: PlanArcEnd, t: number) => `${to.kind}|${to.index}|${t}`;
  const byCell = new Map<number, { arc: number; value: number }[]>();
  for (const x of pm.placements) {
    const v = values[x.variable]!;
    if (v <= EPS) continue;
    const a = p.arcs[x.arc]!;
    used.set(key(a.to, x.year), (used.get(key(a.to, x.year)) ?? 0) + v);
    const ck = a.cell * Y + x.year;
    (byCell.get(ck) ?? byCell.set(ck, []).get(ck)!).push({ arc: x.arc, value: v });
  }
  const openUnits = (k: number, t: number) => plan.units[k]!.slice(0, t + 1).reduce((s, u) => s + u, 0);
  const kindOf = (to: PlanArcEnd) => (to.kind === 'existing' ? p.existing[to.index]!.kind : p.candidates[to.index]!.kind);
  const capacityOf = (to: PlanArcEnd, t: number) => (to.kind === 'existing' ? p.existing[to.index]!.places[t]! : openUnits(to.index, t) * p.candidates[to.index]!.placesPerUnit);
  const arcsOf = new Map<number, number[]>();
  p.arcs.forEach((a, i) => (arcsOf.get(a.cell) ?? arcsOf.set(a.cell, []).get(a.cell)!).push(i));
  const admitting = (i: number, t: number) => p.arcs[i]!.admits?.[t] ?? true;
  /** Bases a cell could use in year t, and whether any has room. */
  const basesFor = (r: number, t: number, existingOnly: boolean) => {
    const arcs = (arcsOf.get(r) ?? []).filter((i) => admitting(i, t) && BASE_KINDS.has(kindOf(p.arcs[i]!.to)) && (!existingOnly || p.arcs[i]!.to.kind === 'existing'));
    const places = arcs.reduce((s, i) => s + capacityOf(p.arcs[i]!.to, t), 0);
    const inUse = arcs.reduce((s, i) => s + (used.get(key(p.arcs[i]!.to, t)) ?? 0), 0);
    const room = arcs.some((i) => capacityOf(p.arcs[i]!.to, t) - (used.get(key(p.arcs[i]!.to, t)) ?? 0) > EPS);
    return { count: arcs.length, places, inUse, room };
  };
  const saving = (running: number) => `a special-school place saves ${pounds(independentCost - running)} a year against an independent place (${pounds(independentCost)} less ${pounds(running)} running cost)`;

  /** Why cell r's pupils use special-school places in year t. */
  const whySpecial = (r: number, t: number, running: number): { kind: SpecialReasonKind; text: string } => {
    const c = p.cells[r]!;
    const bases = basesFor(r, t, false);
    const who = `${c.category} ${c.phase} pupils from ${place(c.locality)}`;
    const alternative = c.independent ? `; ${saving(running)}` : '; without a special-school place these pupils would have none';
    if (bases.count === 0) {
      const needs = DESIGNATION_NEEDS[c.category];
      return {
        kind: 'no-base-can-meet',
        text: `no specialist base, existing or candidate, admits ${who}${needs ? `: the admission guidance places ${needs} in special schools, and no base is designated for them` : ''}${alternative}`,
      };
    }
    if (!bases.room) {
      return { kind: 'bases-full', text: `the ${bases.count} specialist base option(s) within reach of ${who} are full or not built in this plan${alternative}` };
    }
    return { kind: 'shorter-journey', text: `a base within reach has room, but the special-school place is the shorter journey for ${who}` };
  };

  // Reasons per build.
  const started = performance.now();
  const buildIndex = new Map(p.candidates.map((k, i) => [k.id, i]));
  const evaluator = new PlanEvaluator(pm, solver);
  try {
    for (const b of plan.builds) {
      const k = buildIndex.get(b.candidate)!;
      const cand = p.candidates[k]!;
      const t = p.years.indexOf(b.year);
      const reasons: BuildReason[] = [];
      // Marginal worth: the plan without this build's units (every other build kept).
      const without = plan.units.map((row) => [...row]);
      without[k]![t] = 0;
      const re = evaluator.evaluate(without).outcome.totals;
      const more = re.withoutStatePlace - plan.totals.withoutStatePlace;
      const moreIndependent = re.independentCost - plan.totals.independentCost;
      const span = b.year === p.years[Y - 1] ? `${b.year}` : `${b.year}-${p.years[Y - 1]}`;
      reasons.push({
        kind: 'marginal',
        text: `without it, the plan leaves ${pupils(more)} more pupil-year(s) without a state place over ${span} and spends ${pounds(moreIndependent)} more on independent places`,
      });
      // Who uses its places each year from its opening (pupil-years by cell), and why.
      const users = new Map<number, number>();
      const byYear: string[] = [];
      for (let s = t; s < Y; s++) {
        let year = 0;
        for (const [ck, list] of byCell) {
          if (ck % Y !== s) continue;
          const v = list.filter((e) => p.arcs[e.arc]!.to.kind === 'candidate' && p.arcs[e.arc]!.to.index === k).reduce((sum, e) => sum + e.value, 0);
          if (v <= EPS) continue;
          year += v;
          const r = Math.floor(ck / Y);
          users.set(r, (users.get(r) ?? 0) + v);
        }
        byYear.push(`${pupils(year)} in ${p.years[s]}`);
      }
      const ranked = [...users].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      if (SPECIAL_KINDS.has(cand.kind)) {
        const seen = new Set<string>();
        for (const [r, v] of ranked) {
          const why = whySpecial(r, t, cand.runningPerPlace);
          if (seen.has(why.kind)) continue;
          seen.add(why.kind);
          reasons.push({ kind: why.kind, text: `${pupils(v)} pupil-year(s) over ${span}: ${why.text}` });
        }
      } else if (ranked.length) {
        const served = ranked.map(([r]) => p.cells[r]!).map((c) => `${place(c.locality)} ${c.category} ${c.phase}`);
        const full = ranked.every(([r]) => !basesFor(r, t, true).room);
        const existing = ranked.map(([r]) => basesFor(r, t, true)).reduce((s, x) => ({ places: s.places + x.places, inUse: s.inUse + x.inUse, count: s.count + x.count }), { places: 0, inUse: 0, count: 0 });
        const couldGoIndependent = ranked.filter(([r]) => p.cells[r]!.independent).reduce((s, [, v]) => s + v, 0);
        const whose = `places ${byYear.join(', ')} (${served.slice(0, 3).join('; ')}${served.length > 3 ? `; and ${served.length - 3} more` : ''}) at ${pounds(cand.runningPerPlace)} a place a year`;
        const fallback =
          couldGoIndependent > EPS
            ? `; each of the ${pupils(couldGoIndependent)} who would otherwise be placed independently saves ${pounds(independentCost - cand.runningPerPlace)} a year`
            : '; SRP need types have no independent fallback in this scenario, so without a base place these pupils would have none';
        reasons.push(
          full
            ? {
                kind: 'bases-full',
                text: `${whose}: the existing specialist bases within their reach are full in ${b.year}${existing.count ? ` (${pupils(existing.inUse)} of ${pupils(existing.places)} places used)` : ' (there are none)'}${fallback}`,
              }
            : { kind: 'shortfall-in-reach', text: `${whose}: existing bases with room reach too few of these pupils${fallback}` },
        );
      }
      b.reasons = reasons;
    }
  } finally {
    evaluator.close();
  }
  const marginalMs = performance.now() - started;

  // Reasons wherever special-school places are used, per locality, category and phase, year by year.
  const groups = new Map<number, { years: SpecialPlaceReason['years']; why: { kind: SpecialReasonKind; text: string } | null }>();
  for (const [ck, list] of byCell) {
    const r = Math.floor(ck / Y);
    const t = ck % Y;
    const special = list.filter((e) => SPECIAL_KINDS.has(kindOf(p.arcs[e.arc]!.to)));
    const total = special.reduce((s, e) => s + e.value, 0);
    if (total <= EPS) continue;
    const inNew = special.filter((e) => p.arcs[e.arc]!.to.kind === 'candidate').reduce((s, e) => s + e.value, 0);
    const newSpecial = special.find((e) => p.arcs[e.arc]!.to.kind === 'candidate');
    const running = newSpecial ? p.candidates[p.arcs[newSpecial.arc]!.to.index]!.runningPerPlace : specialRunning;
    const g = groups.get(r) ?? groups.set(r, { years: [], why: null }).get(r)!;
    g.years.push({ year: p.years[t]!, pupils: total, inNewPlaces: inNew });
    // The reason of the latest year (the designations in force at the end of the plan).
    if (!g.why || p.years[t]! >= Math.max(...g.years.map((y) => y.year))) g.why = whySpecial(r, t, running);
  }
  const specialPlaces: SpecialPlaceReason[] = [...groups].map(([r, g]) => {
    const c = p.cells[r]!;
    return { locality: c.locality, localityName: place(c.locality), category: c.category, phase: c.phase, years: g.years.sort((a, b) => a.year - b.year), kind: g.why!.kind, text: g.why!.text };
  });
  specialPlaces.sort((a, b) => a.locality.localeCompare(b.locality) || a.category.localeCompare(b.category) || a.phase.localeCompare(b.phase));
  return { specialPlaces, marginalMs };
}

/** What the next pound of capital buys on top of the plan: the best next build, evaluated exactly. */
export function capitalValue(pm: PlanModel, plan: PlanOutcome, solver: LpSolver, options: { tries?: number } = {}): CapitalValue | null {
  const p = pm.instance;
  const Y = p.years.length;
  const tries = options.tries ?? 6;
  const short = residualShortfall(pm, plan.values);
  const groupUsed = new Map<string, number>();
  p.candidates.forEach((k, i) => {
    if (k.group !== null) groupUsed.set(k.group, (groupUsed.get(k.group) ?? 0) + plan.units[i]!.reduce((a, b) => a + b, 0));
  });
  const groupLimit = new Map(p.groups.map((g) => [g.id, g.limit]));
  const reach = arcsByCandidate(p);
  // Score every candidate that could still be built, in its earliest year.
  const scored: { k: number; t: number; score: number }[] = [];
  p.candidates.forEach((k, i) => {
    if (plan.units[i]!.reduce((a, b) => a + b, 0) >= k.maxUnits || !(k.capitalPerUnit > 0)) return;
    if (k.group !== null && (groupUsed.get(k.group) ?? 0) >= groupLimit.get(k.group)!) return;
    const t = pm.buildVar[i]!.findIndex((v) => v >= 0);
    if (t < 0) return;
    const reduction = shortfallInReach(p, reach, short, i, t);
    if (reduction > EPS) scored.push({ k: i, t, score: reduction / k.capitalPerUnit });
  });
  scored.sort((a, b) => b.score - a.score || a.k - b.k);
  if (!scored.length) return null;
  // The most promising overall, and the two most promising of each kind: a cheap redesignation scores
  // high per pound on the shortfall in its reach, but its places are taken from pupils already placed,
  // so on its own the list can hold nothing that adds places.
  const perKind = new Map<string, number>();
  const trying = scored.filter((c, i) => {
    const kind = p.candidates[c.k]!.kind;
    const seen = perKind.get(kind) ?? 0;
    perKind.set(kind, seen + 1);
    return i < tries || seen < 2;
  });
  // The next pound is beyond the budget: the budget rows are left out, every other rule kept.
  const evaluator = new PlanEvaluator(pm, solver, { budgets: false });
  try {
    const base = evaluator.evaluate(plan.units).outcome;
    let best: { k: number; t: number; objective: number; totals: PlanOutcome['totals'] } | null = null;
    for (const { k, t } of trying) {
      const units = plan.units.map((row) => [...row]);
      units[k]![t] = units[k]![t]! + 1;
      let next: ReturnType<PlanEvaluator["evaluate"]>["outcome"];
      try {
        next = evaluator.evaluate(units).outcome;
      } catch {
        continue; // it cannot be added on top of this plan (e.g. a redesignation taking more places than the school has left)
      }
      const gain = (base.objective - next.objective) / p.candidates[k]!.capitalPerUnit;
      if (!best || gain > (base.objective - best.objective) / p.candidates[best.k]!.capitalPerUnit) best = { k, t, objective: next.objective, totals: next.totals };
    }
    if (!best) return null;
    const k = p.candidates[best.k]!;
    const capital = k.capitalPerUnit;
    const perPound = (base.totals.independentCost - best!.totals.independentCost) / capital;
    return {
      method:
        `the best next build on top of this plan: of the ${trying.length} candidates with the most shortfall in reach per pound (overall, and of each kind), each added (a unit in its earliest year) and the plan re-placed exactly; ` +
        `the best is ${k.name}, opening ${p.years[best!.t]}, for ${pounds(capital)}`,
      step: capital,
      independentSpendingAvoidedPerPound: perPound,
      independentSpendingAvoidedPerPoundPerYear: perPound / Y,
      fewerWithoutStatePlace: base.totals.withoutStatePlace - best!.totals.withoutStatePlace,
      extraPlaces: k.placesPerUnit,
      candidate: k.id,
      year: p.years[best!.t]!,
    };
  } finally {
    evaluator.close();
  }
}
