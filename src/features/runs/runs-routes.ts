import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assembleInputs, ScenarioInputError } from '../../domain/sufficiency/assemble-inputs.js';
import { compareResults, IncomparableRunsError } from '../../domain/sufficiency/compare.js';
import { DemandRequestError } from '../../domain/sufficiency/demand-source.js';
import type { SufficiencyResult } from '../../domain/sufficiency/result.js';
import { scenarioSchema, type Scenario } from '../../domain/sufficiency/scenario.js';
import { negotiateFormat, sendCsv } from '../../http/formats.js';
import { errorSchema } from '../../http/schemas.js';
import { scenarioIdSchema } from '../scenarios/scenario-schemas.js';
import { comparisonApiSchema, runSchema, runSummarySchema } from './run-schemas.js';
import { HttpError } from '../../plugins/app/errors.js';
import type { RunRecord, RunSummary } from './runs-repository.js';
import { DemandUnavailableError } from './sufficiency-runs.js';
import { SolverBusyError } from './solver-pool.js';

/** How long POST /runs?wait=true waits for the result before answering 202. */
export const WAIT_MS = 5_000;
const RETRY_AFTER_SECONDS = '5';

const noDemand = { pathwayDemand: () => ({ rows: [], assumptions: [] }) };

/**
 * Checks what a scenario names exists in the dataset (provisions, schools, localities) by assembling
 * it without demand; a problem becomes a 422 naming the field, under `prefix`.
 */
export async function checkScenario(app: FastifyInstance, scenario: Scenario, prefix: string) {
  const approved = scenario.designationSet === 'approved' ? await app.sufficiency.runs.approvedSet() : undefined;
  try {
    assembleInputs(scenario, app.registry, { demand: noDemand, approved });
  } catch (err) {
    if (err instanceof ScenarioInputError) {
      const path = `${prefix}.${err.path}`;
      throw new HttpError(422, `${path}: ${err.message}`, [{ path, message: err.message }]);
    }
    throw err;
  }
}

function view(run: RunSummary, result?: SufficiencyResult | null) {
  const base = `/runs/${run.id}`;
  return {
    id: run.id,
    status: run.status,
    scenarioId: run.scenarioId,
    scenarioName: run.scenarioName,
    inputsHash: run.inputsHash,
    solverChoice: run.solverChoice,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    links: { self: base, lp: `${base}/lp`, csv: `${base}?format=csv` },
    ...(result ? { result } : {}),
  };
}

/**
 * A finished run as JSON text, with its stored result spliced in as stored: an LSOA-level result is
 * megabytes, and parsing, validating and re-serialising it would hold the HTTP thread for no gain
 * (it was validated when the worker produced it).
 */
function sendRun(reply: FastifyReply, run: RunRecord, status: 200) {
  const head = JSON.stringify(view(run));
  const body = run.resultJson ? `${head.slice(0, -1)},"result":${run.resultJson}}` : head;
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

const TABLES = ['byLocality', 'provisions', 'outreach'] as const;
const runQuery = z.strictObject({
  format: z.enum(['json', 'csv']).optional(),
  table: z.enum(TABLES).default('byLocality').describe('Which table ?format=csv returns'),
});
const idParam = z.string().uuid('must be a run id (UUID)');

function csvRows(result: SufficiencyResult, table: (typeof TABLES)[number]) {
  if (table === 'byLocality') return result.byLocality;
  if (table === 'outreach') return result.outreach;
  return result.provisions.map((p) => ({ ...p, categories: p.categories.join(';'), phases: p.phases.join(';'), changes: p.changes.join('; ') }));
}

const runs: FastifyPluginAsyncZod = async (app) => {
  const service = app.sufficiency.runs;

  const doneRun = (id: string): { run: RunRecord; result: SufficiencyResult } => {
    const run = service.get(id);
    if (!run) throw new HttpError(404, `no run ${id}`);
    const result = service.resultOf(run);
    if (run.status !== 'done' || !result) throw new HttpError(409, `run ${id} is ${run.status}${run.error ? `: ${run.error}` : ''}; results exist once it is done`);
    return { run, result };
  };

  app.post(
    '/runs',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['runs'],
        summary: 'Run a sufficiency scenario (saved or given in full)',
        description:
          'Body: `{"scenarioId": "baseline-2025"}` or `{"scenario": {...}}`. Answers 202 with the run id and status; with `?wait=true` ' +
          `it waits up to ${WAIT_MS / 1000} s and answers 200 with the result if the run finishes by then. Runs are stored with their inputs. ` +
          'Any authenticated key may run scenarios (they use shared solver time); saving a scenario needs the commissioner role.',
        querystring: z.strictObject({ wait: z.enum(['true', 'false']).optional().describe('Wait a few seconds for the result') }),
        body: z
          .strictObject({ scenarioId: scenarioIdSchema.optional(), scenario: scenarioSchema.optional() })
          .refine((b) => (b.scenarioId === undefined) !== (b.scenario === undefined), { message: 'give exactly one of scenarioId and scenario', path: ['scenarioId'] }),
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
      let scenario: Scenario;
      let prefix: string;
      if (request.body.scenarioId !== undefined) {
        const found = app.sufficiency.scenarios.get(request.body.scenarioId);
        if (!found) throw new HttpError(404, `no scenario "${request.body.scenarioId}" (see GET /scenarios)`);
        scenario = found.scenario;
        prefix = `scenario ${scenario.id}`;
      } else {
        scenario = request.body.scenario!;
        prefix = 'body.scenario';
      }
      let id: string;
      try {
        id = await service.start(scenario, request.caller?.name ?? null);
      } catch (err) {
        if (err instanceof ScenarioInputError) {
          const path = `${prefix}.${err.path}`;
          throw new HttpError(422, `${path}: ${err.message}`, [{ path, message: err.message }]);
        }
        if (err instanceof DemandRequestError) {
          const path = `${prefix}.${err.field}`;
          throw new HttpError(400, `${path}: ${err.message}`, [{ path, message: err.message }]);
        }
        if (err instanceof SolverBusyError) throw new HttpError(503, err.message, undefined, { 'retry-after': RETRY_AFTER_SECONDS });
        if (err instanceof DemandUnavailableError) throw new HttpError(503, err.message);
        throw err;
      }
      if (request.query.wait === 'true') await service.waitFor(id, WAIT_MS);
      const run = service.get(id)!;
      reply.header('location', `/runs/${id}`);
      if (run.status === 'done') return sendRun(reply, run, 200);
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
        description: '`?format=csv` returns one table of a finished run: `table=byLocality` (default), `provisions` or `outreach`.',
        params: z.strictObject({ id: idParam }),
        querystring: runQuery,
        response: { 200: runSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const run = service.get(request.params.id);
      if (!run) throw new HttpError(404, `no run ${request.params.id}`);
      if (negotiateFormat(request, request.query.format, ['json', 'csv']) === 'csv') {
        const { result } = doneRun(run.id);
        return sendCsv(reply, csvRows(result, request.query.table) as never, `run-${run.id}-${request.query.table}.csv`);
      }
      return sendRun(reply, run, 200);
    },
  );

  app.get(
    '/runs/:id/compare/:otherId',
    {
      schema: {
        tags: ['runs'],
        summary: 'Differences between two finished runs, locality by locality (other minus base)',
        description: '`?format=csv` returns the locality rows (`table=byLocality`), the provisions or the outreach differences.',
        params: z.strictObject({ id: idParam, otherId: idParam }),
        querystring: runQuery,
        response: { 200: comparisonApiSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const base = doneRun(request.params.id);
      const other = doneRun(request.params.otherId);
      let comparison;
      try {
        comparison = compareResults(base.result, other.result);
      } catch (err) {
        if (err instanceof IncomparableRunsError) throw new HttpError(422, err.message);
        throw err;
      }
      if (negotiateFormat(request, request.query.format, ['json', 'csv']) === 'csv') {
        return sendCsv(reply, comparison[request.query.table] as never, `compare-${base.run.id}-${other.run.id}-${request.query.table}.csv`);
      }
      const ref = (r: RunRecord) => ({ id: r.id, scenarioId: r.scenarioId, scenarioName: r.scenarioName });
      return { base: ref(base.run), other: ref(other.run), ...comparison };
    },
  );

  app.get(
    '/runs/:id/lp',
    {
      schema: {
        tags: ['runs'],
        summary: "The run's exact model in CPLEX LP format",
        description:
          "Rebuilt from the run's stored inputs. Solve it with GLPK (`glpsol --lp run.lp`), CBC, HiGHS or CPLEX: the optimum equals the run's `objective`.",
        params: z.strictObject({ id: idParam }),
        response: { 200: z.string().describe('CPLEX LP text (text/plain)'), 400: errorSchema, 404: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const run = service.get(request.params.id);
      if (!run) throw new HttpError(404, `no run ${request.params.id}`);
      let text: string;
      try {
        text = await service.lp(run);
      } catch (err) {
        if (err instanceof SolverBusyError) throw new HttpError(503, err.message, undefined, { 'retry-after': RETRY_AFTER_SECONDS });
        throw err;
      }
      return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="run-${run.id}.lp"`).send(text);
    },
  );
};
export default runs;
