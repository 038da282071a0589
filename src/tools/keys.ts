/**
 * API key management from the command line, on the same database as the server (DATA_DIR):
 *
 *   npm run keys -- create --role officer --name "A. Officer"   # the new key alone on the last line
 *   npm run keys -- list                                          # every key, revoked ones included
 *   npm run keys -- revoke <id>                                   # takes effect at once, also in a running server
 *
 * Each key made and revoked is recorded in the key log (GET /audit/keys), as the command line and
 * the account that ran it; the dashboard's API keys page records the admin's key instead.
 */
import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createApiKey, revokeApiKey } from '../features/api-keys/api-keys.js';
import { isRole, ROLES } from '../features/api-keys/roles.js';
import { loadConfig } from '../config.js';
import { SqliteApiKeyRepository, type ApiKeyRecord, type KeyActor } from '../features/api-keys/api-key-repository.js';
import { openDatabase } from '../database/database.js';

const USAGE = `usage:
  npm run keys -- create --role <${ROLES.join('|')}> --name "<holder's name>"
  npm run keys -- list
  npm run keys -- revoke <id>`;

class UsageError extends Error {}

/** Who the key log records for the command line: the account that ran it, on this machine. */
function commandLine(): KeyActor {
  let account = 'unknown account';
  try {
    account = userInfo().username;
  } catch {
    // No account name (a container without a passwd entry): the log still says the command line.
  }
  return { name: `command line (${account}@${hostname()})`, keyId: null, via: 'command-line' };
}

function table(keys: ApiKeyRecord[]): string {
  const rows = [['id', 'role', 'name', 'key', 'created', 'revoked'], ...keys.map((k) => [k.id, k.role, k.name, k.keyPrefix, k.createdAt, k.revokedAt ?? '-'])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export async function runKeysCli(argv: string[], out: (line: string) => void = console.log): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || !['create', 'list', 'revoke'].includes(command)) throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { role: { type: 'string' }, name: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const config = loadConfig();
  const db = openDatabase(config.dataDir);
  try {
    const keys = new SqliteApiKeyRepository(db);
    switch (command) {
      case 'create': {
        const { role, name } = values;
        if (!role || !isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        if (name === undefined) throw new UsageError('--name is required');
        const { key, record } = await createApiKey(keys, { name, role }, new Date(), commandLine());
        out(`Created API key ${record.id} for "${record.name}" with role ${record.role} (database ${config.dataDir}).`);
        out('Give it to its holder now: it is stored only as a SHA-256 hash and cannot be shown again.');
        out(key);
        return;
      }
      case 'list': {
        const all = await keys.list();
        out(all.length ? table(all) : `no API keys yet in ${config.dataDir}`);
        return;
      }
      case 'revoke': {
        const id = positionals[0];
        if (!id) throw new UsageError('revoke needs the key id (see `npm run keys -- list`)');
        const record = await revokeApiKey(keys, id, new Date(), commandLine());
        out(`Revoked API key ${record.id} ("${record.name}", role ${record.role}) at ${record.revokedAt}.`);
        return;
      }
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runKeysCli(process.argv.slice(2)).catch((err: Error) => {
    console.error(`keys: ${err.message}`);
    if (err instanceof UsageError) console.error(USAGE);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
