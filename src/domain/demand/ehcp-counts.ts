/**
 * EHCP demand by locality x primary need x phase x year.
 *
 * There is no public small-area count of EHCPs, so county rates are apportioned by population
 * (models/kent/DEMAND.md has the derivation). For need n, published age group g (single years 3-25,
 * and 0-2), district d and year Y (January):
 *
 *   E'(n, g)          = plans in January 2025 with primary need n at ages g, with the plans whose need
 *                       is not recorded shared over the known needs pro rata within g (or left out)
 *   county(n, g, Y)   = E'(n, g) x F(band of g, Y)                                   school ages 4-19
 *                     = E'(n, g) x P(Kent, g, mid-(Y-1)) / P(Kent, g, mid-2024)      ages 0-3 and 20-25 (rate held)
 *   count(d, n, g, Y) = county(n, g, Y) x P(d, g, mid-(Y-1)) / P(Kent, g, mid-(Y-1))
 *   count(m, n, g, Y) = count(d, n, g, Y) x C(m, band) / C(d, band)                 for MSOA m in district d
 *
 * F is the projection (projection.ts): the chosen method's plans in the published age band of g in
 * year Y over the band's plans in 2025, for the low, central or high variant. Within a band every age
 * and need moves together. A caller who sets a rate trend gets the rate-trend method instead:
 * county(n, g, Y) = E'(n, g) / P(Kent, g, mid-2024) x (1 + trend(phase of g)) ^ (Y - 2025) x P(Kent, g, mid-(Y-1)).
 *
 * P is the ONS 2022-based projection (mid-year Y-1 is the population in January Y: ages in SEN2 are
 * at the start of the school year); C is the Census 2021 population aged 0-15 (ages 0-15) or 16-24
 * (ages 16-25). Summing districts gives the county figure exactly, and summing a district's MSOAs
 * gives the district. Counts are expected values, left unrounded.
 */
import { NEED_CODES, type NeedCode } from '../needs.js';
import { DEMAND_PHASES, DEMAND_PHASE_AGES, demandPhaseOfAge, isSchoolPhase, type DemandPhase } from './demand-phases.js';
import { bandOfAge, type ProjectionVariant } from './projection.js';
import type { DemandInputs, EhcpCountByAgeRow, EhcpCountRow, MsoaShare } from './types.js';

/** The years the service projects (January of each). The population runs further; the trend should not. */
export const DEMAND_YEARS = { first: 2025, last: 2030 } as const;
/** The locality levels demand is reported at: districts and MSOAs (LSOAs are the sufficiency model's, sufficiency/inputs.ts). */
export const DEMAND_LEVELS = ['district', 'msoa'] as const;
export type DemandLevel = (typeof DEMAND_LEVELS)[number];
export const UNKNOWN_NEED_TREATMENTS = ['distribute', 'exclude'] as const;
export type UnknownNeedTreatment = (typeof UNKNOWN_NEED_TREATMENTS)[number];

/** The assumption set a demand figure was computed with. */
export interface DemandAssumptions {
  /**
   * Set by the caller: annual growth of the EHCP rate per resident, by phase (0.05 = +5% a year,
   * compounding from the base year), the rate-trend method. null: the projection (`variant`).
   */
  rateTrend: Record<DemandPhase, number> | null;
  /** Which projection: the central method, or its low or high variant (projection.ts). */
  variant: ProjectionVariant;
  /** Plans whose primary need is not recorded: shared over the known needs pro rata within age, or left out. */
  unknownNeed: UnknownNeedTreatment;
}

export interface DemandAssumptionOverrides {
  /** One number for every phase, or some phases only (the others take the one-year change, DEMAND.md). */
  rateTrend?: number | Partial<Record<DemandPhase, number>>;
  variant?: ProjectionVariant;
  unknownNeed?: UnknownNeedTreatment;
}

export interface DemandQuery {
  year: number;
  level: DemandLevel;
  assumptions?: DemandAssumptionOverrides;
}

export function resolveDemandAssumptions(inputs: DemandInputs, overrides: DemandAssumptionOverrides = {}): DemandAssumptions {
  const trend = overrides.rateTrend;
  const base = { variant: overrides.variant ?? 'central', unknownNeed: overrides.unknownNeed ?? 'distribute' } as const;
  if (trend === undefined) return { ...base, rateTrend: null };
  const rateTrend = { ...inputs.defaultRateTrend };
  if (typeof trend === 'number') for (const p of DEMAND_PHASES) rateTrend[p] = trend;
  else for (const [phase, g] of Object.entries(trend)) if (g !== undefined) rateTrend[phase as DemandPhase] = g;
  for (const [phase, g] of Object.entries(rateTrend)) {
    if (!Number.isFinite(g) || g <= -1) throw new RangeError(`rate trend for ${phase} must be a number above -1`);
  }
  return { ...base, rateTrend };
}

/**
 * County plans in the base year by age group and known need, after the unknown-need treatment:
 * `[g][need]`. With 'distribute', each age group's unknown-need plans are shared over its known
 * needs in proportion to them, so the age group's total is kept.
 */
export function countyBaseByAge(inputs: DemandInputs, unknownNeed: UnknownNeedTreatment): Record<NeedCode, number>[] {
  return inputs.needByAge.map((g) => {
    const known = NEED_CODES.reduce((s, n) => s + g[n], 0);
    const factor = unknownNeed === 'distribute' && known > 0 ? (known + g.UNKNOWN) / known : 1;
    return Object.fromEntries(NEED_CODES.map((n) => [n, g[n] * factor])) as Record<NeedCode, number>;
  });
}

function checkYear(inputs: DemandInputs, year: number) {
  if (!Number.isInteger(year) || year < DEMAND_YEARS.first || year > DEMAND_YEARS.last) {
    throw new RangeError(`year must be a whole year from ${DEMAND_YEARS.first} to ${DEMAND_YEARS.last}`);
  }
  if (year - 1 > inputs.population.lastYear) throw new RangeError(`no population projection for mid-${year - 1}`);
}

/**
 * count(d, n, g, Y) for every district, age group and need: `[district][g][need index]`. The rest
 * of the model only sums and splits these.
 */
function districtCounts(inputs: DemandInputs, year: number, assumptions: DemandAssumptions) {
  const base = countyBaseByAge(inputs, assumptions.unknownNeed);
  const { population, baseYear, ageGroups } = inputs;
  const groupPop = (byAge: number[][], g: number, midYear: number) => {
    let s = 0;
    for (let a = ageGroups[g]!.low; a <= ageGroups[g]!.high; a++) s += byAge[a]![midYear - population.firstYear]!;
    return s;
  };
  // Kent's population in each age group at mid-(base-1) and mid-(year-1).
  const countyPop = (g: number, midYear: number) => {
    let s = 0;
    for (const d of population.districts.values()) s += groupPop(d.byAge, g, midYear);
    return s;
  };
  const phases = ageGroups.map((g) => demandPhaseOfAge(g.low));
  // county(g, Y) / E'(g, base): the projection's factor, or the rate-trend method's.
  const countyFactor = ageGroups.map((group, g) => {
    const populationChange = countyPop(g, year - 1) / countyPop(g, baseYear - 1);
    if (assumptions.rateTrend) return (1 + assumptions.rateTrend[phases[g]!]) ** (year - baseYear) * populationChange;
    if (!isSchoolPhase(phases[g]!)) return populationChange;
    return inputs.projection.factor[assumptions.variant][bandOfAge(group.low)]![year - baseYear]!;
  });
  const districts = [...population.districts.values()];
  const counts = districts.map((d) =>
    ageGroups.map((_, g) => {
      const factor = (countyFactor[g]! * groupPop(d.byAge, g, year - 1)) / countyPop(g, year - 1);
      return NEED_CODES.map((n) => base[g]![n] * factor);
    }),
  );
  return { districts, phases, counts };
}

/** Census 2021 gives LSOA residents only as 0-15 and 16-24: ages 16-25 take the 16-24 share. */
const msoaShareFor = (m: MsoaShare, ageHigh: number) => (ageHigh <= 15 ? m.share0to15 : m.share16to24);

/** Plans by locality, need and published age group (the finest grain the model has). */
export function ehcpCountsByAge(inputs: DemandInputs, query: DemandQuery): EhcpCountByAgeRow[] {
  checkYear(inputs, query.year);
  const { districts, phases, counts } = districtCounts(inputs, query.year, resolveDemandAssumptions(inputs, query.assumptions));
  const rows: EhcpCountByAgeRow[] = [];
  districts.forEach((district, di) => {
    inputs.ageGroups.forEach(({ low, high }, g) => {
      NEED_CODES.forEach((need, ni) => {
        const row = { need, phase: phases[g]!, year: query.year, ageLow: low, ageHigh: high };
        const count = counts[di]![g]![ni]!;
        if (query.level === 'district') rows.push({ locality: district.districtCode, ...row, count });
        else for (const m of inputs.msoaShares.get(district.districtCode) ?? []) rows.push({ locality: m.msoaCode, ...row, count: count * msoaShareFor(m, high) });
      });
    });
  });
  return rows;
}

/**
 * Plans by locality, need and phase for one year: the rows `GET /demand` returns and the sufficiency
 * model reads. Ordered by locality (districts by code; MSOAs by district, then as in msoas.geojson),
 * then phase, then need.
 */
export function ehcpCounts(inputs: DemandInputs, query: DemandQuery): EhcpCountRow[] {
  checkYear(inputs, query.year);
  const { districts, phases, counts } = districtCounts(inputs, query.year, resolveDemandAssumptions(inputs, query.assumptions));
  const rows: EhcpCountRow[] = [];
  districts.forEach((district, di) => {
    // Each phase lies inside one census band (0-15 or 16-25), so an MSOA's share applies to the phase total.
    const byPhase = DEMAND_PHASES.map((phase) => {
      const sums = new Array<number>(NEED_CODES.length).fill(0);
      phases.forEach((p, g) => {
        if (p === phase) counts[di]![g]!.forEach((c, ni) => (sums[ni]! += c));
      });
      return { phase, sums, ageHigh: DEMAND_PHASE_AGES[phase].high };
    });
    const localities =
      query.level === 'district'
        ? [{ code: district.districtCode, share: (_: number) => 1 }]
        : (inputs.msoaShares.get(district.districtCode) ?? []).map((m) => ({ code: m.msoaCode, share: (ageHigh: number) => msoaShareFor(m, ageHigh) }));
    for (const l of localities) {
      for (const { phase, sums, ageHigh } of byPhase) {
        const share = l.share(ageHigh);
        NEED_CODES.forEach((need, ni) => rows.push({ locality: l.code, need, phase, year: query.year, count: sums[ni]! * share }));
      }
    }
  });
  return rows;
}
