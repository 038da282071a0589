/**
 * Worker-thread entry for capital plans: a plan assembles a path, solves a mixed-integer programme for
 * up to its time limit, explains it with an LP per build and runs the path model twice; none of that
 * may run on the HTTP thread. Each worker loads the dataset (candidate builds are placed at its schools,
 * and the resulting path is assembled from it) and HiGHS once.
 *
 * Progress: each stage of the plan as it starts, and while the exact solve runs, the MIP gap proven so
 * far (at most once a second). The result leaves as JSON text, or is stored by this thread itself
 * (src/jobs/job-worker.ts), as a sufficiency run's is: a district plan's result is about 2 MB.
 */
import { workerData } from 'piscina';
import { loadDataset } from '../../domain/dataset.js';
import { approvedSource } from '../../domain/designations/designation-sets.js';
import type { SchoolProposedDesignation } from '../../domain/designations/designation-source.js';
import { highsSolver, loadHighsModule } from '../../domain/lp/solvers/highs-solver.js';
import { planCapital } from '../../domain/plan/capital-plan.js';
import { candidateSchools } from '../../domain/plan/plan-candidates-part.js';
import { applyCandidateOverrides, type PlanRequest } from '../../domain/plan/plan-request.js';
import { demandModelSource } from '../../domain/sufficiency/demand-model-source.js';
import type { DemandAnswer } from '../../domain/sufficiency/demand-source.js';
import { answeredDemand } from '../../domain/sufficiency/path/assemble-path.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import { jobWorker, type JobAnswer, type ReportProgress } from '../../jobs/job-worker.js';

export interface PlanWorkerData {
  modelsDir: string;
}

export interface PlanTask {
  scenario: Scenario;
  request: PlanRequest;
  approved?: readonly SchoolProposedDesignation[];
  /** Answers to the scenario's demand questions, when the caller computed them (a test's fixture demand). */
  demand?: Record<string, DemandAnswer>;
}

const registry = loadDataset((workerData as PlanWorkerData).modelsDir);
const demandModel = demandModelSource(registry);
const highs = loadHighsModule();

/** How often the gap so far is reported while the exact solve runs. */
const GAP_EVERY_MS = 1000;

async function handle(task: PlanTask, report: ReportProgress): Promise<JobAnswer> {
  let stage = { stage: 'starting', detail: '' };
  let lastGapAt = 0;
  // The plan's own solver, whose MIP checkpoints report the gap so far while the exact solve runs.
  const solver = highsSolver(await highs, {}, {
    onMipProgress: ({ gap }) => {
      const now = Date.now();
      if (stage.stage !== 'solving' || now - lastGapAt < GAP_EVERY_MS || !Number.isFinite(gap)) return;
      lastGapAt = now;
      report({ ...stage, gap });
    },
  });
  const candidates = applyCandidateOverrides(registry.planCandidates, task.request.candidates, candidateSchools(registry));
  const demand = task.demand ? answeredDemand(task.demand) : demandModel;
  const result = await planCapital(
    { scenario: task.scenario, request: task.request, candidates },
    registry,
    { demand, baseDemand: demandModel, approved: approvedSource(task.approved) },
    solver,
    (name, detail) => report((stage = { stage: name, detail })),
  );
  return { resultJson: JSON.stringify(result), figures: { status: result.status, totalMs: Math.round(result.totalMs) } };
}

export default jobWorker(handle, { ready: highs });
