/**
 * Distances and estimated journey times between a locality's centroid and a provision. There is no
 * road network in the dataset, so journey time is estimated from straight-line distance with a
 * circuity factor and an average speed (TravelModel): both are labelled assumptions in the scenario.
 */
import type { LatLon } from '../registry/registry.js';
import type { TravelLimit, TravelModel } from './inputs.js';

const EARTH_RADIUS_KM = 6371.0088;
const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (straight-line) distance in kilometres. */
export function straightLineKm(a: LatLon, b: LatLon): number {
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** minutes = fixedMinutes + 60 x km x circuityFactor / speedKmh */
export function journeyMinutes(km: number, model: TravelModel): number {
  return model.fixedMinutes + (60 * km * model.circuityFactor) / model.speedKmh;
}

export function withinLimit(km: number, minutes: number, limit: TravelLimit): boolean {
  return (limit.km === null || km <= limit.km) && (limit.minutes === null || minutes <= limit.minutes);
}
