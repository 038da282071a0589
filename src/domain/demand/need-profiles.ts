/**
 * The need-profile assumptions (models/<la>/need-profiles.json): for each level of need (special,
 * SRP, mainstream) and primary need, the kinds of child behind DfE's counts, as need profiles the
 * admission rules can score. Validated at load; the method is in models/kent/DEMAND.md.
 */
import { z } from 'zod';
import { CURRENT_DESIGNATIONS, NEED_CODES, type CurrentDesignation, type NeedCode } from '../needs.js';
import { LEARNING_DIFFICULTY_LEVELS, NEED_TRAITS, type LearningDifficulty, type NeedTrait } from '../matching/need-profile.js';

const text = z.string().trim().min(1, 'must not be empty');
/** Every estimate says what it is: a public figure ('source:'), or an estimate or assumption with its reasoning. */
const basis = text.regex(/^(source|estimate|assumption)\b/, "must start with 'source', 'estimate' or 'assumption'");
const need = z.enum(NEED_CODES, { error: `unknown need code; expected one of ${NEED_CODES.join(', ')}` });

const variant = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens'),
  /** Special level only: the current designation of the kind of school this child stands for. */
  currentDesignation: z.enum(CURRENT_DESIGNATIONS).optional(),
  learningDifficulty: z.enum(LEARNING_DIFFICULTY_LEVELS),
  secondaryNeeds: z.array(need),
  traits: z.array(z.enum(NEED_TRAITS)),
  weight: z.number().positive(),
  basis,
});

const byNeed = z
  .array(z.strictObject({ need, variants: z.array(variant).min(1) }))
  .refine((rows) => NEED_CODES.every((n) => rows.filter((r) => r.need === n).length === 1), `give exactly one entry for each of ${NEED_CODES.join(', ')}`);

export const needProfilesFile = z.strictObject({
  description: text,
  sources: z.array(text).min(1),
  levels: z.strictObject({ basis }),
  special: z.strictObject({ basis, byNeed }),
  srp: z.strictObject({ basis, byNeed }),
  mainstream: z.strictObject({
    basis,
    outreach: z.strictObject({
      defaultShare: z.number().min(0).max(1),
      basis,
      byNeed: z.array(z.strictObject({ need, share: z.number().min(0).max(1), basis })),
    }),
    byNeed,
  }),
  post16: z.strictObject({ noDesignation: z.literal('fe'), basis }),
});

export type NeedProfilesFile = z.infer<typeof needProfilesFile>;

export interface ProfileVariant {
  id: string;
  need: NeedCode;
  currentDesignation?: CurrentDesignation;
  learningDifficulty: LearningDifficulty;
  secondaryNeeds: NeedCode[];
  traits: NeedTrait[];
  weight: number;
  basis: string;
}

/** Checks what the schema cannot: special variants name their current designation, others do not; ids are unique; no variant repeats its primary need. */
export function checkNeedProfiles(doc: NeedProfilesFile): string | null {
  const ids = new Set<string>();
  for (const level of ['special', 'srp', 'mainstream'] as const) {
    for (const [i, entry] of doc[level].byNeed.entries()) {
      for (const [j, v] of entry.variants.entries()) {
        const at = `${level}.byNeed.${i}.variants.${j}`;
        if (ids.has(v.id)) return `${at}.id: duplicate variant id ${v.id}`;
        ids.add(v.id);
        if ((level === 'special') !== (v.currentDesignation !== undefined)) {
          return `${at}.currentDesignation: ${level === 'special' ? 'a special-school variant must name' : 'only a special-school variant names'} the current designation it stands for`;
        }
        if (v.secondaryNeeds.includes(entry.need)) return `${at}.secondaryNeeds: must not repeat the primary need`;
      }
    }
  }
  return null;
}

/** The variants of one level and need, with the need filled in. */
export function variantsOf(doc: NeedProfilesFile, level: 'special' | 'srp' | 'mainstream', n: NeedCode): ProfileVariant[] {
  return doc[level].byNeed.find((e) => e.need === n)!.variants.map((v) => ({ ...v, need: n }));
}

export function outreachShare(doc: NeedProfilesFile, n: NeedCode): number {
  return doc.mainstream.outreach.byNeed.find((o) => o.need === n)?.share ?? doc.mainstream.outreach.defaultShare;
}
