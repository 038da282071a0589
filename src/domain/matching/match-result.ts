/**
 * What matching answers, as zod schemas: the one definition of each concept, giving the TypeScript
 * types (z.infer, used by match-profile.ts, match-need-profile.ts and batch.ts) and the API's
 * response schemas and OpenAPI components (the ids). The need profile itself is in need-profile.ts.
 */
import { z } from 'zod';
import { SRP_NEED_TYPES } from '../needs.js';
import { CONTINUUM_LEVELS } from './admission-guidance.js';

export const citedClauseSchema = z
  .object({ id: z.string(), source: z.string(), text: z.string().describe('Quoted from the source') })
  .meta({ id: 'GuidanceClause' });

export const criterionOutcomeSchema = z
  .object({
    criterion: z.string(),
    kind: z.enum(['defining', 'often']).describe("'defining': the guidance says these pupils have it; 'often': many have it, or schools can expect to admit it"),
    required: z.boolean(),
    weight: z.number(),
    // 'absent' is an 'often' criterion the profile does not show: it neither adds nor subtracts.
    outcome: z.enum(['matched', 'missed', 'absent']).describe("'absent': an 'often' criterion the profile does not show (does not lower the score)"),
    describes: z.string(),
    clauses: z.array(citedClauseSchema),
  })
  .meta({ id: 'CriterionOutcome' });

/** One fact about the profile that, changed on its own, would change whether a designation fits. */
const decidingFactSchema = z.object({
  criterion: z.string(),
  describes: z.string(),
  clauses: z.array(z.string()),
  // What changing this one fact would do: a fitting designation would no longer fit, or one that does not fit would.
  effect: z.enum(['would-no-longer-fit', 'would-fit']),
});

export const designationScoreSchema = z
  .object({
    set: z.enum(['proposed', 'current']),
    code: z.string(),
    name: z.string(),
    // 0-1, rounded to two decimals.
    score: z.number().min(0).max(1),
    fits: z.boolean(),
    margin: z.number().describe('score minus the fit threshold (two decimals): how far above, or below (negative), the threshold this designation is'),
    // Required criteria the profile misses (any one scales the score below the fit threshold).
    missedRequired: z.array(z.string()),
    // Filled only when the answer is explained.
    decidingFacts: z
      .array(decidingFactSchema)
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
    clauses: z.array(citedClauseSchema),
    // Why earlier levels did not apply (no designation fits; an SRP type is no longer commissioned).
    notes: z.array(z.string()),
  })
  .meta({ id: 'ContinuumPlacement' });

export const homeInfoSchema = z
  .object({ basis: z.enum(['coordinates', 'lsoa-centroid']), estimate: z.boolean(), note: z.string() })
  .meta({ id: 'HomeBasis', description: 'How the home point was found; never repeats the submitted code or coordinates' });

export const matchResultSchema = z
  .object({
    designations: z.array(designationScoreSchema).describe('The three proposed designations, highest score first'),
    bestFit: z.string().nullable().describe('The best-fitting proposed designation; null when none fits'),
    ambiguity: ambiguitySchema.nullable(),
    continuum: continuumSchema,
    current: z
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
    home: homeInfoSchema.nullable(),
  })
  .meta({ id: 'MatchResult' });

export const rowErrorSchema = z.object({ path: z.string().describe('Field path within the row, e.g. "age" or "home.lsoa"'), message: z.string() });

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
      current: z.object({ bestFit: z.string().nullable(), level: z.enum(CONTINUUM_LEVELS) }),
      home: homeInfoSchema.nullable(),
    }),
    z.object({
      index: z.number().int(),
      line: z.number().int().nullable(),
      ok: z.literal(false),
      errors: z.array(rowErrorSchema).describe('Every problem in the row, by field path; never the submitted values'),
    }),
  ])
  .meta({ id: 'BatchRowResult' });

export const batchResultSchema = z
  .object({
    summary: z.object({
      total: z.number().int(),
      matched: z.number().int(),
      invalid: z.number().int(),
      byContinuum: z.record(z.enum(CONTINUUM_LEVELS), z.number().int()),
      byDesignation: z.record(z.string(), z.number().int()).describe("Rows by best-fitting proposed designation; 'none' when no designation fits"),
      bySrpNeedType: z.record(z.string(), z.number().int()).describe("Rows at continuum level 'srp', by SRP need type"),
      ambiguous: z.number().int(),
      currentByDesignation: z.record(z.string(), z.number().int()).describe("Rows by best-fitting current designation; 'none' when none fits"),
    }),
    results: z.array(batchRowSchema).describe('One per input profile, in input order'),
  })
  .meta({ id: 'BatchMatchResult' });

export type CitedClause = z.infer<typeof citedClauseSchema>;
export type CriterionOutcome = z.infer<typeof criterionOutcomeSchema>;
export type DecidingFact = z.infer<typeof decidingFactSchema>;
export type DesignationScore = z.infer<typeof designationScoreSchema>;
export type Ambiguity = z.infer<typeof ambiguitySchema>;
export type ContinuumPlacement = z.infer<typeof continuumSchema>;
/** How the home point was found (a resolved home without its location). */
export type HomeInfo = z.infer<typeof homeInfoSchema>;
/** The answer of POST /match. */
export type NeedProfileMatch = z.infer<typeof matchResultSchema>;
export type RowError = z.infer<typeof rowErrorSchema>;
export type BatchRowResult = z.infer<typeof batchRowSchema>;
export type BatchSummary = z.infer<typeof batchResultSchema>['summary'];
export type BatchResult = z.infer<typeof batchResultSchema>;
