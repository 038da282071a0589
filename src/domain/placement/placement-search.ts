/**
 * Placement search: which provisions can take a child with this need profile, how far away, how
 * long the journey, whether they have room, and why each fits; plus the nearest provisions that do
 * not, and why. Provisions sit in a kd-tree (kdbush): candidates come from a bounding-box query
 * around the home (a box just containing the search circle), and the nearest excluded from
 * geokdbush's nearest-first walk, which stops once it has found enough; so a search assesses only
 * the provisions near the home.
 *
 * Fit rules:
 * - a special school fits when its designation, under the chosen designation set, is one the
 *   profile fits ('current' set: scored against the five current designations; 'proposed' and
 *   'approved': against the three proposed ones);
 * - an SRP (or special-school satellite) fits when one of its need types covers one of the child's
 *   needs, the need type is still commissioned, and the provision itself is commissioned;
 * - both must take the child's age, and an SRP must serve the child's phase;
 * - distance (great-circle: geolib's getDistance formula, see geolib-distance.ts) within
 *   maxDistanceKm; estimated minutes within maxMinutes.
 * Ranking: provisions at the level of support the continuum gives first (the best-fitting
 * designation, or the SRP need type), then the rest that fit; nearest first within each.
 */
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { DesignationSet } from '../designation-source.js';
import type { DesignationViews } from '../designation-sets.js';
import type { CommissioningStatus } from '../matching/admission-guidance.js';
import { matcherFor, type DesignationScore, type SetMatch } from '../matching/match-profile.js';
import type { NeedProfile } from '../matching/need-profile.js';
import { SRP_NEED_TYPES, type SrpNeedType } from '../needs.js';
import { phaseOfAge, type Phase } from '../phases.js';
import type { LatLon, Provision, Registry, Srp } from '../registry/registry.js';
import { distanceMetres } from '../geo/geolib-distance.js';
import type { ResolvedHome } from './home.js';
import type { CandidateDesignation, ExcludedProvision, PlacementCandidate, PlacementOptions, PlacementResult, ProvisionSummary } from './placement-result.js';
import { TravelModel } from './travel-model.js';

// What a search takes and answers is defined once, as the API's schemas, in placement-result.ts.
export type { CandidateDesignation, ExcludedProvision, PlacementCandidate, PlacementOptions, PlacementResult, ProvisionSummary } from './placement-result.js';

/** The cheap, text-free decision for one provision; the words come later, only for what is returned. */
interface Decision {
  /** Fits on everything but distance and time. */
  fits: boolean;
  tier: 0 | 1;
  ageOk: boolean;
  /** SRPs: serves the child's phase. */
  phaseOk: boolean;
  designation: CandidateDesignation | null;
  designationScore: DesignationScore | undefined;
  /** SRPs: the provision's need types that cover one of the child's needs (commissioned or not). */
  covering: { code: SrpNeedType; commissioned: boolean; forPrimaryNeed: boolean }[];
  commissioning: { status: CommissioningStatus; note: string };
}

interface SearchContext {
  sources: DesignationViews;
  set: DesignationSet;
  age: number;
  phase: Phase | null;
  scoreByCode: Map<string, DesignationScore>;
  preferred: Set<string>;
  childSrpTypes: { code: SrpNeedType; commissioned: boolean; forPrimaryNeed: boolean }[];
  continuum: SetMatch['continuum'];
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** The k ids with the smallest finite key, nearest first (insertion into a short sorted list). */
function nearestOf(ids: number[], k: number, key: (i: number) => number): number[] {
  const out: number[] = [];
  const keys: number[] = [];
  for (const i of ids) {
    const d = key(i);
    if (d === Infinity || (out.length === k && d >= keys[k - 1]!)) continue;
    let at = out.length === k ? k - 1 : out.length;
    while (at > 0 && keys[at - 1]! > d) {
      out[at] = out[at - 1]!;
      keys[at] = keys[at - 1]!;
      at--;
    }
    out[at] = i;
    keys[at] = d;
  }
  return out.slice(0, k);
}
const maskOf = (types: readonly SrpNeedType[]) => types.reduce((m, t) => m | (1 << SRP_NEED_TYPES.indexOf(t)), 0);
const PHASE_CODE: Record<Provision['phase'] | Phase, number> = { all: 0, primary: 1, secondary: 2, post16: 3 };

export class PlacementIndex {
  private readonly index: KDBush;
  private readonly provisions: Provision[];
  private readonly summaries: ProvisionSummary[];
  private readonly srpById: Map<string, Srp>;
  private readonly travel: TravelModel;
  private readonly commissioning: { status: CommissioningStatus; note: string }[];
  private readonly currentDesignations: (CandidateDesignation | null)[];
  private readonly srpNeedTypeNotes: Map<SrpNeedType, string>;
  // Per-provision facts as flat arrays, so the index walk decides fit with integer tests.
  private readonly isSpecial: Uint8Array;
  private readonly needMask: Uint8Array;
  private readonly phaseCode: Uint8Array;
  private readonly closed: Uint8Array;
  private readonly freePlaces: { places: number | null; basis: string }[];
  private searchStamp = 0;
  private readonly fitStamp: Uint32Array;
  private readonly fitCache: Uint8Array;
  private readonly tierCache: Uint8Array;
  private readonly distanceStamp: Uint32Array;
  private readonly distances: Float64Array;

  /** nodeSize is small because Kent has tens of provisions: the tree must still prune. */
  constructor(private readonly registry: Registry, nodeSize = 4) {
    this.provisions = registry.provisions;
    this.summaries = this.provisions.map(summary);
    this.index = new KDBush(this.provisions.length, nodeSize);
    for (const p of this.provisions) this.index.add(p.location.lon, p.location.lat);
    this.index.finish();
    this.srpById = new Map(registry.srps.map((s) => [s.id, s]));
    this.travel = new TravelModel(registry.travelModel);
    const rules = registry.admissionGuidance.provisionCommissioning.map((r) => ({ pattern: new RegExp(r.pattern, 'i'), status: r.status, note: r.note }));
    // checkAdmissionGuidance guarantees a pattern matches every provision's commissioning text.
    this.commissioning = this.provisions.map((p) => {
      const rule = rules.find((r) => r.pattern.test(p.commissioning))!;
      return { status: rule.status, note: rule.note };
    });
    this.currentDesignations = this.provisions.map((p) => {
      const special = p.kind === 'special-school' ? registry.specialSchools.get(p.urn) : undefined;
      if (!special) return null;
      return {
        set: 'current',
        code: special.designation,
        name: registry.currentDesignationByCode.get(special.designation)?.name ?? special.designation,
        status: 'current',
        note: `current Kent designation (known with ${special.confidence} confidence)`,
      };
    });
    this.srpNeedTypeNotes = new Map(registry.admissionGuidance.srpNeedTypes.map((t) => [t.code, t.note]));
    this.isSpecial = Uint8Array.from(this.provisions, (p) => (p.kind === 'special-school' ? 1 : 0));
    this.needMask = Uint8Array.from(this.provisions, (p) => maskOf(p.needTypes));
    this.phaseCode = Uint8Array.from(this.provisions, (p) => PHASE_CODE[p.phase]);
    this.closed = Uint8Array.from(this.commissioning, (c) => (c.status === 'not-commissioned' ? 1 : 0));
    this.freePlaces = this.provisions.map((p) => this.freePlacesOf(p));
    const n = this.provisions.length;
    this.fitStamp = new Uint32Array(n);
    this.fitCache = new Uint8Array(n);
    this.tierCache = new Uint8Array(n);
    this.distanceStamp = new Uint32Array(n);
    this.distances = new Float64Array(n);
  }

  /** Provisions in a lat/lon box that contains the circle of radiusKm around the point (kdbush range query). */
  private box(centre: LatLon, radiusKm: number): number[] {
    if (!Number.isFinite(radiusKm)) return this.index.range(-180, -90, 180, 90);
    // Degrees on the smaller 6,371 km sphere, plus 1%: the box is never smaller than the circle.
    const latDeg = ((radiusKm / 6371) * (180 / Math.PI)) * 1.01;
    const maxLat = Math.min(89.9, Math.abs(centre.lat) + latDeg);
    const lonDeg = Math.min(180, latDeg / Math.cos((maxLat * Math.PI) / 180));
    return this.index.range(centre.lon - lonDeg, centre.lat - latDeg, centre.lon + lonDeg, centre.lat + latDeg);
  }

  get travelModel(): TravelModel {
    return this.travel;
  }

  search(sources: DesignationViews, profile: NeedProfile, home: ResolvedHome, options: PlacementOptions): PlacementResult {
    const matcher = matcherFor(this.registry);
    const setMatch = matcher.matchSet(options.designationSet === 'current' ? 'current' : 'proposed', profile, false);
    const phase = phaseOfAge(profile.age);
    const ctx: SearchContext = {
      sources,
      set: options.designationSet,
      age: profile.age,
      phase,
      scoreByCode: new Map(setMatch.designations.map((d) => [d.code, d])),
      preferred: new Set(setMatch.ambiguity ? setMatch.ambiguity.between : setMatch.bestFit ? [setMatch.bestFit] : []),
      childSrpTypes: matcher.srpNeedTypesFor(profile),
      continuum: setMatch.continuum,
    };
    const guideline = this.travel.guidelineMinutes(phase);

    // First pass, during the index walk: fit and rank tier with integer tests, no text, no objects.
    // Per-search caches live in the index and are reused (the search is synchronous, so one runs at a
    // time): a stamp says which search filled a slot.
    if (this.searchStamp === 0xffffffff) {
      this.searchStamp = 0;
      this.fitStamp.fill(0);
      this.distanceStamp.fill(0);
    }
    const stamp = ++this.searchStamp;
    const { fitStamp, fitCache, tierCache, distanceStamp, distances } = this;
    let assessedCount = 0;
    const fittingCodes = setMatch.designations.filter((d) => d.fits).map((d) => d.code);
    const childPhase = phase === null ? -1 : PHASE_CODE[phase];
    const commissionedMask = maskOf(ctx.childSrpTypes.filter((t) => t.commissioned).map((t) => t.code));
    const continuumSrpMask = setMatch.continuum.level === 'srp' && setMatch.continuum.srpNeedType ? maskOf([setMatch.continuum.srpNeedType]) : 0;
    const specialLevel = setMatch.continuum.level === 'special';
    const source = options.designationSet === 'approved' ? sources.approved : sources.proposed;
    const fits = (i: number): boolean => {
      if (fitStamp[i] === stamp) return fitCache[i] === 1;
      fitStamp[i] = stamp;
      assessedCount++;
      const p = this.provisions[i]!;
      let ok = profile.age >= p.ageLow && profile.age <= p.ageHigh;
      let tier = 1;
      if (this.isSpecial[i]) {
        const code = options.designationSet === 'current' ? this.currentDesignations[i]?.code : source.designationOf(p.urn)?.designation;
        ok = ok && code !== undefined && fittingCodes.includes(code);
        if (specialLevel && code !== undefined && ctx.preferred.has(code)) tier = 0;
      } else {
        ok = ok && this.phaseCode[i] === childPhase && (this.needMask[i]! & commissionedMask) !== 0 && this.closed[i] === 0;
        if ((this.needMask[i]! & continuumSrpMask) !== 0) tier = 0;
      }
      fitCache[i] = ok ? 1 : 0;
      tierCache[i] = tier;
      return ok;
    };
    // Second pass, only for what is returned: the full decision, with the designation and its words.
    const decisions = new Map<number, Decision>();
    const decide = (i: number): Decision => {
      let d = decisions.get(i);
      if (!d) decisions.set(i, (d = this.decide(i, ctx)));
      return d;
    };

    // Distances: geolib's getDistance formula to the metre (distanceMetres, held equal to geolib by a
    // test), once per provision the index brings within reach.
    const distanceKm = (i: number) => {
      if (distanceStamp[i] !== stamp) {
        const loc = this.provisions[i]!.location;
        distances[i] = distanceMetres(home.location.lat, home.location.lon, loc.lat, loc.lon) / 1000;
        distanceStamp[i] = stamp;
      }
      return distances[i]!;
    };

    const radiusKm = Math.min(options.maxDistanceKm, options.maxMinutes !== undefined ? this.travel.straightKmWithin(options.maxMinutes) : Infinity);
    const withinLimits = (i: number) => {
      const d = distanceKm(i);
      return d <= options.maxDistanceKm && (options.maxMinutes === undefined || this.travel.minutes(d) <= options.maxMinutes);
    };
    // Candidates: the kd-tree's bounding-box query around the home (a box just larger than the
    // search circle), then fit (integer tests) and exact distance for what the box holds.
    const inBox = this.box(home.location, radiusKm);
    const fitting = inBox.filter((i) => fits(i) && withinLimits(i));
    fitting.sort((x, y) => tierCache[x]! - tierCache[y]! || distanceKm(x) - distanceKm(y));

    const candidates: PlacementCandidate[] = fitting.slice(0, options.limit).map((i, k) => {
      const p = this.provisions[i]!;
      const d = decide(i);
      const km = distanceKm(i);
      const minutes = this.travel.minutes(km);
      return {
        rank: k + 1,
        provision: this.summaries[i]!,
        level: p.kind === 'special-school' ? 'special' : 'srp',
        designation: d.designation,
        needTypes: p.needTypes,
        distanceKm: round(km, 2),
        travelMinutes: Math.round(minutes),
        overGuideline: guideline === null ? null : minutes > guideline,
        freePlaces: this.freePlaces[i]!,
        commissioning: d.commissioning,
        fit: this.explain(i, d, ctx).fit,
      };
    });

    // A provision that fits but is not in `fitting` lies beyond the limits: no distance needed here.
    // The nearest excluded: when the search circle already holds enough of them they are the nearest
    // of all (anything outside the circle is farther); otherwise geokdbush walks the tree
    // nearest-first until it has found enough.
    const inFitting = new Set(fitting);
    const excludedInCircle = nearestOf(inBox, options.excludedLimit, (i) => (!inFitting.has(i) && distanceKm(i) <= radiusKm ? distanceKm(i) : Infinity));
    const excludedIds =
      options.excludedLimit === 0
        ? []
        : excludedInCircle.length >= options.excludedLimit
          ? excludedInCircle
          : (around(this.index as never, home.location.lon, home.location.lat, options.excludedLimit, Infinity, (i: number) => !fits(i) || !inFitting.has(i)) as unknown as number[]);
    const excluded: ExcludedProvision[] = excludedIds.map((i) => {
      const km = distanceKm(i);
      const minutes = this.travel.minutes(km);
      const reasons = this.explain(i, decide(i), ctx).exclusions;
      if (km > options.maxDistanceKm) reasons.push(`${round(km, 1)} km away, beyond the ${options.maxDistanceKm} km searched.`);
      if (options.maxMinutes !== undefined && minutes > options.maxMinutes) reasons.push(`About ${Math.round(minutes)} minutes' estimated travel, over the ${options.maxMinutes} minutes allowed.`);
      const { id, kind, urn, name } = this.summaries[i]!;
      return { provision: { id, kind, urn, name }, distanceKm: round(km, 2), travelMinutes: Math.round(minutes), reasons };
    });

    const notes: string[] = [];
    if (home.estimate) notes.push(home.note);
    if (phase === null) notes.push('No school phase for this age (early years or post-19): the catalogue holds school provision for ages 4-19 only.');
    if (options.designationSet === 'approved') {
      const listed = [...fitting.slice(0, options.limit), ...excludedIds].filter((i) => this.provisions[i]!.kind === 'special-school');
      const unreviewed = listed.filter((i) => decide(i).designation?.status === 'proposed').length;
      if (unreviewed > 0) {
        notes.push(`${unreviewed} of the ${listed.length} special schools listed have no officer's decision yet: each falls back to its proposed designation (status 'proposed').`);
      }
    }
    if (options.designationSet === 'proposed') notes.push("Proposed designations come from the legacy-to-proposed rules and are not decisions; use 'approved' for officers' decisions.");
    if (candidates.some((c) => c.level === 'srp') || excluded.some((e) => e.provision.kind !== 'special-school')) {
      notes.push('The SRP list is partial and dated (public sources 2014-2020; capacities and rolls at September 2019 where stated).');
    }
    if (candidates.length === 0) notes.push('No provision within the limits fits this profile; the nearest excluded provisions say why.');

    const continuum = setMatch.continuum;
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
        basis: this.travel.file.summary,
        roadDistanceFactor: this.travel.file.roadDistanceFactor,
        guidelineMinutes: guideline,
        guidelineBasis: this.travel.file.guidelineMinutes.summary,
      },
      notes,
    };
  }

  private decide(i: number, ctx: SearchContext): Decision {
    const p = this.provisions[i]!;
    const commissioning = this.commissioning[i]!;
    const ageOk = ctx.age >= p.ageLow && ctx.age <= p.ageHigh;
    if (p.kind === 'special-school') {
      const designation = ctx.set === 'current' ? this.currentDesignations[i]! : this.proposedView(p.urn, ctx.sources, ctx.set);
      const designationScore = designation ? ctx.scoreByCode.get(designation.code) : undefined;
      const designationFits = designationScore?.fits === true;
      const tier = ctx.continuum.level === 'special' && designation && ctx.preferred.has(designation.code) ? 0 : 1;
      return { fits: ageOk && designationFits, tier, ageOk, phaseOk: true, designation, designationScore, covering: [], commissioning };
    }
    const phaseOk = ctx.phase === p.phase;
    const covering = ctx.childSrpTypes.filter((t) => p.needTypes.includes(t.code));
    const needOk = covering.some((t) => t.commissioned);
    const fits = ageOk && phaseOk && needOk && commissioning.status !== 'not-commissioned';
    const tier = ctx.continuum.level === 'srp' && ctx.continuum.srpNeedType !== null && p.needTypes.includes(ctx.continuum.srpNeedType) ? 0 : 1;
    return { fits, tier, ageOk, phaseOk, designation: null, designationScore: undefined, covering, commissioning };
  }

  /** Why a provision fits or does not, in the guidance's words. Called only for provisions returned. */
  private explain(i: number, d: Decision, ctx: SearchContext): { fit: string[]; exclusions: string[] } {
    const p = this.provisions[i]!;
    const fit: string[] = [];
    const exclusions: string[] = [];
    (d.ageOk ? fit : exclusions).push(d.ageOk ? `Takes ages ${p.ageLow}-${p.ageHigh}.` : `Takes ages ${p.ageLow}-${p.ageHigh} only.`);
    if (p.kind === 'special-school') {
      const des = d.designation;
      if (!des) {
        exclusions.push(`Has no designation in the '${ctx.set}' set.`);
      } else {
        const label = `Designated ${des.code} (${ctx.set} set${des.status === 'current' ? '' : `, ${des.status}`})`;
        const score = d.designationScore;
        if (score?.fits) {
          fit.push(`${label}: the profile fits ${des.code} (score ${score.score.toFixed(2)}${ctx.preferred.has(des.code) ? ', best fit' : ''}).`);
        } else {
          const missed = score?.missedRequired.length ? `; misses ${score.missedRequired.map((id) => matcherFor(this.registry).describe(id)).join('; ')}` : '';
          exclusions.push(`${label}: the profile does not fit ${des.code} (${score ? `score ${score.score.toFixed(2)}${missed}` : 'no rules'}).`);
        }
      }
    } else {
      if (!d.phaseOk) {
        exclusions.push(
          p.phase === 'secondary' ? 'Serves the secondary phase only (secondary SRP places are commissioned for Years 7-11 only).' : 'Serves the primary phase only.',
        );
      }
      const commissioned = d.covering.filter((t) => t.commissioned).map((t) => t.code);
      if (d.covering.length === 0) {
        exclusions.push(`An SRP for ${p.needTypes.join(', ')}: none of these covers the child's needs.`);
      } else if (commissioned.length === 0) {
        exclusions.push(`An SRP for ${d.covering.map((c) => c.code).join(', ')}, a need type no longer commissioned: ${d.covering.map((c) => this.srpNeedTypeNotes.get(c.code)).join(' ')}`);
      } else {
        const primary = d.covering.some((c) => c.forPrimaryNeed && c.commissioned);
        fit.push(`An SRP for ${commissioned.join(', ')}: covers the child's ${primary ? 'primary need' : 'secondary need'}.`);
      }
      if (d.commissioning.status === 'not-commissioned') exclusions.push(d.commissioning.note);
      if (d.commissioning.status === 'at-risk') fit.push(d.commissioning.note);
    }
    if (exclusions.length === 0 && d.tier === 1) {
      const c = ctx.continuum;
      const level = c.level === 'special' ? `a special school designated ${[...ctx.preferred].join(' or ')}` : c.level === 'srp' ? `an SRP for ${c.srpNeedType}` : c.level;
      fit.push(`An alternative: the level of support this profile fits best is ${level}.`);
    }
    return { fit, exclusions };
  }

  private proposedView(urn: number, sources: DesignationViews, set: 'proposed' | 'approved'): CandidateDesignation | null {
    const d = (set === 'approved' ? sources.approved : sources.proposed).designationOf(urn);
    if (!d) return null;
    return { set, code: d.designation, name: this.registry.proposedDesignationByCode.get(d.designation)?.name ?? d.designation, status: d.status, note: d.note };
  }

  /** Capacity minus roll when both are stated figures; otherwise unknown, saying why. */
  private freePlacesOf(p: Provision): { places: number | null; basis: string } {
    if (p.capacity === null) return { places: null, basis: 'unknown: capacity not published' };
    if (p.capacityBasis.startsWith('estimate')) return { places: null, basis: 'unknown: the place figure is an estimate (the roll), not a capacity' };
    if (p.roll === null) return { places: null, basis: 'unknown: roll not published' };
    const srp = this.srpById.get(p.id);
    const rollBasis = srp ? srp.rollBasis : `register roll ${this.registry.dataset.register.date}`;
    const places = p.capacity - p.roll;
    const strip = (b: string) => b.replace(/^source:\s*/, '');
    return { places, basis: `capacity minus roll: ${strip(p.capacityBasis)}; ${strip(rollBasis)}${places < 0 ? `; over capacity by ${-places}` : ''}` };
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
