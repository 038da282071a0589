/**
 * API schemas for the scenario catalogue (registered with OpenAPI ids). The scenario itself is
 * defined once, in src/domain/sufficiency/scenario.ts.
 */
import { z } from 'zod';
import { DESIGNATION_SETS } from '../../domain/designation-source.js';
import { LOCALITY_LEVELS } from '../../domain/sufficiency/inputs.js';

export const scenarioIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens, starting with a letter or digit (at most 64)');

export const scenarioEntrySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    year: z.number().int().describe('The single year, or the first year of a horizon'),
    horizon: z.object({ from: z.number().int(), to: z.number().int() }).nullable().describe('The years of a path; null for a single-year scenario'),
    level: z.enum(LOCALITY_LEVELS),
    designationSet: z.enum(DESIGNATION_SETS),
    source: z.enum(['file', 'saved']).describe("'file': shipped in scenarios/; 'saved': posted to POST /scenarios"),
    createdAt: z.string().nullable(),
  })
  .meta({ id: 'ScenarioEntry' });
