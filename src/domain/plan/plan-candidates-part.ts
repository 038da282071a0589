/** Capital planning's part of the dataset: the candidate builds, checked against the schools they name. */
import { join } from 'node:path';
import { readJsonFile, validateJson } from '../registry/csv.js';
import type { DatasetPart, RegistryCore } from '../registry/registry.js';
import { checkPlanCandidates, PLAN_CANDIDATES_FILE, planCandidatesFile, type CandidateSchools, type PlanCandidatesFile } from './candidates-file.js';

declare module '../registry/registry.js' {
  interface RegistryParts {
    /** Candidate builds for capital plans (plan-candidates.json). */
    planCandidates: PlanCandidatesFile;
  }
}

/** What checking a candidate row needs to know about the dataset's schools (at start-up, and a plan's overrides). */
export function candidateSchools(core: RegistryCore): CandidateSchools {
  return {
    isSchool: (urn) => core.schoolByUrn.has(urn),
    isSpecial: (urn) => core.specialSchools.has(urn),
    phaseOf: (urn) => core.schoolByUrn.get(urn)?.phase ?? null,
  };
}

export const planCandidatesPart: DatasetPart<PlanCandidatesFile> = {
  load: (dir, core) => checkPlanCandidates(validateJson(readJsonFile(join(dir, PLAN_CANDIDATES_FILE)), planCandidatesFile, PLAN_CANDIDATES_FILE), candidateSchools(core)),
};
