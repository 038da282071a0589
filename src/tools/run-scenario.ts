/**
 * `npm run scenario -- scenarios/<file>`: runs a scenario file on the Kent data and prints a readable
 * summary (totals, the largest shortfalls by locality, the provisions where one more place is worth
 * most, the assumptions), with progress while it solves; a path (a scenario with a horizon) prints its
 * years side by side (formatPathSummary). Options:
 *   --level district|msoa|lsoa   override the scenario's level
 *   --solver auto|jslp|highs     override the scenario's solver
 *   --top N                      rows in each table (default 15)
 *   --json <file>                also write the full result as JSON
 *   --lp <file>                  also write the fair-share stage as a QP in CPLEX LP format
 *   --schema                     write scenarios/scenario.schema.json (for editors) and stop
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { defaultCouncilDir } from '../domain/dataset.js';
import { DomainError } from '../domain/errors.js';
import { pounds, wholeNumber as n0 } from '../domain/units.js';
import type { SufficiencyResult } from '../domain/sufficiency/result.js';
import type { PathResult } from '../domain/sufficiency/path/path-result.js';
import { scenarioJsonSchema, scenarioSchema, type Scenario } from '../domain/sufficiency/scenario.js';
import { parseScenarioFile } from '../features/scenarios/scenario-catalogue.js';
import { ScenarioRunner } from '../features/runs/scenario-runner.js';
import { exitOnHelp } from './tool-help.js';

export const SCHEMA_FILE = 'scenarios/scenario.schema.json';

export function scenarioSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export const USAGE = `Usage: npm run scenario -- <scenario file> [options]

Runs a sufficiency scenario (a JSON or YAML file, e.g. scenarios/baseline-2025.yaml) on the Kent data
and prints a summary: totals, the largest shortfalls, the most valuable places, the assumptions. A
scenario with a horizon (a path, e.g. scenarios/planned-changes-2025-2028.yaml) prints its years side
by side, each locality's shortfall year by year with the year it starts, and the places opened and closed.

Options:
  --level district|msoa|lsoa   override the scenario's locality level
  --solver auto|jslp|highs     override the scenario's solver
  --top N                      rows in each table (default 15)
  --json <file>                also write the full result as JSON
  --lp <file>                  also write the model in CPLEX LP format
  --schema                     write ${SCHEMA_FILE} (for editors) and stop
  -h, --help                   print this help and stop`;

interface Options {
  file?: string;
  help: boolean;
  level?: Scenario['level'];
  solver?: Scenario['solver'];
  top: number;
  json?: string;
  lp?: string;
  schema: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { top: 15, schema: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--schema') options.schema = true;
    else if (arg === '--level') options.level = scenarioSchema.shape.level.parse(value());
    else if (arg === '--solver') options.solver = scenarioSchema.shape.solver.parse(value());
    else if (arg === '--top') options.top = Number(value());
    else if (arg === '--json') options.json = value();
    else if (arg === '--lp') options.lp = value();
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg} (npm run scenario -- --help lists the options)`);
    else options.file = arg;
  }
  return options;
}

// ---- formatting ----------------------------------------------------------------------------------

const n1 = (x: number | null) => (x === null ? '-' : x.toFixed(1));
const money = (x: number) => `£${(x / 1e6).toFixed(1)}m`;

function table(headers: string[], rows: (string | number)[][], numeric: boolean[]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function formatSummary(result: SufficiencyResult, top = 15): string {
  const t = result.totals;
  const w = t.whole;
  const out: string[] = [];
  out.push(`Scenario   ${result.scenarioId}: ${result.scenarioName}`);
  out.push(`           ${result.year}, by ${result.level}, designation set '${result.designationSet}'`);
  out.push(
    `Model      ${result.modelVersion}; built in ${n0(result.solver.buildMs)} ms, solved in ${n0(result.solver.solveMs)} ms ` +
      `(${result.solver.stages.filter((s) => s.stage !== 'build').map((s) => `${s.stage} ${n0(s.ms)} ms`).join(', ')}); journeys by ${result.solver.name} (${result.solver.reason})`,
  );
  out.push(`Inputs     sha256 ${result.inputsHash.slice(0, 16)}...`);
  out.push('');
  const eligible = w.demand - w.notCommissioned;
  out.push(
    table(
      ['Pupils needing a specialist place (whole pupils)', 'Count', 'Share'],
      [
        ['Demand', n0(w.demand), '100%'],
        ['Placed in a state provision in their own locality', n0(w.placedLocal), pct(w.placedLocal, w.demand)],
        ["Placed in another locality's state provision", n0(w.placedElsewhere), pct(w.placedElsewhere, w.demand)],
        [`Independent or non-maintained school (${money(t.independentCost)} a year)`, n0(w.placedIndependent), pct(w.placedIndependent, w.demand)],
        ['  of which outside Kent and Medway', n0(w.placedOutOfArea), ''],
        ['No suitable place (unmet)', n0(w.unmet), pct(w.unmet, w.demand)],
        ['SRP need not commissioned for their phase (e.g. post-16)', n0(w.notCommissioned), pct(w.notCommissioned, w.demand)],
        ['  of the shortfall: depends on assumed places', n0(t.shortfallOnAssumedPlaces), ''],
        ['  of the shortfall: no listed provision in reach', n0(t.shortfallWithNoProvisionInReach), ''],
        [`Outreach needed / supplied / unmet`, `${n0(w.outreachDemand)} / ${n0(w.outreachSupplied)} / ${n0(w.outreachUnmet)}`, ''],
      ],
      [false, true, true],
    ),
  );
  out.push(`Places ${n0(t.places)}, used ${n0(w.placesUsed)}; ${pct(w.placedLocal + w.placedElsewhere, eligible)} of eligible demand placed; mean journey ${n1(t.meanMinutes)} min (${n1(t.meanKm)} km straight line).`);
  out.push('');
  const short = [...result.byLocality]
    .filter((r) => r.whole.placedIndependent + r.whole.unmet > 0)
    .sort((a, b) => b.whole.placedIndependent + b.whole.unmet - (a.whole.placedIndependent + a.whole.unmet) || a.localityName.localeCompare(b.localityName))
    .slice(0, top);
  out.push(`Largest shortfalls (independent + unmet, whole pupils), top ${top}:`);
  out.push(
    short.length
      ? table(
          ['Locality', 'Category', 'Phase', 'Demand', 'Local', 'Elsewhere', 'Indep.', 'Unmet', 'Placed', 'Mean min', 'Why short'],
          short.map((r) => [r.localityName, r.category, r.phase, r.whole.demand, r.whole.placedLocal, r.whole.placedElsewhere, r.whole.placedIndependent, r.whole.unmet, r.placedShare === null ? '-' : `${Math.round(100 * r.placedShare)}%`, n1(r.meanMinutes), r.shortfallBasis]),
          [false, false, false, true, true, true, true, true, true, true, false],
        )
      : '  none',
  );
  out.push('');
  out.push(`Where one more place saves most (pounds a year; places with the same value listed together), top ${top}:`);
  out.push(result.placeValues.length ? placeValueLines(result.placeValues.slice(0, top)).join('\n') : '  none: no place in reach of a pupil without one is full');
  if (result.calibration) {
    out.push('');
    out.push(`Calibration against January ${result.calibration.year} (${result.calibration.note})`);
    out.push(
      table(
        ['Measure', 'Model', 'Observed', 'Difference', 'Within 10%'],
        result.calibration.rows.map((r) => [r.label, n0(r.model), n0(r.observed), `${r.difference >= 0 ? '+' : ''}${n0(r.difference)} (${r.relativeDifference === null ? '-' : `${(100 * r.relativeDifference).toFixed(1)}%`})`, r.within10Percent ? 'yes' : 'no: see below']),
        [false, true, true, true, false],
      ),
    );
    for (const r of result.calibration.rows.filter((x) => !x.within10Percent)) out.push(`  ${r.label}: ${r.explanation}`);
  }
  out.push('');
  out.push('Assumptions:');
  for (const a of result.assumptions) out.push(`  ${a.name} = ${a.value === null ? 'none' : a.value}  (${a.basis})`);
  for (const note of [...result.notes, ...result.warnings]) out.push(`Note: ${note}`);
  return out.join('\n');
}

const pct = (x: number, of: number) => (of > 0 ? `${((100 * x) / of).toFixed(1)}%` : '-');

/** A path (a scenario with a horizon): the years side by side, where shortfall starts, what opened and closed. */
export function formatPathSummary(result: PathResult, top = 15): string {
  const out: string[] = [];
  out.push(`Scenario   ${result.scenarioId}: ${result.scenarioName}`);
  out.push(
    `           ${result.horizon.from}-${result.horizon.to}, by ${result.level}, designation set '${result.designationSet}'` +
      (result.designationSet === 'current' ? '' : ` for admissions from ${result.horizon.admissionsFrom} (current before)`),
  );
  out.push(`Model      ${result.modelVersion}; ${result.years.length} years solved in ${n0(result.solver.solveMs)} ms (${result.solver.years.map((y) => `${y.variant === 'central' ? '' : `${y.variant} `}${y.year} ${n0(y.ms)} ms`).join(', ')})`);
  out.push(`Inputs     sha256 ${result.inputsHash.slice(0, 16)}...`);
  if (result.band) out.push(`Band       ${result.band.note}`);
  out.push('');
  out.push('Year by year (whole pupils; pupils placed keep their place until their next transition):');
  out.push(pathYearsTable(result));
  out.push('');
  const last = result.years.length - 1;
  const localities = [...result.localities].sort((a, b) => (b.byYear[last]?.shortfall ?? 0) - (a.byYear[last]?.shortfall ?? 0) || a.localityName.localeCompare(b.localityName)).slice(0, top);
  out.push(`Shortfall by locality (independent + unmet, whole pupils) and the year it starts, top ${top} by ${result.horizon.to}:`);
  out.push(
    table(
      ['Locality', 'Starts', ...result.years.map((y) => String(y.year)), 'Categories short (first year)'],
      localities.map((l) => [
        l.localityName,
        l.shortfallStartsIn === null ? '-' : l.shortfallStartsIn === result.horizon.from ? `${l.shortfallStartsIn} (already)` : l.shortfallStartsIn,
        ...l.byYear.map((y) => (y.band ? `${y.shortfall} (${y.band.shortfall.low}-${y.band.shortfall.high})` : y.shortfall)),
        l.categories.map((c) => `${c.category} ${c.shortfallStartsIn}`).join(', '),
      ]),
      [false, false, ...result.years.map(() => true), false],
    ),
  );
  out.push('');
  out.push('Places opened and closed:');
  out.push(
    result.supplyChanges.length
      ? result.supplyChanges
          .map((c) => `  ${c.year}  ${c.change.padEnd(12)} ${c.name}: ${n0(c.placesBefore)} -> ${n0(c.placesAfter)} places${c.staying >= 0.5 ? `; ${n0(c.staying)} pupils stay until their transition` : ''}${c.note && c.change !== 'closed' ? ` (${c.note})` : ''}`)
          .join('\n')
      : '  none',
  );
  out.push('');
  out.push('Assumptions:');
  for (const a of result.assumptions) out.push(`  ${a.name} = ${a.value === null ? 'none' : a.value}  (${a.basis})`);
  for (const note of [...result.notes, ...result.warnings]) out.push(`Note: ${note}`);
  return out.join('\n');
}

/** A path's years side by side, as `npm run scenario` prints them (and the README quotes them: readme-figures.ts). */
export function pathYearsTable(result: PathResult): string {
  const withBand = (v: number, band: { low: number; high: number } | undefined) => (band ? `${n0(v)} (${n0(band.low)}-${n0(band.high)})` : n0(v));
  return table(
    ['Year', 'Admissions', 'Demand', 'State places', '  kept', '  new', 'Independent', '  kept', 'Unmet', 'Shortfall', 'Indep. cost', 'Places', 'Opened', 'Closed', 'Staying in closed', 'Left at transition'],
    result.years.map((y) => [
      y.year,
      y.designationSet,
      withBand(y.whole.demand, y.band?.demand),
      n0(y.whole.placedState),
      n0(y.whole.stayed),
      n0(y.whole.placedNew),
      withBand(y.whole.placedIndependent, y.band?.placedIndependent),
      n0(y.whole.stayedIndependent),
      withBand(y.whole.unmet, y.band?.unmet),
      withBand(y.whole.shortfall, y.band?.shortfall),
      money(y.independentCost),
      n0(y.places),
      n0(y.placesOpened),
      n0(y.placesClosed),
      n0(y.whole.stayingInClosed),
      n0(y.whole.leftAtTransition),
    ]),
    [true, false, true, true, true, true, true, true, true, true, true, true, true, true, true, true],
  );
}

// ---- main ----------------------------------------------------------------------------------------

async function main() {
  exitOnHelp(USAGE);
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.schema) {
    writeFileSync(SCHEMA_FILE, scenarioSchemaText());
    console.log(`wrote ${SCHEMA_FILE}`);
    return;
  }
  if (!options.file) throw new Error(`no scenario file given\n\n${USAGE}`);
  const config = loadConfig();
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const say = (msg: string) => process.stderr.write(`[${elapsed()}] ${msg}\n`);

  const path = resolve(options.file);
  const parsed = parseScenarioFile(path, readFileSync(path, 'utf8'));
  const scenario: Scenario = { ...parsed, ...(options.level ? { level: options.level } : {}), ...(options.solver ? { solver: options.solver } : {}) };
  // The same use case as POST /runs: assembled and identified in one worker, solved in another.
  const runner = new ScenarioRunner({ modelsDir: defaultCouncilDir(config.modelsDir), solver: { threads: 1, timeoutMs: config.solveTimeoutMs, memoryMb: config.solverMemoryMb } });
  let ticker: NodeJS.Timeout | undefined;
  try {
    const years = scenario.horizon ? `${scenario.horizon.from}-${scenario.horizon.to}` : String(scenario.year);
    say(`assembling ${scenario.id} (${years}, ${scenario.level}, designations '${scenario.designationSet}') on the dataset in ${defaultCouncilDir(config.modelsDir)}`);
    const prepared = await runner.prepare(scenario);
    say(`inputs sha256 ${prepared.inputsHash.slice(0, 16)}...`);
    ticker = setInterval(() => say('still solving...'), 2000);
    const solved = await runner.solve(prepared, { progress: ({ stage, detail }) => say(`${stage}: ${detail}`) });
    clearInterval(ticker);
    if (solved.resultJson === null) throw new Error('unexpected: the result was stored, not returned');
    const result = JSON.parse(solved.resultJson) as SufficiencyResult | PathResult;
    say('done');
    console.log('kind' in result && result.kind === 'path' ? formatPathSummary(result, options.top) : formatSummary(result as SufficiencyResult, options.top));
    if (options.json) {
      writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
      say(`wrote ${options.json}`);
    }
    if (options.lp) {
      writeFileSync(options.lp, await runner.lp(prepared, [`scenario ${scenario.id}: ${scenario.name}`]));
      say(`wrote ${options.lp}`);
    }
  } finally {
    clearInterval(ticker);
    await runner.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    const e = err as Error;
    const where = err instanceof DomainError && err.issues.length ? ` (at ${err.issues.map((i) => i.path).join(', ')})` : '';
    console.error(`scenario failed: ${e.message}${where}`);
    process.exit(1);
  });
}

/** Place values with the same worth and meaning under one heading, so ties read as one finding. */
function placeValueLines(values: SufficiencyResult['placeValues']): string[] {
  const lines: string[] = [];
  let heading = '';
  for (const v of values) {
    const next = `  ${pounds(v.valuePerPlace)} a year for each: ${v.meaning}`;
    if (next !== heading) lines.push((heading = next));
    lines.push(`    ${v.description.replace(/: £[\d,]+ a year$/, '')}`);
  }
  return lines;
}
