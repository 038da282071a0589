/**
 * Sufficiency runs over HTTP: POST /runs starts one (a saved scenario or one given in full; ?wait=true
 * waits a few seconds), GET /runs lists them, GET /runs/:id gives one with its progress or result
 * (or a table as CSV), GET /runs/:id/compare/:otherId compares two, GET /runs/:id/lp exports a model.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldsUnder } from '../../domain/errors.js';
import { LOCALITY_LEVELS } from '../../domain/sufficiency/inputs.js';
import { LP_STAGES } from '../../domain/sufficiency/run-identity.js';
import { scenarioSchema, type Scenario } from '../../domain/sufficiency/scenario.js';
import { PATH_ONLY_TABLES, RESULT_TABLES } from '../../domain/sufficiency/tables.js';
import { negotiateFormat } from '../../http/formats.js';
import { jobView, sendJob } from '../../http/job-answers.js';
import { errorSchema } from '../../http/schemas.js';
import { acceptYamlBodies, YAML_MEDIA_TYPES } from '../../http/yaml-body.js';
import { scenarioIdSchema } from '../scenarios/scenario-schemas.js';
import { comparisonApiSchema, runSchema, runSummarySchema } from './run-schemas.js';
import type { ResultBytes } from './result-views.js';
import type { RunRecord, RunSummary } from './runs-repository.js';

/** How long POST /runs?wait=true waits for the result before answering 202. */
export const WAIT_MS = 5_000;

function view(run: RunSummary) {
  const base = `/runs/${run.id}`;
  return {
    ...jobView(run),
    scenarioId: run.scenarioId,
    scenarioName: run.scenarioName,
    inputsHash: run.inputsHash,
    solverChoice: run.solverChoice,
    links: { self: base, lp: `${base}/lp`, csv: `${base}?format=csv` },
  };
}

/** An answer made in the result-view worker, sent as the bytes it made (a CSV file is offered by name). */
function sendView(reply: FastifyReply, view: ResultBytes) {
  if (view.filename) reply.header('content-disposition', `attachment; filename="${view.filename}"`);
  return reply.code(200).type(view.contentType).send(view.bytes);
}

const sendRun = (reply: FastifyReply, run: RunRecord) => sendJob(reply, view(run), run.resultJson);

const runQuery = z.strictObject({
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .optional()
    .describe('csv: one table (see `table`); xlsx: one workbook with every table as a sheet, after an About sheet (the scenario, assumptions and evidence grades)'),
  table: z
    .enum([...RESULT_TABLES, ...PATH_ONLY_TABLES])
    .default('byLocality')
    .describe('Which table ?format=csv returns (whole pupils, pounds a year). A path run gives each table with a year column, and also `years`, `localities` and `supplyChanges`'),
});
const compareQuery = runQuery.extend({
  table: z.enum(RESULT_TABLES).default('byLocality').describe('Which table ?format=csv returns'),
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .describe('When either run is a path: the model year to compare (default: the last year both runs cover)'),
});


const idParam = z.string().uuid('must be a run id (UUID)');

const LEVEL_NAMES = { district: 'district', msoa: 'MSOA', lsoa: 'LSOA' } as const;

/** A named scenario at another locality level: the same scenario id (its runs stay together), a name that says the level. */
function atLevel(scenario: Scenario, level: Scenario['level'] | undefined): Scenario {
  if (level === undefined || level === scenario.level) return scenario;
  return { ...scenario, level, name: `${scenario.name} (at ${LEVEL_NAMES[level]} level)` };
}

const runs: FastifyPluginAsyncZod = async (app) => {
  const service = app.runs;
  acceptYamlBodies(app);

  app.post(
    '/runs',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['runs'],
        summary: 'Run a sufficiency scenario (saved or given in full)',
        description:
          'Body (JSON or YAML): `{"scenarioId": "baseline-2025"}`, optionally with `"level": "msoa"` to run that shipped or saved scenario at another ' +
          'locality level, or `{"scenario": {...}}`. Answers 202 with the run id and status; with `?wait=true` ' +
          `it waits up to ${WAIT_MS / 1000} s and answers 200 with the result if the run finishes by then. Runs are stored with their inputs. ` +
          'Any authenticated key may run scenarios (they use shared solver time); saving a scenario needs the commissioner role.',
        querystring: z.strictObject({ wait: z.enum(['true', 'false']).optional().describe('Wait a few seconds for the result') }),
        consumes: ['application/json', ...YAML_MEDIA_TYPES],
        body: z
          .strictObject({
            scenarioId: scenarioIdSchema.optional(),
            level: z.enum(LOCALITY_LEVELS).optional().describe("With scenarioId: run the scenario at this locality level instead of its own (the run's name says so)"),
            scenario: scenarioSchema.optional(),
          })
          .refine((b) => (b.scenarioId === undefined) !== (b.scenario === undefined), { message: 'give exactly one of scenarioId and scenario', path: ['scenarioId'] })
          .refine((b) => b.level === undefined || b.scenarioId !== undefined, {
            message: 'give level with scenarioId: a scenario given in full carries its own level',
            path: ['level'],
          }),
        response: {
          200: runSchema,
          202: runSummarySchema,
          400: errorSchema,
          404: errorSchema,
          422: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { scenarioId, level, scenario: given } = request.body;
      // A saved scenario's problems are named by its id; a posted one's by the field in the body.
      const [scenario, where] = scenarioId !== undefined ? [atLevel((await fieldsUnder('body', () => app.scenarios.getRunnable(scenarioId))).scenario, level), `scenario ${scenarioId}`] : [given!, 'body.scenario'];
      const id = await fieldsUnder(where, () => service.start(scenario, request.caller?.name ?? null));
      if (request.query.wait === 'true') await service.waitFor(id, WAIT_MS);
      const run = service.get(id);
      reply.header('location', `/runs/${id}`);
      if (run.status === 'done') return sendRun(reply, run);
      return reply.code(202).send(view(run));
    },
  );

  app.get(
    '/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Recent runs, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }),
        response: { 200: z.object({ total: z.number().int(), items: z.array(runSummarySchema) }), 400: errorSchema },
      },
    },
    async (request) => {
      const { total, items } = service.list(request.query.limit, request.query.offset);
      return { total, items: items.map((r) => view(r)) };
    },
  );

  app.get(
    '/runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'A run: its status and, when done, its result',
        description:
          '`?format=csv` returns one table of a finished run: `table=byLocality` (default), `provisions` or `outreach`; for a path run (a scenario with a horizon) ' +
          'each with a year column, and `years` (totals year by year), `localities` (shortfall by locality and year, and the year it starts) or `supplyChanges` (places opened and closed each year). ' +
          '`?format=xlsx` returns every table as one workbook, a sheet each, after an About sheet with the scenario, assumptions and evidence grades.',
        params: z.strictObject({ id: idParam }),
        querystring: runQuery,
        response: { 200: runSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const format = negotiateFormat(request, request.query.format, ['json', 'csv', 'xlsx']);
      if (format === 'xlsx') return sendView(reply, await service.workbook(request.params.id));
      if (format === 'csv') return sendView(reply, await service.table(request.params.id, request.query.table));
      return sendRun(reply, service.get(request.params.id));
    },
  );

  app.get(
    '/runs/:id/compare/:otherId',
    {
      schema: {
        tags: ['runs'],
        summary: 'Differences between two finished runs, locality by locality (other minus base); a path is compared at one of its years',
        description:
          '`?format=csv` returns the locality rows (`table=byLocality`), the provisions or the outreach differences; `?format=xlsx` all of them as one workbook. When either run is a path, ' +
          'one model year is compared (`year`, default the last year both cover) as single-year runs are, and when both are paths `years` ' +
          "also gives every shared year's totals.",
        params: z.strictObject({ id: idParam, otherId: idParam }),
        querystring: compareQuery,
        response: { 200: comparisonApiSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const asked = negotiateFormat(request, request.query.format, ['json', 'csv', 'xlsx']);
      const format = asked === 'csv' || asked === 'xlsx' ? asked : 'json';
      const { year, table } = request.query;
      return sendView(reply, await service.compare(request.params.id, request.params.otherId, { year, table, format }));
    },
  );

  app.get(
    '/runs/:id/lp',
    {
      schema: {
        tags: ['runs'],
        summary: "One stage of the run's model in CPLEX LP format",
        description:
          "Rebuilt from the run's stored inputs. `stage=sharing` (default): the fair-share stage as a convex QP (HiGHS, CPLEX, Gurobi): its unique " +
          "`short.*` values are the run's shortfalls. `journeys`, `independent-journeys`, `outreach-journeys`: the journey LPs with each row's placed " +
          'pupils fixed (GLPK `glpsol --lp`, CBC, HiGHS, CPLEX). For a path run, `year` picks the model year (default its first): the stages that year ' +
          'solved, on the demand and places left once pupils keeping their placements are taken out.',
        params: z.strictObject({ id: idParam }),
        querystring: z.strictObject({
          stage: z.enum(LP_STAGES).default('sharing'),
          year: z.coerce.number().int().min(2000).max(2100).optional().describe('Path runs: the model year to export'),
        }),
        response: { 200: z.string().describe('CPLEX LP text (text/plain)'), 400: errorSchema, 404: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const text = await service.lp(request.params.id, request.query.stage, request.query.year);
      return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="run-${request.params.id}-${request.query.stage}.lp"`).send(text);
    },
  );
};
export default runs;
