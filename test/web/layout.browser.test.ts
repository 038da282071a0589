import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT, tempDir } from '../helpers/app.js';
import {
  axeViolations,
  enterKey,
  gotoDashboard,
  layoutProblems,
  openBrowser,
  runThroughApi,
  screenshot,
  seriousOrCritical,
  type BrowserSession,
} from '../helpers/browser.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

let server: RunningServer;
let browser: BrowserSession;
let key: string;
let whatIfId: string;

beforeAll(async () => {
  const dataDir = tempDir();
  key = lastLine(await keysCli(dataDir, ['create', '--role', 'admin', '--name', 'A. Admin']));
  server = await startServer({ DATA_DIR: dataDir });
  // A run compared with its base: every control enabled, the comparison and the objectives' changes shown.
  await runThroughApi(server.url, key, { scenarioId: 'proposed-designations-2026' });
  whatIfId = await runThroughApi(server.url, key, { scenarioId: 'sheppey-semh-free-school-2026' });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

/** Locality names shown on the map that a marker (or a gathered group of markers) covers. */
async function namesUnderMarkers(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: el.textContent || el.getAttribute('aria-label') || '' }; };
    const names = [...document.querySelectorAll('#map .locality-label:not(.label-hidden) > span')].map(box);
    const markers = [...document.querySelectorAll('#map .provision-marker, #map .cluster-marker')].map(box).filter((b) => b.right > b.left);
    const out = [];
    for (const n of names) for (const m of markers) {
      if (n.left < m.right && m.left < n.right && n.top < m.bottom && m.top < n.bottom) out.push(n.text + ' under ' + m.text);
    }
    return out;
  })()`) as Promise<string[]>;
}

/** Each page with its views open, as its user would have them. */
const PAGES: { path: string; open: (page: Page) => Promise<void> }[] = [
  {
    path: '/',
    open: async (page) => {
      await page.selectOption('#run-select', whatIfId);
      await page.locator('#map[data-state="comparison"]').waitFor();
      // The scenario editor's form, every section open, with two supply changes and the errors of a refused save.
      await page.click('#new-scenario');
      await page.getByRole('button', { name: 'Add a supply change' }).click();
      await page.locator('#scenario-form .form-list > li').first().getByLabel('Action').selectOption('open');
      await page.getByRole('button', { name: 'Add a supply change' }).click();
      await page.locator('#scenario-form details').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
      await page.click('#save-scenario');
      await page.locator('#scenario-form-errors:not([hidden])').waitFor();
    },
  },
  { path: '/app/demand', open: async (page) => void (await page.locator('#demand-years').waitFor()) },
  { path: '/app/plans', open: async (page) => void (await page.locator('#plan-form').waitFor()) },
  {
    path: '/app/placements',
    open: async (page) => {
      await page.setInputFiles('#batch-file', join(PROJECT_ROOT, 'test/fixtures/batch/placement-profiles.csv'));
      await page.click('#batch-submit');
      await page.locator('#batch-table').waitFor();
      await page.fill('#one-lsoa', 'E01024279');
      await page.click('#one-submit');
      await page.locator('#one-level').waitFor();
    },
  },
  {
    path: '/app/designations',
    open: async (page) => {
      await page.locator('#review-table tbody tr.review-row button').first().click();
      await page.locator('#review-table tr.review-detail:not([hidden]) form').waitFor();
      await page.locator('#designation-demand[data-ready="true"]').waitFor();
    },
  },
  { path: '/app/data', open: async (page) => void (await page.locator('#evidence-table').waitFor()) },
  { path: '/app/keys', open: async (page) => void (await page.locator('#keys-log-table').waitFor()) },
];

describe('the dashboard layout', () => {
  for (const width of [390, 1280, 1920]) {
    it(`when each page is shown ${width} px wide with its views open, then no visible control overlaps another, nothing scrolls sideways, no name sits under a marker, and axe finds nothing serious`, { timeout: 240_000 }, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height: 900 });
      for (const { path, open } of PAGES) {
        await gotoDashboard(page, server.url, path);
        expect(await layoutProblems(page), path).toEqual([]);
        await enterKey(page, key);
        await open(page);
        expect(await layoutProblems(page), path).toEqual([]);
        expect(seriousOrCritical(await axeViolations(page)), path).toEqual([]);
        await screenshot(page, `layout-${width}${path.replace(/\//g, '-').replace(/-$/, '-sufficiency')}`);
      }
      // The refused save's 400 is expected; nothing else may go wrong.
      expect(browser.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
      browser.problems.length = 0;

      // The sufficiency page again: no locality name under a marker on a phone, and the objectives strip
      // one line (at most 80 px) there, kept in view at the foot of the page.
      await gotoDashboard(page, server.url, `/app/sufficiency?run=${whatIfId}`);
      await page.locator('#map[data-state]').waitFor();
      if (width === 390) {
        expect(await page.locator('#map .cluster-marker').count()).toBeGreaterThan(0);
        expect(await page.locator('#map .locality-label:not(.label-hidden)').count()).toBeGreaterThan(0);
        expect(await namesUnderMarkers(page)).toEqual([]);
        expect(await page.locator('#objectives').evaluate((el) => el.getBoundingClientRect().height)).toBeLessThanOrEqual(80);
        // Zoomed in, the groups come apart and names still keep clear of markers.
        await page.locator('#map').focus();
        await page.keyboard.press('+');
        await page.waitForTimeout(600);
        expect(await namesUnderMarkers(page)).toEqual([]);
      }
      await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
      await expect.poll(() => page.locator('#objectives').evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBe(0);
      expect(await page.locator('#objectives [data-objective]').count()).toBe(4);
      if (width === 390) expect(await page.locator('#objectives').evaluate((el) => el.getBoundingClientRect().height)).toBeLessThanOrEqual(80);
    });
  }

  it('when a cluster of markers is picked on a phone, then the map zooms in and the group comes apart', { timeout: 60_000 }, async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 900 });
    await gotoDashboard(page, server.url);
    const zoom = async () => Number(await page.locator('#map').getAttribute('data-zoom'));
    const before = await zoom();
    const singles = await page.locator('#map .provision-marker').count();
    const cluster = page.locator('#map .cluster-marker').first();
    expect(await cluster.getAttribute('aria-label')).toMatch(/^\d+ provisions close together\. Press Enter to zoom in on them\.$/);
    await cluster.focus();
    await page.keyboard.press('Enter');
    // Zoomed in on the group at least two steps: more markers stand on their own.
    await expect.poll(zoom, { timeout: 5_000 }).toBeGreaterThanOrEqual(before + 2);
    await expect.poll(() => page.locator('#map .provision-marker').count(), { timeout: 5_000 }).toBeGreaterThan(singles);
  });

  it('when one control group is pushed over its neighbour, then the layout check reports the overlap (the check can fail)', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await gotoDashboard(page, server.url);
    expect(await layoutProblems(page)).toEqual([]);
    await page.locator('#view-form').evaluate((el) => ((el as unknown as { style: { marginLeft: string } }).style.marginLeft = '-120px'));
    expect((await layoutProblems(page)).some((p) => /overlaps/.test(p))).toBe(true);
    await page.setViewportSize({ width: 390, height: 900 });
    await gotoDashboard(page, server.url);
    expect(await layoutProblems(page)).toEqual([]);
    await page.locator('#controls').evaluate((el) => ((el as unknown as { style: { width: string } }).style.width = '700px'));
    expect(await layoutProblems(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^the page is \d+ px wide in a 390 px viewport$/)]));
  });
});
