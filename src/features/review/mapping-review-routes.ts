/**
 * Designation review over HTTP: GET /designations/mappings (every special school's proposal and
 * decision), GET /designations/mappings/:urn, and PUT .../decision for an officer's decision, made
 * against a version (If-Match).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { councilFor, laQuerySchema } from '../../http/council.js';
import { z } from 'zod';
import { negotiateFormat, sendCsv, sendFile } from '../../http/formats.js';
import { aboutSheet, factRows } from '../../domain/workbook.js';
import { auditEntrySchema, decisionBodySchema, designationMappingSchema, mappingStatusSchema } from './review-schemas.js';
import { errorSchema } from '../../http/schemas.js';
import { DomainError, fieldsUnder } from '../../domain/errors.js';
import type { MappingView } from './mapping-review.js';

const urnParams = z.strictObject({
  urn: z.string().regex(/^\d{6}$/, 'URN must be six digits').transform(Number),
});

const csvRow = (m: MappingView) => ({
  urn: m.urn,
  name: m.name,
  district: m.district.name,
  current: m.current,
  proposed: m.proposed,
  alternatives: m.alternatives.join(' '),
  ambiguous: m.ambiguous,
  confidence: m.confidence,
  rule: m.ruleId,
  status: m.status,
  designation: m.designation,
  reviewer: m.reviewer,
  decided_at: m.decidedAt,
  version: m.version,
  reason: m.reason,
  rationale: m.rationale.join(' | '),
});

const mappingReview: FastifyPluginAsyncZod = async (app) => {
  /** The council holding a special school (URNs are unique across councils); the default council when none does (its answer is the 404). */
  const reviewOfUrn = (urn: number) => {
    const council = app.councils.all().find((c) => c.registry.specialSchools.has(urn)) ?? app.councils.default;
    return council === app.councils.default ? app.mappingReview : app.reviewFor(council);
  };

  app.get(
    '/designations/mappings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['review'],
        summary: "Every special school's current designation, proposed designation with the evidence, and the officers' decision",
        description: '`?format=csv` (or `Accept: text/csv`) for a spreadsheet; `?format=xlsx` for a workbook (an About sheet, then the mappings).',
        querystring: z.strictObject({
          status: mappingStatusSchema.optional(),
          format: z.enum(['json', 'csv', 'xlsx']).optional(),
          la: laQuerySchema,
        }),
        response: {
          200: z.object({
            total: z.number().int(),
            counts: z.object({ proposed: z.number().int(), approved: z.number().int(), overridden: z.number().int() }),
            items: z.array(designationMappingSchema),
          }),
          400: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const council = councilFor(app, request.query.la);
      const all = await (council === app.councils.default ? app.mappingReview : app.reviewFor(council)).list();
      const counts = { proposed: 0, approved: 0, overridden: 0 };
      for (const m of all) counts[m.status] += 1;
      const items = request.query.status ? all.filter((m) => m.status === request.query.status) : all;
      const asked = negotiateFormat(request, request.query.format, ['json', 'csv', 'xlsx']);
      if (asked === 'csv') return sendCsv(reply, items.map(csvRow), 'designation-mappings.csv');
      if (asked === 'xlsx') {
        const about = [
          ...factRows('Workbook', { what: "Every special school's current designation, the proposed one with its evidence, and the officers' decision", api: request.url }),
          ...factRows('Counts', counts),
          ...factRows('Filters', { status: request.query.status }),
        ];
        return sendFile(reply, await app.workbooks.write({ filename: 'designation-mappings.xlsx', sheets: [aboutSheet(about), { name: 'Mappings', rows: items.map(csvRow) }] }));
      }
      return { total: items.length, counts, items };
    },
  );

  app.get(
    '/designations/mappings/:urn',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['review'],
        summary: "One special school's designation mapping and latest decision",
        params: urnParams,
        response: { 200: designationMappingSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const mapping = await reviewOfUrn(request.params.urn).get(request.params.urn);
      if (!mapping) throw new DomainError('not-found', `URN ${request.params.urn} is not a special school with a designation to review`);
      return mapping;
    },
  );

  app.post(
    '/designations/mappings/:urn/decision',
    {
      config: { access: ['officer'] },
      schema: {
        tags: ['review'],
        summary: "Approve a school's proposed designation, or override it with another and a reason",
        description:
          'Send the `version` you read as `expectedVersion`: if someone decided in the meantime the answer is 409 and nothing changes. ' +
          'Every decision is appended to the audit log (`GET /audit`) under the name of the API key that made it.',
        params: urnParams,
        body: decisionBodySchema,
        response: {
          200: z.object({ mapping: designationMappingSchema, audit: auditEntrySchema }),
          400: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request) => {
      const caller = request.caller!;
      const recorded = await fieldsUnder('body', () => reviewOfUrn(request.params.urn).decide(request.params.urn, request.body, { name: caller.name, keyId: caller.keyId }));
      request.log.info({ urn: request.params.urn, version: recorded.mapping.version, auditId: recorded.audit.id }, 'designation decision recorded');
      return recorded;
    },
  );
};
export default mappingReview;
