/**
 * The story of a sufficiency run in the service: take the scenario (refusing it at once when the
 * solver queue is full), prepare it with the scenario runner (assembled and validated in a worker, so
 * bad references fail the request with the field path), store the run with its inputs and their
 * hash, solve it in the worker pool, and store the result or the reason it failed. Runs left
 * unfinished by a stopped process are marked failed on start-up.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { DesignationSnapshot } from '../../domain/designation-sets.js';
import { DomainError } from '../../domain/errors.js';
import { SolveFailedError, type LpStage } from '../../domain/sufficiency/run-identity.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import type { RunRecord, RunsRepository } from './runs-repository.js';
import type { PreparedRun, ScenarioRunner } from './scenario-runner.js';
import type { ResultBytes, ResultViewPool } from './result-view-pool.js';
import type { RunRef } from './result-view-worker.js';
import type { CompareOptions, ResultTable } from './result-views.js';
import { SolverBusyError, SolverCrashedError, SolveTimeoutError } from './solver-pool.js';

export interface SufficiencyRunsDeps {
  repo: RunsRepository;
  runner: ScenarioRunner;
  /** Officers' decisions as of now (the designation review); needed for designationSet 'approved'. */
  approved?: () => Promise<DesignationSnapshot>;
  /** The SQLite file `repo` writes to, so a solver thread can store a result itself; absent for an in-memory database. */
  databaseFile?: string;
  /** Reads finished results (CSV tables, comparisons) in a worker thread. */
  views: ResultViewPool;
  log: FastifyBaseLogger;
}

export class SufficiencyRuns {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Runs taken and not yet finished, those still being prepared included: what the solver queue must hold. */
  private pending = 0;
  private stopping = false;

  constructor(private readonly deps: SufficiencyRunsDeps) {}

  /**
   * Prepares, stores and queues a run; returns its id. A scenario that does not fit the dataset
   * throws at its field (paths relative to the scenario); a full queue throws SolverBusyError.
   */
  async start(scenario: Scenario, createdBy: string | null): Promise<string> {
    const { repo, runner } = this.deps;
    // Counted from the moment it is taken, so a burst of requests cannot all pass the check while
    // their scenarios are still being assembled.
    if (this.stopping || this.pending >= runner.solverPool.capacity) throw new SolverBusyError();
    this.pending++;
    let prepared: PreparedRun;
    try {
      prepared = await runner.prepare(scenario, await this.approvedFor(scenario));
    } catch (err) {
      this.pending--;
      throw err;
    }
    const id = randomUUID();
    try {
      repo.create({
        id,
        scenarioId: scenario.id,
        scenarioName: scenario.name,
        inputsJson: prepared.inputsJson,
        inputsHash: prepared.inputsHash,
        solverChoice: scenario.solver,
        createdBy,
      });
    } catch (err) {
      this.pending--;
      throw err;
    }
    const job = this.execute(id, prepared).finally(() => {
      this.inFlight.delete(id);
      this.pending--;
    });
    this.inFlight.set(id, job);
    return id;
  }

  /** Whether the scenario would run against the dataset now (its designation set as of now); throws at the field. */
  async check(scenario: Scenario): Promise<void> {
    await this.deps.runner.check(scenario, await this.approvedFor(scenario));
  }

  /**
   * The approved set is read when the run starts and baked into its inputs (and so its hash): a
   * decision made while the run waits does not change what it solves.
   */
  private async approvedFor(scenario: Scenario): Promise<DesignationSnapshot | undefined> {
    return scenario.designationSet === 'approved' ? this.deps.approved?.() : undefined;
  }

  private async execute(id: string, prepared: PreparedRun): Promise<void> {
    const { repo, runner, log } = this.deps;
    try {
      repo.markRunning(id);
      const { databaseFile } = this.deps;
      const solved = await runner.solve(prepared, databaseFile ? { storeAs: { databaseFile, runId: id } } : {});
      if (!solved.stored) repo.markDone(id, solved.resultJson);
      log.info({ run: id, scenario: prepared.scenario.id, solver: solved.solver, solveMs: solved.solveMs }, 'sufficiency run done');
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
  waitFor(id: string, ms: number): Promise<void> {
    return waitAtMost(this.inFlight.get(id), ms);
  }

  /** The run; not-found when there is none. */
  get(id: string): RunRecord {
    const run = this.deps.repo.get(id);
    if (!run) throw new DomainError('not-found', `no run ${id}`);
    return run;
  }

  /** A finished run, its status checked here and its result left in the database for the worker to read. */
  private finished(id: string): RunRef {
    const run = this.deps.repo.summary(id);
    if (!run) throw new DomainError('not-found', `no run ${id}`);
    if (run.status !== 'done') {
      throw new DomainError('conflict', `run ${id} is ${run.status}${run.error ? `: ${run.error}` : ''}; results exist once it is done`);
    }
    return { id: run.id, scenarioId: run.scenarioId, scenarioName: run.scenarioName };
  }

  /** One table of a finished run as CSV, made in the result-view worker. */
  table(id: string, table: ResultTable): Promise<ResultBytes> {
    return this.deps.views.view({ kind: 'table', databaseFile: this.databaseFile(), run: this.finished(id), table });
  }

  /** A finished run (or path) as one workbook, every table a sheet, made in the result-view worker. */
  workbook(id: string): Promise<ResultBytes> {
    return this.deps.views.view({ kind: 'runWorkbook', databaseFile: this.databaseFile(), run: this.finished(id) });
  }

  /** Two finished runs compared (other minus base), made in the result-view worker; `year` for paths. */
  compare(baseId: string, otherId: string, options: CompareOptions): Promise<ResultBytes> {
    return this.deps.views.view({ kind: 'compare', databaseFile: this.databaseFile(), base: this.finished(baseId), other: this.finished(otherId), ...options });
  }

  private databaseFile(): string {
    if (!this.deps.databaseFile) throw new DomainError('unavailable', 'results are read in a worker thread from the database file; this service has an in-memory database');
    return this.deps.databaseFile;
  }

  list(limit: number, offset: number) {
    return this.deps.repo.list(limit, offset);
  }

  /** One stage of the run's model (a path: of one year) as CPLEX LP text, rebuilt from its stored inputs in a worker. */
  async lp(id: string, stage?: LpStage, year?: number): Promise<string> {
    const run = this.get(id);
    return this.deps.runner.lp(this.deps.repo.inputs(id)!, [`run ${run.id}: scenario ${run.scenarioId} (${run.scenarioName}), created ${run.createdAt}`], stage, year);
  }

  /** Stops taking work and lets running solves end (their runs are marked failed). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.deps.runner.close(), this.deps.views.close()]);
    await Promise.allSettled([...this.inFlight.values()]);
  }
}

/** Waits until a job in flight ends or `ms` pass, whichever is first (no job: at once). */
export async function waitAtMost(job: Promise<void> | undefined, ms: number): Promise<void> {
  if (!job) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([job, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
