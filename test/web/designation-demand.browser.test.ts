import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openBrowser, screenshot, seriousOrCritical, strayValues, type BrowserSession } from '../helpers/browser.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startServer({});
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

describe('designation demand in the dashboard', () => {
  it('when the page loads, then each district shows demand under the current and proposed designations, and who no longer meets a special designation, as the API gives them', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/app/designations`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.locator('#designation-demand[data-ready="true"]').waitFor();
    expect(await page.locator('#designation-demand-table tbody tr').count()).toBe(12);
    const api = (await (await fetch(`${server.url}/demand/designations?year=2026`)).json()) as {
      noLongerMeetSpecial: { total: number; byFormerDesignation: { formerDesignation: string }[] };
    };
    expect(await page.locator('#designation-demand-section h3').textContent()).toBe(`${Math.round(api.noLongerMeetSpecial.total).toLocaleString('en-GB')} pupils no longer meet a special designation`);
    const formers = await page.locator('#designation-moves-table tbody th').allTextContents();
    expect(formers[0]).toBe(api.noLongerMeetSpecial.byFormerDesignation[0]!.formerDesignation);
    expect(await page.locator('#designation-demand-table tfoot').textContent()).toMatch(/Kent.*\u2192/);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    expect(browser.problems).toEqual([]);
    expect(await strayValues(page)).toEqual([]);
    await screenshot(page, 'dashboard-designation-demand');
  });

  it('when the year and projection change, then the table is redrawn for them', async () => {
    const { page } = browser;
    const before = await page.locator('#designation-demand-table tfoot').textContent();
    await page.selectOption('#designation-demand-year', '2030');
    await page.selectOption('#designation-demand-variant', 'high');
    await page.locator('#designation-demand-output .note', { hasText: '(high)' }).waitFor();
    await page.locator('#designation-demand-table caption', { hasText: 'January 2030' }).waitFor();
    expect(await page.locator('#designation-demand-table tfoot').textContent()).not.toBe(before);
    expect(browser.problems).toEqual([]);
  });
});
