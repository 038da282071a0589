/**
 * The assumption set behind a demand figure, by name, value and basis: every response that shows
 * demand carries it, so each number can be traced (models/kent/DEMAND.md has the detail).
 */
import { DEMAND_PHASES } from './demand-phases.js';
import type { DemandAssumptions, DemandLevel } from './ehcp-counts.js';
import type { AssumptionEntry } from './demand-result.js';
import type { DemandInputs } from './types.js';

export type { AssumptionEntry } from './demand-result.js';

export function describeAssumptions(inputs: DemandInputs, assumptions: DemandAssumptions, level: DemandLevel): AssumptionEntry[] {
  const base = inputs.baseYear;
  const plans = inputs.needByAge.reduce((s, g) => s + Object.values(g).reduce((t, x) => t + x, 0), 0);
  const unknown = inputs.needByAge.reduce((s, g) => s + g.UNKNOWN, 0);
  const entries: AssumptionEntry[] = [
    {
      name: 'baseYear',
      value: base,
      basis: `DfE SEN2 "Education, health and care plans" 2025: ${plans} plans maintained by Kent in January ${base}, by primary need and age (OGL v3)`,
    },
    ...projectionEntries(inputs, assumptions),
    {
      name: 'unknownNeed',
      value: assumptions.unknownNeed,
      basis:
        assumptions.unknownNeed === 'distribute'
          ? `the ${unknown} plans with no recorded primary need are shared over the known needs pro rata within each age`
          : `the ${unknown} plans with no recorded primary need are left out`,
    },
    {
      name: 'population',
      value: 'ONS 2022-based SNPP (migration category variant), mid-year before each January',
      basis: 'district residents by single year of age; ages in SEN2 are at the start of the school year, so January Y uses mid-year Y-1',
    },
    {
      name: 'localityApportionment',
      value: 'county rate x district population',
      basis: 'estimate: each district gets the county EHCP rate for each need and age (no public district EHCP count exists)',
    },
  ];
  if (level === 'msoa') {
    entries.push({
      name: 'msoaApportionment',
      value: 'Census 2021 shares of district residents aged 0-15 and 16-24',
      basis:
        "estimate: an MSOA gets its district's figure times its share of the district's Census 2021 residents aged 0-15 (for ages 0-15) or 16-24 (for ages 16-25), held constant to 2030",
    });
  }
  return entries;
}

/** How the years after the base year are projected: the chosen method and variant, or the caller's rate trend. */
function projectionEntries(inputs: DemandInputs, assumptions: DemandAssumptions): AssumptionEntry[] {
  const base = inputs.baseYear;
  const trend = assumptions.rateTrend;
  if (trend) {
    return [
      { name: 'projection.method', value: 'rate-trend', basis: "set by the caller: the EHCP rate per resident grows by rateTrend a year, times ONS's population projection" },
      { name: 'projection.variant', value: 'custom', basis: 'set by the caller (a rate trend replaces the low, central and high variants)' },
      ...DEMAND_PHASES.map((phase) => {
        const value = trend[phase];
        return {
          name: `rateTrend.${phase}`,
          value,
          basis:
            value !== inputs.defaultRateTrend[phase]
              ? 'set by the caller: annual growth of the EHCP rate per resident, compounding from the base year'
              : phase === 'early-years' || phase === 'post19'
                ? 'not set by the caller: rate held at its January 2025 level'
                : `not set by the caller: the change in Kent's EHCP rate per resident of these ages from January ${base - 1} to January ${base}`,
        };
      }),
    ];
  }
  const p = inputs.projection;
  const score = p.scores.find((s) => s.method === p.central)!;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const m = p.multipliers;
  const variantBasis = {
    central: `the ${p.central} projection itself`,
    low: `the ${p.central} projection times the 10th percentile of actual / forecast in its backtest from 2018 (after the transition to EHC plans) at each horizon (${m.map((x) => x.low.toFixed(2)).join(', ')} for 1-5 years ahead)`,
    high: `the ${p.central} projection times the 90th percentile of actual / forecast in its backtest from 2018 (after the transition to EHC plans) at each horizon (${m.map((x) => x.high.toFixed(2)).join(', ')} for 1-5 years ahead)`,
  }[assumptions.variant];
  return [
    {
      name: 'projection.method',
      value: p.central,
      basis:
        `central: of the ${p.scores.length} methods backtested on Kent's 2010-${base} series by age band (counts; 2023 has no bands), the one with the smallest ` +
        `mean absolute error over ages 5-19, 1-5 years ahead (${pct(score.overall)}; 1-2 years ahead ${pct(score.oneAndTwoYears)}). Each published age band moves by the method's projection; models/kent/DEMAND.md`,
    },
    {
      name: 'projection.variant',
      value: assumptions.variant,
      basis: assumptions.variant === 'central' ? variantBasis : `${variantBasis}: the bounds of an 80% interval from the method's own backtest record`,
    },
    {
      name: 'projection.heldAges',
      value: 'ages 0-3 and 20-25: rate per resident held at January ' + base,
      basis: 'these ages need no school places, and their recent changes reflect how plans are recorded and ceased (post-19 fell from 1,911 in 2022 to 772 in 2025 across the change of collection)',
    },
  ];
}
