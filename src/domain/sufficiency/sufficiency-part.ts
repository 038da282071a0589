/** The sufficiency model's part of the dataset: independent and non-maintained special schools and the SEN2 figures. */
import type { DatasetPart } from '../registry/registry.js';
import { loadSufficiencyData, type SufficiencyData } from './sufficiency-data.js';

declare module '../registry/registry.js' {
  interface RegistryParts {
    /** The sufficiency model's own files (models/<la>/independent-special-schools.csv and sufficiency-figures.json). */
    sufficiency: SufficiencyData;
  }
}

export const sufficiencyPart: DatasetPart<SufficiencyData> = {
  load: (dir) => loadSufficiencyData(dir),
};
