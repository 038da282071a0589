import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ehcpCounts } from '../../../src/domain/demand/index.js';
import { buildTestApp, kentRegistry } from '../../helpers/app.js';

interface DemandBody {
  year: number;
  level: string;
  total: number;
  rows: { locality: string; localityName: string; need: string; phase: string; year: number; count: number }[];
  assumptions: { name: string; value: number | string; basis: string }[];
}

describe('GET /demand', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => {
    await app.close();
  });
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() as DemandBody & { issues?: { path: string }[] }, res };
  };

  it('when called with no parameters, then it returns January 2025 by district, summing to the 20,635 published plans, with its assumptions', async () => {
    const { status, body } = await get('/demand');
    expect(status).toBe(200);
    expect([body.year, body.level]).toEqual([2025, 'district']);
    expect(body.rows).toHaveLength(12 * 12 * 5);
    expect(body.total).toBeCloseTo(20_635, 0);
    expect(body.rows[0]).toEqual({ locality: 'E07000105', localityName: 'Ashford', need: expect.any(String), phase: expect.any(String), year: 2025, count: expect.any(Number) });
    const names = body.assumptions.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['baseYear', 'projection.method', 'projection.variant', 'unknownNeed', 'population', 'localityApportionment']));
    expect(names).not.toContain('msoaApportionment');
    expect(names).not.toContain('rateTrend.secondary');
    expect(body.assumptions.find((a) => a.name === 'projection.method')!.value).toBe(kentRegistry().demand.projection.central);
    expect(body.assumptions.find((a) => a.name === 'projection.variant')!.value).toBe('central');
  });

  it('when filtered by year, level, need, phase and district, then it returns that district\'s MSOAs, as the model computes them', async () => {
    const { status, body } = await get('/demand?year=2028&level=msoa&need=SEMH&phase=secondary&locality=Swale');
    expect(status).toBe(200);
    const registry = kentRegistry();
    const swale = registry.districts.find((d) => d.name === 'Swale')!;
    const msoas = registry.msoas.filter((m) => m.districtCode === swale.code);
    expect(body.rows.map((r) => r.locality).sort()).toEqual(msoas.map((m) => m.code).sort());
    const model = ehcpCounts(registry.demand, { year: 2028, level: 'msoa' });
    for (const r of body.rows) {
      expect([r.need, r.phase, r.year]).toEqual(['SEMH', 'secondary', 2028]);
      const m = model.find((x) => x.locality === r.locality && x.need === 'SEMH' && x.phase === 'secondary')!;
      expect(r.count).toBeCloseTo(m.count, 2);
    }
    expect(body.assumptions.map((a) => a.name)).toContain('msoaApportionment');
  });

  it('when a locality is given by code at its own level, then only that locality comes back', async () => {
    const { body } = await get('/demand?locality=E07000114&phase=primary');
    expect(new Set(body.rows.map((r) => r.localityName))).toEqual(new Set(['Thanet']));
    expect(body.rows).toHaveLength(12);
  });

  it('when the caller sets the rate trend, then counts change and the assumption says who set it', async () => {
    const flat = await get('/demand?year=2027&rateTrend=0&need=ASD');
    const fast = await get('/demand?year=2027&rateTrend=0.2&need=ASD');
    const trend = fast.body.assumptions.find((a) => a.name === 'rateTrend.primary')!;
    expect(trend.value).toBe(0.2);
    expect(trend.basis).toMatch(/set by the caller/);
    expect(fast.body.total / flat.body.total).toBeCloseTo(1.2 ** 2, 3);
  });

  it('when CSV is asked for, then each row carries its values and the assumptions that apply to it', async () => {
    const res = await app.inject({ method: 'GET', url: '/demand?format=csv&need=PMLD&year=2026' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows: Record<string, string>[] = parse(res.body, { columns: true });
    expect(rows).toHaveLength(12 * 5);
    expect(Object.keys(rows[0]!)).toEqual(['locality', 'locality_name', 'need', 'phase', 'year', 'count', 'projection_method', 'projection_variant', 'rate_trend', 'unknown_need']);
    expect(rows.every((r) => r.need === 'PMLD' && r.year === '2026' && r.unknown_need === 'distribute')).toBe(true);
    const secondary = rows.find((r) => r.phase === 'secondary')!;
    expect([secondary.projection_method, secondary.projection_variant, secondary.rate_trend]).toEqual([kentRegistry().demand.projection.central, 'central', '']);
    const high: Record<string, string>[] = parse((await app.inject({ method: 'GET', url: '/demand?format=csv&need=PMLD&year=2026&variant=high' })).body, { columns: true });
    expect(high.every((r) => r.projection_variant === 'high')).toBe(true);
    expect(Number(high.find((r) => r.phase === 'secondary')!.count)).toBeGreaterThan(Number(secondary.count));
  });

  it.each([
    ['/demand?need=ADHD', 'querystring.need'],
    ['/demand?year=2024', 'querystring.year'],
    ['/demand?year=2031', 'querystring.year'],
    ['/demand?year=soon', 'querystring.year'],
    ['/demand?level=ward', 'querystring.level'],
    ['/demand?phase=nursery', 'querystring.phase'],
    ['/demand?rateTrend=-1', 'querystring.rateTrend'],
    ['/demand?rateTrend=', 'querystring.rateTrend'],
    ['/demand?variant=highest', 'querystring.variant'],
    ['/demand?locality=Atlantis', 'querystring.locality'],
    ['/demand?locality=Thanet%20001', 'querystring.locality'],
  ])('when called as %s, then it answers 400 naming %s', async (url, path) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(body.issues?.map((i) => i.path)).toContain(path);
  });
});

describe('GET /demand/designations', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => {
    await app.close();
  });
  type Body = {
    rows: { locality: string; localityName: string; phase: string; pathway: string; category: string | null; current: number; proposed: number; difference: number }[];
    noLongerMeetSpecial: { total: number; byFormerDesignation: { formerDesignation: string; total: number; to: { pathway: string; category: string | null; count: number }[] }[] };
    changes: { locality: string; formerDesignation: string; from: { pathway: string }; to: { pathway: string }; count: number }[];
    projection: { method: string; variant: string };
    assumptions: { name: string }[];
  };
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it('when asked for 2026 by district, then each district shows designation demand under both sets, the difference, and who no longer meets a special designation', async () => {
    const res = await app.inject('/demand/designations?year=2026');
    expect(res.statusCode).toBe(200);
    const body = res.json() as Body;
    expect(new Set(body.rows.map((r) => r.localityName)).size).toBe(12);
    for (const r of body.rows) expect(r.difference).toBeCloseTo(r.proposed - r.current, 1);
    const ashford = body.rows.filter((r) => r.localityName === 'Ashford' && r.phase === 'secondary');
    expect(ashford.map((r) => `${r.pathway}:${r.category}`)).toEqual(expect.arrayContaining(['special:CLN', 'special:SEMH', 'special:NLD', 'srp:ASD', 'outreach:NLD', 'mainstream:null']));
    // NLD special demand falls and ASD SRP demand rises in every district: C&I pupils who no longer meet a designation
    for (const district of new Set(body.rows.map((r) => r.locality))) {
      const cell = (pathway: string, category: string | null) => sum(body.rows.filter((r) => r.locality === district && r.pathway === pathway && r.category === category).map((r) => r.difference));
      expect(cell('special', 'NLD')).toBeLessThan(0);
      expect(cell('srp', 'ASD')).toBeGreaterThan(0);
    }
    const ci = body.noLongerMeetSpecial.byFormerDesignation.find((f) => f.formerDesignation === 'CI')!;
    expect(ci.total).toBeGreaterThan(500);
    expect(body.noLongerMeetSpecial.total).toBeCloseTo(sum(body.noLongerMeetSpecial.byFormerDesignation.map((f) => f.total)), 1);
    expect(body.noLongerMeetSpecial.total).toBeCloseTo(sum(body.changes.filter((c) => c.from.pathway === 'special' && c.to.pathway !== 'special').map((c) => c.count)), 0);
    expect(body.projection).toEqual({ method: kentRegistry().demand.projection.central, variant: 'central' });
    expect(body.assumptions.map((a) => a.name)).toEqual(expect.arrayContaining(['projection.method', 'designationDemand']));
  });

  it('when a district is selected at MSOA level, then only its MSOAs come back, and CSV gives the rows', async () => {
    const body = (await app.inject('/demand/designations?year=2027&level=msoa&locality=Thanet&phase=primary')).json() as Body;
    const registry = kentRegistry();
    const thanet = registry.districts.find((d) => d.name === 'Thanet')!;
    expect(body.rows.every((r) => registry.localityByCode.get(r.locality)?.districtCode === thanet.code && r.phase === 'primary')).toBe(true);
    const csv = await app.inject('/demand/designations?year=2027&format=csv&variant=low');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows: Record<string, string>[] = parse(csv.body, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual(['locality', 'locality_name', 'phase', 'pathway', 'category', 'current', 'proposed', 'difference', 'projection']);
    expect(rows[0]!.projection).toMatch(/\(low\)$/);
  });

  it.each([
    ['/demand/designations?phase=post19', 'querystring.phase'],
    ['/demand/designations?locality=Atlantis', 'querystring.locality'],
    ['/demand/designations?year=2031', 'querystring.year'],
  ])('when called as %s, then it answers 400 naming %s', async (url, path) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(400);
    expect((res.json() as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
  });
});
