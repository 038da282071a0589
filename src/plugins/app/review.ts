/**
 * Wires designation review to the database and exposes the designation sets to the rest of the app:
 * `app.designationSources.approved()` gives placement search and scenarios the officers' decisions
 * (with proposals for schools still under review), `app.designationSources.proposed()` the rules' view.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { reviewRepository, type ReviewRepository } from '../../features/review/review-repository.js';
import { MappingReview, type DesignationSources } from '../../features/review/mapping-review.js';

declare module 'fastify' {
  interface FastifyInstance {
    mappingReview: MappingReview;
    designationSources: DesignationSources;
  }
}

export interface ReviewOptions {
  /** Where decisions and the audit log are kept; defaults to the app's SQLite database. */
  repository?: ReviewRepository;
}

async function review(app: FastifyInstance, options: ReviewOptions) {
  const mappingReview = new MappingReview(app.registry, options.repository ?? reviewRepository(app.db));
  app.decorate('mappingReview', mappingReview);
  app.decorate('designationSources', mappingReview satisfies DesignationSources);
}

export default fp(review, { name: 'review' });
