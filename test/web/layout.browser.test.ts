import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
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

describe('the dashboard layout', () => {
  for (const width of [390, 1280, 1920]) {
    it(`when shown ${width} px wide with a run, its comparison, the officers' table, the scenario editor and batch search, then no visible control overlaps another and nothing scrolls sideways`, { timeout: 90_000 }, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height: 900 });
      await gotoDashboard(page, server.url);
      expect(await layoutProblems(page)).toEqual([]);

      await enterKey(page, key);
      await page.selectOption('#run-select', whatIfId);
      await page.locator('#map[data-state="comparison"]').waitFor();
      // A decision form open under its school's row.
      await page.locator('#review-table tbody tr.review-row').first().waitFor();
      await page.locator('#review-table tbody tr.review-row button').first().click();
      await page.locator('#review-table tr.review-detail:not([hidden]) form').waitFor();
      // The scenario editor's form, every section open, with two supply changes and the errors of a refused save.
      await page.click('#new-scenario');
      await page.getByRole('button', { name: 'Add a supply change' }).click();
      await page.locator('#scenario-form .form-list > li').first().getByLabel('Action').selectOption('open');
      await page.getByRole('button', { name: 'Add a supply change' }).click();
      await page.locator('#scenario-form details').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
      await page.click('#save-scenario');
      await page.locator('#scenario-form-errors:not([hidden])').waitFor();
      // Batch placement search with its results.
      await page.setInputFiles('#batch-file', join(PROJECT_ROOT, 'test/fixtures/batch/placement-profiles.csv'));
      await page.click('#batch-submit');
      await page.locator('#batch-table').waitFor();

      expect(await layoutProblems(page)).toEqual([]);
      expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
      // The refused save's 400 is expected; nothing else may go wrong.
      expect(browser.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
      browser.problems.length = 0;
      await screenshot(page, `layout-${width}`);

      // The objectives strip stays in view at the foot of the page.
      await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
      await expect.poll(() => page.locator('#objectives').evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBe(0);
      expect(await page.locator('#objectives [data-objective]').count()).toBe(4);
    });
  }

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
