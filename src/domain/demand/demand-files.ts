/**
 * zod schemas for the demand model's files in models/<la>/. CSV cells arrive as strings.
 */
import { z } from 'zod';
import { NEED_CODES, PROPOSED_DESIGNATIONS, SRP_NEED_TYPES } from '../needs.js';
import { DEMAND_PHASES } from './phases.js';

export const DEMAND_FILES = {
  needByAge: 'ehcp-need-by-age-2025.csv',
  needByPlacement: 'ehcp-need-by-placement-2025.csv',
  placementByAge: 'ehcp-placement-by-age.csv',
  series: 'ehcp-series.csv',
  population: 'population-projections.csv',
  pathwayMatrix: 'pathway-matrix.csv',
  pathwayAssumptions: 'pathway-assumptions.json',
} as const;

const text = z.string().trim().min(1, 'must not be empty');
const count = z.string().trim().regex(/^\d+$/, 'must be a non-negative whole number').transform(Number);
const optionalCount = z
  .string()
  .trim()
  .refine((s) => s === '' || /^\d+$/.test(s), 'must be a non-negative whole number or empty')
  .transform((s) => (s === '' ? null : Number(s)));
const age = count.refine((n) => n <= 25, 'age must be 0 to 25');
const nonNegative = z
  .string()
  .trim()
  .refine((s) => s !== '' && Number.isFinite(Number(s)) && Number(s) >= 0, 'must be a non-negative number')
  .transform(Number);
const share = nonNegative.refine((n) => n <= 1, 'must be a share between 0 and 1');

const needCounts = Object.fromEntries([...NEED_CODES, 'UNKNOWN'].map((n) => [n, count])) as Record<
  (typeof NEED_CODES)[number] | 'UNKNOWN',
  typeof count
>;

const withNeedTotal = <T extends { ehc_plans: number } & Record<string, unknown>>(r: T) =>
  [...NEED_CODES, 'UNKNOWN'].reduce((s, n) => s + (r[n] as number), 0) === r.ehc_plans;

export const needByAgeRow = z
  .object({ age_low: age, age_high: age, ehc_plans: count, ...needCounts })
  .refine((r) => r.age_low <= r.age_high, { message: 'age_low is above age_high', path: ['age_high'] })
  .refine(withNeedTotal, { message: 'the need columns do not sum to ehc_plans', path: ['ehc_plans'] });

export const needByPlacementRow = z
  .object({ placement: text, ehc_plans: count, ...needCounts })
  .refine(withNeedTotal, { message: 'the need columns do not sum to ehc_plans', path: ['ehc_plans'] });

/** The DfE caseload columns the model reads, by placement group; the *_total columns are cross-checks. */
export const CASELOAD_GROUP_COLUMNS = {
  mainstream: ['mainstream_la_maintained', 'mainstream_academy', 'mainstream_free_school', 'mainstream_independent'],
  srp: [
    'mainstream_la_maintained_resourced_provision',
    'mainstream_la_maintained_senunit',
    'mainstream_academy_resourced_provision',
    'mainstream_academy_senunit',
    'mainstream_free_school_resourced_provision',
    'mainstream_free_school_senunit',
  ],
  'special-state': ['special_la_maintained', 'special_academy_free'],
  'special-non-maintained': ['special_non_maintained'],
  'special-independent': ['special_independent'],
  fe: ['general_fe_tertiary_colleges', 'specialist_post_16_institutions', 'ukrlp_provider'],
  other: ['ap_pru_total', 'ed_elsewhere', 'nm_early_years', 'placement_unknown'],
} as const;

const caseloadColumns = [...Object.values(CASELOAD_GROUP_COLUMNS).flat(), 'ehcplans', 'mainstream_total', 'special_total', 'fe_total'];
const sumOf = (r: Record<string, number>, cols: readonly string[]) => cols.reduce((s, c) => s + (r[c] ?? 0), 0);

export const placementByAgeRow = z
  .object({
    year: count.refine((y) => y >= 2000 && y <= 2100, 'must be a year'),
    age_low: age,
    age_high: age,
    ...Object.fromEntries(caseloadColumns.map((c) => [c, count])),
  })
  .refine((r) => r.age_low <= r.age_high, { message: 'age_low is above age_high', path: ['age_high'] })
  .superRefine((row, ctx) => {
    const r = row as unknown as Record<string, number>;
    const g = CASELOAD_GROUP_COLUMNS;
    const checks: [string, number][] = [
      ['mainstream_total', sumOf(r, [...g.mainstream, ...g.srp])],
      ['special_total', sumOf(r, [...g['special-state'], ...g['special-non-maintained'], ...g['special-independent']])],
      ['fe_total', sumOf(r, g.fe)],
      ['ehcplans', sumOf(r, ['mainstream_total', 'special_total', 'fe_total', ...g.other])],
    ];
    for (const [col, expected] of checks) {
      if (r[col] !== expected) ctx.addIssue({ code: 'custom', path: [col], message: `is ${r[col]} but its parts sum to ${expected}` });
    }
  });

export const seriesRow = z.object({
  year: count.refine((y) => y >= 2000 && y <= 2100, 'must be a year'),
  ehc_plans: count,
  under_5: optionalCount,
  age_5_to_10: optionalCount,
  age_11_to_15: optionalCount,
  age_16_to_19: optionalCount,
  age_20_to_25: optionalCount,
  collection: text,
  source: text,
});

export const populationRowBase = z.object({
  district_code: z.string().trim().regex(/^E0[67]\d{6}$/, 'must be a district code like E07000105'),
  district_name: text,
  age,
});
export const populationValue = nonNegative;

const proposed = z.enum(PROPOSED_DESIGNATIONS);
const srpType = z.enum(SRP_NEED_TYPES);
const need = z.enum(NEED_CODES, { error: `unknown need code; expected one of ${NEED_CODES.join(', ')}` });

/** Column names of pathway-matrix.csv's shares, in file order. */
export const PATHWAY_COLUMNS = [
  ...PROPOSED_DESIGNATIONS.map((d) => `special_${d.toLowerCase()}`),
  ...SRP_NEED_TYPES.map((t) => `srp_${t.toLowerCase()}`),
  ...PROPOSED_DESIGNATIONS.map((d) => `outreach_${d.toLowerCase()}`),
  'mainstream',
  'fe',
  'other',
] as const;

export const pathwayMatrixRow = z
  .object({
    need,
    phase: z.enum(DEMAND_PHASES, { error: `unknown phase; expected one of ${DEMAND_PHASES.join(', ')}` }),
    ...Object.fromEntries(PATHWAY_COLUMNS.map((c) => [c, share])),
    special_independent_fraction: share,
    basis: text,
  })
  .superRefine((row, ctx) => {
    const r = row as unknown as Record<string, number>;
    const total = sumOf(r, PATHWAY_COLUMNS);
    // Shares are written to 6 decimal places; 15 of them may drift by a few millionths.
    if (Math.abs(total - 1) > 1e-4) ctx.addIssue({ code: 'custom', path: ['other'], message: `the shares sum to ${total}, not 1` });
  });

export const pathwayAssumptionsFile = z.object({
  description: text,
  designationPrior: z.object({
    basis: text,
    byNeed: z
      .array(
        z.object({
          need,
          weights: z.partialRecord(proposed, z.number().min(0)).refine((w) => Object.values(w).some((x) => (x ?? 0) > 0), 'at least one weight must be above 0'),
          basis: text,
        }),
      )
      .refine((rows) => NEED_CODES.every((n) => rows.filter((r) => r.need === n).length === 1), `give exactly one entry for each of ${NEED_CODES.join(', ')}`),
  }),
  srpTypes: z
    .array(
    z
      .object({
        need,
        shares: z.partialRecord(srpType, z.number().min(0).max(1)).optional(),
        proRata: z.array(srpType).min(1).optional(),
        basis: text,
      })
      .refine((r) => (r.shares === undefined) !== (r.proRata === undefined), 'give exactly one of shares and proRata')
      .refine((r) => r.shares === undefined || Math.abs(Object.values(r.shares).reduce((s, x) => s + (x ?? 0), 0) - 1) < 1e-9, {
        message: 'shares must sum to 1',
        path: ['shares'],
      }),
    )
    .refine((rows) => NEED_CODES.every((n) => rows.filter((r) => r.need === n).length === 1), `give exactly one entry for each of ${NEED_CODES.join(', ')}`),
  outreach: z.object({
    defaultShare: z.number().min(0).max(1),
    byNeed: z.array(z.object({ need, share: z.number().min(0).max(1), basis: text })),
    basis: text,
  }),
  sources: z.array(text),
});
