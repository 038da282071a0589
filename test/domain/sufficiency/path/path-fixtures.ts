/**
 * A small path worked by hand: two towns on an east-west line (A at 0.5E, B at 0.7E, about 14 km
 * apart: 32 minutes by the fixture's one-band journey model, within the 45-minute primary limit),
 * children living at each town's centre. Reach is a hard limit (taper 0) so every answer can be
 * followed by hand.
 *
 * - P: a CLN primary special school in B (places given per year);
 * - Q: a CLN primary special school in A, admitting from the year given (or never);
 * - S: a CLN secondary special school in A, 10 places;
 * - an independent school in B, 10 places.
 * Demand: A's CLN primary pupils by age 4-10 (given per year), and its secondary pupils by age 11-15.
 */
import { threeTownInputs } from '../fixtures.js';
import type { PathDemandCell, PathInputs } from '../../../../src/domain/sufficiency/path/path-inputs.js';
import type { SupplyProvision } from '../../../../src/domain/sufficiency/inputs.js';
import type { RunMeta } from '../../../../src/domain/sufficiency/run-identity.js';

const school = (id: string, locality: 'A' | 'B', lon: number, phase: 'primary' | 'secondary', places: number): SupplyProvision => ({
  id,
  name: `School ${id} (CLN ${phase}, in ${locality})`,
  kind: 'special-school',
  locality,
  location: { lat: 51.2, lon },
  categories: ['CLN'],
  phases: [phase],
  places,
  placesByPhase: { [phase]: places },
  placesByPhaseNote: null,
  placesBasis: 'source',
  placesNote: 'fixture',
  outreachCapacity: 0,
  changes: [],
});

const cell = (phase: 'primary' | 'secondary', byAge: number[]): PathDemandCell => ({ locality: 'A', category: 'CLN', phase, count: byAge.reduce((s, v) => s + v, 0), byAge });

export interface TwoTownOptions {
  years: number[];
  /** A's primary CLN pupils by age 4-10, per year. */
  primary: number[][];
  /** A's secondary CLN pupils by age 11-15, per year (default none). */
  secondary?: number[][];
  /** P's places per year. */
  placesP: number[];
  /** The first year Q admits (7 places); null: never. */
  qFrom: number | null;
}

export function twoTownPath(o: TwoTownOptions): PathInputs {
  const base = threeTownInputs();
  return {
    kind: 'path',
    level: 'district',
    localities: base.localities.filter((l) => l.code !== 'C'),
    travel: base.travel,
    independent: {
      categories: ['CLN', 'SEMH', 'NLD'],
      costPerPlace: 49_259,
      schools: [{ ...base.independent.schools[0]!, places: 10 }],
    },
    costs: base.costs,
    outreachTeams: [],
    years: o.years.map((year, t) => ({
      year,
      designationSet: 'current',
      demand: [cell('primary', o.primary[t]!), ...(o.secondary ? [cell('secondary', o.secondary[t]!)] : [])].filter((c) => c.count > 0),
      outreachDemand: [],
      provisions: [
        school('P', 'B', 0.7, 'primary', o.placesP[t]!),
        ...(o.qFrom !== null && year >= o.qFrom ? [school('Q', 'A', 0.5, 'primary', 7)] : []),
        school('S', 'A', 0.5, 'secondary', 10),
      ],
      independentCapacity: null,
    })),
    ages: 'demand-model',
    band: null,
  };
}

export function pathMeta(): RunMeta {
  return { scenarioId: 'two-towns', scenarioName: 'Two towns', designationSet: 'current', assumptions: [], notes: [], scenarioInputs: { level: 'district', horizon: { from: 2025, to: 2027 } } };
}
