/**
 * zod schemas shared by several features: the error answer and codes. (Points and locality
 * references are the registry's own: src/domain/registry/registry.ts.)
 * Each feature's own schemas live in its folder (src/features/<feature>/*-schemas.ts): one per
 * concept, used for validation, types and the OpenAPI document (registered with an id so the
 * document references them as components).
 */
import { z } from 'zod';
import { CURRENT_DESIGNATIONS, NEED_CODES, PROPOSED_DESIGNATIONS } from '../domain/needs.js';

export const errorSchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string(),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.string().describe('Where the problem is, e.g. "body.profile.age" or "query.limit"'), message: z.string() }))
      .optional(),
  })
  .meta({ id: 'Error', description: 'Every 4xx and 5xx answer. Never contains the submitted values.' });

export const needCodeSchema = z.enum(NEED_CODES);
export const proposedDesignationSchema = z.enum(PROPOSED_DESIGNATIONS);
export const currentDesignationSchema = z.enum(CURRENT_DESIGNATIONS);

