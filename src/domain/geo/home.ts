/**
 * Where a child lives, as the placement search needs it: coordinates as given, or an LSOA code read as
 * the LSOA's centroid. Geography, not matching: nothing here depends on the child's needs.
 */
import { invalidField } from '../errors.js';
import type { Home } from '../matching/need-profile.js';
import type { LatLon, Registry } from '../registry/registry.js';

export interface ResolvedHome {
  location: LatLon;
  basis: 'coordinates' | 'lsoa-centroid';
  /** True when the point is itself an estimate (an LSOA centroid labelled as estimated in the dataset). */
  estimate: boolean;
  /** What the point is, for people; never repeats the submitted code or coordinates. */
  note: string;
}

/**
 * Coordinates as given, or an LSOA code resolved to the centroid held in the registry. An unknown
 * LSOA is invalid at "home.lsoa" (the message never repeats the code).
 */
export function resolveHome(registry: Registry, home: Home): ResolvedHome {
  if ('lat' in home) {
    return { location: { lat: home.lat, lon: home.lon }, basis: 'coordinates', estimate: false, note: 'Home coordinates as given.' };
  }
  const lsoa = registry.lsoas.get(home.lsoa);
  if (!lsoa) throw invalidField('home.lsoa', `not an LSOA code in the ${registry.dataset.localAuthority.name} dataset`);
  const estimate = lsoa.centroidBasis.startsWith('estimate');
  const note = estimate
    ? `Home taken as the LSOA's centroid, which is an estimate (${lsoa.centroidBasis.replace(/^estimate:\s*/, '')}; this ${lsoa.vintage} LSOA has no published centroid). Distances and times are approximate.`
    : `Home taken as the LSOA's ONS boundary-file centroid (not population-weighted). Distances and times are approximate to the size of the LSOA.`;
  return { location: lsoa.centroid, basis: 'lsoa-centroid', estimate, note };
}
