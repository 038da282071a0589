/**
 * Two councils in one service: the shipped models/ (Kent and Medway) loaded together, `?la=` on every
 * endpoint of the catalogue, demand, matching, placement search and their batches, the review and the
 * scenarios list; an unknown council is a 400 naming the loaded ones. Expected figures come from the
 * shipped files read here, not from the code under test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadCouncils } from '../../src/domain/dataset.js';
import { injectAs, PROJECT_ROOT, testConfig } from '../helpers/app.js';

const MODELS = join(PROJECT_ROOT, 'models');
const csv = (council: string, file: string): Record<string, string>[] => parse(readFileSync(join(MODELS, council, file), 'utf8'), { columns: true });
const medwaySpecials = csv('medway', 'special-schools.csv');
const medwaySchools = csv('medway', 'schools.csv');
const medwayLsoa = csv('medway', 'lsoas.csv')[0]!.code!;
const medwayPlans = csv('medway', 'ehcp-need-by-age-2025.csv').reduce((s, r) => s + Number(r.ehc_plans), 0);

let app: FastifyInstance;
let call: Awaited<ReturnType<typeof injectAs>>;
let officer: Awaited<ReturnType<typeof injectAs>>;
beforeAll(async () => {
  const councils = loadCouncils(MODELS);
  app = await buildApp({ config: testConfig({ modelsDir: MODELS }), registry: councils.default.registry, councils });
  call = await injectAs(app, 'planner');
  officer = await injectAs(app, 'officer');
}, 60_000);
afterAll(async () => app?.close());

const get = (url: string) => app.inject({ url });

describe('councils loaded together', () => {
  it('when /health is asked, then it lists Kent (the default) and Medway with their counts', async () => {
    const body = (await get('/health')).json();
    expect(body.councils.map((c: { localAuthority: string; default: boolean }) => [c.localAuthority, c.default])).toEqual([
      ['Kent', true],
      ['Medway', false],
    ]);
    const medway = body.councils.find((c: { localAuthority: string }) => c.localAuthority === 'Medway');
    expect(medway).toMatchObject({ gssCode: 'E06000035', laCode: '887', schools: medwaySchools.length, specialSchools: medwaySpecials.length, strategyFigures: null });
    expect(body.dataset.localAuthority).toBe('Kent');
  });

  it('when a council the service has not loaded is named, then the answer is a 400 at querystring.la naming the loaded ones', async () => {
    for (const url of ['/schools?la=Essex', '/demand?la=E10000012', '/provisions?la=881', '/scenarios?la=nowhere', '/localities?la=Camden']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().issues[0].path).toBe('querystring.la');
      expect(res.json().message).toMatch(/Kent \(E10000016, LA 886\), Medway \(E06000035, LA 887\)/);
    }
  });

  it('when no council is named, then the answers are Kent\'s as before', async () => {
    expect((await get('/schools?limit=1')).json().total).toBe(594);
    expect((await get('/schools?limit=1&la=kent')).json().total).toBe(594);
  });
});

describe('?la=Medway on the catalogue', () => {
  it('when Medway is named by name, ONS code, LA code or folder in any case, then its schools come back', async () => {
    for (const la of ['Medway', 'MEDWAY', 'E06000035', 'e06000035', '887', 'medway']) {
      const body = (await get(`/schools?la=${la}&limit=1000`)).json();
      expect(body.total, la).toBe(medwaySchools.length);
      expect(body.items.every((s: { district: { name: string } }) => s.district.name === 'Medway')).toBe(true);
    }
  });

  it('when one Medway school is asked for, then it has its designation "all needs (not known)"; a Kent URN is not Medway\'s', async () => {
    const urn = medwaySpecials[0]!.urn;
    const school = (await get(`/schools/${urn}?la=Medway`)).json();
    expect(school.special).toMatchObject({ designation: 'ALL', designationName: 'All needs (not known)', confidence: 'low' });
    expect(school.special.placesBasis).toMatch(/^(estimate|unknown):/);
    expect((await get('/schools/119026?la=Medway')).statusCode).toBe(404);
  });

  it('when provisions and designations are asked for, then Medway\'s special schools each hold ALL, labelled', async () => {
    const provisions = (await get('/provisions?la=Medway')).json();
    expect(provisions.items.map((p: { urn: number }) => String(p.urn)).sort()).toEqual(medwaySpecials.map((s) => s.urn).sort());
    expect(provisions.items.every((p: { designation: string; capacityBasis: string }) => p.designation === 'ALL' && /^(estimate|unknown):/.test(p.capacityBasis))).toBe(true);
    const designations = (await get('/designations?la=Medway')).json();
    expect(designations.current.map((d: { code: string; specialSchools: number }) => [d.code, d.specialSchools])).toEqual([['ALL', medwaySpecials.length]]);
    expect(designations.current[0].source).toMatch(/^assumption:/);
    expect(designations.proposed.map((d: { code: string }) => d.code)).toEqual(['CLN', 'SEMH', 'NLD']);
  });

  it('when localities are asked for, then Medway has one district and its 38 MSOAs', async () => {
    const districts = JSON.parse((await get('/localities?la=Medway')).body);
    expect(districts.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['Medway']);
    const msoas = JSON.parse((await get('/localities?la=Medway&level=msoa')).body);
    expect(msoas.features).toHaveLength(38);
    expect(msoas.features.reduce((s: number, f: { properties: { schools: number } }) => s + f.properties.schools, 0)).toBeGreaterThan(90);
  });
});

describe('?la=Medway on demand', () => {
  it('when demand is asked with no level, then it comes by MSOA (Medway has one district) and sums to its January 2025 plans', async () => {
    const body = (await get('/demand?la=Medway&year=2025')).json();
    expect(body.level).toBe('msoa');
    expect(new Set(body.rows.map((r: { locality: string }) => r.locality)).size).toBe(38);
    expect(body.total).toBeCloseTo(medwayPlans, 0);
    expect((await get('/demand?year=2025&la=Kent')).json().total).toBeCloseTo(20_635, 0);
  });

  it('when designation demand is asked, then every school-age pupil of Medway in a special school counts under a proposed designation', async () => {
    const res = await get('/demand/designations?la=Medway&year=2026');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.level).toBe('msoa');
    expect(body.sets.current).toMatch(/not known/);
    expect(body.rows.length).toBeGreaterThan(0);
  });
});

describe('?la=Medway on matching and placement search', () => {
  const profile = { primaryNeed: 'SLD', secondaryNeeds: [], learningDifficulty: 'severe', traits: [], age: 9 };

  it('when a profile is matched for Medway, then the current answer is the all-needs designation, scored as the best proposed fit', async () => {
    const res = await call({ method: 'POST', url: '/match?la=Medway', payload: { profile } });
    expect(res.statusCode).toBe(200);
    const { current, designations } = res.json();
    expect(current.designations.map((d: { code: string }) => d.code)).toEqual(['ALL']);
    expect(designations[0].code).toBe('CLN');
    expect(current.designations[0].score).toBe(designations[0].score);
    expect(current.bestFit).toBe('ALL');
    expect(current.designations[0].summary).toMatch(/no admission guidance of its own/);
    expect(current.summary).toMatch(/^Under Medway's current designation this child would have fitted a special school designated ALL/);
  });

  it('when a placement is searched from a Medway home, then the candidates are Medway\'s special schools', async () => {
    const res = await call({ method: 'POST', url: '/placements/search?la=Medway', payload: { profile: { ...profile, home: { lsoa: medwayLsoa } }, options: {} } });
    expect(res.statusCode).toBe(200);
    const urns = new Set(medwaySpecials.map((s) => Number(s.urn)));
    const candidates = (res.json().candidates as { provision: { urn: number } }[]).map((c) => c.provision);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.every((c) => urns.has(c.urn))).toBe(true);
    // A Medway LSOA is not Kent's
    const kent = await call({ method: 'POST', url: '/placements/search', payload: { profile: { ...profile, home: { lsoa: medwayLsoa } }, options: {} } });
    expect(kent.statusCode).toBe(400);
  });

  it('when batches are sent for Medway, then the worker answers from Medway\'s data', async () => {
    const rows = `primaryNeed,secondaryNeeds,learningDifficulty,traits,age,lat,lon,lsoa\nSLD,,severe,,9,,,${medwayLsoa}\n`;
    const search = await call({ method: 'POST', url: '/placements/search/batch?la=Medway', headers: { 'content-type': 'text/csv' }, payload: rows });
    expect(search.statusCode).toBe(200);
    const urns = new Set(medwaySpecials.map((s) => Number(s.urn)));
    const found = search.json().results[0].candidates as { urn: number }[];
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((c) => urns.has(c.urn))).toBe(true);
    const match = await call({ method: 'POST', url: '/match/batch?la=Medway', headers: { 'content-type': 'text/csv' }, payload: rows });
    expect(match.statusCode).toBe(200);
    expect(match.json().results[0].current.bestFit).toBe('ALL');
    expect((await call({ method: 'POST', url: '/match/batch?la=Nowhere', headers: { 'content-type': 'text/csv' }, payload: rows })).statusCode).toBe(400);
  }, 60_000);
});

describe('Medway in the review and the scenarios list', () => {
  it('when an officer sets a Medway school\'s designation, then the mapping shows it and placement search with the approved set uses it', async () => {
    const list = (await officer({ url: '/designations/mappings?la=Medway' })).json();
    expect(list.total).toBe(medwaySpecials.length);
    const school = list.items[0];
    expect(school).toMatchObject({ current: 'ALL', ambiguous: true, confidence: 'low', status: 'proposed' });
    const designation = school.proposed === 'SEMH' ? 'NLD' : 'SEMH';
    const decided = await officer({
      method: 'POST',
      url: `/designations/mappings/${school.urn}/decision`,
      payload: { decision: 'override', designation, reason: 'the school admits pupils with SEMH needs (test)', expectedVersion: 0 },
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json().mapping).toMatchObject({ urn: school.urn, status: 'overridden', designation });
    const semhProfile = { primaryNeed: 'SEMH', secondaryNeeds: [], learningDifficulty: 'none', traits: ['challenging-behaviour'], age: 13, home: { lsoa: medwayLsoa } };
    const search = await call({ method: 'POST', url: '/placements/search?la=Medway', payload: { profile: semhProfile, options: { designationSet: 'approved', maxDistanceKm: 100 } } });
    const special = (search.json().candidates as { provision: { urn: number; kind: string } }[]).map((c) => c.provision).filter((c) => c.kind === 'special-school');
    if (designation === 'SEMH') expect(special.map((c) => c.urn)).toEqual([school.urn]);
    else expect(special.map((c) => c.urn)).not.toContain(school.urn);
  });

  it('when scenarios are listed for Medway, then its own files come back naming it, and Kent\'s list does not hold them', async () => {
    const medway = (await get('/scenarios?la=Medway')).json();
    expect(medway.items.map((s: { id: string }) => s.id).sort()).toEqual(['medway-approved-designations-2026', 'medway-baseline-2025']);
    expect(medway.items.every((s: { la: string }) => s.la === 'Medway')).toBe(true);
    const kent = (await get('/scenarios')).json();
    expect(kent.items.some((s: { id: string }) => s.id.startsWith('medway-'))).toBe(false);
    expect(kent.items.every((s: { la: string }) => s.la === 'Kent')).toBe(true);
  });

  it("when a run of a Medway scenario is asked for, then it is refused at body.scenarioId (runs are Kent's in this version)", async () => {
    const res = await call({ method: 'POST', url: '/runs', payload: { scenarioId: 'medway-baseline-2025' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().issues[0].path).toBe('body.scenarioId');
  });
});
