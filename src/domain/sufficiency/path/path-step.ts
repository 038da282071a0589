/** One year of a walk along a path (solve-path.ts), as combine-year.ts reports it. */
import type { SufficiencyInputs, SupplyProvision } from '../inputs.js';
import type { SolvedStages } from '../solved-stages.js';
import type { PathState } from './carry.js';
import type { PathDemandCell } from './path-inputs.js';

/** One year of a walk along the path: what it solved and what it leaves to the next. */
export interface PathStep {
  t: number;
  year: number;
  demand: PathDemandCell[];
  /** Pupils keeping a placement from earlier years (at the start of the year). */
  staying: PathState;
  /** D': what the year's stages place. */
  residual: PathDemandCell[];
  residualInputs: SufficiencyInputs;
  solved: SolvedStages;
  /** Provisions not admitting this year whose pupils stay. */
  closed: SupplyProvision[];
  leftAtTransition: number;
  plansCeased: number;
  /** Placements at the end of the year (staying + new). */
  placed: PathState;
  ms: number;
}

