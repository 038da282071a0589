/**
 * The dashboard's pages, one per job: each reachable from the navigation and at its own address,
 * each view written into the address as it is chosen, and the same view again from that address in
 * a fresh tab (a bookmark shared with a colleague). And the API keys page: an admin makes and
 * revokes a key without a shell, and the key log shows both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/app.js';
import { axeViolations, enterKey, gotoDashboard, openBrowser, runThroughApi, seriousOrCritical, strayValues, type BrowserSession } from '../helpers/browser.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';
import { DASHBOARD_PAGES } from '../../src/plugins/app/dashboard.js';

let server: RunningServer;
let browser: BrowserSession;
let adminKey: string;
let pathId: string;
let basePathId: string;

const PAGE_TITLES: Record<string, string> = {
  sufficiency: 'Sufficiency',
  demand: 'Demand',
  plans: 'Capital plans',
  placements: 'Placements',
  designations: 'Designations',
  data: 'Data',
  keys: 'API keys',
};

beforeAll(async () => {
  const dataDir = tempDir();
  adminKey = lastLine(await keysCli(dataDir, ['create', '--role', 'admin', '--name', 'A. Admin']));
  server = await startServer({ DATA_DIR: dataDir });
  // Two paths of the same years and level: a what-if compared with its base, year by year.
  basePathId = await runThroughApi(server.url, adminKey, { scenarioId: 'proposed-designations-2025-2028' });
  pathId = await runThroughApi(server.url, adminKey, { scenarioId: 'sheppey-semh-free-school-2025-2028' });
  browser = await openBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

/** What a reader sees of the sufficiency view: the pickers, the year, the map's state, the strip, the tables. */
async function sufficiencyView(page: Page) {
  return {
    run: await page.locator('#run-select').inputValue(),
    compare: await page.locator('#compare-select').inputValue(),
    category: await page.locator('#category-select').inputValue(),
    phase: await page.locator('#phase-select').inputValue(),
    measure: await page.locator('#measure-select').inputValue(),
    locality: await page.locator('#locality-select').inputValue(),
    year: await page.locator('#path-year').inputValue(),
    map: await page.locator('#map').getAttribute('data-state'),
    highlighted: await page.locator('#map path[data-highlighted]').getAttribute('data-locality'),
    objectives: (await page.locator('#objectives-list').textContent())?.replace(/\s+/g, ' '),
    localityTable: (await page.locator('#locality-figures').textContent())?.replace(/\s+/g, ' '),
    detail: (await page.locator('#locality-detail-table').textContent())?.replace(/\s+/g, ' '),
    comparison: (await page.locator('#comparison-table').textContent())?.replace(/\s+/g, ' '),
  };
}

/** Opens an address in a new tab of the same browser (the key is per tab: entered again there). */
async function inNewTab(url: string, key?: string): Promise<Page> {
  const tab = await browser.context.newPage();
  await tab.goto(url);
  await tab.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  if (key) await enterKey(tab, key);
  return tab;
}

describe('a page for each job', () => {
  it('when the navigation is followed, then each page is at its own address, named, marked current, and only the sufficiency page has the objectives strip', { timeout: 120_000 }, async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url);
    const links = await page.locator('#page-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(DASHBOARD_PAGES.map((id) => `/app/${id}`));
    for (const id of DASHBOARD_PAGES) {
      await page.click(`#page-nav a[data-page-link="${id}"]`);
      await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).pathname).toBe(`/app/${id}`);
      expect(await page.locator('h1').textContent()).toBe(PAGE_TITLES[id]);
      expect(await page.locator('#page-nav a[aria-current="page"]').getAttribute('data-page-link')).toBe(id);
      expect(await page.locator('#objectives').isVisible()).toBe(id === 'sufficiency');
      expect(await strayValues(page)).toEqual([]);
    }
    expect(browser.problems).toEqual([]);
    // An address that is no page is the API's 404, not the page.
    expect((await fetch(`${server.url}/app/nowhere`)).status).toBe(404);
  });

  it('when a path, a year, a comparison, a category and a locality are chosen, then the address holds them and opens the same view in a new tab', { timeout: 120_000 }, async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url);
    await page.selectOption('#run-select', pathId);
    await page.locator('#path-year').waitFor();
    await page.locator('#path-year').evaluate((el) => {
      const input = el as unknown as { value: string; dispatchEvent: (e: unknown) => void };
      input.value = '2027';
      input.dispatchEvent(new Event('change'));
    });
    await page.locator('#path-panel h3', { hasText: 'January 2027' }).waitFor();
    await page.selectOption('#compare-select', basePathId);
    await page.locator('#map[data-state="comparison"]').waitFor();
    await page.selectOption('#phase-select', 'secondary');
    await page.selectOption('#locality-select', { label: 'Swale' });
    await page.locator('#locality-detail-table').waitFor();
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ run: pathId, year: '2027', compare: basePathId, phase: 'secondary' });
    expect(url.searchParams.get('locality')).toMatch(/^E0/);
    const before = await sufficiencyView(page);
    expect(before.highlighted).toBe(url.searchParams.get('locality'));

    const tab = await inNewTab(url.href);
    await tab.locator('#locality-detail-table').waitFor();
    expect(await sufficiencyView(tab)).toEqual(before);
    expect(new URL(tab.url()).search).toBe(url.search);
    await tab.close();
  });

  it('when the other pages keep a choice, then their addresses open the same view: a plan, the placement options, the designation demand year, the demand ages', { timeout: 300_000 }, async () => {
    // A plan to show.
    const made = await fetch(`${server.url}/plans?wait=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scenarioId: 'proposed-designations-2025-2028', horizon: { from: 2026, to: 2026 }, budgets: { total: 3_000_000 }, timeLimitSeconds: 30 }),
    });
    let plan = (await made.json()) as { id: string; status: string };
    for (let i = 0; plan.status !== 'done' && i < 240; i++) {
      await new Promise((r) => setTimeout(r, 500));
      plan = (await (await fetch(`${server.url}/plans/${plan.id}`)).json()) as { id: string; status: string };
    }
    const { page } = browser;
    await gotoDashboard(page, server.url, '/app/plans');
    await page.locator(`button[data-plan="${plan.id}"]`).click();
    await page.locator('#plan-view[data-state="shown"]').waitFor();
    expect(new URL(page.url()).searchParams.get('plan')).toBe(plan.id);
    const planText = await page.locator('#plan-view').textContent();
    let tab = await inNewTab(page.url());
    await tab.locator('#plan-view[data-state="shown"]').waitFor();
    expect(await tab.locator('#plan-view').textContent()).toBe(planText);
    await tab.close();

    await gotoDashboard(page, server.url, '/app/placements');
    await page.selectOption('#one-set', 'current');
    await page.fill('#one-minutes', '45');
    await page.locator('#one-minutes').dispatchEvent('change');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ set: 'current', maxMinutes: '45' });
    tab = await inNewTab(page.url());
    expect([await tab.locator('#one-set').inputValue(), await tab.locator('#one-minutes').inputValue(), await tab.locator('#batch-set').count()]).toEqual(['current', '45', 1]);
    await tab.close();

    await gotoDashboard(page, server.url, '/app/designations');
    await page.locator('#designation-demand[data-ready="true"]').waitFor();
    await page.selectOption('#designation-demand-year', '2028');
    await page.locator('#designation-demand-table caption', { hasText: 'January 2028' }).waitFor();
    const table = await page.locator('#designation-demand-table').textContent();
    tab = await inNewTab(page.url());
    await tab.locator('#designation-demand-table caption', { hasText: 'January 2028' }).waitFor();
    expect(await tab.locator('#designation-demand-table').textContent()).toBe(table);
    await tab.close();

    await gotoDashboard(page, server.url, '/app/demand');
    await page.selectOption('#demand-band', '2');
    const chart = await page.locator('#demand-history svg').getAttribute('aria-label');
    expect(chart).toMatch(/ages 11-15/);
    tab = await inNewTab(page.url());
    expect(await tab.locator('#demand-history svg').getAttribute('aria-label')).toBe(chart);
    await tab.close();
    expect(browser.problems).toEqual([]);
  });

  it("when the demand page is opened, then its chart and table give the service's series, projection and backtest errors", async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url, '/app/demand');
    const body = (await (await fetch(`${server.url}/demand/series`)).json()) as {
      series: { year: number; total: number }[];
      projection: { years: { year: number; total: { central: number } }[] };
      backtest: { points: unknown[] };
    };
    const points = await page.locator('#demand-history .history-point').evaluateAll((cs) => cs.map((c) => [Number(c.getAttribute('data-year')), Number(c.getAttribute('data-value'))]));
    expect(points).toEqual(body.series.map((s) => [s.year, s.total]));
    expect(body.series[0]!.year).toBe(2010);
    const last = body.projection.years.at(-1)!;
    expect(await page.locator('#demand-years tbody tr').last().textContent()).toContain(Math.round(last.total.central).toLocaleString('en-GB'));
    expect(await page.locator('#demand-backtest-section .error-point').count()).toBe(body.backtest.points.length);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
  });
});

describe('API keys without a shell', () => {
  it('when an admin makes a key on the page, then it is shown once and works; when they revoke it, it stops; the key log shows both under the admin', { timeout: 60_000 }, async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url, '/app/keys');
    expect(await page.locator('#keys-list').textContent()).toMatch(/admin API key/);
    await enterKey(page, adminKey);
    await page.locator('#keys-table').waitFor();
    await page.fill('#new-key-name', 'B. Officer');
    await page.selectOption('#new-key-role', 'officer');
    await page.click('#new-key-submit');
    const made = await page.locator('#new-key-value').inputValue();
    expect(made).toMatch(/^spp_[A-Za-z0-9_-]{43}$/);
    const works = () => fetch(`${server.url}/designations/mappings`, { headers: { authorization: `Bearer ${made}` } }).then((r) => r.status);
    expect(await works()).toBe(200);
    // Shown once: gone when dismissed, and nowhere else in the page.
    await page.click('#new-key-done');
    expect(await page.content()).not.toContain(made);

    const row = page.locator('#keys-table tbody tr', { hasText: 'B. Officer' });
    await row.getByRole('button', { name: /Revoke the key of B\. Officer/ }).click();
    await row.locator('[data-confirm-revoke]').click();
    await page.locator('#keys-table tbody tr', { hasText: 'B. Officer' }).filter({ hasText: 'Revoked' }).waitFor();
    expect(await works()).toBe(401);

    const log = await page.locator('#keys-log-table tbody tr', { hasText: 'B. Officer' }).evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(1).map((c) => c.textContent)));
    expect(log).toEqual([
      ['Made', 'B. Officer (officer)', 'A. Admin', 'this page or the API'],
      ['Revoked', 'B. Officer (officer)', 'A. Admin', 'this page or the API'],
    ]);
    // The admin key itself was made at the command line, and the log says so.
    expect(await page.locator('#keys-log-table tbody tr', { hasText: 'A. Admin (admin)' }).textContent()).toMatch(/command line/);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
});
