/**
 * Worker-thread entry for the assembly pool: turns a scenario into the model's inputs (demand by
 * locality, provisions under the designation set with the supply changes, assumptions), writes them
 * as canonical JSON and hashes them once; or checks a scenario against the dataset. An LSOA scenario
 * takes a few hundred milliseconds of this, which the HTTP thread must not spend.
 *
 * Each worker loads the dataset once, from the folder in the pool's workerData. A problem in the
 * scenario is thrown as the DomainError it is (src/jobs/job-worker.ts carries it across).
 */
import { workerData } from 'piscina';
import { approvedSource } from '../../domain/designations/designation-sets.js';
import { loadDataset } from '../../domain/dataset.js';
import type { SchoolProposedDesignation } from '../../domain/designations/designation-source.js';
import { assembleInputs, checkScenario } from '../../domain/sufficiency/assemble-inputs.js';
import { demandModelSource } from '../../domain/sufficiency/demand-model-source.js';
import type { DemandAnswer } from '../../domain/sufficiency/demand-source.js';
import { identifyInputs, type RunMeta } from '../../domain/sufficiency/run-identity.js';
import { answeredDemand, assemblePath } from '../../domain/sufficiency/path/assemble-path.js';
import { identifyPathInputs } from '../../domain/sufficiency/path/path-identity.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import { jobWorker } from '../../jobs/job-worker.js';

export interface AssemblyWorkerData {
  modelsDir: string;
}

export type AssemblyTask =
  | { kind: 'check'; scenario: Scenario; approved?: readonly SchoolProposedDesignation[] }
  /**
   * `demand`: the answers to every question the scenario asks of demand (demandRequestsOf, by
   * demandRequestKey), when the caller computed them (a test's fixture demand).
   */
  | { kind: 'prepare'; scenario: Scenario; approved?: readonly SchoolProposedDesignation[]; demand?: Record<string, DemandAnswer> };

export type AssemblyAnswer = { kind: 'checked' } | { kind: 'prepared'; inputsJson: string; inputsHash: string; meta: RunMeta };

const registry = loadDataset((workerData as AssemblyWorkerData).modelsDir);
const demandModel = demandModelSource(registry);

function handle(task: AssemblyTask): AssemblyAnswer {
  switch (task.kind) {
    case 'check':
      checkScenario(task.scenario, registry, { baseDemand: demandModel, approved: approvedSource(task.approved) });
      return { kind: 'checked' };
    case 'prepare': {
      const demand = task.demand ? answeredDemand(task.demand) : demandModel;
      const deps = { demand, baseDemand: demandModel, approved: approvedSource(task.approved) };
      if (task.scenario.horizon) {
        const { inputs, meta } = assemblePath(task.scenario, registry, deps);
        return { kind: 'prepared', ...identifyPathInputs(inputs), meta };
      }
      const { inputs, meta } = assembleInputs(task.scenario, registry, deps);
      return { kind: 'prepared', ...identifyInputs(inputs), meta };
    }
  }
}

export default jobWorker(handle);
