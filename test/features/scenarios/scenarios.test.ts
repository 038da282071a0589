/**
 * Scenarios over HTTP on the real Kent data and a real SQLite file: the shipped files, saving one
 * (checked against the dataset in the assembly worker), and who may do what. Demand comes from the
 * test fixture (test/helpers/fixture-demand.ts).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, buildTestApp, kentRegistry } from '../../helpers/app.js';
import { fixtureDemandSource } from '../../helpers/fixture-demand.js';

const demand = fixtureDemandSource(kentRegistry());

describe('scenarios over HTTP', () => {
  let app: FastifyInstance;
  let commissioner: { authorization: string };
  beforeAll(async () => {
    app = await buildTestApp({}, { demand });
    commissioner = await authHeader(app, 'commissioner');
  });
  afterAll(async () => app.close());

  it('when scenarios are listed, then the six shipped files appear, valid', async () => {
    const res = await app.inject({ url: '/scenarios' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.problems).toEqual([]);
    expect(body.items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([
        'baseline-2025',
        'proposed-designations-2026',
        'sheppey-semh-free-school-2026',
        'srp-semh-vi-decommissioned-2026',
        'inclusion-48-2026',
        'nld-places-ashford-2026',
      ]),
    );
    expect(body.items.every((s: { source: string }) => s.source === 'file')).toBe(true);
  });

  it('when one scenario is fetched, then every default is filled in; an unknown id is 404', async () => {
    const res = await app.inject({ url: '/scenarios/baseline-2025' });
    expect(res.statusCode).toBe(200);
    expect(res.json().scenario).toMatchObject({ id: 'baseline-2025', level: 'district', solver: 'auto', travel: { limits: { primary: { minutes: 45, km: null } } } });
    expect((await app.inject({ url: '/scenarios/no-such-thing' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/scenarios/Not_A_Slug' })).statusCode).toBe(400);
  });

  it('when a scenario is saved, then it is listed as saved; saving the same id or a file id again is a conflict', async () => {
    const scenario = { id: 'more-places-maidstone', name: 'More places in Maidstone', year: 2026, supply: [{ action: 'add-places', provision: 'special-119036', places: 30 }] };
    const res = await app.inject({ method: 'POST', url: '/scenarios', payload: scenario, headers: commissioner });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: 'more-places-maidstone', source: 'saved' });
    const listed = (await app.inject({ url: '/scenarios' })).json().items.find((s: { id: string }) => s.id === 'more-places-maidstone');
    expect(listed).toMatchObject({ source: 'saved', year: 2026 });
    expect((await app.inject({ method: 'POST', url: '/scenarios', payload: scenario, headers: commissioner })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: '/scenarios', payload: { ...scenario, id: 'baseline-2025' }, headers: commissioner })).statusCode).toBe(409);
  });

  it('when a scenario is saved without a key or with a key that is not a commissioner’s, then 401 or 403; running needs any key', async () => {
    const scenario = { id: 'needs-a-key', name: 'Needs a key', year: 2026 };
    expect((await app.inject({ method: 'POST', url: '/scenarios', payload: scenario })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/scenarios', payload: scenario, headers: await authHeader(app, 'planner') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/runs', payload: { scenarioId: 'baseline-2025' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/scenarios' })).statusCode).toBe(200);
  });

  it('when a posted scenario is malformed or names something that does not exist, then 400 or 422 names the field', async () => {
    const bad = await app.inject({ method: 'POST', url: '/scenarios', payload: { id: 'x', name: 'x', year: 2031 }, headers: commissioner });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('body.year');
    const extra = await app.inject({ method: 'POST', url: '/scenarios', payload: { id: 'x', name: 'x', year: 2025, colour: 'red' }, headers: commissioner });
    expect(extra.statusCode).toBe(400);
    const missing = await app.inject({
      method: 'POST',
      url: '/scenarios',
      headers: commissioner,
      payload: { id: 'x', name: 'x', year: 2025, supply: [{ action: 'close', provision: 'special-123456' }] },
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().issues).toEqual([{ path: 'body.supply[0].provision', message: expect.stringContaining('special-123456') }]);
    const open = await app.inject({
      method: 'POST',
      url: '/scenarios',
      headers: commissioner,
      payload: { id: 'x', name: 'x', year: 2025, supply: [{ action: 'open', id: 'n', name: 'n', kind: 'srp', phases: ['primary'], places: 8, hostUrn: 118438 }] },
    });
    expect(open.statusCode).toBe(400);
    expect(open.json().message).toContain('needTypes');
  });

  it('when an LSOA scenario names a locality that is not one of its LSOAs, then 422 names the field, checked without running anything', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/scenarios',
      headers: commissioner,
      payload: { id: 'lsoa-outreach', name: 'LSOA outreach', year: 2026, level: 'lsoa', outreach: { byLocality: { E02005001: 10 } } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().issues).toEqual([{ path: 'body.outreach.byLocality.E02005001', message: 'no lsoa with code E02005001' }]);
    expect((await app.inject({ url: '/runs' })).json().total).toBe(0);
  });
});
