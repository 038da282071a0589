/** API schemas for sufficiency runs, registered with ids so the OpenAPI document names them. */
import { z } from 'zod';
import { comparisonSchema } from '../../domain/sufficiency/compare.js';
import { pathYearsComparisonSchema } from '../../domain/sufficiency/path/compare-paths.js';
import { sufficiencyResultSchema } from '../../domain/sufficiency/result.js';
import { pathResultSchema } from '../../domain/sufficiency/path/path-result.js';
import { jobFields } from '../../jobs/job-schemas.js';

export const sufficiencyResultApiSchema = sufficiencyResultSchema.meta({ id: 'SufficiencyResult' });
export const pathResultApiSchema = pathResultSchema.meta({ id: 'PathResult' });

export const runSchema = z
  .object({
    ...jobFields,
    scenarioId: z.string(),
    scenarioName: z.string(),
    inputsHash: z.string(),
    solverChoice: z.string(),
    error: z.string().nullable().describe('Why the run failed'),
    links: z.object({ self: z.string(), lp: z.string(), csv: z.string() }),
    result: z
      .union([sufficiencyResultApiSchema, pathResultApiSchema])
      .optional()
      .describe("Present when status is done: a SufficiencyResult for a single year, a PathResult (kind 'path') for a scenario with a horizon"),
  })
  .meta({ id: 'Run' });

export const runSummarySchema = runSchema.omit({ result: true }).meta({ id: 'RunSummary' });

export const comparisonApiSchema = comparisonSchema
  .extend({
    base: z.object({ id: z.string(), scenarioId: z.string(), scenarioName: z.string() }),
    other: z.object({ id: z.string(), scenarioId: z.string(), scenarioName: z.string() }),
    year: z.number().int().nullable().describe('The model year compared when either run is a path (null: two single-year runs)'),
    years: pathYearsComparisonSchema.nullable(),
  })
  .meta({ id: 'RunComparison' });
