/**
 * Request bodies of the planners' batch routes (POST /match/batch, POST /placements/search/batch):
 * a JSON array or a CSV upload of up to 5,000 profiles, handed on as text, unparsed, to the batch
 * worker thread, which parses, validates and answers them off the HTTP thread. Registered per route
 * module (Fastify encapsulates content-type parsers). A body over the byte limit is a batch over the
 * profile limit, and the 413 says so.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyRouteSchemaDef, FastifyValidationResult } from 'fastify/types/schema.js';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { DomainError } from '../domain/errors.js';
import { BATCH_LIMIT } from '../domain/matching/batch.js';

/** Room for 5,000 verbose profiles. */
export const BATCH_BODY_LIMIT = 16 * 1024 * 1024;
const BATCH_LIMIT_TEXT = BATCH_LIMIT.toLocaleString('en-GB');

/** A batch as received: the body's text and how to read it. */
export type BatchBody = { json: string } | { csv: string };

export function acceptBatchBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BATCH_BODY_LIMIT }, (_request, body, done) => done(null, { json: body as string }));
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: BATCH_BODY_LIMIT }, (_request, body, done) => done(null, { csv: body as string }));
}

/** The batch routes' error handler: a body over the byte limit is answered as a batch over the profile limit. */
export function batchTooLarge(err: FastifyError, _request: unknown, _reply: FastifyReply): never {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    throw new DomainError('too-large', `a batch holds at most ${BATCH_LIMIT_TEXT} profiles (and ${BATCH_BODY_LIMIT / 1024 / 1024} MB); split it`);
  }
  throw err;
}

/** The body a batch route received (its validator passes bodies through: rows are validated one by one in the worker). */
export function batchBodyOf(body: unknown): BatchBody {
  if (body && typeof body === 'object' && ('json' in body || 'csv' in body)) return body as BatchBody;
  // No body at all (Fastify gives undefined): an empty JSON array would hide the mistake.
  throw new DomainError('invalid', 'expected a JSON array of need profiles, or a text/csv upload');
}

/**
 * The batch routes' validators: the query string as declared, the body passed through as text (its
 * rows are validated one by one in the worker, so one bad row does not reject the batch).
 */
export const batchValidatorCompiler = (route: FastifyRouteSchemaDef<any>): FastifyValidationResult =>
  route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route);

/**
 * The worker's answer, sent as the text it wrote: a 5,000-row answer is megabytes, and parsing and
 * re-serialising it would hold the HTTP thread for no gain.
 */
export function sendBatchAnswer(reply: FastifyReply, text: string, format: 'json' | 'csv', filename: string) {
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}.csv"`).send(text);
  return reply.type('application/json; charset=utf-8').send(text);
}
