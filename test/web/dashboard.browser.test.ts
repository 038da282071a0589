import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.js';
import { axeViolations, openBrowser, screenshot, seriousOrCritical, type BrowserSession } from '../helpers/browser.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startServer({ DATA_DIR: tempDir() });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

async function loadDashboard() {
  const { page } = browser;
  await page.goto(`${server.url}/`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
  return page;
}

describe('the dashboard in a browser', () => {
  it('when loaded, then it draws the 12 districts and a marker per provision, with no errors and no serious accessibility violations', async () => {
    const page = await loadDashboard();
    const provisions = (await (await fetch(`${server.url}/provisions`)).json()) as { total: number; items: { id: string }[] };

    await expect.poll(() => page.locator('#map path[data-locality]').count()).toBe(12);
    expect(await page.locator('#map [data-provision]').count()).toBe(provisions.total);
    expect(await page.locator('#dataset-summary').textContent()).toMatch(/25 state-funded special schools/);
    expect(await page.locator('#provisions tbody tr').count()).toBe(provisions.total);

    const serious = seriousOrCritical(await axeViolations(page));
    expect(serious).toEqual([]);
    expect(browser.problems).toEqual([]);
    const shot = await screenshot(page, 'dashboard-catalogue');
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });

  it('when a marker is reached by keyboard, then Enter opens its popup with the places and their basis, and Escape returns to the marker', async () => {
    const page = await loadDashboard();
    const marker = page.locator('#map [data-provision="special-119026"]');
    await marker.focus();
    expect(await marker.getAttribute('aria-label')).toMatch(/Special school: Broomhill Bank School/);
    await page.keyboard.press('Enter');
    const popup = page.locator('.leaflet-popup .popup');
    await popup.waitFor();
    expect(await popup.locator('h3').textContent()).toBe('Broomhill Bank School');
    // Capacity here is pupils on roll, an estimate: the popup must say so.
    expect(await popup.textContent()).toMatch(/363 places\s*estimate/);
    expect(await page.locator(':focus').textContent()).toBe('Broomhill Bank School');
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });
    expect(await page.locator(':focus').getAttribute('data-provision')).toBe('special-119026');

    // Keyboard users need not tab through every marker: a skip link jumps past the map.
    await page.locator('a.skip-link[href="#chart-heading"]').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('chart-heading');
  });

  it('when MSOAs are chosen, then the map redraws the 182 MSOAs', async () => {
    const page = await loadDashboard();
    await page.selectOption('#level-select', 'msoa');
    await expect.poll(() => page.locator('#map path[data-locality]').count(), { timeout: 10_000 }).toBe(182);
    expect(browser.problems).toEqual([]);
  });

  it('when the interactive API docs are opened, then Swagger UI renders every operation within the content security policy', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/docs/`);
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 10_000 }).toBe(operations);
    expect(browser.problems).toEqual([]);
  });
});
