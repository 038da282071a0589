/**
 * A sufficiency scenario: what a commissioner changes (year, locality level, designation set,
 * demand parameters, supply changes, travel limits, outreach, costs, solver) to ask "where will we
 * still be short, and by how much?". One zod schema validates scenario files in scenarios/ and
 * bodies posted to the API, gives the TypeScript type, and is exported as JSON Schema for editors
 * (scenarios/scenario.schema.json, `npm run scenario -- --schema`).
 *
 * Every default below that is not a published figure is an assumption, named as one in its
 * description and listed with its value in every run's result.
 */
import { z } from 'zod';
import { DESIGNATION_SETS } from '../designations/designation-source.js';
import { NEED_CODES, PROPOSED_DESIGNATIONS, SRP_NEED_TYPES } from '../needs.js';
import { DEMAND_PHASES, DEMAND_YEARS, PROJECTION_VARIANTS, UNKNOWN_NEED_TREATMENTS } from '../demand/index.js';
import { PHASES } from '../phases.js';
import { CATEGORIES, LOCALITY_LEVELS, OPENABLE_KINDS, type Category } from './inputs.js';

/** Years the demand model projects (January of each). */
export const SCENARIO_YEARS = DEMAND_YEARS;

const pathwaySlot = z.union([
  z.strictObject({ pathway: z.enum(['special', 'outreach']), category: z.enum(PROPOSED_DESIGNATIONS).optional() }),
  z.strictObject({ pathway: z.literal('srp'), category: z.enum(SRP_NEED_TYPES).optional() }),
  z.strictObject({ pathway: z.enum(['mainstream', 'fe', 'other']) }),
]);

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens, starting with a letter or digit (at most 64)');
const note = z.string().max(500).optional().describe('Why: shown in the result next to the change');
const provisionId = z.string().min(1).max(80).describe('A provision id from GET /provisions (e.g. "special-119026", "srp-135125-asd") or one this scenario opens');
const places = z.number().min(0).max(100_000);
const latLon = z.strictObject({ lat: z.number().min(49.8).max(60.9), lon: z.number().min(-8.7).max(1.9) });

/** A model year (January), for horizons and supply changes' windows. */
const modelYear = z.number().int().min(SCENARIO_YEARS.first).max(SCENARIO_YEARS.last);
/** When a supply change is in place: every model year from `from` to `to` (both January, both optional). */
const changeWindow = {
  from: modelYear
    .optional()
    .describe('January of the first model year the change is in place (e.g. 2027 for a change made in September 2026); default: from the start'),
  to: modelYear.optional().describe('January of the last model year the change is in place; default: no end. Pupils placed before it ends keep their places until their next transition'),
};

const travelLimit = z.strictObject({
  km: z.number().positive().max(500).nullable().default(null).describe('Straight-line kilometres; null for no limit'),
  minutes: z.number().positive().max(600).nullable().default(null).describe('Estimated journey minutes (see travel.model); null for no limit'),
});

export const supplyChangeSchema = z
  .discriminatedUnion('action', [
    z
      .strictObject({
        action: z.literal('redesignate'),
        provision: provisionId.optional().describe('The special school: "special-<URN>" from GET /provisions, or one this scenario opens'),
        urn: z
          .number()
          .int()
          .optional()
          .meta({ deprecated: true })
          .describe('Deprecated alias of provision (the school\'s URN), still accepted so older scenarios load: write provision "special-<URN>" instead'),
        designation: z.enum(PROPOSED_DESIGNATIONS),
        note,
        ...changeWindow,
      })
      .describe('Give a special school one of the proposed designations (it then admits that category only)'),
    z.strictObject({ action: z.literal('set-places'), provision: provisionId, places, note, ...changeWindow }).describe('Set the places at a provision'),
    z
      .strictObject({ action: z.literal('add-places'), provision: provisionId, places: z.number().min(-100_000).max(100_000), note, ...changeWindow })
      .describe('Add (or, negative, remove) places at a provision'),
    z
      .strictObject({
        action: z.literal('open'),
        id: slug.describe('Id for the new provision (must not clash with an existing one)'),
        name: z.string().min(1).max(200),
        kind: z
          .enum(OPENABLE_KINDS)
          .describe(
            "'special-school'; 'srp': a specialist base commissioned by the council (SRP is Kent's name for one); 'support-base': an inclusion " +
              'base funded by schools and trusts (Schools White Paper, February 2026). Bases take SRP need types',
          ),
        designation: z.enum(PROPOSED_DESIGNATIONS).optional().describe('For a special school'),
        needTypes: z.array(z.enum(SRP_NEED_TYPES)).min(1).optional().describe('For an SRP or a support base'),
        phases: z.array(z.enum(PHASES)).min(1),
        places,
        hostUrn: z.number().int().optional().describe('A school in the register: the provision takes its location'),
        location: latLon.optional().describe('Where the provision will be, if not at a registered school'),
        outreachCapacity: z.number().min(0).max(100_000).optional().describe('Special schools: pupils it can support by outreach (default: outreach.perPlace x places)'),
        note,
        ...changeWindow,
      })
      .describe('Open a new special school or SRP'),
    z.strictObject({ action: z.literal('close'), provision: provisionId, note, ...changeWindow }).describe('Close a provision (to admissions, in a horizon: pupils placed keep their places until their next transition)'),
    z
      .strictObject({ action: z.literal('stop-commissioning'), needTypes: z.array(z.enum(SRP_NEED_TYPES)).min(1), note, ...changeWindow })
      .describe('Stop commissioning SRPs of these need types: every listed and assumed unlisted SRP place of those types goes'),
  ])
  .superRefine((c, ctx) => {
    if (c.from !== undefined && c.to !== undefined && c.to < c.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${c.from})` });
    // Every change names its provision the same way; a redesignation's `urn` is the older spelling.
    if (c.action === 'redesignate' && (c.provision === undefined) === (c.urn === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['provision'], message: 'name the special school once, as provision ("special-<URN>"; urn is its deprecated alias)' });
    }
    if (c.action !== 'open') return;
    if (c.kind === 'special-school' && !c.designation) ctx.addIssue({ code: 'custom', path: ['designation'], message: 'a special school needs a designation' });
    if (c.kind !== 'special-school' && !c.needTypes) ctx.addIssue({ code: 'custom', path: ['needTypes'], message: `${c.kind === 'srp' ? 'an SRP' : 'a support base'} needs its need types` });
    if ((c.hostUrn === undefined) === (c.location === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['location'], message: 'give exactly one of hostUrn and location' });
    }
  });
export type SupplyChange = z.infer<typeof supplyChangeSchema>;

/** Whether a supply change is in place in a model year (its window contains the year). */
export const changeActiveIn = (change: Pick<SupplyChange, 'from' | 'to'>, year: number): boolean =>
  (change.from === undefined || change.from <= year) && (change.to === undefined || year <= change.to);

/**
 * The proposed designations apply to admissions from September 2026 (Kent SEND Strategy 2025-2028,
 * seeds/kent-send-strategy-2025-28-draft.txt): the January 2027 model year is the first whose new
 * placements follow them.
 */
export const PROPOSED_ADMISSIONS_FROM = 2027;

export const horizonSchema = z
  .strictObject({
    from: modelYear.default(2025).describe('January of the first model year (default 2025)'),
    to: modelYear.default(2028).describe('January of the last model year (default 2028, the end of the SEND strategy; at most 2030)'),
    admissionsFrom: z
      .number()
      .int()
      .min(SCENARIO_YEARS.first)
      .max(SCENARIO_YEARS.last + 1)
      .default(PROPOSED_ADMISSIONS_FROM)
      .describe(
        'January of the first model year whose admissions follow `designationSet`; admissions before it follow the current ' +
          "designations, and pupils keep the school they were placed at until their next transition. Default 2027: the proposed " +
          'designations apply to admissions from September 2026 (Kent SEND Strategy 2025-2028). Ignored when designationSet is current',
      ),
    band: z
      .boolean()
      .default(false)
      .describe("Also solve the demand model's low and high projection variants and give the range beside each central figure (three solves)"),
  })
  .superRefine((h, ctx) => {
    if (h.to < h.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${h.from})` });
  })
  .describe(
    'A path over several years (each January): pupils placed stay in their placement from year to year and move only at ' +
      'transition points (into Reception, Year 7, Year 12, leaving at 19); supply changes apply in their `from`-`to` years',
  );
export type Horizon = z.infer<typeof horizonSchema>;

/**
 * The provision a change names and the field it was named in: `provision` everywhere, or the
 * deprecated `urn` of an older redesignation ("special-<URN>").
 */
export function namedProvision(change: Extract<SupplyChange, { action: 'redesignate' }>): { id: string; field: 'provision' | 'urn' } {
  return change.provision !== undefined ? { id: change.provision, field: 'provision' } : { id: `special-${change.urn}`, field: 'urn' };
}

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path to scenario.schema.json, for editors'),
    id: slug,
    name: z.string().min(1).max(200),
    description: z.string().max(4000).default(''),
    year: z
      .number()
      .int()
      .min(SCENARIO_YEARS.first)
      .max(SCENARIO_YEARS.last)
      .optional()
      .describe('Demand year (January) of a single-year scenario; supply changes in place that year are taken to be in place by January. Give this or horizon'),
    horizon: horizonSchema.optional(),
    level: z
      .enum(LOCALITY_LEVELS)
      .default('district')
      .describe('Localities demand is counted in and travel is measured from: district (12), msoa (182) or lsoa (938; slow, HiGHS)'),
    designationSet: z
      .enum(DESIGNATION_SETS)
      .default('current')
      .describe(
        "Which designation each special school holds. 'current': Kent's five designations mapped to the proposed three, " +
          "keeping each school's legacy admissions: it admits its mapped designation and the mapping's alternatives (an all-age " +
          "SEMH school with learning difficulties takes SEMH and NLD pupils, as it does today). 'proposed': each school " +
          "admits only its proposed designation, as the new admission guidance would apply. 'approved': officers' decisions " +
          '(approved or overridden), falling back to the proposal for schools still under review.',
      ),
    demand: z
      .strictObject({
        ehcpRateTrend: z
          .union([
            z.number().gt(-1).max(1),
            z.strictObject(Object.fromEntries(DEMAND_PHASES.map((p) => [p, z.number().gt(-1).max(1).optional()])) as Record<(typeof DEMAND_PHASES)[number], z.ZodOptional<z.ZodNumber>>),
          ])
          .optional()
          .describe(
            "Annual growth of the EHCP rate per resident (0.05 = +5% a year), for every phase or by phase, replacing the projection; default: none (the projection's variant is used, models/kent/DEMAND.md)",
          ),
        projection: z
          .enum(PROJECTION_VARIANTS)
          .optional()
          .describe(
            "Which EHCP projection: 'central' (default: the method with the smallest error in a backtest on Kent's 2010-2025 series) or its 'low' and 'high' variants (10th and 90th percentiles of that method's backtest record); models/kent/DEMAND.md",
          ),
        inclusionTarget: z
          .number()
          .min(0)
          .max(1)
          .optional()
          .describe(
            'Share of all EHCPs (ages 0-25) in mainstream schools, SEN units and resourced provision included, on the DfE SEN2 basis the model uses, ' +
              'that the pathway matrix moves to by shifting special-school shares to outreach. January 2025: Kent 0.361 (7,452 of 20,635), England 0.436 ' +
              "(278,236 of 638,745). The strategy's 35% and 48% are school-census shares (pupils in schools), another basis: convert before using them (models/kent/DEMAND.md)",
          ),
        pathwayShifts: z
          .array(
            z.strictObject({
              from: z.array(pathwaySlot).min(1),
              to: pathwaySlot,
              fraction: z.number().min(0).max(1),
              needs: z.array(z.enum(NEED_CODES)).optional(),
              phases: z.array(z.enum(DEMAND_PHASES)).optional(),
            }),
          )
          .max(50)
          .optional()
          .describe('Other pathway-matrix changes: move `fraction` of the `from` shares to `to`, for some needs and phases (see DEMAND.md)'),
        unknownNeed: z.enum(UNKNOWN_NEED_TREATMENTS).optional().describe('Plans with no recorded primary need: shared over known needs (default) or left out'),
      })
      .prefault({}),
    supply: z.array(supplyChangeSchema).max(500).default([]).describe('Changes to provisions, applied in order'),
    assumptions: z
      .strictObject({
        unknownSrpPlaces: z
          .number()
          .min(0)
          .max(1000)
          .default(13)
          .describe(
            'ASSUMPTION: places at a listed SRP whose capacity no public source states. Default 13: the mean of the 14 stated ' +
              'capacities (188 places, Kent Advice, September 2019).',
          ),
        srpPlacesCountyTotal: z
          .number()
          .min(0)
          .max(100_000)
          .nullable()
          .optional()
          .describe(
            'ASSUMPTION: the primary and secondary pupils SRP and SEN-unit places are for, county-wide. The public list of units is ' +
              'partial, so "unlisted SRP places" fill, district by district, need type by need type and phase by phase, the gap between ' +
              "these pupils (shared out as the demand model's base-year SRP demand has them) and the listed units' places, at real " +
              'mainstream schools of the right phase (see the README). Where listed units hold more places than a district\'s pupils of a ' +
              'type, they keep them, so the county may have more places than this. Default (absent): Kent pupils aged 4-15 in SEN units ' +
              'and resourced provision in January 2025 (DfE SEN2: 1,016 of the 1,075; the 59 aged 16+ are left out because Kent ' +
              'commissions SRP places for Years 7 to 11 only, decision 25/00085). null: none added.',
          ),
        unknownSpecialSchoolPlaces: z
          .number()
          .min(0)
          .max(2000)
          .default(0)
          .describe('ASSUMPTION: places at a special school with no published places or pupils (the Nore Academy, open with no pupils in May 2025). Default 0.'),
        unknownIndependentPlaces: z
          .number()
          .min(0)
          .max(1000)
          .default(0)
          .describe('ASSUMPTION: places at an independent special school the register shows with no pupils (new schools). Default 0.'),
      })
      .prefault({}),
    travel: z
      .strictObject({
        model: z
          .strictObject({
            roadDistanceFactor: z
              .number()
              .min(1)
              .max(3)
              .optional()
              .describe("ASSUMPTION: road distance / straight-line distance. Default: the dataset's travel-model.json (1.3)."),
            speedBands: z
              .array(z.strictObject({ uptoRoadKm: z.number().positive().max(1000).nullable(), kmPerHour: z.number().min(5).max(130) }))
              .min(1)
              .max(10)
              .optional()
              .describe(
                "ASSUMPTION: door-to-door speeds by band of road distance, the last open-ended (uptoRoadKm null). Default: the dataset's " +
                  'travel-model.json (20 km/h for the first 3 km, 30 to 10 km, 45 to 25 km, 60 beyond).',
              ),
            fixedMinutes: z.number().min(0).max(60).optional().describe('ASSUMPTION: minutes added to every journey. Default 0.'),
            circuityFactor: z.number().min(1).max(3).optional().describe('Older name of roadDistanceFactor (scenarios before model 2)'),
            speedKmh: z
              .number()
              .min(5)
              .max(120)
              .optional()
              .describe('One speed for every distance instead of the bands (scenarios before model 2 used 40 km/h with 5 fixed minutes)'),
          })
          .prefault({})
          .describe('The journey-time model (one for placement search and sufficiency: models/<la>/travel-model.json); each figure given here replaces the dataset\'s'),
        limits: z
          .strictObject({
            primary: travelLimit.prefault({ minutes: 45 }),
            secondary: travelLimit.prefault({ minutes: 75 }),
            post16: travelLimit.prefault({ minutes: 75 }),
          })
          .prefault({})
          .describe("Longest journey by phase. Defaults 45 minutes (primary) and 75 (secondary, post-16): the best-practice maximum journeys, a guideline, not a cap"),
        outreach: travelLimit.prefault({ minutes: 45 }).describe('Longest journey for outreach staff from a special school'),
        reachTaper: z
          .number()
          .min(0)
          .max(0.5)
          .default(0.3)
          .describe(
            'ASSUMPTION: reach fades across each limit, from (1 - reachTaper) to (1 + reachTaper) times it: a locality point stands for ' +
              'children whose journeys spread around its estimate, and families accept a longer journey less often. Default 0.3 (45 minutes: ' +
              'full reach to 31.5, half at 45, none from 58.5). The nearest suitable provision is always in reach. 0: a hard limit.',
          ),
      })
      .prefault({}),
    outreach: z
      .strictObject({
        share: z
          .number()
          .min(0)
          .max(1)
          .nullable()
          .default(null)
          .describe("Share of mainstream EHCP pupils who need outreach from a special school; null: the demand model's outreach pathway"),
        perPlace: z
          .number()
          .min(0)
          .max(10)
          .default(0.25)
          .describe(
            'ASSUMPTION: mainstream pupils a special school can support by outreach, per place it has. Default 0.25 (illustrative: ' +
              'Kent has not published outreach capacity).',
          ),
        perSchool: z
          .record(z.string().regex(/^\d{6}$/, 'a six-digit URN'), z.number().min(0).max(100_000))
          .default({})
          .describe('Outreach capacity of named special schools (by URN), overriding perPlace'),
        byLocality: z
          .record(z.string().min(1), z.number().min(0).max(100_000))
          .default({})
          .describe('Outreach capacity of a locality team, by locality code at the scenario level; serves only its locality'),
      })
      .prefault({}),
    independent: z
      .strictObject({
        costPerPlace: z
          .number()
          .min(0)
          .max(1_000_000)
          .default(49_259)
          .describe(
            "ASSUMPTION: pounds per independent special school place per year. Default £49,259: Kent's cost per high-needs pupil in the " +
              'independent sector, 2024-25 (KCC Scrutiny Committee, 5 November 2024, as reported by Greatest Hits Radio Kent, 8 November 2024).',
          ),
        capacity: z
          .number()
          .min(0)
          .max(100_000)
          .nullable()
          .default(null)
          .describe(
            'Independent placements available in all, at located schools and outside the area; null for no limit (Kent placed 1,623 EHCP ' +
              'pupils in independent and non-maintained special schools in January 2025). Located schools are limited by their rolls.',
          ),
        categories: z
          .array(z.enum(CATEGORIES as unknown as [Category, ...Category[]]))
          .default(['CLN', 'SEMH', 'NLD'])
          .describe('Categories an independent special school place can stand in for (default: the three designations, not SRP places)'),
      })
      .prefault({}),
    costs: z
      .strictObject({
        specialSchoolPlace: z
          .number()
          .min(0)
          .max(1_000_000)
          .default(24_252)
          .describe(
            "ASSUMPTION: pounds a year for a place at a state special school. Default £24,252: Kent's cost per high-needs pupil in a " +
              'maintained special school, 2024-25 (KCC Scrutiny Committee, 5 November 2024, as reported by Greatest Hits Radio Kent, 8 November 2024).',
          ),
        srpPlace: z
          .number()
          .min(0)
          .max(1_000_000)
          .default(16_000)
          .describe(
            'ASSUMPTION: pounds a year for an SRP place. Default £16,000: £6,000 high-needs place funding for a place in an SEN unit or ' +
              "resourced provision (DfE high-needs funding arrangements) plus an assumed £10,000 top-up; Kent's SRP top-up rates are not in the public sources found.",
          ),
      })
      .prefault({})
      .describe('Annual costs that turn the value of one more place into pounds'),
    solver: z
      .enum(['auto', 'jslp', 'highs'])
      .default('auto')
      .describe("LP solver of the journey stages. 'auto': jslp for small LPs, HiGHS otherwise (see README, 'Sufficiency scenarios'); the rows do not depend on it"),
    penalties: z
      .strictObject({
        travelPerMinute: z.number().min(0).max(1e6).optional(),
        outreachTravelPerMinute: z.number().min(0).max(1e6).optional(),
        independentPlace: z.number().min(0).max(1e9).optional(),
        unmetPlace: z.number().min(0).max(1e9).optional(),
        unmetOutreach: z.number().min(0).max(1e9).optional(),
      })
      .optional()
      .describe('Objective weights of the model before version 2; ignored now (the model solves its priorities in stages), with a warning'),
    integer: z
      .boolean()
      .optional()
      .describe('Whole-pupil placements in the model before version 2; ignored now: every table gives whole pupils, rounded so totals are kept'),
  })
  .superRefine((s, ctx) => {
    if ((s.year === undefined) === (s.horizon === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['year'], message: 'give exactly one of year (a single year) and horizon (a path over several years)' });
    }
    if (s.horizon?.band && s.demand.ehcpRateTrend !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['horizon', 'band'], message: "the band is the projection's low and high variants: not available with demand.ehcpRateTrend, which replaces the projection" });
    }
  })
  .meta({ id: 'Scenario', description: 'A sufficiency scenario (see scenarios/ for examples)' });

export type Scenario = z.infer<typeof scenarioSchema>;
/** A scenario of one model year: a single-year scenario, or one year of a horizon's path. */
export type YearScenario = Scenario & { year: number };
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** The model years of a scenario: its horizon's, or its single year. */
export function scenarioYears(scenario: Scenario): number[] {
  if (!scenario.horizon) return [scenario.year!];
  const years: number[] = [];
  for (let y = scenario.horizon.from; y <= scenario.horizon.to; y++) years.push(y);
  return years;
}

/**
 * The designation set admissions follow in a model year: the scenario's from horizon.admissionsFrom
 * on, the current designations before (a single-year scenario: its own set).
 */
export function admissionsSet(scenario: Scenario, year: number): Scenario['designationSet'] {
  if (!scenario.horizon || scenario.designationSet === 'current') return scenario.designationSet;
  return year >= scenario.horizon.admissionsFrom ? scenario.designationSet : 'current';
}

/** One model year of a scenario, as a single-year scenario: its year, the designation set of that year's admissions. */
export function yearScenario(scenario: Scenario, year: number): YearScenario {
  const { horizon, ...rest } = scenario;
  void horizon;
  return { ...rest, year, designationSet: admissionsSet(scenario, year) };
}

/** The JSON Schema editors use to validate scenario files (written to scenarios/scenario.schema.json). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
