/**
 * Wires the sufficiency scenarios into the app: the scenario catalogue, the runs service and the
 * solver pool (created lazily: no worker starts until the first run or server.ts's warm-up after
 * listening). Closing the app stops the pool; runs it interrupts are marked failed.
 */
import type { FastifyInstance } from 'fastify';
import { resolve } from 'node:path';
import fp from 'fastify-plugin';
import type { ProposedDesignationSource } from '../../domain/designation-source.js';
import type { DemandSource } from '../../domain/sufficiency/demand-source.js';
import { demandModelSource } from '../../domain/sufficiency/demand-model-source.js';
import { runsRepository } from '../../features/runs/runs-repository.js';
import { savedScenarioRepository } from '../../features/scenarios/saved-scenario-repository.js';
import { ScenarioCatalogue } from '../../features/scenarios/scenario-catalogue.js';
import { SufficiencyRuns } from '../../features/runs/sufficiency-runs.js';
import { SolverPool } from '../../features/runs/solver-pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    sufficiency: { runs: SufficiencyRuns; scenarios: ScenarioCatalogue; pool: SolverPool };
  }
}

export interface SufficiencyPluginOptions {
  /** Demand for runs; default: the demand model on the registry's inputs. */
  demand?: DemandSource;
  /** Officers' decisions; default: the designation review's approved set, when the review is installed. */
  approved?: () => Promise<ProposedDesignationSource>;
}

async function sufficiency(app: FastifyInstance, options: SufficiencyPluginOptions) {
  const repo = runsRepository(app.db);
  const interrupted = repo.failInterrupted();
  if (interrupted) app.log.warn({ runs: interrupted }, 'runs left unfinished by the last process marked failed');
  const { scenariosDir, solveTimeoutMs, solverThreads, solverMemoryMb, scenarioMaxVariables } = app.config;
  const pool = new SolverPool({
    threads: solverThreads || undefined,
    timeoutMs: solveTimeoutMs,
    memoryMb: solverMemoryMb,
    maxVariables: scenarioMaxVariables,
  });
  const demand = options.demand ?? demandModelSource(app.registry);
  const approved = options.approved ?? (app.hasDecorator('designationSources') ? () => app.designationSources.approved() : undefined);
  const runs = new SufficiencyRuns({ registry: app.registry, repo, pool, demand, approved, log: app.log });
  app.decorate('sufficiency', { runs, scenarios: new ScenarioCatalogue(resolve(scenariosDir), savedScenarioRepository(app.db)), pool });
  app.addHook('preClose', async () => runs.stop());
}

export default fp(sufficiency, { name: 'sufficiency' });
