/**
 * Wires capital plans into the app: the plans service with its worker (created on the first plan, not
 * at start-up). It reuses the sufficiency plugin's scenario catalogue and its check of a scenario
 * against the dataset. Closing the app stops the worker; plans it interrupts are marked failed.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DemandSource } from '../../domain/sufficiency/demand-source.js';
import { CapitalPlans } from '../../features/plans/capital-plans.js';
import { PlanPool } from '../../features/plans/plan-pool.js';
import { plansRepository } from '../../features/plans/plans-repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    plans: CapitalPlans;
  }
}

export interface PlansPluginOptions {
  /** Demand instead of the demand model (tests pass a fixture). */
  demand?: DemandSource;
}

async function plans(app: FastifyInstance, options: PlansPluginOptions) {
  const repo = plansRepository(app.db);
  const interrupted = repo.failInterrupted();
  if (interrupted) app.log.warn({ plans: interrupted }, 'capital plans left unfinished by the last process marked failed');
  const pool = new PlanPool({ modelsDir: app.councils.default.dir, memoryMb: app.config.solverMemoryMb });
  const approved = app.hasDecorator('designationSources') ? () => app.designationSources.approved() : undefined;
  const service = new CapitalPlans({
    repo,
    pool,
    registry: app.registry,
    checkScenario: (scenario) => app.sufficiency.runs.check(scenario),
    approved,
    demand: options.demand,
    databaseFile: app.db.memory ? undefined : app.db.name,
    log: app.log,
  });
  app.decorate('plans', service);
  app.addHook('preClose', async () => service.stop());
}

export default fp(plans, { name: 'plans', dependencies: ['sufficiency'] });
