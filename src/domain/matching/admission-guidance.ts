/**
 * The admission guidance as data (models/<la>/admission-guidance.json): quoted clauses, the scoring
 * criteria read from them for each designation (proposed and current), the continuum rules and what
 * is commissioned. Validated at start-up; any problem throws a DataFileError naming file, row, field.
 * The scoring method is described in models/kent/MATCHING.md.
 */
import { z } from 'zod';
import { CURRENT_DESIGNATIONS, NEED_CODES, PROPOSED_DESIGNATIONS, SRP_NEED_TYPES } from '../needs.js';
import { DataFileError } from '../registry/data-file-error.js';
import { LEARNING_DIFFICULTY_LEVELS, NEED_TRAITS, PROFILE_AGE } from './need-profile.js';

export const ADMISSION_GUIDANCE_FILE = 'admission-guidance.json';

export const CONTINUUM_LEVELS = ['special', 'srp', 'mainstream-outreach', 'mainstream'] as const;
export type ContinuumLevel = (typeof CONTINUUM_LEVELS)[number];

export const COMMISSIONING_STATUSES = ['commissioned', 'at-risk', 'not-commissioned'] as const;
export type CommissioningStatus = (typeof COMMISSIONING_STATUSES)[number];

/**
 * A condition on a need profile. Every key given must hold (and); within a list, any value matches
 * (or). `anyOf` holds when one of its conditions does. An empty condition always holds.
 */
export interface Condition {
  primaryNeed?: (typeof NEED_CODES)[number][];
  /** The primary need or any secondary need is in the list. */
  needs?: (typeof NEED_CODES)[number][];
  learningDifficulty?: (typeof LEARNING_DIFFICULTY_LEVELS)[number][];
  /** The profile has any of these traits. */
  traits?: (typeof NEED_TRAITS)[number][];
  age?: { min?: number; max?: number };
  minSecondaryNeeds?: number;
  anyOf?: Condition[];
}

const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'must list at least one value');
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.strictObject({
    primaryNeed: nonEmpty(z.enum(NEED_CODES)).optional(),
    needs: nonEmpty(z.enum(NEED_CODES)).optional(),
    learningDifficulty: nonEmpty(z.enum(LEARNING_DIFFICULTY_LEVELS)).optional(),
    traits: nonEmpty(z.enum(NEED_TRAITS)).optional(),
    age: z
      .strictObject({ min: z.number().int().min(PROFILE_AGE.min).optional(), max: z.number().int().max(PROFILE_AGE.max).optional() })
      .refine((a) => a.min === undefined || a.max === undefined || a.min <= a.max, 'min is above max')
      .optional(),
    minSecondaryNeeds: z.number().int().min(1).optional(),
    anyOf: z.array(conditionSchema).min(2, 'anyOf needs at least two conditions').optional(),
  }),
);

const text = z.string().trim().min(1, 'must not be empty');
const clauseRefs = z.array(text);

const criterion = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens'),
  /** 'defining': what the guidance says these pupils have (absence lowers the score). 'often': what many have or schools can expect to admit (presence raises it, absence does not lower it). */
  kind: z.enum(['defining', 'often']),
  /** A missed required criterion caps the score below the fit threshold. */
  required: z.boolean().default(false),
  weight: z.number().positive().max(10),
  clauses: clauseRefs.min(1, 'a criterion must cite at least one guidance clause'),
  describes: text,
  when: conditionSchema,
});

const designationRules = z.discriminatedUnion('set', [
  z.strictObject({ set: z.literal('proposed'), code: z.enum(PROPOSED_DESIGNATIONS), criteria: z.array(criterion).min(1) }),
  /**
   * A current designation has criteria of its own, or (ALL, "all needs (not known)") none: `bestOf`
   * says it admits whoever fits a designation of the proposed set and scores as the best of them (an
   * assumption, labelled in `describes`).
   */
  z
    .strictObject({
      set: z.literal('current'),
      code: z.enum(CURRENT_DESIGNATIONS),
      criteria: z.array(criterion).min(1).optional(),
      bestOf: z.literal('proposed').optional(),
      describes: text.optional(),
    })
    .refine((d) => (d.criteria === undefined) !== (d.bestOf === undefined), { message: 'give criteria, or bestOf (with describes), not both', path: ['criteria'] })
    .refine((d) => d.bestOf === undefined || d.describes !== undefined, { message: 'a bestOf designation says what it assumes in describes', path: ['describes'] }),
]);

export const admissionGuidanceFile = z.strictObject({
  description: text,
  scoring: z.strictObject({
    fitThreshold: z.number().gt(0).max(1),
    ambiguityMargin: z.number().min(0).max(1),
    requiredMissFactor: z.number().min(0).max(1),
    method: text,
    /** Why each number has its value: a source, or a labelled, tunable assumption (MATCHING.md). */
    basis: z.strictObject({ fitThreshold: text, weights: text, ambiguityMargin: text, requiredMissFactor: text }),
  }),
  clauses: z.array(z.strictObject({ id: z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be letters, digits, dots and hyphens'), source: text, text })).min(1),
  designations: z.array(designationRules).min(1),
  continuum: z.strictObject({
    description: text,
    rules: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens'),
          level: z.enum(CONTINUUM_LEVELS),
          srpNeedFrom: z.enum(['primaryNeed', 'anyNeed']).optional(),
          clauses: clauseRefs.min(1, 'a continuum rule must cite at least one clause'),
          explanation: text,
          when: conditionSchema,
        }),
      )
      .min(1),
  }),
  srpNeedTypes: z.array(z.strictObject({ code: z.enum(SRP_NEED_TYPES), commissioned: z.boolean(), clauses: clauseRefs, note: text })),
  provisionCommissioning: z
    .array(z.strictObject({ pattern: text, status: z.enum(COMMISSIONING_STATUSES), clauses: clauseRefs, note: text }))
    .min(1),
});

export type AdmissionGuidance = z.infer<typeof admissionGuidanceFile>;
export type DesignationRules = AdmissionGuidance['designations'][number];
export type Criterion = NonNullable<DesignationRules['criteria']>[number];
export type ContinuumRule = AdmissionGuidance['continuum']['rules'][number];
export type Clause = AdmissionGuidance['clauses'][number];

/**
 * Checks what a schema cannot: every clause cited exists, each designation of both sets has rules
 * exactly once, criterion ids are unique, a required miss cannot reach the fit threshold, the
 * continuum ends with a rule that always applies, every SRP need type is covered once, and every
 * commissioning pattern compiles and every provision's commissioning text matches one.
 */
export function checkAdmissionGuidance(
  guidance: AdmissionGuidance,
  provisionCommissioning: readonly string[],
  currentDesignations: readonly string[] = CURRENT_DESIGNATIONS,
): AdmissionGuidance {
  const file = ADMISSION_GUIDANCE_FILE;
  const fail = (row: string | null, field: string | null, problem: string): never => {
    throw new DataFileError(file, row, field, problem);
  };
  const clauseIds = new Set<string>();
  guidance.clauses.forEach((c, i) => {
    if (clauseIds.has(c.id)) fail(`clauses[${i}]`, 'id', `duplicate clause id ${c.id}`);
    clauseIds.add(c.id);
  });
  const cites = (refs: string[], row: string, field = 'clauses') =>
    refs.forEach((ref, k) => {
      if (!clauseIds.has(ref)) fail(row, `${field}.${k}`, `cites unknown clause ${ref}`);
    });

  if (guidance.scoring.requiredMissFactor >= guidance.scoring.fitThreshold) {
    fail(null, 'scoring.requiredMissFactor', 'must be below fitThreshold, or a profile missing a required criterion could still fit');
  }

  const seen = new Set<string>();
  const criterionIds = new Set<string>();
  guidance.designations.forEach((d, i) => {
    const key = `${d.set}:${d.code}`;
    if (seen.has(key)) fail(`designations[${i}]`, 'code', `rules for ${d.set} designation ${d.code} given twice`);
    seen.add(key);
    if (!d.criteria) return;
    if (!d.criteria.some((c) => c.kind === 'defining')) fail(`designations[${i}]`, 'criteria', `${d.code} has no defining criterion`);
    d.criteria.forEach((c, j) => {
      if (criterionIds.has(c.id)) fail(`designations[${i}]`, `criteria.${j}.id`, `duplicate criterion id ${c.id}`);
      criterionIds.add(c.id);
      if (c.required && c.kind !== 'defining') fail(`designations[${i}]`, `criteria.${j}.required`, 'only a defining criterion can be required');
      cites(c.clauses, `designations[${i}]`, `criteria.${j}.clauses`);
    });
  });
  for (const [set, codes] of [['proposed', PROPOSED_DESIGNATIONS], ['current', currentDesignations]] as const) {
    for (const code of codes) if (!seen.has(`${set}:${code}`)) fail(null, 'designations', `no rules for ${set} designation ${code}`);
  }

  const rules = guidance.continuum.rules;
  rules.forEach((r, i) => {
    cites(r.clauses, `continuum.rules[${i}]`);
    if (r.level === 'srp' && !r.srpNeedFrom) fail(`continuum.rules[${i}]`, 'srpNeedFrom', 'an srp rule must say which need the SRP is for');
    if (r.level !== 'srp' && r.srpNeedFrom) fail(`continuum.rules[${i}]`, 'srpNeedFrom', 'only an srp rule names an SRP need');
  });
  const last = rules[rules.length - 1]!;
  if (Object.keys(last.when).length > 0 || last.level === 'special' || last.level === 'srp') {
    fail(`continuum.rules[${rules.length - 1}]`, 'when', 'the last continuum rule must always apply (empty condition, mainstream or mainstream-outreach level)');
  }

  const srpCodes = new Set<string>();
  guidance.srpNeedTypes.forEach((t, i) => {
    if (srpCodes.has(t.code)) fail(`srpNeedTypes[${i}]`, 'code', `SRP need type ${t.code} given twice`);
    srpCodes.add(t.code);
    cites(t.clauses, `srpNeedTypes[${i}]`);
  });
  for (const code of SRP_NEED_TYPES) if (!srpCodes.has(code)) fail(null, 'srpNeedTypes', `no commissioning entry for SRP need type ${code}`);

  const patterns = guidance.provisionCommissioning.map((p, i) => {
    cites(p.clauses, `provisionCommissioning[${i}]`);
    try {
      return new RegExp(p.pattern, 'i');
    } catch {
      return fail(`provisionCommissioning[${i}]`, 'pattern', 'not a valid regular expression');
    }
  });
  for (const textValue of new Set(provisionCommissioning)) {
    if (!patterns.some((p) => p.test(textValue))) {
      fail(null, 'provisionCommissioning', `no pattern matches the commissioning status "${textValue}" used in the provisions`);
    }
  }
  return guidance;
}
