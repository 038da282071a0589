/**
 * Which locality (district, MSOA) a point lies in, by point-in-polygon over the dataset's boundaries.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { bbox as turfBbox } from '@turf/bbox';
import type { LocalityFeature } from '../registry/file-schemas.js';

/**
 * Point-in-polygon lookup over a set of locality polygons. A bounding-box test rules out most
 * polygons before the exact test; a dozen districts or two hundred MSOAs need nothing cleverer.
 */
export class LocalityIndex {
  private readonly entries: { code: string; bbox: number[]; feature: LocalityFeature }[];

  constructor(features: LocalityFeature[]) {
    this.entries = features.map((feature) => ({ code: feature.properties.code, bbox: turfBbox(feature as never), feature }));
  }

  /** The code of the polygon containing (lon, lat), or null when it falls in none. */
  locate(lon: number, lat: number): string | null {
    for (const { code, bbox, feature } of this.entries) {
      if (lon < bbox[0]! || lat < bbox[1]! || lon > bbox[2]! || lat > bbox[3]!) continue;
      if (booleanPointInPolygon([lon, lat], feature as never)) return code;
    }
    return null;
  }
}
