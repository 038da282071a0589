/**
 * What a capital plan is built from, in one solver-neutral shape: planning years; demand cells with
 * the pupils who need a place in each year; existing provisions with their places by year;
 * candidate builds with their costs; the arcs saying which cell can use which provision or
 * candidate (and how long the journey is); budgets; and the objective's weights.
 *
 * The demand and arc side is deliberately plain data. Today `from-sufficiency.ts` fills it from the
 * single-year sufficiency inputs (one year, demand cells by locality x category x phase); the
 * multi-year path model will fill the same fields with several years. The same shape also holds a
 * textbook capacitated facility-location instance (test/fixtures/or-library), which is how the
 * builder is checked against published optima.
 */

/** Pupils in one locality, category and phase who need a place, year by year. */
export interface PlanDemandCell {
  /** Unique and LP-safe once passed through lpNameFragment, e.g. "E07000105.CLN.primary". */
  id: string;
  locality: string;
  category: string;
  phase: string;
  /** Pupils needing a place, one entry per planning year (fractions allowed: demand is apportioned). */
  demand: number[];
  /** May be placed in an independent or non-maintained school when no state place is used. */
  independent: boolean;
  /** May be left without any place (false: the cell must be placed in full, as in OR-Library instances). */
  unmetAllowed: boolean;
}

/** A provision that exists already (special school, SRP, satellite): its places are given. */
export interface PlanSupply {
  id: string;
  name: string;
  kind: string;
  locality: string;
  /** Places in each planning year. */
  places: number[];
}

export const CANDIDATE_KINDS = ['specialist-base', 'special-school-expansion', 'satellite', 'redesignation', 'facility'] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

/** Something that could be built: a number of identical units, each adding `placesPerUnit` places. */
export interface PlanCandidate {
  id: string;
  name: string;
  kind: CandidateKind;
  locality: string;
  /** Categories (designations or SRP need types) its places take; for reasons and reporting. */
  categories: string[];
  phases: string[];
  placesPerUnit: number;
  /** How many units can be built over the whole horizon (1 for a yes/no build). */
  maxUnits: number;
  /** Pounds of capital per unit, spent in the year the unit opens. */
  capitalPerUnit: number;
  /** Pounds a year per place from the year it opens (place funding and running costs). */
  runningPerPlace: number;
  /** First planning year it can open in. */
  earliestYear: number;
  /** Candidates in one group share a limit on units (e.g. one base per school, whatever its size). */
  group: string | null;
  /** Redesignation: the existing provision whose places are taken, placesPerUnit per unit built. */
  takesPlacesFrom: string | null;
  /** Where each figure comes from ("source: ..." or "estimate: ..."). */
  basis: { capital: string; running: string; earliestYear: string; places: string };
  /** Schools a pooled candidate stands for (its units are built at these, one per school); empty otherwise. */
  sites: { urn: number; name: string }[];
}

/** Which provision or candidate an arc reaches. */
export interface PlanArcEnd {
  kind: 'existing' | 'candidate';
  index: number;
}

/** A cell may use a provision: it takes the cell's category and phase and is within the travel limit. */
export interface PlanArc {
  cell: number;
  to: PlanArcEnd;
  /** Estimated journey minutes (objective's lowest tier). */
  minutes: number;
  /** Pounds a year per pupil placed along this arc beyond the provision's own costs (0 for Kent). */
  poundsPerPupil: number;
}

export interface PlanGroup {
  id: string;
  /** Units all candidates in the group may build together over the horizon. */
  limit: number;
}

/**
 * Objective weights (see build-plan-model.ts for the order they keep). Pounds enter at 1 point per
 * pound; the other weights are penalty points, not costs.
 */
export interface PlanWeights {
  /** Points per pupil-year without a suitable state place (placed independently or not at all). */
  withoutStatePlace: number;
  /** Further points per pupil-year with no place at all. */
  noPlace: number;
  /** Points per pupil-minute of journey per year. */
  perMinute: number;
  /** Points per pound of capital (0: capital is limited by the budget only). */
  capital: number;
}

export interface PlanBudgets {
  /** Capital in pounds available in each planning year; null for no limit that year. */
  perYear: (number | null)[];
  /** Capital over the whole horizon; null for no limit. */
  total: number | null;
}

export interface PlanInstance {
  name: string;
  years: number[];
  cells: PlanDemandCell[];
  existing: PlanSupply[];
  candidates: PlanCandidate[];
  groups: PlanGroup[];
  arcs: PlanArc[];
  independent: { costPerPlace: number; costBasis: string; capacity: (number | null)[] };
  budgets: PlanBudgets;
  weights: PlanWeights;
  /**
   * Add the linking rows x <= min(D, places per unit) x units open: implied by the capacity rows for
   * whole units but much tighter in the LP relaxation, so branch and bound proves optimality sooner.
   */
  strengthen: boolean;
  /** Names of locality codes, for reasons people read (code when absent). */
  localityNames?: Record<string, string>;
}

/** Defaults for Kent plans: see build-plan-model.ts for why these keep the intended order. */
export const DEFAULT_PLAN_WEIGHTS: PlanWeights = {
  withoutStatePlace: 1_000_000,
  noPlace: 1_000_000,
  perMinute: 1,
  capital: 0.01,
};

/** Throws on the first inconsistency, naming where it is. */
export function validatePlanInstance(p: PlanInstance): void {
  const Y = p.years.length;
  if (Y === 0) throw new Error('plan: no planning years');
  p.years.forEach((y, t) => {
    if (t > 0 && y <= p.years[t - 1]!) throw new Error('plan: years must increase');
  });
  const perYear = (what: string, xs: readonly unknown[]) => {
    if (xs.length !== Y) throw new Error(`plan: ${what} has ${xs.length} entries for ${Y} years`);
  };
  const nonNegative = (what: string, x: number) => {
    if (!Number.isFinite(x) || x < 0) throw new Error(`plan: ${what} must be a finite number >= 0`);
  };
  const ids = new Set<string>();
  const unique = (what: string, id: string) => {
    if (ids.has(`${what}|${id}`)) throw new Error(`plan: duplicate ${what} id ${id}`);
    ids.add(`${what}|${id}`);
  };
  p.cells.forEach((c, i) => {
    unique('cell', c.id);
    perYear(`cells[${i}].demand`, c.demand);
    c.demand.forEach((d, t) => nonNegative(`cells[${i}].demand[${t}]`, d));
  });
  p.existing.forEach((s, i) => {
    unique('existing', s.id);
    perYear(`existing[${i}].places`, s.places);
    s.places.forEach((x, t) => nonNegative(`existing[${i}].places[${t}]`, x));
  });
  const groups = new Set(p.groups.map((g) => g.id));
  const existingIds = new Set(p.existing.map((s) => s.id));
  p.candidates.forEach((k, i) => {
    unique('candidate', k.id);
    nonNegative(`candidates[${i}].placesPerUnit`, k.placesPerUnit);
    nonNegative(`candidates[${i}].capitalPerUnit`, k.capitalPerUnit);
    nonNegative(`candidates[${i}].runningPerPlace`, k.runningPerPlace);
    if (!Number.isInteger(k.maxUnits) || k.maxUnits < 0) throw new Error(`plan: candidates[${i}].maxUnits must be a whole number >= 0`);
    if (k.group !== null && !groups.has(k.group)) throw new Error(`plan: candidates[${i}].group ${k.group} is not in groups`);
    if (k.takesPlacesFrom !== null && !existingIds.has(k.takesPlacesFrom)) {
      throw new Error(`plan: candidates[${i}].takesPlacesFrom ${k.takesPlacesFrom} is not an existing provision`);
    }
  });
  p.arcs.forEach((a, i) => {
    if (!(a.cell >= 0 && a.cell < p.cells.length)) throw new Error(`plan: arcs[${i}].cell out of range`);
    const n = a.to.kind === 'existing' ? p.existing.length : p.candidates.length;
    if (!(a.to.index >= 0 && a.to.index < n)) throw new Error(`plan: arcs[${i}].to out of range`);
    nonNegative(`arcs[${i}].minutes`, a.minutes);
    nonNegative(`arcs[${i}].poundsPerPupil`, a.poundsPerPupil);
  });
  perYear('independent.capacity', p.independent.capacity);
  perYear('budgets.perYear', p.budgets.perYear);
  for (const [k, w] of Object.entries(p.weights)) nonNegative(`weights.${k}`, w);
}
