/**
 * The story of a sufficiency run: assemble the scenario's inputs (here, so bad references fail the
 * request with the field path), store the run with its inputs, solve it in the worker pool, and store
 * the result or the reason it failed. Runs left unfinished by a stopped process are marked failed on
 * start-up.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ProposedDesignationSource } from '../../domain/designation-source.js';
import type { Registry } from '../../domain/registry/registry.js';
import { assembleInputs } from '../../domain/sufficiency/assemble-inputs.js';
import type { DemandSource } from '../../domain/sufficiency/demand-source.js';
import type { SufficiencyInputs } from '../../domain/sufficiency/inputs.js';
import type { SufficiencyResult } from '../../domain/sufficiency/result.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import { hashInputs, SolveFailedError, type RunMeta } from '../../domain/sufficiency/run-identity.js';
import type { RunRecord, RunsRepository } from './runs-repository.js';
import { SolverBusyError, SolverCrashedError, SolverPool, SolveTimeoutError } from './solver-pool.js';

/** The service has no demand model to run scenarios against. */
export class DemandUnavailableError extends Error {}

export interface SufficiencyRunsDeps {
  registry: Registry;
  repo: RunsRepository;
  pool: SolverPool;
  demand?: DemandSource;
  /** Officers' decisions as of now (the designation review); needed for designationSet 'approved'. */
  approved?: () => Promise<ProposedDesignationSource>;
  log: FastifyBaseLogger;
}

export class SufficiencyRuns {
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(private readonly deps: SufficiencyRunsDeps) {}

  /** Assembles, stores and queues a run; returns its id. Throws ScenarioInputError / DemandRequestError for bad scenarios. */
  async start(scenario: Scenario, createdBy: string | null): Promise<string> {
    const { registry, repo } = this.deps;
    // The approved set is read now and baked into the run's inputs (and so its hash): a decision made
    // while the run waits does not change what it solves.
    const approved = scenario.designationSet === 'approved' && this.deps.approved ? await this.deps.approved() : undefined;
    if (!this.deps.demand) throw new DemandUnavailableError('the demand model is not installed in this service, so scenarios cannot be run');
    if (this.stopping || !this.deps.pool.canAccept()) throw new SolverBusyError('too many solves are waiting; try again shortly');
    const assembled = assembleInputs(scenario, registry, { demand: this.deps.demand, approved });
    const meta: RunMeta = {
      scenarioId: scenario.id,
      scenarioName: scenario.name,
      designationSet: scenario.designationSet,
      assumptions: assembled.assumptions,
      notes: assembled.notes,
    };
    const id = randomUUID();
    repo.create({
      id,
      scenarioId: scenario.id,
      scenarioName: scenario.name,
      scenarioJson: JSON.stringify(scenario),
      inputsJson: JSON.stringify(assembled.inputs),
      metaJson: JSON.stringify(meta),
      inputsHash: hashInputs(assembled.inputs),
      solverChoice: scenario.solver,
      createdBy,
    });
    const job = this.execute(id, assembled.inputs, meta, scenario.solver).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, job);
    return id;
  }

  private async execute(id: string, inputs: SufficiencyInputs, meta: RunMeta, solver: Scenario['solver']): Promise<void> {
    const { repo, pool, log } = this.deps;
    try {
      repo.markRunning(id);
      const result = await pool.solve({ inputs, meta, solver });
      repo.markDone(id, JSON.stringify(result));
      log.info({ run: id, scenario: meta.scenarioId, solver: result.solver.name, solveMs: result.solver.solveMs }, 'sufficiency run done');
    } catch (err) {
      const known = err instanceof SolveTimeoutError || err instanceof SolveFailedError || err instanceof SolverCrashedError;
      const message = this.stopping ? 'the service stopped before the run finished; run it again' : known ? (err as Error).message : 'internal error while solving; see the service log';
      if (!this.stopping && !(err instanceof SolveFailedError)) log.error({ err, run: id }, 'sufficiency run failed');
      try {
        repo.markFailed(id, message);
      } catch {
        // The database may already be closed during shutdown; start-up marks such runs failed.
      }
    }
  }

  /** Waits until the run finishes or `ms` pass, whichever is first. */
  async waitFor(id: string, ms: number): Promise<void> {
    const job = this.inFlight.get(id);
    if (!job) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  get(id: string): RunRecord | undefined {
    return this.deps.repo.get(id);
  }

  /** The approved designation set now, when the designation review is installed. */
  async approvedSet(): Promise<ProposedDesignationSource | undefined> {
    return this.deps.approved?.();
  }

  list(limit: number, offset: number) {
    return this.deps.repo.list(limit, offset);
  }

  resultOf(run: RunRecord): SufficiencyResult | null {
    return run.resultJson ? (JSON.parse(run.resultJson) as SufficiencyResult) : null;
  }

  /** The run's exact model as CPLEX LP text, rebuilt from its stored inputs in a worker. */
  async lp(run: RunRecord): Promise<string> {
    const inputs = JSON.parse(run.inputsJson) as SufficiencyInputs;
    return this.deps.pool.lp(inputs, [`run ${run.id}: scenario ${run.scenarioId} (${run.scenarioName}), created ${run.createdAt}`]);
  }

  /** Stops taking work and lets running solves end (their runs are marked failed). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.deps.pool.close();
    await Promise.allSettled([...this.inFlight.values()]);
  }
}
