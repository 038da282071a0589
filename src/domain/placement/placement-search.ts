/**
 * Placement search: which provisions can take a child with this need profile, how far away, how
 * long the journey, whether they have room, and why each fits; plus the nearest provisions that do
 * not, and why. Provisions sit in a kd-tree (kdbush); geokdbush walks it nearest-first and stops at
 * the search radius, so a search visits only the tree nodes near the home.
 *
 * Fit rules:
 * - a special school fits when its designation, under the chosen designation set, is one the
 *   profile fits ('current' set: scored against the five current designations; 'proposed' and
 *   'approved': against the three proposed ones);
 * - an SRP (or special-school satellite) fits when one of its need types covers one of the child's
 *   needs, the need type is still commissioned, and the provision itself is commissioned;
 * - both must take the child's age, and an SRP must serve the child's phase;
 * - distance (great-circle, geolib) within maxDistanceKm; estimated minutes within maxMinutes.
 * Ranking: provisions at the level of support the continuum gives first (the best-fitting
 * designation, or the SRP need type), then the rest that fit; nearest first within each.
 */
import { around } from 'geokdbush';
import { getDistance } from 'geolib';
import KDBush from 'kdbush';
import type { DesignationSet } from '../designation-source.js';
import type { DesignationSources } from '../designation-sets.js';
import type { CommissioningStatus, ContinuumLevel } from '../matching/admission-guidance.js';
import { matcherFor, type Ambiguity, type DesignationScore, type SetMatch } from '../matching/match-profile.js';
import type { NeedProfile } from '../matching/need-profile.js';
import type { SrpNeedType } from '../needs.js';
import { phaseOfAge, type Phase } from '../phases.js';
import type { LatLon, LocalityRef, Provision, Registry, Srp } from '../registry/registry.js';
import type { ResolvedHome } from './home.js';
import { TravelModel } from './travel-model.js';

export interface PlacementOptions {
  maxDistanceKm: number;
  maxMinutes?: number | undefined;
  limit: number;
  designationSet: DesignationSet;
  excludedLimit: number;
}

export interface CandidateDesignation {
  set: DesignationSet;
  code: string;
  name: string;
  /** 'current' for the current set; otherwise the source's status (proposed / approved / overridden). */
  status: 'current' | 'proposed' | 'approved' | 'overridden';
  note: string;
}

export interface ProvisionSummary {
  id: string;
  kind: Provision['kind'];
  urn: number;
  name: string;
  locality: LocalityRef;
  location: LatLon;
  phase: Provision['phase'];
  ageLow: number;
  ageHigh: number;
}

export interface PlacementCandidate {
  rank: number;
  provision: ProvisionSummary;
  level: 'special' | 'srp';
  designation: CandidateDesignation | null;
  needTypes: SrpNeedType[];
  distanceKm: number;
  travelMinutes: number;
  /** Over the best-practice journey time for the child's phase (a guideline, not a cap); null when none applies. */
  overGuideline: boolean | null;
  freePlaces: { places: number | null; basis: string };
  commissioning: { status: CommissioningStatus; note: string };
  /** Why it fits, in the guidance's words. */
  fit: string[];
}

export interface ExcludedProvision {
  provision: ProvisionSummary;
  distanceKm: number;
  travelMinutes: number;
  reasons: string[];
}

export interface PlacementResult {
  designationSet: DesignationSet;
  home: Omit<ResolvedHome, 'location'>;
  phase: Phase | null;
  match: {
    set: SetMatch['set'];
    bestFit: string | null;
    fitting: { code: string; score: number }[];
    ambiguity: Ambiguity | null;
    continuum: { level: ContinuumLevel; designation: string | null; srpNeedType: SrpNeedType | null; explanation: string };
  };
  candidates: PlacementCandidate[];
  /** Provisions within the radius that fit, before `limit` was applied. */
  totalFitting: number;
  excluded: ExcludedProvision[];
  searched: { maxDistanceKm: number; maxMinutes: number | null; radiusKm: number; limit: number; provisionsAssessed: number; provisionsTotal: number };
  travelModel: { basis: string; roadDistanceFactor: number; guidelineMinutes: number | null; guidelineBasis: string };
  notes: string[];
}

interface Assessment {
  designation: CandidateDesignation | null;
  matchingNeedTypes: SrpNeedType[];
  commissioning: { status: CommissioningStatus; note: string };
  fit: string[];
  /** Reasons other than distance or time. */
  exclusions: string[];
  tier: 0 | 1;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const clauseList = (d: DesignationScore) => d.reasons.filter((r) => d.missedRequired.includes(r.criterion)).map((r) => r.describes).join('; ');

export class PlacementIndex {
  private readonly index: KDBush;
  private readonly provisions: Provision[];
  private readonly srpById: Map<string, Srp>;
  private readonly travel: TravelModel;
  private readonly commissioningRules: { pattern: RegExp; status: CommissioningStatus; note: string }[];
  private readonly commissioningOf = new Map<string, { status: CommissioningStatus; note: string }>();

  /** nodeSize is small because Kent has tens of provisions: the tree must still prune. */
  constructor(private readonly registry: Registry, nodeSize = 4) {
    this.provisions = registry.provisions;
    this.index = new KDBush(this.provisions.length, nodeSize);
    for (const p of this.provisions) this.index.add(p.location.lon, p.location.lat);
    this.index.finish();
    this.srpById = new Map(registry.srps.map((s) => [s.id, s]));
    this.travel = new TravelModel(registry.travelModel);
    this.commissioningRules = registry.admissionGuidance.provisionCommissioning.map((r) => ({ pattern: new RegExp(r.pattern, 'i'), status: r.status, note: r.note }));
    for (const p of this.provisions) {
      // checkAdmissionGuidance guarantees a pattern matches every provision's text.
      const rule = this.commissioningRules.find((r) => r.pattern.test(p.commissioning))!;
      this.commissioningOf.set(p.id, { status: rule.status, note: rule.note });
    }
  }

  get travelModel(): TravelModel {
    return this.travel;
  }

  search(sources: DesignationSources, profile: NeedProfile, home: ResolvedHome, options: PlacementOptions): PlacementResult {
    const matcher = matcherFor(this.registry);
    const setMatch = matcher.matchSet(options.designationSet === 'current' ? 'current' : 'proposed', profile);
    const scoreByCode = new Map(setMatch.designations.map((d) => [d.code, d]));
    const preferred = new Set(setMatch.ambiguity ? setMatch.ambiguity.between : setMatch.bestFit ? [setMatch.bestFit] : []);
    const childSrpTypes = matcher.srpNeedTypesFor(profile);
    const phase = phaseOfAge(profile.age);
    const continuum = setMatch.continuum;
    const guideline = this.travel.guidelineMinutes(phase);

    const assessed: (Assessment | undefined)[] = new Array(this.provisions.length);
    let assessedCount = 0;
    const assess = (i: number): Assessment => {
      let a = assessed[i];
      if (a) return a;
      assessedCount++;
      a = this.assess(this.provisions[i]!, { sources, options, profile, phase, scoreByCode, preferred, childSrpTypes, continuum });
      assessed[i] = a;
      return a;
    };
    const distances = new Float64Array(this.provisions.length).fill(-1);
    const distanceKm = (i: number) => {
      if (distances[i]! < 0) {
        const loc = this.provisions[i]!.location;
        distances[i] = getDistance({ latitude: home.location.lat, longitude: home.location.lon }, { latitude: loc.lat, longitude: loc.lon }, 1) / 1000;
      }
      return distances[i]!;
    };

    const radiusKm = Math.min(options.maxDistanceKm, options.maxMinutes !== undefined ? this.travel.straightKmWithin(options.maxMinutes) : Infinity);
    const withinLimits = (i: number) => {
      const d = distanceKm(i);
      return d <= options.maxDistanceKm && (options.maxMinutes === undefined || this.travel.minutes(d) <= options.maxMinutes);
    };
    // geokdbush measures on a 6371 km sphere, geolib on 6378.137 km: search a little wider, then decide with geolib.
    const fitting = (around(this.index as never, home.location.lon, home.location.lat, Infinity, radiusKm * 1.005 + 0.01, (i: number) => assess(i).exclusions.length === 0) as unknown as number[]).filter(
      withinLimits,
    );
    fitting.sort((x, y) => assess(x).tier - assess(y).tier || distanceKm(x) - distanceKm(y));

    const candidates: PlacementCandidate[] = fitting.slice(0, options.limit).map((i, k) => {
      const p = this.provisions[i]!;
      const a = assess(i);
      const d = distanceKm(i);
      const minutes = this.travel.minutes(d);
      return {
        rank: k + 1,
        provision: summary(p),
        level: p.kind === 'special-school' ? 'special' : 'srp',
        designation: a.designation,
        needTypes: p.needTypes,
        distanceKm: round(d, 2),
        travelMinutes: Math.round(minutes),
        overGuideline: guideline === null ? null : minutes > guideline,
        freePlaces: this.freePlaces(p),
        commissioning: a.commissioning,
        fit: a.fit,
      };
    });

    const excludedIds =
      options.excludedLimit === 0
        ? []
        : (around(this.index as never, home.location.lon, home.location.lat, options.excludedLimit, Infinity, (i: number) => assess(i).exclusions.length > 0 || !withinLimits(i)) as unknown as number[]);
    const excluded: ExcludedProvision[] = excludedIds.map((i) => {
      const p = this.provisions[i]!;
      const d = distanceKm(i);
      const minutes = this.travel.minutes(d);
      const reasons = [...assess(i).exclusions];
      if (d > options.maxDistanceKm) reasons.push(`${round(d, 1)} km away, beyond the ${options.maxDistanceKm} km searched.`);
      if (options.maxMinutes !== undefined && minutes > options.maxMinutes) reasons.push(`About ${Math.round(minutes)} minutes' estimated travel, over the ${options.maxMinutes} minutes allowed.`);
      return { provision: summary(p), distanceKm: round(d, 2), travelMinutes: Math.round(minutes), reasons };
    });

    const notes: string[] = [];
    if (home.estimate) notes.push(home.note);
    if (phase === null) notes.push('No school phase for this age (early years or post-19): the catalogue holds school provision for ages 4-19 only.');
    if (options.designationSet !== 'current') {
      const source = options.designationSet === 'approved' ? sources.approved : sources.proposed;
      const special = [...fitting.map((i) => this.provisions[i]!), ...excludedIds.map((i) => this.provisions[i]!)].filter((p) => p.kind === 'special-school');
      const unreviewed = special.filter((p) => source.designationOf(p.urn)?.status === 'proposed').length;
      if (options.designationSet === 'approved' && unreviewed > 0) {
        notes.push(`${unreviewed} of the ${special.length} special schools listed have no officer's decision yet: each falls back to its proposed designation (status 'proposed').`);
      }
      if (options.designationSet === 'proposed') notes.push("Proposed designations come from the legacy-to-proposed rules and are not decisions; use 'approved' for officers' decisions.");
    }
    if (candidates.some((c) => c.level === 'srp') || excluded.some((e) => e.provision.kind !== 'special-school')) {
      notes.push('The SRP list is partial and dated (public sources 2014-2020; capacities and rolls at September 2019 where stated).');
    }
    if (candidates.length === 0) notes.push('No provision within the limits fits this profile; the nearest excluded provisions say why.');

    return {
      designationSet: options.designationSet,
      home: { basis: home.basis, estimate: home.estimate, note: home.note },
      phase,
      match: {
        set: setMatch.set,
        bestFit: setMatch.bestFit,
        fitting: setMatch.designations.filter((d) => d.fits).map((d) => ({ code: d.code, score: d.score })),
        ambiguity: setMatch.ambiguity,
        continuum: { level: continuum.level, designation: continuum.designation, srpNeedType: continuum.srpNeedType, explanation: continuum.explanation },
      },
      candidates,
      totalFitting: fitting.length,
      excluded,
      searched: {
        maxDistanceKm: options.maxDistanceKm,
        maxMinutes: options.maxMinutes ?? null,
        radiusKm: round(radiusKm, 2),
        limit: options.limit,
        provisionsAssessed: assessedCount,
        provisionsTotal: this.provisions.length,
      },
      travelModel: {
        basis: this.travel.file.basis,
        roadDistanceFactor: this.travel.file.roadDistanceFactor,
        guidelineMinutes: guideline,
        guidelineBasis: this.travel.file.guidelineMinutes.basis,
      },
      notes,
    };
  }

  private assess(
    p: Provision,
    ctx: {
      sources: DesignationSources;
      options: PlacementOptions;
      profile: NeedProfile;
      phase: Phase | null;
      scoreByCode: Map<string, DesignationScore>;
      preferred: Set<string>;
      childSrpTypes: { code: SrpNeedType; commissioned: boolean; forPrimaryNeed: boolean }[];
      continuum: SetMatch['continuum'];
    },
  ): Assessment {
    const fit: string[] = [];
    const exclusions: string[] = [];
    const commissioning = this.commissioningOf.get(p.id)!;
    let designation: CandidateDesignation | null = null;
    let matchingNeedTypes: SrpNeedType[] = [];
    let tier: 0 | 1 = 1;

    if (ctx.profile.age < p.ageLow || ctx.profile.age > p.ageHigh) exclusions.push(`Takes ages ${p.ageLow}-${p.ageHigh} only.`);
    else fit.push(`Takes ages ${p.ageLow}-${p.ageHigh}.`);

    if (p.kind === 'special-school') {
      designation = this.designationOf(p.urn, ctx.sources, ctx.options.designationSet);
      if (!designation) {
        exclusions.push(`Has no designation in the '${ctx.options.designationSet}' set.`);
      } else {
        const score = ctx.scoreByCode.get(designation.code);
        const label = `Designated ${designation.code} (${designation.name}; ${ctx.options.designationSet} set${designation.status === 'current' ? '' : `, ${designation.status}`})`;
        if (score?.fits) {
          fit.push(`${label}: the profile fits ${designation.code} (score ${score.score.toFixed(2)}${ctx.preferred.has(designation.code) ? ', best fit' : ''}).`);
          if (ctx.continuum.level === 'special' && ctx.preferred.has(designation.code)) tier = 0;
        } else {
          const why = score ? `score ${score.score.toFixed(2)}${score.missedRequired.length ? `; misses ${clauseList(score)}` : ''}` : 'no rules';
          exclusions.push(`${label}: the profile does not fit ${designation.code} (${why}).`);
        }
      }
    } else {
      if (ctx.phase !== p.phase) {
        exclusions.push(
          p.phase === 'secondary'
            ? 'Serves the secondary phase only (Years 7-11; secondary SRP places are commissioned for Years 7-11 only).'
            : 'Serves the primary phase only.',
        );
      }
      const covering = ctx.childSrpTypes.filter((t) => p.needTypes.includes(t.code));
      matchingNeedTypes = covering.filter((t) => t.commissioned).map((t) => t.code);
      if (covering.length === 0) {
        exclusions.push(`An SRP for ${p.needTypes.join(', ')}: none of these covers the child's needs.`);
      } else if (matchingNeedTypes.length === 0) {
        const notes = this.registry.admissionGuidance.srpNeedTypes.filter((t) => covering.some((c) => c.code === t.code)).map((t) => t.note);
        exclusions.push(`An SRP for ${covering.map((c) => c.code).join(', ')}, a need type no longer commissioned: ${notes.join(' ')}`);
      } else {
        const primary = covering.some((c) => c.forPrimaryNeed && c.commissioned);
        fit.push(`An SRP for ${matchingNeedTypes.join(', ')}: covers the child's ${primary ? 'primary need' : 'secondary need'}.`);
        if (ctx.continuum.level === 'srp' && ctx.continuum.srpNeedType && p.needTypes.includes(ctx.continuum.srpNeedType)) tier = 0;
      }
      if (commissioning.status === 'not-commissioned') exclusions.push(commissioning.note);
      if (commissioning.status === 'at-risk') fit.push(commissioning.note);
    }
    if (exclusions.length === 0 && tier === 1) {
      const c = ctx.continuum;
      const level = c.level === 'special' ? `a special school designated ${[...ctx.preferred].join(' or ')}` : c.level === 'srp' ? `an SRP for ${c.srpNeedType}` : c.level;
      fit.push(`An alternative: the level of support this profile fits best is ${level}.`);
    }
    return { designation, matchingNeedTypes, commissioning, fit, exclusions, tier };
  }

  private designationOf(urn: number, sources: DesignationSources, set: DesignationSet): CandidateDesignation | null {
    if (set === 'current') {
      const code = sources.current(urn);
      if (!code) return null;
      const special = this.registry.specialSchools.get(urn);
      return {
        set,
        code,
        name: this.registry.currentDesignationByCode.get(code)?.name ?? code,
        status: 'current',
        note: special ? `current Kent designation (${special.source}; confidence ${special.confidence})` : 'current Kent designation',
      };
    }
    const d = (set === 'approved' ? sources.approved : sources.proposed).designationOf(urn);
    if (!d) return null;
    return { set, code: d.designation, name: this.registry.proposedDesignationByCode.get(d.designation)?.name ?? d.designation, status: d.status, note: d.note };
  }

  /** Capacity minus roll when both are stated figures; otherwise unknown, saying why. */
  private freePlaces(p: Provision): { places: number | null; basis: string } {
    if (p.capacity === null) return { places: null, basis: `unknown: capacity not known (${p.capacityBasis.replace(/^unknown:\s*/, '')})` };
    if (p.capacityBasis.startsWith('estimate')) {
      return { places: null, basis: `unknown: the place figure is itself an estimate (${p.capacityBasis.replace(/^estimate:\s*/, '')}), so free places cannot be known` };
    }
    const srp = this.srpById.get(p.id);
    const rollBasis = srp ? srp.rollBasis : `pupils on roll in the register of ${this.registry.dataset.register.date}`;
    if (p.roll === null) return { places: null, basis: `unknown: roll not known (${rollBasis.replace(/^unknown:?\s*/, '') || 'not stated'})` };
    const places = p.capacity - p.roll;
    const over = places < 0 ? `; over capacity by ${-places}` : '';
    return { places, basis: `capacity (${p.capacityBasis.replace(/^source:\s*/, '')}) minus roll (${rollBasis.replace(/^source:\s*/, '')})${over}` };
  }
}

function summary(p: Provision): ProvisionSummary {
  return { id: p.id, kind: p.kind, urn: p.urn, name: p.name, locality: p.locality, location: p.location, phase: p.phase, ageLow: p.ageLow, ageHigh: p.ageHigh };
}

const indexes = new WeakMap<Registry, PlacementIndex>();
/** The registry's placement index, built on first use. */
export function placementIndexFor(registry: Registry): PlacementIndex {
  let idx = indexes.get(registry);
  if (!idx) indexes.set(registry, (idx = new PlacementIndex(registry)));
  return idx;
}
