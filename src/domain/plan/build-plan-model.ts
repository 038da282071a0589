/**
 * The capital plan: a capacitated facility-location mixed-integer programme that chooses which
 * candidate builds to open, where and in which year, within capital budgets, and places pupils in
 * existing and new provision year by year.
 *
 * ## Sets
 * - T planning years t (ordered).
 * - R demand cells r (locality x category x phase), with D_rt pupils needing a place in year t.
 * - J existing provisions j with C_jt places in year t.
 * - K candidate builds k: units of s_k places each, at most U_k units over the horizon, capital F_k
 *   per unit (pounds, spent in the opening year), running cost a_k per place per year, earliest
 *   opening year e_k; optionally in a group g (units of the group's candidates together <= L_g) and,
 *   for a redesignation, taking s_k places per unit from an existing provision j(k).
 * - A arcs (r, p) from a cell to a provision or candidate p that takes its category and phase and
 *   lies within the travel limit, with journey minutes m_rp and extra pounds per pupil c_rp.
 *   No arc, no placement: that is how suitability and travel limits enter.
 *
 * ## Variables
 * - b_kt in {0, 1, ..., U_k}  units of candidate k opening in year t (only t >= e_k)
 *   o_kt = sum_{t' <= t} b_kt'  units open in year t (an expression, not a variable)
 * - x_rpt >= 0   pupils of cell r placed at p in year t
 * - i_rt  >= 0   pupils of r placed independently (cells that may be)
 * - u_rt  >= 0   pupils of r with no place (cells that may be left so)
 *
 * ## Constraints (one builder below per family)
 * - demand              sum_p x_rpt + i_rt + u_rt = D_rt                       every r, t
 * - existing capacity   sum_r x_rjt + sum_{k: j(k)=j} s_k o_kt <= C_jt          every j, t
 * - candidate capacity  sum_r x_rkt - s_k o_kt <= 0                             every k, t
 * - linking (optional)  x_rkt - min(D_rt, s_k) o_kt <= 0                        every arc to a candidate, t
 *     implied by the capacity rows in whole units, but it cuts the LP relaxation (a fractional
 *     o_kt can no longer serve a whole cell), so branch and bound closes the gap much sooner
 * - units               sum_t b_kt <= U_k                                      every k (a bound when |T| = 1)
 * - group               sum_{k in g} sum_t b_kt <= L_g                         every group g
 * - yearly budget       sum_k F_k b_kt <= B_t                                  years with a budget
 * - total budget        sum_k sum_t F_k b_kt <= B                              when there is one
 * - independent places  sum_r i_rt <= I_t                                      years with a limit
 *
 * ## Objective (minimised, in points; pounds count 1 point each)
 *   W_state sum (i_rt + u_rt) + W_none sum u_rt                          tier 1: pupils without a state place
 * + P_indep sum i_rt + sum_kt a_k s_k o_kt + sum c_rp x_rpt + W_cap sum F_k b_kt   tier 2: pounds
 * + W_min sum m_rp x_rpt                                                 tier 3: journeys
 *
 * The order is lexicographic in intent: first leave the fewest pupils without a suitable state place
 * (and, of those, the fewest with no place at all), then spend the fewest pounds a year on
 * independent places and running costs, then shorten journeys. The weights make one objective do
 * that when they are far apart: W_state (1,000,000 points per pupil-year) exceeds what any single
 * build costs a year (running costs of a whole unit plus W_cap x its capital), so no saving in
 * pounds outweighs one more pupil-year in a state place; journey points (1 per pupil-minute) are far
 * below the pounds at stake in any placement. `planWeightWarnings` reports an instance whose costs
 * break this. Capital enters the objective only lightly (W_cap = 0.01 by default): the budget rows
 * are what limit it, and the small weight makes the plan prefer the cheaper of two builds that do
 * the same. With W_state = W_none = 0, W_min = 0 and W_cap = 1 the model is the textbook
 * capacitated facility-location problem, which is how it is checked against OR-Library's optima.
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
  /** independentVar[r][t] (-1 where not allowed), unmetVar[r][t] (-1 where not allowed). */
  independentVar: number[][];
  unmetVar: number[][];
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
  const placements = addPlacements(b, instance);
  const { independentVar, unmetVar } = addFallbacks(b, instance);
  const demandRow = addDemandSatisfaction(b, instance, placements, independentVar, unmetVar);
  const existingCapacityRow = addExistingCapacity(b, instance, placements, buildVar);
  const candidateCapacityRow = addCandidateCapacity(b, instance, placements, buildVar);
  if (instance.strengthen) addLinking(b, instance, placements, buildVar);
  addUnitLimits(b, instance, buildVar);
  addGroupLimits(b, instance, buildVar);
  const { yearBudgetRow, totalBudgetRow } = addBudgets(b, instance, buildVar);
  addIndependentCapacity(b, instance, independentVar);
  return {
    model: b.build(),
    instance,
    buildVar,
    placements,
    independentVar,
    unmetVar,
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

/** Placements x_rpt along every arc in every year. Cost: extra pounds + W_min x minutes per pupil. */
export function addPlacements(b: LpModelBuilder, p: PlanInstance): PlacementVar[] {
  const out: PlacementVar[] = [];
  p.arcs.forEach((a, arc) => {
    const cell = p.cells[a.cell]!;
    const to = a.to.kind === 'existing' ? p.existing[a.to.index]!.id : p.candidates[a.to.index]!.id;
    const cost = a.poundsPerPupil + p.weights.perMinute * a.minutes;
    p.years.forEach((year, t) => {
      if (cell.demand[t]! <= 0) return;
      const tag = a.to.kind === 'existing' ? 'at' : 'new';
      out.push({ arc, year: t, variable: b.addVariable(`place.${n(cell.id)}.${tag}.${n(to)}.${year}`, cost) });
    });
  });
  return out;
}

/** Independent placements i_rt (cost W_state + P_indep) and no place u_rt (cost W_state + W_none). */
export function addFallbacks(b: LpModelBuilder, p: PlanInstance): { independentVar: number[][]; unmetVar: number[][] } {
  const w = p.weights;
  const independentVar = p.cells.map((c) =>
    p.years.map((year, t) =>
      c.independent && c.demand[t]! > 0 ? b.addVariable(`independent.${n(c.id)}.${year}`, w.withoutStatePlace + p.independent.costPerPlace) : -1,
    ),
  );
  const unmetVar = p.cells.map((c) =>
    p.years.map((year, t) => (c.unmetAllowed && c.demand[t]! > 0 ? b.addVariable(`unmet.${n(c.id)}.${year}`, w.withoutStatePlace + w.noPlace) : -1)),
  );
  return { independentVar, unmetVar };
}

/** Demand: sum_p x_rpt + i_rt + u_rt = D_rt for every cell and year with demand. */
export function addDemandSatisfaction(
  b: LpModelBuilder,
  p: PlanInstance,
  placements: PlacementVar[],
  independentVar: number[][],
  unmetVar: number[][],
): number[][] {
  const Y = p.years.length;
  const terms: number[][] = Array.from({ length: p.cells.length * Y }, () => []);
  for (const x of placements) terms[p.arcs[x.arc]!.cell * Y + x.year]!.push(x.variable);
  return p.cells.map((c, r) =>
    p.years.map((year, t) => {
      if (c.demand[t]! <= 0) return -1;
      const vars = terms[r * Y + t]!;
      if (independentVar[r]![t]! >= 0) vars.push(independentVar[r]![t]!);
      if (unmetVar[r]![t]! >= 0) vars.push(unmetVar[r]![t]!);
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

/** Existing capacity: sum_r x_rjt + sum_{k: j(k)=j} s_k o_kt <= C_jt (redesignations take places). */
export function addExistingCapacity(b: LpModelBuilder, p: PlanInstance, placements: PlacementVar[], buildVar: number[][]): number[][] {
  const Y = p.years.length;
  const at = placementsAt(p, placements, 'existing');
  const takers = new Map<string, number[]>();
  p.candidates.forEach((k, i) => {
    if (k.takesPlacesFrom) (takers.get(k.takesPlacesFrom) ?? takers.set(k.takesPlacesFrom, []).get(k.takesPlacesFrom)!).push(i);
  });
  return p.existing.map((s, j) =>
    p.years.map((year, t) => {
      const vars = [...at[j * Y + t]!];
      const coefs = vars.map(() => 1);
      for (const k of takers.get(s.id) ?? []) {
        for (const v of openUnits(buildVar, k, t)) {
          vars.push(v);
          coefs.push(p.candidates[k]!.placesPerUnit);
        }
      }
      return b.addRow(`places.${n(s.id)}.${year}`, 'le', s.places[t]!, vars, coefs);
    }),
  );
}

/** Candidate capacity: sum_r x_rkt - s_k o_kt <= 0 (no places before a unit opens). */
export function addCandidateCapacity(b: LpModelBuilder, p: PlanInstance, placements: PlacementVar[], buildVar: number[][]): number[][] {
  const Y = p.years.length;
  const at = placementsAt(p, placements, 'candidate');
  return p.candidates.map((k, i) =>
    p.years.map((year, t) => {
      const xs = at[i * Y + t]!;
      const open = openUnits(buildVar, i, t);
      const vars = [...xs, ...open];
      const coefs = [...xs.map(() => 1), ...open.map(() => -k.placesPerUnit)];
      return b.addRow(`newPlaces.${n(k.id)}.${year}`, 'le', 0, vars, coefs);
    }),
  );
}

/** Linking: x_rkt - min(D_rt, s_k) o_kt <= 0 for every placement at a candidate. */
export function addLinking(b: LpModelBuilder, p: PlanInstance, placements: PlacementVar[], buildVar: number[][]): void {
  for (const x of placements) {
    const a = p.arcs[x.arc]!;
    if (a.to.kind !== 'candidate') continue;
    const k = p.candidates[a.to.index]!;
    const big = Math.min(p.cells[a.cell]!.demand[x.year]!, k.placesPerUnit);
    const open = openUnits(buildVar, a.to.index, x.year);
    b.addRow(`link.${x.variable}`, 'le', 0, [x.variable, ...open], [1, ...open.map(() => -big)]);
  }
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
