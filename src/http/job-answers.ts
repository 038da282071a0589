/**
 * How a background job (a run, a plan) is answered over HTTP, the same for both: its common fields,
 * and a finished job as JSON text with its stored result spliced in as stored. An LSOA run's result is
 * megabytes; parsing, validating and re-serialising it would hold the HTTP thread for no gain (it was
 * validated when the worker produced it).
 */
import type { FastifyReply } from 'fastify';
import type { JobSummary } from '../jobs/job-table.js';

/** The fields every job's view has (src/jobs/job-schemas.ts's jobFields), and why it failed. */
export function jobView(job: JobSummary) {
  const { id, status, createdAt, startedAt, finishedAt, progress, error } = job;
  return { id, status, createdAt, startedAt, finishedAt, progress, error };
}

/** A job's view (an object serialised here) with its stored result, if any, as `result`. */
export function sendJob(reply: FastifyReply, view: object, resultJson: string | null) {
  const head = JSON.stringify(view);
  const body = resultJson ? `${head.slice(0, -1)},"result":${resultJson}}` : head;
  return reply.code(200).type('application/json; charset=utf-8').send(body);
}
