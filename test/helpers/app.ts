import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import { createApiKey } from '../../src/features/api-keys/api-keys.js';
import type { Role } from '../../src/features/api-keys/roles.js';
import { loadConfig, type Config } from '../../src/config.js';
import { loadDataset } from '../../src/domain/dataset.js';
import type { Registry } from '../../src/domain/registry/registry.js';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const KENT_DIR = join(PROJECT_ROOT, 'models/kent');

let kent: Registry | undefined;
/** The real Kent dataset, loaded once per test file. */
export function kentRegistry(): Registry {
  return (kent ??= loadDataset(KENT_DIR));
}

export function tempDir(prefix = 'planner-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of the Kent dataset in a temporary folder, for tests that corrupt a file. */
export function copyOfKent(): string {
  const dir = tempDir('planner-models-');
  cpSync(KENT_DIR, dir, { recursive: true });
  return dir;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const defaults = loadConfig({
    MODELS_DIR: KENT_DIR,
    DATA_DIR: tempDir('planner-data-'),
    SCENARIOS_DIR: join(PROJECT_ROOT, 'scenarios'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    SOLVER_THREADS: '1',
  });
  return { ...defaults, port: 0, ...overrides } as Config;
}

/** The whole app on the Kent data with a fresh database, ready for inject(). */
export async function buildTestApp(overrides: Partial<Config> = {}, extra: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({ config: testConfig(overrides), registry: kentRegistry(), ...extra });
}

/**
 * An Authorization header with a fresh API key of `role` in the app's database: for tests of routes
 * that declare `config.access` (they answer 401 without one).
 */
export async function authHeader(app: FastifyInstance, role: Role = 'planner', name = `Test ${role}`): Promise<{ authorization: string }> {
  const { key } = await createApiKey(app.apiKeys, { name, role });
  return { authorization: `Bearer ${key}` };
}

/** inject() as the holder of a new key with `role`: for routes that declare access. */
export async function injectAs(app: FastifyInstance, role: Role = 'planner') {
  const auth = await authHeader(app, role);
  return (options: InjectOptions) => app.inject({ ...options, headers: { ...auth, ...(options.headers as Record<string, string> | undefined) } });
}
