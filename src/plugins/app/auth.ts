/**
 * Bearer API keys and roles. Each route declares who may call it in `config.access` ('public' by
 * default, 'authenticated', or a list of roles); this plugin enforces that in an onRequest hook,
 * before the body is even parsed, and marks the same routes in the OpenAPI document.
 *
 * 401 (with WWW-Authenticate) when the key is missing, unknown or revoked; 403 when the key's role
 * is not among the route's roles. admin passes every role check (see roleAllows). Keys are looked
 * up by their SHA-256 hash on every request, so a revocation takes effect at once, also when it is
 * made by the CLI from another process.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { bearerToken, hashApiKey } from '../../features/api-keys/api-keys.js';
import { describeAccess, isRole, roleAllows, type Access, type Role } from '../../features/api-keys/roles.js';
import { errorSchema } from '../../http/schemas.js';
import { apiKeyRepository, type ApiKeyRecord, type ApiKeyRepository } from '../../features/api-keys/api-key-repository.js';
import { DomainError } from '../../domain/errors.js';

/** The holder of the API key a request was made with. */
export interface Caller {
  keyId: string;
  name: string;
  role: Role;
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    apiKeys: ApiKeyRepository;
    /** Every route with its declared access, public ones included: the 401/403 tests enumerate these. */
    routeAccess: readonly RouteAccess[];
  }
  interface FastifyRequest {
    /** Set on routes that are not public, once the key has been checked. */
    caller: Caller | null;
  }
}

/** The name of the security scheme in the OpenAPI document (see plugins/swagger.ts). */
export const SECURITY_SCHEME = 'apiKey';
const REALM = 'send-place-planner';

export interface AuthOptions {
  /** Where keys are kept; defaults to the app's SQLite database. */
  apiKeys?: ApiKeyRepository;
}

const verified = new WeakMap<FastifyRequest, Promise<ApiKeyRecord | undefined>>();

/**
 * The unrevoked key the request carries, if any, looked up once per request (the rate limit and
 * the access check both ask).
 */
export function verifiedKey(request: FastifyRequest): Promise<ApiKeyRecord | undefined> {
  let found = verified.get(request);
  if (!found) {
    const token = bearerToken(request.headers.authorization);
    found = token ? request.server.apiKeys.findActiveByHash(hashApiKey(token)) : Promise.resolve(undefined);
    verified.set(request, found);
  }
  return found;
}

function checkedAccess(route: RouteOptions): Access {
  const access: unknown = route.config?.access ?? 'public';
  if (access === 'public' || access === 'authenticated') return access;
  if (Array.isArray(access) && access.length > 0 && access.every((r) => typeof r === 'string' && isRole(r))) return access as Role[];
  // A typo here would silently lock everyone out or let everyone in: refuse to start instead.
  throw new Error(`route ${String(route.method)} ${route.url}: config.access must be 'public', 'authenticated' or a non-empty list of roles, got ${JSON.stringify(access)}`);
}

async function auth(app: FastifyInstance, options: AuthOptions) {
  const apiKeys = options.apiKeys ?? apiKeyRepository(app.db);
  const routeAccess: RouteAccess[] = [];
  app.decorate('apiKeys', apiKeys);
  app.decorate('routeAccess', routeAccess);
  app.decorateRequest('caller', null);

  app.addHook('onRoute', (route) => {
    const access = checkedAccess(route);
    for (const method of [route.method].flat()) routeAccess.push({ method, url: route.url, access });
    if (access === 'public') return;
    // The OpenAPI document says the same as the declaration: a security requirement, the roles, and the 401/403 answers.
    const schema = route.schema ?? {};
    const requires = `Requires ${describeAccess(access)} (\`Authorization: Bearer <key>\`).`;
    route.schema = {
      ...schema,
      description: schema.description ? `${schema.description}\n\n${requires}` : requires,
      security: [{ [SECURITY_SCHEME]: [] }],
      'x-access': access === 'authenticated' ? 'authenticated' : [...access],
      response: {
        ...(schema.response as object | undefined),
        401: errorSchema,
        ...(access === 'authenticated' ? {} : { 403: errorSchema }),
      },
    } as typeof route.schema;
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = (request.routeOptions.config?.access ?? 'public') as Access;
    if (access === 'public') return;
    const token = bearerToken(request.headers.authorization);
    // The challenge header is HTTP's own business, so it is set here; the error handler keeps it.
    if (!token) {
      reply.header('www-authenticate', `Bearer realm="${REALM}"`);
      throw new DomainError('unauthenticated', 'authentication required: send an API key as "Authorization: Bearer <key>"');
    }
    const key = await verifiedKey(request);
    if (!key) {
      reply.header('www-authenticate', `Bearer realm="${REALM}", error="invalid_token"`);
      throw new DomainError('unauthenticated', 'the API key is not valid or has been revoked');
    }
    if (!roleAllows(access, key.role)) {
      throw new DomainError('forbidden', `this route needs ${describeAccess(access)}; the key "${key.name}" has role ${key.role}`);
    }
    request.caller = { keyId: key.id, name: key.name, role: key.role };
  });
}

export default fp(auth, { name: 'auth' });
