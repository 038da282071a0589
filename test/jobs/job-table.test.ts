/**
 * The job table (src/jobs/job-table.ts) on a real SQLite file, through the runs and plans tables: a
 * job's life, its progress only while it runs, and start-up's marking of jobs left unfinished.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/database/database.js';
import { runsRepository } from '../../src/features/runs/runs-repository.js';
import { plansRepository } from '../../src/features/plans/plans-repository.js';
import { tempDir } from '../helpers/app.js';

const run = (id: string) => ({ id, scenarioId: 's', scenarioName: 'S', inputsJson: '{}', inputsHash: 'h', solverChoice: 'highs', createdBy: null });
const plan = (id: string) => ({ id, scenarioId: 's', scenarioName: 'S', scenarioJson: '{}', requestJson: '{}', requestHash: 'h', createdBy: 'A. Officer', createdByKeyId: 'k' });

describe('the job table', () => {
  let db: Db;
  beforeEach(() => (db = openDatabase(tempDir('planner-jobs-'))));
  afterEach(() => db.close());

  it('when a job is created, started, reports progress and finishes, then it reads queued, running with its progress, then done with its result and no progress', () => {
    const runs = runsRepository(db);
    runs.create(run('r1'));
    expect(runs.get('r1')).toMatchObject({ status: 'queued', startedAt: null, progress: null, resultJson: null, scenarioId: 's' });
    // Progress before the job has a thread is not kept: a queued job has none.
    runs.progress('r1', { stage: 'building', detail: 'early' });
    expect(runs.summary('r1')!.progress).toBeNull();
    runs.markRunning('r1');
    runs.progress('r1', { stage: 'solving', detail: '2027: 12 rows', year: 2027 });
    expect(runs.summary('r1')).toMatchObject({ status: 'running', startedAt: expect.any(String), progress: { stage: 'solving', detail: '2027: 12 rows', year: 2027, at: expect.any(String) } });
    expect(runs.list(10, 0).items[0]!.progress).toMatchObject({ stage: 'solving' });
    runs.markDone('r1', '{"ok":true}');
    // A message that arrives after the end is dropped.
    runs.progress('r1', { stage: 'interpreting', detail: 'late' });
    expect(runs.get('r1')).toMatchObject({ status: 'done', progress: null, resultJson: '{"ok":true}', finishedAt: expect.any(String) });
    expect(runs.inputs('r1')).toEqual({ inputsJson: '{}', inputsHash: 'h' });
  });

  it('when runs and plans share an id-space of progress, then each table reads only its own', () => {
    const runs = runsRepository(db);
    const plans = plansRepository(db);
    runs.create(run('same'));
    plans.create(plan('same'));
    runs.markRunning('same');
    plans.markRunning('same');
    plans.progress('same', { stage: 'solving', detail: 'the MIP', gap: 0.031 });
    expect(runs.get('same')!.progress).toBeNull();
    expect(plans.get('same')).toMatchObject({ progress: { stage: 'solving', gap: 0.031 }, scenarioJson: '{}', createdByKeyId: 'k' });
  });

  it('when the service starts after a process stopped with jobs queued and running, then they are failed saying so, their progress gone, and a finished one is untouched', () => {
    const plans = plansRepository(db);
    for (const id of ['queued', 'running', 'done']) plans.create(plan(id));
    plans.markRunning('running');
    plans.progress('running', { stage: 'explaining', detail: '3 builds' });
    plans.markRunning('done');
    plans.markDone('done', '{}');
    expect(plans.failInterrupted()).toBe(2);
    for (const id of ['queued', 'running']) {
      expect(plans.get(id)).toMatchObject({ status: 'failed', progress: null, error: 'interrupted: the service stopped before the plan finished; ask for it again' });
    }
    expect(plans.get('done')!.status).toBe('done');
    expect(db.prepare('SELECT COUNT(*) FROM job_progress').pluck().get()).toBe(0);
  });
});
