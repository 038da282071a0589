/**
 * A local authority's whole dataset: the registry's core and every feature's part, each read by the
 * loader its feature hands in. The one place that knows which parts there are.
 */
import { demandPart } from './demand/demand-part.js';
import { mappingRulesPart } from './designations/designation-mapping-part.js';
import { admissionGuidancePart } from './matching/admission-guidance-part.js';
import { travelModelPart } from './geo/travel-model-part.js';
import { planCandidatesPart } from './plan/plan-candidates-part.js';
import { loadRegistry } from './registry/load-registry.js';
import type { DatasetParts, Registry } from './registry/registry.js';
import { sufficiencyPart } from './sufficiency/sufficiency-part.js';

export const DATASET_PARTS: DatasetParts = {
  mappingRules: mappingRulesPart,
  admissionGuidance: admissionGuidancePart,
  travelModel: travelModelPart,
  demand: demandPart,
  planCandidates: planCandidatesPart,
  sufficiency: sufficiencyPart,
};

/** Loads and validates the dataset in `dir` (models/kent for Kent); a problem throws a DataFileError naming the file, row and field. */
export function loadDataset(dir: string): Registry {
  return loadRegistry(dir, DATASET_PARTS);
}
