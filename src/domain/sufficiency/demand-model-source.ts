/**
 * The sufficiency model's demand, from the demand model (src/domain/demand, models/kent/DEMAND.md):
 * EHCP counts for the scenario's year and level, turned into pathway demand (special school by
 * designation, SRP by need type, outreach by designation, mainstream) by the pathway matrix of the
 * scenario's designation set (need profiles run through that set's admission rules) with the
 * scenario's overrides applied (an inclusion target, shifts). The LP estimates no demand itself.
 */
import {
  applyPathwayOverride,
  countyWeights,
  describeAssumptions,
  designationChanges,
  designationDemand,
  ehcpCounts,
  mainstreamShare,
  provisionDemand,
  resolveDemandAssumptions,
  type DemandAssumptionOverrides,
  type PathwayOverride,
} from '../demand/index.js';
import type { Phase } from '../phases.js';
import type { Registry } from '../registry/registry.js';
import { DemandRequestError, type Assumption, type DemandAnswer, type DemandRequest, type DemandSource } from './demand-source.js';

export function demandModelSource(registry: Registry): DemandSource {
  const inputs = registry.demand;
  return {
    pathwayDemand({ year, level, demand, designationSet = 'current' }: DemandRequest): DemandAnswer {
      const overrides: DemandAssumptionOverrides = { rateTrend: demand.ehcpRateTrend, variant: demand.projection, unknownNeed: demand.unknownNeed };
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
      const model = designationDemand(registry);
      const matrix = model.matrices[designationSet];
      let rows;
      try {
        rows = provisionDemand(counts, matrix, pathwayOverrides);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        throw new DemandRequestError(/mainstreamShare/.test(err.message) ? 'demand.inclusionTarget' : 'demand.pathwayShifts', err.message);
      }
      const assumptions: Assumption[] = describeAssumptions(inputs, resolved, level).map((a) => ({ ...a, name: `demand.${a.name}` }));
      assumptions.push({
        name: 'demand.designationSet',
        value: designationSet,
        basis:
          designationSet === 'current'
            ? "need profiles (need-profiles.json) run through Kent's five current designations' admission rules, each mapped to the category its schools are proposed to hold (DEMAND.md)"
            : `need profiles run through the proposed admission guidance (admission-guidance.json)${designationSet === 'approved' ? "; officers' decisions change which school holds which designation, not what a child's needs meet, so the demand is the proposed set's" : ''}`,
      });
      if (pathwayOverrides.length) {
        const weights = countyWeights(counts);
        const before = mainstreamShare(matrix, weights);
        const after = mainstreamShare(
          pathwayOverrides.reduce((m, o) => applyPathwayOverride(m, o, weights), matrix),
          weights,
        );
        assumptions.push({
          name: 'demand.pathwayOverrides',
          value: pathwayOverrides.map((o) => (o.kind === 'inclusion-target' ? `inclusion target ${o.mainstreamShare}` : `shift ${o.fraction}`)).join('; '),
          basis: `scenario: the mainstream share (SRP + outreach + mainstream, as DfE SEN2 counts it over all plans) of ${year} plans moves from ${before.toFixed(3)} to ${after.toFixed(3)}`,
        });
      }
      const method = String(assumptions.find((a) => a.name === 'demand.projection.method')!.value);
      const variant = String(assumptions.find((a) => a.name === 'demand.projection.variant')!.value);
      const changes =
        designationSet === 'current'
          ? undefined
          : designationChanges(counts, model).map((c) => ({ ...c, phase: c.phase as Phase }));
      return { rows, assumptions, designationSet, projection: { method, variant }, ...(changes ? { changes } : {}) };
    },
  };
}
