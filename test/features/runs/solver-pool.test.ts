import { afterAll, describe, expect, it } from 'vitest';
import { identifyInputs } from '../../../src/domain/sufficiency/run-identity.js';
import type { SufficiencyInputs } from '../../../src/domain/sufficiency/inputs.js';
import { solveSufficiency } from '../../../src/domain/sufficiency/solve-sufficiency.js';
import type { SolveRequest } from '../../../src/features/runs/solve-worker.js';
import { SolverBusyError, SolverPool, SolveTimeoutError } from '../../../src/features/runs/solver-pool.js';
import { assembleInputs } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { scenarioSchema } from '../../../src/domain/sufficiency/scenario.js';
import { fixtureMeta, threeTownInputs } from '../../domain/sufficiency/fixtures.js';
import { kentRegistry, tempDir } from '../../helpers/app.js';
import { openDatabase } from '../../../src/database/database.js';
import { runsRepository } from '../../../src/features/runs/runs-repository.js';
import { fixtureDemandSource } from '../../helpers/fixture-demand.js';

const meta = fixtureMeta({ scenarioId: 'fixture', scenarioName: 'three towns' });
/** What the pool is sent: the inputs as a run stores them, canonical JSON with its hash. */
const request = (inputs: SufficiencyInputs): SolveRequest => ({ ...identifyInputs(inputs), meta, solver: 'highs' });
const fixtureTask = request(threeTownInputs());

function msoaTask(): SolveRequest {
  const registry = kentRegistry();
  const scenario = scenarioSchema.parse({ id: 'msoa', name: 'msoa', year: 2025, level: 'msoa' });
  return request(assembleInputs(scenario, registry, { demand: fixtureDemandSource(registry) }).inputs);
}

describe('the solver pool (worker threads)', () => {
  const pools: SolverPool[] = [];
  const pool = (options: ConstructorParameters<typeof SolverPool>[0]) => {
    const p = new SolverPool(options);
    pools.push(p);
    return p;
  };
  afterAll(async () => Promise.all(pools.map((p) => p.close())));

  it('when a model is solved in a worker, then the result equals solving it in this thread, carries the hash it was sent, and progress is reported', async () => {
    const p = pool({ threads: 1, timeoutMs: 30_000 });
    await p.warm();
    const stages: string[] = [];
    const solved = await p.solve(fixtureTask, (stage) => stages.push(stage));
    if (solved.stored) throw new Error('stored without storeAs');
    const inWorker = JSON.parse(solved.resultJson);
    const here = await solveSufficiency({ inputs: threeTownInputs(), meta, solver: 'highs' });
    const untimed = (r: typeof here) => ({ ...r, solver: { ...r.solver, buildMs: 0, solveMs: 0, stages: r.solver.stages.map((x) => ({ ...x, ms: 0 })) } });
    expect(untimed(inWorker)).toEqual(untimed(here));
    expect(inWorker.inputsHash).toBe(fixtureTask.inputsHash);
    expect(solved).toMatchObject({ solver: 'highs', solveMs: inWorker.solver.solveMs });
    await new Promise((r) => setTimeout(r, 20)); // progress messages travel on their own port
    expect(stages).toEqual(['building', 'solving', 'interpreting']);
    const lp = await p.lp(fixtureTask, ['fixture']);
    expect(lp).toMatch(/^\\ fixture\n/);
    expect(lp).toContain(`inputs sha256 ${fixtureTask.inputsHash}`);
  });

  it('when asked to store the result as a run’s, then the worker writes it to the database itself and answers without it', async () => {
    const db = openDatabase(tempDir());
    try {
      const repo = runsRepository(db);
      repo.create({ id: 'run-1', scenarioId: 'fixture', scenarioName: 'three towns', inputsJson: fixtureTask.inputsJson, inputsHash: fixtureTask.inputsHash, solverChoice: 'highs', createdBy: null });
      repo.markRunning('run-1');
      const p = pool({ threads: 1, timeoutMs: 30_000 });
      const solved = await p.solve({ ...fixtureTask, storeAs: { databaseFile: db.name, runId: 'run-1' } });
      expect(solved).toEqual({ stored: true, solver: 'highs', solveMs: expect.any(Number) });
      const run = repo.get('run-1')!;
      expect(run.status).toBe('done');
      expect(JSON.parse(run.resultJson!)).toMatchObject({ scenarioId: 'fixture', inputsHash: fixtureTask.inputsHash });
      // A run that is done stays done, whatever is reported after.
      repo.markFailed('run-1', 'late');
      expect(repo.get('run-1')!.status).toBe('done');
    } finally {
      db.close();
    }
  });

  it('when a solve runs past the timeout, then it fails with a timeout and the pool goes on serving', async () => {
    const p = pool({ threads: 1, timeoutMs: 40 });
    await expect(p.solve(msoaTask())).rejects.toBeInstanceOf(SolveTimeoutError);
    const patient = pool({ threads: 1, timeoutMs: 30_000 });
    expect(await patient.solve(fixtureTask)).toMatchObject({ stored: false, resultJson: expect.stringContaining('"scenarioId":"fixture"') });
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
