import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { defaultDesignationSources, type DesignationSources } from '../domain/designation-sets.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The designation sets placement search (and the scenarios) read. The review plugin replaces the
     * 'approved' source with one backed by officers' decisions:
     *   app.designationSources.approved = approvedDesignationSource(app.registry, decisionOf);
     * Until then every school is under review and falls back to its proposed designation.
     */
    designationSources: DesignationSources;
  }
}

async function designationSources(app: FastifyInstance) {
  app.decorate('designationSources', defaultDesignationSources(app.registry));
}

export default fp(designationSources, { name: 'designation-sources' });
