/**
 * Conditions compiled to bit tests, for scoring many profiles fast (placement search, batches).
 * Same meaning as holds() in conditions.ts; a property test checks the two agree on every criterion.
 */
import { NEED_CODES } from '../needs.js';
import type { Condition } from './admission-guidance.js';
import { LEARNING_DIFFICULTY_LEVELS, NEED_TRAITS, type NeedProfile } from './need-profile.js';

/** A profile as bit masks: one bit per need code, learning-difficulty level and trait. */
export interface ProfileBits {
  primary: number;
  needs: number;
  learning: number;
  traits: number;
  secondaryCount: number;
  age: number;
}

const bit = (list: readonly string[], value: string) => 1 << list.indexOf(value);
const bits = (list: readonly string[], values: readonly string[] | undefined) => (values ?? []).reduce((m, v) => m | bit(list, v), 0);

export function profileBits(p: NeedProfile): ProfileBits {
  const primary = bit(NEED_CODES, p.primaryNeed);
  return {
    primary,
    needs: primary | bits(NEED_CODES, p.secondaryNeeds),
    learning: bit(LEARNING_DIFFICULTY_LEVELS, p.learningDifficulty),
    traits: bits(NEED_TRAITS, p.traits),
    secondaryCount: p.secondaryNeeds.length,
    age: p.age,
  };
}

export type CompiledCondition = (p: ProfileBits) => boolean;

export function compileCondition(c: Condition): CompiledCondition {
  const primary = c.primaryNeed ? bits(NEED_CODES, c.primaryNeed) : -1;
  const needs = c.needs ? bits(NEED_CODES, c.needs) : -1;
  const learning = c.learningDifficulty ? bits(LEARNING_DIFFICULTY_LEVELS, c.learningDifficulty) : -1;
  const traits = c.traits ? bits(NEED_TRAITS, c.traits) : -1;
  const minAge = c.age?.min ?? -Infinity;
  const maxAge = c.age?.max ?? Infinity;
  const minSecondary = c.minSecondaryNeeds ?? 0;
  const anyOf = c.anyOf?.map(compileCondition);
  return (p) =>
    (primary === -1 || (p.primary & primary) !== 0) &&
    (needs === -1 || (p.needs & needs) !== 0) &&
    (learning === -1 || (p.learning & learning) !== 0) &&
    (traits === -1 || (p.traits & traits) !== 0) &&
    p.age >= minAge &&
    p.age <= maxAge &&
    p.secondaryCount >= minSecondary &&
    (anyOf === undefined || anyOf.some((f) => f(p)));
}
