/**
 * The demand and arc side of a plan, filled from a path's inputs (sufficiency/path: the scenario's
 * years, cohorts and supply changes): the path's demand rows year by year with the share of pupils who
 * keep their placement into the next year (timeline.ts), its provisions' places by phase and year,
 * reach measured as the sufficiency model measures it (reach.ts: from each locality's LSOA points,
 * fading across the phase's travel limit, each point's nearest existing suitable provision always in
 * reach), the independent fallback, and the candidate builds of plan-candidates.json placed at real
 * schools. The plan's builder and everything after it take the PlanInstance.
 *
 * Candidates at "any school of a phase" are pooled by locality: one candidate per (row, size,
 * locality), whose units (at most one per school) are bases at any of the locality's eligible
 * schools. Reach and journeys are measured to the eligible school nearest the locality's centre (its
 * population-weighted centroid), and the plan names the schools the candidate stands for, nearest
 * first: the resulting path puts the first unit at the first of them, the next at the next
 * (plan-supply-changes.ts). A shortlist (`sites.schools`) keeps one candidate per school instead.
 *
 * Where the instance departs from the path, and why:
 * - The nearest-always rule applies among existing provisions (those admitting the row that year): a
 *   candidate's reach is its taper alone, since whether it is nearest depends on whether it is built.
 * - A special school's categories follow the designation set of the year (current designations before
 *   horizon.admissionsFrom); its expansion admits what the school admits that year.
 * - Outreach is not planned: no candidate adds outreach capacity, and the plan places pupils only.
 */
import type { Phase } from '../phases.js';
import type { LatLon, Registry, School } from '../registry/registry.js';
import { straightLineKm } from '../geo/travel-model.js';
import { Reach } from '../sufficiency/reach.js';
import { isSrpCategory, type Category, type SupplyProvision } from '../sufficiency/inputs.js';
import { localityFrame } from '../sufficiency/localities.js';
import type { PathInputs } from '../sufficiency/path/path-inputs.js';
import { demandTimeline, supplyTimeline } from '../sufficiency/path/timeline.js';
import { costsOf, teachesPhase, type CandidateRow, type PlanCandidatesFile } from './candidates-file.js';
import {
  DEFAULT_PLAN_WEIGHTS,
  type PlanArc,
  type PlanBudgets,
  type PlanCandidate,
  type PlanDemandCell,
  type PlanGroup,
  type PlanInstance,
  type PlanReach,
  type PlanSupply,
  type PlanWeights,
} from './plan-instance.js';

/**
 * Pounds a pupil-year with no place at all counts above an independent place in the second tier: a
 * margin that breaks the tie, so that pupils of a designation short of a state place are placed
 * independently (as the path places them), never left without a place to no purpose.
 */
export const NO_PLACE_MARGIN = 1_000;

/**
 * The linking rows (build-plan-model.ts) are added when there would be at most this many (one per
 * arc to a candidate and year). They close the gap much sooner on district instances (about 10,000
 * rows); at MSOA level there would be 260,000 a year, and the LP relaxation they tighten takes longer
 * to solve than branch and bound saves: Kent's MSOA 2026 plan was proven within 0.14% in 26 s
 * without them and not at all in 120 s with them (test/bench/RESULTS.md).
 */
export const MAX_LINKING_ROWS = 50_000;

export interface PlanFromPathOptions {
  budgets: PlanBudgets;
  /** The candidate file to use (default: the dataset's), after any per-request overrides. */
  candidates?: PlanCandidatesFile;
  weights?: Partial<PlanWeights>;
  /** Add the linking rows (default: when there are at most MAX_LINKING_ROWS of them). */
  strengthen?: boolean;
  name?: string;
}

/** Where a candidate came from: what the resulting path opens or changes for it (plan-supply-changes.ts). */
export interface CandidateOrigin {
  /** The candidate file's row id. */
  row: string;
  /** Expansions, satellites and redesignations: the special school ("special-<URN>"). */
  provision?: string;
  /** Bases and satellites: the phase of the mainstream site. */
  phase?: Phase;
  /** Redesignations: the designation the places take. */
  to?: Category;
  /** Where its journeys are measured to. */
  location: LatLon;
}

export type PathPlanInstance = PlanInstance & {
  /** Per candidate: where it came from. */
  origins: CandidateOrigin[];
  /** Per candidate and year: the categories it admits (a special school's follow the year's designation set). */
  candidateCategories: Category[][][];
  /** Per existing entry: the provision it is part of, its phase and location. */
  existingOrigins: { provision: string; phase: Phase; location: LatLon }[];
};

/** A special school as the path has it: the last seen of its provisions, and its categories year by year. */
interface SpecialSchoolYears {
  provision: SupplyProvision;
  categories: Category[][];
}

export function planFromPath(path: PathInputs, registry: Registry, options: PlanFromPathOptions): PathPlanInstance {
  const file = options.candidates ?? registry.planCandidates;
  const years = path.years.map((y) => y.year);
  const Y = years.length;
  const last = years[Y - 1]!;
  const frame = localityFrame(registry, path.level);
  const localityIndex = new Map(path.localities.map((l, i) => [l.code, i]));
  const centroid = new Map(path.localities.map((l) => [l.code, l.centroid]));
  const localityNames = Object.fromEntries(path.localities.map((l) => [l.code, l.name]));
  const named = (code: string) => localityNames[code] ?? code;

  // Existing provisions: one entry per provision and phase, places and categories year by year.
  const supply = supplyTimeline(path);
  const lastSeen = new Map<string, SupplyProvision>();
  for (const y of path.years) for (const p of y.provisions) lastSeen.set(p.id, p);
  const existing: PlanSupply[] = [];
  const existingOrigins: PathPlanInstance['existingOrigins'] = [];
  /** Existing entries by (provision, phase). */
  const entryOf = new Map<string, number>();
  for (const row of supply) {
    const p = lastSeen.get(row.id)!;
    for (const [phase, places] of Object.entries(row.places) as [Phase, number[]][]) {
      entryOf.set(`${row.id}|${phase}`, existing.length);
      existing.push({ id: `${row.id}.${phase}`, name: row.name, kind: row.kind, locality: row.locality, places: [...places], admitting: row.categories.map((c) => c.length > 0) });
      existingOrigins.push({ provision: row.id, phase, location: p.location });
    }
  }

  // Special schools, for expansions, satellites and redesignations.
  const specials = new Map<string, SpecialSchoolYears>();
  for (const row of supply) {
    const p = lastSeen.get(row.id)!;
    if (p.kind === 'special-school' && p.places > 0) specials.set(p.id, { provision: p, categories: row.categories });
  }
  const specialsOf = (rule: 'all' | number[]): SpecialSchoolYears[] =>
    (rule === 'all' ? [...specials.values()] : rule.map((u) => specials.get(`special-${u}`)).filter((s): s is SpecialSchoolYears => !!s)).sort((a, b) =>
      a.provision.id.localeCompare(b.provision.id),
    );

  // Candidates placed at real schools.
  const groups: PlanGroup[] = [];
  const candidates: PlanCandidate[] = [];
  const origins: CandidateOrigin[] = [];
  const candidateCategories: Category[][][] = [];
  const add = (k: PlanCandidate, origin: CandidateOrigin, categories: Category[][]) => {
    if (k.earliestYear > last) return; // cannot open within the plan's years
    candidates.push(k);
    origins.push(origin);
    candidateCategories.push(categories);
  };
  const mainstream = registry.schools.filter((s) => !s.isSpecial);
  /** Eligible mainstream schools of a phase for a site rule, by locality, nearest the locality's centre first. */
  const sitesByLocality = (sites: { any: string } | { schools: number[] }, phase: 'primary' | 'secondary', within?: (s: School) => boolean) => {
    const eligible = 'schools' in sites ? sites.schools.map((u) => registry.schoolByUrn.get(u)!) : mainstream.filter((s) => teachesPhase(s.phase, phase));
    const out = new Map<string, School[]>();
    for (const s of eligible) {
      if (within && !within(s)) continue;
      const l = frame.ofSchool(s);
      if (!localityIndex.has(l)) continue;
      (out.get(l) ?? out.set(l, []).get(l)!).push(s);
    }
    for (const [l, schools] of out) {
      const c = centroid.get(l)!;
      schools.sort((a, b) => straightLineKm(c, a.location) - straightLineKm(c, b.location) || a.urn - b.urn);
    }
    return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
  };
  const basisOf = (row: CandidateRow, places: string) => {
    const costs = costsOf(file, row);
    return { capital: costs.capitalBasis, running: costs.runningBasis, earliestYear: row.earliestYearBasis, places };
  };
  const always = (categories: Category[]) => years.map(() => categories);
  /** Shares of a special school's places by phase (an expansion or redesignation splits as the school does). */
  const phaseSharesOf = (p: SupplyProvision) => {
    const total = p.phases.reduce((s, ph) => s + (p.placesByPhase[ph] ?? 0), 0);
    return Object.fromEntries(p.phases.map((ph) => [ph, total > 0 ? (p.placesByPhase[ph] ?? 0) / total : 1 / p.phases.length]));
  };

  for (const row of file.candidates) {
    const costs = costsOf(file, row);
    const common = { earliestYear: row.earliestYear, runningPerPlace: costs.runningPerPlace };
    switch (row.kind) {
      case 'specialist-base': {
        const pooled = !('schools' in row.sites);
        for (const [locality, schools] of sitesByLocality(row.sites, row.phase)) {
          for (const group of pooled ? [schools] : schools.map((s) => [s])) {
            const at = group[0]!;
            const groupId = pooled ? `${row.id}.${locality}` : `${row.id}.${at.urn}`;
            groups.push({ id: groupId, limit: group.length });
            for (const size of row.sizes) {
              add(
                {
                  id: pooled ? `${row.id}-${size}-${locality}` : `${row.id}-${size}-${at.urn}`,
                  name: pooled ? `${row.name}, ${size} places, at a ${row.phase} school in ${named(locality)}` : `${row.name}, ${size} places, at ${at.name}`,
                  kind: 'specialist-base',
                  locality,
                  categories: row.categories,
                  phases: [row.phase],
                  placesPerUnit: size,
                  maxUnits: group.length,
                  capitalPerUnit: costs.capitalPerPlace * size,
                  group: groupId,
                  takesPlacesFrom: [],
                  basis: basisOf(row, row.sizesBasis),
                  sites: group.map((s) => ({ urn: s.urn, name: s.name })),
                  ...common,
                },
                { row: row.id, phase: row.phase, location: at.location },
                always(row.categories as Category[]),
              );
            }
          }
        }
        break;
      }
      case 'special-school-expansion':
        for (const { provision: p, categories } of specialsOf(row.schools)) {
          add(
            {
              id: `${row.id}-${p.id}`,
              name: `${row.name}: ${p.name}, blocks of ${row.blockPlaces} places`,
              kind: 'special-school-expansion',
              locality: p.locality,
              categories: [...new Set(categories.flat())],
              phases: p.phases,
              placesPerUnit: row.blockPlaces,
              maxUnits: row.maxBlocks,
              capitalPerUnit: costs.capitalPerPlace * row.blockPlaces,
              group: null,
              takesPlacesFrom: [],
              ...(p.phases.length > 1 ? { phaseShares: phaseSharesOf(p) } : {}),
              basis: basisOf(row, row.blocksBasis),
              sites: [],
              ...common,
            },
            { row: row.id, provision: p.id, location: p.location },
            categories,
          );
        }
        break;
      case 'satellite':
        for (const { provision: host, categories } of specialsOf(row.hosts)) {
          if (!host.phases.includes(row.phase)) continue;
          const hostSchool = registry.schoolByUrn.get(Number(host.id.replace('special-', '')));
          if (!hostSchool) continue; // a special school the scenario opened: no register entry to find its district
          const byLocality = sitesByLocality(row.sites, row.phase, (s) => s.district.code === hostSchool.district.code);
          if (byLocality.size === 0) continue;
          const groupId = `${row.id}.${host.id}`;
          groups.push({ id: groupId, limit: 1 });
          for (const [locality, schools] of byLocality) {
            add(
              {
                id: `${row.id}-${host.id}-${locality}`,
                name: `${row.name}: ${host.name}, ${row.places} places at a ${row.phase} school in ${named(locality)}`,
                kind: 'satellite',
                locality,
                categories: [...new Set(categories.flat())],
                phases: [row.phase],
                placesPerUnit: row.places,
                maxUnits: 1,
                capitalPerUnit: costs.capitalPerPlace * row.places,
                group: groupId,
                takesPlacesFrom: [],
                basis: basisOf(row, row.placesBasis),
                sites: schools.map((s) => ({ urn: s.urn, name: s.name })),
                ...common,
              },
              { row: row.id, provision: host.id, phase: row.phase, location: schools[0]!.location },
              categories,
            );
          }
        }
        break;
      case 'redesignation':
        for (const { provision: p, categories } of specialsOf(row.schools)) {
          // Already designated so by the end of the plan: nothing to redesignate.
          if (categories[Y - 1]!.includes(row.to)) continue;
          const blocks = Math.min(row.maxBlocks, Math.floor(p.places / row.blockPlaces));
          if (blocks < 1) continue;
          const shares = phaseSharesOf(p);
          add(
            {
              id: `${row.id}-${p.id}`,
              name: `${row.name}: ${p.name}, blocks of ${row.blockPlaces} places`,
              kind: 'redesignation',
              locality: p.locality,
              categories: [row.to],
              phases: p.phases,
              placesPerUnit: row.blockPlaces,
              maxUnits: blocks,
              capitalPerUnit: costs.capitalPerPlace * row.blockPlaces,
              group: null,
              takesPlacesFrom: p.phases.filter((ph) => entryOf.has(`${p.id}|${ph}`)).map((ph) => ({ existing: `${p.id}.${ph}`, share: shares[ph]! })),
              ...(p.phases.length > 1 ? { phaseShares: shares } : {}),
              basis: basisOf(row, row.blocksBasis),
              sites: [],
              ...common,
            },
            { row: row.id, provision: p.id, to: row.to, location: p.location },
            always([row.to]),
          );
        }
        break;
    }
  }

  // Demand cells: the path's rows year by year, with the share of each year's pupils who stay.
  const rows = demandTimeline(path).filter((r) => r.demand.some((d) => d > 0));
  rows.sort((a, b) => a.locality.localeCompare(b.locality) || a.category.localeCompare(b.category) || a.phase.localeCompare(b.phase));
  const covered = new Set<string>(path.independent.categories);
  const candidateAdmits = (k: number, category: Category, phase: Phase, t: number) =>
    candidates[k]!.phases.includes(phase) && candidateCategories[k]![t]!.includes(category) && years[t]! >= candidates[k]!.earliestYear;

  // Arcs with reach, year by year. The nearest-always rule is the path's: among the year's admitting provisions.
  const reach = new Reach(path.localities, path.travel.model, path.travel.reachTaper);
  const arcs: PlanArc[] = [];
  const arcOf = new Map<string, number>();
  const cells: PlanDemandCell[] = rows.map((row, r) => {
    const l = localityIndex.get(row.locality)!;
    const phase = row.phase;
    const limit = path.travel.limits[phase];
    const commissioned = years.map(() => !isSrpCategory(row.category));
    path.years.forEach((y, t) => {
      const fitting = y.provisions.filter((p) => p.categories.includes(row.category) && p.phases.includes(phase));
      const fittingCandidates = candidates.map((_, k) => k).filter((k) => candidateAdmits(k, row.category, phase, t));
      if (fitting.length || fittingCandidates.length) commissioned[t] = true;
      if (!(row.demand[t]! > 0)) return;
      const reached = reach.toAll(l, fitting.map((p) => p.location), phase, limit, true);
      const ends = [
        ...fitting.map((p, i) => ({ key: `e|${entryOf.get(`${p.id}|${phase}`)}`, to: { kind: 'existing' as const, index: entryOf.get(`${p.id}|${phase}`)! }, r: reached[i]! })),
        ...fittingCandidates.map((k) => ({ key: `c|${k}`, to: { kind: 'candidate' as const, index: k }, r: reach.to(l, origins[k]!.location, phase, limit) })),
      ];
      for (const e of ends) {
        if (!(e.r.fraction > 0)) continue;
        const key = `${r}|${e.key}`;
        let a = arcOf.get(key);
        if (a === undefined) {
          a = arcs.length;
          arcOf.set(key, a);
          arcs.push({ cell: r, to: e.to, minutes: e.r.minutes, poundsPerPupil: 0, admits: years.map(() => false), reach: years.map(() => 0) });
        }
        arcs[a]!.admits![t] = true;
        arcs[a]!.reach![t] = e.r.fraction;
      }
    });
    return {
      id: `${row.locality}.${row.category}.${row.phase}`,
      locality: row.locality,
      category: row.category,
      phase: row.phase,
      demand: [...row.demand],
      independent: covered.has(row.category),
      unmetAllowed: true,
      stays: [...row.stays],
      commissioned,
    };
  });

  // Reach groups: a locality's cells of one phase to one provision or candidate (the sufficiency model's reach nodes).
  const groupsOfArcs = new Map<string, number[]>();
  arcs.forEach((a, i) => {
    const c = cells[a.cell]!;
    const key = `${c.locality}|${c.phase}|${a.to.kind}|${a.to.index}`;
    (groupsOfArcs.get(key) ?? groupsOfArcs.set(key, []).get(key)!).push(i);
  });
  const reaches: PlanReach[] = [...groupsOfArcs.values()].filter((g) => g.some((a) => arcs[a]!.reach!.some((x, t) => arcs[a]!.admits![t] && x < 1))).map((g) => ({ arcs: g }));

  return {
    name: options.name ?? `${path.level}_${years[0]}_${last}`,
    years,
    cells,
    existing,
    candidates,
    groups,
    arcs,
    reaches,
    independent: {
      costPerPlace: path.independent.costPerPlace,
      costBasis: "the scenario's independent-place cost (assumption: default £49,259 a year, Kent's 2024-25 figure to its Scrutiny Committee)",
      capacity: path.years.map((y) => y.independentCapacity),
    },
    budgets: options.budgets,
    weights: { ...DEFAULT_PLAN_WEIGHTS, noPlace: path.independent.costPerPlace + NO_PLACE_MARGIN, ...(options.weights ?? {}) },
    strengthen: options.strengthen ?? arcs.filter((a) => a.to.kind === 'candidate').length * years.length <= MAX_LINKING_ROWS,
    placeCosts: { specialSchoolPlace: path.costs.specialSchoolPlace, basePlace: path.costs.srpPlace },
    localityNames,
    origins,
    candidateCategories,
    existingOrigins,
  };
}
