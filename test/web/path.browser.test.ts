/**
 * A path (a scenario with a horizon) in the dashboard, in headless Chromium against the real
 * service: the year slider picks the year the map, tables and objectives show, and each locality has
 * a small chart of its shortfall year by year, with the figures the service computed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/app.js';
import { axeViolations, gotoDashboard, layoutProblems, openBrowser, screenshot, seriousOrCritical, strayValues, type BrowserSession } from '../helpers/browser.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

let server: RunningServer;
let browser: BrowserSession;
let runId: string;
let result: any;
let baseRunId: string;

const api = async (path: string, init?: RequestInit) => (await fetch(`${server.url}${path}`, init)).json() as Promise<any>;
const figure = (text: string) => Number(text.replace(/\u2212/g, '-').replace(/[^0-9.+-]/g, ''));

beforeAll(async () => {
  const dataDir = tempDir();
  const key = lastLine(await keysCli(dataDir, ['create', '--role', 'planner', '--name', 'A. Planner']));
  server = await startServer({ DATA_DIR: dataDir });
  const started = await api('/runs', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'planned-changes-2025-2028' }) });
  for (let i = 0; i < 600; i++) {
    const run = await api(`/runs/${started.id}`);
    if (run.status === 'done' || run.status === 'failed') {
      expect(run.status).toBe('done');
      result = run.result;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  runId = started.id;
  // A second path to compare with: the proposed designations alone.
  const base = await api('/runs', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId: 'proposed-designations-2025-2028' }) });
  for (let i = 0; i < 600 && !['done', 'failed'].includes((await api(`/runs/${base.id}`)).status); i++) await new Promise((r) => setTimeout(r, 250));
  baseRunId = base.id;
  browser = await openBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

/** Each district's shortfall in the results table, as the page prints it. */
async function shortfallTable(page: Page): Promise<Map<string, number>> {
  const headers = await page.locator('#results thead th').allTextContents();
  const col = headers.indexOf('Shortfall');
  const rows = await page.locator('#results tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  return new Map(rows.map((r) => [r[0]!, figure(r[col]!)]));
}
const expectedShortfall = (year: number) => new Map(result.localities.map((l: any) => [l.localityName, l.byYear.find((y: any) => y.year === year).shortfall]));

describe('a path in the dashboard', () => {
  it('when a path run is picked, then a year slider picks the year the map shows, and each locality has a chart of its shortfall year by year', async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url);
    await page.selectOption('#run-select', runId);
    await page.locator('#path-panel').waitFor();
    const slider = page.locator('#path-year');
    expect(await slider.getAttribute('min')).toBe('2025');
    expect(await slider.getAttribute('max')).toBe('2028');
    expect(await slider.inputValue()).toBe('2025');
    await page.locator('#map[data-state="run"]').waitFor();
    expect(await shortfallTable(page)).toEqual(expectedShortfall(2025));

    // The Walmer SRP opens in 2027 in this path: no marker before, a marker from then on.
    const walmer = page.locator('[data-provision="srp-the-downs-walmer"]');
    expect(await walmer.count()).toBe(0);
    // 2028: the map, the tables, the objectives and the markers follow the slider.
    await slider.fill('2028');
    await expect.poll(() => walmer.count()).toBe(1);
    await expect.poll(() => page.locator('#path-panel h3').textContent()).toMatch(/January 2028/);
    await expect.poll(() => shortfallTable(page)).toEqual(expectedShortfall(2028));
    const y2028 = result.years.find((y: any) => y.year === 2028);
    const strip = await page.locator('#objectives [data-objective="withoutStatePlace"] .figure').first().textContent();
    expect(strip).toBe(Math.round(y2028.placedIndependent + y2028.unmet).toLocaleString('en-GB'));
    expect(await page.locator('#path-years tbody tr').count()).toBe(4);

    // One chart per district; its points are the service's whole-pupil shortfalls, with the band shaded.
    expect(await page.locator('.path-chart').count()).toBe(12);
    for (const l of result.localities) {
      const points = await page.locator(`.path-chart[data-locality="${l.locality}"] circle`).evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-value'))));
      expect(points).toEqual(l.byYear.map((y: any) => y.shortfall));
    }
    expect(await page.locator('.path-chart polygon.path-band').count()).toBe(12);
    expect(await strayValues(page)).toEqual([]);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    await screenshot(page, 'dashboard-path-2028');
    expect(browser.problems).toEqual([]);
  });

  it('when a path is compared with another path, then the comparison is of the year the slider shows, with the two paths year by year', async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url);
    await page.selectOption('#run-select', runId);
    await page.locator('#path-panel').waitFor();
    await page.selectOption('#compare-select', baseRunId);
    await page.locator('#comparison-years').waitFor();
    const service = await api(`/runs/${baseRunId}/compare/${runId}?year=2025`);
    // Year by year: four measures in each of the four years, the service's figures.
    const rows = await page.locator('#comparison-years tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    expect(rows).toHaveLength(16);
    const shortfall2028 = service.years.find((y: any) => y.year === 2028 && y.measure === 'shortfall');
    const shown = rows.find((r) => r[0] === '2028' && r[1] === 'Children without a state place')!;
    expect(figure(shown[4]!)).toBe(shortfall2028.change);
    // The county totals and the download are the slider's year; moving it moves them.
    expect(await page.locator('#comparison-totals caption').textContent()).toMatch(/in 2025/);
    await page.locator('#path-year').fill('2027');
    await expect.poll(() => page.locator('#comparison-totals caption').textContent()).toMatch(/in 2027/);
    expect(await page.locator('#comparison-table a[href*="format=csv"]').getAttribute('href')).toMatch(/year=2027/);
    expect(await page.locator('#map').getAttribute('data-state')).toBe('comparison');
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    await screenshot(page, 'dashboard-path-comparison');
    expect(browser.problems).toEqual([]);
  });

  it('when the page is as narrow as a phone, then the slider and the charts lay out without overlap', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#path-panel').waitFor();
    expect(await layoutProblems(page)).toEqual([]);
    await screenshot(page, 'dashboard-path-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
