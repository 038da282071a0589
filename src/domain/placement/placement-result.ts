/**
 * What placement search takes and answers, as zod schemas: the one definition of each concept,
 * giving the TypeScript types (z.infer, used by placement-search.ts) and the API's request and
 * response schemas and OpenAPI components (the ids).
 */
import { z } from 'zod';
import { DESIGNATION_SETS } from '../designations/designation-source.js';
import { COMMISSIONING_STATUSES, CONTINUUM_LEVELS } from '../matching/admission-guidance.js';
import { ambiguitySchema, homeInfoSchema, rowErrorSchema } from '../matching/match-result.js';
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

const travelModelSchema = z
  .object({ basis: z.string(), roadDistanceFactor: z.number(), guidelineMinutes: z.number().nullable(), guidelineBasis: z.string() })
  .describe('The travel-time assumption in one line (full statement in models/kent/travel-model.json and MATCHING.md)');

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
    travelModel: travelModelSchema,
    notes: z.array(z.string()),
  })
  .meta({ id: 'PlacementResult' });

export const batchSearchRowSchema = z
  .discriminatedUnion('ok', [
    z.object({
      index: z.number().int().describe('Position in the input, from 0'),
      line: z.number().int().nullable().describe('CSV line number (header = 1); null for JSON'),
      ok: z.literal(true),
      phase: z.enum(['primary', 'secondary', 'post16']).nullable(),
      bestFit: z.string().nullable().describe('Best-fitting designation in the batch\'s designation set'),
      continuum: z.object({ level: z.enum(CONTINUUM_LEVELS), designation: z.string().nullable(), srpNeedType: z.enum(SRP_NEED_TYPES).nullable() }),
      home: homeInfoSchema.omit({ note: true }),
      totalFitting: z.number().int().describe('Provisions within the limits that fit, before the limit'),
      candidates: z.array(
        z.object({
          rank: z.number().int(),
          provisionId: z.string(),
          name: z.string(),
          kind: z.enum(['special-school', 'srp', 'satellite']),
          urn: z.number().int(),
          district: z.string(),
          level: z.enum(['special', 'srp']),
          designation: z.string().nullable().describe('Special schools: the designation it holds in the chosen set'),
          needTypes: z.array(z.enum(SRP_NEED_TYPES)),
          distanceKm: z.number(),
          travelMinutes: z.number().int(),
          overGuideline: z.boolean().nullable(),
          freePlaces: z.number().int().nullable(),
          freePlacesBasis: z.string(),
        }),
      ),
    }),
    z.object({
      index: z.number().int(),
      line: z.number().int().nullable(),
      ok: z.literal(false),
      errors: z.array(rowErrorSchema).describe('Every problem in the row, by field path; never the submitted values'),
    }),
  ])
  .meta({ id: 'BatchSearchRow' });

export const batchSearchResultSchema = z
  .object({
    summary: z.object({
      total: z.number().int(),
      searched: z.number().int(),
      invalid: z.number().int(),
      withCandidates: z.number().int(),
      withoutCandidates: z.number().int().describe('Valid profiles for which no provision within the limits fits'),
      overGuideline: z.number().int().describe("Profiles whose nearest candidate is over the best-practice journey time for the child's phase"),
    }),
    options: z.object({
      designationSet: z.enum(DESIGNATION_SETS),
      maxDistanceKm: z.number(),
      maxMinutes: z.number().nullable(),
      limit: z.number().int().describe('Candidates kept per profile'),
    }),
    travelModel: travelModelSchema.nullable().describe('Null when no row was searched'),
    results: z.array(batchSearchRowSchema).describe('One per input profile, in input order'),
  })
  .meta({ id: 'BatchSearchResult' });

/** Search options with their defaults filled in. */
export type PlacementOptions = z.output<typeof placementOptionsSchema>;
export type ProvisionSummary = z.infer<typeof provisionSummarySchema>;
export type PlacementCandidate = z.infer<typeof placementCandidateSchema>;
export type CandidateDesignation = NonNullable<PlacementCandidate['designation']>;
export type ExcludedProvision = z.infer<typeof excludedProvisionSchema>;
export type PlacementResult = z.infer<typeof placementResultSchema>;
export type BatchSearchRow = z.infer<typeof batchSearchRowSchema>;
export type BatchSearchResult = z.infer<typeof batchSearchResultSchema>;
