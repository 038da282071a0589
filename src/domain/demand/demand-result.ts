/**
 * What the demand table answers, as zod schemas: the one definition of a demand row and of an
 * assumption, giving the TypeScript types (demand-table.ts, assumptions.ts) and the API's
 * response schemas and OpenAPI components (the ids).
 */
import { z } from 'zod';
import { NEED_CODES } from '../needs.js';
import { DEMAND_PHASES } from './demand-phases.js';

export const demandRowSchema = z
  .object({
    locality: z.string().describe('District or MSOA code'),
    localityName: z.string(),
    need: z.enum(NEED_CODES).describe('Primary need (DfE SEN2)'),
    phase: z
      .enum(DEMAND_PHASES)
      .describe('early-years 0-3, primary 4-10, secondary 11-15, post16 16-19, post19 20-25 (ages at the start of the school year)'),
    year: z.number().int().describe('January of this year'),
    count: z.number().describe('Children and young people with an EHCP (expected value, 2 decimal places)'),
  })
  .meta({ id: 'DemandRow' });

export const assumptionSchema = z
  .object({
    name: z.string(),
    value: z.union([z.number(), z.string()]),
    basis: z.string().describe('The public source, or "estimate: <method>", or who set it'),
  })
  .meta({ id: 'Assumption', description: 'One assumption a figure was computed with' });

export type DemandTableRow = z.infer<typeof demandRowSchema>;
export type AssumptionEntry = z.infer<typeof assumptionSchema>;
