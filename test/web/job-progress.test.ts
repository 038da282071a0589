/**
 * The dashboard's words for a run's or plan's progress (src/web/job-progress.js), as the status line
 * shows them while it runs.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the dashboard, without types
import { progressText } from '../../src/web/job-progress.js';

const at = '2026-03-01T09:00:00.000Z';

describe('a job’s progress in words', () => {
  it('when a job waits, runs without progress yet, is at a stage, has solved a path year, or has a gap so far, then the words say so', () => {
    expect(progressText({ status: 'queued', progress: null })).toBe('waiting for a solver');
    expect(progressText({ status: 'running', progress: null })).toBe('solving');
    expect(progressText({ status: 'running', progress: { stage: 'assembling', detail: 'the path 2026-2028 by district', at } })).toBe('assembling the path');
    expect(progressText({ status: 'running', progress: { stage: 'solving', detail: '2027: 812 rows', year: 2027, at } })).toBe('solving, 2027 done');
    expect(progressText({ status: 'running', progress: { stage: 'solving', detail: 'the MIP', gap: 0.0321, at } })).toBe('solving, best plan so far within 3.2% of the best possible');
    expect(progressText({ status: 'running', progress: { stage: 'something new', detail: '', at } })).toBe('something new');
  });
});
