/**
 * Batch placement search in headless Chromium against the real server: a planner uploads the
 * example CSV (test/fixtures/batch/), sees a row per child as the service computed it, downloads
 * the answer as CSV, sees a bad row's every error, and clears the results. Axe on the view; a
 * screenshot in test-artifacts/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_SEARCH_CSV_COLUMNS } from '../../src/domain/placement/batch-search.js';
import { PROJECT_ROOT, tempDir } from '../helpers/app.js';
import { axeViolations, enterKey, gotoDashboard, openBrowser, screenshot, seriousOrCritical, strayValues, type BrowserSession } from '../helpers/browser.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

const EXAMPLE = join(PROJECT_ROOT, 'test/fixtures/batch/placement-profiles.csv');
let server: RunningServer;
let browser: BrowserSession;
let key: string;

beforeAll(async () => {
  const dataDir = tempDir();
  key = lastLine(await keysCli(dataDir, ['create', '--role', 'planner', '--name', 'P. Lanner']));
  server = await startServer({ DATA_DIR: dataDir });
  browser = await openBrowser();
  browser.page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

interface Row {
  index: number;
  line: number;
  ok: boolean;
  phase: string | null;
  totalFitting: number;
  candidates: { name: string; travelMinutes: number }[];
}

describe('batch placement search in the dashboard', () => {
  it('when a planner uploads the example CSV, then each child has a row with the nearest provision the service found, and the answer downloads as CSV', async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url, '/app/placements');
    await enterKey(page, key);
    await page.setInputFiles('#batch-file', EXAMPLE);
    await page.selectOption('#batch-set', 'proposed');
    await page.fill('#batch-minutes', '60');
    await page.click('#batch-submit');
    await page.locator('#batch-table').waitFor();

    const answer = (await (
      await fetch(`${server.url}/placements/search/batch?designationSet=proposed&maxDistanceKm=40&limit=3&maxMinutes=60`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: readFileSync(EXAMPLE, 'utf8'),
      })
    ).json()) as { summary: { total: number; withCandidates: number }; results: Row[] };
    const rows = await page.locator('#batch-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    expect(rows).toHaveLength(answer.summary.total);
    answer.results.forEach((r, i) => {
      expect(rows[i]![0]).toBe(String(r.index));
      expect(rows[i]![1]).toBe(String(r.line));
      expect(rows[i]![7]).toBe(String(r.totalFitting));
      const first = r.candidates[0];
      if (first) {
        expect(rows[i]![4]).toContain(first.name);
        expect(rows[i]![5]).toMatch(new RegExp(`^${first.travelMinutes}\\b`));
      } else expect(rows[i]![4]).toBe('None within the limits');
    });
    expect(await page.locator('#batch-summary').textContent()).toMatch(new RegExp(`^${answer.summary.total} children: ${answer.summary.withCandidates} with a provision that fits`));
    expect(await strayValues(page)).toEqual([]);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    await screenshot(page, 'batch-search');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batch-download')]);
    expect(download.suggestedFilename()).toBe('placement-search.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe(BATCH_SEARCH_CSV_COLUMNS.join(','));
    const lines: Record<string, string>[] = parse(csv, { columns: true });
    expect(new Set(lines.map((l) => l.row)).size).toBe(answer.summary.total);
    expect(lines.filter((l) => l.status === 'ok')).toHaveLength(answer.results.reduce((n, r) => n + r.candidates.length, 0));
    // Nothing about the children is kept in the browser's storage.
    expect(await page.evaluate('[localStorage.length, sessionStorage.length]')).toEqual([0, 1]);
  });

  it('when the upload has bad rows, then each is listed with every error, by field, without its values; Clear removes the results', async () => {
    const { page } = browser;
    const csv = [
      'primaryNeed,secondaryNeeds,learningDifficulty,traits,age,lat,lon,lsoa',
      'Quokka-9931,,sort-of-7731,,812,,,E01999999',
      'ASD,,none,,9,,,E01023972',
    ].join('\n');
    await page.setInputFiles('#batch-file', { name: 'with-errors.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#batch-submit');
    await page.locator('#batch-table tbody tr[data-status="invalid"]').waitFor();
    const bad = await page.locator('#batch-table tbody tr[data-status="invalid"]').textContent();
    expect(bad).toMatch(/Not searched: primaryNeed: .*; learningDifficulty: .*; age: must be 2 to 25; home\.lsoa: not an LSOA code in the Kent dataset/);
    for (const secret of ['Quokka-9931', 'sort-of-7731', '812', 'E01999999']) expect(await page.locator('#batch-section').textContent()).not.toContain(secret);
    expect(await page.locator('#batch-summary').textContent()).toMatch(/1 not searched/);

    await page.click('#batch-clear');
    expect(await page.locator('#batch-table').count()).toBe(0);
    expect(await page.locator('#batch-status').textContent()).toBe('Results cleared.');
    expect(await page.locator('#batch-file').inputValue()).toBe('');
    expect(browser.problems).toEqual([]);
  });

  it('without an API key, then the search says a key is needed', async () => {
    const { page } = browser;
    await page.click('#forget-key');
    await page.setInputFiles('#batch-file', EXAMPLE);
    await page.click('#batch-submit');
    await page.locator('#batch-status').filter({ hasText: /did not run/ }).waitFor();
    expect(await page.locator('#batch-status').textContent()).toMatch(/Enter an API key/);
    browser.problems.length = 0; // the 401 is the point of this test
  });
});
