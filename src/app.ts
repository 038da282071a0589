/**
 * The whole service as one Fastify plugin tree, without a port (fastify/demo's app.ts): the
 * configuration, dataset and database it is given, the app-wide plugins (errors, security, auth,
 * OpenAPI, the services in plugins/app/) and every feature's routes, in the order they depend on each
 * other. server.ts listens; tests build it with inject().
 */
import { basename } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Access } from './features/api-keys/roles.js';
import type { Config } from './config.js';
import type { Registry } from './domain/registry/registry.js';
import { councilOf, Councils } from './domain/registry/councils.js';
import { openDatabase, type Db } from './database/database.js';
import auth from './plugins/app/auth.js';
import batches from './plugins/app/batches.js';
import dashboard from './plugins/app/dashboard.js';
import errors from './plugins/app/errors.js';
import review from './plugins/app/review.js';
import security from './plugins/external/security.js';
import swagger from './plugins/external/swagger.js';
import demand from './features/demand/demand-routes.js';
import apiKeys from './features/api-keys/api-keys-routes.js';
import audit from './features/audit/audit-routes.js';
import designations from './features/catalogue/designations-routes.js';
import health from './features/health/health-routes.js';
import localities from './features/catalogue/localities-routes.js';
import mappingReview from './features/review/mapping-review-routes.js';
import match from './features/matching/match-routes.js';
import placements from './features/placements/placements-routes.js';
import provisions from './features/catalogue/provisions-routes.js';
import schools from './features/catalogue/schools-routes.js';
import runs from './features/runs/runs-routes.js';
import plansRoutes from './features/plans/plans-routes.js';
import scenarios from './features/scenarios/scenarios-routes.js';
import runsPlugin from './plugins/app/runs.js';
import workbooks from './plugins/app/workbooks.js';
import plans from './plugins/app/plans.js';
import type { DemandSource } from './domain/sufficiency/demand-source.js';
import type { DesignationSnapshot } from './domain/designations/designation-sets.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every loaded council; `?la=` picks one (src/http/council.ts). */
    councils: Councils;
    /** The default council's registry (Kent): for the features that serve one council (runs, plans, review). */
    registry: Registry;
    config: Config;
    db: Db;
  }
  interface FastifyContextConfig {
    /**
     * Who may call the route: 'public' (default), 'authenticated' (any valid API key) or a list of roles.
     * Declared on every route that takes personal data or changes state; the auth plugin enforces it.
     */
    access?: Access;
  }
}

export interface AppOptions {
  config: Config;
  /** The default council's registry (Kent). */
  registry: Registry;
  /** Every council loaded (loadCouncils); absent, the registry's council alone. */
  councils?: Councils;
  /** An open database; when absent the app opens one in config.dataDir and closes it with the app. */
  db?: Db;
  logger?: FastifyServerOptions['logger'];
  /** Demand for sufficiency scenarios; default: the demand model (tests may pass a fixture). */
  demand?: DemandSource;
  /** Officers' approved designations, for scenarios with designationSet 'approved'. */
  approvedDesignations?: () => Promise<DesignationSnapshot>;
}

/** Pino options: JSON lines, request ids, and nothing from request bodies or credentials. */
export function loggerOptions(level: Config['logLevel']): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.body', 'body', 'profile', 'profiles'], censor: '[redacted]' },
  };
}

/**
 * The whole service as one Fastify instance, without a port: server.ts listens, tests inject().
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 5 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', options.config);
  const alone = basename(options.config.modelsDir);
  const councils = options.councils ?? new Councils([councilOf(alone, options.config.modelsDir, options.registry)], alone);
  if (councils.default.registry !== options.registry) throw new Error("the registry given is not the default council's");
  app.decorate('councils', councils);
  app.decorate('registry', options.registry);
  const db = options.db ?? openDatabase(options.config.dataDir);
  app.decorate('db', db);
  if (!options.db) app.addHook('onClose', async () => db.close());

  await app.register(errors);
  await app.register(security);
  // Before any route: its onRoute hook reads each route's access declaration.
  await app.register(auth);
  await app.register(swagger);
  await app.register(workbooks);
  await app.register(review);
  await app.register(health);
  await app.register(schools);
  await app.register(provisions);
  await app.register(designations);
  await app.register(localities);
  await app.register(demand);
  await app.register(mappingReview);
  await app.register(audit);
  await app.register(apiKeys);
  await app.register(batches);
  await app.register(match);
  await app.register(placements);
  await app.register(runsPlugin, { demand: options.demand, approved: options.approvedDesignations });
  await app.register(scenarios);
  await app.register(runs);
  await app.register(plans, { demand: options.demand });
  await app.register(plansRoutes);
  await app.register(dashboard);
  await app.ready();
  return app;
}
