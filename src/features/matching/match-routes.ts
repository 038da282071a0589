import type { FastifyError, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BATCH_LIMIT, CSV_COLUMNS, matchBatch, rowsFromCsv, rowsFromJson } from '../../domain/matching/batch.js';
import { matchNeedProfile } from '../../domain/matching/match-need-profile.js';
import { jsonSerializerCompiler } from '../../http/json-serializer.js';
import { batchResultSchema, matchResultSchema } from '../../domain/matching/match-result.js';
import { needProfileSchema } from '../../domain/matching/need-profile.js';
import { errorSchema } from '../../http/schemas.js';
import { DomainError, fieldsUnder } from '../../domain/errors.js';

/** Room for 5,000 verbose profiles; a bigger body is answered 413 naming the profile limit. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;
const BATCH_LIMIT_TEXT = BATCH_LIMIT.toLocaleString('en-GB');

const match: FastifyPluginAsyncZod = async (app) => {
  const registry = app.registry;

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
          'with reasons citing the clause matched or missed. `continuum` gives the level of support that fits; `legacy` shows how the five current ' +
          'designations would have placed the child. The profile is personal data: it is not logged, stored or repeated in errors.',
        body: z.strictObject({ profile: needProfileSchema }),
        response: { 200: matchResultSchema, 400: errorSchema },
      },
    },
    async (request) => {
      return fieldsUnder('body.profile', () => matchNeedProfile(registry, request.body.profile));
    },
  );

  // text/csv uploads for the batch route only (this plugin is encapsulated).
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: BATCH_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    '/match/batch',
    {
      config: { access: 'authenticated' },
      bodyLimit: BATCH_BODY_LIMIT,
      serializerCompiler: jsonSerializerCompiler,
      // Rows are validated one by one in the handler so one bad row does not reject the batch.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
      // A body over the byte limit is a batch over the profile limit: say so.
      errorHandler: (err: FastifyError, _request, reply: FastifyReply) => {
        if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          throw new DomainError('too-large', `a batch holds at most ${BATCH_LIMIT_TEXT} profiles (and ${BATCH_BODY_LIMIT / 1024 / 1024} MB); split it`);
        }
        throw err;
      },
      schema: {
        tags: ['matching'],
        summary: `Match up to ${BATCH_LIMIT_TEXT} need profiles (JSON array or CSV upload)`,
        description:
          'Send a JSON array of NeedProfile objects, or `Content-Type: text/csv` with a header row: ' +
          `${CSV_COLUMNS.join(', ')} (lists separated by ';'; lat/lon or lsoa optional). Results come back in input order with a summary ` +
          `(counts by continuum level and designation). A row that fails validation gets its own errors (row index, CSV line, field path; never the values) ` +
          `and does not stop the batch. More than ${BATCH_LIMIT_TEXT} profiles: 413.`,
        consumes: ['application/json', 'text/csv'],
        body: z.array(needProfileSchema).max(BATCH_LIMIT),
        response: { 200: batchResultSchema, 400: errorSchema, 413: errorSchema, 415: errorSchema },
      },
    },
    async (request) => {
      const body = request.body as unknown;
      return matchBatch(registry, typeof body === 'string' ? rowsFromCsv(body) : rowsFromJson(body));
    },
  );
};

export default match;
