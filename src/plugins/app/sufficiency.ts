/**
 * Wires the sufficiency scenarios into the app: the scenario catalogue, the runs service and the
 * scenario runner with its worker pools (created lazily: no worker starts until the first run or
 * server.ts's warm-up after listening). Closing the app stops the pools; runs it interrupts are
 * marked failed.
 */
import type { FastifyInstance } from 'fastify';
import { resolve } from 'node:path';
import fp from 'fastify-plugin';
import type { DesignationSnapshot } from '../../domain/designation-sets.js';
import type { DemandSource } from '../../domain/sufficiency/demand-source.js';
import { runsRepository } from '../../features/runs/runs-repository.js';
import { ScenarioRunner } from '../../features/runs/scenario-runner.js';
import { SufficiencyRuns } from '../../features/runs/sufficiency-runs.js';
import { savedScenarioRepository } from '../../features/scenarios/saved-scenario-repository.js';
import { ScenarioCatalogue } from '../../features/scenarios/scenario-catalogue.js';

declare module 'fastify' {
  interface FastifyInstance {
    sufficiency: { runs: SufficiencyRuns; scenarios: ScenarioCatalogue; runner: ScenarioRunner };
  }
}

export interface SufficiencyPluginOptions {
  /** Demand for runs instead of the demand model (tests pass a fixture). */
  demand?: DemandSource;
  /** Officers' decisions; default: the designation review's approved set, when the review is installed. */
  approved?: () => Promise<DesignationSnapshot>;
}

async function sufficiency(app: FastifyInstance, options: SufficiencyPluginOptions) {
  const repo = runsRepository(app.db);
  const interrupted = repo.failInterrupted();
  if (interrupted) app.log.warn({ runs: interrupted }, 'runs left unfinished by the last process marked failed');
  const { scenariosDir, solveTimeoutMs, solverThreads, solverMemoryMb, scenarioMaxVariables } = app.config;
  const runner = new ScenarioRunner({
    // Runs are the default council's (Kent's) in this version; another council's run is the next phase of issue 24.
    modelsDir: app.councils.default.dir,
    demand: options.demand,
    solver: { threads: solverThreads || undefined, timeoutMs: solveTimeoutMs, memoryMb: solverMemoryMb, maxVariables: scenarioMaxVariables },
  });
  const approved = options.approved ?? (app.hasDecorator('designationSources') ? () => app.designationSources.approved() : undefined);
  const runs = new SufficiencyRuns({ repo, runner, views: app.workbooks.pool, approved, databaseFile: app.db.memory ? undefined : app.db.name, log: app.log });
  const scenarios = new ScenarioCatalogue(resolve(scenariosDir), savedScenarioRepository(app.db), (scenario) => runs.check(scenario), {
    defaultName: app.councils.default.name,
    nameOf: (folder) => app.councils.all().find((c) => c.id === folder)?.name,
  });
  app.decorate('sufficiency', { runs, scenarios, runner });
  app.addHook('preClose', async () => runs.stop());
}

export default fp(sufficiency, { name: 'sufficiency', dependencies: ['workbooks'] });
