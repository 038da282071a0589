/** The designation mapping's part of the dataset: the legacy-to-proposed rules, read and checked at start-up. */
import { join } from 'node:path';
import type { CurrentDesignation } from '../needs.js';
import { checkMappingRules, MAPPING_RULES_FILE, mappingRulesFile, type MappingRules } from './designation-mapping.js';
import { readJsonFile, validateJson } from '../registry/csv.js';
import type { DatasetPart } from '../registry/registry.js';

declare module '../registry/registry.js' {
  interface RegistryParts {
    /** Legacy-to-proposed designation rules (models/<la>/designation-mapping-rules.json). */
    mappingRules: MappingRules;
  }
}

export const mappingRulesPart: DatasetPart<MappingRules> = {
  load: (dir, core) =>
    checkMappingRules(
      validateJson(readJsonFile(join(dir, MAPPING_RULES_FILE)), mappingRulesFile, MAPPING_RULES_FILE),
      core.designations.current.map((d) => d.code as CurrentDesignation),
    ),
};
