import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../../src/app.js';
import { matchResultSchema } from '../../../src/domain/matching/match-result.js';
import { placementResultSchema } from '../../../src/domain/placement/placement-result.js';
import errors from '../../../src/plugins/app/errors.js';
import match from '../../../src/features/matching/match-routes.js';
import placements from '../../../src/features/placements/placements-routes.js';
import { buildTestApp, injectAs, kentRegistry, testConfig } from '../../helpers/app.js';

/** Values no message, log line or error may ever contain: each is distinctive enough to find. */
const SECRETS = ['Zebedee-7781', 'E01999999', '731.25', '-88.123', 'seventeen-and-a-half', 'xq-trait-4471'];
const leakyProfile = {
  primaryNeed: 'Zebedee-7781',
  secondaryNeeds: ['xq-trait-4471'],
  learningDifficulty: 'seventeen-and-a-half',
  traits: ['xq-trait-4471'],
  age: 731.25,
  home: { lat: -88.123, lon: 731.25 },
};
const valid = { primaryNeed: 'ASD', secondaryNeeds: [], learningDifficulty: 'moderate', traits: ['severe-social-communication'], age: 9 };

let app: FastifyInstance;
/** inject() with a planner's API key: these routes take personal data. */
let call: Awaited<ReturnType<typeof injectAs>>;
beforeAll(async () => {
  app = await buildTestApp();
  call = await injectAs(app);
});
afterAll(async () => app.close());

describe('POST /match', () => {
  it('when a profile is sent, then the three proposed designations come back sorted by score with cited reasons, the continuum and the placement under the current designations', async () => {
    const res = await call({ method: 'POST', url: '/match', payload: { profile: valid } });
    expect(res.statusCode).toBe(200);
    const body = matchResultSchema.parse(res.json());
    expect(body.designations.map((d) => d.code).sort()).toEqual(['CLN', 'NLD', 'SEMH']);
    expect(body.designations.map((d) => d.score)).toEqual([...body.designations.map((d) => d.score)].sort((a, b) => b - a));
    expect(body.bestFit).toBe('NLD');
    expect(body.continuum).toMatchObject({ level: 'special', designation: 'NLD' });
    const nld = body.designations[0]!;
    expect(nld.reasons.filter((r) => r.outcome === 'matched').flatMap((r) => r.clauses.map((c) => c.id))).toEqual(expect.arrayContaining(['NLD.2', 'NLD.3', 'NLD.4']));
    expect(nld.reasons[0]!.clauses[0]!.text.length).toBeGreaterThan(10);
    expect(body.current.designations).toHaveLength(5);
    expect(body.current.summary).toMatch(/current designations/);
    expect(body.home).toBeNull();
  });

  it('when a hearing-impaired child without learning difficulties is sent, then no designation is forced and the continuum is an HI SRP', async () => {
    const res = await call({ method: 'POST', url: '/match', payload: { profile: { ...valid, primaryNeed: 'HI', learningDifficulty: 'none', traits: [] } } });
    const body = matchResultSchema.parse(res.json());
    expect(body.bestFit).toBeNull();
    expect(body.designations.every((d) => !d.fits)).toBe(true);
    expect(body.continuum).toMatchObject({ level: 'srp', srpNeedType: 'HI' });
    expect(body.current.summary).toMatch(/No current designation fits either/);
  });

  it('when the profile has unknown fields or bad values, then 400 lists every field path and repeats none of the values', async () => {
    const res = await call({ method: 'POST', url: '/match', payload: { profile: { ...leakyProfile, diagnosis: 'x' } } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    const paths = body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.profile.primaryNeed',
        'body.profile.secondaryNeeds.0',
        'body.profile.learningDifficulty',
        'body.profile.traits.0',
        'body.profile.age',
        'body.profile.home.lat',
        'body.profile',
      ]),
    );
    expect(body.issues.find((i: { path: string; message: string }) => i.path === 'body.profile').message).toMatch(/diagnosis/);
    for (const secret of SECRETS) expect(res.body).not.toContain(secret);
  });

  it('when a required field is missing or the age is not whole, then 400 names it', async () => {
    const { traits: _t, ...noTraits } = valid;
    const res = await call({ method: 'POST', url: '/match', payload: { profile: { ...noTraits, age: 9.5 } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.profile.age', 'body.profile.traits']);
  });

  it('when the primary need is repeated among the secondary needs, then 400 at secondaryNeeds', async () => {
    const res = await call({ method: 'POST', url: '/match', payload: { profile: { ...valid, secondaryNeeds: ['ASD'] } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'body.profile.secondaryNeeds', message: 'must not include the primary need' }]);
  });

  it('when the home is an unknown LSOA, then 400 at body.profile.home.lsoa without the code', async () => {
    const res = await call({ method: 'POST', url: '/match', payload: { profile: { ...valid, home: { lsoa: 'E01999999' } } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'body.profile.home.lsoa', message: 'not an LSOA code in the Kent dataset' }]);
    expect(res.body).not.toContain('E01999999');
  });

  it('when the home gives both coordinates and an LSOA, then 400 at body.profile.home', async () => {
    const res = await call({ method: 'POST', url: '/match', payload: { profile: { ...valid, home: { lat: 51.2, lon: 0.5, lsoa: 'E01024279' } } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('body.profile.home');
    expect(res.body).not.toContain('E01024279');
  });
});

describe('POST /placements/search', () => {
  it('when a profile with a home is sent, then ranked candidates and the nearest exclusions come back in the documented shape', async () => {
    const res = await call({
      method: 'POST',
      url: '/placements/search',
      payload: { profile: { ...valid, home: { lsoa: 'E01024279' } }, options: { designationSet: 'proposed', limit: 5 } },
    });
    expect(res.statusCode).toBe(200);
    const body = placementResultSchema.parse(res.json());
    expect(body.designationSet).toBe('proposed');
    expect(body.candidates.length).toBeGreaterThan(0);
    expect(body.candidates.length).toBeLessThanOrEqual(5);
    expect(body.excluded.length).toBeLessThanOrEqual(5);
    expect(body.travelModel.basis).toMatch(/^estimate:/);
    expect(body.home).toMatchObject({ basis: 'lsoa-centroid' });
    expect(res.body).not.toContain('E01024279');
  });

  it('when the options are left out, then the defaults apply (current designations, 40 km, 10 results)', async () => {
    const res = await call({ method: 'POST', url: '/placements/search', payload: { profile: { ...valid, home: { lat: 51.27, lon: 0.52 } } } });
    const body = placementResultSchema.parse(res.json());
    expect(body.designationSet).toBe('current');
    expect(body.searched).toMatchObject({ maxDistanceKm: 40, limit: 10, maxMinutes: null });
  });

  it('when the profile is invalid, then 400 repeats none of the submitted values', async () => {
    const res = await call({ method: 'POST', url: '/placements/search', payload: { profile: leakyProfile, options: { maxDistanceKm: 731.25 } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['body.profile.primaryNeed', 'body.options.maxDistanceKm']));
    for (const secret of SECRETS) expect(res.body).not.toContain(secret);
  });

  it('when the home is missing, then 400 at body.profile.home', async () => {
    const res = await call({ method: 'POST', url: '/placements/search', payload: { profile: valid } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'body.profile.home', message: 'required for placement search: {lat, lon} or {lsoa}' }]);
  });

  it('when an option is unknown or out of range, then 400 names it', async () => {
    const res = await call({
      method: 'POST',
      url: '/placements/search',
      payload: { profile: { ...valid, home: { lat: 51.27, lon: 0.52 } }, options: { maxDistanceKm: -3, designationSet: 'final', sortBy: 'x' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.options', 'body.options.designationSet', 'body.options.maxDistanceKm']);
  });
});

describe('the need-profile routes', () => {
  it('declare that they need an authenticated caller (one line each; the auth plugin enforces it)', async () => {
    const routes: RouteOptions[] = [];
    const probe = Fastify().withTypeProvider();
    probe.setValidatorCompiler(validatorCompiler);
    probe.setSerializerCompiler(serializerCompiler);
    probe.decorate('registry', kentRegistry());
    probe.addHook('onRoute', (r) => {
      routes.push(r);
    });
    await probe.register(errors);
    await probe.register(match);
    await probe.register(placements);
    await probe.ready();
    const declared = Object.fromEntries(routes.map((r) => [`${r.method} ${r.url}`, (r.config as { access?: unknown } | undefined)?.access]));
    expect(declared).toMatchObject({
      'POST /match': 'authenticated',
      'POST /match/batch': 'authenticated',
      'POST /placements/search': 'authenticated',
      'POST /placements/search/batch': 'authenticated',
    });
    await probe.close();
  });

  it('never write a need profile to the log, valid or not, at any log level', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await buildApp({ config: testConfig({ logLevel: 'trace' }), registry: kentRegistry(), logger: { ...(loggerOptions('trace') as object), stream } });
    const secretValid = { ...valid, home: { lat: 51.27731, lon: 0.52119 } };
    const callLogged = await injectAs(logged);
    await callLogged({ method: 'POST', url: '/match', payload: { profile: leakyProfile } });
    await callLogged({ method: 'POST', url: '/match', payload: { profile: secretValid } });
    await callLogged({ method: 'POST', url: '/placements/search', payload: { profile: secretValid } });
    await callLogged({ method: 'POST', url: '/placements/search', payload: { profile: leakyProfile } });
    await callLogged({ method: 'POST', url: '/match/batch', payload: [leakyProfile, secretValid] });
    await callLogged({ method: 'POST', url: '/match/batch', headers: { 'content-type': 'text/csv' }, payload: 'primaryNeed,secondaryNeeds,learningDifficulty,traits,age\nZebedee-7781,,seventeen-and-a-half,,731.25\n' });
    await callLogged({ method: 'POST', url: '/match/batch?format=csv', payload: [leakyProfile, secretValid] });
    await callLogged({ method: 'POST', url: '/placements/search/batch', payload: [leakyProfile, secretValid] });
    await callLogged({ method: 'POST', url: '/placements/search/batch?format=csv', payload: [secretValid, leakyProfile] });
    await callLogged({
      method: 'POST',
      url: '/placements/search/batch',
      headers: { 'content-type': 'text/csv' },
      payload: 'primaryNeed,secondaryNeeds,learningDifficulty,traits,age,lat,lon,lsoa\nZebedee-7781,xq-trait-4471,seventeen-and-a-half,,731.25,-88.123,731.25,\nASD,,none,severe-social-communication,9,51.27731,0.52119,\n',
    });
    await callLogged({ method: 'POST', url: '/placements/search/batch', headers: { 'content-type': 'application/json' }, payload: '[{"primaryNeed": "Zebedee-7781", ' });
    await logged.close();
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0); // the requests were logged...
    for (const secret of [...SECRETS, '51.27731', '0.52119', 'severe-social-communication']) expect(log).not.toContain(secret); // ...their profiles were not
  });
});
