/**
 * Wires the planners' batches into the app (app.batches): batch matching and batch placement search
 * run in their worker thread, off the HTTP thread. The thread starts on the first batch; closing the
 * app stops it.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { BatchesService } from '../../features/batches/batches-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    batches: BatchesService;
  }
}

async function batches(app: FastifyInstance) {
  const service = new BatchesService({ modelsDir: app.councils.default.dir });
  app.decorate('batches', service);
  app.addHook('onClose', async () => service.close());
}

export default fp(batches, { name: 'batches' });
