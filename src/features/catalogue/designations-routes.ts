/**
 * GET /designations: Kent's five current and three proposed special-school designations, with their
 * admission guidance.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../http/schemas.js';
import { councilFor, laQuerySchema } from '../../http/council.js';
import type { Registry } from '../../domain/registry/registry.js';
import { designationSchema } from './catalogue-schemas.js';
import { SRP_NEED_TYPES, NEED_CODES } from '../../domain/needs.js';
import { proposeAllMappings } from '../../domain/designations/designation-mapping.js';

const currentBasis = (folder: string) =>
  `source: current designations of the open state-funded special schools in the register (models/${folder}/special-schools.csv: Kent's compiled from KsENT guidance and KCC pages; elsewhere "all needs (not known)" until officers set them)`;
const proposedBasis = (folder: string) =>
  `proposal: the designation the mapping rules propose for each special school (models/${folder}/designation-mapping-rules.json), before officers' review; ` +
  "officers' decisions are in GET /designations/mappings";

/** A council's designations with the special schools holding each, built once per council. */
function designationsOf(registry: Registry, folder: string) {
  const count = (codes: Iterable<string>) => {
    const by = new Map<string, number>();
    for (const code of codes) by.set(code, (by.get(code) ?? 0) + 1);
    return by;
  };
  const current = count([...registry.specialSchools.values()].map((s) => s.designation));
  const proposed = count(proposeAllMappings(registry).map((m) => m.proposed));
  return {
    current: registry.designations.current.map((d) => ({
      ...d,
      set: 'current' as const,
      subtitle: d.subtitle ?? null,
      specialSchools: current.get(d.code) ?? 0,
      specialSchoolsBasis: currentBasis(folder),
    })),
    proposed: registry.designations.proposed.map((d) => ({
      ...d,
      set: 'proposed' as const,
      subtitle: d.subtitle ?? null,
      specialSchools: proposed.get(d.code) ?? 0,
      specialSchoolsBasis: proposedBasis(folder),
    })),
    srpNeedTypes: registry.srpNeedTypes,
  };
}

const designations: FastifyPluginAsyncZod = async (app) => {
  const bodies = new Map<Registry, ReturnType<typeof designationsOf>>();

  app.get(
    '/designations',
    {
      schema: {
        tags: ['catalogue'],
        summary: "The council's current and the three proposed special-school designations, with admission guidance",
        description: "Kent: its five current designations. A council whose designations are not in the data: one, ALL ('all needs (not known)'), until officers set each school's through the review.",
        querystring: z.strictObject({ set: z.enum(['current', 'proposed']).optional(), la: laQuerySchema }),
        response: {
          200: z.object({
            current: z.array(designationSchema),
            proposed: z.array(designationSchema),
            srpNeedTypes: z.array(z.object({ code: z.enum(SRP_NEED_TYPES), name: z.string(), needCodes: z.array(z.enum(NEED_CODES)) })),
          }),
          400: errorSchema,
        },
      },
    },
    async (request) => {
      const { set, la } = request.query;
      const council = councilFor(app, la);
      let body = bodies.get(council.registry);
      if (!body) bodies.set(council.registry, (body = designationsOf(council.registry, council.id)));
      return { ...body, current: set === 'proposed' ? [] : body.current, proposed: set === 'current' ? [] : body.proposed };
    },
  );
};
export default designations;
