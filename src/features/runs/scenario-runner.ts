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
 * The pools' threads start on first use or on `warm()`, never on the start-up path.
 */
import { fileURLToPath } from 'node:url';
import type Piscina from 'piscina';
import type { DesignationSnapshot } from '../../domain/designations/designation-sets.js';
import { DomainError } from '../../domain/errors.js';
import { demandRequestKey, demandRequestsOf } from '../../domain/sufficiency/path/assemble-path.js';
import type { DemandSource } from '../../domain/sufficiency/demand-source.js';
import type { LpStage, RunMeta } from '../../domain/sufficiency/run-identity.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import type { Progress } from '../../domain/sufficiency/solve-sufficiency.js';
import type { AssemblyAnswer, AssemblyTask, AssemblyWorkerData } from './assemble-worker.js';
import type { SolvedRun, SolveRequest, StoredInputs } from './solve-worker.js';
import { SolverPool, type SolverPoolOptions } from './solver-pool.js';

export interface ScenarioRunnerOptions {
  /** The dataset the assembly worker loads (the same folder as the service's registry). */
  modelsDir: string;
  solver: SolverPoolOptions;
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

const fromSource = import.meta.url.endsWith('.ts');
const assemblyWorkerFile = fileURLToPath(new URL(fromSource ? './assemble-worker-tsx.mjs' : './assemble-worker.js', import.meta.url));

export class ScenarioRunner {
  readonly solverPool: SolverPool;
  private assembly?: Promise<Piscina<AssemblyTask, AssemblyAnswer>>;
  private closed = false;

  constructor(private readonly options: ScenarioRunnerOptions) {
    this.solverPool = new SolverPool(options.solver);
  }

  private assemblyPool(): Promise<Piscina<AssemblyTask, AssemblyAnswer>> {
    if (this.closed) throw new Error('scenario runner is closed');
    const threads = this.options.assemblyThreads ?? 1;
    const workerData: AssemblyWorkerData = { modelsDir: this.options.modelsDir };
    return (this.assembly ??= import('piscina').then(
      ({ Piscina: PiscinaClass }) =>
        new PiscinaClass<AssemblyTask, AssemblyAnswer>({ filename: assemblyWorkerFile, minThreads: threads, maxThreads: threads, idleTimeout: 60_000, workerData }),
    ));
  }

  private async assemble(task: AssemblyTask): Promise<AssemblyAnswer> {
    const answer = await (await this.assemblyPool()).run(task);
    if (answer.kind === 'refused') throw DomainError.fromData(answer.error);
    return answer;
  }

  /** Starts both pools' threads (the dataset loaded, HiGHS warmed); resolves when both are ready. */
  async warm(): Promise<void> {
    await Promise.all([this.assemble({ kind: 'warm' }), this.solverPool.warm()]);
  }

  /** Whether the scenario would run against the dataset; throws ScenarioInputError's kind ('unprocessable') at the field. */
  async check(scenario: Scenario, approved?: DesignationSnapshot): Promise<void> {
    await this.assemble({ kind: 'check', scenario, ...(approved ? { approved: approved.entries } : {}) });
  }

  /** Assembles and identifies the scenario's inputs; a problem in the scenario throws at its field. */
  async prepare(scenario: Scenario, approved?: DesignationSnapshot): Promise<PreparedRun> {
    const source = this.options.demand;
    const demand = source ? Object.fromEntries(demandRequestsOf(scenario).map((r) => [demandRequestKey(r), source.pathwayDemand(r)])) : undefined;
    const answer = await this.assemble({ kind: 'prepare', scenario, ...(approved ? { approved: approved.entries } : {}), ...(demand ? { demand } : {}) });
    if (answer.kind !== 'prepared') throw new Error('unexpected worker answer');
    return {
      scenario,
      inputsJson: answer.inputsJson,
      inputsHash: answer.inputsHash,
      meta: answer.meta,
    };
  }

  /**
   * Solves a prepared run in the solver pool. The result comes back as JSON text, or, with
   * `storeAs`, the solver thread stores it as that run's result in that database itself.
   */
  solve(run: PreparedRun, options: { progress?: Progress; storeAs?: SolveRequest['storeAs'] } = {}): Promise<SolvedRun> {
    const request: SolveRequest = { inputsJson: run.inputsJson, inputsHash: run.inputsHash, meta: run.meta, solver: run.scenario.solver };
    return this.solverPool.solve(options.storeAs ? { ...request, storeAs: options.storeAs } : request, options.progress);
  }

  /** One stage of a run's model (a path: of one year) as CPLEX LP text, rebuilt from its stored inputs in a solver thread. */
  lp(inputs: StoredInputs, header: string[], stage?: LpStage, year?: number): Promise<string> {
    return this.solverPool.lp(inputs, header, stage, year);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.solverPool.close(), this.assembly?.then((pool) => pool.destroy())]);
  }
}
