/**
 * Which solver runs a model. javascript-lp-solver (pure JavaScript, no start-up cost, fast on tiny
 * models) is used for small continuous models; HiGHS for everything else.
 *
 * The size gate is jslp's dense tableau, about 8 bytes x tableau rows x columns (equality rows count
 * twice). Measured on this project's models on the 2-core development machine (test/bench/RESULTS.md),
 * jslp's time grows with the tableau and HiGHS (warm, with devex pricing) is as fast or faster from
 * about 1-2 MB of tableau: 16 MB took jslp 26 ms against HiGHS's 6 ms, and the Kent district model
 * (10 MB) 67 ms against 32 ms. Below that both take a few milliseconds and jslp needs no WebAssembly
 * load (70-200 ms cold), so 'auto' takes jslp while the tableau stays under JSLP_AUTO_MAX_BYTES (2 MB), and never for integer
 * models (jslp's branch and bound is far slower than HiGHS's). Kent's district, MSOA and LSOA models
 * all go to HiGHS. An explicit 'jslp' is refused above JSLP_HARD_MAX_BYTES, where it would exhaust
 * memory (the Kent MSOA model would need about 2 GB).
 */
import type { LpModel } from '../linear-model.js';
import { jslpTableauBytes } from './jslp-solver.js';
import type { SolverChoice, SolverName } from './solver.js';

/** 'auto' uses jslp below this tableau size (bytes). */
export const JSLP_AUTO_MAX_BYTES = 2 * 1024 * 1024;
/** An explicit 'jslp' is refused above this tableau size (bytes). */
export const JSLP_HARD_MAX_BYTES = 512 * 1024 * 1024;

export interface SolverDecision {
  solver: SolverName;
  reason: string;
}

export class SolverRefusedError extends Error {}

export function chooseSolver(model: LpModel, choice: SolverChoice): SolverDecision {
  const bytes = jslpTableauBytes(model);
  const mb = (bytes / 1024 / 1024).toFixed(1);
  const integer = model.variables.some((v) => v.integer);
  if (choice === 'highs') return { solver: 'highs', reason: 'requested' };
  if (choice === 'jslp') {
    if (bytes > JSLP_HARD_MAX_BYTES) {
      throw new SolverRefusedError(
        `jslp would need a ${mb} MB dense tableau (limit ${JSLP_HARD_MAX_BYTES / 1024 / 1024} MB); use solver "highs" or "auto"`,
      );
    }
    return { solver: 'jslp', reason: 'requested' };
  }
  if (integer) return { solver: 'highs', reason: 'auto: integer model' };
  if (bytes <= JSLP_AUTO_MAX_BYTES) return { solver: 'jslp', reason: `auto: jslp tableau ${mb} MB <= ${JSLP_AUTO_MAX_BYTES / 1024 / 1024} MB` };
  return { solver: 'highs', reason: `auto: jslp tableau would be ${mb} MB > ${JSLP_AUTO_MAX_BYTES / 1024 / 1024} MB` };
}
