import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/app.js';
import { axeViolations, openBrowser, screenshot, seriousOrCritical, strayValues, type BrowserSession } from '../helpers/browser.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

let server: RunningServer;
let browser: BrowserSession;
let key: string;

beforeAll(async () => {
  const dataDir = tempDir();
  key = lastLine(await keysCli(dataDir, ['create', '--role', 'commissioner', '--name', 'A. Commissioner']));
  server = await startServer({ DATA_DIR: dataDir });
  browser = await openBrowser();
  const { page } = browser;
  await page.goto(`${server.url}/`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

interface Row { locality: string; localityName: string; placedIndependent: number; unmet: number; whole: { placedIndependent: number; unmet: number } }
const api = async <T>(path: string): Promise<T> => (await fetch(`${server.url}${path}`)).json() as Promise<T>;

/** Shortfall (independent + unmet) by locality in whole pupils, summed from the service's rows. */
function shortfallByLocality(rows: Row[]): Map<string, { name: string; value: number }> {
  const sums = new Map<string, { name: string; value: number }>();
  for (const r of rows) {
    const s = sums.get(r.locality) ?? { name: r.localityName, value: 0 };
    s.value += r.whole.placedIndependent + r.whole.unmet;
    sums.set(r.locality, s);
  }
  return sums;
}

/** Each drawn locality's fill, and the legend's colours in order (lowest class first). */
async function mapColours(page: Page) {
  const fills = new Map(
    await page.locator('#map path[data-locality]').evaluateAll((paths) => paths.map((p) => [p.getAttribute('data-locality')!, p.getAttribute('data-fill')!] as [string, string])),
  );
  const legend = await page.locator('#legend-scale .swatch').evaluateAll((swatches) => swatches.map((s) => (s as unknown as { style: { background: string } }).style.background));
  return { fills, legend: legend.map(rgbToHex) };
}

function rgbToHex(css: string): string {
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(css);
  return m ? `#${m.slice(1).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}` : css;
}

/** Reads a figure as the page prints it: "1,234", "9.5", "+14 (more)", "−139 (less)". */
const figure = (text: string) => Number(text.replace(/\u2212/g, '-').replace(/[^0-9.+-]/g, ''));

async function runScenario(page: Page, scenarioId: string) {
  await page.selectOption('#scenario-select', scenarioId);
  await page.click('#run-button');
  // While the solve runs the button is disabled and the progress bar shows.
  await page.locator('#run-status').filter({ hasText: /finished|did not finish/ }).waitFor({ timeout: 60_000 });
  expect(await page.locator('#run-status').textContent()).toMatch(/finished in [\d.]+ s/);
  await expect.poll(() => page.locator('#run-button').isEnabled()).toBe(true);
  expect(await page.locator('#run-progress').isHidden()).toBe(true);
}

describe('scenario runs in the dashboard', () => {
  let baselineId: string;

  it('when the baseline is run and picked, then every district is drawn and shaded by its shortfall, as the service computed it', async () => {
    const { page } = browser;
    await page.fill('#api-key', key);
    await page.click('#key-form button[type="submit"]');
    await runScenario(page, 'baseline-2025');

    const runs = await api<{ items: { id: string; scenarioId: string; status: string }[] }>('/runs');
    baselineId = runs.items.find((r) => r.scenarioId === 'baseline-2025' && r.status === 'done')!.id;
    await page.selectOption('#run-select', baselineId);
    await page.locator('#map[data-state="run"]').waitFor();

    const { result } = await api<{ result: { level: string; byLocality: Row[]; outreach: { unmet: number; whole: { unmet: number } }[] } }>(`/runs/${baselineId}`);
    expect(result.level).toBe('district');
    const expected = shortfallByLocality(result.byLocality);
    const { fills, legend } = await mapColours(page);
    expect(fills.size).toBe(12);
    expect([...fills.keys()].sort()).toEqual([...expected.keys()].sort());
    // Shading follows the figures: a district never sits in a lighter class than one with less shortfall.
    const byValue = [...expected.entries()].sort((a, b) => a[1].value - b[1].value);
    const classes = byValue.map(([code]) => legend.indexOf(fills.get(code)!));
    expect(classes.every((c) => c >= 0)).toBe(true);
    expect(classes).toEqual([...classes].sort((a, b) => a - b));
    for (const [code, { value }] of expected) if (value === 0) expect(legend.indexOf(fills.get(code)!)).toBe(0);
    if (byValue.at(-1)![1].value > 0) expect(new Set(classes).size).toBeGreaterThan(1);

    // The table and the chart show the same figures.
    const rows = await page.locator('#results tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    expect(rows).toHaveLength(12);
    const headers = await page.locator('#results thead th').allTextContents();
    const col = headers.indexOf('Shortfall');
    for (const row of rows) {
      const match = [...expected.values()].find((e) => e.name === row[0])!;
      // Whole pupils, as the service rounded them.
      expect(figure(row[col]!)).toBe(match.value);
    }
    expect(await page.locator('#chart rect').count()).toBe(12);

    // The CSV link gives the service's rows.
    const href = await page.locator('#results-downloads a').first().getAttribute('href');
    const csv = await fetch(`${server.url}${href}`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).split('\n')[0]).toMatch(/placedIndependent/);
    await screenshot(page, 'dashboard-baseline');

    // Outreach is by locality only: category and phase no longer apply, and the total is the service's.
    await page.selectOption('#measure-select', 'outreachUnmet');
    await expect.poll(() => page.locator('#results thead th').allTextContents()).toContain('Outreach unmet (pupils)');
    expect(await page.locator('#category-select').isDisabled()).toBe(true);
    const outreachUnmet = result.outreach.reduce((sum, o) => sum + o.whole.unmet, 0);
    expect(figure(await page.locator('#results tfoot td').last().textContent() ?? '')).toBe(outreachUnmet);
    await page.selectOption('#measure-select', 'shortfall');
  });

  it('when a what-if is run, then the page offers its like-for-like base; run, it is compared with it: a map of differences and a table that agree with the service', async () => {
    const { page } = browser;
    await runScenario(page, 'nld-places-ashford-2026');
    const runId = await page.locator('#run-select').inputValue();
    // No run of its base (proposed designations, 2026) yet: no comparison with the 2025 baseline by default, an offer instead.
    expect(await page.locator('#compare-select').inputValue()).toBe('');
    await page.locator('#base-offer').click();
    await page.locator('#run-status').filter({ hasText: /Proposed designations, 2026 finished/ }).waitFor({ timeout: 60_000 });
    await page.locator('#map[data-state="comparison"]').waitFor();
    expect(await page.locator('#run-select').inputValue()).toBe(runId);
    const baseId = await page.locator('#compare-select').inputValue();
    expect(baseId).not.toBe(baselineId);
    expect(await page.locator('#comparison-section').isVisible()).toBe(true);
    expect(await page.locator('#comparison-note').textContent()).toMatch(/^Like for like: the runs differ only in /);

    const comparison = await api<{ byLocality: { locality: string; whole: { shortfallChange: number } }[]; totals: { measure: string; change: number }[] }>(
      `/runs/${baseId}/compare/${runId}`,
    );
    const change = new Map<string, number>();
    for (const r of comparison.byLocality) change.set(r.locality, (change.get(r.locality) ?? 0) + r.whole.shortfallChange);

    // Differences map: blue where shortfall falls, red where it rises, the neutral class where it holds.
    const { fills, legend } = await mapColours(page);
    const none = legend[2];
    for (const [code, fill] of fills) {
      const d = change.get(code) ?? 0;
      const index = legend.indexOf(fill);
      if (d < 0) expect(index, code).toBeLessThan(2);
      else if (d > 0) expect(index, code).toBeGreaterThan(2);
      else expect(fill, code).toBe(none);
    }

    // The locality table's differences are the service's comparison, summed by locality.
    const rows = await page.locator('#comparison tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    expect(rows).toHaveLength(12);
    const names = new Map((await api<{ features: { properties: { code: string; name: string } }[] }>('/localities')).features.map((f) => [f.properties.name, f.properties.code]));
    for (const row of rows) {
      const d = change.get(names.get(row[0]!)!) ?? 0;
      expect(figure(row[3]!), row[0]).toBe(d);
    }
    const totals = await page.locator('#comparison-totals tbody tr').allTextContents();
    expect(totals.some((t) => t.startsWith('Placed in independent schools'))).toBe(true);
    // Compared with the 2025 baseline instead, the page says first what else differs.
    await page.selectOption('#compare-select', baselineId);
    await expect.poll(() => page.locator('#comparison-note').textContent()).toMatch(/^These runs differ in more than 120 NLD places in Ashford's own changes: designationSet/);

    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    expect(browser.problems).toEqual([]);
    expect(await strayValues(page)).toEqual([]);
    await screenshot(page, 'dashboard-comparison');
  });
});
