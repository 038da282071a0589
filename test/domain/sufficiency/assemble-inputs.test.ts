import { describe, expect, it } from 'vitest';
import { assembleInputs, phasesForAges, ScenarioInputError } from '../../../src/domain/sufficiency/assemble-inputs.js';
import { localityFrame } from '../../../src/domain/sufficiency/localities.js';
import { scenarioSchema, type ScenarioInput } from '../../../src/domain/sufficiency/scenario.js';
import { kentRegistry } from '../../helpers/app.js';
import { fixtureDemandSource } from '../../helpers/fixture-demand.js';

const registry = kentRegistry();
const assemble = (input: Partial<ScenarioInput>) =>
  assembleInputs(scenarioSchema.parse({ id: 't', name: 't', year: 2025, ...input }), registry, { demand: fixtureDemandSource(registry) });
const inputError = (input: Partial<ScenarioInput>): ScenarioInputError => {
  try {
    assemble(input);
  } catch (err) {
    if (err instanceof ScenarioInputError) return err;
    throw err;
  }
  throw new Error('expected a ScenarioInputError');
};

describe('phases a provision serves', () => {
  it('when ages are 4-11, 11-16, 11-19 and 4-19, then primary; secondary; secondary and post-16; all three', () => {
    expect(phasesForAges(4, 11)).toEqual(['primary']);
    expect(phasesForAges(11, 16)).toEqual(['secondary']);
    expect(phasesForAges(11, 19)).toEqual(['secondary', 'post16']);
    expect(phasesForAges(4, 19)).toEqual(['primary', 'secondary', 'post16']);
  });
});

describe('locality centroids', () => {
  it("when districts are the level, then each centroid is the child-population-weighted mean of its LSOAs' centroids", () => {
    const frame = localityFrame(registry, 'district');
    expect(frame.localities).toHaveLength(12);
    const thanet = frame.localities.find((l) => l.name === 'Thanet')!;
    const lsoas = [...registry.lsoas.values()].filter((l) => l.districtCode === thanet.code && l.population0to15);
    const w = lsoas.reduce((s, l) => s + l.population0to15!, 0);
    expect(thanet.centroid.lat).toBeCloseTo(lsoas.reduce((s, l) => s + l.population0to15! * l.centroid.lat, 0) / w, 9);
    expect(thanet.centroid.lon).toBeCloseTo(lsoas.reduce((s, l) => s + l.population0to15! * l.centroid.lon, 0) / w, 9);
    expect(thanet.centroidBasis).toMatch(/population-weighted mean of \d+ LSOA centroids/);
  });

  it('when a school is placed, then it falls in its own district or MSOA', () => {
    const school = registry.schoolByUrn.get(119056)!;
    expect(localityFrame(registry, 'district').ofSchool(school)).toBe(school.district.code);
    expect(localityFrame(registry, 'msoa').ofSchool(school)).toBe(school.msoa!.code);
  });
});

describe('assembling a scenario into model inputs', () => {
  it("when the designation set is 'current', then a school keeps its legacy breadth; 'proposed' narrows it to one designation", () => {
    const current = assemble({ designationSet: 'current' }).inputs.provisions.find((p) => p.id === 'special-119036')!;
    const proposed = assemble({ designationSet: 'proposed' }).inputs.provisions.find((p) => p.id === 'special-119036')!;
    expect(current.categories).toEqual(['SEMH', 'NLD']);
    expect(proposed.categories).toEqual(['SEMH']);
    expect(current.phases).toEqual(['primary', 'secondary', 'post16']);
  });

  it("when 'approved' is asked for without the review installed, then it is refused naming designationSet", () => {
    expect(inputError({ designationSet: 'approved' }).path).toBe('designationSet');
  });

  it('when an SRP has no stated capacity, then it gets the assumed places, labelled as an assumption', () => {
    const { inputs } = assemble({ assumptions: { unknownSrpPlaces: 9 } });
    const unknown = inputs.provisions.find((p) => p.id === 'srp-140433-asd')!;
    expect(unknown).toMatchObject({ places: 9, placesBasis: 'assumption' });
    expect(unknown.placesNote).toMatch(/^assumption: 9 places/);
    expect(inputs.provisions.find((p) => p.id === 'srp-135125-asd')).toMatchObject({ places: 8, placesBasis: 'source' });
  });

  it('when a county SRP total is assumed, then unlisted places fill, district by district, what the listed units leave', () => {
    const listed = registry.srps.reduce((s, u) => s + (u.capacity ?? 13), 0);
    expect(listed).toBe(188 + 18 * 13);
    const unlistedOf = (total: number) => assemble({ assumptions: { srpPlacesCountyTotal: total, unknownSrpPlaces: 13 } });
    // With a total far above the listed places, no district's listed units exceed its share: unlisted = total - listed.
    const big = unlistedOf(20_000);
    expect(big.inputs.provisions.filter((p) => p.kind === 'unlisted-srp').reduce((s, p) => s + p.places, 0)).toBeCloseTo(20_000 - listed, 6);
    // At 1,075, some districts' listed units hold more of a type than their pupils need: those places stay, so unlisted > 1,075 - listed.
    const { inputs, assumptions } = unlistedOf(1075);
    const unlisted = inputs.provisions.filter((p) => p.kind === 'unlisted-srp');
    const sum = unlisted.reduce((s, p) => s + p.places, 0);
    expect(sum).toBeGreaterThan(1075 - listed);
    expect(unlisted.every((p) => p.placesBasis === 'assumption')).toBe(true);
    expect(assumptions.find((a) => a.name === 'unlistedSrpPlaces')!.value).toBeCloseTo(sum, 1);
    // No district gets unlisted ASD primary places where its listed ASD primary units already exceed its pupils:
    // Tonbridge and Malling has four listed units (31 + 10 + 13 + 13 places).
    expect(unlisted.filter((p) => p.name.includes('Tonbridge and Malling') && p.categories[0] === 'SRP-ASD' && p.phases[0] === 'primary')).toEqual([]);
    expect(assemble({ assumptions: { srpPlacesCountyTotal: null } }).inputs.provisions.some((p) => p.kind === 'unlisted-srp')).toBe(false);
  });

  it('when no county SRP total is given, then it is the SEN2 pupils in units aged 4-15, split by phase as they were, with none post-16', () => {
    const { inputs, assumptions } = assemble({});
    const figures = registry.sufficiency.figures.unitPupils.byPhase;
    expect(figures).toEqual({ primary: 517, secondary: 499, post16: 59 });
    const all = inputs.provisions.filter((p) => p.kind !== 'special-school');
    const inPhase = (phase: string) => all.filter((p) => p.phases.includes(phase as never)).reduce((s, p) => s + p.places, 0);
    // At least the pupils' places in each phase (more where listed units exceed a district's pupils), none post-16.
    // The phase split follows the fixture demand's SRP pupils (primary 460, secondary 350 of 810).
    expect(inPhase('primary')).toBeGreaterThanOrEqual((1016 * 460) / 810 - 1e-6);
    expect(inPhase('secondary')).toBeGreaterThanOrEqual((1016 * 350) / 810 - 1e-6);
    expect(inPhase('post16')).toBe(0);
    expect(assumptions.find((a) => a.name === 'srpPlacesCountyTotal')).toMatchObject({ value: 1016, basis: expect.stringMatching(/^source: Kent pupils aged 4-15 in SEN units/) });
  });

  it('when unlisted SRP places are placed, then they sit at real mainstream schools of their phase that host no listed unit of it', () => {
    const unlisted = assemble({}).inputs.provisions.filter((p) => p.kind === 'unlisted-srp');
    expect(unlisted.length).toBeGreaterThan(20);
    const listedHosts = (phase: string) => new Set(registry.srps.filter((u) => u.phase === phase).map((u) => u.hostUrn));
    for (const p of unlisted) {
      const urn = Number(/^unlisted-srp-(\d+)-/.exec(p.id)![1]);
      const host = registry.schoolByUrn.get(urn)!;
      expect(host.isSpecial, p.id).toBe(false);
      expect([p.phases[0] === 'primary' ? 'Primary' : 'Secondary', 'All-through'], p.id).toContain(host.phase);
      expect(host.location).toEqual(p.location);
      expect(listedHosts(p.phases[0]!).has(urn), p.id).toBe(false);
      expect(p.placesNote).toMatch(/^assumption: /);
    }
    // The same inputs always choose the same hosts.
    expect(assemble({}).inputs.provisions.filter((p) => p.kind === 'unlisted-srp').map((p) => p.id)).toEqual(unlisted.map((p) => p.id));
  });

  it("when a special school serves several phases, then its places are split by the SEN2 ages of Kent's state special-school pupils", () => {
    const { inputs } = assemble({});
    const allAge = inputs.provisions.find((p) => p.id === 'special-119040')!; // Ifield, 4-19, 277 on roll
    const byAge = registry.sufficiency.figures.specialSchoolPupilsByAge.pupils;
    const sum = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => byAge[String(from + i)] ?? 0).reduce((a, b) => a + b, 0);
    const total = sum(4, 18);
    expect(allAge.placesByPhase.primary).toBeCloseTo((277 * sum(4, 10)) / total, 9);
    expect(allAge.placesByPhase.post16).toBeCloseTo((277 * sum(16, 18)) / total, 9);
    expect(Object.values(allAge.placesByPhase).reduce((a, b) => a + b!, 0)).toBeCloseTo(277, 9);
    expect(allAge.placesByPhaseNote).toMatch(/^estimate: places split over phases/);
    const secondaryOnly = inputs.provisions.find((p) => p.id === 'special-119051')!; // 11-16
    expect(secondaryOnly.placesByPhase).toEqual({ secondary: secondaryOnly.places });
    // Changing the places keeps the split's shares.
    const changed = assemble({ supply: [{ action: 'set-places', provision: 'special-119040', places: 554 }] }).inputs.provisions.find((p) => p.id === 'special-119040')!;
    expect(changed.placesByPhase.primary).toBeCloseTo(2 * allAge.placesByPhase.primary!, 9);
  });

  it('when independent schools are loaded, then the independent and non-maintained ones in Kent and Medway come with their rolls as places', () => {
    const { inputs } = assemble({});
    const schools = inputs.independent.schools;
    expect(schools.length).toBe(registry.sufficiency.independentSchools.filter((s) => s.kind !== 'special-post-16').length);
    expect(schools.some((s) => s.la === 'Medway' && s.locality === null)).toBe(true);
    const helen = schools.find((s) => s.urn === 118993)!;
    expect(helen).toMatchObject({ name: 'Helen Allison School', places: 70, s41: 'approved', kind: 'independent-special' });
    expect(schools.find((s) => s.urn === 151493)).toMatchObject({ places: 0, placesNote: expect.stringMatching(/^assumption: 0 places/) });
    expect(assemble({ assumptions: { unknownIndependentPlaces: 20 } }).inputs.independent.schools.find((s) => s.urn === 151493)!.places).toBe(20);
  });

  it("when a scenario changes the journey-time model, then the dataset's figures are replaced one by one, and the old single speed still reads", () => {
    const base = assemble({}).inputs.travel.model;
    expect(base).toEqual({ roadDistanceFactor: 1.3, speedBands: registry.travelModel.speedBands, fixedMinutes: 0 });
    expect(assemble({ travel: { model: { roadDistanceFactor: 1.4 } } }).inputs.travel.model).toMatchObject({ roadDistanceFactor: 1.4, speedBands: base.speedBands });
    const legacy = assemble({ travel: { model: { circuityFactor: 1.2, speedKmh: 40, fixedMinutes: 5 } } });
    expect(legacy.inputs.travel.model).toEqual({ roadDistanceFactor: 1.2, speedBands: [{ uptoRoadKm: null, kmPerHour: 40 }], fixedMinutes: 5 });
    expect(legacy.notes.join(' ')).toMatch(/names of model 1/);
    expect(inputError({ travel: { model: { speedBands: [{ uptoRoadKm: null, kmPerHour: 30 }, { uptoRoadKm: 5, kmPerHour: 50 }] } } }).path).toBe('travel.model.speedBands[0].uptoRoadKm');
  });

  it('when a scenario still sets the penalties or integer of model 1, then it loads and the run says they are ignored', () => {
    const { meta } = assemble({ penalties: { unmetPlace: 5 }, integer: true });
    expect(meta.warnings!.join(' ')).toMatch(/penalties are ignored.*integer is ignored/);
    expect(meta.scenarioInputs).toMatchObject({ year: 2025, level: 'district', designationSet: 'current' });
    expect(meta.observed?.year).toBe(2025);
    expect(assemble({ year: 2026 }).meta.observed).toBeNull();
  });

  it('when supply changes are applied, then each takes effect in order and is recorded on the provision', () => {
    const { inputs } = assemble({
      designationSet: 'proposed',
      supply: [
        { action: 'redesignate', urn: 119036, designation: 'NLD', note: 'test' },
        { action: 'set-places', provision: 'special-119037', places: 150 },
        { action: 'add-places', provision: 'special-119037', places: -20 },
        { action: 'open', id: 'new-nld-swale', name: 'New NLD school', kind: 'special-school', designation: 'NLD', phases: ['primary'], places: 80, hostUrn: 118438 },
        { action: 'close', provision: 'srp-118393-slcn' },
        { action: 'stop-commissioning', needTypes: ['SEMH', 'SLCN'] },
      ],
    });
    const byId = new Map(inputs.provisions.map((p) => [p.id, p]));
    expect(byId.get('special-119036')!.categories).toEqual(['NLD']);
    expect(byId.get('special-119036')!.changes).toEqual(['redesignated NLD (test)']);
    expect(byId.get('special-119037')!.places).toBe(130);
    const opened = byId.get('new-nld-swale')!;
    expect(opened).toMatchObject({ categories: ['NLD'], phases: ['primary'], places: 80, outreachCapacity: 20, kind: 'special-school' });
    expect(opened.location).toEqual(registry.schoolByUrn.get(118438)!.location);
    expect(byId.has('srp-118393-slcn')).toBe(false);
    expect(inputs.provisions.some((p) => p.categories.includes('SRP-SEMH') || p.categories.includes('SRP-SLCN'))).toBe(false);
    // The satellite that took ASD and SLCN keeps ASD.
    expect(byId.get('srp-141534-asd-slcn')!.categories).toEqual(['SRP-ASD']);
  });

  it('when a redesignation names its school as provision, or by the deprecated urn, then both take the same effect', () => {
    const byProvision = assemble({ designationSet: 'proposed', supply: [{ action: 'redesignate', provision: 'special-119036', designation: 'NLD', note: 'test' }] });
    const byUrn = assemble({ designationSet: 'proposed', supply: [{ action: 'redesignate', urn: 119036, designation: 'NLD', note: 'test' }] });
    const school = (a: typeof byUrn) => a.inputs.provisions.find((p) => p.id === 'special-119036')!;
    expect(school(byProvision)).toEqual(school(byUrn));
    expect(school(byProvision).categories).toEqual(['NLD']);
  });

  it('when a redesignation names a special school the scenario opens, then that school is redesignated', () => {
    const { inputs } = assemble({
      supply: [
        { action: 'open', id: 'new-school', name: 'New school', kind: 'special-school', designation: 'CLN', phases: ['primary'], places: 60, hostUrn: 118438 },
        { action: 'redesignate', provision: 'new-school', designation: 'SEMH' },
      ],
    });
    expect(inputs.provisions.find((p) => p.id === 'new-school')!.categories).toEqual(['SEMH']);
  });

  it('when a redesignation names its school twice, not at all, or names an SRP, then it is refused at the provision field', () => {
    const twice = scenarioSchema.safeParse({ id: 't', name: 't', year: 2025, supply: [{ action: 'redesignate', provision: 'special-119036', urn: 119036, designation: 'NLD' }] });
    const never = scenarioSchema.safeParse({ id: 't', name: 't', year: 2025, supply: [{ action: 'redesignate', designation: 'NLD' }] });
    for (const parsed of [twice, never]) {
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual(['supply.0.provision']);
    }
    const srp = inputError({ supply: [{ action: 'redesignate', provision: 'srp-135125-asd', designation: 'NLD' }] });
    expect(srp.path).toBe('supply[0].provision');
    expect(srp.message).toMatch(/not a special school/);
  });

  it('when a supply change names something that does not exist or is impossible, then the error gives its path', () => {
    expect(inputError({ supply: [{ action: 'close', provision: 'special-999999' }] }).path).toBe('supply[0].provision');
    expect(inputError({ supply: [{ action: 'redesignate', urn: 118438, designation: 'NLD' }] }).path).toBe('supply[0].urn');
    expect(inputError({ supply: [{ action: 'add-places', provision: 'srp-135125-asd', places: -9 }] }).path).toBe('supply[0].places');
    expect(
      inputError({ supply: [{ action: 'open', id: 'special-119036', name: 'x', kind: 'special-school', designation: 'CLN', phases: ['primary'], places: 1, hostUrn: 118438 }] }).path,
    ).toBe('supply[0].id');
    expect(
      inputError({ supply: [{ action: 'open', id: 'x', name: 'x', kind: 'srp', needTypes: ['ASD'], phases: ['primary'], places: 1, hostUrn: 100000 }] }).path,
    ).toBe('supply[0].hostUrn');
    expect(inputError({ outreach: { byLocality: { E99999999: 10 } } }).path).toBe('outreach.byLocality.E99999999');
  });

  it('when the level is LSOA, then MSOA demand is shared among its LSOAs and the totals are kept', () => {
    const msoa = assemble({ level: 'msoa' }).inputs;
    const lsoa = assemble({ level: 'lsoa' }).inputs;
    const total = (d: { count: number }[]) => d.reduce((s, c) => s + c.count, 0);
    expect(total(lsoa.demand)).toBeCloseTo(total(msoa.demand), 6);
    expect(total(lsoa.outreachDemand)).toBeCloseTo(total(msoa.outreachDemand), 6);
    expect(lsoa.localities.length).toBeGreaterThan(900);
  });

  it('when the outreach share is set, then outreach demand is that share of mainstream EHCP pupils', () => {
    const { inputs } = assemble({ outreach: { share: 0.5 } });
    // Fixture county totals: outreach pathway 2,000 + mainstream 4,000.
    expect(inputs.outreachDemand.reduce((s, o) => s + o.count, 0)).toBeCloseTo(0.5 * 6000, 6);
    expect(assemble({}).inputs.outreachDemand.reduce((s, o) => s + o.count, 0)).toBeCloseTo(2000, 6);
  });
});
