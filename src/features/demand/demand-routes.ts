/**
 * The demand model over HTTP: GET /demand (EHCP demand by locality, phase and need, projected year by
 * year) and GET /demand/designations (demand under the current and proposed designations).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEMAND_PHASES, DEMAND_YEARS, DEMAND_LEVELS, PROJECTION_VARIANTS, UNKNOWN_NEED_TREATMENTS } from '../../domain/demand/index.js';
import { demandTable } from '../../domain/demand/demand-table.js';
import { seriesView } from '../../domain/demand/series-view.js';
import { designationDemandTable } from '../../domain/demand/designation-demand-table.js';
import { assumptionSchema, demandRowSchema } from '../../domain/demand/demand-result.js';
import { fieldsUnder } from '../../domain/errors.js';
import { PHASES } from '../../domain/phases.js';
import { negotiateFormat, sendCsv, sendFile } from '../../http/formats.js';
import { aboutSheet, assumptionRows, factRows } from '../../domain/workbook.js';
import { errorSchema, needCodeSchema } from '../../http/schemas.js';
import { councilFor, laQuerySchema } from '../../http/council.js';
import type { Registry } from '../../domain/registry/registry.js';

/** The council's locality level when none is asked: its districts, or its MSOAs when it has one district (a unitary). */
const levelFor = (registry: Registry, level: (typeof DEMAND_LEVELS)[number] | undefined) => level ?? registry.dataset.localities?.defaultLevel ?? 'district';

const query = z.strictObject({
  year: z.coerce
    .number()
    .int()
    .min(DEMAND_YEARS.first)
    .max(DEMAND_YEARS.last)
    .default(DEMAND_YEARS.first)
    .describe(`January of the year, ${DEMAND_YEARS.first} (published base) to ${DEMAND_YEARS.last} (projected)`),
  level: z
    .enum(DEMAND_LEVELS)
    .optional()
    .describe("Default: the council's level, district (Kent), or msoa for a council with a single district (a unitary such as Medway)"),
  need: needCodeSchema.optional().describe('Primary need code'),
  phase: z.enum(DEMAND_PHASES).optional(),
  locality: z.string().min(1).max(100).optional().describe('District or MSOA, by code or name; at level=msoa a district selects its MSOAs'),
  // Not z.coerce: an empty value would silently become 0.
  rateTrend: z
    .string()
    .trim()
    .regex(/^-?(\d+\.?\d*|\.\d+)$/, 'must be a number, e.g. 0.05')
    .transform(Number)
    .pipe(z.number().gt(-1, 'must be above -1 (a rate cannot fall by 100% or more)').max(1, 'must be at most 1 (+100% a year)'))
    .optional()
    .describe('Scenario: annual growth of the EHCP rate per resident for every phase (0.05 = +5% a year), replacing the projection. Default: none (the projection, see variant)'),
  variant: z
    .enum(PROJECTION_VARIANTS)
    .default('central')
    .describe("The projection: 'central' (the method with the smallest backtest error) or its 'low' and 'high' variants (10th and 90th percentiles of its backtest record); see DEMAND.md"),
  unknownNeed: z.enum(UNKNOWN_NEED_TREATMENTS).optional().describe('The 120 plans with no recorded need: shared over known needs (default) or left out'),
  format: z.enum(['json', 'csv', 'xlsx']).optional().describe('Or send Accept: text/csv. xlsx: a workbook with an About sheet (the query, assumptions and evidence grades) and the rows'),
  la: laQuerySchema,
});

const round2 = (x: number) => Math.round(x * 100) / 100;

const designationQuery = z.strictObject({
  year: query.shape.year,
  level: query.shape.level,
  phase: z.enum(PHASES).optional().describe('A school phase (designation demand is for school places)'),
  locality: query.shape.locality,
  variant: query.shape.variant,
  format: z.enum(['json', 'csv', 'xlsx']).optional().describe('Or send Accept: text/csv (the rows table). xlsx: a workbook of every table, after an About sheet'),
  la: laQuerySchema,
});

const pathwayCell = { pathway: z.enum(['special', 'srp', 'outreach', 'mainstream', 'fe', 'other']), category: z.string().nullable() };
const designationDemandResponse = z.object({
  year: z.number().int(),
  level: z.enum(DEMAND_LEVELS),
  projection: z.object({ method: z.string(), variant: z.string() }).describe('The projection behind the year’s counts'),
  sets: z
    .object({ current: z.string(), proposed: z.string(), approved: z.string() })
    .describe('What each designation set means for demand'),
  rows: z.array(
    z.object({
      locality: z.string(),
      localityName: z.string(),
      phase: z.enum(PHASES),
      ...pathwayCell,
      current: z.number().describe('Pupils needing this kind of place under the current designations (2 decimal places)'),
      proposed: z.number().describe('Under the proposed designations (and the approved set: the same guidance)'),
      difference: z.number().describe('proposed - current'),
    }),
  ),
  noLongerMeetSpecial: z
    .object({
      total: z.number(),
      byFormerDesignation: z.array(
        z.object({
          formerDesignation: z.string().describe("The current designation of the pupils' kind of school, or SRP (post-16 pupils in units)"),
          total: z.number(),
          to: z.array(z.object({ ...pathwayCell, count: z.number() })),
        }),
      ),
    })
    .describe('Pupils who meet a special designation today but none under the proposed guidance, by former designation and where they now need a place'),
  changes: z.array(
    z.object({
      locality: z.string(),
      localityName: z.string(),
      phase: z.enum(PHASES),
      formerDesignation: z.string(),
      from: z.object(pathwayCell),
      to: z.object(pathwayCell),
      count: z.number(),
    }),
  ),
  assumptions: z.array(assumptionSchema),
});

const demand: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/demand',
    {
      schema: {
        tags: ['demand'],
        summary: 'Children and young people with an EHCP, by locality, primary need, phase and year (2025 published, later years projected)',
        description:
          'County EHCP rates (DfE SEN2, January 2025) apportioned to districts by population (ONS 2022-based projections) and to MSOAs by Census 2021 ' +
          'child population. Later years: each age band moves as the central projection method (the smallest error in a backtest on Kent’s 2010-2025 series) ' +
          'or its low or high variant projects; ages 0-3 and 20-25 keep their 2025 rate per resident. Counts are expected values, not head counts. ' +
          '`assumptions` lists every assumption used, with its value and basis. Method: models/kent/DEMAND.md.',
        querystring: query,
        response: {
          200: z.object({
            year: z.number().int(),
            level: z.enum(DEMAND_LEVELS),
            total: z.number().describe('Sum of the rows'),
            rows: z.array(demandRowSchema),
            assumptions: z.array(assumptionSchema),
          }),
          400: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { format, year, need, phase, locality, rateTrend, variant, unknownNeed, la } = request.query;
      const { registry } = councilFor(app, la);
      const level = levelFor(registry, request.query.level);
      const table = await fieldsUnder('querystring', () =>
        demandTable(registry, { year, level, need, phase, locality, assumptions: { rateTrend, variant, unknownNeed } }),
      );
      const rows = table.rows.map((r) => ({ ...r, count: round2(r.count) }));
      const asked = negotiateFormat(request, format, ['json', 'csv', 'xlsx']);
      if (asked === 'csv' || asked === 'xlsx') {
        const value = (name: string) => table.assumptions.find((a) => a.name === name)?.value ?? null;
        const flat = rows.map((r) => ({
            locality: r.locality,
            locality_name: r.localityName,
            need: r.need,
            phase: r.phase,
            year: r.year,
            count: r.count,
            projection_method: value('projection.method'),
            projection_variant: value('projection.variant'),
            rate_trend: value(`rateTrend.${r.phase}`),
            unknown_need: value('unknownNeed'),
          }));
        if (asked === 'csv') return sendCsv(reply, flat, `demand-${level}-${year}.csv`);
        const about = [
          ...factRows('Workbook', { what: `Children and young people with an EHCP, January ${year}, by ${level}, primary need and phase`, units: 'expected plans (2 decimal places), not head counts', api: request.url }),
          ...factRows('Query', { year, level, need, phase, locality, rateTrend, variant, unknownNeed }),
          ...assumptionRows(table.assumptions),
        ];
        return sendFile(reply, await app.workbooks.write({ filename: `demand-${level}-${year}.xlsx`, sheets: [aboutSheet(about), { name: 'Demand', rows: flat }] }));
      }
      return { year, level, total: round2(table.rows.reduce((s, r) => s + r.count, 0)), rows, assumptions: table.assumptions };
    },
  );

  app.get(
    '/demand/designations',
    {
      schema: {
        tags: ['demand'],
        summary: 'Designation demand by locality under the current and proposed designations, the difference, and who moves where',
        description:
          "Kent's plans by need, age and placement (DfE SEN2, January 2025, projected to the year), with a need-profile distribution (estimates: models/kent/need-profiles.json) " +
          'run through the admission rules POST /match uses, for the current designations (mapped to CLN, SEMH and NLD) and the proposed guidance. ' +
          "Rows: pupils needing each kind of place (special school by designation, SRP by need type, outreach, mainstream; further education after 16) by locality and school phase. " +
          '`noLongerMeetSpecial`: pupils who meet a special designation today and none under the proposed guidance, by former designation and where they now need a place. Method: models/kent/DEMAND.md.',
        querystring: designationQuery,
        response: { 200: designationDemandResponse, 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { format, year, phase, locality, variant, la } = request.query;
      const { registry } = councilFor(app, la);
      const level = levelFor(registry, request.query.level);
      const table = await fieldsUnder('querystring', () => designationDemandTable(registry, { year, level, phase, locality, variant }));
      const rows = table.rows.map((r) => ({ ...r, current: round2(r.current), proposed: round2(r.proposed), difference: round2(r.difference) }));
      const asked = negotiateFormat(request, format, ['json', 'csv', 'xlsx']);
      if (asked === 'csv' || asked === 'xlsx') {
        const flat = rows.map((r) => ({
            locality: r.locality,
            locality_name: r.localityName,
            phase: r.phase,
            pathway: r.pathway,
            category: r.category,
            current: r.current,
            proposed: r.proposed,
            difference: r.difference,
            projection: `${table.projection.method} (${table.projection.variant})`,
          }));
        if (asked === 'csv') return sendCsv(reply, flat, `designation-demand-${level}-${year}.csv`);
        const about = [
          ...factRows('Workbook', {
            what: `Designation demand, January ${year}, by ${level}: pupils needing each kind of place under the current and proposed designations`,
            units: 'expected pupils (2 decimal places)',
            api: request.url,
          }),
          ...factRows('Query', { year, level, phase, locality, variant }),
          ...factRows('Projection', table.projection),
          ...assumptionRows(table.assumptions),
        ];
        const moves = table.noLongerMeetSpecial.byFormerDesignation.flatMap((f) =>
          f.to.map((t) => ({ former_designation: f.formerDesignation, former_total: round2(f.total), now_pathway: t.pathway, now_category: t.category, count: round2(t.count) })),
        );
        const changes = table.changes.map((c) => ({
          locality: c.locality,
          locality_name: c.localityName,
          phase: c.phase,
          former_designation: c.formerDesignation,
          from_pathway: c.from.pathway,
          from_category: c.from.category,
          to_pathway: c.to.pathway,
          to_category: c.to.category,
          count: round2(c.count),
        }));
        const sheets = [aboutSheet(about), { name: 'Designation demand', rows: flat }, { name: 'No longer meet special', rows: moves }, { name: 'Changes', rows: changes }];
        return sendFile(reply, await app.workbooks.write({ filename: `designation-demand-${level}-${year}.xlsx`, sheets }));
      }
      return {
        year,
        level,
        projection: table.projection,
        sets: {
          current: registry.designations.current.some((d) => d.code === 'ALL')
            ? "the council's current designations: its special schools' designations are not known (all needs), so each pupil counts in the proposed designation their profile fits best"
            : "Kent's five current designations, each counted in the category its schools are proposed to hold (PSCN and PDCM: CLN; SEMH: SEMH; CI and CIL: NLD)",
          proposed: 'the proposed admission guidance (CLN, SEMH, NLD)',
          approved: "the proposed guidance too: officers' decisions change which school holds which designation, not what a child's needs meet, so its demand is the proposed column",
        },
        rows,
        noLongerMeetSpecial: {
          total: round2(table.noLongerMeetSpecial.total),
          byFormerDesignation: table.noLongerMeetSpecial.byFormerDesignation.map((f) => ({
            formerDesignation: f.formerDesignation,
            total: round2(f.total),
            to: f.to.map((x) => ({ ...x, count: round2(x.count) })),
          })),
        },
        changes: table.changes.map((c) => ({ ...c, count: round2(c.count) })),
        assumptions: table.assumptions,
      };
    },
  );

  const variantTriple = z.object({ low: z.number(), central: z.number(), high: z.number() });
  // The series and the projection's record change only with the data: made once per council, on first asking.
  const seriesOf = new Map<Registry, ReturnType<typeof seriesView>>();
  app.get(
    '/demand/series',
    {
      schema: {
        tags: ['demand'],
        summary: "The council's EHCPs each January (Kent's since 2010) by age band, the projection with its low-high band, and the projection method's backtest errors",
        description:
          'The series (DfE SEN2, models/kent/ehcp-series.csv), the projection of each projected band and of all ages (the demand model’s county total) for every ' +
          `year the service projects (${DEMAND_YEARS.first}-${DEMAND_YEARS.last}), central with its low and high variants, and every backtest forecast of the ` +
          'central method on the school bands (error = forecast / actual - 1) with the mean absolute error by band and horizon. Method: models/kent/DEMAND.md.',
        querystring: z.strictObject({ la: laQuerySchema }),
        response: {
          200: z.object({
            bands: z.array(z.object({ key: z.string(), label: z.string(), projected: z.boolean(), school: z.boolean() })),
            series: z.array(z.object({ year: z.number().int(), total: z.number(), bands: z.array(z.number().nullable()), collection: z.string(), source: z.string() })),
            projection: z.object({
              method: z.string(),
              baseYear: z.number().int(),
              years: z.array(z.object({ year: z.number().int(), total: variantTriple, bands: z.array(variantTriple.nullable()) })),
            }),
            backtest: z.object({
              method: z.string(),
              variantsFromOrigin: z.number().int(),
              points: z.array(
                z.object({ band: z.number().int(), origin: z.number().int(), target: z.number().int(), horizon: z.number().int(), forecast: z.number(), actual: z.number(), error: z.number() }),
              ),
              meanAbsoluteError: z.array(z.object({ band: z.number().int(), horizon: z.number().int(), value: z.number().nullable(), points: z.number().int() })),
            }),
          }),
          400: errorSchema,
        },
      },
    },
    async (request) => {
      const { registry } = councilFor(app, request.query.la);
      let series = seriesOf.get(registry);
      if (!series) {
        series = seriesView(registry.demand, DEMAND_YEARS.last, (year, variant) =>
          round2(demandTable(registry, { year, level: 'district', assumptions: { variant } }).rows.reduce((t, r) => t + r.count, 0)),
        );
        seriesOf.set(registry, series);
      }
      return series;
    },
  );
};
export default demand;
