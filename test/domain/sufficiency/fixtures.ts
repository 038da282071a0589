/**
 * Small hand-made inputs for the sufficiency model: three localities on an east-west line at
 * latitude 51.2 (A at 0.5E, B at 0.7E about 14 km away, C at 1.0E about 35 km from A), two special
 * schools, an SRP and an outreach team. Journey minutes with the default travel model are
 * 5 + 1.95 x km, so the 45-minute primary limit reaches about 20.5 km and the 75-minute secondary
 * limit about 35.9 km.
 */
import type { SufficiencyInputs } from '../../../src/domain/sufficiency/inputs.js';

export function threeTownInputs(overrides: Partial<SufficiencyInputs> = {}): SufficiencyInputs {
  return {
    level: 'district',
    year: 2025,
    localities: [
      { code: 'A', name: 'Town A', centroid: { lat: 51.2, lon: 0.5 }, centroidBasis: 'fixture' },
      { code: 'B', name: 'Town B', centroid: { lat: 51.2, lon: 0.7 }, centroidBasis: 'fixture' },
      { code: 'C', name: 'Town C', centroid: { lat: 51.2, lon: 1.0 }, centroidBasis: 'fixture' },
    ],
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
        name: 'School One (CLN, all-age, in A)',
        kind: 'special-school',
        locality: 'A',
        location: { lat: 51.2, lon: 0.5 },
        categories: ['CLN'],
        phases: ['primary', 'secondary', 'post16'],
        places: 10,
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
        placesBasis: 'assumption',
        placesNote: 'fixture',
        outreachCapacity: 0,
        changes: [],
      },
    ],
    outreachTeams: [{ locality: 'C', capacity: 1 }],
    travel: {
      model: { circuityFactor: 1.3, speedKmh: 40, fixedMinutes: 5 },
      limits: {
        primary: { km: null, minutes: 45 },
        secondary: { km: null, minutes: 75 },
        post16: { km: null, minutes: 75 },
      },
      outreach: { km: null, minutes: 45 },
    },
    independent: { categories: ['CLN', 'SEMH', 'NLD'], capacity: null, costPerPlace: 52_000 },
    penalties: { travelPerMinute: 1, outreachTravelPerMinute: 1, independentPlace: 10_000, unmetPlace: 100_000, unmetOutreach: 10_000 },
    integer: false,
    ...overrides,
  };
}
