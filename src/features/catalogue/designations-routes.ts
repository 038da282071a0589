/**
 * GET /designations: Kent's five current and three proposed special-school designations, with their
 * admission guidance.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../http/schemas.js';
import { designationSchema } from './catalogue-schemas.js';
import { SRP_NEED_TYPES, NEED_CODES } from '../../domain/needs.js';
import { proposeAllMappings } from '../../domain/designations/designation-mapping.js';

const CURRENT_BASIS = 'source: current designations of the open state-funded special schools in the register (compiled from KsENT guidance and KCC pages, models/kent/special-schools.csv)';
const PROPOSED_BASIS =
  "proposal: the designation the mapping rules propose for each special school (models/kent/designation-mapping-rules.json), before officers' review; " +
  "officers' decisions are in GET /designations/mappings";

const designations: FastifyPluginAsyncZod = async (app) => {
  const registry = app.registry;
  const count = (codes: Iterable<string>) => {
    const by = new Map<string, number>();
    for (const code of codes) by.set(code, (by.get(code) ?? 0) + 1);
    return by;
  };
  const current = count([...registry.specialSchools.values()].map((s) => s.designation));
  const proposed = count(proposeAllMappings(registry).map((m) => m.proposed));
  const body = {
    current: registry.designations.current.map((d) => ({
      ...d,
      set: 'current' as const,
      subtitle: d.subtitle ?? null,
      specialSchools: current.get(d.code) ?? 0,
      specialSchoolsBasis: CURRENT_BASIS,
    })),
    proposed: registry.designations.proposed.map((d) => ({
      ...d,
      set: 'proposed' as const,
      subtitle: d.subtitle ?? null,
      specialSchools: proposed.get(d.code) ?? 0,
      specialSchoolsBasis: PROPOSED_BASIS,
    })),
    srpNeedTypes: registry.srpNeedTypes,
  };

  app.get(
    '/designations',
    {
      schema: {
        tags: ['catalogue'],
        summary: "Kent's five current and three proposed special-school designations, with admission guidance",
        querystring: z.strictObject({ set: z.enum(['current', 'proposed']).optional() }),
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
      const { set } = request.query;
      return { ...body, current: set === 'proposed' ? [] : body.current, proposed: set === 'current' ? [] : body.proposed };
    },
  );
};
export default designations;
