/**
 * geolib's getDistance, operation for operation (spherical law of cosines, earth radius 6,378,137 m,
 * rounded to the metre), without its input parsing: geolib converts each coordinate to text and back,
 * which cost over a quarter of a placement search (measured; see test/bench/RESULTS.md). A property
 * test holds this equal to geolib's getDistance, to the metre, for points in and around Kent.
 */
const EARTH_RADIUS_M = 6378137;
const DEG_TO_RAD = Math.PI / 180;

export function distanceMetres(fromLat: number, fromLon: number, toLat: number, toLon: number): number {
  const a = toLat * DEG_TO_RAD;
  const b = fromLat * DEG_TO_RAD;
  const deltaLon = (fromLon - toLon) * DEG_TO_RAD;
  const cos = Math.sin(a) * Math.sin(b) + Math.cos(a) * Math.cos(b) * Math.cos(deltaLon);
  return Math.round(Math.acos(cos > 1 ? 1 : cos < -1 ? -1 : cos) * EARTH_RADIUS_M);
}
