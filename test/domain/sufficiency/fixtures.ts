/**
 * Small hand-made inputs for the sufficiency model: three localities on an east-west line at
 * latitude 51.2 (A at 0.5E, B at 0.7E about 14 km away, C at 1.0E about 35 km from A), each with one
 * point (its centre) where all its children live; two special schools, an SRP, an independent school
 * and an outreach team. The journey-time model is one band: minutes = 5 + 60 x 1.3 x km / 40, so the
 * 45-minute primary limit reaches about 20.5 km and the 75-minute secondary limit about 35.9 km; reach
 * is a hard limit here (taper 0) so the answers can be worked by hand.
 */
import type { SufficiencyInputs } from '../../../src/domain/sufficiency/inputs.js';
import type { RunMeta } from '../../../src/domain/sufficiency/run-identity.js';

const town = (code: string, name: string, lon: number) => ({
  code,
  name,
  centroid: { lat: 51.2, lon },
  centroidBasis: 'fixture',
  points: [{ lat: 51.2, lon, children: 1000, youngPeople: 500 }],
});

export function threeTownInputs(overrides: Partial<SufficiencyInputs> = {}): SufficiencyInputs {
  return {
    level: 'district',
    year: 2025,
    localities: [town('A', 'Town A', 0.5), town('B', 'Town B', 0.7), town('C', 'Town C', 1.0)],
    demand: [
      { locality: 'A', category: 'CLN', phase: 'primary', count: 6 },
      { locality: 'B', category: 'CLN', phase: 'primary', count: 5 },
      { locality: 'C', category: 'CLN', phase: 'primary', count: 4 },
      { locality: 'A', category: 'SEMH', phase: 'secondary', count: 3 },
      { locality: 'A', category: 'SRP-ASD', phase: 'primary', count: 2 },
      { locality: 'C', category: 'SRP-ASD', phase: 'primary', count: 3 },
      { locality: 'B', category: 'NLD', phase: 'post16', count: 0 },
    ],
    outreachDemand: [
      { locality: 'A', category: null, count: 4 },
      { locality: 'C', category: null, count: 6 },
    ],
    provisions: [
      {
        id: 'special-1',
        name: 'School One (CLN, primary and secondary, in A)',
        kind: 'special-school',
        locality: 'A',
        location: { lat: 51.2, lon: 0.5 },
        categories: ['CLN'],
        phases: ['primary', 'secondary'],
        places: 14,
        placesByPhase: { primary: 8, secondary: 6 },
        placesByPhaseNote: 'fixture',
        placesBasis: 'source',
        placesNote: 'fixture',
        outreachCapacity: 5,
        changes: [],
      },
      {
        id: 'special-2',
        name: 'School Two (SEMH secondary, in C)',
        kind: 'special-school',
        locality: 'C',
        location: { lat: 51.2, lon: 1.0 },
        categories: ['SEMH'],
        phases: ['secondary', 'post16'],
        places: 8,
        placesByPhase: { secondary: 6, post16: 2 },
        placesByPhaseNote: 'fixture',
        placesBasis: 'estimate',
        placesNote: 'fixture',
        outreachCapacity: 2,
        changes: [],
      },
      {
        id: 'srp-b-asd',
        name: 'Unit in B (ASD, primary)',
        kind: 'srp',
        locality: 'B',
        location: { lat: 51.2, lon: 0.7 },
        categories: ['SRP-ASD'],
        phases: ['primary'],
        places: 4,
        placesByPhase: { primary: 4 },
        placesByPhaseNote: null,
        placesBasis: 'assumption',
        placesNote: 'fixture',
        outreachCapacity: 0,
        changes: [],
      },
    ],
    outreachTeams: [{ locality: 'C', capacity: 1 }],
    travel: {
      model: { roadDistanceFactor: 1.3, speedBands: [{ uptoRoadKm: null, kmPerHour: 40 }], fixedMinutes: 5 },
      limits: {
        primary: { km: null, minutes: 45 },
        secondary: { km: null, minutes: 75 },
        post16: { km: null, minutes: 75 },
      },
      outreach: { km: null, minutes: 45 },
      weights: { primary: 1 / 45, secondary: 1 / 75, post16: 1 / 75 },
      reachTaper: 0,
    },
    independent: {
      categories: ['CLN', 'SEMH', 'NLD'],
      capacity: null,
      costPerPlace: 49_259,
      schools: [
        {
          id: 'independent-1',
          urn: 900001,
          name: 'Independent in B',
          kind: 'independent-special',
          la: 'Kent',
          locality: 'B',
          location: { lat: 51.2, lon: 0.7 },
          places: 2,
          placesNote: 'fixture',
          s41: 'unknown',
        },
      ],
    },
    costs: { specialSchoolPlace: 24_252, srpPlace: 16_000 },
    ...overrides,
  };
}

/** What a run of the fixture carries besides its inputs. */
export function fixtureMeta(overrides: Partial<RunMeta> = {}): RunMeta {
  return { scenarioId: 'three-towns', scenarioName: 'Three towns', designationSet: 'current', assumptions: [], notes: [], scenarioInputs: { year: 2025, level: 'district', designationSet: 'current', supply: [] }, ...overrides };
}
