/** API schemas for capital plans, registered with ids so the OpenAPI document names them. */
import { z } from 'zod';
import { planRequestSchema } from '../../domain/plan/plan-request.js';
import { planResultSchema } from '../../domain/plan/plan-result.js';
import { LOCALITY_LEVELS } from '../../domain/sufficiency/inputs.js';
import { scenarioSchema } from '../../domain/sufficiency/scenario.js';
import { jobFields } from '../../jobs/job-schemas.js';
import { scenarioIdSchema } from '../scenarios/scenario-schemas.js';

export const planResultApiSchema = planResultSchema.meta({ id: 'PlanResult' });
export const planRequestApiSchema = planRequestSchema.meta({ id: 'PlanRequest' });

export const planBodySchema = planRequestSchema
  .extend({
    scenarioId: scenarioIdSchema.optional().describe('A shipped or saved scenario (GET /scenarios); give this or scenario'),
    level: z.enum(LOCALITY_LEVELS).optional().describe("With scenarioId: plan at this locality level instead of the scenario's own"),
    scenario: scenarioSchema.optional().describe('A scenario given in full'),
  })
  .refine((b) => (b.scenarioId === undefined) !== (b.scenario === undefined), { message: 'give exactly one of scenarioId and scenario', path: ['scenarioId'] })
  .refine((b) => b.level === undefined || b.scenarioId !== undefined, { message: 'give level with scenarioId: a scenario given in full carries its own level', path: ['level'] });

export const planSchema = z
  .object({
    ...jobFields,
    scenarioId: z.string(),
    scenarioName: z.string(),
    requestHash: z.string().describe('sha256 of the plan model version, the scenario as planned and the request: the same hash, the same question'),
    request: planRequestApiSchema.describe('What the plan was asked (the scenario apart)'),
    error: z.string().nullable().describe('Why the plan failed'),
    links: z.object({ self: z.string(), csv: z.string() }),
    result: planResultApiSchema.optional().describe('Present when status is done'),
  })
  .meta({ id: 'Plan' });

export const planSummarySchema = planSchema.omit({ result: true }).meta({ id: 'PlanSummary' });
