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
    expect(res.json()).toEqual({ id: 'more-places-maidstone', source: 'saved', version: 1 });
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

describe('editing and deleting saved scenarios', () => {
  let app: FastifyInstance;
  let commissioner: { authorization: string };
  let other: { authorization: string };
  beforeAll(async () => {
    app = await buildTestApp({}, { demand });
    commissioner = await authHeader(app, 'commissioner', 'C. Ommissioner');
    other = await authHeader(app, 'commissioner', 'D. Eputy');
  });
  afterAll(async () => app.close());

  const base = { id: 'maidstone-places', name: 'More places in Maidstone', year: 2026, supply: [{ action: 'add-places', provision: 'special-119036', places: 30 }] };
  const put = (id: string, payload: object, ifMatch: string | undefined, headers = commissioner) =>
    app.inject({ method: 'PUT', url: `/scenarios/${id}`, payload, headers: { ...headers, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) } });
  const del = (id: string, ifMatch: string | undefined, headers = commissioner) =>
    app.inject({ method: 'DELETE', url: `/scenarios/${id}`, headers: { ...headers, ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) } });
  const history = async (query = '') => (await app.inject({ url: `/audit/scenarios${query}`, headers: commissioner })).json();

  it('when a saved scenario is edited with the version read, then it changes, its version and ETag move on, and a stale version is 409 changing nothing', async () => {
    const created = await app.inject({ method: 'POST', url: '/scenarios', payload: base, headers: commissioner });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: base.id, source: 'saved', version: 1 });
    const read = await app.inject({ url: `/scenarios/${base.id}` });
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toMatchObject({ source: 'saved', version: 1 });

    const edited = { ...base, name: 'Even more places in Maidstone', supply: [{ action: 'add-places', provision: 'special-119036', places: 60 }] };
    const res = await put(base.id, edited, read.headers.etag as string, other);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: base.id, source: 'saved', version: 2 });
    expect(res.headers.etag).toBe('"2"');
    const after = (await app.inject({ url: `/scenarios/${base.id}` })).json();
    expect(after).toMatchObject({ version: 2, scenario: { name: 'Even more places in Maidstone', supply: [{ places: 60 }] } });
    expect((await app.inject({ url: '/scenarios' })).json().items.find((s: { id: string }) => s.id === base.id)).toMatchObject({ version: 2, name: 'Even more places in Maidstone' });

    const stale = await put(base.id, { ...base, name: 'Lost edit' }, '"1"');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toMatch(/^If-Match version 1 is stale: scenario "maidstone-places" is at version 2, last changed by D\. Eputy at .*nothing was changed/);
    expect((await app.inject({ url: `/scenarios/${base.id}` })).json().scenario.name).toBe('Even more places in Maidstone');
  });

  it('when two commissioners edit the same version at once, then exactly one edit wins', async () => {
    const id = 'race-edit';
    await app.inject({ method: 'POST', url: '/scenarios', payload: { ...base, id }, headers: commissioner });
    const answers = await Promise.all([put(id, { ...base, id, name: 'first' }, '"1"'), put(id, { ...base, id, name: 'second' }, '"1"', other)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.statusCode === 200)!;
    expect((await app.inject({ url: `/scenarios/${id}` })).json()).toMatchObject({ version: 2, scenario: { name: winner === answers[0] ? 'first' : 'second' } });
    expect((await history(`?scenarioId=${id}`)).items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
  });

  it('when an edit is wrong, then the answer names why: no If-Match, another id, a shipped file, no such scenario, a bad reference, a planner', async () => {
    const id = 'wrong-edits';
    await app.inject({ method: 'POST', url: '/scenarios', payload: { ...base, id }, headers: commissioner });
    const noVersion = await put(id, { ...base, id }, undefined);
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().issues[0]).toEqual({ path: 'headers.if-match', message: expect.stringMatching(/the version you read/) });
    // The hint names the version the scenario is at, not an example.
    expect(noVersion.json().issues[0].message).toMatch(/at version 1 now \(If-Match: "1"\)$/);
    const notAVersion = (await put(id, { ...base, id }, 'yesterday')).json().issues[0];
    expect(notAVersion).toEqual({ path: 'headers.if-match', message: expect.stringMatching(/at version 1 now/) });
    const renamed = await put(id, { ...base, id: 'another-id' }, '"1"');
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().issues[0]).toEqual({ path: 'body.id', message: expect.stringMatching(/must be the id in the path/) });
    const shipped = await put('baseline-2025', { id: 'baseline-2025', name: 'Mine now', year: 2025 }, '"1"');
    expect(shipped.statusCode).toBe(403);
    expect(shipped.json().message).toMatch(/shipped with the service .* read-only: duplicate it under a new id/);
    expect((await del('baseline-2025', '"1"')).statusCode).toBe(403);
    expect((await put('never-saved', { ...base, id: 'never-saved' }, '"1"')).statusCode).toBe(404);
    const badReference = await put(id, { ...base, id, supply: [{ action: 'close', provision: 'special-123456' }] }, '"1"');
    expect(badReference.statusCode).toBe(422);
    expect(badReference.json().issues[0].path).toBe('body.supply[0].provision');
    expect((await put(id, { ...base, id }, '"1"', await authHeader(app, 'planner'))).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: `/scenarios/${id}`, payload: { ...base, id }, headers: { 'if-match': '"1"' } })).statusCode).toBe(401);
    // None of these changed it.
    expect((await app.inject({ url: `/scenarios/${id}` })).json().version).toBe(1);
  });

  it('when a saved scenario is deleted with its version, then it goes, its runs stay, and its id saved again never reuses a version', async () => {
    const id = 'to-delete';
    await app.inject({ method: 'POST', url: '/scenarios', payload: { ...base, id }, headers: commissioner });
    await put(id, { ...base, id, name: 'edited once' }, '"1"');
    const run = await app.inject({ method: 'POST', url: '/runs?wait=true', payload: { scenarioId: id }, headers: commissioner });
    expect(run.json().status).toBe('done');

    expect((await del(id, '"1"')).statusCode).toBe(409);
    expect((await del(id, undefined)).json().issues[0]).toEqual({ path: 'headers.if-match', message: expect.stringMatching(/at version 2 now \(If-Match: "2"\)$/) });
    const deleted = await del(id, '"2"', other);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ id, deleted: true, version: 3 });
    expect((await app.inject({ url: `/scenarios/${id}` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/scenarios' })).json().items.some((s: { id: string }) => s.id === id)).toBe(false);
    expect((await del(id, '"3"')).statusCode).toBe(404);
    expect((await app.inject({ url: `/runs/${run.json().id}` })).json().status).toBe('done');

    const again = await app.inject({ method: 'POST', url: '/scenarios', payload: { ...base, id, name: 'back again' }, headers: commissioner });
    expect(again.json().version).toBe(4);
    expect((await put(id, { ...base, id }, '"2"')).statusCode).toBe(409);
  });

  it('when scenarios are created, edited and deleted, then the scenario audit log has each change, who made it and what it saved; /audit is unchanged', async () => {
    const id = 'audited';
    await app.inject({ method: 'POST', url: '/scenarios', payload: { ...base, id }, headers: commissioner });
    await put(id, { ...base, id, name: 'audited, edited' }, '"1"', other);
    await del(id, '"2"');
    const log = await history(`?scenarioId=${id}`);
    expect(log.total).toBe(3);
    expect(log.items.map((e: { action: string; version: number; by: string }) => [e.action, e.version, e.by])).toEqual([
      ['create', 1, 'C. Ommissioner'],
      ['update', 2, 'D. Eputy'],
      ['delete', 3, 'C. Ommissioner'],
    ]);
    expect(log.items[1].scenario).toMatchObject({ id, name: 'audited, edited', supply: [{ action: 'add-places', places: 30 }] });
    expect(log.items[2].scenario).toBeNull();
    expect(log.items.every((e: { byKeyId: string | null }) => typeof e.byKeyId === 'string')).toBe(true);
    expect((await history('?by=d.%20eputy')).items.every((e: { by: string }) => e.by === 'D. Eputy')).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await history(`?scenarioId=${id}&from=${today}&to=${today}`)).total).toBe(3);
    expect((await history(`?scenarioId=${id}&to=2020-01-01`)).total).toBe(0);
    const csv = await app.inject({ url: `/audit/scenarios?scenarioId=${id}&format=csv`, headers: commissioner });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('id,at,scenario_id,action,version,name,by,by_key_id,scenario_json');
    expect((await app.inject({ url: '/audit/scenarios' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/audit/scenarios?from=yesterday', headers: commissioner })).json().issues[0].path).toBe('querystring.from');
    // The designation decisions' log keeps its own entries and shape.
    const decisions = (await app.inject({ url: '/audit', headers: commissioner })).json();
    expect(decisions).toMatchObject({ total: 0, items: [] });
  });

  it('when anyone tries to change or remove a scenario audit entry in the database, then the database refuses', async () => {
    await app.inject({ method: 'POST', url: '/scenarios', payload: { ...base, id: 'kept-forever' }, headers: commissioner });
    expect(() => app.db.prepare("UPDATE scenario_audit_log SET changed_by = 'someone else'").run()).toThrow(/append-only/);
    expect(() => app.db.prepare('DELETE FROM scenario_audit_log').run()).toThrow(/append-only/);
  });

  it('when a scenario is posted as YAML, then it is saved as the JSON would be; bad YAML is 400 at its line without repeating it; other routes still refuse YAML', async () => {
    const yaml = ['id: from-yaml', 'name: Written in YAML', 'year: 2026', 'supply:', '  - action: redesignate', '    provision: special-119036', '    designation: NLD', ''].join('\n');
    const res = await app.inject({ method: 'POST', url: '/scenarios', payload: yaml, headers: { ...commissioner, 'content-type': 'application/yaml' } });
    expect(res.statusCode).toBe(201);
    expect((await app.inject({ url: '/scenarios/from-yaml' })).json().scenario.supply).toEqual([{ action: 'redesignate', provision: 'special-119036', designation: 'NLD' }]);
    const edited = await app.inject({ method: 'PUT', url: '/scenarios/from-yaml', payload: yaml.replace('Written', 'Rewritten'), headers: { ...commissioner, 'content-type': 'text/yaml', 'if-match': '"1"' } });
    expect(edited.statusCode).toBe(200);

    const broken = await app.inject({ method: 'POST', url: '/scenarios', payload: 'id: x\nname: [Secret-Quokka-17\nyear: 2026\n', headers: { ...commissioner, 'content-type': 'application/yaml' } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/^the body is not valid YAML at line \d+, column \d+ \([A-Z_]+\)$/);
    expect(broken.body).not.toContain('Secret-Quokka');
    const invalid = await app.inject({ method: 'POST', url: '/scenarios', payload: 'id: x\nname: x\nyear: 2031\n', headers: { ...commissioner, 'content-type': 'application/yaml' } });
    expect(invalid.json().issues[0].path).toBe('body.year');
    const elsewhere = await app.inject({ method: 'POST', url: '/match', payload: 'profile: {}\n', headers: { ...commissioner, 'content-type': 'application/yaml' } });
    expect(elsewhere.statusCode).toBe(415);
  });

  it('when an old scenario names its redesignation by urn, then it still saves and runs; naming it twice is 400 at the field', async () => {
    const old = { id: 'old-style', name: 'Old style', year: 2026, supply: [{ action: 'redesignate', urn: 119036, designation: 'NLD' }] };
    expect((await app.inject({ method: 'POST', url: '/scenarios', payload: old, headers: commissioner })).statusCode).toBe(201);
    const run = (await app.inject({ method: 'POST', url: '/runs?wait=true', payload: { scenarioId: 'old-style' }, headers: commissioner })).json();
    expect(run.result.provisions.find((p: { id: string }) => p.id === 'special-119036')).toMatchObject({ categories: ['NLD'], changes: ['redesignated NLD'] });
    const both = await app.inject({
      method: 'POST',
      url: '/scenarios',
      payload: { ...old, id: 'both', supply: [{ action: 'redesignate', urn: 119036, provision: 'special-119036', designation: 'NLD' }] },
      headers: commissioner,
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().issues[0].path).toBe('body.supply.0.provision');
  });
});
