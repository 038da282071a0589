import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveHome } from '../../domain/placement/home.js';
import { designationViews } from '../../domain/designation-sets.js';
import { placementIndexFor } from '../../domain/placement/placement-search.js';
import { jsonSerializerCompiler } from '../../http/json-serializer.js';
import { needProfileSchema } from '../../domain/matching/need-profile.js';
import { placementOptionsSchema, placementResultSchema } from '../../domain/placement/placement-result.js';
import { errorSchema } from '../../http/schemas.js';
import { fieldsUnder, invalidField } from '../../domain/errors.js';

export interface PlacementRouteOptions {
  /** 'json' (default): JSON.stringify; 'zod': encode through zod first (kept for the benchmark's comparison). */
  responseSerializer?: 'json' | 'zod';
}

const placements: FastifyPluginAsyncZod<PlacementRouteOptions> = async (app, opts) => {
  const registry = app.registry;
  const index = placementIndexFor(registry);
  const baseViews = designationViews(registry);

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
        body: z.strictObject({ profile: needProfileSchema, options: placementOptionsSchema.prefault({}) }),
        response: { 200: placementResultSchema, 400: errorSchema },
      },
    },
    async (request) => {
      const { profile, options } = request.body;
      if (!profile.home) throw invalidField('body.profile.home', 'required for placement search: {lat, lon} or {lsoa}');
      const home = profile.home;
      const resolved = await fieldsUnder('body.profile', () => resolveHome(registry, home));
      // 'approved' reflects decisions up to now (cached by the review until the next one).
      const views = options.designationSet === 'approved' ? { ...baseViews, approved: await app.designationSources.approved() } : baseViews;
      return index.search(views, profile, resolved, options);
    },
  );
};

export default placements;
