/**
 * What placement search takes and answers, as zod schemas: the one definition of each concept,
 * giving the TypeScript types (z.infer, used by placement-search.ts) and the API's request and
 * response schemas and OpenAPI components (the ids).
 */
import { z } from 'zod';
import { DESIGNATION_SETS } from '../designation-source.js';
import { COMMISSIONING_STATUSES, CONTINUUM_LEVELS } from '../matching/admission-guidance.js';
import { ambiguitySchema, homeInfoSchema } from '../matching/match-result.js';
import { SRP_NEED_TYPES } from '../needs.js';
import { latLonSchema, localityRefSchema } from '../registry/registry.js';

export const placementOptionsSchema = z
  .strictObject({
    maxDistanceKm: z.number().positive().max(300).default(40).describe('Straight-line (great-circle) distance limit'),
    maxMinutes: z.number().positive().max(300).optional().describe('Estimated travel-time limit (see travelModel in the response)'),
    limit: z.number().int().min(1).max(100).default(10),
    designationSet: z
      .enum(DESIGNATION_SETS)
      .default('current')
      .describe("Which designation each special school holds: 'current' (today's five), 'proposed' (rule-based proposals) or 'approved' (officers' decisions; unreviewed schools fall back to their proposal)"),
    excludedLimit: z.number().int().min(0).max(50).default(5).describe('How many of the nearest excluded provisions to explain'),
  })
  .meta({ id: 'PlacementOptions' });

export const provisionSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['special-school', 'srp', 'satellite']),
    urn: z.number().int(),
    name: z.string(),
    locality: localityRefSchema,
    location: latLonSchema,
    phase: z.enum(['all', 'primary', 'secondary']),
    ageLow: z.number().int(),
    ageHigh: z.number().int(),
  })
  .meta({ id: 'ProvisionSummary' });

export const placementCandidateSchema = z
  .object({
    rank: z.number().int(),
    provision: provisionSummarySchema,
    level: z.enum(['special', 'srp']),
    designation: z
      .object({
        set: z.enum(DESIGNATION_SETS),
        code: z.string(),
        name: z.string(),
        // 'current' for the current set; otherwise the source's status (proposed / approved / overridden).
        status: z.enum(['current', 'proposed', 'approved', 'overridden']),
        note: z.string(),
      })
      .nullable(),
    needTypes: z.array(z.enum(SRP_NEED_TYPES)),
    distanceKm: z.number().describe('Great-circle distance (geolib)'),
    travelMinutes: z.number().int().describe('Estimate from the travel model (an assumption; see travelModel)'),
    overGuideline: z.boolean().nullable().describe("Over the best-practice journey time for the child's phase (a guideline, not a cap)"),
    freePlaces: z.object({ places: z.number().int().nullable().describe('Capacity minus roll; negative = over capacity; null = unknown'), basis: z.string() }),
    commissioning: z.object({ status: z.enum(COMMISSIONING_STATUSES), note: z.string() }),
    // Why it fits, in the guidance's words.
    fit: z.array(z.string()),
  })
  .meta({ id: 'PlacementCandidate' });

export const excludedProvisionSchema = z
  .object({
    provision: z.object({ id: z.string(), kind: z.enum(['special-school', 'srp', 'satellite']), urn: z.number().int(), name: z.string() }),
    distanceKm: z.number(),
    travelMinutes: z.number().int(),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'ExcludedProvision' });

export const placementResultSchema = z
  .object({
    designationSet: z.enum(DESIGNATION_SETS),
    home: homeInfoSchema,
    phase: z.enum(['primary', 'secondary', 'post16']).nullable(),
    match: z.object({
      set: z.enum(['proposed', 'current']),
      bestFit: z.string().nullable(),
      fitting: z.array(z.object({ code: z.string(), score: z.number() })),
      ambiguity: ambiguitySchema.nullable(),
      continuum: z.object({
        level: z.enum(CONTINUUM_LEVELS),
        designation: z.string().nullable(),
        srpNeedType: z.enum(SRP_NEED_TYPES).nullable(),
        explanation: z.string(),
      }),
    }),
    candidates: z.array(placementCandidateSchema),
    // Provisions within the radius that fit, before `limit` was applied.
    totalFitting: z.number().int(),
    excluded: z.array(excludedProvisionSchema),
    searched: z.object({
      maxDistanceKm: z.number(),
      maxMinutes: z.number().nullable(),
      radiusKm: z.number(),
      limit: z.number().int(),
      provisionsAssessed: z.number().int().describe('Provisions the spatial index led the search to assess'),
      provisionsTotal: z.number().int(),
    }),
    travelModel: z
      .object({ basis: z.string(), roadDistanceFactor: z.number(), guidelineMinutes: z.number().nullable(), guidelineBasis: z.string() })
      .describe('The travel-time assumption in one line (full statement in models/kent/travel-model.json and MATCHING.md)'),
    notes: z.array(z.string()),
  })
  .meta({ id: 'PlacementResult' });

/** Search options with their defaults filled in. */
export type PlacementOptions = z.output<typeof placementOptionsSchema>;
export type ProvisionSummary = z.infer<typeof provisionSummarySchema>;
export type PlacementCandidate = z.infer<typeof placementCandidateSchema>;
export type CandidateDesignation = NonNullable<PlacementCandidate['designation']>;
export type ExcludedProvision = z.infer<typeof excludedProvisionSchema>;
export type PlacementResult = z.infer<typeof placementResultSchema>;
