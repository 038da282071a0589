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
import { placementOptionsSchema } from '../../src/domain/placement/placement-result.js';
import { buildApp } from '../../src/app.js';
import { createApiKey } from '../../src/features/api-keys/api-keys.js';
import { loadConfig } from '../../src/config.js';
import { proposeAllMappings } from '../../src/domain/designations/designation-mapping.js';
import { approvedDesignationSet } from '../../src/domain/designations/designation-sets.js';
import { loadDataset } from '../../src/domain/dataset.js';
import errors from '../../src/plugins/app/errors.js';
import placements from '../../src/features/placements/placements-routes.js';

const kind = process.argv[2];
const modelsDir = resolve('models/kent');
let app: FastifyInstance;
if (kind === 'hello') {
  app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
} else if (kind === 'placements') {
  const dataDir = mkdtempSync(join(tmpdir(), 'planner-bench-'));
  app = await buildApp({
    config: loadConfig({ MODELS_DIR: modelsDir, DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }),
    registry: loadDataset(modelsDir),
  });
  // The route needs an API key, as in production: the driver reads it from this line.
  console.log(`KEY ${(await createApiKey(app.apiKeys, { name: 'Benchmark planner', role: 'planner' })).key}`);
} else if (kind === 'route-json' || kind === 'route-zod') {
  app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const registry = loadDataset(modelsDir);
  app.decorate('registry', registry);
  // Only 'approved' searches ask the review; without a database, every school is under review.
  const underReview = approvedDesignationSet(proposeAllMappings(registry), []);
  app.decorate('designationSources', { approved: async () => underReview } as unknown as FastifyInstance['designationSources']);
  await app.register(errors);
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
