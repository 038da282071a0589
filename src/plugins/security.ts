import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { bearerToken, hashApiKey } from '../auth/api-keys.js';

/**
 * Caller identity for rate limiting: a valid API key's id, otherwise the client address. Only a
 * verified key gets its own bucket, so rotating made-up tokens cannot escape the limit. This runs
 * before the auth check (so 401 floods are limited too) and looks the key up itself.
 */
export async function rateLimitKey(request: FastifyRequest): Promise<string> {
  const token = bearerToken(request.headers.authorization);
  if (token && request.server.apiKeys) {
    const key = await request.server.apiKeys.findActiveByHash(hashApiKey(token));
    if (key) return `key:${key.id}`;
  }
  return `ip:${request.ip}`;
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
