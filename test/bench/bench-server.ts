/**
 * A server for the benchmark, in its own process so the load generator does not share its event
 * loop. Prints "PORT <n>" when listening.
 * - hello: a bare Fastify hello-world (the baseline);
 * - placements: the whole service (buildApp) on the Kent data;
 * - route-json / route-zod: only the placement-search route (with the zod type provider, error
 *   handler and designation sources), serialising responses with JSON.stringify or through zod,
 *   to measure what zod response serialisation costs;
 * - floor: the same POST body, validated by the same zod schema, answered with {"ok":true} and no
 *   search: the most a validated POST route can do on this machine, for scale.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { needProfileSchema } from '../../src/domain/matching/need-profile.js';
import { jsonSerializerCompiler } from '../../src/http/json-serializer.js';
import { placementOptionsSchema } from '../../src/http/matching-schemas.js';
import { buildApp } from '../../src/app.js';
import { loadRegistry } from '../../src/domain/registry/load-registry.js';
import designationSources from '../../src/plugins/designation-sources.js';
import errors from '../../src/plugins/errors.js';
import placements from '../../src/routes/placements.js';

const kind = process.argv[2];
const modelsDir = resolve('models/kent');
let app: FastifyInstance;
if (kind === 'hello') {
  app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
} else if (kind === 'placements') {
  const dataDir = mkdtempSync(join(tmpdir(), 'planner-bench-'));
  app = await buildApp({ config: { host: '127.0.0.1', port: 0, modelsDir, dataDir, logLevel: 'silent' }, registry: loadRegistry(modelsDir) });
} else if (kind === 'route-json' || kind === 'route-zod') {
  app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('registry', loadRegistry(modelsDir));
  await app.register(errors);
  await app.register(designationSources);
  await app.register(placements, { responseSerializer: kind === 'route-zod' ? 'zod' : 'json' });
} else if (kind === 'floor') {
  const typed = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  typed.setValidatorCompiler(validatorCompiler);
  typed.setSerializerCompiler(serializerCompiler);
  typed.post(
    '/placements/search',
    { schema: { body: z.strictObject({ profile: needProfileSchema, options: placementOptionsSchema.prefault({}) }) }, serializerCompiler: jsonSerializerCompiler },
    async () => ({ ok: true }),
  );
  app = typed as unknown as FastifyInstance;
} else {
  throw new Error('usage: bench-server hello|placements|route-json|route-zod|floor');
}
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
