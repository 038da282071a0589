/**
 * The demand model: EHCP need by locality, primary need, phase and year, and the pathway matrix
 * that turns it into demand for special-school, SRP, outreach and mainstream provision.
 * Method and assumptions: models/kent/DEMAND.md. Inputs are loaded with the registry (`registry.demand`).
 */
export { DEMAND_PHASES, DEMAND_PHASE_AGES, demandPhaseOfAge, isSchoolPhase, type DemandPhase } from './demand-phases.js';
export {
  DEMAND_YEARS,
  DEMAND_LEVELS,
  UNKNOWN_NEED_TREATMENTS,
  countyBaseByAge,
  ehcpCounts,
  ehcpCountsByAge,
  resolveDemandAssumptions,
  type DemandAssumptionOverrides,
  type DemandAssumptions,
  type DemandQuery,
  type DemandLevel,
  type UnknownNeedTreatment,
} from './ehcp-counts.js';
export {
  PATHWAYS,
  applyPathwayOverride,
  countyWeights,
  mainstreamShare,
  matrixRow,
  pathwayMatrixCsvRows,
  placementSplit,
  provisionDemand,
  rowTotal,
  type PathwayOverride,
  type PathwaySlot,
  type PathwayWeights,
  type PlacementSplit,
} from './pathways.js';
export { countyPopulation, deriveRateTrend, phaseRates } from './rate-trend.js';
export {
  PROJECTION_METHODS,
  PROJECTION_VARIANTS,
  SERIES_BANDS,
  backtest,
  buildProjection,
  chooseCentral,
  scoreMethods,
  variantMultipliers,
  type BacktestPoint,
  type BandYear,
  type MethodScore,
  type ProjectionModel,
  type ProjectionVariant,
} from './projection.js';
export { describeAssumptions, type AssumptionEntry } from './assumptions.js';
export {
  DEMAND_DESIGNATION_SETS,
  buildDesignationDemand,
  designationChanges,
  designationDemand,
  profileWeights,
  type DemandDesignationSet,
  type DesignationChangeRow,
  type DesignationChangeShare,
  type DesignationDemandModel,
  type Outcome,
  type ProfileType,
} from './designation-demand.js';
export type {
  DemandInputs,
  EhcpCountByAgeRow,
  EhcpCountRow,
  Pathway,
  PathwayMatrix,
  PathwayMatrixRow,
  PathwayShares,
  ProvisionDemandRow,
} from './types.js';
