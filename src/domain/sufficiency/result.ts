/**
 * The result of a sufficiency run, as one zod schema: what the API returns, what the runs table
 * stores, what the CLI prints from. Exact counts are pupils with fractions (demand is apportioned from
 * county figures); every table also carries `whole`, the same figures in whole pupils rounded so
 * that they add up (largest remainder: whole-pupils.ts). Distances are straight-line km and
 * estimated minutes from where the locality's children live. Money is pounds a year.
 */
import { z } from 'zod';
import { PROPOSED_DESIGNATIONS } from '../needs.js';
import { PHASES } from '../phases.js';
import { CATEGORIES, LOCALITY_LEVELS, STATE_PROVISION_KINDS, type Category } from './inputs.js';

const category = z.enum(CATEGORIES as unknown as [Category, ...Category[]]);
const count = z.number().describe('Pupils (exact; see `whole` for whole pupils)');
const whole = z.number().int();
const phase = z.enum(PHASES);
const perPhase = z.object({ primary: z.number().optional(), secondary: z.number().optional(), post16: z.number().optional() });

export const SHORTFALL_BASES = ['none', 'not-commissioned', 'no-provision-in-reach', 'assumed-places', 'known-places'] as const;

export const localityRowSchema = z.object({
  locality: z.string(),
  localityName: z.string(),
  category,
  phase,
  demand: count,
  placedLocal: count.describe('At a state provision in the same locality'),
  placedElsewhere: count.describe("At another locality's state provision within reach"),
  placedBeyondLimit: count.describe(
    'Of placedLocal + placedElsewhere: pupils reached only because the provision is their nearest suitable one, beyond the travel limit (an estimate from where they live)',
  ),
  placedIndependent: count.describe('In an independent or non-maintained special school, in reach or outside Kent and Medway'),
  placedOutOfArea: count.describe('Of placedIndependent: outside Kent and Medway (no located independent school in reach had room)'),
  unmet: count.describe('No suitable place at all: SRP need types with no SRP place in reach (no independent fallback), or beyond a cap on independent places'),
  notCommissioned: count.describe('SRP need type and phase the council commissions no place for anywhere (e.g. post-16 SRP places: decision 25/00085): not a shortfall of places'),
  shortfall: count.describe('Pupils without a suitable state place in reach: placedIndependent + unmet'),
  placedShare: z.number().nullable().describe('Share of the row placed in state provision (of demand less notCommissioned); rows competing for the same places get the same share'),
  reachShare: z.number().nullable().describe("Share of the locality's children within the travel limit of at least one suitable state provision"),
  meanKm: z.number().nullable().describe('Mean straight-line km of state placements; null when none'),
  p95Km: z.number().nullable(),
  meanMinutes: z.number().nullable().describe('Mean estimated journey minutes of state placements'),
  p95Minutes: z.number().nullable().describe("95th percentile of the placements' mean journeys (arc means, not single children)"),
  independentMeanMinutes: z.number().nullable().describe('Mean journey of placements at independent schools in reach'),
  valueOfLocalPlace: z.number().describe('Pounds a year one more place of this category and phase in the locality would save (0 when the row has no shortfall)'),
  valueOfLocalPlaceMeaning: z.string(),
  shortfallBasis: z
    .enum(SHORTFALL_BASES)
    .describe(
      "Why the row is short: 'not-commissioned' (no provision of its SRP type serves its phase), 'no-provision-in-reach' (none within the " +
        "travel limit: for SRP need types the public list is partial, so this may be a gap in the data), 'assumed-places' (a suitable " +
        "provision in reach has assumed places, so the shortfall depends on that assumption), 'known-places' (every suitable provision " +
        "in reach has published or estimated places), 'none'",
    ),
  whole: z.object({
    demand: whole,
    placedLocal: whole,
    placedElsewhere: whole,
    placedBeyondLimit: whole.describe('Rounded on its own: a part of placedLocal + placedElsewhere'),
    placedIndependent: whole,
    placedOutOfArea: whole,
    unmet: whole,
    notCommissioned: whole,
  }),
});
export type LocalityRow = z.infer<typeof localityRowSchema>;

export const PROVISION_KINDS = [...STATE_PROVISION_KINDS, 'independent-special', 'non-maintained-special'] as const;

export const provisionRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PROVISION_KINDS),
  locality: z.string().nullable().describe('Locality at the run level; null for a school outside Kent'),
  categories: z.array(category),
  phases: z.array(phase),
  capacity: z.number(),
  capacityByPhase: perPhase.describe('Places by phase, as the model limits them (special schools: the roll split by the SEN2 age profile, an estimate)'),
  capacityBasis: z.enum(['source', 'estimate', 'assumption']),
  capacityNote: z.string(),
  used: count,
  usedByPhase: perPhase,
  usedWhole: whole.describe('Places used in whole pupils (largest remainder over all provisions)'),
  utilisation: z.number().nullable().describe('used / capacity where places are known or assumed; null where places are taken to be the roll (see utilisationNote)'),
  utilisationNote: z.string(),
  valuePerPlace: z.number().nullable().describe('Pounds a year one more place here would save; null for independent schools (no state saving)'),
  valueMeaning: z.string(),
  outreachCapacity: z.number(),
  outreachUsed: z.number(),
  designationNote: z.string().nullable(),
  s41: z.enum(['approved', 'not-approved', 'not-applicable', 'unknown']).nullable().describe('Independent schools: approved under section 41 (DfE list, March 2022)'),
  changes: z.array(z.string()),
});
export type ProvisionRow = z.infer<typeof provisionRowSchema>;

export const placeValueSchema = z.object({
  description: z.string().describe('e.g. "one more assumed SRP place in Dartford (SRP-ASD; secondary; 40 now, all used, at 3 provisions): £8,252 a year"'),
  provisions: z.array(z.string()),
  places: z.number(),
  valuePerPlace: z.number(),
  meaning: z.string(),
});

export const outreachRowSchema = z.object({
  locality: z.string(),
  localityName: z.string(),
  category: z.enum(PROPOSED_DESIGNATIONS).nullable().describe('Designation of the special schools whose outreach is needed; null for any'),
  demand: count,
  supplied: count,
  unmet: count,
  whole: z.object({ demand: whole, supplied: whole, unmet: whole }),
});
export type OutreachRow = z.infer<typeof outreachRowSchema>;

/** One assumption a run depends on: its name, value, and where the value comes from or "assumption: <why>". */
export const runAssumptionSchema = z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]), basis: z.string() });

export const calibrationRowSchema = z.object({
  measure: z.string(),
  label: z.string(),
  model: z.number().int().describe('The run, whole pupils'),
  observed: z.number(),
  difference: z.number().int(),
  relativeDifference: z.number().nullable(),
  within10Percent: z.boolean(),
  source: z.string(),
  explanation: z.string().describe('Why model and observation differ, where they do by design'),
});

export const calibrationSchema = z
  .object({
    year: z.number().int(),
    note: z.string(),
    rows: z.array(calibrationRowSchema),
  })
  .describe('Model against the observed January figures, for runs of the base year');
export type Calibration = z.infer<typeof calibrationSchema>;

const wholeTotals = z.object({
  demand: whole,
  placedLocal: whole,
  placedElsewhere: whole,
  placedBeyondLimit: whole,
  placedIndependent: whole,
  placedOutOfArea: whole,
  unmet: whole,
  notCommissioned: whole,
  placesUsed: whole,
  outreachDemand: whole,
  outreachSupplied: whole,
  outreachUnmet: whole,
});

export const sufficiencyResultSchema = z.object({
  scenarioId: z.string(),
  scenarioName: z.string(),
  year: z.number().int(),
  level: z.enum(LOCALITY_LEVELS),
  designationSet: z.string(),
  solver: z.object({
    name: z.enum(['jslp', 'highs']).describe('LP solver of the journey stages'),
    reason: z.string(),
    buildMs: z.number(),
    solveMs: z.number().describe('All stages together'),
    rows: z.number().int().describe('Rows of the state journey LP'),
    variables: z.number().int(),
    nonZeros: z.number().int(),
    stages: z.array(z.object({ stage: z.string(), ms: z.number(), detail: z.string() })),
  }),
  inputsHash: z.string().describe('sha256 of the model version and the canonical JSON of the inputs: same hash, same answer'),
  modelVersion: z.string(),
  totals: z.object({
    demand: count,
    placedLocal: count,
    placedElsewhere: count,
    placedBeyondLimit: count,
    placedIndependent: count,
    placedOutOfArea: count,
    unmet: count,
    notCommissioned: count,
    shortfall: count,
    independentCost: z.number().describe('Pounds a year: placedIndependent x independent.costPerPlace'),
    places: z.number(),
    placesUsed: z.number(),
    outreachDemand: count,
    outreachSupplied: count,
    outreachUnmet: count,
    meanKm: z.number().nullable(),
    meanMinutes: z.number().nullable(),
    p95Minutes: z.number().nullable().describe("95th percentile of the state placements' journeys (each locality-provision pair at its mean journey)"),
    shortfallOnAssumedPlaces: count.describe("independent + unmet in rows whose shortfallBasis is 'assumed-places'"),
    shortfallWithNoProvisionInReach: count.describe("independent + unmet in rows whose shortfallBasis is 'no-provision-in-reach'"),
    whole: wholeTotals.describe('The totals of the whole-pupil rows (so the tables add up)'),
  }),
  byLocality: z.array(localityRowSchema),
  provisions: z.array(provisionRowSchema),
  placeValues: z.array(placeValueSchema).describe('Where one more place saves most, places grouped where they are alike (same kind, locality, categories and value)'),
  outreach: z.array(outreachRowSchema),
  independent: z.object({
    placements: count,
    inArea: count,
    outOfArea: count,
    cost: z.number(),
    costPerPlace: z.number(),
    capacity: z.number().nullable(),
    byCategory: z.array(z.object({ category, phase, placements: count })),
  }),
  calibration: calibrationSchema.nullable(),
  scenarioInputs: z.record(z.string(), z.unknown()).describe('What the run was asked (year, level, designation set, demand, supply, assumptions, travel, outreach, independent, costs): compared by /runs/{a}/compare/{b}'),
  assumptions: z.array(runAssumptionSchema),
  notes: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type SufficiencyResult = z.infer<typeof sufficiencyResultSchema>;
