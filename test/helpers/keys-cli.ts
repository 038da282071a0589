/** The compiled keys CLI (dist/src/tools/keys.js, built by `npm test`'s build step), run as its own process. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './app.js';

const KEYS_JS = join(PROJECT_ROOT, 'dist/src/tools/keys.js');

/** Runs `keys <args>` against `dataDir` and returns its standard output; rejects with `code` and `stderr` on failure. */
export async function keysCli(dataDir: string, args: string[]): Promise<string> {
  if (!existsSync(KEYS_JS)) throw new Error(`${KEYS_JS} is missing: run \`npm run build\` (npm test does it first)`);
  const { stdout } = await promisify(execFile)(process.execPath, [KEYS_JS, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, DATA_DIR: dataDir } });
  return stdout;
}

/** The key printed alone on the last line of `keys create`. */
export function lastLine(output: string): string {
  return output.trimEnd().split('\n').at(-1)!;
}
