import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchProfile } from '../../../src/domain/matching/match-profile.js';
import { batchResultSchema } from '../../../src/domain/matching/match-result.js';
import { buildTestApp, injectAs, kentRegistry } from '../../helpers/app.js';
import { placementRequests } from '../../helpers/realistic-requests.js';

let app: FastifyInstance;
/** inject() with a planner's API key: these routes take personal data. */
let call: Awaited<ReturnType<typeof injectAs>>;
beforeAll(async () => {
  app = await buildTestApp();
  call = await injectAs(app);
});
afterAll(async () => app.close());

const post = (payload: unknown, contentType = 'application/json') =>
  call({ method: 'POST', url: '/match/batch', headers: { 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

const asd = { primaryNeed: 'ASD', secondaryNeeds: [], learningDifficulty: 'none', traits: [], age: 8 };
const pmld = { primaryNeed: 'PMLD', secondaryNeeds: [], learningDifficulty: 'profound', traits: ['complex-medical'], age: 12 };
const semh = { primaryNeed: 'SEMH', secondaryNeeds: ['SLCN'], learningDifficulty: 'none', traits: ['challenging-behaviour'], age: 14, home: { lsoa: 'E01024279' } };

describe('POST /match/batch', () => {
  it('when a JSON array is sent, then each profile is matched in input order, as /match would, with a summary', async () => {
    const res = await post([asd, pmld, semh, asd]);
    expect(res.statusCode).toBe(200);
    const body = batchResultSchema.parse(res.json());
    expect(body.results.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    const expected = [asd, pmld, semh, asd].map((p) => matchProfile(kentRegistry(), p as never).proposed);
    body.results.forEach((r, i) => {
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.bestFit).toBe(expected[i]!.bestFit);
      expect(r.continuum.level).toBe(expected[i]!.continuum.level);
      expect(r.scores.map((s) => s.code)).toEqual(expected[i]!.designations.map((d) => d.code));
    });
    expect(body.summary).toMatchObject({
      total: 4,
      matched: 4,
      invalid: 0,
      byContinuum: { special: 2, srp: 2, 'mainstream-outreach': 0, mainstream: 0 },
      byDesignation: { CLN: 1, SEMH: 1, NLD: 0, none: 2 },
      bySrpNeedType: { ASD: 2 },
      currentByDesignation: { CI: 2, PSCN: 1, SEMH: 1, PDCM: 0, CIL: 0, none: 0 },
    });
  });

  it('when some rows are bad, then each gets its own errors (row index and field path, no values) and the rest are matched', async () => {
    const res = await post([asd, { ...asd, primaryNeed: 'Quokka-9931', age: 812 }, 'not a profile', { ...asd, home: { lsoa: 'E01999999' } }, pmld]);
    expect(res.statusCode).toBe(200);
    const body = batchResultSchema.parse(res.json());
    expect(body.summary).toMatchObject({ total: 5, matched: 2, invalid: 3 });
    const bad = body.results.filter((r) => !r.ok);
    expect(bad.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(bad[0]).toMatchObject({ ok: false, errors: [{ path: 'primaryNeed' }, { path: 'age' }] });
    expect(bad[1]).toMatchObject({ ok: false, errors: [{ path: '(row)' }] });
    expect(bad[2]).toMatchObject({ ok: false, errors: [{ path: 'home.lsoa', message: 'not an LSOA code in the Kent dataset' }] });
    for (const secret of ['Quokka-9931', '812', 'not a profile', 'E01999999']) expect(res.body).not.toContain(secret);
  });

  it('when a CSV is uploaded, then rows are matched in order with their CSV line numbers; lists use ";" and the home is optional', async () => {
    const csv = [
      'age,primaryNeed,secondaryNeeds,learningDifficulty,traits,lat,lon,lsoa',
      '8,ASD,,none,,,,',
      '12,PMLD,,profound,complex-medical,51.27,0.52,',
      '14,SEMH,SLCN,none,challenging-behaviour;adverse-childhood-experiences,,,E01024279',
      '9,Wombat-1234,,none,,,,',
    ].join('\n');
    const res = await post(csv, 'text/csv');
    expect(res.statusCode).toBe(200);
    const body = batchResultSchema.parse(res.json());
    expect(body.results.map((r) => [r.index, r.line, r.ok])).toEqual([
      [0, 2, true],
      [1, 3, true],
      [2, 4, true],
      [3, 5, false],
    ]);
    const [first, second, third, fourth] = body.results;
    if (first!.ok) expect(first!.continuum).toMatchObject({ level: 'srp', srpNeedType: 'ASD' });
    if (second!.ok) expect(second!.home).toMatchObject({ basis: 'coordinates' });
    if (third!.ok) expect(third!.bestFit).toBe('SEMH');
    expect(fourth).toMatchObject({ ok: false, errors: [{ path: 'primaryNeed' }] });
    expect(res.body).not.toContain('Wombat-1234');
  });

  it('when a CSV row has the wrong number of cells, then that row alone gets an error', async () => {
    const res = await post('primaryNeed,secondaryNeeds,learningDifficulty,traits,age\nASD,,none,,8\nASD,none,8\nPMLD,,profound,,12\n', 'text/csv');
    expect(res.statusCode).toBe(200);
    const body = batchResultSchema.parse(res.json());
    expect(body.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(body.results[1]).toEqual({ index: 1, line: 3, ok: false, errors: [{ path: '(row)', message: 'expected 5 cells as in the header row, found 3' }] });
  });

  it('when the CSV has no header row, then 400 without repeating the first row', async () => {
    const res = await post('8,ASD,Snark-5521,none,\n', 'text/csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/not profile fields; expected a header row/);
    expect(res.body).not.toContain('Snark-5521');
  });

  it('when the CSV header lacks a required column, then 400 naming the column', async () => {
    const res = await post('primaryNeed,learningDifficulty,traits,age\nASD,none,,8\n', 'text/csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('the header row lacks column(s) secondaryNeeds');
  });

  it('when the CSV header has several problems, then all are named at once', async () => {
    const res = await post('primaryNeed,shoeSize,traits,age,age\nASD,4,,8,8\n', 'text/csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(
      'the header row has column(s) at position 2 that are not profile fields; expected a header row with primaryNeed, secondaryNeeds, learningDifficulty, traits, age, lat, lon, lsoa; ' +
        'the header row lacks column(s) secondaryNeeds, learningDifficulty; the header row repeats column(s) age',
    );
  });

  it('when CSV is asked for, then one line per profile comes back in input order, with scores, the continuum and every error of a bad row', async () => {
    const res = await call({
      method: 'POST',
      url: '/match/batch?format=csv',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([asd, { ...asd, primaryNeed: 'Quokka-9931', learningDifficulty: 'lots-3317', age: 812, home: { lsoa: 'E01999999' } }, semh]),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="match-batch.csv"');
    const rows: Record<string, string>[] = parse(res.body, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([
      'row', 'line', 'status', 'errors', 'best_fit', 'score_CLN', 'score_SEMH', 'score_NLD', 'fits', 'ambiguous_between',
      'continuum_level', 'continuum_designation', 'srp_need_type', 'current_best_fit', 'current_level', 'home_basis',
    ]);
    const json = batchResultSchema.parse((await post([asd, { ...asd, primaryNeed: 'Quokka-9931' }, semh])).json());
    const third = json.results[2]!;
    if (!third.ok) throw new Error('expected row 2 matched');
    expect(rows[2]).toMatchObject({ row: '2', status: 'ok', best_fit: 'SEMH', continuum_level: third.continuum.level, score_SEMH: String(third.scores.find((s) => s.code === 'SEMH')!.score), home_basis: 'lsoa-centroid' });
    expect(rows[0]).toMatchObject({ row: '0', status: 'ok', continuum_level: 'srp', srp_need_type: 'ASD', home_basis: '' });
    expect(rows[1]!.status).toBe('invalid');
    expect(rows[1]!.errors!.split('; ').map((e) => e.split(':')[0])).toEqual(['primaryNeed', 'learningDifficulty', 'age', 'home.lsoa']);
    for (const secret of ['Quokka-9931', 'lots-3317', '812', 'E01999999']) expect(res.body).not.toContain(secret);
    expect((await call({ method: 'POST', url: '/match/batch', headers: { 'content-type': 'application/json', accept: 'text/csv' }, payload: JSON.stringify([asd]) })).headers['content-type']).toMatch(/^text\/csv/);
  });

  it('when a row has several problems, then all of them are reported: each field, a repeated primary need, and an unknown LSOA', async () => {
    const body = batchResultSchema.parse((await post([{ ...asd, secondaryNeeds: ['ASD'], age: 1, traits: ['kind'], home: { lsoa: 'E01999999' } }])).json());
    const row = body.results[0]!;
    if (row.ok) throw new Error('expected errors');
    expect(row.errors.map((e) => e.path)).toEqual(['traits.0', 'age', 'secondaryNeeds', 'home.lsoa']);
  });

  it('when the JSON body is not an array, then 400', async () => {
    const res = await post({ profiles: [asd] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/expected a JSON array/);
  });

  it('when 5,000 realistic profiles are sent, then all are matched', async () => {
    const profiles = placementRequests(kentRegistry(), 5000).map((r) => (r as { profile: unknown }).profile);
    const started = performance.now();
    const res = await post(profiles);
    const ms = performance.now() - started;
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary).toMatchObject({ total: 5000, matched: 5000, invalid: 0 });
    expect(body.results).toHaveLength(5000);
    expect(Object.values(body.summary.byContinuum as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(5000);
    expect(ms).toBeLessThan(10_000);
  });

  it('when more than 5,000 profiles are sent as JSON, then 413 naming the limit', async () => {
    const res = await post(Array.from({ length: 5001 }, () => asd));
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toBe('a batch holds at most 5,000 profiles; this one has 5,001: split it');
  });

  it('when more than 5,000 rows are sent as CSV, then 413 naming the limit', async () => {
    const csv = ['primaryNeed,secondaryNeeds,learningDifficulty,traits,age', ...Array.from({ length: 5001 }, () => 'ASD,,none,,8')].join('\n');
    const res = await post(csv, 'text/csv');
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/at most 5,000 profiles/);
  });

  it('when the body is larger than the byte limit, then 413 naming the profile limit', async () => {
    const res = await post(`[${'"x",'.repeat(5 * 1024 * 1024)}"x"]`);
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/at most 5,000 profiles \(and 16 MB\)/);
  });

  it('when another content type is sent, then 415', async () => {
    const res = await post('<profiles/>', 'application/xml');
    expect(res.statusCode).toBe(415);
  });
});
