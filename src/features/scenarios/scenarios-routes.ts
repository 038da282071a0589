/**
 * Scenarios over HTTP: the shipped and saved scenarios (GET /scenarios, GET /scenarios/:id), and
 * saving, changing and deleting saved ones (POST, PUT with If-Match, DELETE), each change audited.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { councilFor, laQuerySchema } from '../../http/council.js';
import { z } from 'zod';
import { scenarioSchema } from '../../domain/sufficiency/scenario.js';
import { errorSchema } from '../../http/schemas.js';
import { acceptYamlBodies, YAML_MEDIA_TYPES } from '../../http/yaml-body.js';
import { ifMatchSchema, scenarioEntrySchema, scenarioIdSchema, versionOf } from './scenario-schemas.js';
import { fieldsUnder, invalidField } from '../../domain/errors.js';
import type { ScenarioEditor } from './saved-scenario-repository.js';

const BODY_TYPES = ['application/json', ...YAML_MEDIA_TYPES];
const idParams = z.strictObject({ id: scenarioIdSchema });
const etag = (version: number) => `"${version}"`;

const scenarios: FastifyPluginAsyncZod = async (app) => {
  const catalogue = app.scenarios;
  acceptYamlBodies(app);
  // Commissioners only (the routes declare it), so there is always a caller.
  const editor = (caller: { name: string; keyId: string } | null): ScenarioEditor => ({ name: caller?.name ?? 'unknown', keyId: caller?.keyId ?? null });

  /**
   * A request whose If-Match is missing or is not a version is answered naming the version the
   * scenario is at now, which the schema alone cannot know: the caller sees what to send. Any other
   * problem (or a scenario that does not exist or is a file) is answered as the validator found it.
   */
  const checked = (request: { validationError?: Error & { validationContext?: string }; params: { id: string } }): void => {
    const error = request.validationError;
    if (!error) return;
    if (error.validationContext !== 'headers') throw error;
    let version: number | null;
    try {
      version = catalogue.get(request.params.id).version;
    } catch {
      throw error;
    }
    if (version === null) throw error;
    throw invalidField('headers.if-match', `required: the version you read, as the ETag of GET /scenarios/${request.params.id} gave it; the scenario is at version ${version} now (If-Match: "${version}")`);
  };

  app.get(
    '/scenarios',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Sufficiency scenarios: the files shipped in scenarios/ and those saved through the API',
        description: "One council's scenarios (`?la=`, default Kent): Kent's are the files at the top of scenarios/ and the saved ones, another council's the files in scenarios/<council>/.",
        querystring: z.strictObject({ la: laQuerySchema }),
        response: {
          200: z.object({
            items: z.array(scenarioEntrySchema),
            problems: z.array(z.object({ file: z.string(), message: z.string() })).describe('Scenario files that could not be read or are invalid'),
          }),
          400: errorSchema,
        },
      },
    },
    async (request) => catalogue.list(councilFor(app, request.query.la).name),
  );

  app.get(
    '/scenarios/:id',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'One scenario, with every default filled in',
        description: 'A saved scenario comes with its `version`, also as the ETag: send it back as If-Match to edit or delete it. Files have no version (read-only).',
        params: idParams,
        response: {
          200: z.object({ source: z.enum(['file', 'saved']), version: z.number().int().nullable(), scenario: scenarioSchema }),
          400: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const found = catalogue.get(request.params.id);
      if (found.version !== null) reply.header('etag', etag(found.version));
      return found;
    },
  );

  app.post(
    '/scenarios',
    {
      config: { access: ['commissioner'] },
      schema: {
        tags: ['scenarios'],
        summary: 'Save a scenario (commissioners)',
        description:
          'The body is a scenario, as JSON or YAML (`Content-Type: application/yaml`; see the Scenario schema, scenarios/scenario.schema.json for editors). ' +
          'It is checked against the dataset (provisions, schools and localities it names must exist) before it is saved. Ids must be new: files and saved ' +
          'scenarios are never overwritten (edit a saved one with PUT). Recorded in the scenario audit log (GET /audit/scenarios).',
        consumes: BODY_TYPES,
        body: scenarioSchema,
        response: {
          201: z.object({ id: z.string(), source: z.literal('saved'), version: z.number().int() }),
          400: errorSchema,
          409: errorSchema,
          415: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { version } = await fieldsUnder('body', () => catalogue.save(request.body, editor(request.caller)));
      reply.header('location', `/scenarios/${request.body.id}`).header('etag', etag(version));
      return reply.code(201).send({ id: request.body.id, source: 'saved' as const, version });
    },
  );

  app.put(
    '/scenarios/:id',
    {
      config: { access: ['commissioner'] },
      attachValidation: true,
      schema: {
        tags: ['scenarios'],
        summary: 'Edit a saved scenario (commissioners)',
        description:
          'Replaces the saved scenario with the body (JSON or YAML; its `id` must be the one in the path), checked against the dataset as POST /scenarios does. ' +
          'Send the version you edited as `If-Match` (the ETag of GET /scenarios/{id}): if someone changed the scenario since, the answer is 409 and ' +
          'nothing changes. Shipped files are read-only (403): duplicate one under a new id with POST /scenarios. Recorded in the scenario audit log.',
        consumes: BODY_TYPES,
        params: idParams,
        headers: z.object({ 'if-match': ifMatchSchema }),
        body: scenarioSchema,
        response: {
          200: z.object({ id: z.string(), source: z.literal('saved'), version: z.number().int() }),
          400: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
          415: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request, reply) => {
      checked(request);
      const { id } = request.params;
      const expected = versionOf(request.headers['if-match']);
      const { version } = await fieldsUnder('body', () => catalogue.update(id, request.body, expected, editor(request.caller)));
      reply.header('etag', etag(version));
      return { id, source: 'saved' as const, version };
    },
  );

  app.delete(
    '/scenarios/:id',
    {
      config: { access: ['commissioner'] },
      attachValidation: true,
      schema: {
        tags: ['scenarios'],
        summary: 'Delete a saved scenario (commissioners)',
        description:
          'Send the version you read as `If-Match`; a stale version is 409 and nothing changes. Runs of the scenario are kept, and so is its history in the ' +
          'scenario audit log. Shipped files are read-only (403).',
        params: idParams,
        headers: z.object({ 'if-match': ifMatchSchema }),
        response: {
          200: z.object({ id: z.string(), deleted: z.literal(true), version: z.number().int().describe('The version the deletion took in the audit log') }),
          400: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      checked(request);
      const { id } = request.params;
      const { version } = catalogue.remove(id, versionOf(request.headers['if-match']), editor(request.caller));
      return { id, deleted: true as const, version };
    },
  );
};
export default scenarios;
