/**
 * Wires the planners' batch worker into the app (app.batches): batch matching and batch placement
 * search run in it, off the HTTP thread. The thread starts on the first batch; closing the app stops it.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { BatchPool } from '../../features/placements/batch-pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    batches: BatchPool;
  }
}

async function batches(app: FastifyInstance) {
  const pool = new BatchPool({ modelsDir: app.councils.default.dir });
  app.decorate('batches', pool);
  app.addHook('onClose', async () => pool.close());
}

export default fp(batches, { name: 'batches' });
