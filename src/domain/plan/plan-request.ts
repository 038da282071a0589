/**
 * What a capital plan is asked: the horizon, the capital budgets, the solve's time limit and gap
 * target, and optional overrides of the candidate builds (plan-candidates.json) for this plan alone.
 * One zod schema for the API body, the CLI and the stored request; the scenario itself is given
 * beside it (by id or in full).
 */
import { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors.js';
import { SCENARIO_YEARS, type Scenario } from '../sufficiency/scenario.js';
import { candidateRow, checkPlanCandidates, costOverride, type CandidateSchools, type PlanCandidatesFile } from './candidates-file.js';
import type { PlanBudgets } from './plan-instance.js';
import { DataFileError } from '../registry/data-file-error.js';

const pounds = z.number().finite().min(0).max(10_000_000_000);
const modelYear = z.number().int().min(SCENARIO_YEARS.first).max(SCENARIO_YEARS.last);

export const planBudgetsSchema = z
  .strictObject({
    total: pounds.optional().describe('Capital in pounds over the whole horizon'),
    perYear: z
      .record(z.string().regex(/^20\d\d$/, 'a year such as "2027"'), pounds)
      .optional()
      .describe(
        'Capital in pounds for builds opening in each year (January), e.g. {"2027": 10000000}. With `total`, a year not listed has no limit of its own; ' +
          'without `total`, a year not listed has no capital',
      ),
  })
  .refine((b) => b.total !== undefined || (b.perYear !== undefined && Object.keys(b.perYear).length > 0), {
    message: 'give a total, a budget for at least one year, or both',
    path: ['total'],
  })
  .describe('Capital budgets: spent in the year a build opens; unspent capital does not carry over to a later year');
export type PlanBudgetsInput = z.infer<typeof planBudgetsSchema>;

export const candidateOverridesSchema = z
  .strictObject({
    costs: z
      .strictObject({
        'specialist-base': costOverride.optional(),
        'special-school-expansion': costOverride.optional(),
        satellite: costOverride.optional(),
        redesignation: costOverride.optional(),
      })
      .optional()
      .describe('Default costs by kind for this plan (each figure with its basis, "source: ..." or "estimate: ...")'),
    add: z
      .array(candidateRow)
      .max(100)
      .optional()
      .describe("Candidate rows for this plan, in plan-candidates.json's form: a row with the id of one in the file replaces it, any other is added"),
    remove: z
      .array(z.string().min(1).max(80))
      .max(200)
      .optional()
      .describe("Ids of plan-candidates.json's rows this plan leaves out"),
  })
  .describe('Changes to the candidate builds (models/kent/plan-candidates.json) for this plan only');
export type CandidateOverrides = z.infer<typeof candidateOverridesSchema>;

export const planRequestSchema = z.strictObject({
  horizon: z
    .strictObject({ from: modelYear, to: modelYear })
    .refine((h) => h.to >= h.from, { message: 'must not end before it starts', path: ['to'] })
    .optional()
    .describe("Planning years (Januaries); default the scenario's horizon, or its single year"),
  budgets: planBudgetsSchema,
  candidates: candidateOverridesSchema.optional(),
  timeLimitSeconds: z
    .number()
    .int()
    .min(1)
    .max(600)
    .default(60)
    .describe('Time limit of the exact solve: at the limit the best plan found is returned with its proven gap'),
  gapTarget: z
    .number()
    .min(0)
    .max(0.2)
    .default(0.005)
    .describe('Relative optimality gap at which the exact solve stops (0.005: proven within 0.5% of the best plan)'),
  greedy: z.boolean().default(false).describe('Also build the greedy plan (best shortfall reduction per pound, repeated) on the same instance, for comparison'),
});
export type PlanRequest = z.infer<typeof planRequestSchema>;
export type PlanRequestInput = z.input<typeof planRequestSchema>;

/** The plan's years: the request's horizon, else the scenario's horizon, else its single year. */
export function planYears(scenario: Scenario, request: PlanRequest): { from: number; to: number } {
  if (request.horizon) return request.horizon;
  if (scenario.horizon) return { from: scenario.horizon.from, to: scenario.horizon.to };
  return { from: scenario.year!, to: scenario.year! };
}

/** The scenario as a path over the plan's years (its own admissionsFrom and band kept). */
export function pathScenario(scenario: Scenario, request: PlanRequest): Scenario {
  const { from, to } = planYears(scenario, request);
  const { year, ...rest } = scenario;
  void year;
  return { ...rest, horizon: { admissionsFrom: scenario.horizon?.admissionsFrom ?? 2027, band: scenario.horizon?.band ?? false, from, to } };
}

/** Budgets by planning year; a year outside the plan is refused at its field. */
export function planBudgets(budgets: PlanBudgetsInput, years: number[]): PlanBudgets {
  const issues: FieldIssue[] = [];
  for (const y of Object.keys(budgets.perYear ?? {})) {
    if (!years.includes(Number(y))) issues.push({ path: `budgets.perYear.${y}`, message: `${y} is not a year of the plan (${years[0]}-${years.at(-1)})` });
  }
  if (issues.length) throw new DomainError('invalid', issues.map((i) => i.message).join('; '), { issues });
  const perYear = years.map((y) => {
    const given = budgets.perYear?.[String(y)];
    if (given !== undefined) return given;
    return budgets.total !== undefined ? null : 0;
  });
  return { perYear, total: budgets.total ?? null };
}

/**
 * The candidate file with a plan's overrides: costs merged by kind, rows removed, rows added or
 * replaced by id. Each added row is checked against the schools as the file's rows are at start-up;
 * a problem is refused at its field (paths relative to the request).
 */
export function applyCandidateOverrides(file: PlanCandidatesFile, overrides: CandidateOverrides | undefined, schools: CandidateSchools): PlanCandidatesFile {
  if (!overrides) return file;
  const issues: FieldIssue[] = [];
  const ids = new Set(file.candidates.map((c) => c.id));
  (overrides.remove ?? []).forEach((id, i) => {
    if (!ids.has(id)) issues.push({ path: `candidates.remove.${i}`, message: `no candidate row with that id in plan-candidates.json (rows: ${[...ids].join(', ')})` });
  });
  const added = new Set<string>();
  (overrides.add ?? []).forEach((row, i) => {
    if (added.has(row.id)) issues.push({ path: `candidates.add.${i}.id`, message: 'a second added row with the same id' });
    added.add(row.id);
    try {
      checkPlanCandidates({ ...file, candidates: [row] }, schools);
    } catch (err) {
      if (!(err instanceof DataFileError)) throw err;
      issues.push({ path: `candidates.add.${i}.${err.field}`, message: err.problem });
    }
  });
  if (issues.length) throw new DomainError('unprocessable', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  const removed = new Set(overrides.remove ?? []);
  const replacing = new Map((overrides.add ?? []).map((r) => [r.id, r]));
  const costs = { ...file.costs };
  for (const [kind, over] of Object.entries(overrides.costs ?? {}) as [keyof PlanCandidatesFile['costs'], Partial<PlanCandidatesFile['costs']['satellite']> | undefined][]) {
    if (over) costs[kind] = { ...costs[kind], ...over };
  }
  return {
    ...file,
    costs,
    candidates: [
      ...file.candidates.filter((c) => !removed.has(c.id)).map((c) => replacing.get(c.id) ?? c),
      ...(overrides.add ?? []).filter((r) => !ids.has(r.id)),
    ],
  };
}
