/**
 * The story of a capital plan in the service: take the request (refusing it at once when the plan
 * queue is full), check it where it is cheap to (the budgets' years, the candidate overrides against
 * the schools, the scenario against the dataset in the assembly worker), store the plan with what it
 * was asked and who asked, solve it in the plan worker, and store the result or the reason it failed.
 * Plans left unfinished by a stopped process are marked failed on start-up.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
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
import { SolverCrashedError, SolveTimeoutError } from '../runs/solver-pool.js';
import { waitAtMost } from '../runs/sufficiency-runs.js';
import { PlanPool, PlansBusyError } from './plan-pool.js';
import type { PlanRecord, PlansRepository } from './plans-repository.js';

export interface CapitalPlansDeps {
  repo: PlansRepository;
  pool: PlanPool;
  registry: Registry;
  /** Checks a scenario against the dataset (the runs service's check, in its assembly worker). */
  checkScenario: (scenario: Scenario) => Promise<void>;
  /** Officers' decisions as of now, for designationSet 'approved'. */
  approved?: () => Promise<DesignationSnapshot>;
  /** Demand instead of the demand model (tests pass a fixture): asked here, answers sent to the worker. */
  demand?: DemandSource;
  databaseFile?: string;
  log: FastifyBaseLogger;
}

export interface PlanCaller {
  name: string;
  keyId: string;
}

export class CapitalPlans {
  private readonly inFlight = new Map<string, Promise<void>>();
  private pending = 0;
  private stopping = false;

  constructor(private readonly deps: CapitalPlansDeps) {}

  /**
   * Checks, stores and queues a plan; returns its id. A problem in the request throws at its field
   * under `requestAt` ("body"); one in the scenario under `scenarioAt` ("body.scenario", or "scenario <id>").
   */
  async start(scenario: Scenario, request: PlanRequest, caller: PlanCaller | null, where: { requestAt: string; scenarioAt: string }): Promise<string> {
    const { repo, registry } = this.deps;
    if (this.stopping || this.pending >= this.deps.pool.capacity) throw new PlansBusyError();
    this.pending++;
    let task: Parameters<PlanPool['run']>[0];
    try {
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
      task = { kind: 'plan', scenario, request, ...(approved ? { approved: approved.entries } : {}), ...(demand ? { demand } : {}) };
    } catch (err) {
      this.pending--;
      throw err;
    }
    const id = randomUUID();
    const scenarioJson = canonicalJson(scenario);
    const requestJson = canonicalJson(request);
    try {
      repo.create({
        id,
        scenarioId: scenario.id,
        scenarioName: scenario.name,
        scenarioJson,
        requestJson,
        requestHash: createHash('sha256').update(PLAN_MODEL_VERSION).update('\n').update(scenarioJson).update('\n').update(requestJson).digest('hex'),
        createdBy: caller?.name ?? null,
        createdByKeyId: caller?.keyId ?? null,
      });
    } catch (err) {
      this.pending--;
      throw err;
    }
    const job = this.execute(id, task).finally(() => {
      this.inFlight.delete(id);
      this.pending--;
    });
    this.inFlight.set(id, job);
    return id;
  }

  private async execute(id: string, task: Parameters<PlanPool['run']>[0]): Promise<void> {
    const { repo, pool, log, databaseFile } = this.deps;
    try {
      repo.markRunning(id);
      const answer = await pool.run(databaseFile ? { ...task, storeAs: { databaseFile, planId: id } } : task);
      if (!answer.stored) repo.markDone(id, answer.resultJson);
      log.info({ plan: id, scenario: task.scenario.id, status: answer.status, totalMs: Math.round(answer.totalMs) }, 'capital plan done');
    } catch (err) {
      const known = err instanceof SolveTimeoutError || err instanceof SolverCrashedError || err instanceof DomainError;
      const message = this.stopping ? 'the service stopped before the plan finished; ask for it again' : known ? (err as Error).message : 'internal error while planning; see the service log';
      if (!this.stopping && !(err instanceof DomainError)) log.error({ err, plan: id }, 'capital plan failed');
      try {
        repo.markFailed(id, message);
      } catch {
        // The database may already be closed during shutdown; start-up marks such plans failed.
      }
    }
  }

  /** Waits until the plan finishes or `ms` pass, whichever is first. */
  waitFor(id: string, ms: number): Promise<void> {
    return waitAtMost(this.inFlight.get(id), ms);
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

  async stop(): Promise<void> {
    this.stopping = true;
    await this.deps.pool.close();
    await Promise.allSettled([...this.inFlight.values()]);
  }
}
