/** The journey-time model's part of the dataset (used by placement search and the sufficiency model). */
import { join } from 'node:path';
import { readJsonFile, validateJson } from '../registry/csv.js';
import type { DatasetPart } from '../registry/registry.js';
import { checkTravelModel, TRAVEL_MODEL_FILE, travelModelFile, type TravelModelFile } from './travel-model.js';

declare module '../registry/registry.js' {
  interface RegistryParts {
    /** Assumed travel-speed model for placement search and sufficiency journeys (models/<la>/travel-model.json). */
    travelModel: TravelModelFile;
  }
}

export const travelModelPart: DatasetPart<TravelModelFile> = {
  load: (dir) => checkTravelModel(validateJson(readJsonFile(join(dir, TRAVEL_MODEL_FILE)), travelModelFile, TRAVEL_MODEL_FILE)),
};
