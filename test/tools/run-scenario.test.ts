import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { solveSufficiency } from '../../src/domain/sufficiency/solve-sufficiency.js';
import { formatPathSummary, formatSummary, SCHEMA_FILE, scenarioSchemaText, USAGE } from '../../src/tools/run-scenario.js';
import { solvePath } from '../../src/domain/sufficiency/path/solve-path.js';
import { fixtureMeta, threeTownInputs } from '../domain/sufficiency/fixtures.js';
import { pathMeta, twoTownPath } from '../domain/sufficiency/path/path-fixtures.js';
import { PROJECT_ROOT } from '../helpers/app.js';

describe('the scenario CLI', () => {
  it('when the scenario schema is regenerated, then it equals the committed scenarios/scenario.schema.json (run `npm run scenario -- --schema`)', () => {
    expect(scenarioSchemaText()).toBe(readFileSync(join(PROJECT_ROOT, SCHEMA_FILE), 'utf8'));
  });

  it('when a result is summarised, then whole-pupil totals, the largest shortfalls first and the most valuable places are printed', async () => {
    const result = await solveSufficiency({ inputs: threeTownInputs(), meta: fixtureMeta({ assumptions: [{ name: 'x', value: 1, basis: 'test' }] }), solver: 'jslp' });
    const text = formatSummary(result, 3);
    expect(text).toContain('Scenario   three-towns: Three towns');
    expect(text).toMatch(/Demand\s+23\s+100%/);
    expect(text).toMatch(/Independent or non-maintained school \(£0\.3m a year\)\s+7/);
    expect(text).toMatch(/No suitable place \(unmet\)\s+1/);
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('Largest shortfalls'));
    // A's 6 CLN primary pupils are 3 short, then B's 5 (2 short), then C's 4 (2 short; C before SRP rows by name).
    expect(lines[header + 3]).toMatch(/^Town A\s+CLN\s+primary\s+6\s+3\s+0\s+3\s+0\s+53%/);
    expect(lines[header + 4]).toMatch(/^Town B\s+CLN\s+primary/);
    // Places of the same worth under one heading: the value, what it means, then each place.
    const values = lines.findIndex((l) => l.startsWith('Where one more place saves most'));
    expect(lines[values + 1]).toMatch(/^ {2}£25,007 a year for each: avoids an independent placement/);
    expect(lines[values + 2]).toMatch(/^ {4}one more special-school place at School One .*8 now, all used\)$/);
    expect(lines[values + 3]).toMatch(/^ {2}£8,252 a year for each: /);
    expect(text).toContain('x = 1  (test)');
  });

  it('when a path is summarised, then its years are side by side with what was kept, and the places opened and closed are listed', async () => {
    const one = [1, 1, 1, 1, 1, 1, 1];
    const path = twoTownPath({ years: [2025, 2026], primary: [one, one], placesP: [7, 7], qFrom: 2026 });
    path.years[1]!.provisions = path.years[1]!.provisions.filter((p) => p.id !== 'P');
    const text = formatPathSummary(await solvePath({ inputs: path, meta: pathMeta(), solver: 'jslp' }), 5);
    expect(text).toContain('Year by year (whole pupils; pupils placed keep their place until their next transition):');
    const lines = text.split('\n');
    // 2026: 7 pupils, 6 kept at P (closed to admissions), 1 new at Q; 7 places opened (Q), 7 closed (P), 6 staying in closed places, 1 left.
    expect(lines.find((l) => l.startsWith('2026'))).toMatch(/^2026\s+current\s+7\s+7\s+6\s+1\s+0\s+0\s+0\s+0\s+£0\.0m\s+17\s+7\s+7\s+6\s+1$/);
    expect(text).toMatch(/2026 {2}closed +School P \(CLN primary, in B\): 7 -> 0 places; 6 pupils stay until their transition/);
    expect(text).toMatch(/2026 {2}opened +School Q \(CLN primary, in A\): 0 -> 7 places/);
  });
});

describe('the scenario CLI as a process', () => {
  it('when run on a scenario file, then it reports progress, prints the summary and writes the result', async () => {
    const { spawnSync } = await import('node:child_process');
    const { tempDir } = await import('../helpers/app.js');
    const out = join(tempDir('planner-cli-'), 'result.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/run-scenario.ts', 'scenarios/sheppey-semh-free-school-2026.yaml', '--json', out, '--top', '5'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/\] solving: fair share, journeys, independent places, outreach/);
    expect(run.stdout).toContain('Scenario   sheppey-semh-free-school-2026: Sheppey SEMH free school opens');
    expect(run.stdout).toMatch(/Largest shortfalls \(independent \+ unmet, whole pupils\), top 5:/);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.provisions.find((p: { id: string }) => p.id === 'special-150769')).toMatchObject({ capacity: 120 });
  });

  it('when the scenario file is invalid, then it exits 1 naming the field', async () => {
    const { spawnSync } = await import('node:child_process');
    const { tempDir } = await import('../helpers/app.js');
    const { writeFileSync } = await import('node:fs');
    const file = join(tempDir('planner-cli-'), 'bad.yaml');
    writeFileSync(file, 'id: bad\nname: Bad\nyear: 1999\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/run-scenario.ts', file], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/scenario failed: invalid scenario: year: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('when asked for --help through npm, then it prints the usage with every option and exits 0; an unknown option points to --help', async () => {
    const { spawnSync } = await import('node:child_process');
    const help = spawnSync('npm', ['run', '--silent', 'scenario', '--', '--help'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout.trim()).toBe(USAGE);
    for (const option of ['--level', '--solver', '--top', '--json', '--lp', '--schema', '--help']) expect(USAGE).toContain(option);
    expect(help.stderr).not.toMatch(/unknown option/);

    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/run-scenario.ts', '--colour'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('scenario failed: unknown option --colour (npm run scenario -- --help lists the options)');
  });
});
