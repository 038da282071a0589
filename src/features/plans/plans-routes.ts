/**
 * Capital plans over HTTP: POST /plans starts one (checked, stored and queued; ?wait=true waits a few
 * seconds), GET /plans lists them, GET /plans/:id gives one with its progress or result (or its
 * builds as CSV).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, invalidField } from '../../domain/errors.js';
import { PLAN_BUILD_COLUMNS, planBuildRows } from '../../domain/plan/plan-tables.js';
import type { PlanRequest } from '../../domain/plan/plan-request.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import { negotiateFormat, sendCsv, sendFile } from '../../http/formats.js';
import { jobView, sendJob } from '../../http/job-answers.js';
import { errorSchema } from '../../http/schemas.js';
import { acceptYamlBodies, YAML_MEDIA_TYPES } from '../../http/yaml-body.js';
import { planBodySchema, planSchema, planSummarySchema } from './plan-schemas.js';
import type { PlanRecord, PlanSummary } from './plans-repository.js';

/** How long POST /plans?wait=true waits for the plan before answering 202. */
export const PLAN_WAIT_MS = 5_000;

const LEVEL_NAMES = { district: 'district', msoa: 'MSOA', lsoa: 'LSOA' } as const;

function view(plan: PlanSummary) {
  const base = `/plans/${plan.id}`;
  return {
    ...jobView(plan),
    scenarioId: plan.scenarioId,
    scenarioName: plan.scenarioName,
    requestHash: plan.requestHash,
    request: JSON.parse(plan.requestJson) as PlanRequest,
    links: { self: base, csv: `${base}?format=csv` },
  };
}

const sendPlan = (reply: FastifyReply, plan: PlanRecord) => sendJob(reply, view(plan), plan.resultJson);

const idParam = z.string().uuid('must be a plan id (UUID)');

/** A shipped or saved scenario named in the body; one that does not exist is refused at its field (422), not as a missing route. */
function savedScenario(app: FastifyInstance, scenarioId: string): Scenario {
  try {
    return app.scenarios.getRunnable(scenarioId).scenario;
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'not-found') throw invalidField('body.scenarioId', `${err.message}`, 'unprocessable');
    throw err;
  }
}

const plans: FastifyPluginAsyncZod = async (app) => {
  const service = app.plans;
  acceptYamlBodies(app);

  app.post(
    '/plans',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['plans'],
        summary: 'Make a capital plan: which places to build, where and when, within budgets',
        description:
          'Body (JSON or YAML): a scenario (`scenarioId`, optionally with `level`, or `scenario` in full), the planning years (`horizon`, default the ' +
          "scenario's), `budgets` (`total` and/or `perYear`), optional `candidates` overrides, and the solve's `timeLimitSeconds` and `gapTarget`. " +
          `Answers 202 with the plan's id and status; with \`?wait=true\` it waits up to ${PLAN_WAIT_MS / 1000} s and answers 200 with the result if ` +
          'the plan is done by then. Plans are solved one at a time in a worker thread and stored with what they were asked and who asked. ' +
          'Any authenticated key may make a plan (it uses shared solver time); reading plans is public.',
        querystring: z.strictObject({ wait: z.enum(['true', 'false']).optional().describe('Wait a few seconds for the result') }),
        consumes: ['application/json', ...YAML_MEDIA_TYPES],
        body: planBodySchema,
        response: { 200: planSchema, 202: planSummarySchema, 400: errorSchema, 404: errorSchema, 422: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const { scenarioId, level, scenario: given, ...asked } = request.body;
      let scenario: Scenario;
      let scenarioAt: string;
      if (scenarioId !== undefined) {
        const saved = savedScenario(app, scenarioId);
        scenario = level === undefined || level === saved.level ? saved : { ...saved, level, name: `${saved.name} (at ${LEVEL_NAMES[level]} level)` };
        scenarioAt = `scenario ${scenarioId}`;
      } else {
        scenario = given!;
        scenarioAt = 'body.scenario';
      }
      const caller = request.caller ? { name: request.caller.name, keyId: request.caller.keyId } : null;
      const id = await service.start(scenario, asked, caller, { requestAt: 'body', scenarioAt });
      if (request.query.wait === 'true') await service.waitFor(id, PLAN_WAIT_MS);
      const plan = service.get(id);
      reply.header('location', `/plans/${id}`);
      if (plan.status === 'done') return sendPlan(reply, plan);
      return reply.code(202).send(view(plan));
    },
  );

  app.get(
    '/plans',
    {
      schema: {
        tags: ['plans'],
        summary: 'Capital plans, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }),
        response: { 200: z.object({ total: z.number().int(), items: z.array(planSummarySchema) }), 400: errorSchema },
      },
    },
    async (request) => {
      const { total, items } = service.list(request.query.limit, request.query.offset);
      return { total, items: items.map(view) };
    },
  );

  app.get(
    '/plans/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'A capital plan: its status and, when done, its builds by year with their reasons and the resulting path',
        description:
          `\`?format=csv\` returns the builds of a finished plan, one line each with its reasons (columns: ${PLAN_BUILD_COLUMNS.join(', ')}). ` +
          '`?format=xlsx` returns the whole plan as one workbook: an About sheet (what it was asked, status and gap, costs with their basis, assumptions and ' +
          'evidence grades), the builds, the plan year by year, why special places, and the resulting path.',
        params: z.strictObject({ id: idParam }),
        querystring: z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).optional() }),
        response: { 200: planSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const plan = service.get(request.params.id);
      const format = negotiateFormat(request, request.query.format, ['json', 'csv', 'xlsx']);
      if (format === 'csv') {
        const { result } = service.done(plan.id);
        return sendCsv(reply, planBuildRows(result), `plan-${plan.id}-builds.csv`, [...PLAN_BUILD_COLUMNS]);
      }
      if (format === 'xlsx') {
        // The worker parses the stored JSON and builds the workbook: not the HTTP thread.
        const { id, scenarioId, scenarioName, createdAt, requestJson, resultJson, status, error } = plan;
        if (status !== 'done' || !resultJson) throw new DomainError('conflict', `plan ${id} is ${status}${error ? `: ${error}` : ''}; results exist once it is done`);
        return sendFile(reply, await app.workbooks.plan({ id, scenarioId, scenarioName, createdAt, requestJson, resultJson }));
      }
      return sendPlan(reply, plan);
    },
  );
};
export default plans;
