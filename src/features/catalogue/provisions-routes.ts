/**
 * GET /provisions: every SEND provision (special schools, SRPs, satellites) with its places, as JSON
 * or CSV.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkLocalityFilter, filterProvisions } from '../../domain/catalogue.js';
import { negotiateFormat, sendCsv } from '../../http/formats.js';
import { currentDesignationSchema, errorSchema } from '../../http/schemas.js';
import { councilFor, laQuerySchema } from '../../http/council.js';
import { provisionSchema } from '../../domain/registry/registry.js';
import { SRP_NEED_TYPES } from '../../domain/needs.js';

const query = z.strictObject({
  kind: z.enum(['special-school', 'srp', 'satellite']).optional(),
  designation: currentDesignationSchema.optional().describe("Current designation of a special school (Kent's five; ALL: all needs, not known)"),
  need: z.enum(SRP_NEED_TYPES).optional().describe('SRP need type'),
  locality: z.string().min(1).optional().describe('District or MSOA, by code or name; one the dataset does not hold is a 400 naming the districts'),
  format: z.enum(['json', 'csv']).optional(),
  la: laQuerySchema,
});

const provisions: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/provisions',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Special schools and SRPs as one list of provisions',
        description: 'Capacity is null where no public source states it; `capacityBasis` says where each figure comes from or how it was estimated.',
        querystring: query,
        response: { 200: z.object({ total: z.number().int(), items: z.array(provisionSchema) }), 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { format, la, ...filters } = request.query;
      const { registry } = councilFor(app, la);
      checkLocalityFilter(registry, filters.locality, 'querystring.locality');
      const items = filterProvisions(registry, filters);
      if (negotiateFormat(request, format, ['json', 'csv']) === 'csv') {
        return sendCsv(
          reply,
          items.map((p) => ({
            id: p.id,
            kind: p.kind,
            urn: p.urn,
            name: p.name,
            designation: p.designation,
            need_types: p.needTypes.join(';'),
            phase: p.phase,
            age_low: p.ageLow,
            age_high: p.ageHigh,
            capacity: p.capacity,
            capacity_basis: p.capacityBasis,
            roll: p.roll,
            district_code: p.locality.code,
            district: p.locality.name,
            msoa_code: p.msoa?.code ?? null,
            latitude: p.location.lat,
            longitude: p.location.lon,
            commissioning: p.commissioning,
          })),
          'provisions.csv',
        );
      }
      return { total: items.length, items };
    },
  );
};
export default provisions;
