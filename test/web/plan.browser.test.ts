/**
 * The capital plan page in headless Chromium against the real service: a commissioner starts a small
 * district plan from the page (two years, a small budget, a short time limit), follows it to done,
 * and reads it: the solve's proven gap, the builds by year each with its reasons, a marker on the
 * plan's map for every site of every build (popup by keyboard), the resulting path beside the path
 * without the plan, and the CSV of the builds. Refused requests name their field on the page.
 * Axe on the plan shown; screenshots in test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.js';
import { axeViolations, enterKey, gotoDashboard, layoutProblems, openBrowser, screenshot, seriousOrCritical, strayValues, type BrowserSession } from '../helpers/browser.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

let server: RunningServer;
let browser: BrowserSession;
let key: string;

beforeAll(async () => {
  const dataDir = tempDir();
  key = lastLine(await keysCli(dataDir, ['create', '--role', 'commissioner', '--name', 'C. Ommissioner']));
  server = await startServer({ DATA_DIR: dataDir });
  browser = await openBrowser();
  browser.page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

const SCENARIO = 'proposed-designations-2025-2028';

/** Fills the plan form as a user would: scenario, years, a total budget and one year's budget. */
async function fillPlanForm(page: Page, budgets: { total: string; y2027: string }) {
  await page.selectOption('#plan-scenario', SCENARIO);
  await page.fill('#plan-from', '2026');
  await page.fill('#plan-to', '2027');
  await page.locator('#plan-to').dispatchEvent('change');
  await page.fill('#plan-budget', budgets.total);
  await page.fill('#plan-budget-2027', budgets.y2027);
  await page.fill('#plan-time-limit', '20');
}

/** The text of every cell of a table's body rows. */
const cells = (page: Page, selector: string) =>
  page.locator(`${selector} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));

describe('the capital plan page', () => {
  it('when a plan is asked without a key or without a budget, then the page says why and marks the field, and no plan is made', async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url, '/app/plans');
    await page.locator('#plans-list').filter({ hasText: 'No plans yet.' }).waitFor();
    // Only the years of the horizon get a budget field.
    await fillPlanForm(page, { total: '', y2027: '' });
    expect(await page.locator('#plan-budget-years input').evaluateAll((all) => all.map((i) => i.id))).toEqual(['plan-budget-2026', 'plan-budget-2027']);

    await page.click('#plan-submit');
    await page.locator('#plan-status').filter({ hasText: /not made: .*API key/ }).waitFor();

    await enterKey(page, key);
    await page.click('#plan-submit');
    await page.locator('#plan-form-errors:not([hidden])').waitFor();
    expect(await page.locator('#plan-form-errors li').allTextContents()).toEqual([expect.stringMatching(/^body\.budgets\.total: give a total/)]);
    expect(await page.locator('#plan-budget').getAttribute('aria-invalid')).toBe('true');
    // The error's link takes the reader to the field.
    await page.locator('#plan-form-errors a').click();
    expect(await page.evaluate('document.activeElement.id')).toBe('plan-budget');
    expect(((await (await fetch(`${server.url}/plans`)).json()) as { total: number }).total).toBe(0);
    expect(browser.problems.filter((p) => !/status of (400|401)/.test(p))).toEqual([]);
    browser.problems.length = 0;
  });

  it('when a small district plan is started from the page, then it is followed to done and shown: gap, builds by year with reasons, a marker per site, the paths side by side and the CSV', { timeout: 240_000 }, async () => {
    const { page } = browser;
    await fillPlanForm(page, { total: '2000000', y2027: '900000' });
    await page.click('#plan-submit');
    await page.locator('#plan-form-errors').waitFor({ state: 'hidden' });
    await page.locator('#plan-view[data-state="shown"]').waitFor({ timeout: 200_000 });
    expect(await page.locator('#plan-status').textContent()).toMatch(/is done/);

    const id = (await page.locator('#plan-view').getAttribute('data-plan'))!;
    const plan = (await (await fetch(`${server.url}/plans/${id}`)).json()) as any;
    const r = plan.result;
    expect(plan.request).toMatchObject({ horizon: { from: 2026, to: 2027 }, budgets: { total: 2_000_000, perYear: { '2027': 900_000 } }, timeLimitSeconds: 20 });
    expect(r.builds.length).toBeGreaterThan(0);

    // The solve: its status and proven gap, in words.
    const solve = page.locator('#plan-solve');
    expect(await solve.getAttribute('data-status')).toBe(r.status);
    expect(['optimal', 'time-limit']).toContain(r.status);
    expect(await solve.textContent()).toContain(`proven within ${(r.gap * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`);

    // The plans list has it, done, with its budget.
    const listed = (await cells(page, '#plans-table')).find((row) => row[3] === '£2,000,000 in total; 2027: £900,000');
    expect(listed?.[4]).toBe('Done');

    // Builds by year: one table per year that has builds, a row per build, each with its reasons.
    const years = [...new Set(r.builds.map((b: any) => b.year))].sort();
    expect(await page.locator('table[id^="plan-builds-"]').evaluateAll((ts) => ts.map((t) => t.id))).toEqual(years.map((y) => `plan-builds-${y}`));
    for (const year of years) {
      const builds = r.builds.filter((b: any) => b.year === year);
      const rows = await cells(page, `#plan-builds-${year}`);
      expect(rows.map((row) => row[0]).sort()).toEqual(builds.map((b: any) => b.name).sort());
      for (const b of builds) {
        const row = rows.find((x) => x[0] === b.name)!;
        expect(row[4]).toBe(b.places.toLocaleString('en-GB'));
        expect(row[5]).toBe(`£${Math.round(b.capital).toLocaleString('en-GB')}`);
        expect(row[6]).toBe(`£${Math.round(b.runningPerYear).toLocaleString('en-GB')}`);
      }
      const reasons = await page.locator(`#plan-builds-${year} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('.build-reasons li')].map((li) => (li.textContent ?? '').trim())));
      for (const list of reasons) {
        expect(list.length).toBeGreaterThan(0);
        for (const text of list) expect(text).toMatch(/^[A-Z][^:]+: \S.{10,}/);
      }
    }
    // Spending kept to the budgets the page was given.
    const capitalIn = (y: number) => r.builds.filter((b: any) => b.year === y).reduce((s: number, b: any) => s + b.capital, 0);
    expect(capitalIn(2026) + capitalIn(2027)).toBeLessThanOrEqual(2_000_000);
    expect(capitalIn(2027)).toBeLessThanOrEqual(900_000);

    // The map: a marker for every site of every build and none other; a marker's popup by keyboard.
    await page.locator('#plan-map[data-state="plan"]').waitFor();
    const markers = await page.locator('#plan-map [data-provision]').evaluateAll((ms) => ms.map((m) => m.getAttribute('data-provision') ?? ''));
    expect(markers.length).toBe(r.builds.reduce((s: number, b: any) => s + b.sites.length, 0));
    for (const b of r.builds) expect(b.sites.length).toBeGreaterThan(0);
    expect(new Set(markers.map((m) => m.replace(/#\d+$/, '')))).toEqual(new Set(r.builds.map((b: any) => `${b.candidate}@${b.year}`)));
    const first = r.builds[0];
    await page.locator(`#plan-map [data-provision="${first.candidate}@${first.year}#0"]`).focus();
    await page.keyboard.press('Enter');
    const popup = page.locator('#plan-map .leaflet-popup');
    await popup.waitFor();
    expect(await popup.locator('h3').textContent()).toBe(first.sites[0].name);
    expect(await popup.textContent()).toContain(first.name);
    expect(await popup.locator('.build-reasons li').count()).toBe(first.reasons.length);
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });

    // The resulting path beside the path without the plan, year by year, in whole pupils and pounds.
    const yearRows = await cells(page, '#plan-years');
    const head = await page.locator('#plan-years thead th').allTextContents();
    expect(yearRows.map((row) => row[0])).toEqual(['2026', '2027']);
    const col = (label: string) => head.indexOf(label);
    for (const [i, y] of r.byYear.entries()) {
      expect(yearRows[i]![col('Without a state place, with the plan')]).toBe(y.path.shortfall.toLocaleString('en-GB'));
      expect(yearRows[i]![col('Without a state place, without the plan')]).toBe(y.withoutPlan.shortfall.toLocaleString('en-GB'));
      expect(yearRows[i]![col('Capital budget')]).toBe(y.budget === null ? 'no limit of its own' : `£${y.budget.toLocaleString('en-GB')}`);
    }

    // Where special-school places are still chosen: every row of the answer, each with its reason.
    await page.locator('.plan-special summary').click();
    const special = await cells(page, '#plan-special-places');
    expect(special.length).toBe(r.specialPlaces.length);
    for (const row of special) expect(row.at(-1)).toMatch(/^[A-Z][^:]+: \S/);
    expect(await page.locator('#plan-capital-value').textContent()).toMatch(r.capitalValue ? /Each further pound of capital avoids £\d+\.\d\d of independent spending/ : /Not worked out/);

    // The CSV link downloads the builds with their reasons.
    const href = (await page.locator('#plan-csv').getAttribute('href'))!;
    expect(href).toBe(`/plans/${id}?format=csv`);
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^year,candidate,name,.*reasons/);
    expect(lines.length).toBe(r.builds.length + 1);
    for (const b of r.builds) expect(lines.some((l) => l.startsWith(`${b.year},${b.candidate},`) && /without it/.test(l))).toBe(true);

    expect(await strayValues(page)).toEqual([]);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    await page.locator('#plans-section').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-plan');
    expect(browser.problems).toEqual([]);
  });

  it('when a plan is shown on a page as narrow as a phone, then its form, map and tables lay out without overlap', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#plan-view[data-state="shown"]').waitFor();
    expect(await layoutProblems(page)).toEqual([]);
    await screenshot(page, 'dashboard-plan-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('when a plan from the list is shown again after a reload, then it is the same plan', async () => {
    const { page } = browser;
    const id = await page.locator('#plan-view').getAttribute('data-plan');
    await gotoDashboard(page, server.url, '/app/plans');
    await page.locator(`#plans-table button[data-plan="${id}"]`).press('Enter');
    await page.locator('#plan-view[data-state="shown"]').waitFor();
    expect(await page.locator('#plan-view').getAttribute('data-plan')).toBe(id);
    expect(await page.locator('#plan-map [data-provision]').count()).toBeGreaterThan(0);
    expect(browser.problems).toEqual([]);
  });
});
