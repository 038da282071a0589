/**
 * API schemas for need-profile matching, placement search and batch matching (registered with ids,
 * so the OpenAPI document references them as components). The need profile itself is defined once,
 * in src/domain/matching/need-profile.ts.
 */
import { z } from 'zod';
import { DESIGNATION_SETS } from '../domain/designation-source.js';
import { COMMISSIONING_STATUSES, CONTINUUM_LEVELS } from '../domain/matching/admission-guidance.js';
import { SRP_NEED_TYPES } from '../domain/needs.js';
import { latLonSchema, localityRefSchema } from './schemas.js';

export { needProfileSchema } from '../domain/matching/need-profile.js';

const citedClause = z
  .object({ id: z.string(), source: z.string(), text: z.string().describe('Quoted from the source') })
  .meta({ id: 'GuidanceClause' });

export const criterionOutcomeSchema = z
  .object({
    criterion: z.string(),
    kind: z.enum(['defining', 'often']).describe("'defining': the guidance says these pupils have it; 'often': many have it, or schools can expect to admit it"),
    required: z.boolean(),
    weight: z.number(),
    outcome: z.enum(['matched', 'missed', 'absent']).describe("'absent': an 'often' criterion the profile does not show (does not lower the score)"),
    describes: z.string(),
    clauses: z.array(citedClause),
  })
  .meta({ id: 'CriterionOutcome' });

export const designationScoreSchema = z
  .object({
    set: z.enum(['proposed', 'current']),
    code: z.string(),
    name: z.string(),
    score: z.number().min(0).max(1),
    fits: z.boolean(),
    margin: z.number().describe('score minus the fit threshold (two decimals): how far above, or below (negative), the threshold this designation is'),
    missedRequired: z.array(z.string()),
    decidingFacts: z
      .array(
        z.object({
          criterion: z.string(),
          describes: z.string(),
          clauses: z.array(z.string()),
          effect: z.enum(['would-no-longer-fit', 'would-fit']),
        }),
      )
      .describe('Each fact that, changed on its own, would change whether this designation fits; empty when no single fact would (the summary then says what would)'),
    summary: z.string(),
    reasons: z.array(criterionOutcomeSchema),
  })
  .meta({ id: 'DesignationScore' });

export const ambiguitySchema = z
  .object({ between: z.tuple([z.string(), z.string()]), scores: z.tuple([z.number(), z.number()]), why: z.string() })
  .meta({ id: 'Ambiguity', description: 'Two fitting designations whose scores are within the ambiguity margin' });

export const continuumSchema = z
  .object({
    level: z.enum(CONTINUUM_LEVELS),
    designation: z.string().nullable().describe("For level 'special': the designation that fits best"),
    srpNeedType: z.enum(SRP_NEED_TYPES).nullable().describe("For level 'srp': the commissioned SRP need type"),
    rule: z.string(),
    explanation: z.string(),
    clauses: z.array(citedClause),
    notes: z.array(z.string()),
  })
  .meta({ id: 'ContinuumPlacement' });

const homeInfo = z
  .object({ basis: z.enum(['coordinates', 'lsoa-centroid']), estimate: z.boolean(), note: z.string() })
  .meta({ id: 'HomeBasis', description: 'How the home point was found; never repeats the submitted code or coordinates' });

export const matchResponseSchema = z
  .object({
    designations: z.array(designationScoreSchema).describe('The three proposed designations, highest score first'),
    bestFit: z.string().nullable().describe('The best-fitting proposed designation; null when none fits'),
    ambiguity: ambiguitySchema.nullable(),
    continuum: continuumSchema,
    legacy: z
      .object({
        summary: z.string(),
        designations: z.array(designationScoreSchema),
        bestFit: z.string().nullable(),
        ambiguity: ambiguitySchema.nullable(),
        continuum: continuumSchema,
      })
      .describe("How Kent's five current designations would have placed the child"),
    scoring: z.object({
      fitThreshold: z.number(),
      ambiguityMargin: z.number(),
      requiredMissFactor: z.number(),
      method: z.string(),
      basis: z
        .object({ fitThreshold: z.string(), weights: z.string(), ambiguityMargin: z.string(), requiredMissFactor: z.string() })
        .describe('Why each number has its value: labelled, tunable assumptions (models/kent/MATCHING.md)'),
    }),
    home: homeInfo.nullable(),
  })
  .meta({ id: 'MatchResult' });

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

const provisionSummary = z
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
    provision: provisionSummary,
    level: z.enum(['special', 'srp']),
    designation: z
      .object({
        set: z.enum(DESIGNATION_SETS),
        code: z.string(),
        name: z.string(),
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
    fit: z.array(z.string()),
  })
  .meta({ id: 'PlacementCandidate' });

export const placementResponseSchema = z
  .object({
    designationSet: z.enum(DESIGNATION_SETS),
    home: homeInfo,
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
    totalFitting: z.number().int(),
    excluded: z.array(
      z
        .object({
          provision: z.object({ id: z.string(), kind: z.enum(['special-school', 'srp', 'satellite']), urn: z.number().int(), name: z.string() }),
          distanceKm: z.number(),
          travelMinutes: z.number().int(),
          reasons: z.array(z.string()),
        })
        .meta({ id: 'ExcludedProvision' }),
    ),
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

const rowError = z.object({ path: z.string().describe('Field path within the row, e.g. "age" or "home.lsoa"'), message: z.string() });

export const batchRowSchema = z
  .discriminatedUnion('ok', [
    z.object({
      index: z.number().int().describe('Position in the input, from 0'),
      line: z.number().int().nullable().describe('CSV line number (header = 1); null for JSON'),
      ok: z.literal(true),
      bestFit: z.string().nullable(),
      scores: z.array(z.object({ code: z.string(), score: z.number(), fits: z.boolean() })),
      ambiguity: z.object({ between: z.tuple([z.string(), z.string()]), scores: z.tuple([z.number(), z.number()]) }).nullable(),
      continuum: z.object({ level: z.enum(CONTINUUM_LEVELS), designation: z.string().nullable(), srpNeedType: z.enum(SRP_NEED_TYPES).nullable() }),
      legacy: z.object({ bestFit: z.string().nullable(), level: z.enum(CONTINUUM_LEVELS) }),
      home: homeInfo.nullable(),
    }),
    z.object({
      index: z.number().int(),
      line: z.number().int().nullable(),
      ok: z.literal(false),
      errors: z.array(rowError).describe('Every problem in the row, by field path; never the submitted values'),
    }),
  ])
  .meta({ id: 'BatchRowResult' });

export const batchResponseSchema = z
  .object({
    summary: z.object({
      total: z.number().int(),
      matched: z.number().int(),
      invalid: z.number().int(),
      byContinuum: z.record(z.enum(CONTINUUM_LEVELS), z.number().int()),
      byDesignation: z.record(z.string(), z.number().int()).describe("Rows by best-fitting proposed designation; 'none' when no designation fits"),
      bySrpNeedType: z.record(z.string(), z.number().int()).describe("Rows at continuum level 'srp', by SRP need type"),
      ambiguous: z.number().int(),
      legacyByDesignation: z.record(z.string(), z.number().int()).describe("Rows by best-fitting current designation; 'none' when none fits"),
    }),
    results: z.array(batchRowSchema).describe('One per input profile, in input order'),
  })
  .meta({ id: 'BatchMatchResult' });
