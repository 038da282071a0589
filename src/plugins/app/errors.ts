/**
 * The error handler: one mapping from an error's kind to an HTTP status and one error shape, naming
 * the field of every problem and never the submitted values.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorKind, type FieldIssue } from '../../domain/errors.js';

/** The one mapping from what went wrong to an HTTP status. */
const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  unprocessable: 422,
  unavailable: 503,
};

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** "/profile/age" from the validator becomes "body.profile.age". */
function fieldPath(context: string | undefined, instancePath: string) {
  const parts = instancePath.split('/').filter(Boolean);
  return [context ?? 'request', ...parts].join('.');
}

/** "invalid request: body.profile.age: ...; body.profile.home: ..." */
const describeIssues = (issues: readonly FieldIssue[]) => `invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;

/**
 * One error shape for the whole API. Errors with a kind (src/domain/errors.ts) are answered with
 * the kind's status; problems in the input come back with the path of every failing field, from the
 * schema validator and the domain alike. Messages never include the submitted values (a need
 * profile is personal data); unexpected errors are logged with their stack and answered with a
 * bare 500.
 */
async function errors(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | DomainError, request, reply) => {
    if (err instanceof DomainError) {
      const status = STATUS_OF[err.kind];
      if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.code(status).send({
        statusCode: status,
        error: STATUS_NAMES[status] ?? 'Error',
        message: err.issues.length ? describeIssues(err.issues) : err.message,
        ...(err.issues.length ? { issues: err.issues } : {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: fieldPath(err.validationContext, v.instancePath), message: v.message ?? 'invalid' }));
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: describeIssues(issues), issues });
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err }, 'unhandled error');
      return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'internal error; see the service log' });
    }
    // Fastify's own 4xx (bad JSON, too large, unsupported media type): their messages carry no body content.
    return reply.code(status).send({ statusCode: status, error: STATUS_NAMES[status] ?? 'Error', message: err.message });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}

export default fp(errors, { name: 'errors' });
