/**
 * What identifies a sufficiency model: the model version and a hash of its inputs. Kept apart from
 * the solvers so the HTTP thread can hash runs without loading either solver.
 */
import { createHash } from 'node:crypto';
import type { SolverChoice } from '../lp/solvers/solver.js';
import type { Assumption } from './demand-source.js';
import type { SufficiencyInputs } from './inputs.js';

/** Bump when the model's mathematics changes, so old hashes no longer match new models. */
export const MODEL_VERSION = 'sufficiency/2';

/** JSON with object keys sorted, so equal data always serialises to the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}

/** sha256 of the model version and the canonical inputs: same hash, same answer. */
export function hashInputs(inputs: SufficiencyInputs): string {
  return identifyInputs(inputs).inputsHash;
}

/**
 * The inputs as canonical JSON (what a run stores and a worker solves) and their hash, from one
 * serialisation: at LSOA level the inputs are megabytes, and each pass over them costs tens of ms.
 */
export function identifyInputs(inputs: SufficiencyInputs): { inputsJson: string; inputsHash: string } {
  const inputsJson = canonicalJson(inputs);
  return { inputsJson, inputsHash: createHash('sha256').update(MODEL_VERSION).update('\n').update(inputsJson).digest('hex') };
}

/** The stages a run's model can be exported as (GET /runs/{id}/lp?stage=). */
export const LP_STAGES = ['sharing', 'journeys', 'independent-journeys', 'outreach-journeys'] as const;
export type LpStage = (typeof LP_STAGES)[number];

/** A solver stopped without an optimum (time limit, numerical trouble): the run fails with this message. */
export class SolveFailedError extends Error {}

/** What a run is about, carried into its result. */
export interface RunMeta {
  scenarioId: string;
  scenarioName: string;
  designationSet: string;
  assumptions: Assumption[];
  notes: string[];
  /** The scenario's own choices (year, level, designation set, demand, supply, assumptions, ...), for comparisons. */
  scenarioInputs: Record<string, unknown>;
  /** Observed figures for the calibration table, when the run's year is the base year. */
  observed?: ObservedFigures | null;
  /** Things the assembly found worth a warning (e.g. scenario settings the model no longer uses). */
  warnings?: string[];
}

/** The base year's observed figures, each with its source (models/<la>/sufficiency-figures.json). */
export interface ObservedFigures {
  year: number;
  figures: { measure: string; label: string; value: number; source: string }[];
}

/** Everything a worker needs to solve a run. */
export interface SufficiencyTask {
  inputs: SufficiencyInputs;
  meta: RunMeta;
  solver: SolverChoice;
  /** hashInputs(inputs), when the caller has it already (a run carries its hash from assembly); computed otherwise. */
  inputsHash?: string;
  timeLimitMs?: number;
  /** A model with more variables than this is refused before solving (the run fails saying why). */
  maxVariables?: number;
}
