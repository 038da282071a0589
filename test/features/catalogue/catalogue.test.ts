import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAllMappings } from '../../../src/domain/designations/designation-mapping.js';
import { buildTestApp, kentRegistry } from '../../helpers/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('GET /health', () => {
  it('when the Kent data is loaded, then it reports 594 schools, 25 special schools, 12 districts and both counts of record', async () => {
    const res = await get('/health');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.dataset).toMatchObject({
      localAuthority: 'Kent',
      registerDate: '2025-05-24',
      schools: 594,
      specialSchools: 25,
      srps: kentRegistry().srps.length,
      localities: { districts: 12, msoas: 182 },
      strategyFigures: { year: 2024, schools: 592, specialSchools: 24 },
      localityCheck: { mismatches: 0, unlocated: 0 },
    });
  });
});

describe('GET /schools', () => {
  it('when unfiltered, then it pages through all 594 schools', async () => {
    const first = (await get('/schools?limit=500')).json();
    const rest = (await get('/schools?limit=500&offset=500')).json();
    expect(first.total).toBe(594);
    expect(first.items).toHaveLength(500);
    expect(rest.items).toHaveLength(94);
    const urns = new Set([...first.items, ...rest.items].map((s: { urn: number }) => s.urn));
    expect(urns.size).toBe(594);
  });

  it('when filtered by district name or code, then both give the same schools, all in that district', async () => {
    const byName = (await get('/schools?locality=Thanet&limit=1000')).json();
    const byCode = (await get('/schools?locality=E07000114&limit=1000')).json();
    expect(byName.total).toBeGreaterThan(20);
    expect(byName.items.map((s: { urn: number }) => s.urn)).toEqual(byCode.items.map((s: { urn: number }) => s.urn));
    expect(byName.items.every((s: { district: { name: string } }) => s.district.name === 'Thanet')).toBe(true);
    const expected = kentRegistry().schools.filter((s) => s.district.code === 'E07000114').length;
    expect(byName.total).toBe(expected);
  });

  it('when filtered by MSOA, then every school is in that MSOA', async () => {
    const msoa = kentRegistry().schools[10]!.msoa!;
    const body = (await get(`/schools?locality=${msoa.code}`)).json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((s: { msoa: { code: string } }) => s.msoa.code === msoa.code)).toBe(true);
  });

  it('when asked for special schools only, then it returns the 25, each flagged special', async () => {
    const body = (await get('/schools?special=true&limit=100')).json();
    expect(body.total).toBe(25);
    expect(body.items.every((s: { isSpecial: boolean }) => s.isSpecial)).toBe(true);
    expect((await get('/schools?special=false')).json().total).toBe(569);
  });

  it('when filtered by phase, type, SRP hosting and name, then each filter narrows correctly', async () => {
    const secondary = (await get('/schools?phase=secondary&limit=1000')).json();
    expect(secondary.total).toBe(100);
    expect(secondary.items.every((s: { phase: string }) => s.phase === 'Secondary')).toBe(true);
    const allThrough = (await get('/schools?phase=all-through')).json();
    expect(allThrough.total).toBe(3);
    const foundationSpecial = (await get('/schools?type=Foundation%20special%20school')).json();
    expect(foundationSpecial.total).toBe(18);
    const hosts = new Set(kentRegistry().srps.map((s) => s.hostUrn));
    const withSrp = (await get('/schools?hasSrp=true&limit=1000')).json();
    expect(withSrp.total).toBe(hosts.size);
    expect(withSrp.items.every((s: { urn: number; hasSrp: boolean }) => hosts.has(s.urn) && s.hasSrp)).toBe(true);
    const named = (await get('/schools?q=academy&limit=1000')).json();
    expect(named.total).toBeGreaterThan(50);
    expect(named.items.every((s: { name: string }) => /academy/i.test(s.name))).toBe(true);
  });

  it('when ?format=geojson or Accept: application/geo+json, then it returns a FeatureCollection of points', async () => {
    for (const res of [await get('/schools?special=true&format=geojson'), await get('/schools?special=true', { accept: 'application/geo+json' })]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      const fc = res.json();
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features).toHaveLength(25);
      const f = fc.features.find((x: { properties: { urn: number } }) => x.properties.urn === 119055);
      const school = kentRegistry().schoolByUrn.get(119055)!;
      expect(f.geometry).toEqual({ type: 'Point', coordinates: [school.location.lon, school.location.lat] });
      expect(f.properties.name).toBe('Five Acre Wood School');
    }
  });

  it('when ?format=csv, then it returns every match as CSV with a header row', async () => {
    const res = await get('/schools?locality=Dover&format=csv');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows: Record<string, string>[] = parse(res.body, { columns: true });
    expect(rows).toHaveLength(kentRegistry().schools.filter((s) => s.district.name === 'Dover').length);
    expect(rows.every((r) => r.district === 'Dover')).toBe(true);
    expect(Object.keys(rows[0]!)).toContain('urn');
  });

  it('when a query parameter is unknown or out of range, then 400 names it', async () => {
    const unknown = await get('/schools?localty=Dover');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0].path).toBe('querystring');
    expect(unknown.json().message).toMatch(/localty/);
    const limit = await get('/schools?limit=5000');
    expect(limit.statusCode).toBe(400);
    expect(limit.json().issues).toEqual([{ path: 'querystring.limit', message: expect.stringMatching(/1000/) }]);
    const bool = await get('/schools?special=perhaps');
    expect(bool.statusCode).toBe(400);
    expect(bool.json().issues[0].path).toBe('querystring.special');
    const format = await get('/schools?format=xml');
    expect(format.statusCode).toBe(400);
    expect(format.json().issues[0].path).toBe('querystring.format');
  });
});

describe('GET /schools/{urn}', () => {
  it('when the school is special, then it carries its current designation, age range and sources', async () => {
    const res = await get('/schools/119056');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.name).toBe('Stone Bay School');
    expect(body.district.name).toBe('Thanet');
    expect(body.special).toMatchObject({ designation: 'CIL', ageLow: 4, ageHigh: 19, confidence: 'high' });
    expect(body.special.designationName).toMatch(/learning/);
  });

  it('when the school hosts an SRP, then the SRP is listed', async () => {
    const srp = kentRegistry().srps.find((s) => s.capacity !== null)!;
    const body = (await get(`/schools/${srp.hostUrn}`)).json();
    expect(body.hasSrp).toBe(true);
    expect(body.srps.map((s: { id: string }) => s.id)).toContain(srp.id);
    expect(body.special).toBeNull();
  });

  it('when the URN is unknown, then 404; when malformed, then 400 with the field path', async () => {
    const missing = await get('/schools/100000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toMatch(/100000/);
    for (const bad of ['abc', '12345', '1234567', '11905a']) {
      const res = await get(`/schools/${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().issues[0].path).toBe('params.urn');
    }
  });
});

describe('GET /provisions', () => {
  it('when unfiltered, then it lists every special school and SRP once', async () => {
    const body = (await get('/provisions')).json();
    const registry = kentRegistry();
    expect(body.total).toBe(registry.specialSchools.size + registry.srps.length);
    expect(body.items.filter((p: { kind: string }) => p.kind === 'special-school')).toHaveLength(25);
  });

  it('when filtered by kind, designation, need and locality, then every item matches', async () => {
    const pscn = (await get('/provisions?designation=PSCN')).json();
    expect(pscn.total).toBe(10);
    expect(pscn.items.every((p: { designation: string; kind: string }) => p.designation === 'PSCN' && p.kind === 'special-school')).toBe(true);
    const asd = (await get('/provisions?need=ASD&kind=srp')).json();
    expect(asd.total).toBeGreaterThan(5);
    expect(asd.items.every((p: { needTypes: string[]; kind: string }) => p.needTypes.includes('ASD') && p.kind === 'srp')).toBe(true);
    const maidstone = (await get('/provisions?locality=maidstone')).json();
    expect(maidstone.items.every((p: { locality: { name: string } }) => p.locality.name === 'Maidstone')).toBe(true);
    expect(maidstone.total).toBeGreaterThan(3);
  });

  it('when a capacity is unknown, then it is null and its basis says so', async () => {
    const body = (await get('/provisions?kind=srp')).json();
    const unknown = body.items.filter((p: { capacity: number | null }) => p.capacity === null);
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.every((p: { capacityBasis: string }) => p.capacityBasis.startsWith('unknown'))).toBe(true);
  });

  it('when the designation is not one of the five, then 400', async () => {
    const res = await get('/provisions?designation=CLN');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('querystring.designation');
  });
});

describe('a locality filter the dataset does not hold', () => {
  it('when /schools or /provisions is filtered by Medway (its own authority), then 400 at the field naming the districts', async () => {
    for (const url of ['/schools?locality=Medway', '/provisions?locality=Medway', '/schools?locality=E06000035&format=csv']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      const body = res.json();
      expect(body.issues).toEqual([{ path: 'querystring.locality', message: expect.stringMatching(/^not a district or MSOA of Kent: give a district by name or code \(Ashford, Canterbury, .*Tunbridge Wells\)/) }]);
      expect(body.message).toMatch(/GET \/localities\?level=msoa/);
    }
    expect((await get('/schools?locality=swale')).statusCode).toBe(200);
  });
});

describe('GET /designations', () => {
  it('then it lists the five current and three proposed designations with guidance and need codes', async () => {
    const body = (await get('/designations')).json();
    expect(body.current.map((d: { code: string }) => d.code)).toEqual(['PSCN', 'SEMH', 'PDCM', 'CI', 'CIL']);
    expect(body.proposed.map((d: { code: string }) => d.code)).toEqual(['CLN', 'SEMH', 'NLD']);
    const cln = body.proposed[0];
    expect(cln.guidance).toMatch(/^Learners have a range of needs including Profound, Multiple Learning Difficulties/);
    expect(cln.needCodes).toEqual(['PMLD', 'SLD']);
    expect(body.current.reduce((n: number, d: { specialSchools: number }) => n + d.specialSchools, 0)).toBe(25);
    expect((await get('/designations?set=proposed')).json().current).toEqual([]);
  });

  it("when the proposed designations are listed, then each counts the special schools the rules propose it for, and says so", async () => {
    const body = (await get('/designations')).json();
    const proposals = [...proposeAllMappings(kentRegistry())];
    const counts = Object.fromEntries(body.proposed.map((d: { code: string; specialSchools: number }) => [d.code, d.specialSchools]));
    for (const code of ['CLN', 'SEMH', 'NLD']) expect(counts[code]).toBe(proposals.filter((p) => p.proposed === code).length);
    // The ten PSCN schools, and Valence (PDCM, an ambiguous proposal) for CLN.
    expect(counts.CLN).toBe(11);
    expect(proposals.filter((p) => p.proposed === 'CLN' && p.current === 'PSCN')).toHaveLength(10);
    expect(counts.CLN + counts.SEMH + counts.NLD).toBe(25);
    expect(body.proposed[0].specialSchoolsBasis).toMatch(/^proposal: .*designation-mapping-rules\.json.*before officers' review/);
    expect(body.current[0].specialSchoolsBasis).toMatch(/^source: /);
  });
});

describe('GET /localities', () => {
  it('then it returns the 12 districts as GeoJSON polygons whose counts add up to the county', async () => {
    const res = await get('/localities');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = res.json();
    expect(fc.features).toHaveLength(12);
    const sum = (k: string) => fc.features.reduce((n: number, f: { properties: Record<string, number> }) => n + f.properties[k]!, 0);
    expect(sum('schools')).toBe(594);
    expect(sum('specialSchools')).toBe(25);
    expect(sum('srps')).toBe(kentRegistry().srps.length);
    const knownPlaces = kentRegistry().provisions.reduce((n, p) => n + (p.capacity ?? 0), 0);
    expect(sum('places')).toBe(knownPlaces);
    expect(['Polygon', 'MultiPolygon']).toContain(fc.features[0].geometry.type);
  });

  it('when level=msoa, then it returns the MSOAs with their district', async () => {
    const fc = (await get('/localities?level=msoa')).json();
    expect(fc.features).toHaveLength(182);
    expect(fc.features.every((f: { properties: { districtCode: string } }) => /^E07/.test(f.properties.districtCode))).toBe(true);
    expect(fc.features.reduce((n: number, f: { properties: { schools: number } }) => n + f.properties.schools, 0)).toBe(594);
  });

  it('when level=lsoa, then it returns every LSOA as a point at its centroid, with its MSOA and counts that add up to the county', async () => {
    const res = await get('/localities?level=lsoa');
    expect(res.statusCode).toBe(200);
    const fc = res.json();
    expect(fc.features).toHaveLength(kentRegistry().lsoas.size);
    const first = fc.features.find((f: { properties: { code: string } }) => f.properties.code === 'E01023972');
    expect(first.geometry).toEqual({ type: 'Point', coordinates: [0.894059, 51.1373] });
    expect(first.properties).toMatchObject({ name: 'Ashford 006A', level: 'lsoa', districtCode: 'E07000105', msoaCode: 'E02005001', vintage: '2011+2021' });
    const sum = (k: string) => fc.features.reduce((n: number, f: { properties: Record<string, number> }) => n + f.properties[k]!, 0);
    expect(sum('schools')).toBe(594);
    expect(sum('specialSchools')).toBe(25);
    expect(sum('srps')).toBe(kentRegistry().srps.length);
    expect(sum('places')).toBe(kentRegistry().provisions.reduce((n, p) => n + (p.capacity ?? 0), 0));
    const rows: Record<string, string>[] = parse((await get('/localities?level=lsoa&format=csv')).body, { columns: true });
    expect(rows).toHaveLength(kentRegistry().lsoas.size);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['code', 'msoaCode', 'centroidBasis']));
  });

  it('when ?format=csv, then it returns the counts without geometry; when level is unknown, then 400', async () => {
    const rows: Record<string, string>[] = parse((await get('/localities?format=csv')).body, { columns: true });
    expect(rows).toHaveLength(12);
    expect(rows.some((r) => r.name === 'Swale')).toBe(true);
    const bad = await get('/localities?level=ward');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('querystring.level');
  });
});

describe('unknown routes and the docs', () => {
  it('when the route does not exist, then 404 in the API error shape', async () => {
    const res = await get('/nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('serves the OpenAPI document and the interactive docs', async () => {
    expect((await get('/openapi.json')).json().openapi).toBe('3.1.0');
    const docs = await get('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });
});
