/**
 * What a path (a scenario over several model years) is solved from: the single-year model's inputs
 * for each year, with each demand cell's pupils by single year of age, so that cohorts can be
 * followed from one January to the next (solve-path.ts states how). Plain data, like the
 * single-year inputs: stored with the run, hashed, sent to a worker and rebuilt exactly.
 *
 * What does not change between years (localities, travel, independent schools, costs) is held
 * once; what does (demand, the provisions admitting pupils and their places, the designation set
 * admissions follow) is held per year.
 */
import { PHASE_AGES, type Phase } from '../../phases.js';
import type {
  DemandCell,
  IndependentFallback,
  LocalityLevel,
  LocalityOutreachTeam,
  OutreachDemand,
  PlaceCosts,
  SufficiencyInputs,
  SufficiencyLocality,
  SupplyProvision,
} from '../inputs.js';

/** A demand cell with its pupils by single year of age, `byAge[i]` at age PHASE_AGES[phase].low + i (summing to count). */
export interface PathDemandCell extends DemandCell {
  byAge: number[];
}

export interface PathYearInputs {
  /** January of the model year. */
  year: number;
  /** The designation set this year's admissions follow (which categories each school admits). */
  designationSet: string;
  /** Every pupil who needs a place this year, by locality, category, phase and age (cohorts keep the set they were admitted under). */
  demand: PathDemandCell[];
  outreachDemand: OutreachDemand[];
  /** Provisions admitting pupils this year, with their places (a provision closed to admissions is absent). */
  provisions: SupplyProvision[];
  /** Independent placements available in all this year; null for no limit. */
  independentCapacity: number | null;
}

/** Demand of the low and high projection variants, year by year (the band). */
export interface PathBandInputs {
  low: PathDemandCell[][];
  high: PathDemandCell[][];
}

export interface PathInputs {
  kind: 'path';
  level: LocalityLevel;
  localities: SufficiencyLocality[];
  travel: SufficiencyInputs['travel'];
  /** Independent schools and the fallback's rules; capacity is per year (years[t].independentCapacity). */
  independent: Omit<IndependentFallback, 'capacity'>;
  costs: PlaceCosts;
  outreachTeams: LocalityOutreachTeam[];
  /** Consecutive model years. */
  years: PathYearInputs[];
  /**
   * The provisions of the year before the first (the register with the changes that have no start
   * year): what the first year's places opened and closed are measured against. Absent in inputs
   * stored before it was added (the first year then reports no changes).
   */
  provisionsBefore?: SupplyProvision[];
  /** How ages were found: from the demand model, or each phase spread evenly over its ages (a source without ages). */
  ages: 'demand-model' | 'even-within-phase';
  band: PathBandInputs | null;
}

/** The single-year model's inputs of year t, with the given demand and provisions (default: the year's own). */
export function yearInputs(path: PathInputs, t: number, demand: DemandCell[] = path.years[t]!.demand, provisions: SupplyProvision[] = path.years[t]!.provisions): SufficiencyInputs {
  const y = path.years[t]!;
  return {
    level: path.level,
    year: y.year,
    localities: path.localities,
    demand: demand.map(({ locality, category, phase, count }) => ({ locality, category, phase, count })),
    outreachDemand: y.outreachDemand,
    provisions,
    outreachTeams: path.outreachTeams,
    travel: path.travel,
    independent: { ...path.independent, capacity: y.independentCapacity },
    costs: path.costs,
  };
}

/** The ages of a phase, youngest first (age at the start of the school year). */
export function phaseAges(phase: Phase): number[] {
  const { low, high } = PHASE_AGES[phase];
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

export const cellKey = (c: { locality: string; category: string; phase: string }) => `${c.locality}|${c.category}|${c.phase}`;

/** Checks the shape the solver relies on: consecutive years, ages that sum to each cell. */
export function validatePathInputs(path: PathInputs): void {
  if (path.kind !== 'path') throw new Error('not path inputs');
  if (!path.years.length) throw new Error('a path needs at least one year');
  path.years.forEach((y, t) => {
    if (t > 0 && y.year !== path.years[t - 1]!.year + 1) throw new Error(`years[${t}]: years must be consecutive`);
    const seen = new Set<string>();
    y.demand.forEach((c, i) => {
      const key = cellKey(c);
      if (seen.has(key)) throw new Error(`years[${t}].demand[${i}]: a second cell ${key}`);
      seen.add(key);
      if (c.byAge.length !== phaseAges(c.phase).length) throw new Error(`years[${t}].demand[${i}]: byAge needs one entry per age of the ${c.phase} phase`);
      const sum = c.byAge.reduce((s, v) => s + v, 0);
      if (c.byAge.some((v) => !Number.isFinite(v) || v < 0) || Math.abs(sum - c.count) > 1e-6 * Math.max(1, c.count)) {
        throw new Error(`years[${t}].demand[${i}]: byAge must be non-negative and sum to count (${sum} against ${c.count})`);
      }
    });
  });
}
