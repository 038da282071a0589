/**
 * The README's figures from runs, generated from the code rather than typed, so they cannot go stale
 * unnoticed (`npm run readme-figures`). Each sits in README.md between `<!-- figures:<name> -->` and
 * `<!-- /figures:<name> -->`; this tool runs what each quotes (the shipped scenarios, solved in this
 * thread with the service's own domain code on models/kent, and Kent's £10m district capital plan)
 * and writes the text between the markers. With `--check` it writes nothing and exits 1 naming every
 * block that differs: `test/readme-figures.test.ts` does the same for the runs' blocks on every
 * `npm test`, and test/domain/plan/kent-plan.test.ts for the plan's, on the plan it already makes.
 *
 * After a change that moves a model's figures (a new sufficiency model, new plan economics), run
 * `npm run readme-figures` once and read the diff: the prose around each block is the author's, the
 * figures inside it the code's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDataset } from '../domain/dataset.js';
import { loadHighsSolver } from '../domain/lp/solvers/highs-solver.js';
import { planCapital } from '../domain/plan/capital-plan.js';
import { planRequestSchema } from '../domain/plan/plan-request.js';
import type { PlanResult } from '../domain/plan/plan-result.js';
import type { Registry } from '../domain/registry/registry.js';
import { assembleInputs } from '../domain/sufficiency/assemble-inputs.js';
import { demandModelSource } from '../domain/sufficiency/demand-model-source.js';
import { assemblePath } from '../domain/sufficiency/path/assemble-path.js';
import type { PathResult } from '../domain/sufficiency/path/path-result.js';
import { solvePath } from '../domain/sufficiency/path/solve-path.js';
import type { SufficiencyResult } from '../domain/sufficiency/result.js';
import { solveSufficiency } from '../domain/sufficiency/solve-sufficiency.js';
import { pounds, wholeNumber as n } from '../domain/units.js';
import { scenarioSchema } from '../domain/sufficiency/scenario.js';
import { parseScenarioFile } from '../features/scenarios/scenario-catalogue.js';
import { pathYearsTable } from './run-scenario.js';
import { exitOnHelp } from './tool-help.js';

export const README_FILE = 'README.md';

const USAGE = `Usage: npm run readme-figures [-- --check]

Runs what the README's generated figures quote (the shipped scenarios, Kent's £10m district plan) and
writes each block between <!-- figures:<name> --> and <!-- /figures:<name> --> in ${README_FILE}.
--check: write nothing; exit 1 naming each block that differs from what the code gives now.`;

// ---- the blocks --------------------------------------------------------------------------------

/** What the blocks are made from: runs of the shipped scenarios, each made once. */
export class FigureRuns {
  private readonly registry: Registry;
  private readonly demand;
  private readonly runs = new Map<string, Promise<SufficiencyResult | PathResult>>();

  constructor(
    private readonly root: string,
    registry?: Registry,
  ) {
    this.registry = registry ?? loadDataset(join(root, 'models/kent'));
    this.demand = demandModelSource(this.registry);
  }

  /** A shipped scenario (scenarios/<id>.yaml) run as POST /runs runs it: assembled, then solved. */
  run(id: string): Promise<SufficiencyResult | PathResult> {
    let run = this.runs.get(id);
    if (!run) this.runs.set(id, (run = this.solve(id)));
    return run;
  }

  private async solve(id: string): Promise<SufficiencyResult | PathResult> {
    const file = join(this.root, 'scenarios', `${id}.yaml`);
    const scenario = parseScenarioFile(file, readFileSync(file, 'utf8'));
    const deps = { demand: this.demand, baseDemand: this.demand };
    if (scenario.horizon) {
      const { inputs, meta } = assemblePath(scenario, this.registry, deps);
      return solvePath({ inputs, meta, solver: scenario.solver });
    }
    const { inputs, meta } = assembleInputs(scenario, this.registry, deps);
    return solveSufficiency({ inputs, meta, solver: scenario.solver });
  }

  single = async (id: string) => (await this.run(id)) as SufficiencyResult;
  path = async (id: string) => (await this.run(id)) as PathResult;

  /** The candidates file's rows (id and kind). */
  candidateRows(): readonly { id: string; kind: string }[] {
    return this.registry.planCandidates.candidates;
  }

  /** Kent's district plan for 2026-2028 with £10m in total, as test/domain/plan/kent-plan.test.ts makes it. */
  async plan(): Promise<PlanResult> {
    return planCapital(KENT_PLAN, this.registry, { demand: this.demand, baseDemand: this.demand }, await loadHighsSolver());
  }
}

/**
 * The plan the README describes: Kent's proposed designations at district level over 2026-2028, £10m
 * of capital in total, about half what the useful satellites and bases would cost, so the budget binds.
 */
export const KENT_PLAN = {
  scenario: scenarioSchema.parse({ id: 'kent-plan', name: 'Kent plan', level: 'district', designationSet: 'proposed', horizon: { from: 2026, to: 2028, admissionsFrom: 2027 } }),
  request: planRequestSchema.parse({ budgets: { total: 10_000_000 }, gapTarget: 0.005, timeLimitSeconds: 60, greedy: true }),
};

/** Pounds as people say a budget: £10m for whole millions, otherwise to the pound. */
const budget = (x: number) => (x % 1_000_000 === 0 ? `£${x / 1_000_000}m` : pounds(x));
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : '-'}${n(Math.abs(x))}`;

/** The two designation sets' single-year runs of 2026, in one sentence. */
async function designationRuns(runs: FigureRuns): Promise<string> {
  const current = (await runs.single('current-designations-2026')).totals.whole;
  const proposed = (await runs.single('proposed-designations-2026')).totals.whole;
  return (
    `In the sufficiency runs (district, 2026): current designations, ${n(current.demand)} pupils needing a special or SRP place, ` +
    `${n(current.placedIndependent)} placed independently, ${n(current.unmet)} unmet; proposed, ${n(proposed.demand)}, ${n(proposed.placedIndependent)} and ${n(proposed.unmet)}.`
  );
}

/** baseline-2025's calibration table. */
async function calibration2025(runs: FigureRuns): Promise<string> {
  const calibration = (await runs.single('baseline-2025')).calibration;
  if (!calibration) throw new Error('baseline-2025 has no calibration table');
  return [
    '| Measure | Model | Observed | Difference | Why they differ |',
    '|---|---|---|---|---|',
    ...calibration.rows.map(
      (r) => `| ${r.label} | ${n(r.model)} | ${n(r.observed)} | ${signed(r.difference)} (${r.relativeDifference === null ? '-' : pct(r.relativeDifference)}) | ${r.explanation || 'within 10%'} |`,
    ),
  ].join('\n');
}

/** The planned-changes path's years, as `npm run scenario` prints them. */
async function pathTable(runs: FigureRuns): Promise<string> {
  return ['```', pathYearsTable(await runs.path('planned-changes-2025-2028')), '```'].join('\n');
}

const listed = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** The paragraph that reads the path's table, row by row. */
async function pathReading(runs: FigureRuns): Promise<string> {
  const path = await runs.path('planned-changes-2025-2028');
  const without = await runs.path('proposed-designations-2025-2028');
  const [first, second] = path.years;
  const last = path.years.at(-1)!;
  const year = (y: number) => path.years.find((x) => x.year === y)!;
  const w = second!.whole;
  const changes = path.supplyChanges.filter((c) => c.year === second!.year);
  const closed = changes.filter((c) => c.change === 'closed');
  const opened = changes.filter((c) => c.change === 'opened' || c.change === 'more-places');
  const admissionsFrom = path.horizon.admissionsFrom;
  const proposedYears = path.years.filter((y) => y.year >= admissionsFrom);
  const lastWithout = without.years.find((y) => y.year === last.year)!;
  return [
    `Read a row left to right: in January ${second!.year}, ${n(w.demand)} pupils need a specialist place; ${n(w.placedState)} are in state`,
    `places, of whom ${n(w.stayed)} **kept** the place they had in ${first!.year} and ${n(w.placedNew)} were placed **new** (Reception`,
    `and Year 7 entrants, those who moved up to Year 12, new plans); ${n(w.placedIndependent)} are in independent or`,
    `non-maintained schools, ${n(w.stayedIndependent)} of them placed in ${first!.year} and kept; ${w.unmet ? `${n(w.unmet)} are` : 'none is'} without a place. ${n(w.leftAtTransition)} pupils`,
    `left a placement at a transition since ${first!.year}. That year ${plural(closed.length, 'provision', 'provisions')} **closed** to admissions`,
    `(${n(closed.reduce((s, c) => s + c.placesBefore - c.placesAfter, 0))} places) with ${n(w.stayingInClosed)} pupils **staying** in them, and ${listed(opened.map((c) => c.name))} **opened** ${n(opened.reduce((s, c) => s + c.placesAfter - c.placesBefore, 0))}`,
    `places. From ${admissionsFrom} admissions follow the proposed designations: pupils who no longer meet a special`,
    `designation need SRP places (${proposedYears.map((y, i) => `${n(y.whole.unmet)}${i === 0 ? ' without a place' : ''} in ${y.year}`).join(', ')}). The`,
    `shortfall grows from ${n(first!.whole.shortfall)} to ${n(last.whole.shortfall)} while demand grows by ${n(last.whole.demand - first!.whole.demand)} and state places by ${n(last.places - first!.places)}, and`,
    `independent placements, once made, are kept until a transition. The same path without the planned`,
    `changes (\`proposed-designations-2025-2028\`) ends ${last.year} at ${n(lastWithout.whole.shortfall)}: the planned changes`,
    `save ${n(lastWithout.whole.shortfall - last.whole.shortfall)} placements that year (${n(year(second!.year).whole.shortfall)} short in ${second!.year} against ${n(without.years.find((y) => y.year === second!.year)!.whole.shortfall)} without them).`,
  ].join('\n');
}

const KIND_WORDS: Record<string, [string, string]> = {
  'specialist-base': ['base', 'bases'],
  'special-school-expansion': ['special-school expansion', 'special-school expansions'],
  satellite: ['satellite', 'satellites'],
  redesignation: ['redesignation', 'redesignations'],
  facility: ['facility', 'facilities'],
};

/** The resulting path of Kent's £10m plan, in one sentence. */
export function planResultingPath(plan: PlanResult): string {
  const kinds = [...new Set(plan.builds.map((b) => b.kind))].map((k) => {
    const count = plan.builds.filter((b) => b.kind === k).length;
    return `${count} ${KIND_WORDS[k]![count === 1 ? 0 : 1]}`;
  });
  const openings = [...new Set(plan.builds.map((b) => b.year))].sort();
  const places = plan.builds.reduce((s, b) => s + b.places, 0);
  const change = (y: PlanResult['byYear'][number]) => `from ${n(y.withoutPlan!.shortfall)} to ${n(y.path!.shortfall)} in ${y.year}`;
  const first = plan.byYear[0]!;
  const last = plan.byYear.at(-1)!;
  return (
    `On Kent's district plan for ${plan.horizon.from}-${plan.horizon.to} with ${budget(plan.budgets.total!)} in total (${listed(kinds)}, ${n(places)} places, ` +
    `${openings.length === 1 ? `all opening in ${openings[0]}` : `opening in ${listed(openings.map(String))}`}), the path's shortfall falls ${change(first)} and ${change(last)}.`
  );
}

/** One build's marginal reason, as an example. */
export function planMarginalExample(plan: PlanResult): string {
  const reason = plan.builds[0]?.reasons.find((r) => r.kind === 'marginal');
  return reason ? `e.g. "${reason.text}"` : 'e.g. (the plan builds nothing)';
}

/** The value of the next pound of capital beyond the plan's budget; `rows`: the candidates file's, for the build's kind. */
export function planCapitalValue(plan: PlanResult, rows: readonly { id: string; kind: string }[]): string {
  const v = plan.capitalValue;
  if (!v) return `On the ${budget(plan.budgets.total!)} district plan no further build is worth its capital.`;
  // A candidate placed at a school is named after its row in the candidates file: the longest row id it starts with.
  const row = [...rows].sort((a, b) => b.id.length - a.id.length).find((r) => v.candidate === r.id || v.candidate.startsWith(`${r.id}`));
  const kind = row ? KIND_WORDS[row.kind]?.[0] : undefined;
  const years = plan.horizon.to - plan.horizon.from + 1;
  return (
    `On the ${budget(plan.budgets.total!)} district plan the next ${pounds(v.step)} (a ${n(v.extraPlaces)}-place ${kind ?? 'build'}) avoids ` +
    `${pounds(v.independentSpendingAvoidedPerPound * v.step)} of independent spending over ${plan.horizon.from}-${plan.horizon.to}: ` +
    `£${v.independentSpendingAvoidedPerPound.toFixed(2)} per pound, £${(v.independentSpendingAvoidedPerPound / years).toFixed(2)} a year.`
  );
}

export interface FigureBlock {
  name: string;
  make(runs: FigureRuns): Promise<string>;
}

/** The blocks that quote sufficiency runs (test/readme-figures.test.ts checks these on every npm test). */
export const RUN_BLOCKS: FigureBlock[] = [
  { name: 'designation-runs-2026', make: designationRuns },
  { name: 'calibration-2025', make: calibration2025 },
  { name: 'path-2025-2028-table', make: pathTable },
  { name: 'path-2025-2028-reading', make: pathReading },
];

/** The blocks that quote Kent's £10m district plan (kent-plan.test.ts checks these on the plan it makes). */
export const PLAN_BLOCKS: { name: string; make: (plan: PlanResult, rows: readonly { id: string; kind: string }[]) => string }[] = [
  { name: 'plan-resulting-path', make: planResultingPath },
  { name: 'plan-marginal-example', make: planMarginalExample },
  { name: 'plan-capital-value', make: planCapitalValue },
];

// ---- the README --------------------------------------------------------------------------------

const BLOCK = /<!-- figures:([a-z0-9-]+) -->\n?([\s\S]*?)\n?<!-- \/figures:\1 -->/g;

/** Every generated block of a README text, by name: its text between the markers. */
export function readmeBlocks(text: string): Map<string, string> {
  return new Map([...text.matchAll(BLOCK)].map((m) => [m[1]!, m[2]!]));
}

/**
 * The README with each named block's text replaced. A block whose text starts a paragraph (a table,
 * a code block) sits on lines of its own between its markers; one inside a sentence stays inline.
 */
export function withBlocks(text: string, blocks: ReadonlyMap<string, string>): string {
  const unknown = [...blocks.keys()].filter((name) => !readmeBlocks(text).has(name));
  if (unknown.length) throw new Error(`${README_FILE} has no block ${unknown.join(', ')}: add <!-- figures:<name> --><!-- /figures:<name> --> where it goes`);
  return text.replace(BLOCK, (whole, name: string, _old: string) => {
    const body = blocks.get(name);
    if (body === undefined) return whole;
    const own = whole.startsWith(`<!-- figures:${name} -->\n`);
    return own ? `<!-- figures:${name} -->\n${body}\n<!-- /figures:${name} -->` : `<!-- figures:${name} -->${body}<!-- /figures:${name} -->`;
  });
}

async function main() {
  exitOnHelp(USAGE);
  const check = process.argv.includes('--check');
  const root = resolve('.');
  const runs = new FigureRuns(root);
  const made = new Map<string, string>();
  for (const block of RUN_BLOCKS) made.set(block.name, await block.make(runs));
  const plan = await runs.plan();
  for (const block of PLAN_BLOCKS) made.set(block.name, block.make(plan, runs.candidateRows()));
  const text = readFileSync(README_FILE, 'utf8');
  const current = readmeBlocks(text);
  const stale = [...made].filter(([name, body]) => current.get(name) !== body).map(([name]) => name);
  if (check) {
    if (stale.length) {
      console.error(`${README_FILE}: stale figures in ${stale.join(', ')}; run npm run readme-figures`);
      process.exit(1);
    }
    console.log(`${README_FILE}: ${made.size} generated blocks, all as the code gives them`);
    return;
  }
  writeFileSync(README_FILE, withBlocks(text, made));
  console.log(`${README_FILE}: ${made.size} generated blocks written${stale.length ? `; changed: ${stale.join(', ')}` : '; none changed'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: Error) => {
    console.error(`readme-figures: ${err.message}`);
    process.exit(1);
  });
}
