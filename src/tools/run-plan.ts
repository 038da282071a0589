/**
 * `npm run plan -- scenarios/<file> --budget <pounds>`: a capital plan from the command line, the same
 * use case as POST /plans (made in the plan worker thread), printed for people: the builds by year
 * with their reasons, the plan's years beside the resulting path and the path without the plan, where
 * special-school places are chosen and why, and what the next pound of capital buys. Options in USAGE.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../config.js';
import { defaultCouncilDir } from '../domain/dataset.js';
import { DomainError } from '../domain/errors.js';
import { wholeNumber as n0 } from '../domain/units.js';
import { candidateOverridesSchema, planRequestSchema, type PlanRequestInput } from '../domain/plan/plan-request.js';
import type { PlanResult } from '../domain/plan/plan-result.js';
import { PLAN_BUILD_COLUMNS, planBuildRows } from '../domain/plan/plan-tables.js';
import { scenarioSchema, type Scenario } from '../domain/sufficiency/scenario.js';
import { parseScenarioFile } from '../features/scenarios/scenario-catalogue.js';
import { planPool, runPlan } from '../features/plans/plans-service.js';
import { toCsv } from '../http/formats.js';
import { exitOnHelp } from './tool-help.js';

export const USAGE = `Usage: npm run plan -- <scenario file> --budget <pounds> [options]

Makes a capital plan for a scenario (a JSON or YAML file, e.g. scenarios/proposed-designations-2025-2028.yaml):
which candidate builds (models/kent/plan-candidates.json) to open, where and when, within the budgets, so that
the fewest children are without a suitable state place, then the fewest pounds are spent on independent places
and running costs, then journeys are shortest. Prints the builds by year with their reasons, the plan's years
beside the resulting path (the path model with the builds) and the path without them, and the value of capital.

Options:
  --budget <pounds>             capital over the whole horizon
  --budget-year <year>=<pounds> capital for builds opening that year (repeat for several years)
  --from <year> --to <year>     planning years (default: the scenario's horizon, or its single year)
  --level district|msoa|lsoa    override the scenario's locality level
  --candidates <file>           candidate overrides for this plan (JSON or YAML: costs, add, remove)
  --time-limit <seconds>        the exact solve's time limit (default 60)
  --gap <fraction>              stop once proven within this relative gap (default 0.005)
  --greedy                      also build the greedy plan and print the difference
  --top N                       rows in each table (default 15)
  --json <file>                 also write the full result as JSON
  --csv <file>                  also write the builds with their reasons as CSV
  -h, --help                    print this help and stop`;

interface Options {
  file?: string;
  help: boolean;
  level?: Scenario['level'];
  top: number;
  json?: string;
  csv?: string;
  request: PlanRequestInput & { budgets: { total?: number; perYear?: Record<string, number> } };
}

function parseArgs(argv: string[]): Options {
  const options: Options = { top: 15, help: false, request: { budgets: {} } };
  const horizon: { from?: number; to?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const number = (v: string) => {
      const x = Number(v.replace(/[£,_]/g, ''));
      if (!Number.isFinite(x)) throw new Error(`${arg}: ${v} is not a number`);
      return x;
    };
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--budget') options.request.budgets.total = number(value());
    else if (arg === '--budget-year') {
      const [year, pounds] = value().split('=');
      if (!year || pounds === undefined) throw new Error('--budget-year takes <year>=<pounds>, e.g. 2027=10000000');
      (options.request.budgets.perYear ??= {})[year] = number(pounds);
    } else if (arg === '--from') horizon.from = number(value());
    else if (arg === '--to') horizon.to = number(value());
    else if (arg === '--level') options.level = scenarioSchema.shape.level.parse(value());
    else if (arg === '--candidates') {
      const file = resolve(value());
      const text = readFileSync(file, 'utf8');
      options.request.candidates = candidateOverridesSchema.parse(extname(file) === '.json' ? JSON.parse(text) : parseYaml(text));
    } else if (arg === '--time-limit') options.request.timeLimitSeconds = number(value());
    else if (arg === '--gap') options.request.gapTarget = number(value());
    else if (arg === '--greedy') options.request.greedy = true;
    else if (arg === '--top') options.top = number(value());
    else if (arg === '--json') options.json = value();
    else if (arg === '--csv') options.csv = value();
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg} (npm run plan -- --help lists the options)`);
    else options.file = arg;
  }
  if (horizon.from !== undefined || horizon.to !== undefined) {
    if (horizon.from === undefined || horizon.to === undefined) throw new Error('give both --from and --to');
    options.request.horizon = { from: horizon.from, to: horizon.to };
  }
  return options;
}

// ---- formatting ----------------------------------------------------------------------------------

const n1 = (x: number) => x.toFixed(1);
const money = (x: number) => `£${(x / 1e6).toFixed(2)}m`;
/** A difference in pounds, with its sign: "+£1.20m", "-£2.04m", "£0.00m". */
const moneyDifference = (x: number) => (Math.abs(x) < 5_000 ? money(0) : `${x < 0 ? '-' : '+'}${money(Math.abs(x))}`);
const pupilYearsDifference = (x: number) => (Math.abs(x) < 0.05 ? '0.0' : `${x < 0 ? '-' : '+'}${n1(Math.abs(x))}`);

function table(headers: string[], rows: (string | number)[][], numeric: boolean[]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function formatPlanSummary(result: PlanResult, top = 15): string {
  const out: string[] = [];
  out.push(`Scenario   ${result.scenarioId}: ${result.scenarioName}`);
  out.push(`           ${result.horizon.from}-${result.horizon.to}, by ${result.level}, designation set '${result.designationSet}'`);
  out.push(`Budgets    ${result.budgets.total !== null ? `${money(result.budgets.total)} in total` : 'no total'}; ${result.budgets.perYear.map((b) => `${b.year}: ${b.pounds === null ? 'no limit of its own' : money(b.pounds)}`).join(', ')}`);
  out.push(
    `Solve      ${result.status}${result.gap === null ? '' : `, proven gap ${(result.gap * 100).toFixed(3)}% (at most ${n1(result.gapPupilYears ?? 0)} pupil-years from the best plan)`}; ` +
      `exact solve ${n0(result.solveMs)} ms, everything ${n0(result.totalMs)} ms; model ${n0(result.model.rows)} rows, ${n0(result.model.variables)} variables, ${n0(result.model.integerVariables)} build decisions (${result.model.candidates} candidates)`,
  );
  out.push('');
  out.push('Year by year: the plan (its own placements, pupil-years), the resulting path and the path without the plan (whole pupils):');
  out.push(
    table(
      ['Year', 'Builds', 'Places', 'Capital', 'Plan: without a state place', 'indep.', 'none', 'Path: shortfall', 'Without plan', 'Saved', 'Indep. cost (path)'],
      result.byYear.map((y) => [
        y.year,
        y.builds,
        n0(y.places),
        money(y.plan.capital),
        n1(y.plan.withoutStatePlace),
        n1(y.plan.independent),
        n1(y.plan.noPlace),
        y.path ? n0(y.path.shortfall) : '-',
        y.withoutPlan ? n0(y.withoutPlan.shortfall) : '-',
        y.path && y.withoutPlan ? n0(y.withoutPlan.shortfall - y.path.shortfall) : '-',
        y.path ? money(y.path.independentCost) : '-',
      ]),
      [true, true, true, true, true, true, true, true, true, true, true],
    ),
  );
  out.push('');
  out.push(`Builds (${result.builds.length}), by year, with their reasons:`);
  if (!result.builds.length) out.push('  none');
  for (const b of [...result.builds].sort((a, c) => a.year - c.year || a.localityName.localeCompare(c.localityName))) {
    out.push(`  ${b.year}  ${b.name}: ${b.units} unit(s), ${n0(b.places)} places, capital ${money(b.capital)}, running ${money(b.runningPerYear)} a year${b.sites.length ? ` (at ${b.sites.map((s) => s.name).join('; ')})` : ''}`);
    for (const r of b.reasons) out.push(`        ${r.kind}: ${r.text}`);
  }
  out.push('');
  const special = result.specialPlaces.filter((s) => s.years.some((y) => y.inNewPlaces > 0.5));
  out.push(`Where the plan builds special-school places, and why (${special.length} locality, designation and phase; all ${result.specialPlaces.length} in the JSON):`);
  out.push(
    special.length
      ? special
          .slice(0, top)
          .map((s) => `  ${s.localityName} ${s.category} ${s.phase}: ${s.years.map((y) => `${y.year} ${n0(y.pupils)} (${n0(y.inNewPlaces)} new)`).join(', ')}; ${s.kind}: ${s.text}`)
          .join('\n')
      : '  none',
  );
  out.push('');
  const v = result.capitalValue;
  out.push(
    v
      ? `Value of capital: ${v.method}: ${n1(v.fewerWithoutStatePlace)} fewer pupil-years without a state place and £${v.independentSpendingAvoidedPerPound.toFixed(2)} of independent spending avoided over the plan's years per pound (£${v.independentSpendingAvoidedPerPoundPerYear.toFixed(2)} a year).`
      : 'Value of capital: no candidate left that could take pupils without a state place.',
  );
  if (result.greedy) {
    const g = result.greedy;
    const d = g.difference;
    out.push('');
    out.push(`Greedy plan (best shortfall reduction per pound, repeated; ${n0(g.solveMs)} ms), on the same instance:`);
    out.push(
      table(
        ['Plan', 'Builds', 'Places', 'Capital', 'Without a state place', 'No place at all', 'Independent spending', 'Running costs of new places'],
        [
          ['exact', result.builds.length, n0(result.builds.reduce((s, b) => s + b.places, 0)), money(result.totals.capital), n1(result.totals.withoutStatePlace), n1(result.totals.noPlace), money(result.totals.independentCost), money(result.totals.newPlacesRunningCost)],
          ['greedy', g.builds.length, n0(g.builds.reduce((s, b) => s + b.places, 0)), money(g.totals.capital), n1(g.totals.withoutStatePlace), n1(g.totals.noPlace), money(g.totals.independentCost), money(g.totals.newPlacesRunningCost)],
          ['greedy - exact', g.builds.length - result.builds.length, '', moneyDifference(d.capital), pupilYearsDifference(d.withoutStatePlace), pupilYearsDifference(g.totals.noPlace - result.totals.noPlace), moneyDifference(d.independentCost), moneyDifference(d.newPlacesRunningCost)],
        ],
        [false, true, true, true, true, true, true, true],
      ),
    );
    out.push(
      `Pupil-years and pounds over ${result.horizon.from === result.horizon.to ? result.horizon.from : `${result.horizon.from}-${result.horizon.to}`}. The greedy objective is ${d.objectivePercent.toFixed(3)}% ${d.objectivePercent >= 0 ? 'worse' : 'better'} than the exact plan's` +
        (result.gap !== null ? ` (the exact plan is proven within ${(result.gap * 100).toFixed(3)}% of the best).` : '.'),
    );
  }
  out.push('');
  for (const note of [...result.notes, ...result.warnings]) out.push(`Note: ${note}`);
  return out.join('\n');
}

// ---- main ----------------------------------------------------------------------------------------

async function main() {
  exitOnHelp(USAGE);
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (!options.file) throw new Error(`no scenario file given\n\n${USAGE}`);
  const config = loadConfig();
  const started = performance.now();
  const say = (msg: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${msg}\n`);
  const path = resolve(options.file);
  const parsed = parseScenarioFile(path, readFileSync(path, 'utf8'));
  const scenario: Scenario = { ...parsed, ...(options.level ? { level: options.level } : {}) };
  const checked = planRequestSchema.safeParse(options.request);
  if (!checked.success) throw new Error(`invalid plan: ${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const request = checked.data;
  // The same use case as POST /plans, in the same worker thread.
  const pool = planPool({ modelsDir: defaultCouncilDir(config.modelsDir), memoryMb: config.solverMemoryMb });
  const ticker = setInterval(() => say('still planning...'), 5000);
  try {
    say(`planning ${scenario.id} (${scenario.level}, designations '${scenario.designationSet}') on the dataset in ${defaultCouncilDir(config.modelsDir)}; exact solve up to ${request.timeLimitSeconds} s`);
    const answer = await runPlan(pool, { scenario, request });
    if (answer.resultJson === null) throw new Error('unexpected: the result was stored, not returned');
    const result = JSON.parse(answer.resultJson) as PlanResult;
    say('done');
    console.log(formatPlanSummary(result, options.top));
    if (options.json) {
      writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
      say(`wrote ${options.json}`);
    }
    if (options.csv) {
      writeFileSync(options.csv, toCsv(planBuildRows(result), [...PLAN_BUILD_COLUMNS]));
      say(`wrote ${options.csv}`);
    }
  } finally {
    clearInterval(ticker);
    await pool.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    const e = err as Error;
    const where = err instanceof DomainError && err.issues.length ? ` (at ${err.issues.map((i) => i.path).join(', ')})` : '';
    console.error(`plan failed: ${e.message}${where}`);
    process.exit(1);
  });
}
