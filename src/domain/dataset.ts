/**
 * A local authority's whole dataset: the registry's core and every feature's part, each read by the
 * loader its feature hands in. The one place that knows which parts there are.
 */
import { demandPart } from './demand/demand-part.js';
import { mappingRulesPart } from './designations/designation-mapping-part.js';
import { admissionGuidancePart } from './matching/admission-guidance-part.js';
import { travelModelPart } from './geo/travel-model-part.js';
import { planCandidatesPart } from './plan/plan-candidates-part.js';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { councilOf, Councils } from './registry/councils.js';
import { DataFileError } from './registry/data-file-error.js';
import { readJsonFile, validateJson } from './registry/csv.js';
import { DATASET_FILES, loadRegistry } from './registry/load-registry.js';
import type { DatasetPart, DatasetParts, Registry } from './registry/registry.js';
import { SUFFICIENCY_FIGURES_FILE, sufficiencyFiguresFile, type SufficiencyData } from './sufficiency/sufficiency-data.js';
import { sufficiencyPart } from './sufficiency/sufficiency-part.js';

/** The councils the sufficiency model's independent-schools file can name today (src/domain/sufficiency/sufficiency-data.ts). */
const SUFFICIENCY_COUNCILS = new Set(['Kent', 'Medway']);

/**
 * The sufficiency part for any council. Kent and Medway load it whole; another council's figures are
 * checked at start-up, but its independent schools are not read: the sufficiency model's file format
 * names Kent or Medway only (issue 20 rewrites that model; phase 2 of issue 24 runs other councils),
 * and only sufficiency runs read them, which are Kent's alone for now.
 */
const anyCouncilSufficiencyPart: DatasetPart<SufficiencyData> = {
  load: (dir, core) => {
    if (SUFFICIENCY_COUNCILS.has(core.dataset.localAuthority.name)) return sufficiencyPart.load(dir, core);
    const figures = validateJson(readJsonFile(join(dir, SUFFICIENCY_FIGURES_FILE)), sufficiencyFiguresFile, SUFFICIENCY_FIGURES_FILE);
    const council = core.dataset.localAuthority.name;
    return {
      figures,
      get independentSchools(): never {
        throw new Error(`sufficiency runs are not available for ${council} yet: only Kent's and Medway's independent schools are read`);
      },
    };
  },
};

export const DATASET_PARTS: DatasetParts = {
  mappingRules: mappingRulesPart,
  admissionGuidance: admissionGuidancePart,
  travelModel: travelModelPart,
  demand: demandPart,
  planCandidates: planCandidatesPart,
  sufficiency: anyCouncilSufficiencyPart,
};

/** Loads and validates the dataset in `dir` (models/kent for Kent); a problem throws a DataFileError naming the file, row and field. */
export function loadDataset(dir: string): Registry {
  return loadRegistry(dir, DATASET_PARTS);
}

/** The folder of the default council when models/ holds several (Kent's). */
export const DEFAULT_COUNCIL = 'kent';

/**
 * Every council in `modelsDir`: each sub-folder holding a dataset.json (models/kent, models/medway,
 * ...), or `modelsDir` itself when it is one council's folder (MODELS_DIR=models/kent, as before).
 * A bad file in any council stops start-up, naming the council's folder, file, row and field.
 */
export function loadCouncils(modelsDir: string): Councils {
  const dir = resolve(modelsDir);
  // One council's folder (or a folder that is not there: loading it names the missing dataset.json, as before).
  if (!existsSync(dir) || existsSync(join(dir, DATASET_FILES.dataset))) {
    const registry = loadDataset(dir);
    return new Councils([councilOf(basename(dir), dir, registry)], basename(dir));
  }
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, DATASET_FILES.dataset)))
    .map((e) => e.name)
    .sort();
  if (!folders.length) throw new DataFileError(dir, null, null, 'no council dataset here: expected folders like kent/ holding dataset.json');
  const councils = folders.map((folder) => {
    try {
      return councilOf(folder, join(dir, folder), loadDataset(join(dir, folder)));
    } catch (err) {
      if (err instanceof DataFileError) throw new DataFileError(`${folder}/${err.file}`, err.row, err.field, err.problem);
      throw err;
    }
  });
  return new Councils(councils, folders.includes(DEFAULT_COUNCIL) ? DEFAULT_COUNCIL : folders[0]!);
}

/** The default council's folder in `modelsDir` (models/kent), or `modelsDir` itself when it is one council's: for the CLI tools that run Kent's scenarios and plans. */
export function defaultCouncilDir(modelsDir: string): string {
  const dir = resolve(modelsDir);
  return existsSync(join(dir, DATASET_FILES.dataset)) ? dir : join(dir, DEFAULT_COUNCIL);
}
