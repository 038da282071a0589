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
 */
import { proposeAllMappings } from '../designation-mapping.js';
import type { ProposedDesignationSource } from '../designation-source.js';
import { DomainError } from '../errors.js';
import { PROPOSED_DESIGNATIONS, SRP_NEED_TYPES, type ProposedDesignation, type SrpNeedType } from '../needs.js';
import { PHASE_AGES, PHASES, type Phase } from '../phases.js';
import type { Registry } from '../registry/registry.js';
import type { Assumption, DemandAnswer, DemandRequest, DemandSource, PathwayDemandRow } from './demand-source.js';
import {
  srpCategory,
  type CapacityBasis,
  type Category,
  type DemandCell,
  type LocalityOutreachTeam,
  type OutreachDemand,
  type SufficiencyInputs,
  type SupplyProvision,
} from './inputs.js';
import { localityFrame, type LocalityFrame } from './localities.js';
import { namedProvision, type Scenario } from './scenario.js';

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
}

export interface AssembleDependencies {
  demand: DemandSource;
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

function categoriesUnder(scenario: Scenario, registry: Registry, deps: Omit<AssembleDependencies, 'demand'>): Map<number, { categories: Category[]; note: string }> {
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

function demandCells(scenario: Scenario, frame: LocalityFrame, rows: PathwayDemandRow[]): { demand: DemandCell[]; outreach: OutreachDemand[] } {
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
function listedSrps(scenario: Scenario, registry: Registry, frame: LocalityFrame): SupplyProvision[] {
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
      placesBasis: known ? basisOf(srp.capacityBasis) : 'assumption',
      placesNote: known ? srp.capacityBasis : `assumption: ${scenario.assumptions.unknownSrpPlaces} places (assumptions.unknownSrpPlaces); ${srp.capacityBasis}`,
      outreachCapacity: 0,
      changes: [],
    };
  });
}

/**
 * SRP places the public list does not account for: county total minus the listed units' places,
 * spread over districts by child population and over need types and phases as the listed units are.
 */
function unlistedSrps(scenario: Scenario, registry: Registry, frame: LocalityFrame, listed: SupplyProvision[]): { provisions: SupplyProvision[]; places: number } {
  const total = scenario.assumptions.srpPlacesCountyTotal;
  if (total === null) return { provisions: [], places: 0 };
  const listedPlaces = listed.reduce((s, p) => s + p.places, 0);
  const unlisted = Math.max(0, total - listedPlaces);
  if (unlisted === 0) return { provisions: [], places: 0 };

  // Need type x phase shares from the listed units (a unit with two need types counts half to each).
  const mix = new Map<string, number>();
  for (const srp of registry.srps) for (const t of srp.needTypes) mix.set(`${t}|${srp.phase}`, (mix.get(`${t}|${srp.phase}`) ?? 0) + 1 / srp.needTypes.length);
  const units = registry.srps.length;

  const district = localityFrame(registry, 'district');
  const children = new Map<string, number>();
  for (const l of registry.lsoas.values()) children.set(l.districtCode, (children.get(l.districtCode) ?? 0) + (l.population0to15 ?? 0));
  const allChildren = [...children.values()].reduce((a, b) => a + b, 0);

  const provisions: SupplyProvision[] = [];
  for (const d of district.localities) {
    const districtShare = (children.get(d.code) ?? 0) / allChildren;
    for (const [key, count] of mix) {
      const [needType, phase] = key.split('|') as [SrpNeedType, 'primary' | 'secondary'];
      const places = unlisted * districtShare * (count / units);
      if (places <= 0) continue;
      provisions.push({
        id: `unlisted-srp-${d.code.toLowerCase()}-${needType.toLowerCase()}-${phase}`,
        name: `Unlisted SRP places (assumed), ${d.name}: ${needType}, ${phase}`,
        kind: 'unlisted-srp',
        locality: frame.ofPoint(d.centroid),
        location: d.centroid,
        categories: [srpCategory(needType)],
        phases: [phase],
        places,
        placesBasis: 'assumption',
        placesNote:
          `assumption: ${places.toFixed(1)} of the ${unlisted.toFixed(0)} SRP places not in the public list ` +
          `(assumptions.srpPlacesCountyTotal ${total} minus ${listedPlaces.toFixed(0)} listed), by child population and listed-unit mix; placed at the district's population centroid`,
        outreachCapacity: 0,
        changes: [],
      });
    }
  }
  return { provisions, places: unlisted };
}

function applySupplyChanges(scenario: Scenario, registry: Registry, frame: LocalityFrame, provisions: SupplyProvision[]): SupplyProvision[] {
  let list = [...provisions];
  const find = (id: string, path: string) => {
    const p = list.find((x) => x.id === id);
    if (!p) throw new ScenarioInputError(path, `no provision "${id}" (see GET /provisions; closed or never opened in this scenario?)`);
    return p;
  };
  const because = (note: string | undefined) => (note ? ` (${note})` : '');
  scenario.supply.forEach((change, i) => {
    const at = `supply[${i}]`;
    switch (change.action) {
      case 'redesignate': {
        const named = namedProvision(change);
        const p = list.find((x) => x.id === named.id && x.kind === 'special-school');
        if (!p) throw new ScenarioInputError(`${at}.${named.field}`, `${named.field === 'urn' ? `URN ${change.urn}` : `"${named.id}"`} is not a special school in this scenario`);
        p.categories = [change.designation];
        p.placesByCategory = undefined;
        p.changes.push(`redesignated ${change.designation}${because(change.note)}`);
        break;
      }
      case 'set-places': {
        const p = find(change.provision, `${at}.provision`);
        p.changes.push(`places ${fmt(p.places)} -> ${fmt(change.places)}${because(change.note)}`);
        p.places = change.places;
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
        list.push({
          id: change.id,
          name: change.name,
          kind: special ? 'special-school' : 'srp',
          locality,
          location: location!,
          categories: special ? [change.designation!] : change.needTypes!.map(srpCategory),
          phases: [...new Set(change.phases)],
          places: change.places,
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
          if (p.kind === 'special-school' || !p.categories.some((c) => stopped.has(c))) return [p];
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
 * Checks a scenario against the dataset without its demand: every provision, school and locality it
 * names exists and every supply change can be made (POST /scenarios saves only what would run).
 * Throws ScenarioInputError at the field.
 */
export function checkScenario(scenario: Scenario, registry: Registry, deps: Omit<AssembleDependencies, 'demand'>): void {
  assembleSupply(scenario, registry, localityFrame(registry, scenario.level), deps);
}

/** Provisions under the designation set with the scenario's supply changes applied, and outreach teams. */
function assembleSupply(scenario: Scenario, registry: Registry, frame: LocalityFrame, deps: Omit<AssembleDependencies, 'demand'>) {
  const notes: string[] = [];
  const designations = categoriesUnder(scenario, registry, deps);
  const specials: SupplyProvision[] = [...registry.specialSchools.values()]
    .sort((a, b) => a.urn - b.urn)
    .map((s) => {
      const school = registry.schoolByUrn.get(s.urn)!;
      const known = s.places !== null;
      const d = designations.get(s.urn)!;
      if (!known) notes.push(`${school.name}: places unknown; assumed ${scenario.assumptions.unknownSpecialSchoolPlaces} (assumptions.unknownSpecialSchoolPlaces).`);
      return {
        id: `special-${s.urn}`,
        name: school.name,
        kind: 'special-school' as const,
        locality: frame.ofSchool(school),
        location: school.location,
        categories: d.categories,
        phases: phasesForAges(s.ageLow, s.ageHigh),
        places: known ? s.places! : scenario.assumptions.unknownSpecialSchoolPlaces,
        placesBasis: known ? basisOf(s.placesBasis) : ('assumption' as const),
        placesNote: known ? s.placesBasis : `assumption: ${scenario.assumptions.unknownSpecialSchoolPlaces} places (assumptions.unknownSpecialSchoolPlaces); ${s.placesBasis}`,
        outreachCapacity: 0,
        designationNote: d.note,
        changes: [],
      };
    });
  const listed = listedSrps(scenario, registry, frame);
  const unlisted = unlistedSrps(scenario, registry, frame, listed);
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
export function demandRequestOf(scenario: Scenario): DemandRequest {
  return { year: scenario.year, level: scenario.level === 'lsoa' ? 'msoa' : scenario.level, demand: scenario.demand, designationSet: scenario.designationSet };
}

export function assembleInputs(scenario: Scenario, registry: Registry, deps: AssembleDependencies): AssembledInputs {
  const frame = localityFrame(registry, scenario.level);
  const notes: string[] = [];
  const demandAnswer = deps.demand.pathwayDemand(demandRequestOf(scenario));
  notes.push(...designationChangeNotes(demandAnswer.changes));
  const { demand, outreach } = demandCells(scenario, frame, demandAnswer.rows);
  if (scenario.level === 'lsoa') notes.push('LSOA level: MSOA demand shared among LSOAs by Census 2021 population (0-15 for primary and secondary, 16-24 for post-16).');
  const supply = assembleSupply(scenario, registry, frame, deps);
  notes.push(...supply.notes);
  const { provisions, outreachTeams, unlisted } = supply;

  const inputs: SufficiencyInputs = {
    level: scenario.level,
    year: scenario.year,
    localities: frame.localities,
    demand,
    outreachDemand: outreach,
    provisions,
    outreachTeams,
    travel: { model: scenario.travel.model, limits: scenario.travel.limits, outreach: scenario.travel.outreach },
    independent: { categories: scenario.independent.categories, capacity: scenario.independent.capacity, costPerPlace: scenario.independent.costPerPlace },
    penalties: scenario.penalties,
    integer: scenario.integer,
  };

  const a = scenario.assumptions;
  const t = scenario.travel.model;
  const assumptions: Assumption[] = [
    ...demandAnswer.assumptions,
    { name: 'designationSet', value: scenario.designationSet, basis: 'scenario: which designation each special school holds (see the schema)' },
    { name: 'unknownSrpPlaces', value: a.unknownSrpPlaces, basis: 'assumption: places at a listed SRP with no stated capacity' },
    { name: 'srpPlacesCountyTotal', value: a.srpPlacesCountyTotal, basis: 'assumption: SRP places county-wide, listed or not' },
    { name: 'unlistedSrpPlaces', value: round1(unlisted.places), basis: 'derived: srpPlacesCountyTotal minus the listed units\' places (stated or assumed)' },
    { name: 'unknownSpecialSchoolPlaces', value: a.unknownSpecialSchoolPlaces, basis: 'assumption: places at a special school with no published places or pupils' },
    { name: 'specialSchoolPlaces', value: 'pupils on roll (GIAS 2025-05-24) unless a source states places', basis: 'estimate in the dataset: special-schools.csv places_basis' },
    { name: 'travel.circuityFactor', value: t.circuityFactor, basis: 'assumption: road / straight-line distance' },
    { name: 'travel.speedKmh', value: t.speedKmh, basis: 'assumption: average home-to-school transport speed' },
    { name: 'travel.fixedMinutes', value: t.fixedMinutes, basis: 'assumption: minutes added to every journey' },
    ...PHASES.map((p) => ({ name: `travel.limits.${p}`, value: limitText(scenario.travel.limits[p]), basis: 'scenario (defaults: best-practice maximum journeys, a guideline)' })),
    { name: 'travel.outreach', value: limitText(scenario.travel.outreach), basis: 'scenario' },
    { name: 'outreach.share', value: scenario.outreach.share, basis: scenario.outreach.share === null ? "demand model's outreach pathway" : 'scenario' },
    { name: 'outreach.perPlace', value: scenario.outreach.perPlace, basis: 'assumption: outreach pupils per special-school place (illustrative)' },
    { name: 'independent.costPerPlace', value: scenario.independent.costPerPlace, basis: 'assumption: £ per independent place per year (Schools Week FOI analysis, 2015-16 England average, unless changed)' },
    { name: 'independent.capacity', value: scenario.independent.capacity, basis: 'scenario (null = no limit)' },
    { name: 'centroids', value: frame.localities[0]?.centroidBasis.replace(/\d+ LSOA/, 'LSOA') ?? null, basis: 'journeys start at the locality centroid' },
  ];
  return { inputs, assumptions, notes };
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
