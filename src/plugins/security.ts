import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Caller identity for rate limiting: the API key (hashed: the raw key never sits in memory maps or
 * logs) or, for anonymous calls, the client address.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const auth = request.headers.authorization;
  const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  return token ? `key:${createHash('sha256').update(token).digest('hex').slice(0, 16)}` : `ip:${request.ip}`;
}

/**
 * Security headers (helmet, with a content security policy that allows only this origin: the
 * dashboard and the API docs load nothing from elsewhere), CORS closed unless origins are
 * configured, and a per-caller rate limit.
 */
async function security(app: FastifyInstance) {
  const { corsOrigins, rateLimitPerMinute } = app.config;
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    // Same-origin only; the dashboard needs no cross-origin isolation.
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cors, { origin: corsOrigins.length > 0 ? corsOrigins : false });
  if (rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: rateLimitPerMinute,
      timeWindow: '1 minute',
      keyGenerator: rateLimitKey,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `rate limit of ${context.max} requests per minute exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`,
      }),
    });
  }
}

export default fp(security, { name: 'security' });
