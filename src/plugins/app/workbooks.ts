/**
 * Workbooks (`?format=xlsx`) for every feature that offers one: a small service over the
 * result-view worker (src/features/runs/result-view-pool.ts), which writes them off the HTTP thread.
 * The same pool reads finished runs for the runs service, so one thread serves both; a plan's
 * workbook is built in the worker from the plan's stored JSON, the small tables (demand, review
 * logs) are built here and only written there.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { WorkbookSpec } from '../../domain/workbook.js';
import { ResultViewPool, type ResultBytes } from '../../features/runs/result-view-pool.js';

export interface StoredPlanJson {
  id: string;
  scenarioId: string;
  scenarioName: string;
  createdAt: string;
  requestJson: string;
  resultJson: string;
}

export interface Workbooks {
  /** The worker pool that writes them (shared with the runs service's result views). */
  pool: ResultViewPool;
  /** A workbook whose tables were built on the HTTP thread (they are small): written in the worker. */
  write(spec: WorkbookSpec): Promise<ResultBytes>;
  /** A finished plan's workbook, built and written in the worker from its stored JSON. */
  plan(plan: StoredPlanJson): Promise<ResultBytes>;
}

declare module 'fastify' {
  interface FastifyInstance {
    workbooks: Workbooks;
  }
}

async function workbooks(app: FastifyInstance) {
  const pool = new ResultViewPool();
  app.decorate('workbooks', {
    pool,
    write: (spec) => pool.view({ kind: 'workbook', spec }),
    plan: (plan) => pool.view({ kind: 'planWorkbook', plan }),
  } satisfies Workbooks);
  app.addHook('onClose', async () => pool.close());
}

export default fp(workbooks, { name: 'workbooks' });
