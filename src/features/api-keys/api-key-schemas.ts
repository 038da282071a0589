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

export const apiKeyAuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    action: z.enum(['create', 'revoke']),
    keyId: z.string(),
    keyName: z.string(),
    keyRole: roleSchema,
    keyPrefix: z.string(),
    by: z.string().describe("Who did it: the admin key's name, or the command line and the account that ran it"),
    byKeyId: z.string().nullable().describe('The key it was done with (null from the command line)'),
    via: z.enum(['api', 'command-line', 'other']).describe("'other': made before the key log, or by code with no person behind it"),
  })
  .meta({ id: 'ApiKeyAuditEntry' });
