/**
 * One child's need profile: the input of designation matching, placement search and batch matching.
 * Personal data (special category under UK GDPR): never logged, never echoed in an error message.
 * Every message this schema produces names the field and the rule, never the submitted value.
 */
import { z } from 'zod';
import { NEED_CODES, type NeedCode } from '../needs.js';

export const LEARNING_DIFFICULTY_LEVELS = ['none', 'mild', 'moderate', 'severe', 'profound'] as const;
export type LearningDifficulty = (typeof LEARNING_DIFFICULTY_LEVELS)[number];

export const NEED_TRAITS = [
  'challenging-behaviour',
  'adverse-childhood-experiences',
  'adhd',
  'severe-social-anxiety',
  'severe-social-communication',
  'communication-disorder',
  'complex-medical',
] as const;
export type NeedTrait = (typeof NEED_TRAITS)[number];

/** Age limits of the EHCP population (0-25) that the service plans places for, from 2 (early years). */
export const PROFILE_AGE = { min: 2, max: 25 } as const;

const needCode = z.enum(NEED_CODES, { error: `expected a DfE primary need code: ${NEED_CODES.join(', ')}` });

function noRepeats(list: readonly string[]) {
  return new Set(list).size === list.length;
}

const coordinatesHome = z.strictObject({
  lat: z.number().min(49.8, 'latitude must be within Great Britain (49.8 to 60.9)').max(60.9, 'latitude must be within Great Britain (49.8 to 60.9)'),
  lon: z.number().min(-8.7, 'longitude must be within Great Britain (-8.7 to 1.9)').max(1.9, 'longitude must be within Great Britain (-8.7 to 1.9)'),
});
const lsoaHome = z.strictObject({
  lsoa: z.string().regex(/^E0[01]\d{6}$/, 'must be an LSOA code: E01 or E00 and six digits'),
});

/** The branch of a failed union whose keys the input used, so the caller sees one precise message. */
function homeError(issue: { code: string; errors?: { path: PropertyKey[]; message: string; code: string }[][] }) {
  if (issue.code !== 'invalid_union' || !issue.errors) return 'expected {lat, lon} or {lsoa}';
  const branches = issue.errors.filter((errs) => !errs.some((e) => e.code === 'unrecognized_keys' && e.path.length === 0));
  const first = branches[0]?.[0];
  if (branches.length === 1 && first) return `${first.path.join('.')}: ${first.message}`;
  return 'expected {lat, lon} (WGS84 degrees) or {lsoa} (an LSOA code), not both';
}

export const homeSchema = z
  .union([coordinatesHome, lsoaHome], { error: (issue) => homeError(issue as never) })
  .describe('Where the child lives: WGS84 coordinates, or an LSOA code (resolved to its centroid)')
  .meta({ id: 'Home' });

export const needProfileSchema = z
  .strictObject({
    primaryNeed: needCode.describe('DfE SEN2 / school census primary need code'),
    secondaryNeeds: z
      .array(needCode)
      .max(NEED_CODES.length - 1)
      .refine(noRepeats, 'must not repeat a need code')
      .describe('Other recorded needs (DfE codes), without the primary need'),
    learningDifficulty: z.enum(LEARNING_DIFFICULTY_LEVELS, { error: `expected one of ${LEARNING_DIFFICULTY_LEVELS.join(', ')}` }),
    traits: z
      .array(z.enum(NEED_TRAITS, { error: `expected one of ${NEED_TRAITS.join(', ')}` }))
      .max(NEED_TRAITS.length)
      .refine(noRepeats, 'must not repeat a trait')
      .describe('Characteristics the admission guidance refers to'),
    age: z
      .number({ error: 'expected a whole number of years' })
      .int('expected a whole number of years')
      .min(PROFILE_AGE.min, `must be ${PROFILE_AGE.min} to ${PROFILE_AGE.max}`)
      .max(PROFILE_AGE.max, `must be ${PROFILE_AGE.min} to ${PROFILE_AGE.max}`)
      .describe('Age in whole years at the start of the school year (the phase follows from it: primary 4-10, secondary 11-15, post-16 16-19)'),
    home: homeSchema.optional(),
  })
  .refine((p) => !p.secondaryNeeds.includes(p.primaryNeed), {
    path: ['secondaryNeeds'],
    message: 'must not include the primary need',
    // Checked even when other fields are wrong, so a bad row's every problem is reported at once;
    // skipped only when the two fields it compares are themselves wrong.
    when: ({ value, issues }) => {
      const v = value as { primaryNeed?: unknown; secondaryNeeds?: unknown } | null;
      return (
        typeof v?.primaryNeed === 'string' &&
        Array.isArray(v.secondaryNeeds) &&
        !issues.some((i) => i.path?.[0] === 'primaryNeed' || i.path?.[0] === 'secondaryNeeds')
      );
    },
  })
  .meta({
    id: 'NeedProfile',
    description: "One child's needs. Personal data: never logged or stored, and never repeated in an error message.",
  });

export type NeedProfile = z.infer<typeof needProfileSchema>;
export type Home = z.infer<typeof homeSchema>;

/** Every need the profile records: the primary need first. */
export function needsOf(profile: Pick<NeedProfile, 'primaryNeed' | 'secondaryNeeds'>): NeedCode[] {
  return [profile.primaryNeed, ...profile.secondaryNeeds];
}
