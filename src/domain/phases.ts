/**
 * School phases used by demand, matching and the sufficiency model, by age at the start of the
 * school year. Ages 0-3 (early years) and 20-25 (post-19) hold EHCPs but not school places: the
 * demand model reports them and the place models leave them out (see models/kent/DEMAND.md).
 */
export const PHASES = ['primary', 'secondary', 'post16'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_AGES: Record<Phase, { low: number; high: number }> = {
  primary: { low: 4, high: 10 },
  secondary: { low: 11, high: 15 },
  post16: { low: 16, high: 19 },
};

export function phaseOfAge(age: number): Phase | null {
  for (const phase of PHASES) if (age >= PHASE_AGES[phase].low && age <= PHASE_AGES[phase].high) return phase;
  return null;
}

/** Whether a provision taking ages [low, high] serves any of a phase's ages. */
export function servesPhase(ageLow: number, ageHigh: number, phase: Phase): boolean {
  return ageLow <= PHASE_AGES[phase].high && ageHigh >= PHASE_AGES[phase].low;
}
