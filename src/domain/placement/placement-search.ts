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
 *
 * A search runs in three steps: select (the box query, the fit rule once per provision in
 * `assess`, the limits), rank, and explain (the words, built only for what is returned).
 */
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { DesignationSet } from '../designations/designation-source.js';
import type { DesignationViews } from '../designations/designation-sets.js';
import type { CommissioningStatus } from '../matching/admission-guidance.js';
import { matcherFor, type DesignationScore, type SetMatch } from '../matching/match-profile.js';
import type { NeedProfile } from '../matching/need-profile.js';
import type { SrpNeedType } from '../needs.js';
import { phaseOfAge, type Phase } from '../phases.js';
import type { LatLon, Provision, Registry, Srp } from '../registry/registry.js';
import { distanceMetres } from '../geo/geolib-distance.js';
import type { ResolvedHome } from '../geo/home.js';
import type { CandidateDesignation, ExcludedProvision, PlacementCandidate, PlacementOptions, PlacementResult, ProvisionSummary } from './placement-result.js';
import { TravelModel } from '../geo/travel-model.js';

// What a search takes and answers is defined once, as the API's schemas, in placement-result.ts.
export type { CandidateDesignation, ExcludedProvision, PlacementCandidate, PlacementOptions, PlacementResult, ProvisionSummary } from './placement-result.js';

/**
 * What a provision offers this child, text-free: the fit rule, written once (see assess). The
 * words come later, only for what is returned.
 */
interface Assessment {
  /** Fits on everything but distance and time. */
  fits: boolean;
  /** 0: at the level of support the continuum gives (ranked first); 1: an alternative. */
  tier: 0 | 1;
  ageOk: boolean;
  /** SRPs: serves the child's phase. */
  phaseOk: boolean;
  /** Special schools: the designation it holds in the chosen set (null when it has none there). */
  designationCode: string | null;
  designationScore: DesignationScore | undefined;
  /** SRPs: the provision's need types that cover one of the child's needs (commissioned or not). */
  covering: { code: SrpNeedType; commissioned: boolean; forPrimaryNeed: boolean }[];
  commissioning: { status: CommissioningStatus; note: string };
}

/** One search: what the profile asks, and what has been worked out for each provision so far. */
interface Search {
  sources: DesignationViews;
  profile: NeedProfile;
  home: ResolvedHome;
  options: PlacementOptions;
  set: DesignationSet;
  phase: Phase | null;
  setMatch: SetMatch;
  scoreByCode: Map<string, DesignationScore>;
  /** The designations the continuum prefers (the best fit, or both sides of an ambiguity). */
  preferred: Set<string>;
  childSrpTypes: { code: SrpNeedType; commissioned: boolean; forPrimaryNeed: boolean }[];
  continuum: SetMatch['continuum'];
  /** Search radius: the distance limit, or the distance the time limit allows if that is shorter. */
  radiusKm: number;
  assessed: Map<number, Assessment>;
  distances: Map<number, number>;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const NO_COVER: Assessment['covering'] = [];

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

export class PlacementIndex {
  private readonly index: KDBush;
  private readonly provisions: Provision[];
  private readonly summaries: ProvisionSummary[];
  private readonly srpById: Map<string, Srp>;
  private readonly travel: TravelModel;
  private readonly commissioning: { status: CommissioningStatus; note: string }[];
  private readonly currentDesignations: (CandidateDesignation | null)[];
  private readonly srpNeedTypeNotes: Map<SrpNeedType, string>;
  private readonly freePlaces: { places: number | null; basis: string }[];

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
        note: `current ${registry.dataset.localAuthority.name} designation (known with ${special.confidence} confidence)`,
      };
    });
    this.srpNeedTypeNotes = new Map(registry.admissionGuidance.srpNeedTypes.map((t) => [t.code, t.note]));
    this.freePlaces = this.provisions.map((p) => this.freePlacesOf(p));
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
    const search = this.begin(sources, profile, home, options);
    const { inBox, fitting } = this.select(search);
    const ranked = this.rank(search, fitting);
    const excluded = this.nearestExcluded(search, inBox, new Set(fitting));
    return this.explain(search, ranked, excluded);
  }

  private begin(sources: DesignationViews, profile: NeedProfile, home: ResolvedHome, options: PlacementOptions): Search {
    const matcher = matcherFor(this.registry);
    const setMatch = matcher.matchSet(options.designationSet === 'current' ? 'current' : 'proposed', profile, false);
    return {
      sources,
      profile,
      home,
      options,
      set: options.designationSet,
      phase: phaseOfAge(profile.age),
      setMatch,
      scoreByCode: new Map(setMatch.designations.map((d) => [d.code, d])),
      preferred: new Set(setMatch.ambiguity ? setMatch.ambiguity.between : setMatch.bestFit ? [setMatch.bestFit] : []),
      childSrpTypes: matcher.srpNeedTypesFor(profile),
      continuum: setMatch.continuum,
      radiusKm: Math.min(options.maxDistanceKm, options.maxMinutes !== undefined ? this.travel.straightKmWithin(options.maxMinutes) : Infinity),
      assessed: new Map(),
      distances: new Map(),
    };
  }

  /**
   * The fit rule (see the header), for one provision, once per search:
   * - a special school fits when it takes the child's age and its designation in the chosen set is
   *   one the profile fits; it ranks first when that designation is one the continuum prefers;
   * - an SRP fits when it takes the child's age and phase, one of its need types covers one of the
   *   child's needs and is still commissioned, and the provision itself is commissioned; it ranks
   *   first when it is for the continuum's SRP need type.
   */
  private assess(search: Search, i: number): Assessment {
    let a = search.assessed.get(i);
    if (a) return a;
    const p = this.provisions[i]!;
    const commissioning = this.commissioning[i]!;
    const ageOk = search.profile.age >= p.ageLow && search.profile.age <= p.ageHigh;
    if (p.kind === 'special-school') {
      const code = search.set === 'current' ? (this.currentDesignations[i]?.code ?? null) : (this.proposedSource(search).designationOf(p.urn)?.designation ?? null);
      const designationScore = code === null ? undefined : search.scoreByCode.get(code);
      const tier = search.continuum.level === 'special' && code !== null && search.preferred.has(code) ? 0 : 1;
      a = { fits: ageOk && designationScore?.fits === true, tier, ageOk, phaseOk: true, designationCode: code, designationScore, covering: NO_COVER, commissioning };
    } else {
      const phaseOk = search.phase === p.phase;
      const covering = search.childSrpTypes.filter((t) => p.needTypes.includes(t.code));
      const fits = ageOk && phaseOk && covering.some((t) => t.commissioned) && commissioning.status !== 'not-commissioned';
      const srpNeedType = search.continuum.level === 'srp' ? search.continuum.srpNeedType : null;
      const tier = srpNeedType !== null && p.needTypes.includes(srpNeedType) ? 0 : 1;
      a = { fits, tier, ageOk, phaseOk, designationCode: null, designationScore: undefined, covering, commissioning };
    }
    search.assessed.set(i, a);
    return a;
  }

  /** Great-circle km from the home: geolib's getDistance formula to the metre (distanceMetres, held equal to geolib by a test), once per provision. */
  private distanceKm(search: Search, i: number): number {
    let km = search.distances.get(i);
    if (km === undefined) {
      const loc = this.provisions[i]!.location;
      km = distanceMetres(search.home.location.lat, search.home.location.lon, loc.lat, loc.lon) / 1000;
      search.distances.set(i, km);
    }
    return km;
  }

  /**
   * Select: the provisions that fit within the limits. Candidates come from the kd-tree's
   * bounding-box query around the home (a box just larger than the search circle); each is assessed
   * and its exact distance and time checked.
   */
  private select(search: Search): { inBox: number[]; fitting: number[] } {
    const { maxDistanceKm, maxMinutes } = search.options;
    const inBox = this.box(search.home.location, search.radiusKm);
    const fitting = inBox.filter((i) => {
      if (!this.assess(search, i).fits) return false;
      const km = this.distanceKm(search, i);
      return km <= maxDistanceKm && (maxMinutes === undefined || this.travel.minutes(km) <= maxMinutes);
    });
    return { inBox, fitting };
  }

  /** Rank: provisions at the level of support the continuum gives first, then the rest; nearest first within each. */
  private rank(search: Search, fitting: number[]): number[] {
    return [...fitting].sort((x, y) => this.assess(search, x).tier - this.assess(search, y).tier || this.distanceKm(search, x) - this.distanceKm(search, y));
  }

  /**
   * The nearest provisions that do not fit, or fit but lie beyond the limits. When the search circle
   * already holds enough of them they are the nearest of all (anything outside the circle is
   * farther); otherwise geokdbush walks the tree nearest-first until it has found enough.
   */
  private nearestExcluded(search: Search, inBox: number[], fitting: Set<number>): number[] {
    const k = search.options.excludedLimit;
    if (k === 0) return [];
    const inCircle = nearestOf(inBox, k, (i) => (!fitting.has(i) && this.distanceKm(search, i) <= search.radiusKm ? this.distanceKm(search, i) : Infinity));
    if (inCircle.length >= k) return inCircle;
    const { lon, lat } = search.home.location;
    return around(this.index as never, lon, lat, k, Infinity, (i: number) => !this.assess(search, i).fits || !fitting.has(i)) as unknown as number[];
  }

  /** Explain: the answer, with the words for what is returned (candidates, the nearest excluded, notes). */
  private explain(search: Search, ranked: number[], excludedIds: number[]): PlacementResult {
    const { options, home, phase, setMatch } = search;
    const guideline = this.travel.guidelineMinutes(phase);
    const candidates: PlacementCandidate[] = ranked.slice(0, options.limit).map((i, k) => {
      const p = this.provisions[i]!;
      const a = this.assess(search, i);
      const km = this.distanceKm(search, i);
      const minutes = this.travel.minutes(km);
      return {
        rank: k + 1,
        provision: this.summaries[i]!,
        level: p.kind === 'special-school' ? 'special' : 'srp',
        designation: this.designationOf(search, i, a),
        needTypes: p.needTypes,
        distanceKm: round(km, 2),
        travelMinutes: Math.round(minutes),
        overGuideline: guideline === null ? null : minutes > guideline,
        freePlaces: this.freePlaces[i]!,
        commissioning: a.commissioning,
        fit: this.reasons(search, i, a).fit,
      };
    });
    const excluded: ExcludedProvision[] = excludedIds.map((i) => {
      const km = this.distanceKm(search, i);
      const minutes = this.travel.minutes(km);
      const reasons = this.reasons(search, i, this.assess(search, i)).exclusions;
      if (km > options.maxDistanceKm) reasons.push(`${round(km, 1)} km away, beyond the ${options.maxDistanceKm} km searched.`);
      if (options.maxMinutes !== undefined && minutes > options.maxMinutes) reasons.push(`About ${Math.round(minutes)} minutes' estimated travel, over the ${options.maxMinutes} minutes allowed.`);
      const { id, kind, urn, name } = this.summaries[i]!;
      return { provision: { id, kind, urn, name }, distanceKm: round(km, 2), travelMinutes: Math.round(minutes), reasons };
    });

    const notes: string[] = [];
    if (home.estimate) notes.push(home.note);
    if (phase === null) notes.push('No school phase for this age (early years or post-19): the catalogue holds school provision for ages 4-19 only.');
    if (options.designationSet === 'approved') {
      const listed = [...ranked.slice(0, options.limit), ...excludedIds].filter((i) => this.provisions[i]!.kind === 'special-school');
      const unreviewed = listed.filter((i) => this.designationOf(search, i, this.assess(search, i))?.status === 'proposed').length;
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
      totalFitting: ranked.length,
      excluded,
      searched: {
        maxDistanceKm: options.maxDistanceKm,
        maxMinutes: options.maxMinutes ?? null,
        radiusKm: round(search.radiusKm, 2),
        limit: options.limit,
        provisionsAssessed: search.assessed.size,
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

  private proposedSource(search: Search) {
    return search.set === 'approved' ? search.sources.approved : search.sources.proposed;
  }

  /** A special school's designation in the chosen set, with its name and status, for the answer. */
  private designationOf(search: Search, i: number, a: Assessment): CandidateDesignation | null {
    if (this.provisions[i]!.kind !== 'special-school') return null;
    if (search.set === 'current') return this.currentDesignations[i]!;
    if (a.designationCode === null) return null;
    const d = this.proposedSource(search).designationOf(this.provisions[i]!.urn)!;
    return { set: search.set, code: d.designation, name: this.registry.proposedDesignationByCode.get(d.designation)?.name ?? d.designation, status: d.status, note: d.note };
  }

  /** Why a provision fits or does not, in the guidance's words. Called only for provisions returned. */
  private reasons(search: Search, i: number, d: Assessment): { fit: string[]; exclusions: string[] } {
    const p = this.provisions[i]!;
    const fit: string[] = [];
    const exclusions: string[] = [];
    (d.ageOk ? fit : exclusions).push(d.ageOk ? `Takes ages ${p.ageLow}-${p.ageHigh}.` : `Takes ages ${p.ageLow}-${p.ageHigh} only.`);
    if (p.kind === 'special-school') {
      const des = this.designationOf(search, i, d);
      if (!des) {
        exclusions.push(`Has no designation in the '${search.set}' set.`);
      } else {
        const label = `Designated ${des.code} (${search.set} set${des.status === 'current' ? '' : `, ${des.status}`})`;
        const score = d.designationScore;
        if (score?.fits) {
          fit.push(`${label}: the profile fits ${des.code} (score ${score.score.toFixed(2)}${search.preferred.has(des.code) ? ', best fit' : ''}).`);
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
      const c = search.continuum;
      const level = c.level === 'special' ? `a special school designated ${[...search.preferred].join(' or ')}` : c.level === 'srp' ? `an SRP for ${c.srpNeedType}` : c.level;
      fit.push(`An alternative: the level of support this profile fits best is ${level}.`);
    }
    return { fit, exclusions };
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
