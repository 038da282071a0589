/**
 * What a capital plan is built from, in one solver-neutral shape: planning years; demand cells with
 * the pupils who need a place in each year (and the share of them who keep their placement into the
 * next year); existing provisions with their places by year; candidate builds with their costs; the
 * arcs saying which cell can use which provision or candidate in which years (and how long the
 * journey is); how far each locality's children are in reach of each provision; budgets; and the
 * objective's weights.
 *
 * The demand and arc side is deliberately plain data. `from-path.ts` fills it from a path's inputs
 * (the path model's years, cohorts and reach, issue 14). The same shape also holds a textbook
 * capacitated facility-location instance (test/fixtures/or-library), which is how the builder is
 * checked against published optima: the multi-year fields are optional and absent there.
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
  /**
   * Share of year t's pupils who keep their placement into year t + 1 (not at a transition, their plan
   * continuing: the path's stays_t, timeline.ts); absent: nobody is carried (every year placed afresh).
   */
  stays?: number[];
  /**
   * Per year: whether anything (existing or candidate) admits this cell's category and phase. A year
   * where nothing does counts its pupils as not commissioned (as the path does), not as without a place.
   */
  commissioned?: boolean[];
}

/** A provision that exists already (special school, SRP, satellite): its places are given. */
export interface PlanSupply {
  id: string;
  name: string;
  kind: string;
  locality: string;
  /** Places in each planning year (0 in a year it admits no one; its pupils then stay, see arcs' admits). */
  places: number[];
  /** Per year: whether it admits pupils at all (absent: every year). A year it does not has no capacity row. */
  admitting?: boolean[];
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
  /**
   * Redesignation: the existing provisions whose places are taken, `share` x placesPerUnit from each
   * per unit built (one entry per phase of the school, shares summing to 1); empty for other kinds.
   */
  takesPlacesFrom: { existing: string; share: number }[];
  /**
   * Places of a unit by phase, as shares summing to 1 (an expansion of an all-age school splits as the
   * school's places do); absent: the unit's places serve its phases together.
   */
  phaseShares?: Record<string, number>;
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
  /**
   * Per year: whether the provision admits the cell's category and phase (absent: every year). In a year
   * it does not, after one it did, the arc only carries the pupils who stay (no new admissions).
   */
  admits?: boolean[];
  /** Per year: the share of the cell's locality's children (its phase) in reach of the provision, 0 to 1 (absent: 1). */
  reach?: number[];
}

/**
 * Reach of one locality's children of one phase to one provision or candidate (reach.ts): in each
 * year, new admissions along `arcs` (one per cell of that locality and phase) take at most the sum
 * over those arcs of their reach share x their cell's pupils needing a place that year.
 */
export interface PlanReach {
  arcs: number[];
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
  /**
   * Further points per pupil-year with no place at all, in the second tier. Kent plans use the
   * independent place's cost and £1,000 more: a child left with no place counts at least as an
   * independent place, so the plan never saves pounds by leaving a child with none, and a pupil who
   * can go to an independent school is placed there rather than left (the first tier counts both alike).
   */
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
  /** Reach limits (absent: every arc reaches all of its cell's pupils). */
  reaches?: PlanReach[];
  independent: { costPerPlace: number; costBasis: string; capacity: (number | null)[] };
  budgets: PlanBudgets;
  weights: PlanWeights;
  /**
   * Add the linking rows x <= min(D, places per unit) x units open: implied by the capacity rows for
   * whole units but much tighter in the LP relaxation, so branch and bound proves optimality sooner.
   */
  strengthen: boolean;
  /** Pounds a year for places that exist, for reasons people read (the scenario's costs). */
  placeCosts?: { specialSchoolPlace: number; basePlace: number };
  /** Names of locality codes, for reasons people read (code when absent). */
  localityNames?: Record<string, string>;
}

/** Defaults: see build-plan-model.ts for why these keep the intended order (from-path.ts sets noPlace to the independent place's cost). */
export const DEFAULT_PLAN_WEIGHTS: PlanWeights = {
  withoutStatePlace: 1_000_000,
  noPlace: 50_259,
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
  p.cells.forEach((c, i) => {
    if (c.stays) {
      perYear(`cells[${i}].stays`, c.stays);
      c.stays.forEach((x, t) => {
        if (!(x >= 0 && x <= 1)) throw new Error(`plan: cells[${i}].stays[${t}] must be between 0 and 1`);
        // Those who stay need a place next year: more cannot stay than there are.
        if (t + 1 < Y && x * c.demand[t]! > c.demand[t + 1]! * (1 + 1e-9) + 1e-9) throw new Error(`plan: cells[${i}].stays[${t}] keeps more pupils than year ${t + 1} has`);
      });
    }
    if (c.commissioned) perYear(`cells[${i}].commissioned`, c.commissioned);
  });
  p.existing.forEach((s, i) => {
    if (s.admitting) perYear(`existing[${i}].admitting`, s.admitting);
  });
  p.candidates.forEach((k, i) => {
    unique('candidate', k.id);
    nonNegative(`candidates[${i}].placesPerUnit`, k.placesPerUnit);
    nonNegative(`candidates[${i}].capitalPerUnit`, k.capitalPerUnit);
    nonNegative(`candidates[${i}].runningPerPlace`, k.runningPerPlace);
    if (!Number.isInteger(k.maxUnits) || k.maxUnits < 0) throw new Error(`plan: candidates[${i}].maxUnits must be a whole number >= 0`);
    if (k.group !== null && !groups.has(k.group)) throw new Error(`plan: candidates[${i}].group ${k.group} is not in groups`);
    for (const take of k.takesPlacesFrom) {
      if (!existingIds.has(take.existing)) throw new Error(`plan: candidates[${i}].takesPlacesFrom ${take.existing} is not an existing provision`);
      nonNegative(`candidates[${i}].takesPlacesFrom share`, take.share);
    }
    if (k.phaseShares) for (const [phase, share] of Object.entries(k.phaseShares)) nonNegative(`candidates[${i}].phaseShares.${phase}`, share);
  });
  p.arcs.forEach((a, i) => {
    if (!(a.cell >= 0 && a.cell < p.cells.length)) throw new Error(`plan: arcs[${i}].cell out of range`);
    const n = a.to.kind === 'existing' ? p.existing.length : p.candidates.length;
    if (!(a.to.index >= 0 && a.to.index < n)) throw new Error(`plan: arcs[${i}].to out of range`);
    nonNegative(`arcs[${i}].minutes`, a.minutes);
    nonNegative(`arcs[${i}].poundsPerPupil`, a.poundsPerPupil);
    if (a.admits) perYear(`arcs[${i}].admits`, a.admits);
  });
  p.arcs.forEach((a, i) => {
    if (!a.reach) return;
    perYear(`arcs[${i}].reach`, a.reach);
    a.reach.forEach((x, t) => {
      if (!(x >= 0 && x <= 1)) throw new Error(`plan: arcs[${i}].reach[${t}] must be between 0 and 1`);
    });
  });
  (p.reaches ?? []).forEach((g, i) => {
    for (const a of g.arcs) if (!(a >= 0 && a < p.arcs.length)) throw new Error(`plan: reaches[${i}] names arc ${a}, out of range`);
  });
  perYear('independent.capacity', p.independent.capacity);
  perYear('budgets.perYear', p.budgets.perYear);
  for (const [k, w] of Object.entries(p.weights)) nonNegative(`weights.${k}`, w);
}
