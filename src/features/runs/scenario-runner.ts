/**
 * Running a sufficiency scenario, the one way both the service (POST /runs) and `npm run scenario`
 * do it:
 *
 * 1. prepare: assemble the scenario's inputs against the dataset (demand, provisions, supply
 *    changes), validating every reference once, and identify them (canonical JSON and its sha256,
 *    computed once and carried from here on). This runs in the assembly pool's worker thread;
 * 2. solve: build and solve the model in the solver pool's worker threads, from the inputs' JSON;
 *    the result comes back as JSON text, or the worker stores it in the service's database.
 *
 * `check` does the validation of step 1 without demand, for saving a scenario. Neither step runs on
 * the calling thread: an LSOA scenario's assembly alone takes a few hundred milliseconds, which the
 * HTTP thread must spend answering requests instead.
 *
 * The pools (src/jobs/worker-pool.ts) start their threads on first use or on `warm()`, never on the
 * start-up path.
 */
import { availableParallelism } from 'node:os';
import type { DesignationSnapshot } from '../../domain/designations/designation-sets.js';
import { demandRequestKey, demandRequestsOf } from '../../domain/sufficiency/path/assemble-path.js';
import type { DemandSource } from '../../domain/sufficiency/demand-source.js';
import type { LpStage, RunMeta } from '../../domain/sufficiency/run-identity.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import type { JobAnswer } from '../../jobs/job-worker.js';
import { JobBusyError, WorkerPool, type RunOptions } from '../../jobs/worker-pool.js';
import type { AssemblyAnswer, AssemblyTask, AssemblyWorkerData } from './assemble-worker.js';
import type { SolveAnswer, SolveRequest, SolveTask, StoredInputs } from './solve-worker.js';

export interface SolverOptions {
  /** Worker threads (default: one fewer than the CPUs, at least 1, so the HTTP thread keeps a core). */
  threads?: number;
  /** A solve running longer than this is stopped (its worker is terminated and replaced). */
  timeoutMs: number;
  /** Solves waiting beyond this many are refused (busy, 503). */
  maxQueue?: number;
  /** JavaScript heap limit per worker thread (MB); a worker past it is stopped and its solve fails. */
  memoryMb?: number;
  /** Models with more variables are refused before solving. */
  maxVariables?: number;
}

export interface ScenarioRunnerOptions {
  /** The dataset the assembly worker loads (the same folder as the service's registry). */
  modelsDir: string;
  solver: SolverOptions;
  /** Assembly worker threads (default 1: assembling is short next to solving). */
  assemblyThreads?: number;
  /**
   * Demand to use instead of the demand model (tests pass a fixture). It is asked on the calling
   * thread and its answer sent to the worker; the demand model itself runs in the worker.
   */
  demand?: DemandSource;
}

/** A scenario ready to solve: its inputs as stored, with their hash, and what the result reports about them. */
export interface PreparedRun extends StoredInputs {
  scenario: Scenario;
  meta: RunMeta;
}

/** Seconds a caller refused as busy is asked to wait before trying again. */
const BUSY_RETRY_SECONDS = 5;
const SOLVES_BUSY = 'too many solves are waiting; try again shortly';
/** The solver queue is full (503 with Retry-After). */
export const solversBusy = () => new JobBusyError(SOLVES_BUSY, BUSY_RETRY_SECONDS);

export class ScenarioRunner {
  readonly solverPool: WorkerPool<SolveTask, SolveAnswer>;
  private readonly assembly: WorkerPool<AssemblyTask, AssemblyAnswer>;

  constructor(private readonly options: ScenarioRunnerOptions) {
    const { solver } = options;
    this.solverPool = new WorkerPool({
      worker: new URL('./solve-worker.js', import.meta.url),
      noun: 'the solve',
      threads: solver.threads ?? Math.max(1, availableParallelism() - 1),
      keepThreads: true,
      maxQueue: solver.maxQueue,
      busy: { message: SOLVES_BUSY, retryAfterSeconds: BUSY_RETRY_SECONDS },
      timeLimitMs: solver.timeoutMs,
      memoryMb: solver.memoryMb,
    });
    const workerData: AssemblyWorkerData = { modelsDir: options.modelsDir };
    this.assembly = new WorkerPool({
      worker: new URL('./assemble-worker.js', import.meta.url),
      noun: 'the assembly',
      threads: options.assemblyThreads ?? 1,
      keepThreads: true,
      busy: { message: 'too many scenarios are being assembled; try again shortly', retryAfterSeconds: BUSY_RETRY_SECONDS },
      workerData: { ...workerData },
    });
  }

  /** Starts both pools' threads (the dataset loaded, HiGHS warmed); resolves when both are ready. */
  async warm(): Promise<void> {
    await Promise.all([this.assembly.warm(), this.solverPool.warm()]);
  }

  /** Whether the scenario would run against the dataset; throws ScenarioInputError's kind ('unprocessable') at the field. */
  async check(scenario: Scenario, approved?: DesignationSnapshot): Promise<void> {
    await this.assembly.run({ kind: 'check', scenario, ...(approved ? { approved: approved.entries } : {}) });
  }

  /** Assembles and identifies the scenario's inputs; a problem in the scenario throws at its field. */
  async prepare(scenario: Scenario, approved?: DesignationSnapshot): Promise<PreparedRun> {
    const source = this.options.demand;
    const demand = source ? Object.fromEntries(demandRequestsOf(scenario).map((r) => [demandRequestKey(r), source.pathwayDemand(r)])) : undefined;
    const answer = await this.assembly.run({ kind: 'prepare', scenario, ...(approved ? { approved: approved.entries } : {}), ...(demand ? { demand } : {}) });
    if (answer.kind !== 'prepared') throw new Error('unexpected worker answer');
    return { scenario, inputsJson: answer.inputsJson, inputsHash: answer.inputsHash, meta: answer.meta };
  }

  /**
   * Solves a prepared run in the solver pool, with the job's hooks (progress, when it starts, where
   * the worker stores the result). The result comes back as JSON text unless the worker stored it.
   */
  async solve(run: PreparedRun, hooks: RunOptions = {}): Promise<JobAnswer> {
    const { timeoutMs, maxVariables } = this.options.solver;
    const request: SolveRequest = {
      inputsJson: run.inputsJson,
      inputsHash: run.inputsHash,
      meta: run.meta,
      solver: run.scenario.solver,
      // HiGHS stops itself just before the pool would stop its thread, and says so.
      timeLimitMs: Math.max(1000, timeoutMs - 500),
      ...(maxVariables !== undefined ? { maxVariables } : {}),
    };
    return (await this.solverPool.run({ kind: 'solve', request }, hooks)) as JobAnswer;
  }

  /** One stage of a run's model (a path: of one year) as CPLEX LP text, rebuilt from its stored inputs in a solver thread. */
  async lp(inputs: StoredInputs, header: string[], stage?: LpStage, year?: number): Promise<string> {
    const answer = await this.solverPool.run({ kind: 'lp', inputs, header, ...(stage ? { stage } : {}), ...(year !== undefined ? { year } : {}) });
    return (answer as { text: string }).text;
  }

  async close(): Promise<void> {
    await Promise.all([this.solverPool.close(), this.assembly.close()]);
  }
}
