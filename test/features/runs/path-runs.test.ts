/**
 * Path runs (scenarios with a horizon) over HTTP on the real Kent data, the real demand model, a real
 * SQLite file and real solvers in worker threads: the years, the places opened and closed, the band,
 * the CSV tables and the LP of one year.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { authHeader, buildTestApp, tempDir } from '../../helpers/app.js';

type RunView = { id: string; status: string; error: string | null; result?: Record<string, any> };

async function waitDone(app: FastifyInstance, id: string, timeoutMs = 120_000): Promise<RunView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = (await app.inject({ url: `/runs/${id}` })).json() as RunView;
    if (run.status === 'done' || run.status === 'failed') return run;
    if (Date.now() > until) throw new Error(`run ${id} still ${run.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('path runs over HTTP', () => {
  let app: FastifyInstance;
  let auth: { authorization: string };
  let path: RunView;
  let single: RunView;
  let proposed: RunView;
  beforeAll(async () => {
    app = await buildTestApp({ dataDir: tempDir('planner-path-runs-') });
    auth = await authHeader(app, 'planner');
    const start = async (body: object) => (await app.inject({ method: 'POST', url: '/runs', payload: body, headers: auth })).json() as RunView;
    path = await waitDone(app, (await start({ scenarioId: 'planned-changes-2025-2028' })).id);
    single = await waitDone(app, (await start({ scenarioId: 'baseline-2025' })).id);
    proposed = await waitDone(app, (await start({ scenarioId: 'proposed-designations-2025-2028' })).id);
  }, 360_000);
  afterAll(async () => app.close());

  it('when the path to 2028 is run, then each year shows pupils placed, placed independently and without a place, and the places opened and closed', () => {
    expect(path.status).toBe('done');
    const r = path.result!;
    expect(r).toMatchObject({ kind: 'path', scenarioId: 'planned-changes-2025-2028', level: 'district', horizon: { from: 2025, to: 2028, admissionsFrom: 2027 } });
    expect(r.years.map((y: any) => [y.year, y.designationSet])).toEqual([[2025, 'current'], [2026, 'current'], [2027, 'proposed'], [2028, 'proposed']]);
    for (const y of r.years) {
      const w = y.whole;
      expect(w.placedState + w.placedIndependent + w.unmet + w.notCommissioned).toBe(w.demand);
      expect(w.stayed + w.placedNew).toBe(w.placedState);
      // Pounds a year from the exact placements (placedIndependent is shown to 4 decimals).
      expect(Math.abs(y.independentCost - y.placedIndependent * 49_259)).toBeLessThan(5);
      // The band: the low and high variants around the central figure (2025 is observed: no spread).
      expect(y.band.shortfall.low).toBeLessThanOrEqual(w.shortfall + 1);
      expect(y.band.shortfall.high).toBeGreaterThanOrEqual(w.shortfall - 1);
    }
    expect(r.years[3].band.demand.high - r.years[3].band.demand.low).toBeGreaterThan(500);
    expect(r.years[0]).toMatchObject({ placesOpened: 0, placesClosed: 0, stayed: 0 });
    // 2026: SEMH and VI SRPs close (39 assumed places), the Nore Academy opens 40; 2027: Walmer opens 14, River closes 12, Nore +40.
    expect(r.years[1]).toMatchObject({ placesOpened: 40, placesClosed: 39 });
    expect(r.years[2]).toMatchObject({ placesOpened: 54, placesClosed: 12 });
    expect(r.years[1].whole.stayed).toBeGreaterThan(5000);
    expect(r.supplyChanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ year: 2026, provision: 'special-150769', change: 'more-places', placesBefore: 0, placesAfter: 40 }),
        expect.objectContaining({ year: 2027, provision: 'srp-the-downs-walmer', change: 'opened', placesAfter: 14 }),
        expect.objectContaining({ year: 2027, provision: 'srp-118393-slcn', change: 'closed' }),
      ]),
    );
    const river = r.supplyChanges.find((c: any) => c.provision === 'srp-118393-slcn');
    expect(river.staying).toBeGreaterThan(0);
    // Rows per locality, category, phase and year; the year each locality's shortfall starts.
    expect(r.yearResults).toHaveLength(4);
    expect(r.yearResults[2].byLocality[0]).toMatchObject({ year: 2027 });
    expect(r.localities).toHaveLength(12);
    for (const l of r.localities) expect(l.byYear.map((y: any) => y.year)).toEqual([2025, 2026, 2027, 2028]);
    expect(r.localities.every((l: any) => l.shortfallStartsIn === null || (l.shortfallStartsIn >= 2025 && l.shortfallStartsIn <= 2028))).toBe(true);
    // The first year is the base year: it carries the calibration table, later years none.
    expect(r.yearResults[0].calibration).not.toBeNull();
    expect(r.yearResults[1].calibration).toBeNull();
  });

  it('when its CSV tables are asked for, then each comes with a year column, and the path has its own tables', async () => {
    const csv = async (table: string) => {
      const res = await app.inject({ url: `/runs/${path.id}?format=csv&table=${table}` });
      expect(res.statusCode).toBe(200);
      return parse(res.body, { columns: true }) as Record<string, string>[];
    };
    const years = await csv('years');
    expect(years.map((y) => y.year)).toEqual(['2025', '2026', '2027', '2028']);
    expect(Number(years[1]!.placesClosed)).toBe(39);
    const rows = await csv('byLocality');
    expect(new Set(rows.map((x) => x.year))).toEqual(new Set(['2025', '2026', '2027', '2028']));
    expect(rows[0]).toHaveProperty('stayed');
    expect(rows[0]).toHaveProperty('shortfallHigh');
    expect((await csv('localities')).length).toBe(48);
    expect((await csv('supplyChanges')).some((c) => c.provision === 'srp-the-downs-walmer')).toBe(true);
    // A single-year run has no years table: refused at the field.
    const refused = await app.inject({ url: `/runs/${single.id}?format=csv&table=years` });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues[0].path).toBe('querystring.table');
  });

  it("when a year's LP is asked for, then it is that year's stages on what is left", async () => {
    const lp = await app.inject({ url: `/runs/${path.id}/lp?year=2027` });
    expect(lp.statusCode).toBe(200);
    expect(lp.body).toMatch(/path year 2027/);
    expect(lp.body).toMatch(/^Minimize/m);
    const outside = await app.inject({ url: `/runs/${path.id}/lp?year=2029` });
    expect(outside.statusCode).toBe(422);
  });

  it('when two paths are compared, then every shared year has its totals, and one year (the last by default) is compared row by row', async () => {
    const res = await app.inject({ url: `/runs/${proposed.id}/compare/${path.id}` });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.year).toBe(2028);
    expect(c.years.map((y: any) => y.year)).toEqual([2025, 2025, 2025, 2025, 2025, 2025, 2026, 2026, 2026, 2026, 2026, 2026, 2027, 2027, 2027, 2027, 2027, 2027, 2028, 2028, 2028, 2028, 2028, 2028]);
    const years = (measure: string) => c.years.filter((y: any) => y.measure === measure);
    // Each year's figures are the two paths' own years, other minus base.
    for (const y of years('shortfall')) {
      const of = (run: RunView) => run.result!.years.find((x: any) => x.year === y.year).whole.shortfall;
      expect([y.base, y.other, y.change]).toEqual([of(proposed), of(path), of(path) - of(proposed)]);
    }
    // The planned changes start in 2026 (the Nore opens, SEMH and VI SRPs close): some year after 2025 differs.
    expect(years('placedState').some((y: any) => y.year > 2025 && y.change !== 0)).toBe(true);
    // The row comparison is the chosen year's, and its Kent total agrees with that year's totals.
    const asked = (await app.inject({ url: `/runs/${proposed.id}/compare/${path.id}?year=2026` })).json();
    expect(asked.year).toBe(2026);
    const rows = asked.byLocality as any[];
    expect(rows.length).toBeGreaterThan(0);
    const shortfall2026 = years('shortfall').find((y: any) => y.year === 2026);
    const rowChange = rows.reduce((s, r) => s + r.whole.shortfallChange, 0);
    expect(Math.abs(rowChange - shortfall2026.change)).toBeLessThanOrEqual(1);
    // The CSV is that year's rows.
    const csv = await app.inject({ url: `/runs/${proposed.id}/compare/${path.id}?year=2026&format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/-2026-byLocality\.csv/);
    expect((parse(csv.body, { columns: true }) as unknown[]).length).toBe(rows.length);
  });

  it('when two paths differ only in settings that change nothing in the year compared (the band, a shorter horizon), then they are like for like and nothing differs', async () => {
    const scenario = proposed.result!.scenarioInputs;
    const shorter = await waitDone(
      app,
      (
        await app.inject({
          method: 'POST',
          url: '/runs',
          headers: auth,
          payload: { scenario: { ...scenario, id: 'proposed-banded', name: 'Proposed, with the band, to 2027', horizon: { ...scenario.horizon, to: 2027, band: true } } },
        })
      ).json().id,
    );
    expect(shorter.status).toBe('done');
    const c = (await app.inject({ url: `/runs/${proposed.id}/compare/${shorter.id}` })).json();
    expect(c.year).toBe(2027);
    expect(c).toMatchObject({ likeForLike: true, warning: null, inputDifferences: [], byLocality: [], provisions: [] });
    for (const t of c.totals) expect(t.change, t.measure).toBe(0);
  });

  it('when a path is compared with a single-year run, then it is compared at that year and said not to be like for like; a year neither covers is refused at the field', async () => {
    const res = await app.inject({ url: `/runs/${single.id}/compare/${path.id}` });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.year).toBe(2025);
    expect(c.years).toBeNull();
    expect(c.likeForLike).toBe(false);
    expect(c.inputDifferences.some((d: any) => d.input.startsWith('horizon'))).toBe(true);
    for (const url of [`/runs/${single.id}/compare/${path.id}?year=2027`, `/runs/${proposed.id}/compare/${path.id}?year=2030`]) {
      const refused = await app.inject({ url });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().issues[0].path).toBe('querystring.year');
    }
  });

  it('when a scenario gives both a year and a horizon, or a change ends before it starts, then it is refused at the field', async () => {
    const both = await app.inject({ method: 'POST', url: '/runs', headers: auth, payload: { scenario: { id: 'x', name: 'x', year: 2025, horizon: {} } } });
    expect(both.statusCode).toBe(400);
    expect(both.json().issues.map((i: any) => i.path)).toContain('body.scenario.year');
    const backwards = await app.inject({
      method: 'POST',
      url: '/runs',
      headers: auth,
      payload: { scenario: { id: 'x', name: 'x', horizon: {}, supply: [{ action: 'close', provision: 'special-118950', from: 2028, to: 2026 }] } },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().issues.map((i: any) => i.path)).toContain('body.scenario.supply.0.to');
    const band = await app.inject({ method: 'POST', url: '/runs', headers: auth, payload: { scenario: { id: 'x', name: 'x', horizon: { band: true }, demand: { ehcpRateTrend: 0.05 } } } });
    expect(band.statusCode).toBe(400);
    expect(band.json().issues.map((i: any) => i.path)).toContain('body.scenario.horizon.band');
  });

  it('when scenarios are listed, then the shipped paths show their horizon', async () => {
    const items = (await app.inject({ url: '/scenarios' })).json().items as any[];
    expect(items.find((s) => s.id === 'planned-changes-2025-2028')).toMatchObject({ year: 2025, horizon: { from: 2025, to: 2028 } });
    expect(items.find((s) => s.id === 'baseline-2025')).toMatchObject({ year: 2025, horizon: null });
  });
});
