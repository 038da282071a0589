/**
 * The OpenAPI document, generated from the routes' zod schemas (named schemas in a stable order), at
 * /openapi.json, and its explorer at /docs.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const OPENAPI_INFO = {
  title: 'SEND place planner',
  description:
    "Kent's state-funded schools, special schools, specialist resource provisions and designations; need-profile matching, " +
    'placement search and sufficiency scenarios. Every figure names its public source or a labelled assumption.',
  version: '0.1.0',
};

/**
 * Named schemas in alphabetical order: otherwise their order follows the order in which modules
 * happen to be imported, and moving a file would change the committed document.
 */
const sortedComponents: typeof jsonSchemaTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as { components?: { schemas?: Record<string, unknown> } };
  const schemas = document.components?.schemas;
  if (schemas) document.components!.schemas = Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]]));
  return document as ReturnType<typeof jsonSchemaTransformObject>;
};

/** The OpenAPI 3.1 document is generated from the routes' zod schemas; /openapi.json serves it, /docs explores it. */
async function swagger(app: FastifyInstance) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'API key created with `npm run keys -- create`' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: sortedComponents,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export default fp(swagger, { name: 'swagger' });
