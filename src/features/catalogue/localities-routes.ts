import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { summariseLocalities } from '../../domain/catalogue.js';
import { negotiateFormat, sendCsv, sendGeoJson } from '../../http/formats.js';
import { errorSchema } from '../../http/schemas.js';

const query = z.strictObject({
  level: z.enum(['district', 'msoa']).default('district'),
  format: z.enum(['geojson', 'csv']).optional().describe('GeoJSON (default) or CSV of the counts without geometry'),
});

const localities: FastifyPluginAsyncZod = async (app) => {
  // The registry never changes while the process runs, so each level's answer is built once, on first use.
  const summaries = new Map<'district' | 'msoa', ReturnType<typeof summariseLocalities>>();
  const geoJson = new Map<'district' | 'msoa', string>();
  const summaryOf = (level: 'district' | 'msoa') => {
    let rows = summaries.get(level);
    if (!rows) summaries.set(level, (rows = summariseLocalities(app.registry, level)));
    return rows;
  };
  app.get(
    '/localities',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Districts (or MSOAs) as GeoJSON, with counts of schools, special schools, SRPs and known places',
        description:
          'Returns `application/geo+json`: a FeatureCollection whose feature properties are code, name, level, districtCode, schools, specialSchools, srps, places and provisionsWithUnknownPlaces. Boundaries: ONS 2011 generalised clipped, WGS84.',
        querystring: query,
        response: { 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { level } = request.query;
      const rows = summaryOf(level);
      if (negotiateFormat(request, request.query.format, ['geojson', 'csv']) === 'csv') {
        return sendCsv(reply, rows.map((r) => ({ ...r.summary })), `localities-${level}.csv`);
      }
      let body = geoJson.get(level);
      if (!body) {
        body = JSON.stringify({
          type: 'FeatureCollection',
          features: rows.map(({ locality, summary }) => ({ type: 'Feature', geometry: locality.geometry, properties: summary })),
        });
        geoJson.set(level, body);
      }
      return sendGeoJson(reply, body);
    },
  );
};
export default localities;
