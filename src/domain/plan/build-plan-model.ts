/**
 * The capital plan: a capacitated facility-location mixed-integer programme over the path's years
 * that chooses which candidate builds to open, where and in which year, within capital budgets, and
 * places pupils in existing and new provision year by year, carrying those who stay as the path model
 * does (issue 14).
 *
 * ## How it relates to the path model
 * The path (sufficiency/path/solve-path.ts) places each year's pupils without foresight, year by year.
 * The plan looks ahead: it chooses builds knowing every year's demand, and places pupils in all years
 * at once under the path's rules (pupils keep their placement until a transition; new places serve
 * new demand; reach from the localities' LSOA points with the taper; independent placements kept too).
 * Its placements are the plan's own estimate, used to choose and explain builds. What a commissioner
 * reads as the outcome is the *resulting path*: the path model itself, run with the chosen builds as
 * supply changes from their opening years (plan-supply-changes.ts), so the path under the plan is the
 * same model as every other run. The two agree on the builds' worth in most rows; they differ where
 * foresight changes who is placed where (the plan may keep a place for a later cohort; the path
 * cannot), and in that the path shares an unavoidable shortfall in proportion to demand, which the plan
 * does not need to.
 *
 * ## Sets
 * - T planning years t (consecutive Januaries).
 * - R demand cells r (locality x category x phase), with D_rt pupils needing a place in year t and
 *   sigma_rt the share of them who keep their placement into t + 1 (not at a transition, plan
 *   continuing: timeline.ts's stays_t). sigma absent: nobody is carried.
 * - J existing provisions j (one per provision and phase) with C_jt places in year t; a provision
 *   closed to admissions in t (not `admitting`) keeps the pupils who stay but admits no one.
 * - K candidate builds k: units of s_k places each, at most U_k units over the horizon, capital F_k
 *   per unit (pounds, spent in the opening year), running cost a_k per place per year, earliest
 *   opening year e_k; optionally in a group g (units of the group's candidates together <= L_g); a
 *   unit's places split over phases by shares pi_kp (an expansion of an all-age school), and for a
 *   redesignation, taking share theta_kj of s_k places per unit from existing provision j.
 * - A arcs a = (r, p) from a cell to a provision or candidate p that admits its category and phase in
 *   some year (A_t: those admitting in t), with journey minutes m_a and extra pounds per pupil c_a.
 *   No arc, no placement: that is how suitability enters. An arc admitting in an earlier year but not
 *   in t (a school redesignated, a unit closed to admissions) only carries those who stay.
 * - G reach groups g = (locality l, phase, provision or candidate p): the arcs from l's cells of that
 *   phase to p, each with phi_at, the share of l's children (of that phase) within reach of p in
 *   year t (reach.ts: LSOA points, the taper, each point's nearest existing suitable provision
 *   always in reach), as the sufficiency model's reach nodes.
 *
 * ## Variables
 * - b_kt in {0, 1, ..., U_k}  units of candidate k opening in year t (only t >= e_k)
 *   o_kt = sum_{t' <= t} b_kt'  units open in year t (an expression, not a variable)
 * - x_at  >= 0   pupils of arc a's cell placed along it in year t
 * - i_rt  >= 0   pupils of r placed independently (cells that may be)
 * - u_rt  >= 0   pupils of r with no place (cells that may be left so)
 * - n_rt  >= 0   pupils of r not commissioned (years in which nothing admits r's category and phase)
 * - h_jt  >= 0   pupils staying at j beyond its places, when its places fall (at most C_j,t-1 - C_jt)
 *
 * ## Constraints (one builder below per family)
 * - demand              sum_a x_at + i_rt + u_rt + n_rt = D_rt                 every r, t
 * - existing capacity   sum_a x_ajt + sum_k theta_kj s_k o_kt - h_jt <= C_jt    every j, t it admits
 * - candidate capacity  sum_{a: phase p} x_akt - pi_kp s_k o_kt <= 0            every k, t (and phase p)
 * - linking (optional)  x_akt - min(D_rt, s_k) o_kt <= 0                        every arc to a candidate, t
 *     implied by the capacity rows in whole units, but it cuts the LP relaxation (a fractional
 *     o_kt can no longer serve a whole cell), so branch and bound closes the gap much sooner
 * - carried placements  x_a,t+1 - sigma_rt x_at >= 0  (= 0 where a admits no one in t + 1)
 *                       i_r,t+1 - sigma_rt i_rt >= 0                          pupils keep placements
 * - reach               sum_{a in g} (x_at - sigma_r,t-1 x_a,t-1 - phi_at sigma_r,t-1 (u + n)_r,t-1)
 *                         <= sum_{a in g} phi_at (D_rt - sigma_r,t-1 D_r,t-1)     every g, t with some phi < 1
 *     (r the cell of a) new admissions from a locality to p take at most the reach share of its
 *     pupils still needing a place: the path's reach rows on what is left (solve-path.ts, D');
 *     without sigma, sum_a x_at <= sum_a phi_at D_rt
 * - units               sum_t b_kt <= U_k                                      every k (a bound when |T| = 1)
 * - group               sum_{k in g} sum_t b_kt <= L_g                         every group g
 * - yearly budget       sum_k F_k b_kt <= B_t                                  years with a budget
 * - total budget        sum_k sum_t F_k b_kt <= B                              when there is one
 * - independent places  sum_r i_rt <= I_t                                      years with a limit
 *
 * ## Objective (minimised, in points; pounds count 1 point each)
 *   W_state sum (i_rt + u_rt)                                            tier 1: pupil-years without a state place
 * + P_indep sum i_rt + W_none sum u_rt + sum_kt a_k s_k o_kt + sum c_a x_at + W_cap sum F_k b_kt   tier 2: pounds
 * + W_min sum m_a x_at                                                   tier 3: journeys
 * + (W_state + W_none + P_indep + 1) sum h_jt                            only where places fall under pupils who stay
 *
 * The order is lexicographic in intent: first leave the fewest pupil-years without a suitable state
 * place (placed independently or with no place at all, alike: the path's first stage), then spend the
 * fewest pounds on independent places and running costs, then shorten journeys. In the second tier a
 * pupil-year with no place at all counts W_none = the independent place's cost + £1,000 (Kent plans):
 * the plan never saves pounds by leaving a child with no place, and a pupil who may go to an
 * independent school goes there rather than nowhere, as in the path. The weights make one objective do that when they
 * are far apart: W_state (1,000,000 points per pupil-year) exceeds what any single build costs a year
 * (running costs of a whole unit plus W_cap x its capital), so no saving in pounds outweighs one more
 * pupil-year in a state place; journey points (1 per pupil-minute) are far below the pounds at stake
 * in any placement. `planWeightWarnings` reports an instance whose costs break this. Capital enters
 * the objective only lightly (W_cap = 0.01 by default): the budget rows are what limit it, and the
 * small weight makes the plan prefer the cheaper of two builds that do the same. Years are not
 * discounted. Not-commissioned pupils cost nothing (no provision of their kind exists to build on,
 * as in the path). h costs more than any fallback, so it is never used to admit anyone: it only lets
 * pupils stay where a scenario lowers a provision's places (the path keeps them too). With
 * W_state = W_none = 0, W_min = 0 and W_cap = 1 the model is the textbook capacitated
 * facility-location problem, which is how it is checked against OR-Library's optima.
 */
import { LpModelBuilder, lpNameFragment, type LpModel } from '../lp/linear-model.js';
import type { PlanInstance } from './plan-instance.js';
import { validatePlanInstance } from './plan-instance.js';

const n = lpNameFragment;

/** A placement variable: arc a in year t. */
export interface PlacementVar {
  arc: number;
  year: number;
  variable: number;
}

/** The compiled model and maps from its variables and rows back to the instance. */
export interface PlanModel {
  model: LpModel;
  instance: PlanInstance;
  /** buildVar[k][t]: b_kt, or -1 before the candidate's earliest year. */
  buildVar: number[][];
  placements: PlacementVar[];
  /** placementVar[a][t]: x_at, or -1 where there is none. */
  placementVar: number[][];
  /** independentVar[r][t] (-1 where not allowed), unmetVar[r][t] (-1 where not allowed), notCommissionedVar[r][t] (-1 where commissioned). */
  independentVar: number[][];
  unmetVar: number[][];
  notCommissionedVar: number[][];
  demandRow: number[][];
  existingCapacityRow: number[][];
  candidateCapacityRow: number[][];
  yearBudgetRow: number[];
  totalBudgetRow: number;
}

/** Builds the whole model: each constraint family in turn. */
export function buildPlanModel(instance: PlanInstance): PlanModel {
  validatePlanInstance(instance);
  const b = new LpModelBuilder(`plan_${n(instance.name)}`);
  const buildVar = addBuildDecisions(b, instance);
  const placementVar = addPlacements(b, instance);
  const placements = placementVar.flatMap((row, arc) => row.flatMap((variable, year) => (variable >= 0 ? [{ arc, year, variable }] : [])));
  const { independentVar, unmetVar, notCommissionedVar } = addFallbacks(b, instance);
  const demandRow = addDemandSatisfaction(b, instance, placements, independentVar, unmetVar, notCommissionedVar);
  const existingCapacityRow = addExistingCapacity(b, instance, placements, buildVar);
  const candidateCapacityRow = addCandidateCapacity(b, instance, placements, buildVar);
  if (instance.strengthen) addLinking(b, instance, placements, buildVar);
  addCarriedPlacements(b, instance, placementVar, independentVar);
  addReach(b, instance, placementVar, unmetVar, notCommissionedVar);
  addUnitLimits(b, instance, buildVar);
  addGroupLimits(b, instance, buildVar);
  const { yearBudgetRow, totalBudgetRow } = addBudgets(b, instance, buildVar);
  addIndependentCapacity(b, instance, independentVar);
  return {
    model: b.build(),
    instance,
    buildVar,
    placements,
    placementVar,
    independentVar,
    unmetVar,
    notCommissionedVar,
    demandRow,
    existingCapacityRow,
    candidateCapacityRow,
    yearBudgetRow,
    totalBudgetRow,
  };
}

/** Variables and coefficients of o_kt = sum_{t' <= t} b_kt'. */
function openUnits(buildVar: number[][], k: number, t: number): number[] {
  const vars: number[] = [];
  for (let s = 0; s <= t; s++) if (buildVar[k]![s]! >= 0) vars.push(buildVar[k]![s]!);
  return vars;
}

/** Whether a cell's pupils of year t keep their placements into t + 1, and in what share. */
const staying = (p: PlanInstance, r: number, t: number): number => (t >= 0 ? (p.cells[r]!.stays?.[t] ?? 0) : 0);

/**
 * Build decisions b_kt (integer, 0..U_k), for years from the candidate's earliest. Cost: running
 * cost of its places in every year from t to the horizon's end, plus W_cap x capital.
 */
export function addBuildDecisions(b: LpModelBuilder, p: PlanInstance): number[][] {
  const Y = p.years.length;
  return p.candidates.map((k) =>
    p.years.map((year, t) => {
      if (year < k.earliestYear || k.maxUnits === 0) return -1;
      const yearsOpen = Y - t;
      const cost = k.runningPerPlace * k.placesPerUnit * yearsOpen + p.weights.capital * k.capitalPerUnit;
      return b.addVariable(`build.${n(k.id)}.${year}`, cost, { upper: k.maxUnits, integer: true });
    }),
  );
}

/**
 * Placements x_at along every arc in every year its cell has pupils, from the first year the arc
 * admits (later years it does not admit carry those staying). Cost: extra pounds + W_min x minutes.
 */
export function addPlacements(b: LpModelBuilder, p: PlanInstance): number[][] {
  return p.arcs.map((a) => {
    const cell = p.cells[a.cell]!;
    const to = a.to.kind === 'existing' ? p.existing[a.to.index]!.id : p.candidates[a.to.index]!.id;
    const cost = a.poundsPerPupil + p.weights.perMinute * a.minutes;
    const tag = a.to.kind === 'existing' ? 'at' : 'new';
    let admitted = false;
    return p.years.map((year, t) => {
      admitted ||= a.admits?.[t] ?? true;
      if (!admitted || cell.demand[t]! <= 0) return -1;
      return b.addVariable(`place.${n(cell.id)}.${tag}.${n(to)}.${year}`, cost);
    });
  });
}

/**
 * Independent placements i_rt (cost W_state + P_indep), no place u_rt (cost W_state + W_none), and
 * not commissioned n_rt (cost 0, in years nothing admits the cell's category and phase: replaces u).
 */
export function addFallbacks(b: LpModelBuilder, p: PlanInstance): { independentVar: number[][]; unmetVar: number[][]; notCommissionedVar: number[][] } {
  const w = p.weights;
  const commissioned = (r: number, t: number) => p.cells[r]!.commissioned?.[t] ?? true;
  const independentVar = p.cells.map((c) =>
    p.years.map((year, t) =>
      c.independent && c.demand[t]! > 0 ? b.addVariable(`independent.${n(c.id)}.${year}`, w.withoutStatePlace + p.independent.costPerPlace) : -1,
    ),
  );
  const unmetVar = p.cells.map((c, r) =>
    p.years.map((year, t) => (c.unmetAllowed && c.demand[t]! > 0 && commissioned(r, t) ? b.addVariable(`unmet.${n(c.id)}.${year}`, w.withoutStatePlace + w.noPlace) : -1)),
  );
  const notCommissionedVar = p.cells.map((c, r) =>
    p.years.map((year, t) => (c.demand[t]! > 0 && !commissioned(r, t) ? b.addVariable(`notCommissioned.${n(c.id)}.${year}`, 0) : -1)),
  );
  return { independentVar, unmetVar, notCommissionedVar };
}

/** Demand: sum_a x_at + i_rt + u_rt + n_rt = D_rt for every cell and year with demand. */
export function addDemandSatisfaction(
  b: LpModelBuilder,
  p: PlanInstance,
  placements: PlacementVar[],
  independentVar: number[][],
  unmetVar: number[][],
  notCommissionedVar: number[][],
): number[][] {
  const Y = p.years.length;
  const terms: number[][] = Array.from({ length: p.cells.length * Y }, () => []);
  for (const x of placements) terms[p.arcs[x.arc]!.cell * Y + x.year]!.push(x.variable);
  return p.cells.map((c, r) =>
    p.years.map((year, t) => {
      if (c.demand[t]! <= 0) return -1;
      const vars = terms[r * Y + t]!;
      for (const v of [independentVar[r]![t]!, unmetVar[r]![t]!, notCommissionedVar[r]![t]!]) if (v >= 0) vars.push(v);
      return b.addRow(`demand.${n(c.id)}.${year}`, 'eq', c.demand[t]!, vars, vars.map(() => 1));
    }),
  );
}

/** Placements by (arc end, year): the variables that use a provision or candidate in a year. */
function placementsAt(p: PlanInstance, placements: PlacementVar[], kind: 'existing' | 'candidate'): number[][] {
  const count = kind === 'existing' ? p.existing.length : p.candidates.length;
  const Y = p.years.length;
  const out: number[][] = Array.from({ length: count * Y }, () => []);
  for (const x of placements) {
    const a = p.arcs[x.arc]!;
    if (a.to.kind === kind) out[a.to.index * Y + x.year]!.push(x.variable);
  }
  return out;
}

/**
 * Existing capacity: sum_a x_ajt + sum_k theta_kj s_k o_kt - h_jt <= C_jt, in every year j admits
 * (redesignations take places; h only where places fall from the year before, when pupils are carried).
 */
export function addExistingCapacity(b: LpModelBuilder, p: PlanInstance, placements: PlacementVar[], buildVar: number[][]): number[][] {
  const Y = p.years.length;
  const at = placementsAt(p, placements, 'existing');
  const takers = new Map<string, { k: number; share: number }[]>();
  p.candidates.forEach((k, i) => {
    for (const take of k.takesPlacesFrom) (takers.get(take.existing) ?? takers.set(take.existing, []).get(take.existing)!).push({ k: i, share: take.share });
  });
  const carries = p.cells.some((c) => c.stays);
  const held = p.weights.withoutStatePlace + p.weights.noPlace + p.independent.costPerPlace + 1;
  return p.existing.map((s, j) =>
    p.years.map((year, t) => {
      if (s.admitting && !s.admitting[t]) return -1; // closed to admissions: those staying are held by their carry rows
      const vars = [...at[j * Y + t]!];
      const coefs = vars.map(() => 1);
      for (const { k, share } of takers.get(s.id) ?? []) {
        for (const v of openUnits(buildVar, k, t)) {
          vars.push(v);
          coefs.push(p.candidates[k]!.placesPerUnit * share);
        }
      }
      const drop = t > 0 ? s.places[t - 1]! - s.places[t]! : 0;
      if (carries && drop > 1e-9 && vars.length) {
        vars.push(b.addVariable(`held.${n(s.id)}.${year}`, held, { upper: drop }));
        coefs.push(-1);
      }
      return b.addRow(`places.${n(s.id)}.${year}`, 'le', s.places[t]!, vars, coefs);
    }),
  );
}

/** Candidate capacity: sum_a x_akt - s_k o_kt <= 0 (no places before a unit opens); per phase with pi_kp s_k when split. */
export function addCandidateCapacity(b: LpModelBuilder, p: PlanInstance, placements: PlacementVar[], buildVar: number[][]): number[][] {
  const Y = p.years.length;
  const at = placementsAt(p, placements, 'candidate');
  const phaseOfVar = new Map(placements.map((x) => [x.variable, p.cells[p.arcs[x.arc]!.cell]!.phase]));
  const phaseOf = (v: number) => phaseOfVar.get(v);
  return p.candidates.map((k, i) =>
    p.years.map((year, t) => {
      const xs = at[i * Y + t]!;
      const open = openUnits(buildVar, i, t);
      const shares = k.phaseShares ? Object.entries(k.phaseShares) : [[null, 1] as const];
      let first = -1;
      for (const [phase, share] of shares) {
        const own = phase === null ? xs : xs.filter((v) => phaseOf(v) === phase);
        if (phase !== null && !own.length) continue;
        const vars = [...own, ...open];
        const coefs = [...own.map(() => 1), ...open.map(() => -k.placesPerUnit * share)];
        const row = b.addRow(`newPlaces.${n(k.id)}${phase === null ? '' : `.${phase}`}.${year}`, 'le', 0, vars, coefs);
        if (first < 0) first = row;
      }
      return first;
    }),
  );
}

/** Linking: x_akt - min(D_rt, s_k) o_kt <= 0 for every placement at a candidate. */
export function addLinking(b: LpModelBuilder, p: PlanInstance, placements: PlacementVar[], buildVar: number[][]): void {
  for (const x of placements) {
    const a = p.arcs[x.arc]!;
    if (a.to.kind !== 'candidate') continue;
    const k = p.candidates[a.to.index]!;
    const share = k.phaseShares ? (k.phaseShares[p.cells[a.cell]!.phase] ?? 0) : 1;
    const big = Math.min(p.cells[a.cell]!.demand[x.year]!, k.placesPerUnit * share);
    const open = openUnits(buildVar, a.to.index, x.year);
    b.addRow(`link.${x.variable}`, 'le', 0, [x.variable, ...open], [1, ...open.map(() => -big)]);
  }
}

/**
 * Carried placements: x_a,t+1 - sigma_rt x_at >= 0 (= 0 where the arc admits no one in t + 1), and
 * i_r,t+1 - sigma_rt i_rt >= 0: pupils keep their placements until a transition, as in the path.
 */
export function addCarriedPlacements(b: LpModelBuilder, p: PlanInstance, placementVar: number[][], independentVar: number[][]): void {
  p.arcs.forEach((a, arc) => {
    const cell = p.cells[a.cell]!;
    if (!cell.stays) return;
    for (let t = 1; t < p.years.length; t++) {
      const before = placementVar[arc]![t - 1]!;
      const now = placementVar[arc]![t]!;
      const sigma = staying(p, a.cell, t - 1);
      if (before < 0 || now < 0 || !(sigma > 0)) continue;
      const admits = a.admits?.[t] ?? true;
      b.addRow(`${admits ? 'stay' : 'held'}.${arc}.${p.years[t]}`, admits ? 'ge' : 'eq', 0, [now, before], [1, -sigma]);
    }
  });
  p.cells.forEach((c, r) => {
    if (!c.stays) return;
    for (let t = 1; t < p.years.length; t++) {
      const before = independentVar[r]![t - 1]!;
      const now = independentVar[r]![t]!;
      const sigma = staying(p, r, t - 1);
      if (before < 0 || now < 0 || !(sigma > 0)) continue;
      b.addRow(`stayIndependent.${n(c.id)}.${p.years[t]}`, 'ge', 0, [now, before], [1, -sigma]);
    }
  });
}

/**
 * Reach: new admissions along a group's arcs take at most sum_a phi_at x the pupils of a's cell who
 * need a place that year (those not staying from the year before: D_rt - sigma (D - u - n)_r,t-1).
 */
export function addReach(b: LpModelBuilder, p: PlanInstance, placementVar: number[][], unmetVar: number[][], notCommissionedVar: number[][]): void {
  (p.reaches ?? []).forEach((g, gi) => {
    p.years.forEach((year, t) => {
      const admitting = g.arcs.filter((a) => (p.arcs[a]!.admits?.[t] ?? true) && placementVar[a]![t]! >= 0);
      if (!admitting.length || admitting.every((a) => (p.arcs[a]!.reach?.[t] ?? 1) >= 1)) return;
      const vars: number[] = [];
      const coefs: number[] = [];
      let rhs = 0;
      for (const a of admitting) {
        const r = p.arcs[a]!.cell;
        const phi = p.arcs[a]!.reach?.[t] ?? 1;
        const sigma = staying(p, r, t - 1);
        vars.push(placementVar[a]![t]!);
        coefs.push(1);
        rhs += phi * p.cells[r]!.demand[t]!;
        if (t === 0 || !(sigma > 0)) continue;
        const before = placementVar[a]![t - 1]!;
        if (before >= 0) {
          vars.push(before);
          coefs.push(-sigma);
        }
        rhs -= phi * sigma * p.cells[r]!.demand[t - 1]!;
        for (const v of [unmetVar[r]![t - 1]!, notCommissionedVar[r]![t - 1]!]) {
          if (v < 0) continue;
          vars.push(v);
          coefs.push(-phi * sigma);
        }
      }
      b.addRow(`reach.${gi}.${year}`, 'le', Math.max(0, rhs), vars, coefs);
    });
  });
}

/** Units: sum_t b_kt <= U_k, when a candidate can open in more than one year (else b's bound says it). */
export function addUnitLimits(b: LpModelBuilder, p: PlanInstance, buildVar: number[][]): void {
  p.candidates.forEach((k, i) => {
    const vars = buildVar[i]!.filter((v) => v >= 0);
    if (vars.length > 1) b.addRow(`units.${n(k.id)}`, 'le', k.maxUnits, vars, vars.map(() => 1));
  });
}

/** Groups: sum_{k in g} sum_t b_kt <= L_g (e.g. one base per school, whichever size). */
export function addGroupLimits(b: LpModelBuilder, p: PlanInstance, buildVar: number[][]): void {
  const members = new Map<string, number[]>();
  p.candidates.forEach((k, i) => {
    if (k.group === null) return;
    const list = members.get(k.group) ?? members.set(k.group, []).get(k.group)!;
    for (const v of buildVar[i]!) if (v >= 0) list.push(v);
  });
  for (const g of p.groups) {
    const vars = members.get(g.id) ?? [];
    if (vars.length) b.addRow(`group.${n(g.id)}`, 'le', g.limit, vars, vars.map(() => 1));
  }
}

/** Budgets: sum_k F_k b_kt <= B_t per year with a budget; sum over all years <= B when given. */
export function addBudgets(b: LpModelBuilder, p: PlanInstance, buildVar: number[][]): { yearBudgetRow: number[]; totalBudgetRow: number } {
  const yearBudgetRow = p.years.map((year, t) => {
    const limit = p.budgets.perYear[t];
    if (limit === null || limit === undefined) return -1;
    const vars: number[] = [];
    const coefs: number[] = [];
    p.candidates.forEach((k, i) => {
      if (buildVar[i]![t]! >= 0) {
        vars.push(buildVar[i]![t]!);
        coefs.push(k.capitalPerUnit);
      }
    });
    return b.addRow(`budget.${year}`, 'le', limit, vars, coefs);
  });
  let totalBudgetRow = -1;
  if (p.budgets.total !== null) {
    const vars: number[] = [];
    const coefs: number[] = [];
    p.candidates.forEach((k, i) => {
      for (const v of buildVar[i]!) {
        if (v < 0) continue;
        vars.push(v);
        coefs.push(k.capitalPerUnit);
      }
    });
    totalBudgetRow = b.addRow('budget.total', 'le', p.budgets.total, vars, coefs);
  }
  return { yearBudgetRow, totalBudgetRow };
}

/** Independent places: sum_r i_rt <= I_t in years with a limit. */
export function addIndependentCapacity(b: LpModelBuilder, p: PlanInstance, independentVar: number[][]): void {
  p.years.forEach((year, t) => {
    const limit = p.independent.capacity[t];
    if (limit === null || limit === undefined) return;
    const vars = independentVar.map((row) => row[t]!).filter((v) => v >= 0);
    if (vars.length) b.addRow(`independentPlaces.${year}`, 'le', limit, vars, vars.map(() => 1));
  });
}

/** The same model with every build decision fixed (a pure LP: it has duals), for evaluating a given plan. */
export function withBuildsFixed(pm: PlanModel, units: number[][]): LpModel {
  const variables = pm.model.variables.map((v) => ({ ...v }));
  pm.buildVar.forEach((row, k) =>
    row.forEach((v, t) => {
      if (v < 0) return;
      const u = units[k]![t]!;
      variables[v] = { ...variables[v]!, lower: u, upper: u, integer: false };
    }),
  );
  return { name: `${pm.model.name}_fixed`, variables, rows: pm.model.rows };
}

/** The LP relaxation: build decisions continuous within their bounds. */
export function relaxation(pm: PlanModel): LpModel {
  return { name: `${pm.model.name}_relaxed`, variables: pm.model.variables.map((v) => ({ ...v, integer: false })), rows: pm.model.rows };
}

/**
 * Warnings when the weights do not keep the intended order: a single unit's yearly running cost
 * plus its weighted capital must stay below the points for one pupil-year without a state place.
 */
export function planWeightWarnings(p: PlanInstance): string[] {
  const warnings: string[] = [];
  if (p.weights.withoutStatePlace === 0) return warnings; // a pure cost model (e.g. OR-Library)
  for (const k of p.candidates) {
    const cost = k.runningPerPlace * k.placesPerUnit + p.weights.capital * k.capitalPerUnit;
    if (cost >= p.weights.withoutStatePlace) {
      warnings.push(
        `candidate ${k.id}: one unit costs ${Math.round(cost)} points a year, not below the ${p.weights.withoutStatePlace} points for a pupil-year without a state place: the plan may leave a pupil without a place to save it`,
      );
    }
  }
  return warnings;
}
