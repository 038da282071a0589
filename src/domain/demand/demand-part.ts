/** The demand model's part of the dataset: EHCP counts, population projections and the pathway matrix. */
import type { DatasetPart } from '../registry/registry.js';
import { loadDemandInputs } from './load-demand-inputs.js';
import type { DemandInputs } from './types.js';

declare module '../registry/registry.js' {
  interface RegistryParts {
    /** Inputs of the demand model: EHCP counts, population projections, pathway matrix (src/domain/demand). */
    demand: DemandInputs;
  }
}

export const demandPart: DatasetPart<DemandInputs> = {
  load: (dir, core) => loadDemandInputs(dir, core),
};
