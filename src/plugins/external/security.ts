/**
 * Third-party security wiring: helmet's headers (computed once), CORS and the rate limit, keyed by
 * API key or client address.
 */
import cors from '@fastify/cors';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { verifiedKey } from '../app/auth.js';

/**
 * Caller identity for rate limiting: a valid API key's id, otherwise the client address. Only a
 * verified key gets its own bucket, so rotating made-up tokens cannot escape the limit. This runs
 * before the auth check (so 401 floods are limited too) and looks the key up itself.
 */
export async function rateLimitKey(request: FastifyRequest): Promise<string> {
  const key = request.server.hasDecorator('apiKeys') ? await verifiedKey(request) : undefined;
  return key ? `key:${key.id}` : `ip:${request.ip}`;
}

/**
 * The security headers helmet sets, computed once: they are the same for every response, and
 * helmet's per-request middleware re-parses its content security policy each time (about 5% of a
 * placement search's CPU). The policy allows only this origin: the dashboard and the API docs load
 * nothing from elsewhere.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // The service speaks plain HTTP (TLS, if any, is a proxy's job): upgrading would send the
        // dashboard's own assets to https:// and break it on any non-loopback address.
        upgradeInsecureRequests: null,
      },
    },
    // Same-origin only; the dashboard needs no cross-origin isolation.
    crossOriginEmbedderPolicy: false,
  })({} as never, response as never, () => {});
  return headers;
}

/**
 * Security headers (helmet, with a content security policy that allows only this origin: the
 * dashboard and the API docs load nothing from elsewhere), CORS closed unless origins are
 * configured, and a per-caller rate limit.
 */
async function security(app: FastifyInstance) {
  const { corsOrigins, rateLimitPerMinute } = app.config;
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
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
