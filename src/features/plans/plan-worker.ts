/**
 * Worker-thread entry for capital plans: a plan assembles a path, solves a mixed-integer programme for
 * up to its time limit, explains it with an LP per build and runs the path model twice; none of that
 * may run on the HTTP thread. Each worker loads the dataset (candidate builds are placed at its schools,
 * and the resulting path is assembled from it) and HiGHS once.
 *
 * The result leaves as JSON text, or is stored by the worker itself, as a sufficiency run's is: a
 * district plan's result is about 2 MB (the resulting path's years, rows and provisions).
 */
import { workerData } from 'piscina';
import { openDatabaseFile } from '../../database/database.js';
import { loadDataset } from '../../domain/dataset.js';
import type { SchoolProposedDesignation } from '../../domain/designations/designation-source.js';
import { DomainError, type DomainErrorData } from '../../domain/errors.js';
import { loadHighsSolver } from '../../domain/lp/solvers/highs-solver.js';
import { planCapital } from '../../domain/plan/capital-plan.js';
import { applyCandidateOverrides, type PlanRequest } from '../../domain/plan/plan-request.js';
import { demandModelSource } from '../../domain/sufficiency/demand-model-source.js';
import type { DemandAnswer } from '../../domain/sufficiency/demand-source.js';
import { answeredDemand } from '../../domain/sufficiency/path/assemble-path.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import { giveWayToHttpThread } from '../runs/worker-priority.js';
import { candidateSchools } from '../../domain/plan/plan-candidates-part.js';
import { plansRepository, type PlansRepository } from './plans-repository.js';

export interface PlanWorkerData {
  modelsDir: string;
}

export type PlanTask =
  | { kind: 'warm' }
  | {
      kind: 'plan';
      scenario: Scenario;
      request: PlanRequest;
      approved?: readonly SchoolProposedDesignation[];
      /** Answers to the scenario's demand questions, when the caller computed them (a test's fixture demand). */
      demand?: Record<string, DemandAnswer>;
      /** Store the result as this plan's, in this SQLite file, from the worker. */
      storeAs?: { databaseFile: string; planId: string };
    };

export type PlanAnswer =
  | { kind: 'warm' }
  | { kind: 'planned'; stored: true; status: string; totalMs: number }
  | { kind: 'planned'; stored: false; status: string; totalMs: number; resultJson: string }
  | { kind: 'refused'; error: DomainErrorData };

giveWayToHttpThread();
const registry = loadDataset((workerData as PlanWorkerData).modelsDir);
const demandModel = demandModelSource(registry);
const highs = loadHighsSolver();

let plans: { file: string; repo: PlansRepository } | undefined;
function plansIn(databaseFile: string): PlansRepository {
  if (plans?.file !== databaseFile) plans = { file: databaseFile, repo: plansRepository(openDatabaseFile(databaseFile)) };
  return plans.repo;
}

function approvedSource(entries: readonly SchoolProposedDesignation[] | undefined) {
  if (!entries) return undefined;
  const byUrn = new Map(entries.map((e) => [e.urn, e]));
  return { designationOf: (urn: number) => byUrn.get(urn) };
}

export default async function handle(task: PlanTask): Promise<PlanAnswer> {
  if (task.kind === 'warm') {
    await highs;
    return { kind: 'warm' };
  }
  try {
    const candidates = applyCandidateOverrides(registry.planCandidates, task.request.candidates, candidateSchools(registry));
    const demand = task.demand ? answeredDemand(task.demand) : demandModel;
    const result = await planCapital(
      { scenario: task.scenario, request: task.request, candidates },
      registry,
      { demand, baseDemand: demandModel, approved: approvedSource(task.approved) },
      await highs,
    );
    const resultJson = JSON.stringify(result);
    if (!task.storeAs) return { kind: 'planned', stored: false, status: result.status, totalMs: result.totalMs, resultJson };
    plansIn(task.storeAs.databaseFile).markDone(task.storeAs.planId, resultJson);
    return { kind: 'planned', stored: true, status: result.status, totalMs: result.totalMs };
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'refused', error: err.toData() };
    throw err;
  }
}
