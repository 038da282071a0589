import { resolve } from 'node:path';
import { z } from 'zod';

/** Process configuration, read from the environment once at start-up and validated. */
export const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The dataset the service loads (schools, provisions, designations, boundaries). */
  modelsDir: z.string().min(1).default('models/kent'),
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
  return { ...parsed.data, modelsDir: resolve(parsed.data.modelsDir), dataDir: resolve(parsed.data.dataDir) };
}
