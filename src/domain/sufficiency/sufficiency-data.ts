/**
 * The sufficiency model's own data files (written by `npm run prepare-sufficiency-data`):
 * independent and non-maintained special schools with their rolls and locations, and the SEN2
 * figures for the phase split of special-school places, the mix of unlisted SRP places and the
 * calibration table. Loaded with the registry; a malformed file stops start-up naming the field.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readCsvFile, readJsonFile, validateJson } from '../registry/csv.js';
import { DataFileError } from '../registry/data-file-error.js';
import type { LatLon } from '../registry/registry.js';

export const INDEPENDENT_SCHOOLS_FILE = 'independent-special-schools.csv';
export const SUFFICIENCY_FIGURES_FILE = 'sufficiency-figures.json';

export const INDEPENDENT_KINDS = ['independent-special', 'non-maintained-special', 'special-post-16'] as const;
export type IndependentKind = (typeof INDEPENDENT_KINDS)[number];

export interface IndependentSchool {
  urn: number;
  la: 'Kent' | 'Medway';
  kind: IndependentKind;
  name: string;
  /** Pupils on roll in the register; null where none is recorded. */
  roll: number | null;
  rollBasis: string;
  location: LatLon;
  lsoa: string;
  s41: 'approved' | 'not-approved' | 'not-applicable' | 'unknown';
  s41Basis: string;
}

const text = z.string().trim().min(1, 'must not be empty');
const independentRow = z.object({
  urn: z.coerce.number().int().positive(),
  la: z.enum(['Kent', 'Medway']),
  kind: z.enum(INDEPENDENT_KINDS),
  name: text,
  roll: z.string().trim().transform((s, ctx) => {
    if (s === '') return null;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a whole number of pupils or empty' });
      return z.NEVER;
    }
    return n;
  }),
  roll_basis: text.refine((s) => /^(source|estimate|unknown):/.test(s), 'must start "source:", "estimate:" or "unknown:"'),
  latitude: z.coerce.number().min(49.8).max(60.9),
  longitude: z.coerce.number().min(-8.7).max(1.9),
  lsoa_code: text,
  s41: z.enum(['approved', 'not-approved', 'not-applicable', 'unknown']),
  s41_basis: text,
});

const count = z.number().min(0);
const byAge = z.record(z.string().regex(/^\d+$/), count);
const phaseCounts = z.strictObject({ primary: count, secondary: count, post16: count });
export const sufficiencyFiguresFile = z.strictObject({
  description: text,
  year: z.number().int(),
  specialSchoolPupilsByAge: z.strictObject({ pupils: byAge, basis: text }),
  unitPupils: z.strictObject({ byAge, byPhase: phaseCounts, byNeed: z.record(z.string(), count), basis: text }),
  observed: z
    .array(z.strictObject({ measure: text, label: text, value: count, source: text }))
    .refine((list) => new Set(list.map((o) => o.measure)).size === list.length, 'measures must be unique'),
});
export type SufficiencyFigures = z.infer<typeof sufficiencyFiguresFile>;

export interface SufficiencyData {
  independentSchools: IndependentSchool[];
  figures: SufficiencyFigures;
}

export function loadSufficiencyData(dir: string): SufficiencyData {
  const seen = new Set<number>();
  const independentSchools = readCsvFile(join(dir, INDEPENDENT_SCHOOLS_FILE), independentRow, INDEPENDENT_SCHOOLS_FILE).map(({ line, value: r }) => {
    if (seen.has(r.urn)) throw new DataFileError(INDEPENDENT_SCHOOLS_FILE, line, 'urn', `duplicate URN ${r.urn}`);
    seen.add(r.urn);
    return {
      urn: r.urn,
      la: r.la,
      kind: r.kind,
      name: r.name,
      roll: r.roll,
      rollBasis: r.roll_basis,
      location: { lat: r.latitude, lon: r.longitude },
      lsoa: r.lsoa_code,
      s41: r.s41,
      s41Basis: r.s41_basis,
    };
  });
  const figures = validateJson(readJsonFile(join(dir, SUFFICIENCY_FIGURES_FILE)), sufficiencyFiguresFile, SUFFICIENCY_FIGURES_FILE);
  return { independentSchools, figures };
}
