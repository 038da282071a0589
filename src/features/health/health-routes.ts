/**
 * GET /health: liveness, how long the process has run, and a summary of the dataset it loaded.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { datasetSummary } from '../../domain/catalogue.js';

const datasetSummarySchema = z.object({
      localAuthority: z.string(),
      laCode: z.string(),
      registerDate: z.string().describe('Date of the GIAS register extract the schools come from'),
      schools: z.number().int().describe('Open state-funded schools in the register'),
      specialSchools: z.number().int(),
      srps: z.number().int().describe('Known SRPs and special-school satellites (a partial public list)'),
      localities: z.object({ districts: z.number().int(), msoas: z.number().int() }),
      strategyFigures: z
        .object({ year: z.number().int(), schools: z.number().int(), specialSchools: z.number().int() })
        .nullable()
        .describe("The council's own published counts, for comparison; null when the dataset has none"),
      localityCheck: z
        .object({ mismatches: z.number().int(), unlocated: z.number().int() })
        .describe("Schools whose point-in-polygon district differs from their LSOA's district; schools in no polygon"),
});

const healthSchema = z
  .object({
    status: z.literal('ok'),
    uptimeSeconds: z.number(),
    dataset: datasetSummarySchema.describe("The default council's dataset (Kent's)"),
    councils: z
      .array(
        datasetSummarySchema.extend({
          id: z.string().describe('The dataset folder (models/<id>/)'),
          gssCode: z.string().describe('ONS code'),
          default: z.boolean().describe('The council a request naming none (no ?la=) is about'),
        }),
      )
      .describe('Every council loaded; ?la= takes its ONS code, LA code or name'),
  })
  .meta({ id: 'Health' });

const health: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { schema: { tags: ['service'], summary: 'Liveness and a summary of the loaded dataset', response: { 200: healthSchema } } },
    async () => ({
      status: 'ok' as const,
      uptimeSeconds: Math.round(process.uptime()),
      dataset: datasetSummary(app.registry),
      councils: app.councils.all().map((c) => ({ ...datasetSummary(c.registry), id: c.id, gssCode: c.gssCode, default: c === app.councils.default })),
    }),
  );
};
export default health;
