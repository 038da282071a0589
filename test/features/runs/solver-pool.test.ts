import { afterAll, describe, expect, it } from 'vitest';
import { solveSufficiency, type SufficiencyTask } from '../../../src/domain/sufficiency/solve-sufficiency.js';
import { SolverBusyError, SolverPool, SolveTimeoutError } from '../../../src/features/runs/solver-pool.js';
import { assembleInputs } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { scenarioSchema } from '../../../src/domain/sufficiency/scenario.js';
import { threeTownInputs } from '../../domain/sufficiency/fixtures.js';
import { kentRegistry } from '../../helpers/app.js';
import { fixtureDemandSource } from '../../helpers/fixture-demand.js';

const meta = { scenarioId: 'fixture', scenarioName: 'three towns', designationSet: 'current', assumptions: [], notes: [] };
const fixtureTask: SufficiencyTask = { inputs: threeTownInputs(), meta, solver: 'highs' };

function msoaTask(): SufficiencyTask {
  const registry = kentRegistry();
  const scenario = scenarioSchema.parse({ id: 'msoa', name: 'msoa', year: 2025, level: 'msoa' });
  const { inputs } = assembleInputs(scenario, registry, { demand: fixtureDemandSource(registry) });
  return { inputs, meta, solver: 'highs' };
}

describe('the solver pool (worker threads)', () => {
  const pools: SolverPool[] = [];
  const pool = (options: ConstructorParameters<typeof SolverPool>[0]) => {
    const p = new SolverPool(options);
    pools.push(p);
    return p;
  };
  afterAll(async () => Promise.all(pools.map((p) => p.close())));

  it('when a model is solved in a worker, then the result equals solving it in this thread, and progress is reported', async () => {
    const p = pool({ threads: 1, timeoutMs: 30_000 });
    await p.warm();
    const stages: string[] = [];
    const inWorker = await p.solve(fixtureTask, (stage) => stages.push(stage));
    const here = await solveSufficiency(fixtureTask);
    const untimed = (r: typeof here) => ({ ...r, solver: { ...r.solver, buildMs: 0, solveMs: 0 } });
    expect(untimed(inWorker)).toEqual(untimed(here));
    await new Promise((r) => setTimeout(r, 20)); // progress messages travel on their own port
    expect(stages).toEqual(['building', 'solving', 'interpreting']);
    expect(await p.lp(fixtureTask.inputs, ['fixture'])).toMatch(/^\\ fixture\n/);
  });

  it('when a solve runs past the timeout, then it fails with a timeout and the pool goes on serving', async () => {
    const p = pool({ threads: 1, timeoutMs: 40 });
    await expect(p.solve(msoaTask())).rejects.toBeInstanceOf(SolveTimeoutError);
    const patient = pool({ threads: 1, timeoutMs: 30_000 });
    await expect(patient.solve(fixtureTask)).resolves.toMatchObject({ scenarioId: 'fixture' });
  });

  it('when more solves wait than the queue allows, then the extra one is refused as busy', async () => {
    const p = pool({ threads: 1, timeoutMs: 30_000, maxQueue: 1 });
    const first = p.solve(msoaTask());
    const second = p.solve(fixtureTask);
    await expect(p.solve(fixtureTask)).rejects.toBeInstanceOf(SolverBusyError);
    expect(p.load()).toEqual({ queued: 1, running: 1 });
    await Promise.all([first, second]);
    expect(p.load()).toEqual({ queued: 0, running: 0 });
  });
});
