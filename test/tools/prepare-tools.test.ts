import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, tempDir } from '../helpers/app.js';

/** Runs a data tool as `npm run <tool>` does (tsx), from the project folder. */
function tool(file: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', `src/tools/${file}`, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
}

/** One message, no stack trace. */
function expectOneMessage(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('the data tools, when their input folder is missing', () => {
  it('when prepare-data is given no raw-data folder, then it names the folder, where it comes from and how to pass it, and writes nothing', () => {
    const missing = join(tempDir('planner-raw-'), 'shared/data/raw');
    const out = join(tempDir('planner-out-'), 'kent');
    const run = tool('prepare-kent-data.ts', [missing, out]);
    expect(run.status).toBe(1);
    const message = expectOneMessage(run.stderr);
    expect(message).toContain(`npm run prepare-data needs the public raw-data folder ${missing}, which does not exist.`);
    expect(message).toContain('models/kent/PROVENANCE.md');
    expect(message).toContain('npm run prepare-data -- <raw folder> [output folder]');
    expect(existsSync(out)).toBe(false);
  });

  it('when prepare-demand-data finds the folder without some of its files, then it lists exactly the missing ones', () => {
    const raw = tempDir('planner-raw-');
    const present = 'dfe-ehcp-sen2/kent_medway_england_extract_2025/caseload_kent_medway_england.csv';
    mkdirSync(join(raw, 'dfe-ehcp-sen2/kent_medway_england_extract_2025'), { recursive: true });
    writeFileSync(join(raw, present), 'time_period\n');
    const run = tool('prepare-demand-data.ts', [raw, tempDir('planner-out-')]);
    expect(run.status).toBe(1);
    const message = expectOneMessage(run.stderr);
    expect(message).toMatch(new RegExp(`^npm run prepare-demand-data needs 3 files missing from the public raw-data folder ${raw}: `));
    expect(message).toContain('sen_needs_all_plans_kent_medway_england.csv');
    expect(message).toContain('sen2_age_caseload_kent_medway_england.csv');
    expect(message).toContain('2022_SNPP_persons_migcat23_ages0-25_kent_districts_medway_extract.csv');
    expect(message).not.toContain(present);
    expect(message).toContain('npm run prepare-demand-data -- <raw folder>');
  });
});
