/**
 * Turns a scenario with a horizon into a path's inputs: each model year assembled as a single-year
 * scenario (assemble-inputs.ts: provisions under that year's designation set with the supply changes
 * in place that year), with demand by single year of age in which every cohort keeps the designation
 * set it was admitted under.
 *
 * Cohorts and designation sets. A pupil of age a in January Y entered their phase (at its first age,
 * PHASE_AGES[p].low) in the model year E = Y - (a - low): Reception for primary, Year 7 for
 * secondary, Year 12 for post-16. Admissions in E follow admissionsSet(scenario, E) (scenario.ts:
 * the scenario's set from horizon.admissionsFrom, the current designations before), so the
 * pupil's category is the one that set's admission rules give, until their next transition. That is
 * what "carried pupils keep their school" means for demand: only cohorts at a transition take the
 * new rules.
 */
import type { Registry } from '../../registry/registry.js';
import { phaseOfAge, PHASE_AGES } from '../../phases.js';
import { assembleInputs, demandCells, demandRequestOf, scenarioChoices, supplyBeforeHorizon, type AssembleDependencies } from '../assemble-inputs.js';
import type { DemandAnswer, DemandRequest, DemandSource, PathwayDemandByAgeRow, PathwayDemandRow } from '../demand-source.js';
import { isSrpCategory, type DemandCell } from '../inputs.js';
import { localityFrame, type LocalityFrame } from '../localities.js';
import { canonicalJson, type RunMeta } from '../run-identity.js';
import { admissionsSet, scenarioYears, yearScenario, type Scenario } from '../scenario.js';
import { cellKey, phaseAges, type PathDemandCell, type PathInputs, type PathYearInputs } from './path-inputs.js';

export interface AssembledPath {
  inputs: PathInputs;
  meta: RunMeta;
}

const SCHOOL_AGES = { first: PHASE_AGES.primary.low, last: PHASE_AGES.post16.high };
const rowKey = (r: { locality: string; phase: string; pathway: string; category: string | null }) => `${r.locality}|${r.phase}|${r.pathway}|${r.category ?? ''}`;

/**
 * Kent stopped commissioning SEMH and VI SRP places in December 2025 (decision 25/00085): pupils
 * admitted before (entering their phase by September 2025, the January 2026 model year) are in those
 * SRPs and keep their places; cohorts admitted from September 2026 (2027) follow the decision.
 */
export const SRP_DECISION_ADMISSIONS_FROM = 2027;

/** The model year a pupil of `age` in January `year` entered their phase. */
export function entryYear(year: number, age: number): number {
  const phase = phaseOfAge(age)!;
  return year - (age - PHASE_AGES[phase].low);
}

/**
 * Demand by age from a source without ages: each phase's pupils spread evenly over its ages (an
 * assumption, stated in the run).
 */
function evenByAge(rows: PathwayDemandRow[]): PathwayDemandByAgeRow[] {
  return rows.flatMap((r) => {
    const ages = phaseAges(r.phase);
    return ages.map((age) => ({ ...r, age, count: r.count / ages.length }));
  });
}

/**
 * Pathway demand of one year in which each age follows the designation set of its cohort's
 * admission: rows summed over ages, and each row's pupils by age.
 */
function cohortDemand(
  scenario: Scenario,
  year: number,
  demand: DemandSource,
  params: Scenario['demand'],
): { rows: PathwayDemandRow[]; byAge: Map<string, number[]>; evenAges: boolean } {
  const regimeOfAge = new Map<number, string>();
  const regimes = new Map<string, DemandRequest>();
  for (let age = SCHOOL_AGES.first; age <= SCHOOL_AGES.last; age++) {
    const asked = cohortRequest(scenario, year, entryYear(year, age), params);
    const key = demandRequestKey(asked);
    regimeOfAge.set(age, key);
    regimes.set(key, asked);
  }
  const byAge = new Map<string, number[]>();
  const totals = new Map<string, PathwayDemandRow>();
  let evenAges = false;
  for (const [regime, asked] of regimes) {
    let rows: PathwayDemandByAgeRow[];
    if (demand.pathwayDemandByAge) rows = demand.pathwayDemandByAge(asked);
    else {
      rows = evenByAge(demand.pathwayDemand(asked).rows);
      evenAges = true;
    }
    for (const r of rows) {
      if (regimeOfAge.get(r.age) !== regime) continue;
      const key = rowKey(r);
      const low = PHASE_AGES[r.phase].low;
      const ages = byAge.get(key) ?? byAge.set(key, new Array<number>(phaseAges(r.phase).length).fill(0)).get(key)!;
      ages[r.age - low]! += r.count;
      const total = totals.get(key) ?? totals.set(key, { locality: r.locality, phase: r.phase, pathway: r.pathway, category: r.category, count: 0 }).get(key)!;
      total.count += r.count;
    }
  }
  return { rows: [...totals.values()], byAge, evenAges };
}

/** Demand cells with their pupils by age: each cell's ages in the proportions of the demand row it came from. */
function cellsWithAges(cells: DemandCell[], byAge: Map<string, number[]>, sourceLocality: (locality: string) => string): PathDemandCell[] {
  const merged = new Map<string, PathDemandCell>();
  for (const c of cells) {
    if (!(c.count > 0)) continue;
    const srp = isSrpCategory(c.category);
    const key = rowKey({ locality: sourceLocality(c.locality), phase: c.phase, pathway: srp ? 'srp' : 'special', category: srp ? c.category.slice(4) : c.category });
    const ages = byAge.get(key);
    const total = ages?.reduce((s, v) => s + v, 0) ?? 0;
    const n = phaseAges(c.phase).length;
    const share = ages && total > 0 ? ages.map((v) => v / total) : new Array<number>(n).fill(1 / n);
    const existing = merged.get(cellKey(c));
    if (existing) {
      existing.count += c.count;
      share.forEach((s, i) => (existing.byAge[i]! += s * c.count));
    } else merged.set(cellKey(c), { ...c, byAge: share.map((s) => s * c.count) });
  }
  return [...merged.values()];
}

function sourceLocalityOf(frame: LocalityFrame): (locality: string) => string {
  if (frame.level !== 'lsoa') return (l) => l;
  const msoaOf = new Map<string, string>();
  for (const [msoa, lsoas] of frame.lsoaShares ?? []) for (const l of lsoas) msoaOf.set(l.lsoa, msoa);
  return (l) => msoaOf.get(l) ?? l;
}

/**
 * Every question a scenario asks of the demand model (a path: each year under each designation set
 * its cohorts were admitted under, and the band's variants), so a caller can answer them ahead (a
 * test's fixture demand is asked on the calling thread and its answers sent to the worker).
 */
export function demandRequestsOf(scenario: Scenario): DemandRequest[] {
  if (!scenario.horizon) return [demandRequestOf(scenario)];
  const projections: Scenario['demand'][] = scenario.horizon.band ? [scenario.demand, { ...scenario.demand, projection: 'low' }, { ...scenario.demand, projection: 'high' }] : [scenario.demand];
  const out = new Map<string, DemandRequest>();
  const add = (r: DemandRequest) => out.set(demandRequestKey(r), r);
  for (const year of scenarioYears(scenario)) {
    add(demandRequestOf(yearScenario(scenario, year)));
    for (const params of projections) {
      for (let age = SCHOOL_AGES.first; age <= SCHOOL_AGES.last; age++) add(cohortRequest(scenario, year, entryYear(year, age), params));
    }
  }
  return [...out.values()];
}

/** One key per distinct demand question. */
export const demandRequestKey = (r: DemandRequest) => canonicalJson({ ...r, designationSet: r.designationSet ?? 'current', legacySrps: r.legacySrps ?? false });

/** What demand a cohort that entered its phase in `entered` has in `year`: its admission's designation set and SRP commissioning. */
function cohortRequest(scenario: Scenario, year: number, entered: number, params: Scenario['demand']): DemandRequest {
  return {
    ...demandRequestOf(yearScenario(scenario, year)),
    demand: params,
    designationSet: admissionsSet(scenario, entered),
    legacySrps: entered < SRP_DECISION_ADMISSIONS_FROM,
  };
}

/** A demand source answering from answers given ahead (demandRequestsOf); any other question is a programming error. */
export function answeredDemand(answers: Record<string, DemandAnswer>): DemandSource {
  return {
    pathwayDemand(request) {
      const answer = answers[demandRequestKey(request)];
      if (!answer) throw new Error(`no demand answer given for ${demandRequestKey(request)}`);
      return answer;
    },
  };
}

export function assemblePath(scenario: Scenario, registry: Registry, deps: AssembleDependencies): AssembledPath {
  if (!scenario.horizon) throw new Error('assemblePath needs a scenario with a horizon');
  const frame = localityFrame(registry, scenario.level);
  const sourceLocality = sourceLocalityOf(frame);
  const baseDemand = deps.baseDemand ?? deps.demand;
  const years: PathYearInputs[] = [];
  const notes: string[] = [];
  let first: ReturnType<typeof assembleInputs> | undefined;
  let evenAges = false;

  for (const year of scenarioYears(scenario)) {
    const ys = yearScenario(scenario, year);
    const cohorts = cohortDemand(scenario, year, deps.demand, scenario.demand);
    evenAges ||= cohorts.evenAges;
    // The year's assumptions come from the demand model's answer for this year's admissions; the
    // rows are the cohorts' (each under the set it was admitted under). The single-year note on who
    // no longer meets a special designation is left out: in a path only cohorts at a transition move.
    const answer = deps.demand.pathwayDemand(demandRequestOf(ys));
    const cohortAnswer: DemandAnswer = { ...answer, rows: cohorts.rows, changes: undefined };
    const assembled = assembleInputs(ys, registry, { ...deps, demand: { pathwayDemand: () => cohortAnswer }, baseDemand });
    first ??= assembled;
    for (const n of assembled.notes) if (!notes.includes(n)) notes.push(n);
    years.push({
      year,
      designationSet: ys.designationSet,
      demand: cellsWithAges(assembled.inputs.demand, cohorts.byAge, sourceLocality),
      outreachDemand: assembled.inputs.outreachDemand,
      provisions: assembled.inputs.provisions,
      independentCapacity: assembled.inputs.independent.capacity,
    });
  }

  // The band: the same path with the projection's low and high variants (supply is the same).
  let band: PathInputs['band'] = null;
  if (scenario.horizon.band) {
    const variant = (projection: 'low' | 'high') =>
      years.map(({ year }) => {
        const cohorts = cohortDemand(scenario, year, deps.demand, { ...scenario.demand, projection });
        return cellsWithAges(demandCells(scenario, frame, cohorts.rows).demand, cohorts.byAge, sourceLocality);
      });
    band = { low: variant('low'), high: variant('high') };
  }

  const base = first!;
  const { inputs } = base;
  const h = scenario.horizon;
  const pathInputs: PathInputs = {
    kind: 'path',
    level: scenario.level,
    localities: inputs.localities,
    travel: inputs.travel,
    independent: { categories: inputs.independent.categories, costPerPlace: inputs.independent.costPerPlace, schools: inputs.independent.schools },
    costs: inputs.costs,
    outreachTeams: inputs.outreachTeams,
    years,
    provisionsBefore: supplyBeforeHorizon(scenario, registry, { ...deps, baseDemand }),
    ages: evenAges ? 'even-within-phase' : 'demand-model',
    band,
  };
  const setChange =
    scenario.designationSet === 'current'
      ? 'current designations for every admission'
      : `current designations for admissions before ${h.admissionsFrom}, ${scenario.designationSet} from ${h.admissionsFrom}`;
  const meta: RunMeta = {
    ...base.meta,
    designationSet: scenario.designationSet,
    assumptions: [
      ...base.meta.assumptions.filter((a) => a.name !== 'designationSet'),
      { name: 'horizon', value: `${h.from}-${h.to}`, basis: 'scenario: model years (January of each)' },
      {
        name: 'designationSet',
        value: setChange,
        basis: 'scenario; the proposed designations apply to admissions from September 2026 (Kent SEND Strategy 2025-2028), the January 2027 model year being the first of those admissions',
      },
      {
        name: 'path.cohorts',
        value: 'placements kept until the next transition (into Reception, Year 7, Year 12; leaving after 19)',
        basis: 'assumption: pupils placed stay in their placement (state, SRP or independent) from year to year and move only at transition points',
      },
      {
        name: 'path.ages',
        value: evenAges ? 'each phase spread evenly over its ages' : "the demand model's single years of age",
        basis: evenAges
          ? 'assumption: the demand source gives no ages'
          : 'DfE SEN2 January 2025 plans by single year of age, projected (models/kent/DEMAND.md): which pupils are at a transition, and how many plans of a cohort cease or start from one January to the next',
      },
      ...(h.band ? [{ name: 'path.band', value: 'low and high projection variants', basis: "the demand model's projection variants (10th and 90th percentiles of its backtest record, models/kent/DEMAND.md)" }] : []),
    ],
    notes: [
      ...notes,
      ...(scenario.designationSet !== 'current' && h.admissionsFrom <= h.to
        ? [
            `From ${h.admissionsFrom}, admissions follow the ${scenario.designationSet} designations: pupils entering a phase from then are matched by its admission guidance and placed at schools as designated; pupils placed before keep their school until their next transition.`,
          ]
        : []),
    ],
    scenarioInputs: scenarioChoices(scenario),
    observed: base.meta.observed,
  };
  return { inputs: pathInputs, meta };
}

