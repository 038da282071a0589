/**
 * REFERENCE, not product code: reach.ts as it was before the speed work on the LSOA-level model
 * (commit 2a8e002), kept only so that same-results.test.ts can show that the faster code gives the
 * same answer, bit for bit, in the same test run. Only imports (and a type or two) are changed.
 * When the model's answer is changed on purpose, delete this folder and that test.
 */
import { journeyMinutes, straightLineKm, type JourneyTimeModel } from '../../../../src/domain/geo/travel-model.js';
import type { Phase } from '../../../../src/domain/phases.js';
import type { LatLon } from '../../../../src/domain/registry/registry.js';
import type { SufficiencyLocality, TravelLimit } from '../../../../src/domain/sufficiency/inputs.js';

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

interface PointDistances {
  km: Float64Array;
  minutes: Float64Array;
}

export class Reach {
  private readonly distances: Map<number, PointDistances>[];
  private readonly weights: { children: Float64Array; youngPeople: Float64Array }[];

  constructor(
    readonly localities: SufficiencyLocality[],
    private readonly model: JourneyTimeModel,
    /** Half-width of the fade across the limit, as a share of it. */
    private readonly taper = 0.3,
  ) {
    this.distances = localities.map(() => new Map());
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

  private distancesTo(l: number, at: LatLon): PointDistances {
    const key = this.placeId(at);
    let d = this.distances[l]!.get(key);
    if (!d) {
      const points = this.localities[l]!.points;
      const km = new Float64Array(points.length);
      const minutes = new Float64Array(points.length);
      points.forEach((p, i) => {
        km[i] = straightLineKm(p, at);
        minutes[i] = journeyMinutes(km[i]!, this.model);
      });
      d = { km, minutes };
      this.distances[l]!.set(key, d);
    }
    return d;
  }

  /** Answers of `to`, by locality, place, phase and limit: rows of several categories ask the same. */
  private readonly answers = new Map<number, ReachToTarget>();
  private readonly limitIds = new Map<TravelLimit, number>();

  /** Reach of locality l's children of a phase to a place (computed once; do not change the answer). */
  to(l: number, at: LatLon, phase: Phase, limit: TravelLimit): ReachToTarget {
    let limitId = this.limitIds.get(limit);
    if (limitId === undefined) this.limitIds.set(limit, (limitId = this.limitIds.size));
    // One number per (place, locality, phase, limit); a model has a handful of limits (one per phase, outreach).
    const key = (((this.placeId(at) * this.localities.length + l) * 3 + (phase === 'primary' ? 0 : phase === 'secondary' ? 1 : 2)) * 16) + (limitId % 16);
    let answer = limitId < 16 ? this.answers.get(key) : undefined;
    if (!answer) {
      answer = this.compute(l, at, phase, limit);
      if (limitId < 16) this.answers.set(key, answer);
    }
    return answer;
  }

  private compute(l: number, at: LatLon, phase: Phase, limit: TravelLimit): ReachToTarget {
    const { km, minutes } = this.distancesTo(l, at);
    const w = this.pointWeights(l, phase);
    const within = new Float64Array(km.length);
    let fraction = 0;
    let sumKm = 0;
    let sumMinutes = 0;
    const fade = (value: number, max: number | null) => {
      if (max === null) return 1;
      const lo = max * (1 - this.taper);
      const hi = max * (1 + this.taper);
      return value <= lo ? 1 : value >= hi ? 0 : (hi - value) / (hi - lo);
    };
    for (let i = 0; i < km.length; i++) {
      const phi = Math.min(fade(km[i]!, limit.km), fade(minutes[i]!, limit.minutes));
      if (phi <= 0) continue;
      within[i] = phi;
      fraction += w[i]! * phi;
      sumKm += w[i]! * phi * km[i]!;
      sumMinutes += w[i]! * phi * minutes[i]!;
    }
    if (fraction >= 1 - 1e-12) fraction = 1;
    return { fraction, km: fraction > 0 ? sumKm / fraction : NaN, minutes: fraction > 0 ? sumMinutes / fraction : NaN, within, beyond: 0 };
  }

  /**
   * Reach to each of several places a row could use. With `nearestAlways`, each point's nearest place
   * (fewest minutes; the first listed on a tie) is in full reach whatever the limit.
   */
  toAll(l: number, places: LatLon[], phase: Phase, limit: TravelLimit, nearestAlways: boolean): ReachToTarget[] {
    const shared = places.map((at) => this.to(l, at, phase, limit));
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
    const all = places.map((at) => this.distancesTo(l, at));
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < places.length; j++) if (all[j]!.minutes[i]! < all[best]!.minutes[i]!) best = j;
      if (out[best]!.within[i]! >= 1) continue;
      const r = mine(best);
      const phi = r.within[i]!;
      // The point's nearest place takes the rest of its children, at the point's own journey.
      const add = w[i]! * (1 - phi);
      const total = r.fraction + add;
      r.km = (r.fraction > 0 ? r.km * r.fraction : 0) / total + (add * all[best]!.km[i]!) / total;
      r.minutes = (r.fraction > 0 ? r.minutes * r.fraction : 0) / total + (add * all[best]!.minutes[i]!) / total;
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
