/**
 * Wires designation review to the database and exposes the designation sets to the rest of the app:
 * `app.designationSources.approved()` gives placement search and scenarios the officers' decisions
 * (with proposals for schools still under review), `app.designationSources.proposed()` the rules' view.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { reviewRepository, type ReviewRepository } from '../../features/review/review-repository.js';
import { MappingReview, type DesignationSources } from '../../features/review/mapping-review.js';
import type { Council } from '../../domain/registry/councils.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The default council's review (Kent's). */
    mappingReview: MappingReview;
    /** A council's review: decisions are kept by URN (unique across councils) in one repository. */
    reviewFor(council: Council): MappingReview;
    /** The default council's designation sets. */
    designationSources: DesignationSources;
  }
}

export interface ReviewOptions {
  /** Where decisions and the audit log are kept; defaults to the app's SQLite database. */
  repository?: ReviewRepository;
}

async function review(app: FastifyInstance, options: ReviewOptions) {
  const repository = options.repository ?? reviewRepository(app.db);
  const mappingReview = new MappingReview(app.registry, repository);
  const reviews = new Map([[app.registry, mappingReview]]);
  app.decorate('mappingReview', mappingReview);
  app.decorate('reviewFor', (council: Council) => {
    let r = reviews.get(council.registry);
    if (!r) reviews.set(council.registry, (r = new MappingReview(council.registry, repository)));
    return r;
  });
  app.decorate('designationSources', mappingReview satisfies DesignationSources);
}

export default fp(review, { name: 'review' });
