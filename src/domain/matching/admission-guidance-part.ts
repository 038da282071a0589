/** Matching's part of the dataset: the admission guidance, checked against the provisions' commissioning texts. */
import { join } from 'node:path';
import { readJsonFile, validateJson } from '../registry/csv.js';
import type { DatasetPart } from '../registry/registry.js';
import { ADMISSION_GUIDANCE_FILE, admissionGuidanceFile, checkAdmissionGuidance, type AdmissionGuidance } from './admission-guidance.js';

declare module '../registry/registry.js' {
  interface RegistryParts {
    /** Admission guidance as scoring rules, continuum rules and commissioning (models/<la>/admission-guidance.json). */
    admissionGuidance: AdmissionGuidance;
  }
}

export const admissionGuidancePart: DatasetPart<AdmissionGuidance> = {
  load: (dir, core) =>
    checkAdmissionGuidance(
      validateJson(readJsonFile(join(dir, ADMISSION_GUIDANCE_FILE)), admissionGuidanceFile, ADMISSION_GUIDANCE_FILE),
      core.provisions.map((p) => p.commissioning),
      core.designations.current.map((d) => d.code),
    ),
};
