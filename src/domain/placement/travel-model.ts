/**
 * Estimated travel minutes from straight-line distance (models/<la>/travel-model.json). An
 * assumption, labelled as one: road distance = straight line x a circuity factor, and minutes
 * accumulate band by band (first 3 km of road at 20 km/h, the next at 30 km/h, ...) so the time
 * grows with distance and can be inverted to a search radius.
 */
import { z } from 'zod';
import type { Phase } from '../phases.js';
import { DataFileError } from '../registry/data-file-error.js';

export const TRAVEL_MODEL_FILE = 'travel-model.json';

const text = z.string().trim().min(1, 'must not be empty');
export const travelModelFile = z.strictObject({
  description: text,
  basis: text.refine((s) => s.startsWith('estimate:'), 'an assumed speed model must be labelled "estimate: ..."'),
  /** One line for API answers; `basis` is the full statement. */
  summary: text.refine((s) => s.startsWith('estimate:'), 'an assumed speed model must be labelled "estimate: ..."'),
  roadDistanceFactor: z.number().min(1).max(3),
  roadDistanceFactorBasis: text,
  speedBands: z
    .array(z.strictObject({ uptoRoadKm: z.number().positive().nullable(), kmPerHour: z.number().positive().max(130) }))
    .min(1),
  guidelineMinutes: z.strictObject({
    primary: z.number().positive().nullable(),
    secondary: z.number().positive().nullable(),
    post16: z.number().positive().nullable(),
    basis: text,
    summary: text,
  }),
});
export type TravelModelFile = z.infer<typeof travelModelFile>;

/** Bands must rise and end open (null), so every distance has a speed. */
export function checkTravelModel(model: TravelModelFile): TravelModelFile {
  model.speedBands.forEach((b, i) => {
    const last = i === model.speedBands.length - 1;
    if (last !== (b.uptoRoadKm === null)) {
      throw new DataFileError(TRAVEL_MODEL_FILE, `speedBands[${i}]`, 'uptoRoadKm', last ? 'the last band must be open-ended (null)' : 'only the last band may be open-ended');
    }
    const prev = model.speedBands[i - 1]?.uptoRoadKm;
    if (prev != null && b.uptoRoadKm !== null && b.uptoRoadKm <= prev) {
      throw new DataFileError(TRAVEL_MODEL_FILE, `speedBands[${i}]`, 'uptoRoadKm', 'bands must be in increasing order of distance');
    }
  });
  return model;
}

export class TravelModel {
  constructor(readonly file: TravelModelFile) {}

  /** Estimated door-to-door minutes for a straight-line distance in km. */
  minutes(straightKm: number): number {
    let road = straightKm * this.file.roadDistanceFactor;
    let from = 0;
    let minutes = 0;
    for (const band of this.file.speedBands) {
      const upto = band.uptoRoadKm ?? Infinity;
      const leg = Math.min(road, upto - from);
      minutes += (leg / band.kmPerHour) * 60;
      road -= leg;
      from = upto;
      if (road <= 0) break;
    }
    return minutes;
  }

  /** The straight-line km reachable in the given minutes (the inverse of minutes()). */
  straightKmWithin(maxMinutes: number): number {
    let left = maxMinutes;
    let road = 0;
    let from = 0;
    for (const band of this.file.speedBands) {
      const upto = band.uptoRoadKm ?? Infinity;
      const legMinutes = ((upto - from) / band.kmPerHour) * 60;
      if (left <= legMinutes) {
        road += (left / 60) * band.kmPerHour;
        return road / this.file.roadDistanceFactor;
      }
      road += upto - from;
      left -= legMinutes;
      from = upto;
    }
    return road / this.file.roadDistanceFactor;
  }

  guidelineMinutes(phase: Phase | null): number | null {
    return phase ? this.file.guidelineMinutes[phase] : null;
  }
}
