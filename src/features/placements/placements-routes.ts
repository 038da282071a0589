/**
 * Placement search over HTTP: POST /placements/search for one child's suitable provisions within
 * travel limits, POST /placements/search/batch for a planner's batch (in the batch worker, app.batches).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveHome } from '../../domain/geo/home.js';
import { designationViews } from '../../domain/designations/designation-sets.js';
import { placementIndexFor } from '../../domain/placement/placement-search.js';
import { jsonSerializerCompiler } from '../../http/json-serializer.js';
import { needProfileSchema } from '../../domain/matching/need-profile.js';
import { batchSearchResultSchema, placementOptionsSchema, placementResultSchema } from '../../domain/placement/placement-result.js';
import { BATCH_CANDIDATE_DEFAULT, BATCH_CANDIDATE_LIMIT } from '../../domain/placement/batch-search.js';
import { BATCH_LIMIT, CSV_COLUMNS } from '../../domain/matching/batch.js';
import { acceptBatchBodies, BATCH_BODY_LIMIT, batchBodyOf, batchTooLarge, batchValidatorCompiler, sendBatchAnswer } from '../../http/batch-body.js';
import { negotiateFormat } from '../../http/formats.js';
import { errorSchema } from '../../http/schemas.js';
import { fieldsUnder, invalidField } from '../../domain/errors.js';
import { councilFor, laQuerySchema } from '../../http/council.js';
import type { Registry } from '../../domain/registry/registry.js';
import type { Council } from '../../domain/registry/councils.js';

export interface PlacementRouteOptions {
  /** 'json' (default): JSON.stringify; 'zod': encode through zod first (kept for the benchmark's comparison). */
  responseSerializer?: 'json' | 'zod';
}

const placements: FastifyPluginAsyncZod<PlacementRouteOptions> = async (app, opts) => {
  // Each council's search index and designation views, built on its first search (the default council's now).
  const searchers = new Map<Registry, { index: ReturnType<typeof placementIndexFor>; baseViews: ReturnType<typeof designationViews> }>();
  const searcherOf = (registry: Registry) => {
    let s = searchers.get(registry);
    if (!s) searchers.set(registry, (s = { index: placementIndexFor(registry), baseViews: designationViews(registry) }));
    return s;
  };
  searcherOf(app.registry);

  app.post(
    '/placements/search',
    {
      config: { access: 'authenticated' },
      ...(opts.responseSerializer === 'zod' ? {} : { serializerCompiler: jsonSerializerCompiler }),
      schema: {
        tags: ['matching'],
        summary: 'Rank the provisions that can take a child with this need profile, nearest first',
        description:
          'Special schools whose designation (in the chosen designation set) fits the profile, and commissioned SRPs whose need type covers ' +
          "one of the child's needs, that take the child's age and phase, within the distance and time limits. Each candidate has its " +
          'great-circle distance, an estimated travel time (speed model in `travelModel`: an assumption), free places (capacity minus roll, ' +
          'or unknown, saying why) and the reasons it fits; `excluded` explains the nearest provisions that do not. `profile.home` is required.',
        querystring: z.strictObject({ la: laQuerySchema }),
        body: z.strictObject({ profile: needProfileSchema, options: placementOptionsSchema.prefault({}) }),
        response: { 200: placementResultSchema, 400: errorSchema },
      },
    },
    async (request) => {
      const { profile, options } = request.body;
      if (!profile.home) throw invalidField('body.profile.home', 'required for placement search: {lat, lon} or {lsoa}');
      const home = profile.home;
      const council = councilFor(app, request.query.la);
      const { registry } = council;
      const { index, baseViews } = searcherOf(registry);
      const resolved = await fieldsUnder('body.profile', () => resolveHome(registry, home));
      // 'approved' reflects decisions up to now (cached by the review until the next one).
      const views = options.designationSet === 'approved' ? { ...baseViews, approved: await approvedFor(app, council) } : baseViews;
      return index.search(views, profile, resolved, options);
    },
  );

  // The batch route in a plugin of its own: its bodies stay text, for the batch worker to parse.
  await app.register(batchRoute);
};

const batchQuery = z.strictObject({
  designationSet: placementOptionsSchema.shape.designationSet,
  maxDistanceKm: z.coerce.number().positive().max(300).default(40).describe('Straight-line (great-circle) distance limit'),
  maxMinutes: z.coerce.number().positive().max(300).optional().describe('Estimated travel-time limit'),
  limit: z.coerce.number().int().min(1).max(BATCH_CANDIDATE_LIMIT).default(BATCH_CANDIDATE_DEFAULT).describe('Candidates kept per profile'),
  format: z.enum(['json', 'csv']).optional().describe('json (default) or csv: one line per candidate'),
  la: laQuerySchema,
});

const batchRoute: FastifyPluginAsyncZod = async (app) => {
  acceptBatchBodies(app);
  app.post(
    '/placements/search/batch',
    {
      config: { access: 'authenticated' },
      bodyLimit: BATCH_BODY_LIMIT,
      validatorCompiler: batchValidatorCompiler,
      errorHandler: batchTooLarge,
      schema: {
        tags: ['matching'],
        summary: `Placement search for up to ${BATCH_LIMIT.toLocaleString('en-GB')} need profiles with homes (JSON array or CSV upload; JSON or CSV answer)`,
        description:
          'Each profile is searched as POST /placements/search would, with the options in the query string, and its nearest candidates kept ' +
          `(\`limit\`, default ${BATCH_CANDIDATE_DEFAULT}; no reasons: search one profile for those). Send a JSON array of NeedProfile objects with \`home\`, ` +
          `or \`Content-Type: text/csv\` with the columns of POST /match/batch (${CSV_COLUMNS.join(', ')}; lat and lon, or lsoa, required). ` +
          '`?format=csv` (or `Accept: text/csv`) answers one CSV line per candidate (columns in the README). A bad row gets every one of its errors ' +
          `(row, CSV line, field path; never the values) and does not stop the batch. More than ${BATCH_LIMIT.toLocaleString('en-GB')} profiles: 413. ` +
          'Runs in a worker thread; profiles are never logged or stored.',
        consumes: ['application/json', 'text/csv'],
        querystring: batchQuery,
        body: z.array(needProfileSchema).max(BATCH_LIMIT),
        response: { 200: batchSearchResultSchema, 400: errorSchema, 413: errorSchema, 415: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const { format: asked, designationSet, maxDistanceKm, maxMinutes, limit } = request.query;
      const format = negotiateFormat(request, asked, ['json', 'csv']) === 'csv' ? 'csv' : 'json';
      const options = placementOptionsSchema.parse({ designationSet, maxDistanceKm, maxMinutes, limit, excludedLimit: 0 });
      // 'approved' reflects decisions up to now, sent to the worker as plain data.
      const council = councilFor(app, request.query.la);
      const approved = designationSet === 'approved' ? (await approvedFor(app, council)).entries : undefined;
      const { text } = await app.batches.search(batchBodyOf(request.body), format, options, approved, council === app.councils.default ? undefined : council.dir);
      return sendBatchAnswer(reply, text, format, 'placement-search');
    },
  );
};

/** A council's approved designation set: the default council's from its review source (kept for tests that pass one), another's from its own review. */
function approvedFor(app: Parameters<FastifyPluginAsyncZod>[0], council: Council) {
  return council === app.councils.default ? app.designationSources.approved() : app.reviewFor(council).approved();
}

export default placements;
