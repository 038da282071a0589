/** API schemas for designation review and its audit log (one per concept, with OpenAPI ids). */
import { z } from 'zod';
import { localityRefSchema } from '../../domain/registry/registry.js';
import { currentDesignationSchema, proposedDesignationSchema } from '../../http/schemas.js';

export const mappingStatusSchema = z.enum(['proposed', 'approved', 'overridden']).meta({
  id: 'MappingStatus',
  description: "'proposed': not yet reviewed (the rules' proposal applies); 'approved': an officer accepted the proposal; 'overridden': an officer chose another designation",
});

export const designationMappingSchema = z
  .object({
    urn: z.number().int(),
    name: z.string(),
    district: localityRefSchema,
    current: currentDesignationSchema,
    currentName: z.string(),
    currentDetail: z.string().describe('What the current designation admits, as the source states it'),
    proposed: proposedDesignationSchema.describe("The rules' proposal (models/kent/designation-mapping-rules.json)"),
    alternatives: z.array(proposedDesignationSchema).describe('Other proposed designations that fit some or all of the school'),
    ambiguous: z.boolean().describe('The rule cannot settle the designation from the evidence: choose between proposed and alternatives'),
    confidence: z.enum(['high', 'medium', 'low']).describe("The rule's confidence, lowered to the source's confidence in the current designation"),
    ruleId: z.string(),
    rationale: z.array(z.string()).describe("The rule's reasoning, then the evidence about this school"),
    status: mappingStatusSchema,
    designation: proposedDesignationSchema.describe('The designation in force for planning: the decided one, or the proposal while under review'),
    decidedDesignation: proposedDesignationSchema.nullable(),
    reason: z.string().nullable(),
    reviewer: z.string().nullable().describe("Name of the API key that made the latest decision"),
    decidedAt: z.string().nullable().describe('ISO 8601, UTC'),
    version: z.number().int().describe('0 until the first decision; send it as expectedVersion with the next decision'),
    proposalChangedSinceDecision: z.boolean().describe('The rules now propose something else than when the latest decision was made'),
  })
  .meta({ id: 'DesignationMapping', description: "A special school's current designation, its proposed one with the evidence, and the officers' latest decision" });

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string().describe('ISO 8601, UTC'),
    urn: z.number().int(),
    schoolName: z.string(),
    decision: z.enum(['approve', 'override']),
    previousStatus: mappingStatusSchema,
    previousDesignation: proposedDesignationSchema,
    designation: proposedDesignationSchema,
    proposed: proposedDesignationSchema.describe('The proposal the officer saw'),
    reason: z.string(),
    reviewer: z.string(),
    reviewerKeyId: z.string(),
    version: z.number().int().describe("The school's version after this decision"),
  })
  .meta({ id: 'AuditEntry', description: 'One decision, as recorded; entries are never updated or deleted' });

export const decisionBodySchema = z
  .strictObject({
    decision: z.enum(['approve', 'override']),
    designation: proposedDesignationSchema.optional().describe('Required for override (and different from the proposal); for approve, omit it or send the proposal'),
    reason: z.string().trim().min(1, 'a decision needs a reason').max(2000),
    expectedVersion: z.number().int().min(0).describe("The mapping's version you decided on (0 before the first decision)"),
  })
  .refine((b) => b.decision !== 'override' || b.designation !== undefined, {
    path: ['designation'],
    message: 'an override needs the designation to use instead',
  })
  .meta({ id: 'MappingDecision' });
