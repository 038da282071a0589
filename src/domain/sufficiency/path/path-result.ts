/**
 * The result of a path run, as one zod schema: what the API returns and stores for a scenario with
 * a horizon. Each model year has a full single-year result (the same shape as a single-year run's,
 * so the same maps, tables and CSVs read it) whose rows and provisions also say how many pupils kept
 * a place from an earlier year; beside them, the totals year by year, each locality's shortfall year
 * by year and the year it starts, the places opened and closed each year and, when asked, the range
 * of the projection's low and high variants.
 */
import { z } from 'zod';
import { PHASES } from '../../phases.js';
import { CATEGORIES, LOCALITY_LEVELS, STATE_PROVISION_KINDS, type Category } from '../inputs.js';
import { localityRowSchema, provisionRowSchema, runAssumptionSchema, SHORTFALL_BASES, sufficiencyResultSchema } from '../result.js';

/** Bump when the path's rules change (cohorts, transitions, carried places), so old hashes no longer match. */
export const PATH_MODEL_VERSION = 'sufficiency-path/1';

const count = z.number().describe('Pupils (exact; see `whole` for whole pupils)');
const whole = z.number().int();
const category = z.enum(CATEGORIES as unknown as [Category, ...Category[]]);

export const PATH_SHORTFALL_BASES = [...SHORTFALL_BASES, 'placed-earlier'] as const;

const range = z.object({ low: whole, high: whole }).describe('Whole pupils in the low and high projection variants (the smaller and larger of the two)');

export const pathLocalityRowSchema = localityRowSchema.extend({
  year: z.number().int(),
  stayed: count.describe('Of placedLocal + placedElsewhere: pupils placed in an earlier year who keep their place (they are not at a transition)'),
  stayedIndependent: count.describe('Of placedIndependent: pupils placed in an independent school in an earlier year, kept until their next transition'),
  newDemand: count.describe('Pupils with no place to keep: entering the phase, new plans, and those without a place the year before'),
  entering: count.describe('Of demand: pupils at the first age of the phase (Reception, Year 7 or Year 12)'),
  shortfallBasis: z
    .enum(PATH_SHORTFALL_BASES)
    .describe("As in a single-year run; 'placed-earlier' when the row's only shortfall is independent placements made in an earlier year"),
  band: z.object({ shortfall: range }).nullable().describe('The range of the low and high projection variants (when the run carries them)'),
  whole: localityRowSchema.shape.whole.extend({ stayed: whole, stayedIndependent: whole, newDemand: whole }),
});
export type PathLocalityRow = z.infer<typeof pathLocalityRowSchema>;

export const pathProvisionRowSchema = provisionRowSchema.extend({
  admitting: z.boolean().describe('Whether it admits pupils this year (false: closed to admissions, its pupils staying until their transition)'),
  stayed: count.describe('Of used: pupils placed in an earlier year who keep their place'),
});
export type PathProvisionRow = z.infer<typeof pathProvisionRowSchema>;

export const pathYearResultSchema = sufficiencyResultSchema
  .extend({
    byLocality: z.array(pathLocalityRowSchema),
    provisions: z.array(pathProvisionRowSchema),
  })
  .describe("One model year of the path, as a single-year run's result (designationSet: the set that year's admissions follow)");
export type PathYearResult = z.infer<typeof pathYearResultSchema>;

const yearFigures = {
  demand: count,
  placedState: count.describe('In state provision (special schools, SRPs, bases, satellites): placedLocal + placedElsewhere'),
  stayed: count.describe('Of placedState: placed in an earlier year and kept'),
  placedNew: count.describe('Of placedState: placed this year'),
  placedIndependent: count,
  stayedIndependent: count.describe('Of placedIndependent: placed in an earlier year and kept until their transition'),
  placedOutOfArea: count,
  unmet: count,
  notCommissioned: count,
  shortfall: count.describe('placedIndependent + unmet'),
  entering: count.describe('Pupils at the first age of their phase'),
  leftAtTransition: count.describe('Pupils who left a placement since the year before at a transition (into Year 7 or Year 12, or leaving after 19)'),
  plansCeased: count.describe("Pupils who left a placement since the year before because their cohort's plans fell (the demand model's change for the cohort)"),
  stayingInClosed: count.describe('Pupils staying at provisions closed to admissions, until their transition'),
};

export const pathYearSchema = z.object({
  year: z.number().int(),
  designationSet: z.string().describe('The designation set this year\'s admissions follow'),
  ...yearFigures,
  independentCost: z.number().describe('Pounds a year: placedIndependent x independent.costPerPlace'),
  places: z.number().describe('State places open to admissions'),
  placesUsed: count.describe('Pupils in state places, at provisions admitting or closed'),
  placesOpened: z.number().describe("Places more than the year before, summed over provisions and phases (the first year: than the year before the horizon, the register with the scenario's changes that have no start year)"),
  placesClosed: z.number().describe('Places fewer than the year before, likewise (closures, ends of commissioning, reductions)'),
  whole: z.object(Object.fromEntries(Object.keys(yearFigures).map((k) => [k, whole])) as Record<keyof typeof yearFigures, typeof whole>),
  band: z
    .object({ demand: range, shortfall: range, placedIndependent: range, unmet: range, independentCost: z.object({ low: z.number(), high: z.number() }) })
    .nullable()
    .describe('The same year under the low and high projection variants'),
});
export type PathYear = z.infer<typeof pathYearSchema>;

export const pathLocalitySchema = z.object({
  locality: z.string(),
  localityName: z.string(),
  shortfallStartsIn: z.number().int().nullable().describe('The first year the locality has a shortfall of a whole pupil or more (null: none in the horizon); the first year itself when it is short from the start'),
  byYear: z.array(
    z.object({
      year: z.number().int(),
      demand: whole,
      shortfall: whole,
      placedIndependent: whole,
      unmet: whole,
      band: z.object({ shortfall: range }).nullable(),
    }),
  ),
  categories: z
    .array(z.object({ category, shortfallStartsIn: z.number().int() }))
    .describe('Categories (over all phases) short in some year, with the first year each is'),
});
export type PathLocality = z.infer<typeof pathLocalitySchema>;

export const pathSupplyChangeSchema = z.object({
  year: z.number().int(),
  provision: z.string(),
  name: z.string(),
  kind: z.enum(STATE_PROVISION_KINDS),
  locality: z.string(),
  change: z.enum(['opened', 'closed', 'more-places', 'fewer-places']),
  phases: z.array(z.enum(PHASES)),
  placesBefore: z.number(),
  placesAfter: z.number(),
  staying: count.describe('Closed or reduced: pupils placed before who stay until their transition'),
  note: z.string(),
});
export type PathSupplyChange = z.infer<typeof pathSupplyChangeSchema>;

export const pathResultSchema = z
  .object({
    kind: z.literal('path'),
    scenarioId: z.string(),
    scenarioName: z.string(),
    level: z.enum(LOCALITY_LEVELS),
    horizon: z.object({ from: z.number().int(), to: z.number().int(), admissionsFrom: z.number().int() }),
    designationSet: z.string().describe('The designation set of the scenario (admissions follow it from horizon.admissionsFrom)'),
    modelVersion: z.string(),
    inputsHash: z.string().describe('sha256 of the path model version and the canonical JSON of the path inputs: same hash, same answer'),
    solver: z.object({
      name: z.enum(['jslp', 'highs']).describe('LP solver of the journey stages (the largest LP of the first year)'),
      solveMs: z.number().describe('All years (and variants) together'),
      years: z.array(z.object({ year: z.number().int(), variant: z.enum(['central', 'low', 'high']), ms: z.number() })),
    }),
    years: z.array(pathYearSchema).describe('Totals year by year'),
    localities: z.array(pathLocalitySchema),
    supplyChanges: z.array(pathSupplyChangeSchema).describe('Places opened and closed each year, provision by provision'),
    yearResults: z.array(pathYearResultSchema).describe('Each model year in full: rows per locality, category and phase; provisions; outreach'),
    band: z
      .object({ variants: z.array(z.enum(['low', 'central', 'high'])), note: z.string() })
      .nullable()
      .describe('Present when the run carries the low and high projection variants'),
    scenarioInputs: z.record(z.string(), z.unknown()),
    assumptions: z.array(runAssumptionSchema),
    notes: z.array(z.string()),
    warnings: z.array(z.string()),
  })
  .describe('A path: the scenario year by year, pupils kept in their placements between transitions');
export type PathResult = z.infer<typeof pathResultSchema>;
