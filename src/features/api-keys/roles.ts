/**
 * Who may do what. Every API key carries one role; routes declare which roles they need
 * (`config.access` in src/app.ts) and the auth plugin enforces it.
 *
 * - commissioner: runs and saves sufficiency scenarios.
 * - planner: placement matching and search (routes that take a pupil's need profile).
 * - officer: reviews designation mappings (approve / override).
 * - admin: manages API keys, and passes every role check (see `roleAllows`).
 */
export const ROLES = ['commissioner', 'planner', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a route declares: anyone, any valid key, or a key with one of these roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Whether a key with `role` may call a route declaring `access`.
 * admin satisfies every role: an admin can mint a key of any role anyway, so refusing them would
 * add friction without adding safety; their actions are still recorded under their own key's name.
 */
export function roleAllows(access: Access, role: Role): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  return role === 'admin' || access.includes(role);
}

/** A route's access in words, for the OpenAPI description and 403 messages. */
export function describeAccess(access: Access): string {
  if (access === 'public') return 'public';
  if (access === 'authenticated') return 'any valid API key';
  const roles = access.includes('admin') ? [...access] : [...access, 'admin'];
  return `an API key with role ${roles.join(' or ')}`;
}
