import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfKent, PROJECT_ROOT, tempDir } from '../helpers/app.js';

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

  it('when calibrate-pathways is pointed at a dataset folder that is missing or lacks a file, then it says which and where the file comes from', () => {
    const missing = join(tempDir('planner-models-'), 'kent');
    const none = tool('calibrate-pathways.ts', [missing]);
    expect(none.status).toBe(1);
    expect(expectOneMessage(none.stderr)).toMatch(new RegExp(`^npm run calibrate-pathways needs the dataset folder ${missing}, which does not exist\\. .*models/kent/`));

    const kent = copyOfKent();
    rmSync(join(kent, 'ehcp-series.csv'));
    const partial = tool('calibrate-pathways.ts', [kent]);
    expect(partial.status).toBe(1);
    const message = expectOneMessage(partial.stderr);
    expect(message).toContain(`needs 1 file missing from the dataset folder ${kent}: ehcp-series.csv.`);
    expect(message).toContain('npm run prepare-demand-data');
  });

  it('when calibrate-pathways meets a malformed dataset file, then it names the file and row instead of a stack trace', () => {
    const kent = copyOfKent();
    writeFileSync(join(kent, 'ehcp-series.csv'), 'nonsense\n1\n');
    const run = tool('calibrate-pathways.ts', [kent]);
    expect(run.status).toBe(1);
    expect(expectOneMessage(run.stderr)).toMatch(new RegExp(`^npm run calibrate-pathways cannot read the dataset in ${kent}: ehcp-series\\.csv`));
  });
});
