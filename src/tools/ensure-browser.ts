/**
 * Makes sure the browser tests have a Chromium before `npm test` runs them (the step between the
 * build and vitest). The npm browser download of playwright does not work on the council's machines,
 * so the tests drive Debian's `chromium`:
 *
 * - `CHROMIUM_PATH` set: it must name an executable; nothing is installed (the user chose).
 * - `chromium` (or `chromium-browser`) on PATH: used as it is.
 * - neither, and this user may install (root, or passwordless sudo) with apt-get: installs Debian's
 *   `chromium` and carries on.
 * - otherwise: stops at once with one line giving the command to run.
 *
 *   node dist/src/tools/ensure-browser.js
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exitOnHelp } from './tool-help.js';

/** The command a user runs to install Debian's chromium (root needs no sudo, and may not have it). */
export const installCommand = (isRoot: boolean) => `${isRoot ? '' : 'sudo '}apt-get install -y chromium`;
const NAMES = ['chromium', 'chromium-browser'];

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` in the PATH of `env`, or null. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** The Chromium the browser tests will drive: CHROMIUM_PATH when set, else one on PATH; null if none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return isExecutableFile(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  for (const name of NAMES) {
    const found = onPath(name, env);
    if (found) return found;
  }
  return null;
}

/** The one line said when no Chromium can be found or installed. */
export function missingChromiumMessage(env: NodeJS.ProcessEnv = process.env, isRoot = isRootUser()): string {
  if (env.CHROMIUM_PATH) return `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file: point it at a Chromium binary, or unset it to use Debian's chromium (${installCommand(isRoot)}).`;
  return `The browser tests need Chromium, which is not installed: run \`${installCommand(isRoot)}\` (or set CHROMIUM_PATH to a Chromium binary), then \`npm test\` again.`;
}

function isRootUser(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export type BrowserPlan =
  | { kind: 'found'; path: string }
  | { kind: 'install'; aptGet: string; sudo: string | null }
  | { kind: 'stop'; message: string };

/**
 * What to do, from the facts of this machine. Installing is only tried when nobody chose a browser
 * (no CHROMIUM_PATH), apt-get exists and the user may run it without a password prompt: a prompt
 * would hang a test run.
 */
export function browserPlan(env: NodeJS.ProcessEnv, isRoot: boolean, sudoWithoutPassword: (sudo: string) => boolean): BrowserPlan {
  const found = findChromium(env);
  if (found) return { kind: 'found', path: found };
  const aptGet = onPath('apt-get', env);
  if (!env.CHROMIUM_PATH && aptGet) {
    if (isRoot) return { kind: 'install', aptGet, sudo: null };
    const sudo = onPath('sudo', env);
    if (sudo && sudoWithoutPassword(sudo)) return { kind: 'install', aptGet, sudo };
  }
  return { kind: 'stop', message: missingChromiumMessage(env, isRoot) };
}

function install(plan: Extract<BrowserPlan, { kind: 'install' }>, env: NodeJS.ProcessEnv): boolean {
  const run = (args: string[]) => {
    const [command, ...rest] = plan.sudo ? [plan.sudo, '-n', plan.aptGet, ...args] : [plan.aptGet, ...args];
    // apt's progress goes to stderr so that stdout stays the test report's.
    return spawnSync(command!, rest, { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 2, 2] }).status === 0;
  };
  return run(['update', '-qq']) && run(['install', '-y', '-qq', 'chromium']);
}

function main(): number {
  const env = process.env;
  const isRoot = isRootUser();
  const plan = browserPlan(env, isRoot, (sudo) => spawnSync(sudo, ['-n', 'true'], { env, stdio: 'ignore' }).status === 0);
  if (plan.kind === 'found') return 0;
  if (plan.kind === 'stop') {
    console.error(plan.message);
    return 1;
  }
  console.error(`Chromium is not installed; installing Debian's chromium for the browser tests (${plan.sudo ? 'sudo ' : ''}apt-get install -y chromium)...`);
  const installed = install(plan, env) ? findChromium(env) : null;
  if (!installed) {
    console.error(`Installing chromium with apt-get failed: run \`${installCommand(isRoot)}\` yourself (or set CHROMIUM_PATH), then \`npm test\` again.`);
    return 1;
  }
  console.error(`Installed ${installed}.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  exitOnHelp(`Usage: node dist/src/tools/ensure-browser.js   (npm test runs it between the build and the tests)

Makes sure the browser tests have a Chromium: CHROMIUM_PATH if set, chromium on PATH, or Debian's chromium
installed with apt-get where this user may; otherwise stops with the command to run.`);
  process.exitCode = main();
}
