/**
 * The phases (age bands) the demand model reports: the three school phases of ../phases.ts plus two that
 * hold EHCPs but not school places (0-3 early years; 20-25 post-19). Ages are as DfE SEN2 reports
 * them, which we read as age at the start of the school year (31 August), as phases.ts does.
 */
import { PHASE_AGES, PHASES, type Phase } from '../phases.js';

export const DEMAND_PHASES = ['early-years', ...PHASES, 'post19'] as const;
export type DemandPhase = (typeof DEMAND_PHASES)[number];

export const DEMAND_PHASE_AGES: Record<DemandPhase, { low: number; high: number }> = {
  'early-years': { low: 0, high: 3 },
  ...PHASE_AGES,
  post19: { low: 20, high: 25 },
};

export const MAX_AGE = 25;

export function demandPhaseOfAge(age: number): DemandPhase {
  for (const phase of DEMAND_PHASES) if (age >= DEMAND_PHASE_AGES[phase].low && age <= DEMAND_PHASE_AGES[phase].high) return phase;
  throw new RangeError(`age ${age} is outside 0-25`);
}

export function isSchoolPhase(phase: DemandPhase): phase is Phase {
  return (PHASES as readonly string[]).includes(phase);
}
