/**
 * What identifies a path: the path model's version, the single-year model's it solves each year
 * with, and a hash of the path's inputs. Kept apart from the solvers so the HTTP thread can hash
 * runs without loading either.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, MODEL_VERSION } from '../run-identity.js';
import type { PathInputs } from './path-inputs.js';
import { PATH_MODEL_VERSION } from './path-result.js';

/** The inputs as canonical JSON and their sha256, from one serialisation. */
export function identifyPathInputs(inputs: PathInputs): { inputsJson: string; inputsHash: string } {
  const inputsJson = canonicalJson(inputs);
  const inputsHash = createHash('sha256').update(`${PATH_MODEL_VERSION}+${MODEL_VERSION}`).update('\n').update(inputsJson).digest('hex');
  return { inputsJson, inputsHash };
}

/** Whether stored inputs are a path's (a single year's have no `kind`). */
export const isPathInputs = (inputs: unknown): inputs is PathInputs => typeof inputs === 'object' && inputs !== null && (inputs as { kind?: unknown }).kind === 'path';
