/**
 * API schemas for the scenario catalogue (registered with OpenAPI ids). The scenario itself is
 * defined once, in src/domain/sufficiency/scenario.ts.
 */
import { z } from 'zod';
import { DESIGNATION_SETS } from '../../domain/designations/designation-source.js';
import { LOCALITY_LEVELS } from '../../domain/sufficiency/inputs.js';
import { scenarioSchema } from '../../domain/sufficiency/scenario.js';

export const scenarioIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens, starting with a letter or digit (at most 64)');

export const scenarioEntrySchema = z
  .object({
    id: z.string(),
    la: z.string().describe('The council the scenario is for: files in scenarios/<council>/ are that council\'s; others (and saved scenarios) the default council\'s, Kent'),
    name: z.string(),
    description: z.string(),
    year: z.number().int().describe('The single year, or the first year of a horizon'),
    horizon: z.object({ from: z.number().int(), to: z.number().int() }).nullable().describe('The years of a path; null for a single-year scenario'),
    level: z.enum(LOCALITY_LEVELS),
    designationSet: z.enum(DESIGNATION_SETS),
    source: z.enum(['file', 'saved']).describe("'file': shipped in scenarios/ (read-only); 'saved': posted to POST /scenarios (commissioners may edit and delete it)"),
    createdAt: z.string().nullable(),
    version: z.number().int().nullable().describe('Saved scenarios: send it back as If-Match to edit or delete; null for files'),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'ScenarioEntry' });

/** If-Match: the version an edit or deletion was made against, as GET /scenarios/{id} gave it in its ETag. */
export const ifMatchSchema = z
  .string({ error: 'required: the version you read, as the ETag of GET /scenarios/{id} gave it ("3")' })
  .regex(/^\s*(W\/)?"?\d{1,9}"?\s*$/, 'expected the version you read, as the ETag of GET /scenarios/{id} gave it ("3")')
  .describe('The version the change was made against: the ETag of GET /scenarios/{id} ("3")');

/** The version an If-Match header names ("3", 3 or W/"3"). */
export const versionOf = (ifMatch: string) => Number(ifMatch.replace(/\D/g, ''));

export const scenarioAuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string().describe('ISO 8601, UTC'),
    scenarioId: z.string(),
    action: z.enum(['create', 'update', 'delete']),
    version: z.number().int().describe("The scenario's version after this change (a deletion takes a version too, so versions never repeat)"),
    name: z.string(),
    by: z.string().describe('Name of the API key that made the change'),
    byKeyId: z.string().nullable(),
    scenario: scenarioSchema.nullable().describe('The scenario as saved by this change; null for a deletion'),
  })
  .meta({ id: 'ScenarioAuditEntry', description: 'One change to a saved scenario, as recorded; entries are never updated or deleted' });
