/**
 * The result of a capital plan, as one zod schema: what the API returns and stores, the CLI prints
 * and the dashboard reads. The plan's own figures (the multi-year MIP's placements, build-plan-model.ts)
 * sit beside the resulting path (the path model run with the builds as supply changes) and the same
 * path without them, year by year, so that a commissioner reads the plan's effect in the model every
 * other run uses.
 */
import { z } from 'zod';
import { runAssumptionSchema } from '../sufficiency/result.js';
import { supplyChangeSchema } from '../sufficiency/scenario.js';
import { pathResultSchema } from '../sufficiency/path/path-result.js';
import { LOCALITY_LEVELS } from '../sufficiency/inputs.js';

/** Bump when the plan's model or its reading changes. */
export const PLAN_MODEL_VERSION = 'plan/1';

const pupils = z.number().describe('Pupils, or pupil-years over several years (exact, not rounded)');
const pounds = z.number().describe('Pounds');

export const BUILD_REASON_KINDS = ['marginal', 'no-base-can-meet', 'bases-full', 'shorter-journey', 'shortfall-in-reach'] as const;

export const buildReasonSchema = z.object({
  kind: z
    .enum(BUILD_REASON_KINDS)
    .describe(
      "'marginal': what the plan loses without this build (exact: the plan re-placed without it); 'no-base-can-meet': no specialist base admits these pupils' " +
        "designation; 'bases-full': the bases within their reach are full; 'shortfall-in-reach': bases with room reach too few of them; 'shorter-journey'",
    ),
  text: z.string(),
});

const planFiguresSchema = z.object({
  pupils: pupils.describe('Pupils needing a place (the demand model, as the path has it)'),
  placedInState: pupils,
  independent: pupils.describe('Placed in independent or non-maintained special schools'),
  noPlace: pupils.describe('With no place at all (SRP need types have no independent fallback)'),
  notCommissioned: pupils.describe('Whose kind of place nothing admits that year (as the path reports them: not a shortfall)'),
  withoutStatePlace: pupils.describe('independent + noPlace: what the plan minimises first'),
  independentCost: pounds.describe('Independent placements x the cost of a place'),
  newPlacesRunningCost: pounds.describe("Running costs of the places the plan builds (existing places cost the same in every plan)"),
  capital: pounds,
  pupilMinutes: z.number().describe('Journey minutes of state placements'),
});

const pathFiguresSchema = z
  .object({
    demand: z.number().int(),
    placedState: z.number().int(),
    placedIndependent: z.number().int(),
    unmet: z.number().int(),
    shortfall: z.number().int().describe('placedIndependent + unmet'),
    independentCost: pounds,
  })
  .describe('The path model year by year, in whole pupils (its `years[].whole`)');

export const planBuildSchema = z.object({
  candidate: z.string(),
  name: z.string(),
  kind: z.enum(['specialist-base', 'special-school-expansion', 'satellite', 'redesignation', 'facility']),
  locality: z.string(),
  localityName: z.string(),
  year: z.number().int().describe('January of the year it opens (places from September before)'),
  units: z.number().int(),
  places: z.number(),
  capital: pounds,
  runningPerYear: pounds,
  categories: z.array(z.string()),
  phases: z.array(z.string()),
  sites: z
    .array(z.object({ urn: z.number().int(), name: z.string(), lat: z.number(), lon: z.number() }))
    .describe('Where the resulting path puts it: for a base at "a school in" a locality, the schools nearest its centre, one base each'),
  siteChoices: z.number().int().describe('Schools the candidate stands for (a pooled base may go to any of them)'),
  basis: z.object({ capital: z.string(), running: z.string(), earliestYear: z.string(), places: z.string() }),
  pupilsPlaced: pupils.describe('Pupils in its places in the year it opens (the plan\'s placements)'),
  reasons: z.array(buildReasonSchema).min(1),
});
export type PlanBuildView = z.infer<typeof planBuildSchema>;

export const specialPlaceReasonSchema = z.object({
  locality: z.string(),
  localityName: z.string(),
  category: z.string(),
  phase: z.string(),
  years: z.array(z.object({ year: z.number().int(), pupils, inNewPlaces: pupils })),
  kind: z.enum(['no-base-can-meet', 'bases-full', 'shorter-journey']),
  text: z.string(),
});

export const planResultSchema = z
  .object({
    kind: z.literal('plan'),
    modelVersion: z.string(),
    scenarioId: z.string(),
    scenarioName: z.string(),
    level: z.enum(LOCALITY_LEVELS),
    horizon: z.object({ from: z.number().int(), to: z.number().int() }),
    designationSet: z.string(),
    budgets: z.object({ total: pounds.nullable(), perYear: z.array(z.object({ year: z.number().int(), pounds: pounds.nullable() })) }),
    status: z
      .enum(['optimal', 'time-limit', 'infeasible', 'no-plan', 'error'])
      .describe("'optimal': proven within the gap target; 'time-limit': the best plan found when time ran out, with its proven gap; 'no-plan': none found in time"),
    objective: z.number().nullable().describe('Objective points (build-plan-model.ts): 1,000,000 per pupil-year without a state place, then pounds, then minutes'),
    bound: z.number().nullable().describe('Proven lower bound on the objective'),
    gap: z.number().nullable().describe('(objective - bound) / objective, as HiGHS reports it'),
    gapPupilYears: z
      .number()
      .nullable()
      .describe('(objective - bound) in pupil-years without a state place: no plan can leave that many fewer (the gap in the council\'s units)'),
    gapTarget: z.number(),
    timeLimitSeconds: z.number(),
    solveMs: z.number().describe('The exact solve, its rounded start included'),
    totalMs: z.number().describe('Everything: the path assembled, the plan solved and explained, the resulting path'),
    model: z.object({ rows: z.number().int(), variables: z.number().int(), integerVariables: z.number().int(), candidates: z.number().int(), cells: z.number().int(), arcs: z.number().int() }),
    builds: z.array(planBuildSchema),
    byYear: z.array(
      z.object({
        year: z.number().int(),
        budget: pounds.nullable().describe('The year\'s capital budget (null: none of its own)'),
        builds: z.number().int(),
        places: z.number(),
        plan: planFiguresSchema.describe("The plan's own placements (the MIP, with foresight)"),
        path: pathFiguresSchema.nullable().describe('The resulting path: the path model with the builds'),
        withoutPlan: pathFiguresSchema.nullable().describe('The same path without the builds'),
      }),
    ),
    totals: planFiguresSchema.describe('Over the plan\'s years (pupil-years, pounds over the years)'),
    specialPlaces: z
      .array(specialPlaceReasonSchema)
      .describe('Every locality, designation and phase whose pupils the plan places in special-school places, existing or new, and why a special place'),
    capitalValue: z
      .object({
        method: z.string(),
        step: pounds,
        independentSpendingAvoidedPerPound: z.number().describe('Pounds of independent spending avoided over the plan\'s years per pound of the next build\'s capital'),
        independentSpendingAvoidedPerPoundPerYear: z.number(),
        fewerWithoutStatePlace: pupils.describe('Pupil-years fewer without a state place with the next build'),
        extraPlaces: z.number(),
        candidate: z.string(),
        year: z.number().int(),
      })
      .nullable()
      .describe('What the next pound of capital is worth: the best next build on top of this plan, evaluated exactly'),
    greedy: z
      .object({
        objective: z.number(),
        solveMs: z.number(),
        totals: planFiguresSchema,
        builds: z.array(z.object({ candidate: z.string(), name: z.string(), year: z.number().int(), units: z.number().int(), places: z.number(), capital: pounds })),
        difference: z.object({
          withoutStatePlace: pupils.describe('Greedy minus exact: pupil-years'),
          independentCost: pounds,
          newPlacesRunningCost: pounds,
          capital: pounds,
          objectivePercent: z.number().describe('How much worse the greedy objective is, in % of the exact one'),
        }),
      })
      .nullable()
      .describe('The usual heuristic on the same instance (when asked)'),
    supplyChanges: z.array(supplyChangeSchema).describe('The builds as supply changes: what the resulting path adds to the scenario'),
    resultingPath: pathResultSchema.nullable().describe('The path model run with the builds (null when the plan has none to run)'),
    candidates: z.object({
      rows: z.number().int().describe('Candidate rows after the request\'s overrides'),
      overridden: z.boolean(),
      costs: z.record(z.string(), z.object({ capitalPerPlace: pounds, capitalBasis: z.string(), runningPerPlace: pounds, runningBasis: z.string() })),
    }),
    assumptions: z.array(runAssumptionSchema),
    notes: z.array(z.string()),
    warnings: z.array(z.string()),
  })
  .describe('A capital plan: builds by year with their reasons, the plan\'s figures and the resulting path');
export type PlanResult = z.infer<typeof planResultSchema>;
