import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserPlan, findChromium, installCommand } from '../../src/tools/ensure-browser.js';
import { PROJECT_ROOT, tempDir } from '../helpers/app.js';

const SCRIPT = join(PROJECT_ROOT, 'dist/src/tools/ensure-browser.js');

/** A folder of executable shell scripts, to stand for programs on PATH; @DIR@ in a script is the folder. */
function bin(scripts: Record<string, string>): string {
  const dir = tempDir('planner-bin-');
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body.replaceAll('@DIR@', dir)}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

/** Runs the step `npm test` runs before vitest, with chromium hidden by the PATH given. */
function ensure(env: Record<string, string>) {
  const started = performance.now();
  const { CHROMIUM_PATH: _hidden, ...rest } = process.env;
  const run = spawnSync(process.execPath, [SCRIPT], { env: { ...rest, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { ...run, ms: performance.now() - started };
}

describe('ensuring the browser before the tests', () => {
  it('when chromium is on PATH, then it is used and nothing is installed', () => {
    const dir = bin({ chromium: 'exit 0', 'apt-get': 'echo called > "@DIR@/apt-called"' });
    const run = ensure({ PATH: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(existsSync(join(dir, 'apt-called'))).toBe(false);
    expect(findChromium({ PATH: dir })).toBe(join(dir, 'chromium'));
  });

  it('when chromium is missing and cannot be installed here, then it stops at once with one line giving the command to run', () => {
    const empty = tempDir('planner-path-');
    const run = ensure({ PATH: empty });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    // Root runs apt-get itself; anyone else through sudo.
    const root = process.getuid?.() === 0;
    expect(lines[0]).toContain(`run \`${root ? '' : 'sudo '}apt-get install -y chromium\``);
    expect(installCommand(root)).toBe(`${root ? '' : 'sudo '}apt-get install -y chromium`);
    expect(lines[0]).toMatch(/CHROMIUM_PATH/);
    expect(run.ms).toBeLessThan(5_000);
  });

  it('when CHROMIUM_PATH names no executable, then it stops naming the variable and installs nothing', () => {
    const dir = bin({ 'apt-get': 'echo called > "@DIR@/apt-called"' });
    const run = ensure({ PATH: dir, CHROMIUM_PATH: join(dir, 'no-such-chromium') });
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^CHROMIUM_PATH=.*no-such-chromium is not an executable file/)]);
    expect(existsSync(join(dir, 'apt-called'))).toBe(false);
  });

  it('when chromium is missing and this user may run apt-get, then it installs Debian\'s chromium and carries on', () => {
    // Stand-ins for apt-get (and sudo, for a user who is not root) record their arguments; the
    // "install" puts a chromium on PATH, as the real package does.
    const dir = bin({
      'apt-get': `echo "$@" >> "@DIR@/apt-log"\ncase "$*" in *install*) printf '#!/bin/sh\\nexit 0\\n' > "@DIR@/chromium"; /bin/chmod +x "@DIR@/chromium";; esac`,
      sudo: `[ "$1" = "-n" ] && shift\n[ "$1" = "true" ] && exit 0\nexec "$@"`,
    });
    const run = ensure({ PATH: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'apt-log'), 'utf8').trim().split('\n')).toEqual(['update -qq', 'install -y -qq chromium']);
    expect(run.stderr).toMatch(/^Chromium is not installed; installing Debian's chromium/);
    expect(run.stderr).toContain(`Installed ${join(dir, 'chromium')}.`);
    expect(run.stdout).toBe('');
  });

  it('when the user is not root, then it installs only with passwordless sudo', () => {
    const aptOnly = bin({ 'apt-get': 'exit 0' });
    expect(browserPlan({ PATH: aptOnly }, false, () => true)).toMatchObject({ kind: 'stop' });
    const withSudo = bin({ 'apt-get': 'exit 0', sudo: 'exit 0' });
    expect(browserPlan({ PATH: withSudo }, false, () => false)).toMatchObject({ kind: 'stop' });
    expect(browserPlan({ PATH: withSudo }, false, () => true)).toEqual({ kind: 'install', aptGet: join(withSudo, 'apt-get'), sudo: join(withSudo, 'sudo') });
    expect(browserPlan({ PATH: withSudo }, true, () => false)).toEqual({ kind: 'install', aptGet: join(withSudo, 'apt-get'), sudo: null });
  });

  it('when npm test runs, then this step comes between the build and the tests', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toBe('npm run build && node dist/src/tools/ensure-browser.js && vitest run');
    expect(existsSync(SCRIPT)).toBe(true);
  });
});
