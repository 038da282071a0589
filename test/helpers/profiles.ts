import fc from 'fast-check';
import type { NeedProfile } from '../../src/domain/matching/need-profile.js';
import { LEARNING_DIFFICULTY_LEVELS, NEED_TRAITS } from '../../src/domain/matching/need-profile.js';
import { NEED_CODES, type NeedCode } from '../../src/domain/needs.js';

/** A need profile in a line: profile('ASD', 'moderate', { traits: ['adhd'] }). */
export function profile(
  primaryNeed: NeedCode,
  learningDifficulty: NeedProfile['learningDifficulty'],
  more: Partial<Omit<NeedProfile, 'primaryNeed' | 'learningDifficulty'>> = {},
): NeedProfile {
  return { primaryNeed, learningDifficulty, secondaryNeeds: [], traits: [], age: 9, ...more };
}

/** Any valid need profile (without home). */
export const profileArbitrary: fc.Arbitrary<NeedProfile> = fc
  .record({
    primaryNeed: fc.constantFrom(...NEED_CODES),
    secondary: fc.uniqueArray(fc.constantFrom(...NEED_CODES), { maxLength: 3 }),
    learningDifficulty: fc.constantFrom(...LEARNING_DIFFICULTY_LEVELS),
    traits: fc.uniqueArray(fc.constantFrom(...NEED_TRAITS), { maxLength: 4 }),
    age: fc.integer({ min: 2, max: 25 }),
  })
  .map(({ primaryNeed, secondary, learningDifficulty, traits, age }) => ({
    primaryNeed,
    secondaryNeeds: secondary.filter((n) => n !== primaryNeed),
    learningDifficulty,
    traits,
    age,
  }));
