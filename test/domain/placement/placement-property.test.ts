/**
 * Property test: over many random need profiles, random homes inside Kent and random options,
 * every candidate the search returns respects distance, time, age, phase and designation/need fit,
 * checked independently of the search code (geolib distance, the matcher's own scores, the
 * designation sources); and the spatial index misses nothing a full scan would find.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import { getDistance } from 'geolib';
import { describe, expect, it } from 'vitest';
import { designationViews } from '../../../src/domain/designations/designation-sets.js';
import { DESIGNATION_SETS } from '../../../src/domain/designations/designation-source.js';
import { matcherFor } from '../../../src/domain/matching/match-profile.js';
import type { NeedProfile } from '../../../src/domain/matching/need-profile.js';
import { PlacementIndex, type PlacementOptions } from '../../../src/domain/placement/placement-search.js';
import { TravelModel } from '../../../src/domain/geo/travel-model.js';
import { phaseOfAge } from '../../../src/domain/phases.js';
import type { Provision } from '../../../src/domain/registry/registry.js';
import { kentRegistry } from '../../helpers/app.js';
import { profileArbitrary } from '../../helpers/profiles.js';

const registry = kentRegistry();
const index = new PlacementIndex(registry);
const sources = designationViews(registry);
const matcher = matcherFor(registry);
const travel = new TravelModel(registry.travelModel);

const bbox = registry.districts.reduce(
  (b, d) => {
    const coords = (d.geometry.type === 'Polygon' ? [d.geometry.coordinates] : d.geometry.coordinates).flat(2);
    for (const [lon, lat] of coords as number[][]) {
      b.minLon = Math.min(b.minLon, lon!);
      b.maxLon = Math.max(b.maxLon, lon!);
      b.minLat = Math.min(b.minLat, lat!);
      b.maxLat = Math.max(b.maxLat, lat!);
    }
    return b;
  },
  { minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity },
);
const inKent = ([lon, lat]: [number, number]) => registry.districts.some((d) => booleanPointInPolygon([lon, lat], { type: 'Feature', properties: {}, geometry: d.geometry }));

/** A point inside one of Kent's 12 district polygons. */
const homeInKent = fc
  .tuple(fc.double({ min: bbox.minLon, max: bbox.maxLon, noNaN: true }), fc.double({ min: bbox.minLat, max: bbox.maxLat, noNaN: true }))
  .filter(inKent);

const optionsArbitrary: fc.Arbitrary<PlacementOptions> = fc.record({
  maxDistanceKm: fc.double({ min: 1, max: 120, noNaN: true }),
  maxMinutes: fc.option(fc.double({ min: 5, max: 120, noNaN: true }), { nil: undefined }),
  limit: fc.integer({ min: 1, max: 30 }),
  designationSet: fc.constantFrom(...DESIGNATION_SETS),
  excludedLimit: fc.integer({ min: 0, max: 10 }),
});

/** Fit as the issue states it, computed without the search code. */
function fitsIgnoringDistance(p: Provision, profile: NeedProfile, set: PlacementOptions['designationSet']): boolean {
  if (profile.age < p.ageLow || profile.age > p.ageHigh) return false;
  if (p.kind === 'special-school') {
    const code = set === 'current' ? sources.current(p.urn) : (set === 'approved' ? sources.approved : sources.proposed).designationOf(p.urn)?.designation;
    const scores = matcher.matchSet(set === 'current' ? 'current' : 'proposed', profile);
    return scores.designations.some((d) => d.code === code && d.fits);
  }
  if (phaseOfAge(profile.age) !== p.phase) return false;
  if (/^not commissioned|replaced by specialist team/i.test(p.commissioning)) return false;
  const covered = matcher.srpNeedTypesFor(profile).filter((t) => t.commissioned).map((t) => t.code);
  return p.needTypes.some((t) => covered.includes(t));
}

const km = (home: { lat: number; lon: number }, p: Provision) =>
  getDistance({ latitude: home.lat, longitude: home.lon }, { latitude: p.location.lat, longitude: p.location.lon }, 1) / 1000;

describe('placement search, for random profiles and homes anywhere in Kent', () => {
  it('returns only candidates that respect distance, time, age, phase and designation or need fit, ranked, and misses none', () => {
    fc.assert(
      fc.property(profileArbitrary, homeInKent, optionsArbitrary, (profile, [lon, lat], options) => {
        const home = { location: { lat, lon }, basis: 'coordinates' as const, estimate: false, note: '' };
        const result = index.search(sources, profile, home, options);
        const byId = registry.provisionById;
        expect(result.candidates.length).toBeLessThanOrEqual(options.limit);
        expect(result.excluded.length).toBeLessThanOrEqual(options.excludedLimit);

        for (const c of result.candidates) {
          const p = byId.get(c.provision.id)!;
          const d = km(home.location, p);
          expect(d).toBeLessThanOrEqual(options.maxDistanceKm);
          expect(Math.abs(c.distanceKm - d)).toBeLessThanOrEqual(0.005 + 1e-9); // reported to 10 m
          if (options.maxMinutes !== undefined) expect(travel.minutes(d)).toBeLessThanOrEqual(options.maxMinutes + 1e-9);
          expect(profile.age).toBeGreaterThanOrEqual(p.ageLow);
          expect(profile.age).toBeLessThanOrEqual(p.ageHigh);
          expect(fitsIgnoringDistance(p, profile, options.designationSet)).toBe(true);
          if (p.kind === 'special-school') {
            expect(c.designation?.set).toBe(options.designationSet);
            const scores = matcher.matchSet(options.designationSet === 'current' ? 'current' : 'proposed', profile);
            expect(scores.designations.find((s) => s.code === c.designation!.code)?.fits).toBe(true);
          } else {
            expect(c.provision.phase).toBe(phaseOfAge(profile.age));
            expect(c.commissioning.status).not.toBe('not-commissioned');
          }
        }

        // ranked: the recommended level first, then nearest first within each group
        const tiers = result.candidates.map((c) => (c.fit.some((f) => f.startsWith('An alternative')) ? 1 : 0));
        for (let i = 1; i < tiers.length; i++) {
          expect(tiers[i]!).toBeGreaterThanOrEqual(tiers[i - 1]!);
          if (tiers[i] === tiers[i - 1]) expect(result.candidates[i]!.distanceKm).toBeGreaterThanOrEqual(result.candidates[i - 1]!.distanceKm - 0.005);
        }

        // the index misses nothing: a full scan finds exactly totalFitting provisions
        const scan = registry.provisions.filter(
          (p) =>
            fitsIgnoringDistance(p, profile, options.designationSet) &&
            km(home.location, p) <= options.maxDistanceKm - 0.002 &&
            (options.maxMinutes === undefined || travel.minutes(km(home.location, p)) <= options.maxMinutes - 0.01),
        );
        expect(result.totalFitting).toBeGreaterThanOrEqual(scan.length);
        const returned = new Set(result.candidates.map((c) => c.provision.id));
        if (result.totalFitting <= options.limit) for (const p of scan) expect(returned.has(p.id), p.id).toBe(true);

        // every excluded provision says why, is not also a candidate, and they are the nearest of those excluded
        for (const e of result.excluded) {
          expect(e.reasons.length).toBeGreaterThan(0);
          expect(returned.has(e.provision.id)).toBe(false);
        }
        const withinLimits = (p: Provision) =>
          km(home.location, p) <= options.maxDistanceKm && (options.maxMinutes === undefined || travel.minutes(km(home.location, p)) <= options.maxMinutes);
        const allExcluded = registry.provisions
          .filter((p) => !(fitsIgnoringDistance(p, profile, options.designationSet) && withinLimits(p)))
          .map((p) => km(home.location, p))
          .sort((a, b) => a - b)
          .slice(0, options.excludedLimit);
        expect(result.excluded.map((e) => e.distanceKm)).toHaveLength(allExcluded.length);
        result.excluded.forEach((e, k) => expect(Math.abs(e.distanceKm - allExcluded[k]!)).toBeLessThanOrEqual(0.006));
      }),
      { numRuns: 400 },
    );
  });
});
