import { statSync } from 'node:fs';
import type { Page } from 'playwright-core';
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

  it('when loaded, then each district is named on the map, no two names overlap, and the table beside the map gives every district\'s figures', async () => {
    const page = await loadDashboard();
    const districts = (await (await fetch(`${server.url}/localities`)).json()) as { features: { properties: Record<string, number | string> }[] };
    const names = districts.features.map((f) => String(f.properties.name)).sort();
    const labels = await visibleLabels(page);
    expect(labels.map((l) => l.text).sort()).toEqual(names);
    expect(overlappingLabels(labels)).toEqual([]);

    // The accessible twin: one row per district, the same counts as the service's.
    const rows = await page.locator('#locality-figures tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    expect(rows.map((r) => r[0]).sort()).toEqual(names);
    for (const row of rows) {
      const p = districts.features.find((f) => f.properties.name === row[0])!.properties;
      expect(row.slice(1).map((c) => Number(c.replace(/,/g, '')))).toEqual([p.schools, p.specialSchools, p.srps, p.places]);
    }
    expect(await page.locator('#locality-figures caption').textContent()).toMatch(/Kent's 12 districts/);
  });

  it('when MSOAs are chosen and the map zoomed in, then MSOA names appear inside their MSOAs without overlapping', async () => {
    const page = await loadDashboard();
    await page.selectOption('#level-select', 'msoa');
    await expect.poll(() => page.locator('#map path[data-locality]').count(), { timeout: 10_000 }).toBe(182);
    expect(await page.locator('#locality-figures tbody tr').count()).toBe(182);
    // Zoomed out, the district names lead; zoomed in, MSOA names take over where they fit.
    expect((await visibleLabels(page)).filter((l) => l.level === 'district').length).toBeGreaterThan(6);
    await page.locator('#map').focus();
    await page.keyboard.press('+');
    await expect.poll(async () => (await visibleLabels(page)).filter((l) => l.level === 'msoa').length).toBeGreaterThan(5);
    // Read the labels once the zoom has settled (two reads 250 ms apart alike): mid-animation, Leaflet
    // scales the layers and the boxes are neither where they were nor where they will be.
    let labels = await visibleLabels(page);
    await expect
      .poll(async () => {
        const before = JSON.stringify(labels);
        await new Promise((r) => setTimeout(r, 250));
        labels = await visibleLabels(page);
        return JSON.stringify(labels) === before;
      })
      .toBe(true);
    expect(labels.filter((l) => l.level === 'district')).toEqual([]);
    expect(overlappingLabels(labels)).toEqual([]);
    for (const label of labels) {
      const area = await page.locator(`#map path[data-locality="${label.code}"]`).evaluate((p) => {
        const r = p.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      });
      expect(label.box.left, label.text).toBeGreaterThanOrEqual(area.left - 1);
      expect(label.box.right, label.text).toBeLessThanOrEqual(area.right + 1);
      expect(label.box.top, label.text).toBeGreaterThanOrEqual(area.top - 1);
      expect(label.box.bottom, label.text).toBeLessThanOrEqual(area.bottom + 1);
    }
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    expect(browser.problems).toEqual([]);
    await screenshot(page, 'dashboard-msoa-names');
  });

  it('when loaded, then the page says what the model is not', async () => {
    const page = await loadDashboard();
    const limits = await page.locator('#model-limits li strong').allTextContents();
    expect(limits).toEqual(expect.arrayContaining(['Not a road network.', 'Not a count of children.', 'Not a list of real places.']));
    expect(await page.locator('#limits-section').isVisible()).toBe(true);
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

interface Label { code: string; level: string; text: string; box: { left: number; right: number; top: number; bottom: number } }

/** The locality names shown on the map now, with their boxes on screen. */
async function visibleLabels(page: Page): Promise<Label[]> {
  return page.locator('#map .locality-label:not(.label-hidden)').evaluateAll((els) =>
    els.map((el) => {
      const r = el.firstElementChild!.getBoundingClientRect();
      return {
        code: el.getAttribute('data-label')!,
        level: el.classList.contains('label-msoa') ? 'msoa' : 'district',
        text: el.textContent ?? '',
        box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
      };
    }),
  );
}

function overlappingLabels(labels: Label[]): string[] {
  const clashes: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i]!.box, b = labels[j]!.box;
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) clashes.push(`${labels[i]!.text} / ${labels[j]!.text}`);
    }
  }
  return clashes;
}
