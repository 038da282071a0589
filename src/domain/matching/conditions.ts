/**
 * Admission guidance conditions evaluated against a need profile: the plain interpreter (the compiled
 * form for batches is compiled-condition.ts).
 */
import type { Condition } from './admission-guidance.js';
import type { NeedProfile } from './need-profile.js';

/** Whether a profile satisfies a guidance condition (see Condition for the semantics). */
export function holds(condition: Condition, profile: NeedProfile): boolean {
  if (condition.primaryNeed && !condition.primaryNeed.includes(profile.primaryNeed)) return false;
  if (condition.needs && !(condition.needs.includes(profile.primaryNeed) || profile.secondaryNeeds.some((n) => condition.needs!.includes(n)))) {
    return false;
  }
  if (condition.learningDifficulty && !condition.learningDifficulty.includes(profile.learningDifficulty)) return false;
  if (condition.traits && !profile.traits.some((t) => condition.traits!.includes(t))) return false;
  if (condition.age) {
    if (condition.age.min !== undefined && profile.age < condition.age.min) return false;
    if (condition.age.max !== undefined && profile.age > condition.age.max) return false;
  }
  if (condition.minSecondaryNeeds !== undefined && profile.secondaryNeeds.length < condition.minSecondaryNeeds) return false;
  if (condition.anyOf && !condition.anyOf.some((c) => holds(c, profile))) return false;
  return true;
}
