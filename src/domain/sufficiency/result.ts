/**
 * The result of a sufficiency run, as one zod schema: what the API returns, what the runs table
 * stores, what the CLI prints from. Counts are pupils (fractional: demand is apportioned from county
 * figures); distances are straight-line km and estimated minutes from the locality's centroid.
 */
import { z } from 'zod';
import { PROPOSED_DESIGNATIONS } from '../needs.js';
import { PHASES } from '../phases.js';
import { CATEGORIES, LOCALITY_LEVELS, type Category } from './inputs.js';

const category = z.enum(CATEGORIES as unknown as [Category, ...Category[]]);
const count = z.number().describe('Pupils');
const dual = z.number().nullable();

export const SHORTFALL_BASES = ['none', 'no-provision-in-reach', 'assumed-places', 'known-places'] as const;

export const localityRowSchema = z.object({
  locality: z.string(),
  localityName: z.string(),
  category,
  phase: z.enum(PHASES),
  demand: count,
  placedLocal: count.describe('At a state provision in the same locality'),
  placedElsewhere: count.describe("At another locality's state provision within reach"),
  placedIndependent: count.describe('In an independent special school (the costly fallback)'),
  unmet: count.describe('No suitable place within reach at all'),
  meanKm: z.number().nullable().describe('Mean straight-line km of state placements; null when none'),
  p95Km: z.number().nullable(),
  meanMinutes: z.number().nullable().describe('Mean estimated journey minutes of state placements'),
  p95Minutes: z.number().nullable(),
  marginalCostOfDemand: dual.describe('Objective points one more pupil in this row would add (demand-row dual)'),
  marginalValueOfLocalPlace: dual.describe(
    'Objective points one more place of this category at the locality centroid would save for this row: max(0, dual - local journey cost)',
  ),
  shortfallBasis: z
    .enum(SHORTFALL_BASES)
    .describe(
      "Why pupils go independent or unmet: 'no-provision-in-reach' (no suitable provision within the travel limit in the data: for SRP " +
        "need types the public list is partial, so this may be a gap in the data); 'assumed-places' (a suitable provision in reach has " +
        "assumed places, so the shortfall depends on that assumption); 'known-places' (every suitable provision in reach has published or " +
        "estimated places); 'none'",
    ),
});
export type LocalityRow = z.infer<typeof localityRowSchema>;

export const provisionRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['special-school', 'srp', 'satellite', 'unlisted-srp']),
  locality: z.string(),
  categories: z.array(category),
  phases: z.array(z.enum(PHASES)),
  capacity: z.number(),
  capacityBasis: z.enum(['source', 'estimate', 'assumption']),
  capacityNote: z.string(),
  used: count,
  utilisation: z.number().nullable().describe('used / capacity; null when capacity is 0'),
  marginalValue: dual.describe('Objective points one more place here would save (minus the capacity-row dual)'),
  marginalValueMeaning: z.string().nullable(),
  outreachCapacity: z.number(),
  outreachUsed: z.number(),
  designationNote: z.string().nullable(),
  changes: z.array(z.string()),
});
export type ProvisionRow = z.infer<typeof provisionRowSchema>;

export const outreachRowSchema = z.object({
  locality: z.string(),
  localityName: z.string(),
  category: z.enum(PROPOSED_DESIGNATIONS).nullable().describe('Designation of the special schools whose outreach is needed; null for any'),
  demand: count,
  supplied: count,
  unmet: count,
  marginalCostOfDemand: dual,
});
export type OutreachRow = z.infer<typeof outreachRowSchema>;

/** One assumption a run depends on: its name, value, and where the value comes from or "assumption: <why>". */
export const runAssumptionSchema = z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]), basis: z.string() });

export const sufficiencyResultSchema = z.object({
  scenarioId: z.string(),
  scenarioName: z.string(),
  year: z.number().int(),
  level: z.enum(LOCALITY_LEVELS),
  designationSet: z.string(),
  objective: z.number().describe('Optimal objective in penalty points; equals the optimum of GET /runs/{id}/lp'),
  solver: z.object({
    name: z.enum(['jslp', 'highs']),
    reason: z.string(),
    buildMs: z.number(),
    solveMs: z.number(),
    rows: z.number().int(),
    variables: z.number().int(),
    nonZeros: z.number().int(),
    integer: z.boolean(),
  }),
  inputsHash: z.string().describe('sha256 of the model version and the canonical JSON of the inputs: same hash, same model'),
  modelVersion: z.string(),
  totals: z.object({
    demand: count,
    placedLocal: count,
    placedElsewhere: count,
    placedIndependent: count,
    unmet: count,
    independentCost: z.number().describe('Pounds a year: placedIndependent x independent.costPerPlace'),
    places: z.number(),
    placesUsed: z.number(),
    outreachDemand: count,
    outreachSupplied: count,
    outreachUnmet: count,
    meanKm: z.number().nullable(),
    meanMinutes: z.number().nullable(),
    shortfallOnAssumedPlaces: count.describe("independent + unmet in rows whose shortfallBasis is 'assumed-places'"),
    shortfallWithNoProvisionInReach: count.describe("independent + unmet in rows whose shortfallBasis is 'no-provision-in-reach'"),
  }),
  byLocality: z.array(localityRowSchema),
  provisions: z.array(provisionRowSchema),
  outreach: z.array(outreachRowSchema),
  independent: z.object({
    placements: count,
    cost: z.number(),
    costPerPlace: z.number(),
    capacity: z.number().nullable(),
    byCategory: z.array(z.object({ category, phase: z.enum(PHASES), placements: count })),
  }),
  assumptions: z.array(runAssumptionSchema),
  notes: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type SufficiencyResult = z.infer<typeof sufficiencyResultSchema>;
