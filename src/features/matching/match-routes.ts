/**
 * Matching a need profile to the designations over HTTP: POST /match for one child, POST /match/batch
 * for a planner's batch (answered in the batch worker, app.batches).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BATCH_LIMIT, CSV_COLUMNS } from '../../domain/matching/batch.js';
import { acceptBatchBodies, BATCH_BODY_LIMIT, batchBodyOf, batchTooLarge, batchValidatorCompiler, sendBatchAnswer } from '../../http/batch-body.js';
import { negotiateFormat } from '../../http/formats.js';
import { matchNeedProfile } from '../../domain/matching/match-need-profile.js';
import { jsonSerializerCompiler } from '../../http/json-serializer.js';
import { batchResultSchema, matchResultSchema } from '../../domain/matching/match-result.js';
import { needProfileSchema } from '../../domain/matching/need-profile.js';
import { errorSchema } from '../../http/schemas.js';
import { fieldsUnder } from '../../domain/errors.js';
import { councilFor, laQuerySchema } from '../../http/council.js';

const BATCH_LIMIT_TEXT = BATCH_LIMIT.toLocaleString('en-GB');
const batchQuery = z.strictObject({ format: z.enum(['json', 'csv']).optional().describe('json (default) or csv: one line per profile'), la: laQuerySchema });

const match: FastifyPluginAsyncZod = async (app) => {

  app.post(
    '/match',
    {
      config: { access: 'authenticated' },
      serializerCompiler: jsonSerializerCompiler,
      schema: {
        tags: ['matching'],
        summary: 'Score a need profile against the three proposed designations and find its level of support',
        description:
          'Each designation is scored 0-1 from its admission guidance (models/kent/admission-guidance.json; method in models/kent/MATCHING.md), ' +
          'with reasons citing the clause matched or missed. `continuum` gives the level of support that fits; `current` shows how the five current ' +
          'designations would have placed the child. The profile is personal data: it is not logged, stored or repeated in errors.',
        querystring: z.strictObject({ la: laQuerySchema }),
        body: z.strictObject({ profile: needProfileSchema }),
        response: { 200: matchResultSchema, 400: errorSchema },
      },
    },
    async (request) => {
      const { registry } = councilFor(app, request.query.la);
      return fieldsUnder('body.profile', () => matchNeedProfile(registry, request.body.profile));
    },
  );

  // The batch route in a plugin of its own: its bodies stay text, for the batch worker to parse.
  await app.register(batchRoute);
};

const batchRoute: FastifyPluginAsyncZod = async (app) => {
  acceptBatchBodies(app);
  app.post(
    '/match/batch',
    {
      config: { access: 'authenticated' },
      bodyLimit: BATCH_BODY_LIMIT,
      validatorCompiler: batchValidatorCompiler,
      errorHandler: batchTooLarge,
      schema: {
        tags: ['matching'],
        summary: `Match up to ${BATCH_LIMIT_TEXT} need profiles (JSON array or CSV upload; JSON or CSV answer)`,
        description:
          'Send a JSON array of NeedProfile objects, or `Content-Type: text/csv` with a header row: ' +
          `${CSV_COLUMNS.join(', ')} (lists separated by ';'; lat/lon or lsoa optional; the README lists the columns, test/fixtures/batch/ has an example). ` +
          'Results come back in input order with a summary (counts by continuum level and designation); `?format=csv` (or `Accept: text/csv`) ' +
          'answers one CSV line per profile instead. A row that fails validation gets every one of its errors (row index, CSV line, field path; never the values) ' +
          `and does not stop the batch. More than ${BATCH_LIMIT_TEXT} profiles: 413. Runs in a worker thread.`,
        consumes: ['application/json', 'text/csv'],
        querystring: batchQuery,
        body: z.array(needProfileSchema).max(BATCH_LIMIT),
        response: { 200: batchResultSchema, 400: errorSchema, 413: errorSchema, 415: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const format = negotiateFormat(request, request.query.format, ['json', 'csv']) === 'csv' ? 'csv' : 'json';
      const council = councilFor(app, request.query.la);
      const { text } = await app.batches.match(batchBodyOf(request.body), format, council === app.councils.default ? undefined : council.dir);
      return sendBatchAnswer(reply, text, format, 'match-batch');
    },
  );
};

export default match;
