/**
 * The story of a capital plan in the service: take the request (refusing it at once when the plan
 * queue is full), check it where it is cheap to (the budgets' years, the candidate overrides against
 * the schools, the scenario against the dataset in the assembly worker), store the plan with what it
 * was asked and who asked, solve it in the plan worker, and store the result or the reason it failed;
 * the job's life (queued, running with its progress, done or failed, interrupted on restart) is
 * src/jobs/'s. The use case itself, the same for the CLI, is src/domain/plan/capital-plan.ts.
 */
import { createHash } from 'node:crypto';
import type { DesignationSnapshot } from '../../domain/designations/designation-sets.js';
import { DomainError, fieldsUnder } from '../../domain/errors.js';
import { candidateSchools } from '../../domain/plan/plan-candidates-part.js';
import { applyCandidateOverrides, pathScenario, planBudgets, planYears, type PlanRequest } from '../../domain/plan/plan-request.js';
import { PLAN_MODEL_VERSION, type PlanResult } from '../../domain/plan/plan-result.js';
import type { Registry } from '../../domain/registry/registry.js';
import type { DemandSource } from '../../domain/sufficiency/demand-source.js';
import { demandRequestKey, demandRequestsOf } from '../../domain/sufficiency/path/assemble-path.js';
import { canonicalJson } from '../../domain/sufficiency/run-identity.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import { JobService, type JobLog } from '../../jobs/job-service.js';
import type { JobAnswer } from '../../jobs/job-worker.js';
import { JobBusyError, WorkerPool } from '../../jobs/worker-pool.js';
import type { PlanTask, PlanWorkerData } from './plan-worker.js';
import type { NewPlan, PlanRecord, PlansRepository } from './plans-repository.js';

/** How long a whole plan may take: the exact solve's limit three times over (its start, reasons and the value of capital), and two minutes. */
export const planHardLimitMs = (timeLimitSeconds: number) => 3 * timeLimitSeconds * 1000 + 120_000;

const PLANS_BUSY = { message: 'too many capital plans are waiting; try again shortly', retryAfterSeconds: 5 };

/**
 * The thread capital plans run in, started on the first plan and stopped after a minute without one.
 * One thread: a plan's solve takes a core for up to its time limit, and the sufficiency solves and the
 * HTTP thread need the others. Four plans may wait beyond the one running.
 */
export function planPool(options: { modelsDir: string; memoryMb?: number }): WorkerPool<PlanTask, JobAnswer> {
  const workerData: PlanWorkerData = { modelsDir: options.modelsDir };
  return new WorkerPool({
    worker: new URL('./plan-worker.js', import.meta.url),
    noun: 'the plan',
    maxQueue: 4,
    busy: PLANS_BUSY,
    memoryMb: options.memoryMb,
    workerData: { ...workerData },
  });
}

/** A plan's task with its time limit: the pool stops a plan running past planHardLimitMs. */
export const runPlan = (pool: WorkerPool<PlanTask, JobAnswer>, task: PlanTask, hooks = {}) =>
  pool.run(task, { ...hooks, timeLimitMs: planHardLimitMs(task.request.timeLimitSeconds) });

export interface PlansServiceDeps {
  repo: PlansRepository;
  pool: WorkerPool<PlanTask, JobAnswer>;
  registry: Registry;
  /** Checks a scenario against the dataset (the runs service's check, in its assembly worker). */
  checkScenario: (scenario: Scenario) => Promise<void>;
  /** Officers' decisions as of now, for designationSet 'approved'. */
  approved?: () => Promise<DesignationSnapshot>;
  /** Demand instead of the demand model (tests pass a fixture): asked here, answers sent to the worker. */
  demand?: DemandSource;
  databaseFile?: string;
  log: JobLog;
}

export interface PlanCaller {
  name: string;
  keyId: string;
}

export class PlansService {
  private readonly jobs: JobService<PlanTask, NewPlan>;

  constructor(private readonly deps: PlansServiceDeps) {
    this.jobs = new JobService({
      table: deps.repo,
      run: (task, hooks) => runPlan(deps.pool, task, hooks),
      capacity: deps.pool.capacity,
      busy: () => new JobBusyError(PLANS_BUSY.message, PLANS_BUSY.retryAfterSeconds),
      databaseFile: deps.databaseFile,
      log: deps.log,
      words: { noun: 'plan', again: 'ask for it again', doing: 'planning' },
    });
  }

  /**
   * Checks, stores and queues a plan; returns its id. A problem in the request throws at its field
   * under `requestAt` ("body"); one in the scenario under `scenarioAt` ("body.scenario", or "scenario <id>").
   */
  start(scenario: Scenario, request: PlanRequest, caller: PlanCaller | null, where: { requestAt: string; scenarioAt: string }): Promise<string> {
    return this.jobs.start(async () => {
      const { registry } = this.deps;
      await fieldsUnder(where.requestAt, () => {
        const { from, to } = planYears(scenario, request);
        planBudgets(request.budgets, Array.from({ length: to - from + 1 }, (_, i) => from + i));
        applyCandidateOverrides(registry.planCandidates, request.candidates, candidateSchools(registry));
      });
      const path = pathScenario(scenario, request);
      await fieldsUnder(where.scenarioAt, () => this.deps.checkScenario(path));
      const approved = scenario.designationSet === 'approved' ? await this.deps.approved?.() : undefined;
      const source = this.deps.demand;
      const demand = source ? Object.fromEntries(demandRequestsOf(path).map((r) => [demandRequestKey(r), source.pathwayDemand(r)])) : undefined;
      const scenarioJson = canonicalJson(scenario);
      const requestJson = canonicalJson(request);
      return {
        job: {
          scenarioId: scenario.id,
          scenarioName: scenario.name,
          scenarioJson,
          requestJson,
          requestHash: createHash('sha256').update(PLAN_MODEL_VERSION).update('\n').update(scenarioJson).update('\n').update(requestJson).digest('hex'),
          createdBy: caller?.name ?? null,
          createdByKeyId: caller?.keyId ?? null,
        },
        task: { scenario, request, ...(approved ? { approved: approved.entries } : {}), ...(demand ? { demand } : {}) },
      };
    });
  }

  /** Waits until the plan finishes or `ms` pass, whichever is first. */
  waitFor(id: string, ms: number): Promise<void> {
    return this.jobs.wait(id, ms);
  }

  get(id: string): PlanRecord {
    const plan = this.deps.repo.get(id);
    if (!plan) throw new DomainError('not-found', `no plan ${id}`);
    return plan;
  }

  /** A finished plan with its result; conflict while it is not done (yet, or ever). */
  done(id: string): { plan: PlanRecord; result: PlanResult } {
    const plan = this.get(id);
    if (plan.status !== 'done' || !plan.resultJson) throw new DomainError('conflict', `plan ${id} is ${plan.status}${plan.error ? `: ${plan.error}` : ''}; results exist once it is done`);
    return { plan, result: JSON.parse(plan.resultJson) as PlanResult };
  }

  list(limit: number, offset: number) {
    return this.deps.repo.list(limit, offset);
  }

  stop(): Promise<void> {
    return this.jobs.stop(() => this.deps.pool.close());
  }
}
