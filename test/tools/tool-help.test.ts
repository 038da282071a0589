/**
 * `--help` on every command-line tool in src/tools/: usage on standard output, exit 0, and nothing
 * done. Each tool runs as its own process from its TypeScript source, in an empty working folder with
 * an empty DATA_DIR, both of which must still be empty after (the backup once wrote a 14 MB copy of
 * the database to a file named `--help`; prepare-data took `--help` for its raw-data folder).
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, tempDir } from '../helpers/app.js';

/** Modules in src/tools/ that are helpers of the tools, not tools. */
const HELPERS = ['raw-data.ts', 'tool-help.ts', 'national-data.ts', 'prepare-council-data.ts'];
const TOOLS = readdirSync(join(PROJECT_ROOT, 'src/tools')).filter((f) => f.endsWith('.ts') && !HELPERS.includes(f));
const TSX = import.meta.resolve('tsx');

async function help(tool: string, flag: string) {
  const cwd = tempDir('planner-help-cwd-');
  const dataDir = tempDir('planner-help-data-');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', TSX, join(PROJECT_ROOT, 'src/tools', tool), flag], {
      cwd,
      env: { ...process.env, DATA_DIR: dataDir, CHROMIUM_PATH: '/nonexistent' },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr, left: [...readdirSync(cwd), ...readdirSync(dataDir)] };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, left: [...readdirSync(cwd), ...readdirSync(dataDir)] };
  }
}

describe('--help on every tool', () => {
  it('when the tools are listed, then there are the twelve this test knows to expect', () => {
    expect(TOOLS.sort()).toEqual([
      'backup.ts',
      'demand-report.ts',
      'ensure-browser.ts',
      'generate-openapi.ts',
      'keys.ts',
      'prepare-data.ts',
      'prepare-demand-data.ts',
      'prepare-kent-data.ts',
      'prepare-sufficiency-data.ts',
      'readme-figures.ts',
      'run-plan.ts',
      'run-scenario.ts',
    ]);
  });

  it('when each tool is run with --help (or -h), then it prints its usage, exits 0 and leaves no file behind', { timeout: 300_000 }, async () => {
    const answers = await Promise.all(TOOLS.map(async (tool) => ({ tool, ...(await help(tool, tool === 'keys.ts' ? '-h' : '--help')) })));
    for (const a of answers) {
      expect({ tool: a.tool, code: a.code, stderr: a.stderr, left: a.left }).toEqual({ tool: a.tool, code: 0, stderr: '', left: [] });
      expect(a.stdout, a.tool).toMatch(/^Usage:\s/);
    }
  });
});
