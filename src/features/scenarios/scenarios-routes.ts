import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scenarioSchema } from '../../domain/sufficiency/scenario.js';
import { errorSchema } from '../../http/schemas.js';
import { scenarioEntrySchema, scenarioIdSchema } from './scenario-schemas.js';
import { fieldsUnder } from '../../domain/errors.js';

const scenarios: FastifyPluginAsyncZod = async (app) => {
  const catalogue = app.sufficiency.scenarios;

  app.get(
    '/scenarios',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Sufficiency scenarios: the files shipped in scenarios/ and those saved through the API',
        response: {
          200: z.object({
            items: z.array(scenarioEntrySchema),
            problems: z.array(z.object({ file: z.string(), message: z.string() })).describe('Scenario files that could not be read or are invalid'),
          }),
        },
      },
    },
    async () => catalogue.list(),
  );

  app.get(
    '/scenarios/:id',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'One scenario, with every default filled in',
        params: z.strictObject({ id: scenarioIdSchema }),
        response: { 200: z.object({ source: z.enum(['file', 'saved']), scenario: scenarioSchema }), 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => catalogue.get(request.params.id),
  );

  app.post(
    '/scenarios',
    {
      config: { access: ['commissioner'] },
      schema: {
        tags: ['scenarios'],
        summary: 'Save a scenario (commissioners)',
        description:
          'The body is a scenario (see the Scenario schema; scenarios/scenario.schema.json for editors). It is checked against the dataset ' +
          '(provisions, schools and localities it names must exist) before it is saved. Ids must be new: files and saved scenarios are never overwritten.',
        body: scenarioSchema,
        response: {
          201: z.object({ id: z.string(), source: z.literal('saved') }),
          400: errorSchema,
          409: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      await fieldsUnder('body', () => catalogue.save(request.body, request.caller?.name ?? null));
      return reply.code(201).send({ id: request.body.id, source: 'saved' as const });
    },
  );
};
export default scenarios;
