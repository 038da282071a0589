/**
 * The use case behind `GET /demand`: EHCP counts for a year and locality level, filtered by need,
 * phase and locality, with the assumption set they were computed with.
 */
import { DomainError } from '../errors.js';
import type { NeedCode } from '../needs.js';
import type { Locality, Registry } from '../registry/registry.js';
import { describeAssumptions, type AssumptionEntry } from './assumptions.js';
import type { DemandTableRow } from './demand-result.js';
import { ehcpCounts, resolveDemandAssumptions, type DemandAssumptionOverrides, type DemandLevel } from './ehcp-counts.js';
import type { DemandPhase } from './demand-phases.js';

export interface DemandTableQuery {
  year: number;
  level: DemandLevel;
  need?: NeedCode;
  phase?: DemandPhase;
  /** A district or MSOA, by code or name. At MSOA level a district selects its MSOAs. */
  locality?: string;
  assumptions?: DemandAssumptionOverrides;
}

export type { DemandTableRow } from './demand-result.js';

/** A filter value the caller got wrong: `field` is the query parameter. */
export class DemandQueryError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('invalid', message, { issues: [{ path: field, message }] });
  }
}

export function findLocality(registry: Registry, wanted: string): Locality | undefined {
  const w = wanted.trim().toLowerCase();
  return (
    registry.localityByCode.get(wanted.trim().toUpperCase()) ??
    registry.districts.find((d) => d.name.toLowerCase() === w) ??
    registry.msoas.find((m) => m.name.toLowerCase() === w)
  );
}

export function demandTable(registry: Registry, q: DemandTableQuery): { rows: DemandTableRow[]; assumptions: AssumptionEntry[] } {
  let keep: ((code: string) => boolean) | null = null;
  if (q.locality !== undefined) {
    const locality = findLocality(registry, q.locality);
    if (!locality) throw new DemandQueryError('locality', 'unknown locality: give a district or MSOA code or name');
    if (q.level === 'district' && locality.level === 'msoa') {
      throw new DemandQueryError('locality', 'an MSOA cannot be selected at level=district; use level=msoa');
    }
    keep =
      locality.level === q.level
        ? (code) => code === locality.code
        : (code) => registry.localityByCode.get(code)?.districtCode === locality.code;
  }
  const assumptions = resolveDemandAssumptions(registry.demand, q.assumptions);
  const rows = ehcpCounts(registry.demand, { year: q.year, level: q.level, assumptions: q.assumptions })
    .filter((r) => (q.need === undefined || r.need === q.need) && (q.phase === undefined || r.phase === q.phase) && (keep === null || keep(r.locality)))
    .map((r) => ({ ...r, localityName: registry.localityByCode.get(r.locality)?.name ?? r.locality }));
  return { rows, assumptions: describeAssumptions(registry.demand, assumptions, q.level) };
}
