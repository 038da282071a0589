/**
 * The service's configuration: every environment variable it reads, with its default, validated once
 * at start-up (a bad value stops start-up naming the variable).
 */
import { resolve } from 'node:path';
import { z } from 'zod';

/** Process configuration, read from the environment once at start-up and validated. */
export const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * The councils' datasets the service loads: every folder in it holding a dataset.json (models/kent,
   * models/medway, ...), or one council's folder (models/kent) for that council alone.
   */
  modelsDir: z.string().min(1).default('models'),
  /** Where the service keeps what it writes (SQLite database). Created if missing. */
  dataDir: z.string().min(1).default('.data'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Origins allowed to call the API from a browser (comma-separated). Empty: CORS closed. */
  corsOrigins: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ message: 'each origin must be a URL like https://planning.kent.gov.uk' }))),
  /** Requests per minute per API key (or per address for anonymous calls); 0 turns the limit off. */
  rateLimitPerMinute: z.coerce.number().int().min(0).default(600),
  /** Scenario files (JSON or YAML) listed by GET /scenarios. */
  scenariosDir: z.string().min(1).default('scenarios'),
  /** A sufficiency solve running longer than this (milliseconds) is stopped and its run fails. */
  solveTimeoutMs: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  /** Worker threads for solves; 0 = one fewer than the CPUs (at least 1). */
  solverThreads: z.coerce.number().int().min(0).max(64).default(0),
  /**
   * JavaScript heap limit of each solver thread (MB). A thread that exceeds it is stopped and its run
   * fails; the service goes on. It bounds javascript-lp-solver's dense tableau and the model built in
   * JavaScript (HiGHS's WebAssembly memory is separate and sized by the model).
   */
  solverMemoryMb: z.coerce.number().int().min(16).max(65_536).default(2048),
  /** Largest sufficiency model solved, in variables (Kent at LSOA level with default travel limits: ~120,000). */
  scenarioMaxVariables: z.coerce.number().int().min(1000).default(600_000),
});
export type Config = z.output<typeof configSchema>;

const ENV_NAMES: Record<keyof Config, string> = {
  host: 'HOST',
  port: 'PORT',
  modelsDir: 'MODELS_DIR',
  dataDir: 'DATA_DIR',
  logLevel: 'LOG_LEVEL',
  corsOrigins: 'CORS_ORIGINS',
  rateLimitPerMinute: 'RATE_LIMIT_PER_MINUTE',
  scenariosDir: 'SCENARIOS_DIR',
  solveTimeoutMs: 'SOLVE_TIMEOUT_MS',
  solverThreads: 'SOLVER_THREADS',
  solverMemoryMb: 'SOLVER_MEMORY_MB',
  scenarioMaxVariables: 'SCENARIO_MAX_VARIABLES',
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string | undefined> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) raw[key] = env[name] || undefined;
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${ENV_NAMES[i.path[0] as keyof Config] ?? i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return {
    ...parsed.data,
    modelsDir: resolve(parsed.data.modelsDir),
    dataDir: resolve(parsed.data.dataDir),
    scenariosDir: resolve(parsed.data.scenariosDir),
  };
}
