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
  ehcpCountsByAge,
  mainstreamShare,
  provisionDemand,
  resolveDemandAssumptions,
  type DemandAssumptionOverrides,
  type PathwayOverride,
} from '../demand/index.js';
import { decommissionedSrpShifts } from '../demand/decommissioned-srps.js';
import type { Phase } from '../phases.js';
import type { Registry } from '../registry/registry.js';
import { DemandRequestError, type Assumption, type DemandAnswer, type DemandRequest, type DemandSource, type PathwayDemandByAgeRow } from './demand-source.js';

/** The request's changes to the pathway matrix, in the order the demand model applies them (pupils in decommissioned SRPs first). */
function pathwayOverridesOf(registry: Registry, { demand, legacySrps, designationSet = 'current' }: DemandRequest): PathwayOverride[] {
  return [
    ...(legacySrps ? decommissionedSrpShifts(registry, designationSet) : []),
    ...(demand.pathwayShifts ?? []).map((s) => ({ kind: 'shift' as const, ...s })),
    ...(demand.inclusionTarget !== undefined ? [{ kind: 'inclusion-target' as const, mainstreamShare: demand.inclusionTarget }] : []),
  ];
}

export function demandModelSource(registry: Registry): DemandSource {
  const inputs = registry.demand;
  return {
    pathwayDemandByAge(request: DemandRequest): PathwayDemandByAgeRow[] {
      const { year, level, demand, designationSet = 'current' } = request;
      const overrides: DemandAssumptionOverrides = { rateTrend: demand.ehcpRateTrend, variant: demand.projection, unknownNeed: demand.unknownNeed };
      let counts;
      try {
        counts = ehcpCountsByAge(inputs, { year, level, assumptions: overrides });
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        throw new DemandRequestError(/year/.test(err.message) || /population/.test(err.message) ? 'year' : 'demand.ehcpRateTrend', err.message);
      }
      // Each single year of age as a locality of its own: the pathway matrix is by need and phase, so
      // an age's demand is its plans through its phase's row (and the overrides, weighted by the same
      // county totals as the phase-level answer, so the ages sum to it).
      const SEP = '\u0000';
      // Every age group goes in (school ages are single years): an inclusion target is weighted by all plans, as in the phase-level answer.
      const byAge = counts.map((c) => ({ locality: `${c.locality}${SEP}${c.ageLow}`, need: c.need, phase: c.phase, year: c.year, count: c.count }));
      const rows = provisionDemand(byAge, designationDemand(registry).matrices[designationSet], pathwayOverridesOf(registry, request));
      return rows.map((r) => {
        const [locality, age] = r.locality.split(SEP) as [string, string];
        return { ...r, locality, age: Number(age) };
      });
    },

    pathwayDemand(request: DemandRequest): DemandAnswer {
      const { year, level, demand, designationSet = 'current' } = request;
      const overrides: DemandAssumptionOverrides = { rateTrend: demand.ehcpRateTrend, variant: demand.projection, unknownNeed: demand.unknownNeed };
      const pathwayOverrides = pathwayOverridesOf(registry, request);
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
