/**
 * The story of a sufficiency run in the service: take the scenario (refusing it at once when the
 * solver queue is full), prepare it with the scenario runner (assembled and validated in a worker, so
 * bad references fail the request with the field path), store the run with its inputs and their
 * hash, solve it in the solver pool, and store the result or the reason it failed; the job's life
 * (queued, running with its progress, done or failed, interrupted on restart) is src/jobs/'s.
 * Finished runs are read (CSV tables, comparisons) in the result-view worker.
 */
import type { DesignationSnapshot } from '../../domain/designations/designation-sets.js';
import { DomainError } from '../../domain/errors.js';
import type { LpStage } from '../../domain/sufficiency/run-identity.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import { JobService, type JobLog } from '../../jobs/job-service.js';
import type { RunRecord, NewRun, RunsRepository } from './runs-repository.js';
import { solversBusy, type PreparedRun, type ScenarioRunner } from './scenario-runner.js';
import { viewIn, type ResultViewPool } from './result-view-pool.js';
import type { ResultViewTask, RunRef } from './result-view-worker.js';
import type { CompareOptions, ResultBytes, ResultTable } from './result-views.js';

export interface RunsServiceDeps {
  repo: RunsRepository;
  runner: ScenarioRunner;
  /** Officers' decisions as of now (the designation review); needed for designationSet 'approved'. */
  approved?: () => Promise<DesignationSnapshot>;
  /** The SQLite file `repo` writes to, so a worker can store a result and read one; absent for an in-memory database. */
  databaseFile?: string;
  /** Reads finished results (CSV tables, comparisons, workbooks) in a worker thread (shared with the workbooks plugin). */
  views: ResultViewPool;
  log: JobLog;
}

export class RunsService {
  private readonly jobs: JobService<PreparedRun, NewRun>;

  constructor(private readonly deps: RunsServiceDeps) {
    this.jobs = new JobService({
      table: deps.repo,
      run: (prepared, hooks) => deps.runner.solve(prepared, hooks),
      capacity: deps.runner.solverPool.capacity,
      busy: solversBusy,
      databaseFile: deps.databaseFile,
      log: deps.log,
      words: { noun: 'run', again: 'run it again', doing: 'solving' },
    });
  }

  /**
   * Prepares, stores and queues a run; returns its id. A scenario that does not fit the dataset
   * throws at its field (paths relative to the scenario); a full queue throws the busy error.
   */
  start(scenario: Scenario, createdBy: string | null): Promise<string> {
    return this.jobs.start(async () => {
      const prepared = await this.deps.runner.prepare(scenario, await this.approvedFor(scenario));
      const { inputsJson, inputsHash } = prepared;
      return { job: { scenarioId: scenario.id, scenarioName: scenario.name, inputsJson, inputsHash, solverChoice: scenario.solver, createdBy }, task: prepared };
    });
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

  /** Waits until the run finishes or `ms` pass, whichever is first. */
  waitFor(id: string, ms: number): Promise<void> {
    return this.jobs.wait(id, ms);
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
    return this.view({ kind: 'table', databaseFile: this.databaseFile(), run: this.finished(id), table });
  }

  /** A finished run (or path) as one workbook, every table a sheet, made in the result-view worker. */
  workbook(id: string): Promise<ResultBytes> {
    return this.view({ kind: 'runWorkbook', databaseFile: this.databaseFile(), run: this.finished(id) });
  }

  /** Two finished runs compared (other minus base), made in the result-view worker; `year` for paths. */
  compare(baseId: string, otherId: string, options: CompareOptions): Promise<ResultBytes> {
    return this.view({ kind: 'compare', databaseFile: this.databaseFile(), base: this.finished(baseId), other: this.finished(otherId), ...options });
  }

  private view(task: ResultViewTask): Promise<ResultBytes> {
    return viewIn(this.deps.views, task);
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
  stop(): Promise<void> {
    return this.jobs.stop(() => Promise.all([this.deps.runner.close(), this.deps.views.close()]));
  }
}
