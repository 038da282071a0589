import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT, tempDir } from '../helpers/app.js';
import {
  ARTIFACTS_DIR,
  axeViolations,
  enterKey,
  gotoDashboard,
  openBrowser,
  pdfPageCount,
  runThroughApi,
  screenshot,
  seriousOrCritical,
  strayValues,
  type BrowserSession,
} from '../helpers/browser.js';
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

interface Whole { demand: number; placedLocal: number; placedElsewhere: number; placedIndependent: number; unmet: number }
interface Row {
  locality: string;
  localityName: string;
  category: string;
  demand: number;
  placedLocal: number;
  placedElsewhere: number;
  placedIndependent: number;
  unmet: number;
  p95Minutes: number | null;
  whole: Whole;
}
interface Result {
  level: string;
  byLocality: Row[];
  outreach: { unmet: number; whole: { unmet: number } }[];
  totals: { demand: number; placedIndependent: number; unmet: number; independentCost: number; outreachDemand: number; p95Minutes: number | null; whole: Whole & { outreachDemand: number } };
}
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

/**
 * The objectives as the strip should show them, from the service's result and the formulas written
 * in src/web/objectives.js, in whole pupils, pounds and minutes.
 */
function expectedObjectives(result: Result) {
  const t = result.totals;
  const statePlaced = (r: Row) => r.placedLocal + r.placedElsewhere;
  const journeys = result.byLocality.filter((r) => r.p95Minutes !== null && statePlaced(r) > 0).sort((a, b) => a.p95Minutes! - b.p95Minutes!);
  const weight = journeys.reduce((sum, r) => sum + statePlaced(r), 0);
  let cumulative = 0;
  const p95 = journeys.find((r) => (cumulative += statePlaced(r)) >= 0.95 * weight - 1e-9)!.p95Minutes!;
  const inBases = result.byLocality.filter((r) => r.category.startsWith('SRP-')).reduce((sum, r) => sum + statePlaced(r), 0);
  return {
    withoutStatePlace: t.placedIndependent + t.unmet,
    independent: t.placedIndependent,
    cost: t.independentCost,
    p95Minutes: t.p95Minutes ?? p95,
    basesAndMainstream: (inBases + t.outreachDemand) / (t.demand + t.outreachDemand),
  };
}

/** The strip's figure for one objective, as the page prints it. */
const objective = (page: Page, key: string, part = '.figure') => page.locator(`#objectives [data-objective="${key}"] ${part}`).first().textContent();
const wholeNumber = (n: number) => Math.round(n).toLocaleString('en-GB');

/** The map's table: locality name, then a number per column (header text). */
async function twinTable(page: Page) {
  const headers = await page.locator('#locality-figures thead th').allTextContents();
  const rows = await page.locator('#locality-figures tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  return { headers, rows: rows.map((r) => ({ name: r[0]!, values: Object.fromEntries(headers.slice(1).map((h, i) => [h, figure(r[i + 1]!)])) })) };
}

describe('scenario runs in the dashboard', () => {
  let baselineId: string;

  it('when the baseline is run and picked, then every district is drawn and shaded by its shortfall, as the service computed it', async () => {
    const { page } = browser;
    await enterKey(page, key);
    await runScenario(page, 'baseline-2025');

    const runs = await api<{ items: { id: string; scenarioId: string; status: string }[] }>('/runs');
    baselineId = runs.items.find((r) => r.scenarioId === 'baseline-2025' && r.status === 'done')!.id;
    await page.selectOption('#run-select', baselineId);
    await page.locator('#map[data-state="run"]').waitFor();

    const { result } = await api<{ result: Result }>(`/runs/${baselineId}`);
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
    // The objectives strip: the service's totals in whole pupils, pounds and minutes.
    const want = expectedObjectives(result);
    expect(await objective(page, 'withoutStatePlace')).toBe(wholeNumber(want.withoutStatePlace));
    expect(await objective(page, 'withoutStatePlace', '.detail')).toBe(`${wholeNumber(result.totals.placedIndependent)} in independent schools, ${wholeNumber(result.totals.unmet)} with no suitable place in reach`);
    expect(await objective(page, 'independent')).toBe(wholeNumber(want.independent));
    expect(await objective(page, 'independent', '.detail')).toBe(`£${(want.cost / 1e6).toFixed(1)}m a year`);
    expect(await objective(page, 'p95Minutes')).toBe(`${Math.round(want.p95Minutes)} min`);
    // Model 2 gives the county's 95th-percentile journey itself.
    expect(await objective(page, 'p95Minutes', '.detail')).toBe('of journeys to state places, from where children live');
    expect(await objective(page, 'basesAndMainstream')).toBe(`${(want.basesAndMainstream * 100).toFixed(1)}%`);

    // The map's table: the column the map shades by (all categories) is each district's shortfall,
    // and the designation columns add up to it.
    const twin = await twinTable(page);
    expect(twin.headers).toEqual(['Locality', 'CLN', 'SEMH', 'NLD', 'SRP', 'All (map)']);
    expect(twin.rows).toHaveLength(12);
    for (const row of twin.rows) {
      const match = [...expected.values()].find((e) => e.name === row.name)!;
      expect(Math.abs(row.values['All (map)']! - match.value), row.name).toBeLessThanOrEqual(match.value < 10 ? 0.05 : 0.5);
      const parts = row.values.CLN! + row.values.SEMH! + row.values.NLD! + row.values.SRP!;
      expect(Math.abs(parts - row.values['All (map)']!), row.name).toBeLessThanOrEqual(2);
    }
    await page.selectOption('#category-select', 'SEMH');
    await expect.poll(async () => (await twinTable(page)).headers).toEqual(['Locality', 'CLN', 'SEMH (map)', 'NLD', 'SRP', 'All']);
    await page.selectOption('#category-select', 'all');
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
    // The page goes back to the what-if, now compared with the base it just ran.
    await expect.poll(() => page.locator('#run-select').inputValue()).toBe(runId);
    await expect.poll(async () => ['', baselineId].includes(await page.locator('#compare-select').inputValue())).toBe(false);
    await page.locator('#map[data-state="comparison"]').waitFor();
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

    // The strip gives each objective's change from the run compared with.
    const { result: other } = await api<{ result: Result }>(`/runs/${runId}`);
    const { result: base } = await api<{ result: Result }>(`/runs/${baseId}`);
    const d = expectedObjectives(other).withoutStatePlace - expectedObjectives(base).withoutStatePlace;
    expect(await objective(page, 'withoutStatePlace', '.change')).toBe(Math.round(d) === 0 ? '(no change)' : `(${d > 0 ? '+' : '\u2212'}${wholeNumber(Math.abs(d))})`);
    expect(await page.locator('#objectives-run').textContent()).toMatch(/, compared with Proposed designations, 2026/);
    // The map's table gives, district by district, the change the map shades by.
    const twin = await twinTable(page);
    expect(twin.headers.at(-1)).toBe('Change (map)');
    for (const row of twin.rows) {
      const dd = change.get(names.get(row.name)!) ?? 0;
      expect(Math.abs(row.values['Change (map)']! - dd), row.name).toBeLessThanOrEqual(Math.abs(dd) < 10 ? 0.05 : 0.5);
    }

    // Compared with the 2025 baseline instead, the page says first what else differs.
    await page.selectOption('#compare-select', baselineId);
    await expect.poll(() => page.locator('#comparison-note').textContent()).toMatch(/^These runs differ in more than 120 NLD places in Ashford's own changes: designationSet/);
    await page.locator('#map[data-state="comparison"]').waitFor();

    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    expect(browser.problems).toEqual([]);
    expect(await strayValues(page)).toEqual([]);
    await screenshot(page, 'dashboard-comparison');
  });

  it('when the run summary is printed, then it is printed alone, on one A4 page, with the strip\'s objectives and every district', async () => {
    const { page } = browser;
    const runId = await page.locator('#run-select').inputValue();
    const { result } = await api<{ result: Result & { scenarioName: string } }>(`/runs/${runId}`);
    expect(await page.locator('#print-summary').isEnabled()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('#run-summary').isVisible()).toBe(true);
      expect(await page.locator('main').isVisible()).toBe(false);
      expect(await page.locator('#run-summary h2').first().textContent()).toBe(`SEND place sufficiency: ${result.scenarioName}`);
      expect(await page.locator('#run-summary .summary-objectives strong').allTextContents()).toEqual(await page.locator('#objectives .figure').allTextContents());
      expect(await page.locator('#run-summary .summary-meta').textContent()).toMatch(/Changes are from Baseline 2025/);
      expect(await page.locator('#summary-localities tbody tr').count()).toBe(12);
      expect(await page.locator('#run-summary .limits li').count()).toBe(await page.locator('#model-limits li').count());
      expect(await page.locator('#run-summary .summary-assumptions li').count()).toBeGreaterThan(10);
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      expect(pdfPageCount(pdf)).toBe(1);
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(join(ARTIFACTS_DIR, 'run-summary.pdf'), pdf);
      await screenshot(page, 'dashboard-print');
      // The page count can tell: the whole dashboard, printed, takes several pages.
      await page.addStyleTag({ content: '@media print { html body > #main { display: grid !important; } }' });
      expect(pdfPageCount(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBeGreaterThan(1);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('when an MSOA run is printed, then the summary lists the MSOAs with the most children short and still fits one page', async () => {
    const { page } = browser;
    const scenario = parseYaml(readFileSync(join(PROJECT_ROOT, 'scenarios/baseline-2025.yaml'), 'utf8')) as Record<string, unknown>;
    const id = await runThroughApi(server.url, key, { scenario: { ...scenario, id: 'baseline-2025-msoa', name: 'Baseline 2025 by MSOA', level: 'msoa' } });
    await gotoDashboard(page, server.url);
    await page.selectOption('#run-select', id);
    await expect.poll(() => page.locator('#locality-figures tbody tr').count(), { timeout: 10_000 }).toBe(182);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('#run-summary h2').first().textContent()).toBe('SEND place sufficiency: Baseline 2025 by MSOA');
      expect(await page.locator('#summary-localities tbody tr').count()).toBe(14);
      expect(await page.locator('#summary-localities caption').textContent()).toMatch(/the 14 of 182 localities with the most/);
      const shown = (await page.locator('#summary-localities tbody tr').evaluateAll((trs) => trs.map((tr) => tr.lastElementChild!.textContent ?? ''))).map(figure);
      expect(shown).toEqual([...shown].sort((a, b) => b - a));
      expect(pdfPageCount(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBe(1);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(browser.problems).toEqual([]);
  });
});
