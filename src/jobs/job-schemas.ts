/**
 * The API's words for a background job, the same for runs and plans: its status and, while it runs,
 * its progress. One zod schema each, registered with an id so the OpenAPI document names them.
 */
import { z } from 'zod';

export const jobStatusSchema = z
  .enum(['queued', 'running', 'done', 'failed'])
  .describe('queued: waiting for a worker thread; running: being solved now (see progress); done: the result is here; failed: see error');

export const jobProgressSchema = z
  .object({
    stage: z.string().describe("What the job is doing: a run 'building', 'solving', 'interpreting'; a plan 'assembling', 'solving', 'explaining', 'path'"),
    detail: z.string().describe('The stage in words, e.g. "2027: 812 rows with new demand, 1,530 keeping placements"'),
    year: z.number().int().optional().describe('A path: the model year it has just solved'),
    gap: z.number().optional().describe("A plan's exact solve: the relative gap proven so far (0.01 = the plan found is within 1% of the best possible)"),
    at: z.string().describe('When it was reported (ISO 8601, UTC)'),
  })
  .meta({ id: 'JobProgress' });

/** The fields every job's view has: where it is, and when each step happened. */
export const jobFields = {
  id: z.string(),
  status: jobStatusSchema,
  createdAt: z.string(),
  startedAt: z.string().nullable().describe('When it got a worker thread; null while queued'),
  finishedAt: z.string().nullable(),
  progress: jobProgressSchema.nullable().describe('While running: how far it has got; null while queued and once finished'),
};
