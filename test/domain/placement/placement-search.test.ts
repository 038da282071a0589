import fc from 'fast-check';
import { getDistance } from 'geolib';
import { describe, expect, it } from 'vitest';
import { distanceMetres } from '../../../src/domain/geo/geolib-distance.js';
import { proposeAllMappings } from '../../../src/domain/designations/designation-mapping.js';
import { approvedDesignationSet, designationViews, type DesignationViews } from '../../../src/domain/designations/designation-sets.js';
import type { NeedProfile } from '../../../src/domain/matching/need-profile.js';
import { resolveHome, type ResolvedHome } from '../../../src/domain/geo/home.js';
import { PlacementIndex, type PlacementOptions } from '../../../src/domain/placement/placement-search.js';
import { TravelModel } from '../../../src/domain/geo/travel-model.js';
import { kentRegistry } from '../../helpers/app.js';
import { profile } from '../../helpers/profiles.js';

const registry = kentRegistry();
const index = new PlacementIndex(registry);
const sources = designationViews(registry);
const options = (o: Partial<PlacementOptions> = {}): PlacementOptions => ({ maxDistanceKm: 40, limit: 10, designationSet: 'proposed', excludedLimit: 5, ...o });
const at = (lat: number, lon: number): ResolvedHome => ({ location: { lat, lon }, basis: 'coordinates', estimate: false, note: '' });

/** Central Maidstone, with ASD SRPs, a PSCN school and an SEMH school within a few km. */
const MAIDSTONE = at(51.272, 0.522);
/** Sheerness, Isle of Sheppey: Thistle Hill's SEMH SRP is 3 km away. */
const SHEPPEY = at(51.43, 0.77);

const search = (p: NeedProfile, home = MAIDSTONE, o: Partial<PlacementOptions> = {}, s: DesignationViews = sources) => index.search(s, p, home, options(o));

describe('placement search', () => {
  it('when an autistic 8-year-old without learning difficulties is searched under the proposed designations, then ASD SRPs come first and no special school is forced on the child', () => {
    const r = search(profile('ASD', 'none', { age: 8 }));
    expect(r.match.continuum).toMatchObject({ level: 'srp', srpNeedType: 'ASD' });
    expect(r.candidates.length).toBeGreaterThan(0);
    for (const c of r.candidates) {
      expect(c.level).toBe('srp');
      expect(c.needTypes).toContain('ASD');
      expect(c.provision.phase).toBe('primary');
    }
    // the nearest special schools are explained, not offered
    const special = r.excluded.filter((e) => e.provision.kind === 'special-school');
    expect(special.length).toBeGreaterThan(0);
    for (const e of special) expect(e.reasons.join(' ')).toMatch(/does not fit/);
  });

  it('when the same child is searched under the current designations, then C&I special schools fit (the legacy set would have placed the child there)', () => {
    const r = search(profile('ASD', 'none', { age: 8 }), MAIDSTONE, { designationSet: 'current', maxDistanceKm: 60 });
    expect(r.match).toMatchObject({ set: 'current', bestFit: 'CI' });
    const special = r.candidates.filter((c) => c.level === 'special');
    expect(special.length).toBeGreaterThan(0);
    for (const c of special) expect(c.designation).toMatchObject({ set: 'current', code: 'CI', status: 'current' });
    expect(r.candidates[0]!.level).toBe('special'); // the recommended level ranks first
  });

  it('when a profile fits CLN, then only CLN-proposed special schools are offered, nearest first, with distance, time and why', () => {
    const r = search(profile('PMLD', 'profound', { age: 12 }));
    expect(r.candidates.length).toBeGreaterThan(0);
    let last = 0;
    for (const c of r.candidates) {
      expect(c.designation).toMatchObject({ code: 'CLN', set: 'proposed', status: 'proposed' });
      expect(c.distanceKm).toBeGreaterThanOrEqual(last);
      last = c.distanceKm;
      expect(c.fit.join(' ')).toMatch(/fits CLN \(score 1\.00, best fit\)/);
      expect(c.travelMinutes).toBe(Math.round(index.travelModel.minutes(c.distanceKm)));
    }
    expect(r.candidates[0]!.provision.name).toMatch(/Five Acre Wood/);
  });

  it('when a child needs an SEMH provision near an SEMH SRP, then the SRP is excluded because Kent no longer commissions SEMH SRPs', () => {
    const r = search(profile('SEMH', 'none', { age: 7, traits: ['challenging-behaviour'] }), SHEPPEY, { excludedLimit: 10 });
    expect(r.candidates.every((c) => c.provision.id !== 'srp-140393-semh')).toBe(true);
    const thistle = r.excluded.find((e) => e.provision.id === 'srp-140393-semh');
    expect(thistle?.reasons.join(' ')).toMatch(/no longer commission/i);
  });

  it('when a vision-impaired secondary pupil is searched, then the VI SRP is excluded: its model is replaced by specialist team support', () => {
    const r = search(profile('VI', 'none', { age: 13 }), at(51.25, 0.53));
    expect(r.match.continuum.level).toBe('mainstream-outreach');
    expect(r.candidates).toEqual([]);
    const vi = r.excluded.find((e) => e.provision.id === 'srp-135372-vi');
    expect(vi?.reasons.join(' ')).toMatch(/no longer commissioned|replaced by specialist team/);
  });

  it('when a 16-year-old with autism is searched, then secondary SRPs are excluded: places are commissioned for Years 7-11 only', () => {
    const r = search(profile('ASD', 'none', { age: 16 }), MAIDSTONE, { designationSet: 'current', excludedLimit: 20 });
    expect(r.candidates.every((c) => c.level === 'special')).toBe(true);
    const srp = r.excluded.find((e) => e.provision.id === 'srp-136923-asd');
    expect(srp?.reasons.join(' ')).toMatch(/Years 7-11/);
  });

  it('when an 11-year-old is searched, then primary SRPs (ages 4-11) are excluded by phase: the child has started secondary school', () => {
    const r = search(profile('ASD', 'none', { age: 11 }), MAIDSTONE, { excludedLimit: 20 });
    expect(r.phase).toBe('secondary');
    expect(r.candidates.every((c) => c.provision.phase !== 'primary')).toBe(true);
    expect(r.excluded.find((e) => e.provision.id === 'srp-142188-asd')?.reasons).toContain('Serves the primary phase only.');
  });

  it('when maxMinutes is given, then every candidate is within it and the search radius is the distance reachable in that time', () => {
    const r = search(profile('PMLD', 'profound'), MAIDSTONE, { maxMinutes: 30, maxDistanceKm: 100, excludedLimit: 50 });
    expect(r.searched.radiusKm).toBeCloseTo(index.travelModel.straightKmWithin(30), 1);
    for (const c of r.candidates) expect(index.travelModel.minutes(c.distanceKm)).toBeLessThanOrEqual(30.05);
    expect(r.excluded.some((e) => e.reasons.some((x) => /minutes allowed|km searched/.test(x)))).toBe(true);
  });

  it('when the radius is small, then the spatial index assesses only part of the provisions', () => {
    const r = search(profile('ASD', 'none'), MAIDSTONE, { maxDistanceKm: 5, excludedLimit: 1 });
    expect(r.searched.provisionsAssessed).toBeLessThan(r.searched.provisionsTotal / 2);
  });

  it('states free places as capacity minus roll only when both are stated figures, and unknown otherwise', () => {
    const r = search(profile('ASD', 'none', { age: 6 }), at(51.236, 0.5644), { maxDistanceKm: 3 });
    const langley = r.candidates.find((c) => c.provision.id === 'srp-142188-asd')!;
    expect(langley.freePlaces).toEqual({ places: 3, basis: 'capacity minus roll: capacity at September 2019 (Kent Advice); roll at September 2019' });
    const aspire = search(profile('ASD', 'none', { age: 6 }), at(51.35, 0.715), { designationSet: 'current', maxDistanceKm: 2 }).candidates.find((c) => c.provision.urn === 147833)!;
    expect(aspire.freePlaces.places).toBe(160 - registry.schoolByUrn.get(147833)!.pupils!);
    expect(aspire.freePlaces.basis).toMatch(/over capacity by \d+$/);
    const special = search(profile('PMLD', 'profound'), MAIDSTONE).candidates.find((c) => c.level === 'special')!;
    expect(special.freePlaces.places).toBeNull();
    expect(special.freePlaces.basis).toBe('unknown: the place figure is an estimate (the roll), not a capacity');
  });

  it('flags journeys over the best-practice time for the phase (a guideline, not a cap)', () => {
    const r = search(profile('PMLD', 'profound', { age: 8 }), at(51.09, 1.17), { maxDistanceKm: 80, limit: 20 });
    const far = r.candidates.filter((c) => c.travelMinutes > 45);
    expect(far.length).toBeGreaterThan(0);
    for (const c of r.candidates) expect(c.overGuideline).toBe(index.travelModel.minutes(c.distanceKm) > 45);
  });

  it("when 'approved' is asked before any officer has decided, then every school falls back to its proposed designation with status 'proposed' and a note", () => {
    const r = search(profile('PMLD', 'profound'), MAIDSTONE, { designationSet: 'approved' });
    for (const c of r.candidates) {
      expect(c.designation).toMatchObject({ set: 'approved', code: 'CLN', status: 'proposed' });
      expect(c.designation!.note).toMatch(/under review/);
    }
    expect(r.notes.join(' ')).toMatch(/no officer's decision yet/);
  });

  it("when the review supplies an officer's override, then 'approved' placement follows the decision", () => {
    // Override Bower Grove (SEMH) to CLN: it should then be offered to a CLN profile near it.
    const bowerGrove = 119036;
    const reviewed: DesignationViews = designationViews(
      registry,
      approvedDesignationSet(proposeAllMappings(registry), [
        { urn: bowerGrove, designation: 'CLN', status: 'overridden', reviewer: 'A. Officer', decidedAt: '2026-03-01T10:00:00Z' },
      ]),
    );
    const before = search(profile('PMLD', 'profound'), MAIDSTONE, { designationSet: 'approved' });
    const after = search(profile('PMLD', 'profound'), MAIDSTONE, { designationSet: 'approved' }, reviewed);
    expect(before.candidates.some((c) => c.provision.urn === bowerGrove)).toBe(false);
    const overridden = after.candidates.find((c) => c.provision.urn === bowerGrove);
    expect(overridden?.designation).toMatchObject({ code: 'CLN', status: 'overridden', note: expect.stringMatching(/A\. Officer/) });
  });

  it('when the home is an LSOA whose centroid is an estimate, then the answer says so', () => {
    const estimated = [...registry.lsoas.values()].find((l) => l.centroidBasis.startsWith('estimate'))!;
    const home = resolveHome(registry, { lsoa: estimated.code });
    expect(home).toMatchObject({ basis: 'lsoa-centroid', estimate: true });
    const r = search(profile('ASD', 'none'), home);
    expect(r.home.estimate).toBe(true);
    expect(r.notes.join(' ')).toMatch(/centroid, which is an estimate/);
    expect(JSON.stringify(r)).not.toContain(estimated.code);
  });

  it('when the home LSOA is unknown, then resolution fails naming the field, not the code', () => {
    expect(() => resolveHome(registry, { lsoa: 'E01999999' })).toThrow(
      expect.objectContaining({ kind: 'invalid', issues: [{ path: 'home.lsoa', message: 'not an LSOA code in the Kent dataset' }] }),
    );
  });
});

describe('distances and travel times', () => {
  it("the search's distance is geolib's getDistance to the metre, for any two points in and around Kent", () => {
    const lat = fc.double({ min: 50.5, max: 51.8, noNaN: true });
    const lon = fc.double({ min: -0.5, max: 1.8, noNaN: true });
    fc.assert(
      fc.property(lat, lon, lat, lon, (a, b, c, d) => {
        expect(distanceMetres(a, b, c, d)).toBe(getDistance({ latitude: a, longitude: b }, { latitude: c, longitude: d }, 1));
      }),
      { numRuns: 2000 },
    );
  });

  it('estimated minutes grow with distance, and the radius for a time limit inverts them', () => {
    const model = new TravelModel(registry.travelModel);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 150, noNaN: true }), fc.double({ min: 0, max: 150, noNaN: true }), (x, y) => {
        const [near, far] = x <= y ? [x, y] : [y, x];
        expect(model.minutes(near)).toBeLessThanOrEqual(model.minutes(far));
        expect(model.straightKmWithin(model.minutes(far))).toBeCloseTo(far, 6);
      }),
    );
    // 10 km straight = 13 km of road: 3 km at 20 km/h (9 min) + 7 km at 30 (14 min) + 3 km at 45 (4 min)
    expect(model.minutes(10)).toBeCloseTo(27, 6);
  });
});
