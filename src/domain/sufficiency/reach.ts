/**
 * Which part of a locality's children lives within the travel limit of a provision, and how long
 * their journeys are. Children live at the locality's points (its LSOA centroids, weighted by
 * Census 2021 population: ages 0-15 for primary and secondary, 16-24 for post-16). A point stands
 * for the children around it, whose journeys spread either side of the estimate from its centre (and
 * the estimate is itself an assumption), so reach fades across the limit instead of stopping at a
 * line: with limit L and taper t (default 30%),
 *
 *   in reach phi = 1 for a journey up to L(1 - t), 0 from L(1 + t), linear between
 *   reach fraction  f = sum_points w phi / sum_points w
 *   journey         = mean minutes (and km) over the points, weighted by w phi
 *
 * A provision near the limit of some points then loses part of their share when a travel assumption
 * tightens a little, not all of it at once: reach, and with it the answer, changes a little when an
 * assumption changes a little.
 *
 * The nearest suitable provision is always in reach (`toAll` with `nearestAlways`): the limit is a
 * guideline that narrows the choice between provisions, but a council whose nearest suitable place is
 * further away still places the child there (its duty is a suitable place; the guideline is best
 * practice, not a cap). Children of a point for whom that is the only way count as placed beyond the
 * guideline (`beyond`). So no child is short for distance alone where a suitable provision exists
 * and has room, and moving the limit moves who competes with whom, not who can be placed at all.
 */
import { journeyMinutes, straightLineKm, type JourneyTimeModel } from '../geo/travel-model.js';
import type { Phase } from '../phases.js';
import type { LatLon } from '../registry/registry.js';
import type { SufficiencyLocality, TravelLimit } from './inputs.js';

export interface ReachToTarget {
  /** Share of the locality's children (for the phase) within the limit, 0 to 1. */
  fraction: number;
  /** Weighted mean over the points within the limit; NaN when none is. */
  km: number;
  minutes: number;
  /** How far each point is in reach (phi, 0 to 1). */
  within: Float64Array;
  /** Of `fraction`, the share from points reached only as their nearest provision, beyond the limit. */
  beyond: number;
}

export class Reach {
  /**
   * Distances from each locality's points to each place, by locality, flat: [place x points + point].
   * One array per locality rather than two per place: a fine level has a million (locality, place)
   * pairs, and small arrays cost more to make and collect than to fill.
   */
  private readonly km: Float64Array[];
  private readonly minutes: Float64Array[];
  /** Per locality, per place: 1 once its distances are filled in. */
  private readonly known: Uint8Array[];
  private readonly weights: { children: Float64Array; youngPeople: Float64Array }[];
  /** Per locality, the answer for a place no point can reach (shared: answers are never changed). */
  private readonly nowhere: (ReachToTarget | undefined)[];
  /** Per locality, `within` of a place every point reaches wholly (shared, likewise). */
  private readonly everywhere: (Float64Array | undefined)[];

  constructor(
    readonly localities: SufficiencyLocality[],
    private readonly model: JourneyTimeModel,
    /** Half-width of the fade across the limit, as a share of it. */
    private readonly taper = 0.3,
  ) {
    this.km = localities.map(() => new Float64Array(0));
    this.minutes = localities.map(() => new Float64Array(0));
    this.known = localities.map(() => new Uint8Array(0));
    this.nowhere = localities.map(() => undefined);
    this.everywhere = localities.map(() => undefined);
    this.weights = localities.map((l) => {
      const weight = (f: (p: SufficiencyLocality['points'][number]) => number) => {
        const w = Float64Array.from(l.points, f);
        const total = w.reduce((s, x) => s + x, 0);
        // No population recorded: every point counts the same.
        if (!(total > 0)) w.fill(1 / Math.max(1, w.length));
        else for (let i = 0; i < w.length; i++) w[i]! /= total;
        return w;
      };
      return { children: weight((p) => p.children), youngPeople: weight((p) => p.youngPeople) };
    });
  }

  /** Share of each point in the locality's children for the phase (summing to 1). */
  pointWeights(l: number, phase: Phase): Float64Array {
    return phase === 'post16' ? this.weights[l]!.youngPeople : this.weights[l]!.children;
  }

  /** Places seen, by object and by coordinates: provisions at one school share their distances. */
  private readonly placeIds = new Map<LatLon, number>();
  private readonly placeIdsByCoordinates = new Map<string, number>();

  private placeId(at: LatLon): number {
    let id = this.placeIds.get(at);
    if (id === undefined) {
      const where = `${at.lat},${at.lon}`;
      id = this.placeIdsByCoordinates.get(where);
      if (id === undefined) this.placeIdsByCoordinates.set(where, (id = this.placeIdsByCoordinates.size));
      this.placeIds.set(at, id);
    }
    return id;
  }

  /** Fills in the distances from locality l's points to a place; returns where they start in `km[l]` and `minutes[l]`. */
  private distancesTo(l: number, place: number, at: LatLon): number {
    const points = this.localities[l]!.points;
    const n = points.length;
    if (place >= this.known[l]!.length) {
      const places = Math.max(64, 2 * this.known[l]!.length, place + 1);
      const known = new Uint8Array(places);
      known.set(this.known[l]!);
      const km = new Float64Array(places * n);
      km.set(this.km[l]!);
      const minutes = new Float64Array(places * n);
      minutes.set(this.minutes[l]!);
      this.known[l] = known;
      this.km[l] = km;
      this.minutes[l] = minutes;
    }
    const at0 = place * n;
    if (!this.known[l]![place]) {
      const km = this.km[l]!;
      const minutes = this.minutes[l]!;
      for (let i = 0; i < n; i++) {
        km[at0 + i] = straightLineKm(points[i]!, at);
        minutes[at0 + i] = journeyMinutes(km[at0 + i]!, this.model);
      }
      this.known[l]![place] = 1;
    }
    return at0;
  }

  /**
   * Answers of `to`, by locality, phase and limit, then by place: rows of several categories ask the
   * same. A model has a handful of limits (one per phase, outreach); beyond 16 answers are not kept.
   */
  private readonly answers = new Map<number, (ReachToTarget | undefined)[]>();
  private readonly limitIds = new Map<TravelLimit, number>();

  private answersFor(l: number, phase: Phase, limit: TravelLimit): (ReachToTarget | undefined)[] | null {
    let limitId = this.limitIds.get(limit);
    if (limitId === undefined) this.limitIds.set(limit, (limitId = this.limitIds.size));
    if (limitId >= 16) return null;
    const key = (l * 3 + (phase === 'primary' ? 0 : phase === 'secondary' ? 1 : 2)) * 16 + limitId;
    let byPlace = this.answers.get(key);
    if (!byPlace) this.answers.set(key, (byPlace = []));
    return byPlace;
  }

  /** Drops the answers kept (they are recomputed, the same, when asked again): frees memory once a network is built. */
  forgetAnswers(): void {
    this.answers.clear();
  }

  /** Reach of locality l's children of a phase to a place (computed once; do not change the answer). */
  to(l: number, at: LatLon, phase: Phase, limit: TravelLimit): ReachToTarget {
    const place = this.placeId(at);
    const byPlace = this.answersFor(l, phase, limit);
    if (!byPlace) return this.compute(l, place, at, phase, limit);
    return (byPlace[place] ??= this.compute(l, place, at, phase, limit));
  }

  /** phi for one journey against one bound of the limit (none: 1). */
  private fade(value: number, max: number | null): number {
    if (max === null) return 1;
    const lo = max * (1 - this.taper);
    const hi = max * (1 + this.taper);
    return value <= lo ? 1 : value >= hi ? 0 : (hi - value) / (hi - lo);
  }

  private compute(l: number, place: number, at: LatLon, phase: Phase, limit: TravelLimit): ReachToTarget {
    const at0 = this.distancesTo(l, place, at);
    const km = this.km[l]!;
    const minutes = this.minutes[l]!;
    const n = this.localities[l]!.points.length;
    const w = this.pointWeights(l, phase);
    let within: Float64Array | null = null;
    let fraction = 0;
    let sumKm = 0;
    let sumMinutes = 0;
    let inReach = 0;
    let wholly = 0;
    for (let i = 0; i < n; i++) {
      const phi = Math.min(this.fade(km[at0 + i]!, limit.km), this.fade(minutes[at0 + i]!, limit.minutes));
      if (phi <= 0) continue;
      inReach++;
      if (phi === 1) wholly++;
      fraction += w[i]! * phi;
      sumKm += w[i]! * phi * km[at0 + i]!;
      sumMinutes += w[i]! * phi * minutes[at0 + i]!;
    }
    if (inReach === 0) return (this.nowhere[l] ??= { fraction: 0, km: NaN, minutes: NaN, within: new Float64Array(n), beyond: 0 });
    if (wholly === n) {
      // Every point wholly in reach: the locality's one array of ones (never changed: toAll copies).
      within = this.everywhere[l] ??= new Float64Array(n).fill(1);
    } else {
      within = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const phi = Math.min(this.fade(km[at0 + i]!, limit.km), this.fade(minutes[at0 + i]!, limit.minutes));
        if (phi > 0) within[i] = phi;
      }
    }
    if (fraction >= 1 - 1e-12) fraction = 1;
    return { fraction, km: fraction > 0 ? sumKm / fraction : NaN, minutes: fraction > 0 ? sumMinutes / fraction : NaN, within, beyond: 0 };
  }

  /**
   * Reach to each of several places a row could use. With `nearestAlways`, each point's nearest place
   * (fewest minutes; the first listed on a tie) is in full reach whatever the limit.
   */
  toAll(l: number, places: LatLon[], phase: Phase, limit: TravelLimit, nearestAlways: boolean): ReachToTarget[] {
    const byPlace = this.answersFor(l, phase, limit);
    const ids = places.map((at) => this.placeId(at));
    const shared = places.map((at, j) => {
      const place = ids[j]!;
      return byPlace ? (byPlace[place] ??= this.compute(l, place, at, phase, limit)) : this.compute(l, place, at, phase, limit);
    });
    if (!nearestAlways || places.length === 0) return shared;
    // The nearest rule changes answers for this list only: work on copies of those it touches.
    const out = shared.slice();
    const own = new Uint8Array(out.length);
    const mine = (j: number) => {
      if (!own[j]) {
        const r = out[j]!;
        out[j] = { ...r, within: r.within.slice() };
        own[j] = 1;
      }
      return out[j]!;
    };
    const n = this.localities[l]!.points.length;
    const w = this.pointWeights(l, phase);
    const all = places.map((at, j) => this.distancesTo(l, ids[j]!, at));
    // Read after filling: the arrays grow as places are added.
    const kmOf = this.km[l]!;
    const minutesOf = this.minutes[l]!;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < places.length; j++) if (minutesOf[all[j]! + i]! < minutesOf[all[best]! + i]!) best = j;
      if (out[best]!.within[i]! >= 1) continue;
      const r = mine(best);
      const phi = r.within[i]!;
      // The point's nearest place takes the rest of its children, at the point's own journey.
      const add = w[i]! * (1 - phi);
      const total = r.fraction + add;
      r.km = (r.fraction > 0 ? r.km * r.fraction : 0) / total + (add * kmOf[all[best]! + i]!) / total;
      r.minutes = (r.fraction > 0 ? r.minutes * r.fraction : 0) / total + (add * minutesOf[all[best]! + i]!) / total;
      r.beyond = (r.beyond * r.fraction + add) / total;
      r.fraction = total >= 1 - 1e-12 ? 1 : total;
      r.within[i] = 1;
    }
    return out;
  }

  /** Share of the phase's children in reach, each point counting as far as it is (phi). */
  share(l: number, phase: Phase, phi: Float64Array): number {
    const w = this.pointWeights(l, phase);
    let s = 0;
    for (let i = 0; i < phi.length; i++) s += w[i]! * phi[i]!;
    return s >= 1 - 1e-12 ? 1 : s;
  }
}
