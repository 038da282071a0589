/**
 * A plan's builds as a scenario's supply changes, each from its opening year, so that the path model
 * can be run with them: the *resulting path* a commissioner reads is the same model as every other
 * path (build-plan-model.ts says how it relates to the plan's own placements).
 *
 * - A specialist base opens as an SRP (Kent's name for a commissioned specialist base) of its size at
 *   a mainstream school: a pooled candidate's units go to the schools it stands for, nearest the
 *   locality's centre first, one base per school across the row's sizes.
 * - A special-school expansion adds its places to the school (split over phases as the school's are).
 * - A satellite opens as a special-school class of its places at the mainstream site nearest the
 *   locality's centre, designated as its host school is in the opening year (the first of its
 *   designations when it has several), with no outreach of its own.
 * - A redesignation takes its places from the school and opens them, at the school, as a unit of the
 *   new designation.
 */
import type { Registry } from '../registry/registry.js';
import type { Scenario, SupplyChange } from '../sufficiency/scenario.js';
import type { PathPlanInstance } from './from-path.js';
import type { PlanBuild } from './solve-plan.js';

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

const note = (b: PlanBuild) => `capital plan: ${b.name}, opening ${b.year}`.slice(0, 500);

export interface PlannedChange {
  /** The build's candidate and year. */
  candidate: string;
  year: number;
  change: SupplyChange;
  /** The school it is at, for the map (a mainstream site, or the special school). */
  site: { urn: number; name: string } | null;
}

export function planSupplyChanges(instance: PathPlanInstance, builds: PlanBuild[], registry: Registry): PlannedChange[] {
  const index = new Map(instance.candidates.map((k, i) => [k.id, i]));
  /** Schools given a base already, by the candidate's group (one base per school, whichever size). */
  const taken = new Map<string, Set<number>>();
  const out: PlannedChange[] = [];
  const ordered = [...builds].sort((a, b) => a.year - b.year || a.candidate.localeCompare(b.candidate));
  for (const b of ordered) {
    const k = index.get(b.candidate)!;
    const cand = instance.candidates[k]!;
    const origin = instance.origins[k]!;
    const t = instance.years.indexOf(b.year);
    switch (cand.kind) {
      case 'specialist-base': {
        const used = taken.get(cand.group ?? cand.id) ?? taken.set(cand.group ?? cand.id, new Set()).get(cand.group ?? cand.id)!;
        for (let u = 0; u < b.units; u++) {
          const site = cand.sites.find((s) => !used.has(s.urn));
          if (!site) throw new Error(`plan: candidate ${cand.id} has more units than schools`);
          used.add(site.urn);
          out.push({
            candidate: cand.id,
            year: b.year,
            site,
            change: {
              action: 'open',
              id: slug(`plan-${origin.row}-${site.urn}`),
              name: `${cand.name.replace(/ at a .*$/, '').replace(/, \d+ places$/, '')}: ${cand.placesPerUnit} places at ${site.name}`.slice(0, 200),
              kind: 'srp',
              needTypes: cand.categories.map((c) => c.replace(/^SRP-/, '')) as never,
              phases: [origin.phase!],
              places: cand.placesPerUnit,
              hostUrn: site.urn,
              from: b.year,
              note: note(b),
            },
          });
        }
        break;
      }
      case 'special-school-expansion':
        out.push({
          candidate: cand.id,
          year: b.year,
          site: siteOf(registry, origin.provision!),
          change: { action: 'add-places', provision: origin.provision!, places: b.places, from: b.year, note: note(b) },
        });
        break;
      case 'satellite': {
        const site = cand.sites[0]!;
        const designation = instance.candidateCategories[k]![t]![0] ?? cand.categories[0]!;
        out.push({
          candidate: cand.id,
          year: b.year,
          site,
          change: {
            action: 'open',
            id: slug(`plan-${origin.row}-${origin.provision}-${site.urn}`),
            name: `${cand.name.replace(/, \d+ places at .*$/, '')}: ${cand.placesPerUnit} places at ${site.name}`.slice(0, 200),
            kind: 'special-school',
            designation: designation as never,
            phases: [origin.phase!],
            places: b.places,
            hostUrn: site.urn,
            outreachCapacity: 0,
            from: b.year,
            note: note(b),
          },
        });
        break;
      }
      case 'redesignation': {
        const site = siteOf(registry, origin.provision!);
        const school = instance.existingOrigins.filter((e) => e.provision === origin.provision);
        out.push({ candidate: cand.id, year: b.year, site, change: { action: 'add-places', provision: origin.provision!, places: -b.places, from: b.year, note: note(b) } });
        out.push({
          candidate: cand.id,
          year: b.year,
          site,
          change: {
            action: 'open',
            id: slug(`plan-${origin.row}-${origin.provision}-${b.year}`),
            name: `${cand.name.replace(/, blocks of .*$/, '')}: ${b.places} places`.slice(0, 200),
            kind: 'special-school',
            designation: origin.to as never,
            phases: [...new Set(school.map((e) => e.phase))],
            places: b.places,
            ...(site ? { hostUrn: site.urn } : { location: origin.location }),
            outreachCapacity: 0,
            from: b.year,
            note: note(b),
          },
        });
        break;
      }
      case 'facility':
        break;
    }
  }
  return out;
}

/** The registered special school a provision id names ("special-<URN>"), if any. */
function siteOf(registry: Registry, provision: string): { urn: number; name: string } | null {
  const urn = Number(provision.replace(/^special-/, ''));
  const school = Number.isInteger(urn) ? registry.schoolByUrn.get(urn) : undefined;
  return school ? { urn: school.urn, name: school.name } : null;
}

/** The scenario with the plan's builds as supply changes, over the plan's years. */
export function withPlannedChanges(scenario: Scenario, changes: PlannedChange[]): Scenario {
  return { ...scenario, supply: [...scenario.supply, ...changes.map((c) => c.change)] };
}
