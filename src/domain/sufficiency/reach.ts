/**
 * Which part of a locality's children lives within the travel limit of a provision, and how long
 * their journeys are. Children live at the locality's points (its LSOA centroids, weighted by
 * Census 2021 population: ages 0-15 for primary and secondary, 16-24 for post-16). For a provision,
 *
 *   reach fraction  f = weight of the points within the limit / weight of all the points
 *   journey         = weighted mean minutes (and km) over the points within the limit
 *
 * A provision just beyond the limit of a few points loses only those points' share, so reach (and
 * with it the model's answer) changes a little when a travel assumption changes a little, not all
 * at once as it would from a single centroid.
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
  /** Which points are within the limit. */
  within: Uint8Array;
}

interface PointDistances {
  km: Float64Array;
  minutes: Float64Array;
}

export class Reach {
  private readonly distances: Map<string, PointDistances>[];
  private readonly weights: { children: Float64Array; youngPeople: Float64Array }[];

  constructor(
    readonly localities: SufficiencyLocality[],
    private readonly model: JourneyTimeModel,
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

  private distancesTo(l: number, at: LatLon): PointDistances {
    // Keyed by place: provisions at one school (several SRP need types) share their distances.
    const key = `${at.lat},${at.lon}`;
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

  /** Reach of locality l's children of a phase to a place (distances are computed once per place). */
  to(l: number, at: LatLon, phase: Phase, limit: TravelLimit): ReachToTarget {
    const { km, minutes } = this.distancesTo(l, at);
    const w = this.pointWeights(l, phase);
    const within = new Uint8Array(km.length);
    let fraction = 0;
    let sumKm = 0;
    let sumMinutes = 0;
    for (let i = 0; i < km.length; i++) {
      if ((limit.km !== null && km[i]! > limit.km) || (limit.minutes !== null && minutes[i]! > limit.minutes)) continue;
      within[i] = 1;
      fraction += w[i]!;
      sumKm += w[i]! * km[i]!;
      sumMinutes += w[i]! * minutes[i]!;
    }
    if (fraction >= 1 - 1e-12) fraction = 1;
    return { fraction, km: fraction > 0 ? sumKm / fraction : NaN, minutes: fraction > 0 ? sumMinutes / fraction : NaN, within };
  }

  /** Share of the phase's children at the points marked. */
  share(l: number, phase: Phase, marked: Uint8Array): number {
    const w = this.pointWeights(l, phase);
    let s = 0;
    for (let i = 0; i < marked.length; i++) if (marked[i]) s += w[i]!;
    return s >= 1 - 1e-12 ? 1 : s;
  }
}
