import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { PLAN_BUILD_COLUMNS } from '../../src/domain/plan/plan-tables.js';
import { planResultSchema, type PlanResult } from '../../src/domain/plan/plan-result.js';
import { USAGE } from '../../src/tools/run-plan.js';
import { PROJECT_ROOT, tempDir } from '../helpers/app.js';

const cli = (args: string[], timeout = 60_000) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/run-plan.ts', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout });

describe('the plan CLI as a process', () => {
  it('when asked for --help through npm, then it prints the usage with every option and exits 0; an unknown option points to --help', () => {
    const help = spawnSync('npm', ['run', '--silent', 'plan', '--', '--help'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout.trim()).toBe(USAGE);
    for (const option of ['--budget', '--budget-year', '--from', '--to', '--level', '--candidates', '--time-limit', '--gap', '--greedy', '--top', '--json', '--csv', '--help']) {
      expect(USAGE).toContain(option);
    }
    const bad = cli(['--colour']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('plan failed: unknown option --colour (npm run plan -- --help lists the options)');
  });

  it('when the budget is negative or the years run backwards, then it exits 1 naming the field, without a stack trace', () => {
    const negative = cli(['scenarios/proposed-designations-2025-2028.yaml', '--budget', '-5']);
    expect(negative.status).toBe(1);
    expect(negative.stderr).toMatch(/^plan failed: invalid plan: budgets\.total: /);
    const backwards = cli(['scenarios/proposed-designations-2025-2028.yaml', '--budget', '1000000', '--from', '2028', '--to', '2026']);
    expect(backwards.status).toBe(1);
    expect(backwards.stderr).toMatch(/plan failed: invalid plan: horizon\.to: must not end before it starts/);
    expect(negative.stderr + backwards.stderr).not.toMatch(/\n\s+at /);
  });

  it('when run on a path for one year with a £3m budget and --greedy, then it prints the plan, its builds with reasons and the greedy plan beside it, and writes the JSON and CSV', () => {
    const dir = tempDir('planner-plan-cli-');
    const json = join(dir, 'plan.json');
    const csv = join(dir, 'plan.csv');
    const run = cli(
      ['scenarios/proposed-designations-2025-2028.yaml', '--from', '2026', '--to', '2026', '--budget', '£3,000,000', '--greedy', '--time-limit', '30', '--json', json, '--csv', csv, '--top', '3'],
      180_000,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/\] planning proposed-designations-2025-2028 \(district, designations 'proposed'\)/);
    expect(run.stdout).toMatch(/^Budgets {4}£3\.00m in total; 2026: no limit of its own$/m);
    expect(run.stdout).toMatch(/^Solve {6}optimal, proven gap \d\.\d{3}% /m);

    const result = planResultSchema.parse(JSON.parse(readFileSync(json, 'utf8'))) as PlanResult;
    expect(result.horizon).toEqual({ from: 2026, to: 2026 });
    expect(result.builds.length).toBeGreaterThan(0);
    expect(result.builds.reduce((s, b) => s + b.capital, 0)).toBeLessThanOrEqual(3_000_000);
    // Each build printed once under its year with its reasons beneath it.
    for (const b of result.builds) expect(run.stdout).toContain(`  ${b.year}  ${b.name}: ${b.units} unit(s)`);
    expect(run.stdout).toMatch(/^ {8}marginal: without it, the plan leaves \d+ more pupil-year\(s\) without a state place over 2026/m);

    // The greedy plan beside the exact one, and their difference, as the JSON has them.
    const lines = run.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('Greedy plan (best shortfall reduction per pound'));
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 3]).toMatch(new RegExp(`^exact\\s+${result.builds.length}\\s`));
    expect(lines[head + 4]).toMatch(new RegExp(`^greedy\\s+${result.greedy!.builds.length}\\s`));
    expect(lines[head + 5]).toMatch(/^greedy - exact\s/);

    // The CSV: the columns, one row per build, each with its reasons.
    const rows = parseCsv(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...PLAN_BUILD_COLUMNS]);
    expect(rows.map((r) => r.candidate).sort()).toEqual(result.builds.map((b) => b.candidate).sort());
    for (const r of rows) {
      expect(r.marginal_worth).toMatch(/^without it, the plan leaves/);
      expect(r.reasons!.length).toBeGreaterThan(20);
    }
  });
});
