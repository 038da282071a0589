/**
 * The one worker pool (src/jobs/worker-pool.ts) with a real worker: the sufficiency solve worker,
 * HiGHS in a worker thread, the real SQLite file it stores results in.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { identifyInputs } from '../../src/domain/sufficiency/run-identity.js';
import type { SufficiencyInputs } from '../../src/domain/sufficiency/inputs.js';
import { solveSufficiency } from '../../src/domain/sufficiency/solve-sufficiency.js';
import type { SolveAnswer, SolveRequest, SolveTask } from '../../src/features/runs/solve-worker.js';
import { DomainError } from '../../src/domain/errors.js';
import { assembleInputs } from '../../src/domain/sufficiency/assemble-inputs.js';
import { scenarioSchema } from '../../src/domain/sufficiency/scenario.js';
import { JobBusyError, JobTimeoutError, WorkerPool, type WorkerPoolOptions } from '../../src/jobs/worker-pool.js';
import type { JobAnswer, JobProgress } from '../../src/jobs/job-worker.js';
import { fixtureMeta, threeTownInputs } from '../domain/sufficiency/fixtures.js';
import { kentRegistry, tempDir } from '../helpers/app.js';
import { openDatabase } from '../../src/database/database.js';
import { runsRepository } from '../../src/features/runs/runs-repository.js';
import { fixtureDemandSource } from '../helpers/fixture-demand.js';

const meta = fixtureMeta({ scenarioId: 'fixture', scenarioName: 'three towns' });
/** What the pool is sent: the inputs as a run stores them, canonical JSON with its hash. */
const request = (inputs: SufficiencyInputs): SolveRequest => ({ ...identifyInputs(inputs), meta, solver: 'highs' });
const fixtureRequest = request(threeTownInputs());
const solve = (r: SolveRequest): SolveTask => ({ kind: 'solve', request: r });

function msoaRequest(): SolveRequest {
  const registry = kentRegistry();
  const scenario = scenarioSchema.parse({ id: 'msoa', name: 'msoa', year: 2025, level: 'msoa' });
  return request(assembleInputs(scenario, registry, { demand: fixtureDemandSource(registry) }).inputs);
}

describe('the worker pool, with the solve worker', () => {
  const pools: WorkerPool<SolveTask, SolveAnswer>[] = [];
  const pool = (options: Partial<WorkerPoolOptions> = {}) => {
    const p = new WorkerPool<SolveTask, SolveAnswer>({
      worker: new URL('../../src/features/runs/solve-worker.js', import.meta.url),
      noun: 'the solve',
      busy: { message: 'busy', retryAfterSeconds: 5 },
      timeLimitMs: 30_000,
      ...options,
    });
    pools.push(p);
    return p;
  };
  afterAll(async () => Promise.all(pools.map((p) => p.close())));

  it('when a model is solved in a worker, then the result equals solving it in this thread, carries the hash it was sent, and progress is reported', async () => {
    const p = pool();
    await p.warm();
    const progress: JobProgress[] = [];
    const solved = (await p.run(solve(fixtureRequest), { progress: (x) => progress.push(x) })) as JobAnswer;
    const inWorker = JSON.parse(solved.resultJson!);
    const here = await solveSufficiency({ inputs: threeTownInputs(), meta, solver: 'highs' });
    const untimed = (r: typeof here) => ({ ...r, solver: { ...r.solver, buildMs: 0, solveMs: 0, stages: r.solver.stages.map((x) => ({ ...x, ms: 0 })) } });
    expect(untimed(inWorker)).toEqual(untimed(here));
    expect(inWorker.inputsHash).toBe(fixtureRequest.inputsHash);
    expect(solved.figures).toEqual({ solver: 'highs', solveMs: inWorker.solver.solveMs });
    await new Promise((r) => setTimeout(r, 20)); // progress messages travel on their own port
    expect(progress.map((x) => x.stage)).toEqual(['building', 'solving', 'interpreting']);
    const lp = (await p.run({ kind: 'lp', inputs: fixtureRequest, header: ['fixture'] })) as { text: string };
    expect(lp.text).toMatch(/^\\ fixture\n/);
    expect(lp.text).toContain(`inputs sha256 ${fixtureRequest.inputsHash}`);
  });

  it('when the worker refuses a task, then the caller gets the DomainError it threw, with its field', async () => {
    const p = pool();
    const refused = await p.run({ kind: 'lp', inputs: fixtureRequest, header: ['fixture'], year: 2031 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ kind: 'unprocessable', issues: [{ path: 'querystring.year' }] });
  });

  it('when asked to store the result as a job’s, then the worker writes it to the database itself and answers without it', async () => {
    const db = openDatabase(tempDir());
    try {
      const repo = runsRepository(db);
      repo.create({ id: 'run-1', scenarioId: 'fixture', scenarioName: 'three towns', inputsJson: fixtureRequest.inputsJson, inputsHash: fixtureRequest.inputsHash, solverChoice: 'highs', createdBy: null });
      repo.markRunning('run-1');
      repo.progress('run-1', { stage: 'solving', detail: 'fixture' });
      const p = pool();
      const solved = await p.run(solve(fixtureRequest), { store: { databaseFile: db.name, table: 'runs', id: 'run-1' } });
      expect(solved).toEqual({ resultJson: null, figures: { solver: 'highs', solveMs: expect.any(Number) } });
      const run = repo.get('run-1')!;
      expect(run.status).toBe('done');
      expect(run.progress).toBeNull();
      expect(JSON.parse(run.resultJson!)).toMatchObject({ scenarioId: 'fixture', inputsHash: fixtureRequest.inputsHash });
      // A run that is done stays done, whatever is reported after.
      repo.markFailed('run-1', 'late');
      expect(repo.get('run-1')!.status).toBe('done');
    } finally {
      db.close();
    }
  });

  it('when a solve runs past the time limit, then it fails with a timeout and the pool goes on serving', async () => {
    const p = pool({ timeLimitMs: 40 });
    const late = await p.run(solve(msoaRequest())).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(JobTimeoutError);
    expect((late as Error).message).toMatch(/^the solve took longer than \d+ s and was stopped$/);
    expect(await p.run(solve(fixtureRequest), { timeLimitMs: 30_000 })).toMatchObject({ resultJson: expect.stringContaining('"scenarioId":"fixture"') });
  });

  it('when more tasks wait than the queue allows, then the extra one is refused as busy, and a waiting task starts only when it gets a thread', async () => {
    const p = pool({ maxQueue: 1 });
    const started: string[] = [];
    const first = p.run(solve(msoaRequest()), { onStart: () => started.push('first') });
    const second = p.run(solve(fixtureRequest), { onStart: () => started.push('second') });
    const refused = await p.run(solve(fixtureRequest)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JobBusyError);
    expect(refused).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 5 });
    expect(p.load()).toEqual({ queued: 1, running: 1 });
    // The second waits for the thread: it has not started while the first runs.
    expect(started).toEqual(['first']);
    await first;
    await second;
    expect(started).toEqual(['first', 'second']);
    expect(p.load()).toEqual({ queued: 0, running: 0 });
  });
});
