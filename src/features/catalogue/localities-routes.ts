/**
 * GET /localities: districts and MSOAs with their boundaries, LSOAs as centroids, as GeoJSON for the
 * map or CSV.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { summariseLocalities, summariseLsoas } from '../../domain/catalogue.js';
import { negotiateFormat, sendCsv, sendGeoJson } from '../../http/formats.js';
import { errorSchema } from '../../http/schemas.js';
import { councilFor, laQuerySchema } from '../../http/council.js';
import type { Registry } from '../../domain/registry/registry.js';

const query = z.strictObject({
  level: z
    .enum(['district', 'msoa', 'lsoa'])
    .default('district')
    .describe('district (12 areas), msoa (182 areas) or lsoa (969 points: the dataset holds LSOA centroids, not boundaries)'),
  format: z.enum(['geojson', 'csv']).optional().describe('GeoJSON (default) or CSV of the counts without geometry'),
  la: laQuerySchema,
});

const localities: FastifyPluginAsyncZod = async (app) => {
  // The registry never changes while the process runs, so each level's answer is built once, on first use.
  type Level = z.infer<typeof query>['level'];
  type Feature = { geometry: GeoJSON.Geometry; properties: object };
  // Each council's answer per level, built on first use.
  const features = new Map<Registry, Map<Level, Feature[]>>();
  const geoJson = new Map<Registry, Map<Level, string>>();
  const featuresOf = (registry: Registry, level: Level): Feature[] => {
    const mine = features.get(registry) ?? features.set(registry, new Map()).get(registry)!;
    let rows = mine.get(level);
    if (!rows) {
      rows =
        level === 'lsoa'
          ? summariseLsoas(registry).map(({ centroid, summary }) => ({ geometry: { type: 'Point', coordinates: [centroid.lon, centroid.lat] }, properties: summary }))
          : summariseLocalities(registry, level).map(({ locality, summary }) => ({ geometry: locality.geometry, properties: summary }));
      mine.set(level, rows);
    }
    return rows;
  };
  app.get(
    '/localities',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Districts, MSOAs or LSOAs as GeoJSON, with counts of schools, special schools, SRPs and known places',
        description:
          'Returns `application/geo+json`: a FeatureCollection whose feature properties are code, name, level, districtCode, schools, specialSchools, srps, places and provisionsWithUnknownPlaces. ' +
          'Districts and MSOAs are polygons (ONS 2011 generalised clipped boundaries, WGS84). LSOAs are points at their centroids, with msoaCode, vintage and centroidBasis: ' +
          'the dataset holds no LSOA boundaries (runs at LSOA level measure journeys from these centroids), and schools and provisions are counted by the LSOA of their school in the register.',
        querystring: query,
        response: { 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { level, la } = request.query;
      const { registry } = councilFor(app, la);
      const rows = featuresOf(registry, level);
      if (negotiateFormat(request, request.query.format, ['geojson', 'csv']) === 'csv') {
        return sendCsv(reply, rows.map((r) => ({ ...r.properties })), `localities-${level}.csv`);
      }
      const bodies = geoJson.get(registry) ?? geoJson.set(registry, new Map()).get(registry)!;
      let body = bodies.get(level);
      if (!body) {
        body = JSON.stringify({ type: 'FeatureCollection', features: rows.map(({ geometry, properties }) => ({ type: 'Feature', geometry, properties })) });
        bodies.set(level, body);
      }
      return sendGeoJson(reply, body);
    },
  );
};
export default localities;
