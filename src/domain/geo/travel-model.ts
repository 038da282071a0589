/**
 * The one journey-time model of the service, used by placement search and by the sufficiency model
 * alike (models/<la>/travel-model.json documents its figures). An assumption, labelled as one: no road
 * network is loaded, so
 *
 *   road km   = straight-line km x roadDistanceFactor
 *   minutes   = fixedMinutes + the road km driven band by band, like tax brackets (the first 3 km of
 *               road at 20 km/h, the next 7 km at 30 km/h, ...)
 *
 * Straight-line distance is the great circle of geolib-distance.ts (to the metre). Minutes grow with
 * distance, so the model can be inverted to a search radius. The sufficiency model takes the same
 * figures as plain data (JourneyTimeModel) so a scenario can change one of them and a run can store
 * what it used.
 */
import { z } from 'zod';
import type { Phase } from '../phases.js';
import { DataFileError } from '../registry/data-file-error.js';
import type { LatLon } from '../registry/registry.js';
import { distanceMetres } from './geolib-distance.js';

export const TRAVEL_MODEL_FILE = 'travel-model.json';

const text = z.string().trim().min(1, 'must not be empty');
const speedBand = z.strictObject({ uptoRoadKm: z.number().positive().nullable(), kmPerHour: z.number().positive().max(130) });
export const travelModelFile = z.strictObject({
  description: text,
  basis: text.refine((s) => s.startsWith('estimate:'), 'an assumed speed model must be labelled "estimate: ..."'),
  /** One line for API answers; `basis` is the full statement. */
  summary: text.refine((s) => s.startsWith('estimate:'), 'an assumed speed model must be labelled "estimate: ..."'),
  roadDistanceFactor: z.number().min(1).max(3),
  roadDistanceFactorBasis: text,
  speedBands: z.array(speedBand).min(1),
  guidelineMinutes: z.strictObject({
    primary: z.number().positive().nullable(),
    secondary: z.number().positive().nullable(),
    post16: z.number().positive().nullable(),
    basis: text,
    summary: text,
  }),
});
export type TravelModelFile = z.infer<typeof travelModelFile>;
export type SpeedBand = z.infer<typeof speedBand>;

/** The figures of the journey-time model, as plain data. */
export interface JourneyTimeModel {
  roadDistanceFactor: number;
  /** Rising bands of road distance; the last is open-ended (uptoRoadKm null). */
  speedBands: SpeedBand[];
  /** Minutes added to every journey (0 in the dataset's model). */
  fixedMinutes: number;
}

/** Bands must rise and end open (null), so every distance has a speed. Returns the message of the first problem. */
export function speedBandProblem(bands: SpeedBand[]): { index: number; message: string } | null {
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i]!;
    const last = i === bands.length - 1;
    if (last !== (b.uptoRoadKm === null)) return { index: i, message: last ? 'the last band must be open-ended (null)' : 'only the last band may be open-ended' };
    const prev = bands[i - 1]?.uptoRoadKm;
    if (prev != null && b.uptoRoadKm !== null && b.uptoRoadKm <= prev) return { index: i, message: 'bands must be in increasing order of distance' };
  }
  return null;
}

export function checkTravelModel(model: TravelModelFile): TravelModelFile {
  const problem = speedBandProblem(model.speedBands);
  if (problem) throw new DataFileError(TRAVEL_MODEL_FILE, `speedBands[${problem.index}]`, 'uptoRoadKm', problem.message);
  return model;
}

/** The dataset's model as plain data. */
export const journeyTimeModelOf = (file: TravelModelFile): JourneyTimeModel => ({
  roadDistanceFactor: file.roadDistanceFactor,
  speedBands: file.speedBands.map((b) => ({ ...b })),
  fixedMinutes: 0,
});

/** Straight-line (great-circle) kilometres, to the metre: the distance placement search reports. */
export function straightLineKm(a: LatLon, b: LatLon): number {
  return distanceMetres(a.lat, a.lon, b.lat, b.lon) / 1000;
}

/** Estimated door-to-door minutes for a straight-line distance in km. */
export function journeyMinutes(straightKm: number, model: JourneyTimeModel): number {
  let road = straightKm * model.roadDistanceFactor;
  let from = 0;
  let minutes = model.fixedMinutes;
  for (const band of model.speedBands) {
    const upto = band.uptoRoadKm ?? Infinity;
    const leg = Math.min(road, upto - from);
    minutes += (leg / band.kmPerHour) * 60;
    road -= leg;
    from = upto;
    if (road <= 0) break;
  }
  return minutes;
}

/** The straight-line km reachable in the given minutes (the inverse of journeyMinutes). */
export function straightKmWithin(maxMinutes: number, model: JourneyTimeModel): number {
  let left = maxMinutes - model.fixedMinutes;
  if (left <= 0) return 0;
  let road = 0;
  let from = 0;
  for (const band of model.speedBands) {
    const upto = band.uptoRoadKm ?? Infinity;
    const legMinutes = ((upto - from) / band.kmPerHour) * 60;
    if (left <= legMinutes) {
      road += (left / 60) * band.kmPerHour;
      return road / model.roadDistanceFactor;
    }
    road += upto - from;
    left -= legMinutes;
    from = upto;
  }
  return road / model.roadDistanceFactor;
}

/** The dataset's model with its guideline journey times, for placement search. */
export class TravelModel {
  private readonly model: JourneyTimeModel;

  constructor(readonly file: TravelModelFile) {
    this.model = journeyTimeModelOf(file);
  }

  minutes(straightKm: number): number {
    return journeyMinutes(straightKm, this.model);
  }

  straightKmWithin(maxMinutes: number): number {
    return straightKmWithin(maxMinutes, this.model);
  }

  guidelineMinutes(phase: Phase | null): number | null {
    return phase ? this.file.guidelineMinutes[phase] : null;
  }
}
