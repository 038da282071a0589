/**
 * Worker-thread entry for the assembly pool: turns a scenario into the model's inputs (demand by
 * locality, provisions under the designation set with the supply changes, assumptions), writes them
 * as canonical JSON and hashes them once; or checks a scenario against the dataset. An LSOA scenario
 * takes a few hundred milliseconds of this, which the HTTP thread must not spend.
 *
 * Each worker loads the dataset once, from the folder in the pool's workerData. A problem in the
 * scenario comes back as plain data (an error's class does not survive the crossing).
 */
import { workerData } from 'piscina';
import { loadDataset } from '../../domain/dataset.js';
import type { SchoolProposedDesignation } from '../../domain/designations/designation-source.js';
import { DomainError, type DomainErrorData } from '../../domain/errors.js';
import { assembleInputs, checkScenario } from '../../domain/sufficiency/assemble-inputs.js';
import { demandModelSource } from '../../domain/sufficiency/demand-model-source.js';
import type { DemandAnswer } from '../../domain/sufficiency/demand-source.js';
import { identifyInputs, type RunMeta } from '../../domain/sufficiency/run-identity.js';
import { answeredDemand, assemblePath } from '../../domain/sufficiency/path/assemble-path.js';
import { identifyPathInputs } from '../../domain/sufficiency/path/path-identity.js';
import type { Scenario } from '../../domain/sufficiency/scenario.js';
import { giveWayToHttpThread } from './worker-priority.js';

export interface AssemblyWorkerData {
  modelsDir: string;
}

export type AssemblyTask =
  | { kind: 'warm' }
  | { kind: 'check'; scenario: Scenario; approved?: readonly SchoolProposedDesignation[] }
  /**
   * `demand`: the answers to every question the scenario asks of demand (demandRequestsOf, by
   * demandRequestKey), when the caller computed them (a test's fixture demand).
   */
  | { kind: 'prepare'; scenario: Scenario; approved?: readonly SchoolProposedDesignation[]; demand?: Record<string, DemandAnswer> };

export type AssemblyAnswer =
  | { kind: 'warm' }
  | { kind: 'checked' }
  | { kind: 'prepared'; inputsJson: string; inputsHash: string; meta: RunMeta }
  | { kind: 'refused'; error: DomainErrorData };

giveWayToHttpThread();
const registry = loadDataset((workerData as AssemblyWorkerData).modelsDir);
const demandModel = demandModelSource(registry);

/** Officers' decisions as sent: plain entries, looked up by URN. */
function approvedSource(entries: readonly SchoolProposedDesignation[] | undefined) {
  if (!entries) return undefined;
  const byUrn = new Map(entries.map((e) => [e.urn, e]));
  return { designationOf: (urn: number) => byUrn.get(urn) };
}

export default function handle(task: AssemblyTask): AssemblyAnswer {
  try {
    switch (task.kind) {
      case 'warm':
        return { kind: 'warm' };
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
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'refused', error: err.toData() };
    throw err;
  }
}
