/**
 * The faster stages give the same answer as the code before them, bit for bit. The reference
 * (./reference/) is the sufficiency code as it was before the speed work on the LSOA-level model;
 * both run here, in the same test run, on the real Kent data and demand model, and everything they
 * return is compared: the networks (rows, nodes, arcs and what each arc means), pupils placed per
 * row, binding places, the flow on every arc, independent and unmet pupils per cell, and the rows,
 * provisions and totals a commissioner reads. Numbers must be identical (Object.is: not "close").
 * Only the stage timings and the count of maximum flows may differ: fewer flows is the point.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { assembleInputs } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { demandModelSource } from '../../../src/domain/sufficiency/demand-model-source.js';
import { interpretSolution } from '../../../src/domain/sufficiency/interpret.js';
import { scenarioSchema, type Scenario } from '../../../src/domain/sufficiency/scenario.js';
import { solveStages } from '../../../src/domain/sufficiency/solve-sufficiency.js';
import type { SolverChoice } from '../../../src/domain/lp/solvers/solver.js';
import { kentRegistry, PROJECT_ROOT } from '../../helpers/app.js';
import { solveStages as referenceSolveStages } from './reference/solve-stages.js';

const registry = kentRegistry();
const demand = demandModelSource(registry);
const dir = join(PROJECT_ROOT, 'scenarios');
const shipped: Scenario[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => scenarioSchema.parse(parse(readFileSync(join(dir, f), 'utf8'))))
  // Paths solve the same stages year by year (path/solve-path.ts): the single years cover them.
  .filter((s) => s.horizon === undefined);

/** Paths not compared: how long each stage took and how many maximum flows it needed. */
const NOT_COMPARED = new Set(['stages', 'maxFlows', 'model.reach']);

/**
 * The first place where two values differ (numbers by Object.is: NaN equals NaN, 0 is not -0), as
 * a path with both values; null when they are the same throughout.
 */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (NOT_COMPARED.has(path)) return null;
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b) ? null : `${path}: ${String(a)} against ${String(b)}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b ? null : `${path}: ${String(a)} against ${String(b)}`;
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    const x = a as ArrayLike<unknown>;
    const y = b as ArrayLike<unknown>;
    if (!(ArrayBuffer.isView(b) || Array.isArray(b)) || x.length !== y.length) return `${path}: length ${x.length} against ${(y as { length?: number }).length}`;
    for (let i = 0; i < x.length; i++) {
      const d = firstDifference(x[i], y[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return null;
}

const cases: { scenario: Scenario; level: Scenario['level']; solver: SolverChoice }[] = [
  // Every shipped scenario at district level, with 'auto' (jslp takes the small journey LPs there).
  ...shipped.map((scenario) => ({ scenario, level: 'district' as const, solver: 'auto' as const })),
  ...['baseline-2025', 'proposed-designations-2026'].map((id) => ({ scenario: shipped.find((s) => s.id === id)!, level: 'msoa' as const, solver: 'highs' as const })),
  // The level the speed work was for.
  { scenario: shipped.find((s) => s.id === 'baseline-2025')!, level: 'lsoa', solver: 'highs' },
];

describe('the faster stages against the code before them', () => {
  it('when the comparison is given two answers that differ in one pupil, then it finds the difference (the check can fail)', () => {
    const a = { rows: [{ placed: new Float64Array([1, 2]), note: 'x' }], stages: [1] };
    const b = { rows: [{ placed: new Float64Array([1, 2.0000000000000004]), note: 'x' }], stages: [2] };
    expect(firstDifference(a, b)).toBe('rows[0].placed[1]: 2 against 2.0000000000000004');
    expect(firstDifference(a, { ...a, stages: [3] })).toBeNull();
    expect(firstDifference({ v: 0 }, { v: -0 })).not.toBeNull();
    expect(firstDifference({ v: NaN }, { v: NaN })).toBeNull();
  });

  for (const { scenario, level, solver } of cases) {
    it(`when ${scenario.id} is solved at ${level} level (${solver}), then every network, flow and row is identical to the reference's`, async () => {
      const { inputs } = assembleInputs({ ...scenario, level }, registry, { demand });
      const before = await referenceSolveStages(inputs, solver);
      const after = await solveStages(inputs, solver);
      expect(after.state.net.network.arcs.length).toBeGreaterThan(0);
      expect(firstDifference(after, before)).toBeNull();
      expect(firstDifference(interpretSolution(inputs, after), interpretSolution(inputs, before))).toBeNull();
      // The point of the work: no more maximum flows than before.
      expect(after.maxFlows).toBeLessThanOrEqual(before.maxFlows);
    }, 180_000);
  }
});
