import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../http/schemas.js';
import { designationSchema } from './catalogue-schemas.js';
import { SRP_NEED_TYPES, NEED_CODES } from '../../domain/needs.js';

const designations: FastifyPluginAsyncZod = async (app) => {
  const registry = app.registry;
  const countBy = new Map<string, number>();
  for (const s of registry.specialSchools.values()) countBy.set(s.designation, (countBy.get(s.designation) ?? 0) + 1);
  const body = {
    current: registry.designations.current.map((d) => ({ ...d, set: 'current' as const, subtitle: d.subtitle ?? null, specialSchools: countBy.get(d.code) ?? 0 })),
    proposed: registry.designations.proposed.map((d) => ({ ...d, set: 'proposed' as const, subtitle: d.subtitle ?? null, specialSchools: 0 })),
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
