import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEMAND_PHASES, DEMAND_YEARS, LOCALITY_LEVELS, UNKNOWN_NEED_TREATMENTS } from '../../domain/demand/index.js';
import { demandTable } from '../../domain/demand/demand-table.js';
import { fieldsUnder } from '../../domain/errors.js';
import { negotiateFormat, sendCsv } from '../../http/formats.js';
import { errorSchema, needCodeSchema } from '../../http/schemas.js';
import { assumptionSchema, demandRowSchema } from '../../domain/demand/demand-result.js';

const query = z.strictObject({
  year: z.coerce
    .number()
    .int()
    .min(DEMAND_YEARS.first)
    .max(DEMAND_YEARS.last)
    .default(DEMAND_YEARS.first)
    .describe(`January of the year, ${DEMAND_YEARS.first} (published base) to ${DEMAND_YEARS.last} (projected)`),
  level: z.enum(LOCALITY_LEVELS).default('district'),
  need: needCodeSchema.optional().describe('Primary need code'),
  phase: z.enum(DEMAND_PHASES).optional(),
  locality: z.string().min(1).max(100).optional().describe('District or MSOA, by code or name; at level=msoa a district selects its MSOAs'),
  // Not z.coerce: an empty value would silently become 0.
  rateTrend: z
    .string()
    .trim()
    .regex(/^-?(\d+\.?\d*|\.\d+)$/, 'must be a number, e.g. 0.05')
    .transform(Number)
    .pipe(z.number().gt(-1, 'must be above -1 (a rate cannot fall by 100% or more)').max(1, 'must be at most 1 (+100% a year)'))
    .optional()
    .describe('Scenario: annual growth of the EHCP rate per resident for every phase (0.05 = +5% a year). Default: derived per phase, see DEMAND.md'),
  unknownNeed: z.enum(UNKNOWN_NEED_TREATMENTS).optional().describe('The 120 plans with no recorded need: shared over known needs (default) or left out'),
  format: z.enum(['json', 'csv']).optional().describe('Or send Accept: text/csv'),
});

const round2 = (x: number) => Math.round(x * 100) / 100;

const demand: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/demand',
    {
      schema: {
        tags: ['demand'],
        summary: 'Children and young people with an EHCP, by locality, primary need, phase and year (2025 published, later years projected)',
        description:
          'County EHCP rates (DfE SEN2, January 2025) apportioned to districts by population (ONS 2022-based projections) and to MSOAs by Census 2021 ' +
          'child population, projected by population change times an EHCP-rate trend. Counts are expected values, not head counts. ' +
          '`assumptions` lists every assumption used, with its value and basis. Method: models/kent/DEMAND.md.',
        querystring: query,
        response: {
          200: z.object({
            year: z.number().int(),
            level: z.enum(LOCALITY_LEVELS),
            total: z.number().describe('Sum of the rows'),
            rows: z.array(demandRowSchema),
            assumptions: z.array(assumptionSchema),
          }),
          400: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { format, year, level, need, phase, locality, rateTrend, unknownNeed } = request.query;
      const table = await fieldsUnder('querystring', () =>
        demandTable(app.registry, { year, level, need, phase, locality, assumptions: { rateTrend, unknownNeed } }),
      );
      const rows = table.rows.map((r) => ({ ...r, count: round2(r.count) }));
      if (negotiateFormat(request, format, ['json', 'csv']) === 'csv') {
        const value = (name: string) => table.assumptions.find((a) => a.name === name)?.value ?? null;
        return sendCsv(
          reply,
          rows.map((r) => ({
            locality: r.locality,
            locality_name: r.localityName,
            need: r.need,
            phase: r.phase,
            year: r.year,
            count: r.count,
            rate_trend: value(`rateTrend.${r.phase}`),
            unknown_need: value('unknownNeed'),
          })),
          `demand-${level}-${year}.csv`,
        );
      }
      return { year, level, total: round2(table.rows.reduce((s, r) => s + r.count, 0)), rows, assumptions: table.assumptions };
    },
  );
};
export default demand;
