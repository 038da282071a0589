/**
 * Wires capital plans into the app (app.plans): the plans service with its worker (created on the
 * first plan, not at start-up). It reuses the runs plugin's check of a scenario against the dataset.
 * Closing the app stops the worker; plans it interrupts are marked failed, and so are those a stopped
 * process left unfinished.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DemandSource } from '../../domain/sufficiency/demand-source.js';
import { plansRepository } from '../../features/plans/plans-repository.js';
import { planPool, PlansService } from '../../features/plans/plans-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    plans: PlansService;
  }
}

export interface PlansPluginOptions {
  /** Demand instead of the demand model (tests pass a fixture). */
  demand?: DemandSource;
}

async function plans(app: FastifyInstance, options: PlansPluginOptions) {
  const approved = app.hasDecorator('designationSources') ? () => app.designationSources.approved() : undefined;
  const service = new PlansService({
    repo: plansRepository(app.db),
    pool: planPool({ modelsDir: app.councils.default.dir, memoryMb: app.config.solverMemoryMb }),
    registry: app.registry,
    checkScenario: (scenario) => app.runs.check(scenario),
    approved,
    demand: options.demand,
    databaseFile: app.db.memory ? undefined : app.db.name,
    log: app.log,
  });
  app.decorate('plans', service);
  app.addHook('preClose', async () => service.stop());
}

export default fp(plans, { name: 'plans', dependencies: ['runs'] });
