/**
 * The candidate builds a capital plan may choose from (models/<la>/plan-candidates.json): specialist
 * bases of standard sizes at mainstream schools of a phase (any school of the phase, or a shortlist),
 * special-school expansions in blocks, satellites of special schools on mainstream sites, and
 * redesignation of a special school's places. Each figure carries its basis ("source: ..." or
 * "estimate: ..."). Costs are set once per kind under `costs` and may be overridden per row.
 *
 * Validated at start-up with the rest of the dataset: a bad row stops the service naming the file,
 * the row (`candidates[i]`) and the field.
 */
import { z } from 'zod';
import { PROPOSED_DESIGNATIONS, SRP_NEED_TYPES } from '../needs.js';
import { DataFileError } from '../registry/data-file-error.js';

export const PLAN_CANDIDATES_FILE = 'plan-candidates.json';

const text = z.string().trim().min(1, 'must not be empty');
const basis = text.refine((s) => s.startsWith('source:') || s.startsWith('estimate:'), 'a basis must start with "source:" or "estimate:"');
const pounds = z.number().finite().min(0).max(100_000_000);
const urn = z.number().int().min(100000).max(999999);
const year = z.number().int().min(2024).max(2040);
const places = z.number().int().min(1).max(500);
const CATEGORY_NAMES = [...PROPOSED_DESIGNATIONS, ...SRP_NEED_TYPES.map((t) => `SRP-${t}`)] as const;
const category = z.enum(CATEGORY_NAMES, { error: `unknown category; expected one of ${CATEGORY_NAMES.join(', ')}` });

const costSet = z.strictObject({
  capitalPerPlace: pounds,
  capitalBasis: basis,
  runningPerPlace: pounds,
  runningBasis: basis,
});
export type CandidateCosts = z.infer<typeof costSet>;
export const costOverride = costSet.partial();

const common = {
  id: z.string().trim().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens'),
  name: text,
  earliestYear: year,
  earliestYearBasis: basis,
  costs: costOverride.optional(),
  notes: text.optional(),
};

/** Schools a candidate may be built at: every school of a phase, or a shortlist of URNs. */
const siteRule = z.union([z.strictObject({ any: z.enum(['primary', 'secondary']) }), z.strictObject({ schools: z.array(urn).min(1) })]);
/** Special schools a row applies to: all of them, or a list. */
const specialRule = z.union([z.literal('all'), z.array(urn).min(1)]);

const specialistBase = z.strictObject({
  ...common,
  kind: z.literal('specialist-base'),
  categories: z.array(category).min(1),
  phase: z.enum(['primary', 'secondary']),
  /** Standard sizes in places; a school hosts at most one base of the row, whichever size. */
  sizes: z.array(places).min(1),
  sizesBasis: basis,
  sites: siteRule,
});

const expansion = z.strictObject({
  ...common,
  kind: z.literal('special-school-expansion'),
  schools: specialRule,
  blockPlaces: places,
  maxBlocks: z.number().int().min(1).max(20),
  blocksBasis: basis,
});

const satellite = z.strictObject({
  ...common,
  kind: z.literal('satellite'),
  /** The special schools whose satellite it would be (the satellite admits as the school does). */
  hosts: specialRule,
  /** Mainstream sites: any school of the phase in the host's district, or a shortlist. */
  phase: z.enum(['primary', 'secondary']),
  sites: siteRule,
  places,
  placesBasis: basis,
});

const redesignation = z.strictObject({
  ...common,
  kind: z.literal('redesignation'),
  schools: specialRule,
  to: z.enum(PROPOSED_DESIGNATIONS),
  /** Places moved per block, at most maxBlocks blocks. */
  blockPlaces: places,
  maxBlocks: z.number().int().min(1).max(20),
  blocksBasis: basis,
});

export const candidateRow = z.discriminatedUnion('kind', [specialistBase, expansion, satellite, redesignation]);
export type CandidateRow = z.infer<typeof candidateRow>;

export const planCandidatesFile = z.strictObject({
  description: text,
  costs: z.strictObject({
    'specialist-base': costSet,
    'special-school-expansion': costSet,
    satellite: costSet,
    redesignation: costSet,
  }),
  candidates: z.array(candidateRow),
});
export type PlanCandidatesFile = z.infer<typeof planCandidatesFile>;

/** What the checks need to know about the dataset. */
export interface CandidateSchools {
  isSchool(urn: number): boolean;
  isSpecial(urn: number): boolean;
  /** GIAS phase text of a school ("Primary", "Secondary", "All-through", ...). */
  phaseOf(urn: number): string | null;
}

/** Does a mainstream school of this GIAS phase teach the plan phase? */
export function teachesPhase(giasPhase: string | null, phase: 'primary' | 'secondary'): boolean {
  return giasPhase === 'All-through' || giasPhase?.toLowerCase() === phase;
}

/** Cross-checks against the schools: URNs exist, hosts are special schools, sites teach the phase, ids are unique. */
export function checkPlanCandidates(file: PlanCandidatesFile, schools: CandidateSchools): PlanCandidatesFile {
  const ids = new Set<string>();
  file.candidates.forEach((c, i) => {
    const row = `candidates[${i}]`;
    const fail = (field: string, problem: string) => {
      throw new DataFileError(PLAN_CANDIDATES_FILE, row, field, problem);
    };
    if (ids.has(c.id)) fail('id', `duplicate candidate id ${c.id}`);
    ids.add(c.id);
    const checkSpecial = (field: string, rule: 'all' | number[]) => {
      if (rule === 'all') return;
      rule.forEach((u, k) => {
        if (!schools.isSchool(u)) fail(`${field}.${k}`, `URN ${u} is not in schools.csv`);
        if (!schools.isSpecial(u)) fail(`${field}.${k}`, `URN ${u} is not a special school`);
      });
    };
    const checkSites = (sites: { any: string } | { schools: number[] }, phase: 'primary' | 'secondary') => {
      if (!('schools' in sites)) return;
      sites.schools.forEach((u, k) => {
        if (!schools.isSchool(u)) fail(`sites.schools.${k}`, `URN ${u} is not in schools.csv`);
        if (schools.isSpecial(u)) fail(`sites.schools.${k}`, `URN ${u} is a special school, not a mainstream site`);
        if (!teachesPhase(schools.phaseOf(u), phase)) fail(`sites.schools.${k}`, `URN ${u} is not a ${phase} school`);
      });
    };
    switch (c.kind) {
      case 'specialist-base':
        checkSites(c.sites, c.phase);
        if ('any' in c.sites && c.sites.any !== c.phase) fail('sites.any', `a ${c.phase} base needs ${c.phase} sites`);
        break;
      case 'special-school-expansion':
      case 'redesignation':
        checkSpecial('schools', c.schools);
        break;
      case 'satellite':
        checkSpecial('hosts', c.hosts);
        checkSites(c.sites, c.phase);
        break;
    }
  });
  return file;
}

/** A row's costs: the kind's defaults with the row's overrides. */
export function costsOf(file: PlanCandidatesFile, row: CandidateRow): CandidateCosts {
  return { ...file.costs[row.kind], ...(row.costs ?? {}) };
}
