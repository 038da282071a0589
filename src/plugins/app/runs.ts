/**
 * Wires sufficiency runs into the app: the scenario catalogue (app.scenarios), the scenario runner
 * with its worker pools (app.scenarioRunner, created lazily: no worker starts until the first run or
 * server.ts's warm-up after listening) and the runs service (app.runs). Closing the app stops the
 * pools; runs it interrupts are marked failed, and so are those a stopped process left unfinished.
 */
import type { FastifyInstance } from 'fastify';
import { resolve } from 'node:path';
import fp from 'fastify-plugin';
import type { DesignationSnapshot } from '../../domain/designations/designation-sets.js';
import type { DemandSource } from '../../domain/sufficiency/demand-source.js';
import { runsRepository } from '../../features/runs/runs-repository.js';
import { RunsService } from '../../features/runs/runs-service.js';
import { ScenarioRunner } from '../../features/runs/scenario-runner.js';
import { savedScenarioRepository } from '../../features/scenarios/saved-scenario-repository.js';
import { ScenarioCatalogue } from '../../features/scenarios/scenario-catalogue.js';

declare module 'fastify' {
  interface FastifyInstance {
    runs: RunsService;
    scenarios: ScenarioCatalogue;
    scenarioRunner: ScenarioRunner;
  }
}

export interface RunsPluginOptions {
  /** Demand for runs instead of the demand model (tests pass a fixture). */
  demand?: DemandSource;
  /** Officers' decisions; default: the designation review's approved set, when the review is installed. */
  approved?: () => Promise<DesignationSnapshot>;
}

async function runs(app: FastifyInstance, options: RunsPluginOptions) {
  const { scenariosDir, solveTimeoutMs, solverThreads, solverMemoryMb, scenarioMaxVariables } = app.config;
  const runner = new ScenarioRunner({
    // Runs are the default council's (Kent's) in this version; another council's run is the next phase of issue 24.
    modelsDir: app.councils.default.dir,
    demand: options.demand,
    solver: { threads: solverThreads || undefined, timeoutMs: solveTimeoutMs, memoryMb: solverMemoryMb, maxVariables: scenarioMaxVariables },
  });
  const approved = options.approved ?? (app.hasDecorator('designationSources') ? () => app.designationSources.approved() : undefined);
  const service = new RunsService({ repo: runsRepository(app.db), runner, views: app.workbooks.pool, approved, databaseFile: app.db.memory ? undefined : app.db.name, log: app.log });
  const scenarios = new ScenarioCatalogue(resolve(scenariosDir), savedScenarioRepository(app.db), (scenario) => service.check(scenario), {
    defaultName: app.councils.default.name,
    nameOf: (folder) => app.councils.all().find((c) => c.id === folder)?.name,
  });
  app.decorate('runs', service);
  app.decorate('scenarios', scenarios);
  app.decorate('scenarioRunner', runner);
  app.addHook('preClose', async () => service.stop());
}

export default fp(runs, { name: 'runs', dependencies: ['workbooks'] });
