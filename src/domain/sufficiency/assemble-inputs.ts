/**
 * Turns a scenario into the model's inputs: localities and centroids at the scenario's level, demand
 * from the demand model, provisions from the registry under the chosen designation set with the
 * scenario's supply changes applied, and every assumption the run depends on, listed by name with
 * its value and basis.
 *
 * Provision categories by designation set (see scenario.ts for the reasoning):
 * - 'current': the mapped designation plus the mapping's alternatives (legacy admissions);
 * - 'proposed': the proposed designation only;
 * - 'approved': the officer's decision (or the proposal while under review).
 *
 * Places by phase (estimates, labelled in each provision's note):
 * - a special school's places are split over the phases its ages cover in proportion to Kent's
 *   pupils of those ages in state special schools (SEN2, January 2025);
 * - SRP places not in the public list ("unlisted SRP places") fill, district by district, need type
 *   by need type and phase by phase, the gap between the pupils in Kent's SEN units and resourced
 *   provision (SEN2, shared out as the demand model's base year has them) and the listed units'
 *   places, at real mainstream schools of the right phase: in each district and phase,
 *   one host per assumed unit of `unknownSrpPlaces` places (at least one), taking the schools with
 *   the most pupils on roll first (then the lower URN) and leaving out schools that already host a
 *   listed unit of that phase.
 */
import { proposeAllMappings } from '../designations/designation-mapping.js';
import type { ProposedDesignationSource } from '../designations/designation-source.js';
import { DomainError } from '../errors.js';
import { PROPOSED_DESIGNATIONS, SRP_NEED_TYPES, type ProposedDesignation, type SrpNeedType } from '../needs.js';
import { journeyTimeModelOf, speedBandProblem, type JourneyTimeModel } from '../geo/travel-model.js';
import { PHASE_AGES, PHASES, type Phase } from '../phases.js';
import type { Registry, School } from '../registry/registry.js';
import type { Assumption, DemandAnswer, DemandRequest, DemandSource, PathwayDemandRow } from './demand-source.js';
import {
  srpCategory,
  type CapacityBasis,
  type Category,
  type DemandCell,
  type IndependentSchoolSupply,
  type LocalityOutreachTeam,
  type OutreachDemand,
  type SufficiencyInputs,
  type SupplyProvision,
} from './inputs.js';
import { localityFrame, type LocalityFrame } from './localities.js';
import type { RunMeta } from './run-identity.js';
import { changeActiveIn, namedProvision, scenarioYears, yearScenario, type Scenario, type YearScenario } from './scenario.js';
import type { SufficiencyFigures } from './sufficiency-data.js';

/** A scenario that names something the registry does not hold, or asks for an impossible change. */
export class ScenarioInputError extends DomainError {
  constructor(
    /** Where in the scenario, e.g. "supply[2].provision". */
    readonly path: string,
    message: string,
  ) {
    super('unprocessable', message, { issues: [{ path, message }] });
  }
}

export interface AssembledInputs {
  inputs: SufficiencyInputs;
  assumptions: Assumption[];
  /** Things a reader of the result should know (e.g. provisions whose places are assumed). */
  notes: string[];
  /** What the run carries besides its inputs: scenario, assumptions, notes, warnings, observed figures. */
  meta: RunMeta;
}

export interface AssembleDependencies {
  demand: DemandSource;
  /**
   * The demand model, for the base year's SRP demand that shares out the unlisted SRP places
   * (default `demand`; a test's fixture demand answers only the scenario's request, so the worker
   * passes the dataset's demand model here). Without it, checkScenario shares them by the SEN2 mix.
   */
  baseDemand?: DemandSource;
  /** Officers' decisions; required for designationSet 'approved'. */
  approved?: ProposedDesignationSource;
}

/**
 * Phases a provision taking ages [ageLow, ageHigh] serves. ageHigh is the age pupils leave at (the end
 * of the final year), so the last age at the start of a school year it teaches is ageHigh - 1: a 4-11
 * school is primary only, an 11-16 school secondary only, an 11-19 school secondary and post-16.
 */
export function phasesForAges(ageLow: number, ageHigh: number): Phase[] {
  return PHASES.filter((p) => ageLow <= PHASE_AGES[p].high && ageHigh - 1 >= PHASE_AGES[p].low);
}

const basisOf = (text: string): CapacityBasis => (text.startsWith('source') ? 'source' : text.startsWith('estimate') ? 'estimate' : 'assumption');

function categoriesUnder(scenario: YearScenario, registry: Registry, deps: Omit<AssembleDependencies, 'demand'>): Map<number, { categories: Category[]; note: string }> {
  const out = new Map<number, { categories: Category[]; note: string }>();
  if (scenario.designationSet === 'approved') {
    if (!deps.approved) throw new ScenarioInputError('designationSet', "approved designations are not available: the designation review is not installed in this service");
    for (const urn of registry.specialSchools.keys()) {
      const d = deps.approved.designationOf(urn);
      if (!d) throw new ScenarioInputError('designationSet', `no approved or proposed designation for special school ${urn}`);
      out.set(urn, { categories: [d.designation], note: d.note });
    }
    return out;
  }
  for (const m of proposeAllMappings(registry)) {
    const categories: Category[] = scenario.designationSet === 'current' ? [m.proposed, ...m.alternatives.filter((a) => a !== m.proposed)] : [m.proposed];
    const note =
      scenario.designationSet === 'current'
        ? `current ${m.current} mapped to ${categories.join(' + ')} (rule ${m.ruleId}; legacy admissions kept)`
        : `proposed ${m.proposed} (rule ${m.ruleId}, ${m.confidence} confidence${m.ambiguous ? ', ambiguous' : ''})`;
    out.set(m.urn, { categories, note });
  }
  return out;
}

/** The demand model's rows as the model's demand cells and outreach demand, at the scenario's level (LSOAs share their MSOA's). */
export function demandCells(scenario: Scenario, frame: LocalityFrame, rows: PathwayDemandRow[]): { demand: DemandCell[]; outreach: OutreachDemand[] } {
  const known = new Set(frame.localities.map((l) => l.code));
  const designations = new Set<string>(PROPOSED_DESIGNATIONS);
  const needTypes = new Set<string>(SRP_NEED_TYPES);
  const demand: DemandCell[] = [];
  /** Outreach demand by locality|designation ('' = any special school). */
  const outreachIn = new Map<string, number>();
  const mainstreamIn = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

  // LSOA level: the demand model answers by MSOA; each MSOA's demand is shared among its LSOAs by
  // Census 2021 population (ages 0-15 for primary and secondary, 16-24 for post-16).
  const spread = (row: PathwayDemandRow): { locality: string; count: number }[] => {
    if (frame.level !== 'lsoa') return [{ locality: row.locality, count: row.count }];
    const shares = frame.lsoaShares!.get(row.locality) ?? [];
    const weight = (s: { children: number; youngPeople: number }) => (row.phase === 'post16' ? s.youngPeople : s.children);
    const total = shares.reduce((t, s) => t + weight(s), 0);
    if (!shares.length) return [];
    return shares.map((s) => ({ locality: s.lsoa, count: total > 0 ? (row.count * weight(s)) / total : row.count / shares.length }));
  };

  for (const row of rows) {
    for (const { locality, count } of spread(row)) {
      if (!known.has(locality)) throw new Error(`demand model returned unknown locality ${locality}`);
      if (row.pathway === 'special') {
        if (!row.category || !designations.has(row.category)) throw new Error(`demand model returned special-school demand for unknown designation ${row.category}`);
        demand.push({ locality, category: row.category as ProposedDesignation, phase: row.phase, count });
      } else if (row.pathway === 'srp') {
        if (!row.category || !needTypes.has(row.category)) throw new Error(`demand model returned SRP demand for unknown need type ${row.category}`);
        demand.push({ locality, category: srpCategory(row.category as SrpNeedType), phase: row.phase, count });
      } else if (row.pathway === 'outreach') {
        if (row.category !== null && !designations.has(row.category)) throw new Error(`demand model returned outreach demand for unknown designation ${row.category}`);
        add(outreachIn, `${locality}|${row.category ?? ''}`, count);
      } else add(mainstreamIn, locality, count);
    }
  }
  const outreach: OutreachDemand[] = [];
  const share = scenario.outreach.share;
  for (const l of frame.localities) {
    const byCategory = ['', ...PROPOSED_DESIGNATIONS].map((c) => ({ category: (c || null) as ProposedDesignation | null, count: outreachIn.get(`${l.code}|${c}`) ?? 0 }));
    const pathwayTotal = byCategory.reduce((t, c) => t + c.count, 0);
    if (share === null) {
      for (const c of byCategory) if (c.count > 0) outreach.push({ locality: l.code, ...c });
      continue;
    }
    // A scenario share of all mainstream EHCP pupils, split over designations as the demand model's
    // outreach pathway splits them in this locality (any special school when it has none).
    const total = share * (pathwayTotal + (mainstreamIn.get(l.code) ?? 0));
    if (total <= 0) continue;
    if (pathwayTotal <= 0) outreach.push({ locality: l.code, category: null, count: total });
    else for (const c of byCategory) if (c.count > 0) outreach.push({ locality: l.code, category: c.category, count: (total * c.count) / pathwayTotal });
  }
  return { demand, outreach };
}

/** Listed SRP units and satellites from the registry, with assumed places where none is published. */
function listedSrps(scenario: YearScenario, registry: Registry, frame: LocalityFrame): SupplyProvision[] {
  return registry.srps.map((srp) => {
    const host = registry.schoolByUrn.get(srp.hostUrn)!;
    const known = srp.capacity !== null;
    return {
      id: srp.id,
      name: `${host.name} (${srp.kind === 'satellite' ? 'special-school satellite' : 'SRP'}: ${srp.needTypes.join(', ')})`,
      kind: srp.kind,
      locality: frame.ofSchool(host),
      location: host.location,
      categories: srp.needTypes.map(srpCategory),
      phases: [srp.phase],
      places: known ? srp.capacity! : scenario.assumptions.unknownSrpPlaces,
      placesByPhase: { [srp.phase]: known ? srp.capacity! : scenario.assumptions.unknownSrpPlaces },
      placesByPhaseNote: null,
      placesBasis: known ? basisOf(srp.capacityBasis) : 'assumption',
      placesNote: known ? srp.capacityBasis : `assumption: ${scenario.assumptions.unknownSrpPlaces} places (assumptions.unknownSrpPlaces); ${srp.capacityBasis}`,
      outreachCapacity: 0,
      changes: [],
    };
  });
}

/** SRP need types' shares of SRP places: SEN2 pupils in units by primary need, mapped to need types. */
export function srpNeedMix(figures: SufficiencyFigures): Record<SrpNeedType, number> {
  const byNeed = figures.unitPupils.byNeed;
  const direct: Record<SrpNeedType, number> = { ASD: 0, SLCN: 0, SEMH: 0, HI: 0, VI: 0, PD: 0 };
  for (const t of SRP_NEED_TYPES) direct[t] = byNeed[t] ?? 0;
  // Multi-sensory impairment shared between the sensory types; profound and multiple learning
  // difficulties with physical and complex needs (as the demand model's pathway assumptions do).
  direct.HI += (byNeed.MSI ?? 0) / 2;
  direct.VI += (byNeed.MSI ?? 0) / 2;
  direct.PD += byNeed.PMLD ?? 0;
  const total = SRP_NEED_TYPES.reduce((t, n) => t + direct[n], 0);
  return Object.fromEntries(SRP_NEED_TYPES.map((n) => [n, total > 0 ? direct[n] / total : 1 / SRP_NEED_TYPES.length])) as Record<SrpNeedType, number>;
}

/** Mainstream schools that can host an assumed unit in a phase, most pupils first (then lower URN). */
function hostsFor(registry: Registry, districtCode: string, phase: 'primary' | 'secondary', taken: Set<number>): School[] {
  const fits = (s: School) => s.phase === (phase === 'primary' ? 'Primary' : 'Secondary') || s.phase === 'All-through';
  return registry.schools
    .filter((s) => s.district.code === districtCode && !s.isSpecial && fits(s) && !taken.has(s.urn) && !/referral|alternative/i.test(s.establishmentType))
    .sort((a, b) => (b.pupils ?? 0) - (a.pupils ?? 0) || a.urn - b.urn);
}

/**
 * SRP places the public list does not account for. The county's SRP pupils for primary and
 * secondary (default: Kent's pupils aged 4-15 in SEN units and resourced provision, SEN2 January
 * 2025) are shared over need types, phases and districts as those pupils were (the demand model's
 * base-year SRP demand, which classifies them by SRP need type; the SEN2 mix when it gives none). In
 * each district, need type and phase the listed units' places count first; unlisted places fill the
 * gap they leave, at real mainstream schools of the phase (see the file header).
 */
function unlistedSrps(
  scenario: YearScenario,
  registry: Registry,
  frame: LocalityFrame,
  listed: SupplyProvision[],
  baseYearSrp: PathwayDemandRow[],
): { provisions: SupplyProvision[]; places: number; total: number; mixBasis: string } {
  const figures = registry.sufficiency.figures;
  const pupils = figures.unitPupils.byPhase;
  const schoolAge = pupils.primary + pupils.secondary;
  const total = scenario.assumptions.srpPlacesCountyTotal === undefined ? schoolAge : scenario.assumptions.srpPlacesCountyTotal;
  const none = { provisions: [], places: 0, total: total ?? 0, mixBasis: '' };
  if (total === null || total <= 0 || schoolAge <= 0) return none;
  const unitSize = Math.max(1, scenario.assumptions.unknownSrpPlaces);
  const district = localityFrame(registry, 'district');
  const phases = ['primary', 'secondary'] as const;
  const key = (d: string, t: SrpNeedType, p: string) => `${d}|${t}|${p}`;

  // Shares of the county total by district, need type and phase.
  const share = new Map<string, number>();
  const fromDemand = baseYearSrp.filter((r) => r.pathway === 'srp' && r.phase !== 'post16' && r.count > 0);
  const demandTotal = fromDemand.reduce((s, r) => s + r.count, 0);
  let mixBasis: string;
  if (demandTotal > 0) {
    for (const r of fromDemand) share.set(key(r.locality, r.category as SrpNeedType, r.phase), (share.get(key(r.locality, r.category as SrpNeedType, r.phase)) ?? 0) + r.count / demandTotal);
    mixBasis = `the need types, phases and districts of the demand model's ${figures.year} SRP demand (its reading of the pupils in SEN units and resourced provision)`;
  } else {
    const mix = srpNeedMix(figures);
    const children = new Map<string, number>();
    for (const l of registry.lsoas.values()) children.set(l.districtCode, (children.get(l.districtCode) ?? 0) + (l.population0to15 ?? 0));
    const allChildren = [...children.values()].reduce((a, b) => a + b, 0);
    for (const d of district.localities) for (const t of SRP_NEED_TYPES) for (const p of phases) share.set(key(d.code, t, p), (mix[t] * (pupils[p] / schoolAge) * (children.get(d.code) ?? 0)) / allChildren);
    mixBasis = 'the SEN2 need and phase mix of pupils in SEN units and resourced provision, by district child population';
  }
  // Listed places by district, need type and phase (a unit for two types counts half to each).
  const listedAt = new Map<string, number>();
  const listedById = new Map(listed.map((p) => [p.id, p]));
  for (const srp of registry.srps) {
    const p = listedById.get(srp.id);
    if (!p) continue;
    const d = registry.schoolByUrn.get(srp.hostUrn)!.district.code;
    for (const t of srp.needTypes) listedAt.set(key(d, t, srp.phase), (listedAt.get(key(d, t, srp.phase)) ?? 0) + p.places / srp.needTypes.length);
  }
  // What the listed places leave, district by district, need type by need type: where a district's
  // listed units hold more places of a type than its pupils need, the county has more places than
  // the total (the listed units' places are kept as they are).
  const unlistedAt = new Map<string, number>();
  for (const p of phases) {
    for (const t of SRP_NEED_TYPES) {
      for (const d of district.localities) {
        const gap = total * (share.get(key(d.code, t, p)) ?? 0) - (listedAt.get(key(d.code, t, p)) ?? 0);
        if (gap > 1e-9) unlistedAt.set(key(d.code, t, p), gap);
      }
    }
  }

  const provisions: SupplyProvision[] = [];
  let added = 0;
  for (const p of phases) {
    const taken = new Set(registry.srps.filter((u) => u.phase === p).map((u) => u.hostUrn));
    for (const d of district.localities) {
      const inDistrict = SRP_NEED_TYPES.reduce((s, t) => s + (unlistedAt.get(key(d.code, t, p)) ?? 0), 0);
      if (inDistrict <= 1e-9) continue;
      const hosts = hostsFor(registry, d.code, p, taken).slice(0, Math.max(1, Math.round(inDistrict / unitSize)));
      if (!hosts.length) continue;
      for (const t of SRP_NEED_TYPES) {
        const places = (unlistedAt.get(key(d.code, t, p)) ?? 0) / hosts.length;
        if (places <= 1e-9) continue;
        for (const host of hosts) {
          added += places;
          provisions.push({
            id: `unlisted-srp-${host.urn}-${t.toLowerCase()}-${p}`,
            name: `Assumed SRP places at ${host.name} (${d.name}): ${t}, ${p}`,
            kind: 'unlisted-srp',
            locality: frame.ofSchool(host),
            location: host.location,
            categories: [srpCategory(t)],
            phases: [p],
            places,
            placesByPhase: { [p]: places },
            placesByPhaseNote: null,
            placesBasis: 'assumption',
            placesNote:
              `assumption: ${places.toFixed(1)} of the SRP places not in the public list (county total ${total.toFixed(0)} shared by ${mixBasis}, ` +
              `less the listed units' places), for ${t} ${p} pupils in ${d.name}, shared by its ${hosts.length} assumed host school${hosts.length === 1 ? '' : 's'} (most pupils on roll)`,
            outreachCapacity: 0,
            changes: [],
          });
        }
      }
    }
  }
  return { provisions, places: added, total, mixBasis };
}

/**
 * Weights of the phases a provision of ages [ageLow, ageHigh) serves: Kent's pupils of those ages in
 * state special schools (SEN2), phase by phase.
 */
export function phaseWeights(ageLow: number, ageHigh: number, phases: Phase[], figures: SufficiencyFigures): Partial<Record<Phase, number>> {
  const byAge = figures.specialSchoolPupilsByAge.pupils;
  const out: Partial<Record<Phase, number>> = {};
  for (const p of phases) {
    let w = 0;
    for (let a = Math.max(ageLow, PHASE_AGES[p].low); a <= Math.min(ageHigh - 1, PHASE_AGES[p].high); a++) w += byAge[String(a)] ?? 0;
    out[p] = w;
  }
  return out;
}

/** Places split over phases in proportion to the weights (equally when none has weight). */
export function splitPlaces(places: number, weights: Partial<Record<Phase, number>>): Partial<Record<Phase, number>> {
  const phases = Object.keys(weights) as Phase[];
  const total = phases.reduce((s, p) => s + (weights[p] ?? 0), 0);
  return Object.fromEntries(phases.map((p) => [p, total > 0 ? (places * (weights[p] ?? 0)) / total : places / phases.length]));
}

const SPLIT_NOTE = "estimate: places split over phases in proportion to Kent's pupils of those ages in state special schools (DfE SEN2, January 2025)";

/** Re-splits a provision's places over its phases after its places changed, keeping its phase shares. */
function resplit(p: SupplyProvision, figures: SufficiencyFigures) {
  const current = p.phases.map((ph) => p.placesByPhase[ph] ?? 0);
  const sum = current.reduce((a, b) => a + b, 0);
  p.placesByPhase =
    sum > 0
      ? Object.fromEntries(p.phases.map((ph, i) => [ph, (p.places * current[i]!) / sum]))
      : p.phases.length === 1
        ? { [p.phases[0]!]: p.places }
        : splitPlaces(p.places, phaseWeights(4, 20, p.phases, figures));
}

function applySupplyChanges(scenario: YearScenario, registry: Registry, frame: LocalityFrame, provisions: SupplyProvision[]): SupplyProvision[] {
  const figures = registry.sufficiency.figures;
  let list = [...provisions];
  const find = (id: string, path: string) => {
    const p = list.find((x) => x.id === id);
    if (!p) throw new ScenarioInputError(path, `no provision "${id}" (see GET /provisions; closed or never opened in this scenario?)`);
    return p;
  };
  const because = (note: string | undefined) => (note ? ` (${note})` : '');
  scenario.supply.forEach((change, i) => {
    // Changes outside their from-to years are not in place this year (the path assembles each year apart).
    if (!changeActiveIn(change, scenario.year)) return;
    const at = `supply[${i}]`;
    switch (change.action) {
      case 'redesignate': {
        const named = namedProvision(change);
        const p = list.find((x) => x.id === named.id && x.kind === 'special-school');
        if (!p) throw new ScenarioInputError(`${at}.${named.field}`, `${named.field === 'urn' ? `URN ${change.urn}` : `"${named.id}"`} is not a special school in this scenario`);
        p.categories = [change.designation];
        p.changes.push(`redesignated ${change.designation}${because(change.note)}`);
        break;
      }
      case 'set-places': {
        const p = find(change.provision, `${at}.provision`);
        p.changes.push(`places ${fmt(p.places)} -> ${fmt(change.places)}${because(change.note)}`);
        p.places = change.places;
        resplit(p, figures);
        p.placesBasis = 'assumption';
        p.placesNote = `scenario: set to ${fmt(change.places)}${because(change.note)}`;
        break;
      }
      case 'add-places': {
        const p = find(change.provision, `${at}.provision`);
        const next = p.places + change.places;
        if (next < 0) throw new ScenarioInputError(`${at}.places`, `removing ${-change.places} places would leave ${p.id} with fewer than none (${fmt(p.places)} now)`);
        p.changes.push(`${change.places >= 0 ? '+' : ''}${fmt(change.places)} places${because(change.note)}`);
        p.places = next;
        resplit(p, figures);
        p.placesNote = `${p.placesNote}; scenario ${change.places >= 0 ? '+' : ''}${fmt(change.places)}`;
        break;
      }
      case 'open': {
        if (list.some((x) => x.id === change.id) || registry.provisionById.has(change.id)) {
          throw new ScenarioInputError(`${at}.id`, `a provision "${change.id}" already exists`);
        }
        let location = change.location;
        let locality: string;
        if (change.hostUrn !== undefined) {
          const host = registry.schoolByUrn.get(change.hostUrn);
          if (!host) throw new ScenarioInputError(`${at}.hostUrn`, `URN ${change.hostUrn} is not in the register`);
          location = host.location;
          locality = frame.ofSchool(host);
        } else locality = frame.ofPoint(location!);
        const special = change.kind === 'special-school';
        const phases = [...new Set(change.phases)];
        const byPhase =
          phases.length === 1
            ? { [phases[0]!]: change.places }
            : special
              ? splitPlaces(change.places, phaseWeights(4, 20, phases, figures))
              : splitPlaces(change.places, Object.fromEntries(phases.map((ph) => [ph, figures.unitPupils.byPhase[ph]])));
        list.push({
          id: change.id,
          name: change.name,
          kind: change.kind,
          locality,
          location: location!,
          categories: special ? [change.designation!] : change.needTypes!.map(srpCategory),
          phases,
          places: change.places,
          placesByPhase: byPhase,
          placesByPhaseNote:
            phases.length > 1
              ? special
                ? SPLIT_NOTE
                : 'estimate: places split over phases as the pupils in Kent\'s SEN units and resourced provision were (DfE SEN2, January 2025)'
              : null,
          placesBasis: 'assumption',
          placesNote: `scenario: new provision with ${fmt(change.places)} places${because(change.note)}`,
          outreachCapacity: special ? (change.outreachCapacity ?? scenario.outreach.perPlace * change.places) : 0,
          changes: [`opened${because(change.note)}`],
        });
        break;
      }
      case 'close': {
        find(change.provision, `${at}.provision`);
        list = list.filter((x) => x.id !== change.provision);
        break;
      }
      case 'stop-commissioning': {
        const stopped = new Set<Category>(change.needTypes.map(srpCategory));
        list = list.flatMap((p) => {
          // Support bases are funded by schools and trusts, not commissioned by the council: they stay.
          if (p.kind === 'special-school' || p.kind === 'support-base' || !p.categories.some((c) => stopped.has(c))) return [p];
          const remaining = p.categories.filter((c) => !stopped.has(c));
          if (!remaining.length) return [];
          p.categories = remaining;
          p.changes.push(`stopped commissioning ${change.needTypes.join(', ')}${because(change.note)}`);
          return [p];
        });
        break;
      }
    }
  });
  return list;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * The demand model's SRP demand by district in the base year (default parameters): the pupils in SEN
 * units and resourced provision as it classifies them, for sharing out the unlisted SRP places. None
 * when the demand source cannot answer (the places then follow the SEN2 mix).
 */
function baseYearSrpDemand(scenario: Scenario, registry: Registry, demand: DemandSource): PathwayDemandRow[] {
  if (scenario.assumptions.srpPlacesCountyTotal === null) return [];
  try {
    return demand.pathwayDemand({ year: registry.sufficiency.figures.year, level: 'district', demand: {} }).rows.filter((r) => r.pathway === 'srp');
  } catch {
    return [];
  }
}

/** The scenario's journey-time model: the dataset's, with what the scenario changes. */
function travelModelOf(scenario: Scenario, registry: Registry): JourneyTimeModel {
  const base = journeyTimeModelOf(registry.travelModel);
  const m = scenario.travel.model;
  const bands = m.speedKmh !== undefined ? [{ uptoRoadKm: null, kmPerHour: m.speedKmh }] : (m.speedBands ?? base.speedBands);
  const problem = speedBandProblem(bands);
  if (problem) throw new ScenarioInputError(`travel.model.speedBands[${problem.index}].uptoRoadKm`, problem.message);
  return {
    roadDistanceFactor: m.roadDistanceFactor ?? m.circuityFactor ?? base.roadDistanceFactor,
    speedBands: bands.map((b) => ({ ...b })),
    fixedMinutes: m.fixedMinutes ?? 0,
  };
}

/** Independent and non-maintained special schools in Kent and Medway, places = roll (post-16 institutions are FE: left out). */
function independentSchools(scenario: Scenario, registry: Registry, frame: LocalityFrame): IndependentSchoolSupply[] {
  const unknown = scenario.assumptions.unknownIndependentPlaces;
  return registry.sufficiency.independentSchools
    .filter((s) => s.kind !== 'special-post-16')
    .map((s) => ({
      id: `independent-${s.urn}`,
      urn: s.urn,
      name: s.name,
      kind: s.kind as IndependentSchoolSupply['kind'],
      la: s.la,
      locality: s.la === 'Kent' ? frame.ofPoint(s.location) : null,
      location: s.location,
      places: s.roll ?? unknown,
      placesNote:
        s.roll !== null
          ? `estimate: places = pupils on roll (GIAS 2025-05-24), an upper bound: some are other authorities' pupils`
          : `assumption: ${unknown} places (assumptions.unknownIndependentPlaces); ${s.rollBasis}`,
      s41: s.s41,
    }));
}

/**
 * Checks a scenario against the dataset without its demand: every provision, school and locality it
 * names exists and every supply change can be made (POST /scenarios saves only what would run).
 * Throws ScenarioInputError at the field.
 */
export function checkScenario(scenario: Scenario, registry: Registry, deps: Omit<AssembleDependencies, 'demand'>): void {
  const srpBase = deps.baseDemand ? baseYearSrpDemand(scenario, registry, deps.baseDemand) : [];
  const frame = localityFrame(registry, scenario.level);
  // A horizon's changes are checked in each year they apply to (a provision opened in 2027 can be changed from 2027).
  for (const year of scenarioYears(scenario)) assembleSupply(yearScenario(scenario, year), registry, frame, deps, srpBase);
}

/**
 * A path's provisions in the year before its horizon: the register with only the changes in place
 * before the first model year (those without a start year). What the path's first year opened or
 * closed is measured against it, as every later year is against the year before.
 */
export function supplyBeforeHorizon(scenario: Scenario, registry: Registry, deps: AssembleDependencies): SupplyProvision[] {
  if (!scenario.horizon) throw new Error('supplyBeforeHorizon needs a scenario with a horizon');
  const frame = localityFrame(registry, scenario.level);
  const srpBase = baseYearSrpDemand(scenario, registry, deps.baseDemand ?? deps.demand);
  return assembleSupply(yearScenario(scenario, scenario.horizon.from - 1), registry, frame, deps, srpBase).provisions;
}

/** Provisions under the designation set with the scenario's supply changes applied, and outreach teams. */
function assembleSupply(scenario: YearScenario, registry: Registry, frame: LocalityFrame, deps: Omit<AssembleDependencies, 'demand'>, srpBase: PathwayDemandRow[]) {
  const figures = registry.sufficiency.figures;
  const notes: string[] = [];
  const designations = categoriesUnder(scenario, registry, deps);
  const specials: SupplyProvision[] = [...registry.specialSchools.values()]
    .sort((a, b) => a.urn - b.urn)
    .map((s) => {
      const school = registry.schoolByUrn.get(s.urn)!;
      const known = s.places !== null;
      const d = designations.get(s.urn)!;
      if (!known) notes.push(`${school.name}: places unknown; assumed ${scenario.assumptions.unknownSpecialSchoolPlaces} (assumptions.unknownSpecialSchoolPlaces).`);
      const phases = phasesForAges(s.ageLow, s.ageHigh);
      const places = known ? s.places! : scenario.assumptions.unknownSpecialSchoolPlaces;
      return {
        id: `special-${s.urn}`,
        name: school.name,
        kind: 'special-school' as const,
        locality: frame.ofSchool(school),
        location: school.location,
        categories: d.categories,
        phases,
        places,
        placesByPhase: phases.length === 1 ? { [phases[0]!]: places } : splitPlaces(places, phaseWeights(s.ageLow, s.ageHigh, phases, figures)),
        placesByPhaseNote: phases.length > 1 ? `${SPLIT_NOTE}, ages ${s.ageLow}-${s.ageHigh - 1}` : null,
        placesBasis: known ? basisOf(s.placesBasis) : ('assumption' as const),
        placesNote: known ? s.placesBasis : `assumption: ${scenario.assumptions.unknownSpecialSchoolPlaces} places (assumptions.unknownSpecialSchoolPlaces); ${s.placesBasis}`,
        outreachCapacity: 0,
        designationNote: d.note,
        changes: [],
      };
    });
  const listed = listedSrps(scenario, registry, frame);
  const unlisted = unlistedSrps(scenario, registry, frame, listed, srpBase);
  const provisions = applySupplyChanges(scenario, registry, frame, [...specials, ...listed, ...unlisted.provisions]);
  const registered = new Set(specials.map((p) => p.id));
  for (const p of provisions) {
    if (!registered.has(p.id)) continue;
    const override = scenario.outreach.perSchool[p.id.slice('special-'.length)];
    p.outreachCapacity = override ?? scenario.outreach.perPlace * p.places;
  }
  for (const urn of Object.keys(scenario.outreach.perSchool)) {
    if (!registry.specialSchools.has(Number(urn))) throw new ScenarioInputError(`outreach.perSchool.${urn}`, `URN ${urn} is not a special school`);
  }
  const localityCodes = new Set(frame.localities.map((l) => l.code));
  const outreachTeams: LocalityOutreachTeam[] = Object.entries(scenario.outreach.byLocality).map(([code, capacity]) => {
    if (!localityCodes.has(code)) throw new ScenarioInputError(`outreach.byLocality.${code}`, `no ${scenario.level} with code ${code}`);
    return { locality: code, capacity };
  });
  return { provisions, outreachTeams, unlisted, notes };
}

/** What the scenario asks of the demand model (at LSOA level: MSOA demand, shared out in demandCells). */
export function demandRequestOf(input: Scenario): DemandRequest {
  const scenario = oneYear(input);
  return { year: scenario.year, level: scenario.level === 'lsoa' ? 'msoa' : scenario.level, demand: scenario.demand, designationSet: scenario.designationSet };
}

/** A single-year scenario as such; a horizon scenario's path is assembled year by year (path/assemble-path.ts). */
function oneYear(scenario: Scenario): YearScenario {
  if (scenario.year === undefined) throw new Error('a scenario with a horizon is assembled year by year (assemblePath), not as one year');
  return scenario as YearScenario;
}

/** What a run was asked, for comparisons: the scenario without its names and solver, as plain JSON. */
export function scenarioChoices(scenario: Scenario): Record<string, unknown> {
  const { id, name, description, $schema, solver, ...choices } = scenario;
  void id;
  void name;
  void description;
  void $schema;
  void solver;
  return JSON.parse(JSON.stringify(choices)) as Record<string, unknown>;
}

export function assembleInputs(input: Scenario, registry: Registry, deps: AssembleDependencies): AssembledInputs {
  const scenario = oneYear(input);
  const frame = localityFrame(registry, scenario.level);
  const figures = registry.sufficiency.figures;
  const notes: string[] = [];
  const warnings: string[] = [];
  const demandAnswer = deps.demand.pathwayDemand(demandRequestOf(scenario));
  notes.push(...designationChangeNotes(demandAnswer.changes));
  const { demand, outreach } = demandCells(scenario, frame, demandAnswer.rows);
  if (scenario.level === 'lsoa') notes.push('LSOA level: MSOA demand shared among LSOAs by Census 2021 population (0-15 for primary and secondary, 16-24 for post-16).');
  const supply = assembleSupply(scenario, registry, frame, deps, baseYearSrpDemand(scenario, registry, deps.baseDemand ?? deps.demand));
  notes.push(...supply.notes);
  const { provisions, outreachTeams, unlisted } = supply;

  const travelModel = travelModelOf(scenario, registry);
  const guideline = registry.travelModel.guidelineMinutes;
  const weights = Object.fromEntries(PHASES.map((p) => [p, 1 / (guideline[p] ?? scenario.travel.limits[p].minutes ?? 60)])) as Record<Phase, number>;
  const inputs: SufficiencyInputs = {
    level: scenario.level,
    year: scenario.year,
    localities: frame.localities,
    demand,
    outreachDemand: outreach,
    provisions,
    outreachTeams,
    travel: { model: travelModel, limits: scenario.travel.limits, outreach: scenario.travel.outreach, weights, reachTaper: scenario.travel.reachTaper },
    independent: {
      categories: scenario.independent.categories,
      capacity: scenario.independent.capacity,
      costPerPlace: scenario.independent.costPerPlace,
      schools: independentSchools(scenario, registry, frame),
    },
    costs: { specialSchoolPlace: scenario.costs.specialSchoolPlace, srpPlace: scenario.costs.srpPlace },
  };

  if (scenario.penalties && Object.keys(scenario.penalties).length) {
    warnings.push('penalties are ignored: the model (version 2) solves its priorities in stages (most children placed, shortfall shared, shortest journeys) instead of weighting them');
  }
  if (scenario.integer !== undefined) warnings.push('integer is ignored: every table gives whole pupils, rounded so that totals are kept; the exact values stay in the JSON');
  if (scenario.travel.model.circuityFactor !== undefined || scenario.travel.model.speedKmh !== undefined) {
    notes.push('travel.model uses the names of model 1 (circuityFactor, speedKmh): read as roadDistanceFactor and a single speed band.');
  }

  const a = scenario.assumptions;
  const bandsText = travelModel.speedBands.map((b) => `${b.kmPerHour} km/h${b.uptoRoadKm === null ? ' beyond' : ` to ${b.uptoRoadKm} km`}`).join(', ');
  const srpPupils = figures.unitPupils.byPhase;
  const assumptions: Assumption[] = [
    ...demandAnswer.assumptions,
    { name: 'designationSet', value: scenario.designationSet, basis: 'scenario: which designation each special school holds (see the schema)' },
    { name: 'unknownSrpPlaces', value: a.unknownSrpPlaces, basis: 'assumption: places at a listed SRP with no stated capacity (and the size of an assumed unlisted unit)' },
    {
      name: 'srpPlacesCountyTotal',
      value: round1(unlisted.total),
      basis:
        a.srpPlacesCountyTotal === undefined
          ? `source: Kent pupils aged 4-15 in SEN units and resourced provision, January 2025 (DfE SEN2: ${srpPupils.primary} primary + ${srpPupils.secondary} secondary; the ${srpPupils.post16} aged 16+ are left out, no post-16 SRP places being commissioned)`
          : 'scenario: SRP places county-wide for primary and secondary pupils',
    },
    { name: 'unlistedSrpPlaces', value: round1(unlisted.places), basis: `derived: the county total shared by ${unlisted.mixBasis || 'nothing (none added)'}, less the listed units' places (stated or assumed), at assumed host schools` },
    { name: 'unknownSpecialSchoolPlaces', value: a.unknownSpecialSchoolPlaces, basis: 'assumption: places at a special school with no published places or pupils' },
    { name: 'specialSchoolPlaces', value: 'pupils on roll (GIAS 2025-05-24) unless a source states places', basis: 'estimate in the dataset: special-schools.csv places_basis' },
    { name: 'specialSchoolPlacesByPhase', value: 'by the SEN2 age profile', basis: SPLIT_NOTE },
    { name: 'independentSchools', value: inputs.independent.schools.length, basis: 'source: independent and non-maintained special schools in Kent and Medway (GIAS 2025-05-24), places = roll (an estimate); beyond them, placements outside the area' },
    { name: 'unknownIndependentPlaces', value: a.unknownIndependentPlaces, basis: 'assumption: places at an independent school with no pupils recorded' },
    { name: 'travel.roadDistanceFactor', value: travelModel.roadDistanceFactor, basis: 'estimate: road / straight-line distance (travel-model.json unless the scenario changes it)' },
    { name: 'travel.speedBands', value: bandsText, basis: 'estimate: door-to-door speeds by distance band (travel-model.json unless the scenario changes them)' },
    { name: 'travel.fixedMinutes', value: travelModel.fixedMinutes, basis: 'assumption: minutes added to every journey' },
    ...PHASES.map((p) => ({ name: `travel.limits.${p}`, value: limitText(scenario.travel.limits[p]), basis: 'scenario (defaults: best-practice maximum journeys, a guideline)' })),
    ...PHASES.map((p) => ({ name: `travel.weight.${p}`, value: Math.round(weights[p] * 1e6) / 1e6, basis: `1 / guideline minutes (${guideline[p] ?? '-'}): a journey minute as a share of the guideline journey, in the journey stage` })),
    { name: 'travel.outreach', value: limitText(scenario.travel.outreach), basis: 'scenario' },
    { name: 'travel.reachTaper', value: scenario.travel.reachTaper, basis: 'assumption: reach fades from (1 - taper) to (1 + taper) times each limit (children around a point have journeys either side of its estimate)' },
    { name: 'outreach.share', value: scenario.outreach.share, basis: scenario.outreach.share === null ? "demand model's outreach pathway" : 'scenario' },
    { name: 'outreach.perPlace', value: scenario.outreach.perPlace, basis: 'assumption: outreach pupils per special-school place (illustrative)' },
    { name: 'independent.costPerPlace', value: scenario.independent.costPerPlace, basis: "assumption: £ per independent place a year (Kent's 2024-25 figure to its Scrutiny Committee, unless changed)" },
    { name: 'independent.capacity', value: scenario.independent.capacity, basis: 'scenario (null = no limit beyond the located schools, which then place outside the area)' },
    { name: 'costs.specialSchoolPlace', value: scenario.costs.specialSchoolPlace, basis: "assumption: £ per state special-school place a year (Kent's 2024-25 figure, unless changed)" },
    { name: 'costs.srpPlace', value: scenario.costs.srpPlace, basis: 'assumption: £ per SRP place a year (£6,000 place funding + an assumed £10,000 top-up, unless changed)' },
    { name: 'reach', value: 'from the LSOA centroids of each locality, weighted by Census 2021 population', basis: 'journeys start where children live: a provision reaches the part of a locality within the travel limit' },
  ];
  const meta: RunMeta = {
    scenarioId: scenario.id,
    scenarioName: scenario.name,
    designationSet: scenario.designationSet,
    assumptions,
    notes,
    warnings,
    scenarioInputs: scenarioChoices(scenario),
    observed: scenario.year === figures.year ? { year: figures.year, figures: figures.observed } : null,
  };
  return { inputs, assumptions, notes, meta };
}

/**
 * What the proposed designations change, in a run's notes: pupils who no longer meet a special
 * designation, by former designation and where they now need a place (the demand model's report).
 */
function designationChangeNotes(changes: DemandAnswer['changes']): string[] {
  if (!changes?.length) return [];
  const out = changes.filter((c) => c.from.pathway === 'special' && c.to.pathway !== 'special');
  const total = out.reduce((s, c) => s + c.count, 0);
  const byFormer = new Map<string, Map<string, number>>();
  for (const c of out) {
    const where = c.to.category ? `${c.to.pathway} ${c.to.category}` : c.to.pathway;
    const m = byFormer.get(c.formerDesignation) ?? byFormer.set(c.formerDesignation, new Map()).get(c.formerDesignation)!;
    m.set(where, (m.get(where) ?? 0) + c.count);
  }
  const parts = [...byFormer].map(([former, m]) => `from ${former === 'SRP' ? 'SEN units (post-16)' : `${former} schools`} ${[...m].map(([w, n]) => `${w} ${n.toFixed(0)}`).join(', ')}`);
  return [`Designation changes: ${total.toFixed(0)} pupils no longer meet a special designation under this set (${parts.join('; ')}); see the demand model's changes (DEMAND.md).`];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const limitText = (l: { km: number | null; minutes: number | null }) =>
  [l.minutes !== null ? `${l.minutes} min` : null, l.km !== null ? `${l.km} km` : null].filter(Boolean).join(', ') || 'none';
