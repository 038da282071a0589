/** API schemas for API keys and roles (with OpenAPI ids). */
import { z } from 'zod';
import { ROLES } from './roles.js';

export const roleSchema = z.enum(ROLES).meta({ id: 'Role' });

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    keyPrefix: z.string().describe('The start of the key, to recognise it; the key itself is never stored'),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
