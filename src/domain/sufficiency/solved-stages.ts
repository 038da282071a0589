/** What solving the stages gives back (solve-sufficiency.ts), read by interpret.ts. */
import type { modelSize } from '../lp/linear-model.js';
import type { SolverDecision } from '../lp/solvers/choose-solver.js';
import type { PlacementNetwork, SufficiencyModel } from './build-model.js';

/** One network solved: pupils placed per row, which nodes bind, and the flow on each arc. */
export interface SolvedNetwork {
  net: PlacementNetwork;
  placed: Float64Array;
  binding: Uint8Array;
  flow: Float64Array;
}

export interface SolvedStages {
  model: SufficiencyModel;
  state: SolvedNetwork;
  independent: SolvedNetwork;
  /** Per cell: independent placements in all (in the area and outside it). */
  independentByCell: Float64Array;
  /** Per cell: no suitable place at all. */
  unmetByCell: Float64Array;
  outreach: SolvedNetwork;
  stages: { stage: string; ms: number; detail: string }[];
  /** The state journey LPs: their size in all and which solver took the largest. */
  journeyLp: { size: ReturnType<typeof modelSize>; decision: SolverDecision | null };
  maxFlows: number;
  fallbacks: number;
}
