/**
 * The assumption set behind a demand figure, by name, value and basis: every response that shows
 * demand carries it, so each number can be traced (models/kent/DEMAND.md has the detail).
 */
import { DEMAND_PHASES } from './phases.js';
import type { DemandAssumptions, LocalityLevel } from './ehcp-counts.js';
import type { AssumptionEntry } from './demand-result.js';
import type { DemandInputs } from './types.js';

export type { AssumptionEntry } from './demand-result.js';

export function describeAssumptions(inputs: DemandInputs, assumptions: DemandAssumptions, level: LocalityLevel): AssumptionEntry[] {
  const base = inputs.baseYear;
  const plans = inputs.needByAge.reduce((s, g) => s + Object.values(g).reduce((t, x) => t + x, 0), 0);
  const unknown = inputs.needByAge.reduce((s, g) => s + g.UNKNOWN, 0);
  const entries: AssumptionEntry[] = [
    {
      name: 'baseYear',
      value: base,
      basis: `DfE SEN2 "Education, health and care plans" 2025: ${plans} plans maintained by Kent in January ${base}, by primary need and age (OGL v3)`,
    },
    ...DEMAND_PHASES.map((phase) => {
      const value = assumptions.rateTrend[phase];
      const isDefault = value === inputs.defaultRateTrend[phase];
      return {
        name: `rateTrend.${phase}`,
        value,
        basis: !isDefault
          ? 'set by the caller: annual growth of the EHCP rate per resident, compounding from the base year'
          : phase === 'early-years' || phase === 'post19'
            ? 'default: rate held at its January 2025 level (this band needs no school places; its recent change reflects how plans are recorded)'
            : `default: change in Kent's EHCP rate per resident of these ages from January ${base - 1} to January ${base} (person-level collection only; DfE's 2023 change of collection breaks the earlier series)`,
      };
    }),
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
