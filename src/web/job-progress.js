// @ts-check
/**
 * How far a run or a plan has got, in words for its status line: waiting for a solver, or its stage,
 * the model year a path has reached and, while a plan's exact solve runs, the gap proven so far (the
 * `progress` every run and plan carries while it runs).
 */

import { percent } from './dom.js';

/** @typedef {{ stage: string, detail: string, year?: number, gap?: number, at: string }} JobProgress */

/** @type {Record<string, string>} */
const STAGES = {
  building: 'building the model',
  solving: 'solving',
  interpreting: 'reading the result',
  assembling: 'assembling the path',
  explaining: 'explaining the builds',
  path: 'running the resulting path',
};

/**
 * @param {{ status: string, progress?: JobProgress | null }} job
 * @returns {string} e.g. "waiting for a solver", "solving, 2027 done", "solving, best plan so far within 3.2% of the best possible"
 */
export function progressText(job) {
  if (job.status === 'queued') return 'waiting for a solver';
  const p = job.progress;
  if (!p) return 'solving';
  const parts = [STAGES[p.stage] ?? p.stage];
  if (p.year !== undefined) parts.push(`${p.year} done`);
  if (p.gap !== undefined) parts.push(`best plan so far within ${percent(p.gap)} of the best possible`);
  return parts.join(', ');
}
