/**
 * The sufficiency model's demand, from the demand model (src/domain/demand, models/kent/DEMAND.md):
 * EHCP counts for the scenario's year and level, turned into pathway demand (special school by
 * designation, SRP by need type, outreach by designation, mainstream) by the pathway matrix with the
 * scenario's overrides applied (an inclusion target, shifts). The LP estimates no demand itself.
 */
import {
  countyWeights,
  describeAssumptions,
  ehcpCounts,
  mainstreamShare,
  applyPathwayOverride,
  provisionDemand,
  resolveDemandAssumptions,
  type DemandAssumptionOverrides,
  type PathwayOverride,
} from '../demand/index.js';
import type { Registry } from '../registry/registry.js';
import { DemandRequestError, type Assumption, type DemandRequest, type DemandSource } from './demand-source.js';

export function demandModelSource(registry: Registry): DemandSource {
  const inputs = registry.demand;
  return {
    pathwayDemand({ year, level, demand }: DemandRequest) {
      const overrides: DemandAssumptionOverrides = { rateTrend: demand.ehcpRateTrend, unknownNeed: demand.unknownNeed };
      const pathwayOverrides: PathwayOverride[] = [
        ...(demand.pathwayShifts ?? []).map((s) => ({ kind: 'shift' as const, ...s })),
        ...(demand.inclusionTarget !== undefined ? [{ kind: 'inclusion-target' as const, mainstreamShare: demand.inclusionTarget }] : []),
      ];
      let counts;
      let resolved;
      try {
        resolved = resolveDemandAssumptions(inputs, overrides);
        counts = ehcpCounts(inputs, { year, level, assumptions: overrides });
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        throw new DemandRequestError(/year/.test(err.message) || /population/.test(err.message) ? 'year' : 'demand.ehcpRateTrend', err.message);
      }
      let rows;
      try {
        rows = provisionDemand(counts, inputs.pathwayMatrix, pathwayOverrides);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        throw new DemandRequestError(/mainstreamShare/.test(err.message) ? 'demand.inclusionTarget' : 'demand.pathwayShifts', err.message);
      }
      const assumptions: Assumption[] = describeAssumptions(inputs, resolved, level).map((a) => ({ ...a, name: `demand.${a.name}` }));
      if (pathwayOverrides.length) {
        const weights = countyWeights(counts);
        const before = mainstreamShare(inputs.pathwayMatrix, weights);
        const after = mainstreamShare(
          pathwayOverrides.reduce((m, o) => applyPathwayOverride(m, o, weights), inputs.pathwayMatrix),
          weights,
        );
        assumptions.push({
          name: 'demand.pathwayOverrides',
          value: pathwayOverrides.map((o) => (o.kind === 'inclusion-target' ? `inclusion target ${o.mainstreamShare}` : `shift ${o.fraction}`)).join('; '),
          basis: `scenario: the pathway matrix's mainstream share (SRP + outreach + mainstream, as DfE counts it) of ${year} plans moves from ${before.toFixed(3)} to ${after.toFixed(3)}`,
        });
      }
      return { rows, assumptions };
    },
  };
}
