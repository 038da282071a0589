import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldsUnder } from '../../domain/errors.js';
import { createApiKey, revokeApiKey } from './api-keys.js';
import type { KeyActor } from './api-key-repository.js';
import { apiKeySchema, roleSchema } from './api-key-schemas.js';
import { errorSchema } from '../../http/schemas.js';

/** The admin whose key made the request, as the key log records them. */
const byCaller = (caller: { name: string; keyId: string } | null): KeyActor => (caller ? { name: caller.name, keyId: caller.keyId, via: 'api' } : { name: 'not recorded', keyId: null, via: 'other' });

/**
 * Key management over HTTP for admins (the dashboard's API keys page uses these); `npm run keys` does
 * the same from the command line. Both record every key made and revoked in the key log (GET /audit/keys).
 */
const apiKeys: FastifyPluginAsyncZod = async (app) => {
  const repository = app.apiKeys;

  app.get(
    '/api-keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['keys'],
        summary: 'Every API key, revoked ones included (never the keys themselves)',
        response: { 200: z.object({ items: z.array(apiKeySchema) }) },
      },
    },
    async () => ({ items: await repository.list() }),
  );

  app.post(
    '/api-keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['keys'],
        summary: 'Create an API key; the key is in this answer only and cannot be shown again',
        body: z.strictObject({ name: z.string().max(100).describe("The holder's name, recorded on their decisions"), role: roleSchema }),
        response: { 201: z.object({ key: z.string(), apiKey: apiKeySchema }), 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { key, record } = await fieldsUnder('body', () => createApiKey(repository, request.body, new Date(), byCaller(request.caller)));
      request.log.info({ keyId: record.id, role: record.role, by: request.caller?.keyId }, 'API key created');
      return reply.code(201).send({ key, apiKey: record });
    },
  );

  app.post(
    '/api-keys/:id/revoke',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['keys'],
        summary: 'Revoke an API key at once (revoking again keeps the first revocation time)',
        params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{12}$/, 'a key id is 12 hexadecimal characters') }),
        response: { 200: apiKeySchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const record = await revokeApiKey(repository, request.params.id, new Date(), byCaller(request.caller));
      request.log.info({ keyId: record.id, by: request.caller?.keyId }, 'API key revoked');
      return record;
    },
  );
};
export default apiKeys;
