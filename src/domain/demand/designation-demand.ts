/**
 * Designation demand from the admission guidance: the same compiled rules /match uses, applied to a
 * documented distribution of Kent's plans by need profile (models/kent/DEMAND.md has the method and
 * the figures). For each designation set it yields a pathway matrix (need x phase -> shares of special
 * school by designation, SRP by need type, outreach, mainstream, FE, other), which pathways.ts turns
 * into demand for any year and locality, and the changes between the current and proposed sets.
 *
 * 1. Profile types. T(n, g, k): plans with primary need n, age group g and placement group k in
 *    January 2025, the maximum-entropy table matching DfE's three published two-way tables (IPF,
 *    calibrate.ts fitThreeWay); the plans with no recorded need are fitted as a need of their own and
 *    shared over the known needs of each age as the counts share them. The placement gives the level
 *    of need: special, SRP, mainstream (FE and 'other' are not school places).
 * 2. Variants. Each level and need has variants of a child's profile (need-profiles.json): learning
 *    difficulty, secondary needs, traits, weight. Special-level variants name the current designation
 *    of the school kind they stand for; their weights are fitted (two-way IPF, fitTwoWay) so that state
 *    special placements match SEN2 by need (rows) and the rolls of Kent's state special schools by
 *    current designation (columns):
 *
 *      X(n, d) = fitted from prior(n, d) = sum of the weights of n's variants for designation d
 *      share(n, v) = X(n, d(v)) / sum_d X(n, d) x weight(v) / sum of weights of n's variants for d(v)
 *
 *    Other levels' variants keep their weights (normalised within the need).
 * 3. Outcomes, for each profile type of school age (4-19) and designation set:
 *    - special level, `current`: the variant meets its current designation -> special, in the proposed
 *      category Kent's mapping gives schools of that designation (PSCN and PDCM -> CLN, SEMH -> SEMH,
 *      CI and CIL -> NLD); otherwise the continuum under the current set.
 *    - special level, `proposed`/`approved`: the proposed continuum (/match's answer): the best-fitting
 *      designation, else an SRP of a commissioned need type (ages 4-15), else mainstream with outreach
 *      from the nearest designation (the one the profile scores highest on), else mainstream.
 *    - SRP level, ages 4-15: the continuum from its SRP rules down (the same in every set).
 *    - special or SRP level, ages 16-19, meeting no designation of the set: further education ('fe';
 *      Kent commissions SRP places for Years 7-11 only, decision 25/00085).
 *    - mainstream level: outreach from the nearest designation for the assumed outreach share, else
 *      mainstream (the same in every set).
 *    Ages 0-3 and 20-25 keep their placement in every set (no school places).
 * 4. Matrix: share(n, phase, pathway, category) = sum of weights with that outcome / plans(n, phase).
 *    'approved' uses the proposed guidance, so its demand is the proposed set's: officers' decisions
 *    change which school holds which designation (supply), not what a child's needs meet.
 */
import { proposeAllMappings } from '../designations/designation-mapping.js';
import type { ContinuumLevel } from '../matching/admission-guidance.js';
import { matcherFor, type DesignationSetName, type SetMatch } from '../matching/match-profile.js';
import type { NeedProfile } from '../matching/need-profile.js';
import { NEED_CODES, PROPOSED_DESIGNATIONS, SRP_NEED_TYPES, type CurrentDesignation, type NeedCode, type ProposedDesignation, type SrpNeedType } from '../needs.js';
import { phaseOfAge } from '../phases.js';
import type { Registry } from '../registry/registry.js';
import { fitThreeWay, fitTwoWay } from './calibrate.js';
import { countyBaseByAge } from './ehcp-counts.js';
import { outreachShare, variantsOf, type ProfileVariant } from './need-profiles.js';
import { DEMAND_PHASES, demandPhaseOfAge, isSchoolPhase, type DemandPhase } from './demand-phases.js';
import { PLACEMENT_GROUPS, type DemandInputs, type EhcpCountRow, type NeedOrUnknown, type PathwayMatrix, type PathwayMatrixRow, type PathwayShares, type PlacementGroup } from './types.js';

export const DEMAND_DESIGNATION_SETS = ['current', 'proposed', 'approved'] as const;
export type DemandDesignationSet = (typeof DEMAND_DESIGNATION_SETS)[number];

export type Level = 'special' | 'srp' | 'mainstream' | 'fe' | 'other';
const LEVEL_OF: Record<PlacementGroup, Level> = {
  mainstream: 'mainstream',
  srp: 'srp',
  'special-state': 'special',
  'special-non-maintained': 'special',
  'special-independent': 'special',
  fe: 'fe',
  other: 'other',
};

export type OutcomePathway = 'special' | 'srp' | 'outreach' | 'mainstream' | 'fe' | 'other';
export interface Outcome {
  pathway: OutcomePathway;
  /** Proposed designation (special, outreach), SRP need type (srp), or null. */
  category: ProposedDesignation | SrpNeedType | null;
  /** Of the profile type's plans. */
  share: number;
}

export interface ProfileType {
  need: NeedCode;
  ageLow: number;
  ageHigh: number;
  phase: DemandPhase;
  placement: PlacementGroup;
  level: Level;
  variant: ProfileVariant | null;
  /** Plans, January 2025 (an expected value). */
  weight: number;
  outcomes: Record<'current' | 'proposed', Outcome[]>;
}

/** Plans whose pathway differs between the current and the proposed set, as shares of their need and phase. */
export interface DesignationChangeShare {
  need: NeedCode;
  phase: DemandPhase;
  /** The current designation of the school kind the pupil is in (special level), or 'SRP' (post-16 pupils in units). */
  formerDesignation: CurrentDesignation | 'SRP';
  from: { pathway: OutcomePathway; category: string | null };
  to: { pathway: OutcomePathway; category: string | null };
  share: number;
}

export interface DesignationDemandModel {
  types: ProfileType[];
  matrices: Record<DemandDesignationSet, PathwayMatrix>;
  changes: DesignationChangeShare[];
  /**
   * Category each current designation's pupils count in under the 'current' set (the council's mapping
   * rules). A designation without guidance of its own (ALL, "all needs (not known)") has none: each of
   * its pupils counts in the proposed designation their profile fits best.
   */
  currentCategory: Partial<Record<CurrentDesignation, ProposedDesignation>>;
  fit: {
    placement: { iterations: number; maxError: number };
    designation: { iterations: number; maxError: number };
    /** State special placements by need and current designation after the fit. */
    specialByNeedAndDesignation: Record<NeedCode, Record<CurrentDesignation, number>>;
    rolls: Record<CurrentDesignation, number>;
  };
  /** Special-level variants that do not meet the current designation they stand for (should be none: they are calibration errors). */
  variantsMissingTheirDesignation: string[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** T(n, g, k) over known needs, with the unknown-need slice shared as the counts share it. */
export function profileWeights(inputs: DemandInputs): { table: number[][][]; iterations: number; maxError: number } {
  const needs: NeedOrUnknown[] = [...NEED_CODES, 'UNKNOWN'];
  const needAge = needs.map((n) => inputs.needByAge.map((g) => g[n]));
  const needPlacement = needs.map((n) => PLACEMENT_GROUPS.map((k) => inputs.needByPlacement[k][n]));
  const agePlacement = inputs.placementByAge.map((g) => PLACEMENT_GROUPS.map((k) => g[k]));
  const fit = fitThreeWay(needAge, needPlacement, agePlacement);
  // Within a thousandth of a plan: a small council's tables (Medway's) hold zeros that slow IPF down to
  // ~1e-4 plans after its 10,000 iterations; Kent's converge to 1e-9.
  if (fit.maxError > 1e-3) throw new Error(`the need x age x placement fit did not converge (max error ${fit.maxError})`);
  const distributed = countyBaseByAge(inputs, 'distribute');
  const u = NEED_CODES.length;
  const table = NEED_CODES.map((n, i) =>
    inputs.ageGroups.map((_, g) => {
      const unknown = inputs.needByAge[g]!.UNKNOWN;
      const w = unknown > 0 ? (distributed[g]![n] - inputs.needByAge[g]![n]) / unknown : 0;
      return fit.table[i]![g]!.map((x, k) => x + w * fit.table[u]![g]![k]!);
    }),
  );
  return { table, iterations: fit.iterations, maxError: fit.maxError };
}

/** The council's current designations, in its designations.json order (Kent: its five; elsewhere ALL). */
function councilDesignations(registry: Registry): CurrentDesignation[] {
  return registry.designations.current.map((d) => d.code as CurrentDesignation);
}

/** Current designations with no admission guidance of their own (ALL): their schools admit whoever fits a proposed designation. */
function admitsAnyFit(registry: Registry): Set<CurrentDesignation> {
  return new Set(registry.admissionGuidance.designations.filter((d) => d.set === 'current' && d.bestOf !== undefined).map((d) => d.code as CurrentDesignation));
}

/** The proposed designation schools of each current designation are mapped to (by rolls, when schools differ). */
function currentCategories(registry: Registry): Partial<Record<CurrentDesignation, ProposedDesignation>> {
  const votes = new Map<CurrentDesignation, Map<ProposedDesignation, number>>();
  for (const m of proposeAllMappings(registry)) {
    const v = votes.get(m.current) ?? votes.set(m.current, new Map()).get(m.current)!;
    v.set(m.proposed, (v.get(m.proposed) ?? 0) + (registry.schoolByUrn.get(m.urn)?.pupils ?? 0) + 1e-9);
  }
  const perPupil = admitsAnyFit(registry);
  return Object.fromEntries(
    councilDesignations(registry).filter((d) => !perPupil.has(d)).map((d) => {
      const v = [...(votes.get(d) ?? new Map<ProposedDesignation, number>())].sort((a, b) => b[1] - a[1]);
      if (!v.length) throw new Error(`no special school has the current designation ${d}, so its pupils have no category`);
      return [d, v[0]![0]];
    }),
  ) as Partial<Record<CurrentDesignation, ProposedDesignation>>;
}

function rollsByCurrentDesignation(registry: Registry): Record<CurrentDesignation, number> {
  const rolls = Object.fromEntries(councilDesignations(registry).map((d) => [d, 0])) as Record<CurrentDesignation, number>;
  for (const s of registry.specialSchools.values()) rolls[s.designation] += registry.schoolByUrn.get(s.urn)?.pupils ?? 0;
  return rolls;
}

/** Special-level variant shares within each need, fitted to SEN2 by need and GIAS rolls by current designation. */
function fitSpecialVariants(registry: Registry, weights: number[][][]) {
  const doc = registry.demand.needProfiles;
  const rolls = rollsByCurrentDesignation(registry);
  const state = PLACEMENT_GROUPS.indexOf('special-state');
  const rows = NEED_CODES.map((_, i) => sum(weights[i]!.map((g) => g[state]!)));
  const rollTotal = sum(Object.values(rolls));
  const designations = councilDesignations(registry);
  const cols = designations.map((d) => (rolls[d] / rollTotal) * sum(rows));
  const variants = NEED_CODES.map((n) => variantsOf(doc, 'special', n));
  const prior = variants.map((vs) => designations.map((d) => sum(vs.filter((v) => v.currentDesignation === d).map((v) => v.weight))));
  const fit = fitTwoWay(prior, rows, cols);
  if (fit.maxError > 1e-6) throw new Error(`the special-school designation fit did not converge (max error ${fit.maxError}): some current designation admits no need's variants`);
  const shares = new Map<string, number>();
  const specialByNeedAndDesignation = {} as Record<NeedCode, Record<CurrentDesignation, number>>;
  NEED_CODES.forEach((n, i) => {
    const fitted = sum(fit.table[i]!) > 0 ? fit.table[i]! : prior[i]!;
    const total = sum(fitted);
    specialByNeedAndDesignation[n] = Object.fromEntries(designations.map((d, j) => [d, sum(fit.table[i]!) > 0 ? fit.table[i]![j]! : 0])) as Record<CurrentDesignation, number>;
    for (const v of variants[i]!) {
      const j = designations.indexOf(v.currentDesignation!);
      if (j < 0) throw new Error(`need-profiles.json: variant ${v.id} stands for ${v.currentDesignation}, which is not one of the council's current designations (${designations.join(', ')})`);
      shares.set(v.id, ((fitted[j]! / total) * v.weight) / prior[i]![j]!);
    }
  });
  return { shares, fit: { iterations: fit.iterations, maxError: fit.maxError }, specialByNeedAndDesignation, rolls };
}

const one = (pathway: OutcomePathway, category: Outcome['category'] = null): Outcome[] => [{ pathway, category, share: 1 }];

/** The proposed designation a profile scores highest on (whose schools would give it outreach), or null when it scores 0 on all. */
function nearest(proposed: SetMatch): ProposedDesignation | null {
  const top = proposed.designations[0]!;
  return top.score > 0 ? (top.code as ProposedDesignation) : null;
}

/**
 * Builds the model for a registry: profile types, outcomes under each set, matrices and changes.
 * Pure apart from caching (designationDemand memoises it per registry).
 */
export function buildDesignationDemand(registry: Registry): DesignationDemandModel {
  const inputs = registry.demand;
  const doc = inputs.needProfiles;
  const matcher = matcherFor(registry);
  const placement = profileWeights(inputs);
  const special = fitSpecialVariants(registry, placement.table);
  const currentCategory = currentCategories(registry);
  const perPupil = admitsAnyFit(registry);
  const missing = new Set<string>();

  const cache = new Map<string, Record<'current' | 'proposed', Outcome[]>>();
  const outcomesOf = (level: Level, v: ProfileVariant | null, need: NeedCode, age: number): Record<'current' | 'proposed', Outcome[]> => {
    const key = `${level}|${v?.id ?? need}|${age}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const result = computeOutcomes(level, v, need, age);
    cache.set(key, result);
    return result;
  };

  function computeOutcomes(level: Level, v: ProfileVariant | null, need: NeedCode, age: number): Record<'current' | 'proposed', Outcome[]> {
    if (level === 'fe' || level === 'other') return { current: one(level), proposed: one(level) };
    // The rules score ages 2-25 (PROFILE_AGE); the 0-2 group is scored at 2.
    const profile: NeedProfile = { primaryNeed: need, secondaryNeeds: v!.secondaryNeeds, learningDifficulty: v!.learningDifficulty, traits: v!.traits, age: Math.max(2, age) };
    const proposed = matcher.matchSet('proposed', profile, false);
    const outreachFrom = nearest(proposed);
    const phase = phaseOfAge(age);
    if (level === 'mainstream') {
      const o = outreachShare(doc, need);
      const split = [
        { pathway: 'outreach' as const, category: outreachFrom, share: o },
        { pathway: 'mainstream' as const, category: null, share: 1 - o },
      ].filter((x) => x.share > 0);
      return { current: split, proposed: split };
    }
    const underCurrent = matcher.matchSet('current', profile, false);
    // A pupil of a school admitting any need (ALL) counts in the proposed designation their profile fits best.
    const ownCategory = (proposed.bestFit ?? proposed.designations[0]!.code) as ProposedDesignation;
    const currentCategoryOf = (designation: CurrentDesignation): ProposedDesignation => currentCategory[designation] ?? ownCategory;
    const category = (set: DesignationSetName, designation: string): ProposedDesignation =>
      set === 'current' ? currentCategoryOf(designation as CurrentDesignation) : (designation as ProposedDesignation);
    // Below special: what the continuum gives, as a pathway (post-16: further education, no SRP places).
    const below = (level: ContinuumLevel, srpNeedType: SrpNeedType | null): Outcome[] => {
      if (phase === 'post16') return one('fe');
      if (level === 'srp') return one('srp', srpNeedType);
      if (level === 'mainstream-outreach') return one('outreach', outreachFrom);
      return one('mainstream');
    };
    if (phase === null) {
      // No school places at these ages: the pupil keeps today's placement in every set.
      const fromSrp = matcher.continuumFrom('current', profile, 'srp').continuum;
      const kept = level === 'special' ? one('special', currentCategoryOf(v!.currentDesignation!)) : below(fromSrp.level, fromSrp.srpNeedType);
      return { current: kept, proposed: kept };
    }
    if (level === 'special') {
      const assigned = v!.currentDesignation!;
      // A school admitting any need (ALL) takes its pupils as they are: the special placement stands.
      const meets = perPupil.has(assigned) || (underCurrent.designations.find((d) => d.code === assigned)?.fits ?? false);
      if (!meets) missing.add(v!.id);
      const current = meets
        ? one('special', currentCategoryOf(assigned))
        : underCurrent.continuum.level === 'special'
          ? one('special', category('current', underCurrent.continuum.designation!))
          : below(underCurrent.continuum.level, underCurrent.continuum.srpNeedType);
      const p = proposed.continuum;
      return { current, proposed: p.level === 'special' ? one('special', category('proposed', p.designation!)) : below(p.level, p.srpNeedType) };
    }
    // SRP level
    if (phase === 'post16') {
      const placed = (set: DesignationSetName, m: SetMatch) => (m.bestFit ? one('special', category(set, m.bestFit)) : one('fe'));
      return { current: placed('current', underCurrent), proposed: placed('proposed', proposed) };
    }
    const fromSrp = matcher.continuumFrom('proposed', profile, 'srp').continuum;
    const kept = below(fromSrp.level, fromSrp.srpNeedType);
    return { current: kept, proposed: kept };
  }

  const types: ProfileType[] = [];
  NEED_CODES.forEach((need, i) => {
    inputs.ageGroups.forEach((g, gi) => {
      PLACEMENT_GROUPS.forEach((k, ki) => {
        const plans = placement.table[i]![gi]![ki]!;
        if (plans <= 0) return;
        const level = LEVEL_OF[k];
        const phase = demandPhaseOfAge(g.low);
        if (level === 'fe' || level === 'other') {
          types.push({ need, ageLow: g.low, ageHigh: g.high, phase, placement: k, level, variant: null, weight: plans, outcomes: outcomesOf(level, null, need, g.low) });
          return;
        }
        const variants = variantsOf(doc, level, need);
        const total = sum(variants.map((v) => v.weight));
        for (const v of variants) {
          const share = level === 'special' ? special.shares.get(v.id)! : v.weight / total;
          if (share <= 0) continue;
          types.push({ need, ageLow: g.low, ageHigh: g.high, phase, placement: k, level, variant: v, weight: plans * share, outcomes: outcomesOf(level, v, need, g.low) });
        }
      });
    });
  });

  const current = toMatrix(types, 'current');
  const proposed = toMatrix(types, 'proposed');
  return {
    types,
    matrices: { current, proposed, approved: proposed },
    changes: changesBetween(types),
    currentCategory,
    fit: { placement: { iterations: placement.iterations, maxError: placement.maxError }, designation: special.fit, specialByNeedAndDesignation: special.specialByNeedAndDesignation, rolls: special.rolls },
    variantsMissingTheirDesignation: [...missing].sort(),
  };
}

function emptyShares(): PathwayShares {
  return {
    special: Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [d, 0])) as Record<ProposedDesignation, number>,
    srp: Object.fromEntries(SRP_NEED_TYPES.map((t) => [t, 0])) as Record<SrpNeedType, number>,
    outreach: Object.fromEntries(PROPOSED_DESIGNATIONS.map((d) => [d, 0])) as Record<ProposedDesignation, number>,
    mainstream: 0,
    fe: 0,
    other: 0,
  };
}

/** Adds `amount` to a pathway cell; outreach with no nearest designation is spread over the three as the row's outreach is. */
function addTo(shares: PathwayShares, o: Outcome, amount: number, unassignedOutreach: { value: number }) {
  if (o.pathway === 'special') shares.special[o.category as ProposedDesignation] += amount;
  else if (o.pathway === 'srp') shares.srp[o.category as SrpNeedType] += amount;
  else if (o.pathway === 'outreach') {
    if (o.category) shares.outreach[o.category as ProposedDesignation] += amount;
    else unassignedOutreach.value += amount;
  } else shares[o.pathway] += amount;
}

function toMatrix(types: ProfileType[], set: 'current' | 'proposed'): PathwayMatrix {
  const rows: PathwayMatrixRow[] = [];
  const byKey = new Map<string, ProfileType[]>();
  for (const t of types) (byKey.get(`${t.need}|${t.phase}`) ?? byKey.set(`${t.need}|${t.phase}`, []).get(`${t.need}|${t.phase}`)!).push(t);
  for (const need of NEED_CODES) {
    for (const phase of DEMAND_PHASES) {
      const mine = byKey.get(`${need}|${phase}`) ?? [];
      let basis = `need profiles run through the ${set} admission rules (need-profiles.json, admission-guidance.json), weighted by DfE SEN2 January 2025`;
      let pool = mine;
      if (sum(mine.map((t) => t.weight)) <= 1e-9) {
        pool = types.filter((t) => t.phase === phase);
        basis = `no ${need} plans at these ages in January 2025: the phase's all-needs shares`;
      }
      const total = sum(pool.map((t) => t.weight));
      const shares = emptyShares();
      const unassigned = { value: 0 };
      let special = 0;
      let independent = 0;
      for (const t of pool) {
        for (const o of t.outcomes[set]) {
          const amount = (t.weight * o.share) / total;
          addTo(shares, o, amount, unassigned);
          if (o.pathway === 'special') {
            special += amount;
            if (t.placement === 'special-independent') independent += amount;
          }
        }
      }
      if (unassigned.value > 0) {
        // Outreach with no nearest designation (e.g. vision impairment): from any special school, spread over the designations.
        const outreachTotal = sum(Object.values(shares.outreach));
        for (const d of PROPOSED_DESIGNATIONS) shares.outreach[d] += unassigned.value * (outreachTotal > 0 ? shares.outreach[d] / outreachTotal : 1 / PROPOSED_DESIGNATIONS.length);
      }
      rows.push({ need, phase, shares, specialIndependentFraction: special > 0 ? independent / special : 0, basis });
    }
  }
  return { rows };
}

function changesBetween(types: ProfileType[]): DesignationChangeShare[] {
  const totals = new Map<string, number>();
  for (const t of types) totals.set(`${t.need}|${t.phase}`, (totals.get(`${t.need}|${t.phase}`) ?? 0) + t.weight);
  const out = new Map<string, DesignationChangeShare>();
  for (const t of types) {
    if (t.level !== 'special' && t.level !== 'srp') continue;
    const former = t.level === 'special' ? t.variant!.currentDesignation! : 'SRP';
    const total = totals.get(`${t.need}|${t.phase}`)!;
    // Each current outcome share moves to the proposed outcomes in proportion (outcomes here are single pathways).
    for (const from of t.outcomes.current) {
      for (const to of t.outcomes.proposed) {
        if (from.pathway === to.pathway && from.category === to.category) continue;
        const key = `${t.need}|${t.phase}|${former}|${from.pathway}|${from.category}|${to.pathway}|${to.category}`;
        const share = (t.weight * from.share * to.share) / total;
        const row = out.get(key);
        if (row) row.share += share;
        else out.set(key, { need: t.need, phase: t.phase, formerDesignation: former, from: { pathway: from.pathway, category: from.category }, to: { pathway: to.pathway, category: to.category }, share });
      }
    }
  }
  return [...out.values()];
}

const models = new WeakMap<Registry, DesignationDemandModel>();
/** The registry's designation-demand model, built on first use (about 50 ms) and kept. */
export function designationDemand(registry: Registry): DesignationDemandModel {
  let m = models.get(registry);
  if (!m) models.set(registry, (m = buildDesignationDemand(registry)));
  return m;
}

/** Plans whose pathway the proposed designations change, by locality: a change share times the locality's plans. */
export interface DesignationChangeRow {
  locality: string;
  phase: DemandPhase;
  formerDesignation: CurrentDesignation | 'SRP';
  from: { pathway: OutcomePathway; category: string | null };
  to: { pathway: OutcomePathway; category: string | null };
  count: number;
}

/** The changes from the current to the proposed set in the localities and year of `counts` (school phases). */
export function designationChanges(counts: EhcpCountRow[], model: DesignationDemandModel): DesignationChangeRow[] {
  const byNeedPhase = new Map<string, DesignationChangeShare[]>();
  for (const c of model.changes) (byNeedPhase.get(`${c.need}|${c.phase}`) ?? byNeedPhase.set(`${c.need}|${c.phase}`, []).get(`${c.need}|${c.phase}`)!).push(c);
  const out = new Map<string, DesignationChangeRow>();
  for (const row of counts) {
    if (!isSchoolPhase(row.phase)) continue;
    for (const c of byNeedPhase.get(`${row.need}|${row.phase}`) ?? []) {
      const key = `${row.locality}|${row.phase}|${c.formerDesignation}|${c.from.pathway}|${c.from.category}|${c.to.pathway}|${c.to.category}`;
      const existing = out.get(key);
      if (existing) existing.count += row.count * c.share;
      else out.set(key, { locality: row.locality, phase: row.phase, formerDesignation: c.formerDesignation, from: c.from, to: c.to, count: row.count * c.share });
    }
  }
  return [...out.values()];
}
