/**
 * The default EHCP-rate trend: how fast the share of residents holding a plan grows each year.
 *
 * DfE changed the SEN2 collection from aggregate local-authority returns to person-level records in
 * 2023, and the release marks a break in the series there. Kent's totals show why it matters: plans
 * at ages 20-25 fell from 1,911 (January 2022, aggregate) to 1,224 (2024) and 772 (2025) while
 * school-age plans kept rising, so a trend across the break, or over all ages, mixes a change of
 * counting with a change of need. The default therefore uses only person-level years that have an
 * age breakdown, January 2024 and January 2025, phase by phase:
 *
 *   rate(phase, Y) = plans(phase, January Y) / population(phase ages, mid-year Y-1)
 *   trend(phase)   = rate(phase, 2025) / rate(phase, 2024) - 1, rounded to 4 decimal places
 *
 * for the school phases; early years (0-3) and post-19 (20-25) are held at 0 (rate unchanged): their
 * one-year changes (-12% and -37%) reflect how plans are recorded and ceased, and neither needs school
 * places. One year is a short base; DEMAND.md compares it with the longer aggregate series.
 */
import { PHASES } from '../phases.js';
import { DEMAND_PHASES, DEMAND_PHASE_AGES, type DemandPhase } from './demand-phases.js';
import type { DemandInputs } from './types.js';

/** Kent residents at a single age, mid-year (sum of the districts' projections). */
export function countyPopulation(population: DemandInputs['population'], age: number, midYear: number): number {
  if (midYear < population.firstYear || midYear > population.lastYear) throw new RangeError(`no population for mid-${midYear}`);
  let total = 0;
  for (const d of population.districts.values()) total += d.byAge[age]![midYear - population.firstYear]!;
  return total;
}

export interface PhaseRate {
  phase: DemandPhase;
  previousRate: number;
  baseRate: number;
  /** baseRate / previousRate - 1, unrounded. */
  growth: number;
}

/** EHCP rate per resident by phase in the base year and the year before (person-level years). */
export function phaseRates(inputs: Pick<DemandInputs, 'baseYear' | 'ageGroups' | 'needByAge' | 'previousYearByAge' | 'population'>): PhaseRate[] {
  const { baseYear, population } = inputs;
  return DEMAND_PHASES.map((phase) => {
    const { low, high } = DEMAND_PHASE_AGES[phase];
    let basePlans = 0;
    inputs.ageGroups.forEach((g, i) => {
      if (g.low >= low && g.high <= high) basePlans += Object.values(inputs.needByAge[i]!).reduce((s, x) => s + x, 0);
    });
    let previousPlans = 0;
    let basePop = 0;
    let previousPop = 0;
    for (let a = low; a <= high; a++) {
      previousPlans += inputs.previousYearByAge.counts[a]!;
      basePop += countyPopulation(population, a, baseYear - 1);
      previousPop += countyPopulation(population, a, inputs.previousYearByAge.year - 1);
    }
    const baseRate = basePlans / basePop;
    const previousRate = previousPlans / previousPop;
    return { phase, previousRate, baseRate, growth: baseRate / previousRate - 1 };
  });
}

export function deriveRateTrend(inputs: Pick<DemandInputs, 'baseYear' | 'ageGroups' | 'needByAge' | 'previousYearByAge' | 'population'>): Record<DemandPhase, number> {
  const rates = phaseRates(inputs);
  return Object.fromEntries(
    rates.map((r) => [r.phase, (PHASES as readonly string[]).includes(r.phase) ? Math.round(r.growth * 1e4) / 1e4 : 0]),
  ) as Record<DemandPhase, number>;
}
