/**
 * The demand and arc side of a plan, filled from the single-year sufficiency inputs: the year's
 * demand cells (locality x category x phase), its provisions and travel limits, the independent
 * fallback, and the candidate builds of plan-candidates.json placed at real schools. This adapter is
 * the seam the multi-year path model will replace (several years, carried placements); the plan's
 * builder and everything after it take the PlanInstance either way.
 *
 * Candidates at "any school of a phase" are pooled by locality: one candidate per (row, size,
 * locality), whose units (at most one per school) are bases at any of the locality's eligible
 * schools. At the run's locality level every such school is the same distance from each demand
 * centroid in all but a few minutes, so pooling loses little and keeps the model small; the
 * candidate's journeys are measured to the eligible school nearest the locality's centroid, and
 * the plan names the schools it stands for. A shortlist (`sites.schools`) keeps one candidate per
 * school instead.
 */
import { PHASES, type Phase } from '../phases.js';
import type { LatLon, Registry, School } from '../registry/registry.js';
import { mergeDemand } from '../sufficiency/build-model.js';
import type { SufficiencyInputs, SupplyProvision } from '../sufficiency/inputs.js';
import { localityFrame } from '../sufficiency/localities.js';
import { journeyMinutes, straightLineKm, withinLimit } from '../geo/travel-model.js';
import { costsOf, teachesPhase, type CandidateRow, type PlanCandidatesFile } from './candidates-file.js';
import { DEFAULT_PLAN_WEIGHTS, type PlanArc, type PlanBudgets, type PlanCandidate, type PlanGroup, type PlanInstance, type PlanWeights } from './plan-instance.js';

export interface PlanFromSufficiencyOptions {
  budgets: PlanBudgets;
  /** The candidate file to use (default: the dataset's). */
  candidates?: PlanCandidatesFile;
  weights?: Partial<PlanWeights>;
  strengthen?: boolean;
  name?: string;
}

const isPhase = (p: string): p is Phase => (PHASES as readonly string[]).includes(p);

export function planFromSufficiency(inputs: SufficiencyInputs, registry: Registry, options: PlanFromSufficiencyOptions): PlanInstance {
  const file = options.candidates ?? registry.planCandidates;
  const year = inputs.year;
  const frame = localityFrame(registry, inputs.level);
  const centroid = new Map(inputs.localities.map((l) => [l.code, l.centroid]));
  const localityNames = Object.fromEntries(inputs.localities.map((l) => [l.code, l.name]));
  const named = (code: string) => localityNames[code] ?? code;
  const covered = new Set<string>(inputs.independent.categories);

  const cells = mergeDemand(inputs.demand).map((c) => ({
    id: `${c.locality}.${c.category}.${c.phase}`,
    locality: c.locality,
    category: c.category,
    phase: c.phase,
    demand: [c.count],
    independent: covered.has(c.category),
    unmetAllowed: true,
  }));

  const existing = inputs.provisions.map((p) => ({ id: p.id, name: p.name, kind: p.kind, locality: p.locality, places: [p.places] }));

  const groups: PlanGroup[] = [];
  const candidates: PlanCandidate[] = [];
  const locations: LatLon[] = [];
  const add = (k: PlanCandidate, at: LatLon) => {
    if (k.earliestYear > year) return; // cannot open within this plan's years
    candidates.push(k);
    locations.push(at);
  };
  const mainstream = registry.schools.filter((s) => !s.isSpecial);
  const specialProvision = new Map(inputs.provisions.filter((p) => p.kind === 'special-school').map((p) => [p.id, p]));
  const specialsOf = (rule: 'all' | number[]): SupplyProvision[] => {
    const urns = rule === 'all' ? [...registry.specialSchools.keys()] : rule;
    return urns.map((u) => specialProvision.get(`special-${u}`)).filter((p): p is SupplyProvision => !!p && p.places > 0);
  };
  /** Eligible mainstream schools of a phase for a site rule, by locality at the run's level. */
  const sitesByLocality = (sites: { any: string } | { schools: number[] }, phase: 'primary' | 'secondary', within?: (s: School) => boolean) => {
    const eligible = 'schools' in sites ? sites.schools.map((u) => registry.schoolByUrn.get(u)!) : mainstream.filter((s) => teachesPhase(s.phase, phase));
    const out = new Map<string, School[]>();
    for (const s of eligible) {
      if (within && !within(s)) continue;
      const l = frame.ofSchool(s);
      (out.get(l) ?? out.set(l, []).get(l)!).push(s);
    }
    return out;
  };
  /** The school nearest the locality's centroid: where a pooled candidate's journeys are measured to. */
  const representative = (locality: string, schools: School[]) => {
    const c = centroid.get(locality)!;
    return [...schools].sort((a, b) => straightLineKm(c, a.location) - straightLineKm(c, b.location) || a.urn - b.urn)[0]!;
  };
  const basisOf = (row: CandidateRow, places: string) => {
    const costs = costsOf(file, row);
    return { capital: costs.capitalBasis, running: costs.runningBasis, earliestYear: row.earliestYearBasis, places };
  };

  for (const row of file.candidates) {
    const costs = costsOf(file, row);
    const common = { earliestYear: row.earliestYear, runningPerPlace: costs.runningPerPlace };
    switch (row.kind) {
      case 'specialist-base': {
        const pooled = !('schools' in row.sites);
        for (const [locality, schools] of sitesByLocality(row.sites, row.phase)) {
          const siteGroups = pooled ? [schools] : schools.map((s) => [s]);
          for (const group of siteGroups) {
            const at = representative(locality, group);
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
                  takesPlacesFrom: null,
                  basis: basisOf(row, row.sizesBasis),
                  sites: group.map((s) => ({ urn: s.urn, name: s.name })),
                  ...common,
                },
                at.location,
              );
            }
          }
        }
        break;
      }
      case 'special-school-expansion':
        for (const p of specialsOf(row.schools)) {
          add(
            {
              id: `${row.id}-${p.id}`,
              name: `${row.name}: ${p.name}, blocks of ${row.blockPlaces} places`,
              kind: 'special-school-expansion',
              locality: p.locality,
              categories: p.categories,
              phases: p.phases,
              placesPerUnit: row.blockPlaces,
              maxUnits: row.maxBlocks,
              capitalPerUnit: costs.capitalPerPlace * row.blockPlaces,
              group: null,
              takesPlacesFrom: null,
              basis: basisOf(row, row.blocksBasis),
              sites: [],
              ...common,
            },
            p.location,
          );
        }
        break;
      case 'satellite':
        for (const host of specialsOf(row.hosts)) {
          if (!host.phases.includes(row.phase)) continue;
          const hostSchool = registry.schoolByUrn.get(Number(host.id.replace('special-', '')))!;
          const byLocality = sitesByLocality(row.sites, row.phase, (s) => s.district.code === hostSchool.district.code);
          if (byLocality.size === 0) continue;
          const groupId = `${row.id}.${host.id}`;
          groups.push({ id: groupId, limit: 1 });
          for (const [locality, schools] of byLocality) {
            const at = representative(locality, schools);
            add(
              {
                id: `${row.id}-${host.id}-${locality}`,
                name: `${row.name}: ${host.name}, ${row.places} places at a ${row.phase} school in ${named(locality)}`,
                kind: 'satellite',
                locality,
                categories: host.categories,
                phases: [row.phase],
                placesPerUnit: row.places,
                maxUnits: 1,
                capitalPerUnit: costs.capitalPerPlace * row.places,
                group: groupId,
                takesPlacesFrom: null,
                basis: basisOf(row, row.placesBasis),
                sites: schools.map((s) => ({ urn: s.urn, name: s.name })),
                ...common,
              },
              at.location,
            );
          }
        }
        break;
      case 'redesignation':
        for (const p of specialsOf(row.schools)) {
          if (p.categories.includes(row.to)) continue;
          const blocks = Math.min(row.maxBlocks, Math.floor(p.places / row.blockPlaces));
          if (blocks < 1) continue;
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
              takesPlacesFrom: p.id,
              basis: basisOf(row, row.blocksBasis),
              sites: [],
              ...common,
            },
            p.location,
          );
        }
        break;
    }
  }

  const arcs = planArcs(inputs, cells, candidates, locations);
  return {
    name: options.name ?? `${inputs.level}_${year}`,
    years: [year],
    cells,
    existing,
    candidates,
    groups,
    arcs,
    independent: {
      costPerPlace: inputs.independent.costPerPlace,
      costBasis: "the scenario's independent-place cost (assumption: default GBP 49,259 a year, Kent's 2024-25 figure to its Scrutiny Committee)",
      capacity: [inputs.independent.capacity],
    },
    budgets: options.budgets,
    weights: { ...DEFAULT_PLAN_WEIGHTS, ...(options.weights ?? {}) },
    strengthen: options.strengthen ?? true,
    localityNames,
  };
}

/** Arcs from every cell to every provision and candidate that takes it and is within its phase's travel limit. */
function planArcs(inputs: SufficiencyInputs, cells: PlanInstance['cells'], candidates: PlanCandidate[], locations: LatLon[]): PlanArc[] {
  const centroid = new Map(inputs.localities.map((l) => [l.code, l.centroid]));
  const arcs: PlanArc[] = [];
  const ends = [
    ...inputs.provisions.map((p, index) => ({ to: { kind: 'existing' as const, index }, categories: p.categories as string[], phases: p.phases as string[], at: p.location })),
    ...candidates.map((k, index) => ({ to: { kind: 'candidate' as const, index }, categories: k.categories, phases: k.phases, at: locations[index]! })),
  ];
  cells.forEach((cell, r) => {
    if (!isPhase(cell.phase)) return;
    const from = centroid.get(cell.locality)!;
    const limit = inputs.travel.limits[cell.phase];
    for (const e of ends) {
      if (!e.categories.includes(cell.category) || !e.phases.includes(cell.phase)) continue;
      const km = straightLineKm(from, e.at);
      const minutes = journeyMinutes(km, inputs.travel.model);
      if (!withinLimit(km, minutes, limit)) continue;
      arcs.push({ cell: r, to: e.to, minutes, poundsPerPupil: 0 });
    }
  });
  return arcs;
}
