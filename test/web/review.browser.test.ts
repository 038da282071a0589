import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.js';
import {
  axeViolations,
  enterKey,
  gotoDashboard,
  openBrowser,
  screenshot,
  seriousOrCritical,
  strayValues,
  type BrowserSession,
} from '../helpers/browser.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

let server: RunningServer;
let browser: BrowserSession;
let officerKey: string;

interface Mapping { urn: number; name: string; ambiguous: boolean; status: string; district: { name: string } }
let mappings: Mapping[];

beforeAll(async () => {
  const dataDir = tempDir();
  officerKey = lastLine(await keysCli(dataDir, ['create', '--role', 'officer', '--name', 'A. Officer']));
  server = await startServer({ DATA_DIR: dataDir });
  mappings = ((await (await fetch(`${server.url}/designations/mappings`, { headers: { authorization: `Bearer ${officerKey}` } })).json()) as { items: Mapping[] }).items;
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

const URN = 119026; // Broomhill Bank School: C&I, proposed NLD, ambiguous
const rows = () => browser.page.locator('#review-table tbody tr.review-row');
const shownUrns = async () => (await rows().evaluateAll((trs) => trs.map((tr) => tr.id))).map((id) => Number(id.replace('review-', '')));
const auth = () => ({ authorization: `Bearer ${officerKey}` });

describe('the designation review in the dashboard', () => {
  it('when an officer enters a key, then every special school is one row of a compact table, filtered by ambiguity, decision and district as asked', async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url, '/app/designations');
    expect(await page.locator('#review-list').textContent()).toMatch(/enter your API key/);

    await enterKey(page, officerKey);
    await rows().first().waitFor();
    expect(await rows().count()).toBe(25);
    expect(mappings).toHaveLength(25);
    // The key stays in this tab's session storage only.
    expect(await page.evaluate('[sessionStorage.length, localStorage.length]')).toEqual([1, 0]);
    // Compact: the whole table, forms closed, is a fraction of the 5,700 px the cards took.
    const height = await page.locator('#review-section').evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeLessThan(2_200);

    const ambiguous = mappings.filter((m) => m.ambiguous).map((m) => m.urn);
    expect(ambiguous.length).toBeGreaterThan(0);
    expect(ambiguous.length).toBeLessThan(25);
    await page.check('#review-ambiguous');
    expect((await shownUrns()).sort()).toEqual([...ambiguous].sort());
    expect(await page.locator('#review-shown').textContent()).toBe(`Showing ${ambiguous.length} of 25 schools.`);

    const district = mappings.find((m) => m.ambiguous)!.district.name;
    await page.selectOption('#review-district', district);
    const both = mappings.filter((m) => m.ambiguous && m.district.name === district).map((m) => m.urn);
    expect((await shownUrns()).sort()).toEqual(both.sort());
    await page.uncheck('#review-ambiguous');
    expect((await shownUrns()).sort()).toEqual(mappings.filter((m) => m.district.name === district).map((m) => m.urn).sort());
    await page.selectOption('#review-district', '');
    expect(await rows().count()).toBe(25);

    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('when an officer opens a school and approves it, then the override designation is disabled, the service records the decision under their name and the row shows it', async () => {
    const { page } = browser;
    const row = page.locator(`#review-${URN}`);
    expect(await row.getAttribute('data-status')).toBe('proposed');
    const toggle = row.getByRole('button', { name: 'Decide on Broomhill Bank School' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const detail = page.locator(`#review-${URN}-detail`);
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.locator('li').count()).toBeGreaterThan(0); // the evidence

    // Approve is chosen first: no designation can be sent with it.
    const approve = detail.getByLabel(/Approve the proposal: Neurodivergent with Learning Difficulties \(NLD\)/);
    const instead = detail.getByLabel('Designation instead');
    expect(await approve.isChecked()).toBe(true);
    expect(await instead.isDisabled()).toBe(true);
    await detail.getByLabel('Override with another designation').check();
    expect(await instead.isEnabled()).toBe(true);
    await approve.check();
    expect(await instead.isDisabled()).toBe(true);

    await detail.getByLabel('Reason (recorded in the audit log)').fill('Intake is autistic pupils with learning difficulties: NLD fits.');
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    await screenshot(page, 'dashboard-review');
    await detail.getByRole('button', { name: 'Record decision' }).click();

    await page.locator(`#review-${URN}[data-status="approved"]`).waitFor();
    expect(await page.locator(`#review-${URN} .review-status`).textContent()).toMatch(/^Approved: NLD by A\. Officer, .* Decision recorded\.$/);
    expect(await page.locator('#review-counts').textContent()).toMatch(/24 under review, 1 approved, 0 overridden/);
    expect(await page.locator(':focus').textContent()).toBe('Change');

    const mapping = (await (await fetch(`${server.url}/designations/mappings/${URN}`, { headers: auth() })).json()) as Record<string, unknown>;
    expect(mapping).toMatchObject({ status: 'approved', designation: 'NLD', reviewer: 'A. Officer', version: 1 });
    const audit = (await (await fetch(`${server.url}/audit?urn=${URN}`, { headers: auth() })).json()) as { items: Record<string, unknown>[] };
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ decision: 'approve', designation: 'NLD', reviewer: 'A. Officer', reason: 'Intake is autistic pupils with learning difficulties: NLD fits.' });

    // "Undecided only" now leaves it out.
    await page.check('#review-undecided');
    expect(await rows().count()).toBe(24);
    expect(await shownUrns()).not.toContain(URN);
    await page.uncheck('#review-undecided');
    expect(browser.problems).toEqual([]);
    expect(await strayValues(page)).toEqual([]);
  });

  it('when an officer overrides, then the designation they chose is the one recorded', async () => {
    const { page } = browser;
    const urn = 119051; // Grange Park School: C&I, proposed NLD, ambiguous (also SEMH)
    await page.locator(`#review-${urn}`).getByRole('button', { name: /^Decide on/ }).click();
    const detail = page.locator(`#review-${urn}-detail`);
    await detail.getByLabel('Override with another designation').check();
    await detail.getByLabel('Designation instead').selectOption('SEMH');
    await detail.getByLabel('Reason (recorded in the audit log)').fill('Most pupils here now have SEMH as their primary need.');
    await detail.getByRole('button', { name: 'Record decision' }).click();
    await page.locator(`#review-${urn}[data-status="overridden"]`).waitFor();
    expect(await page.locator(`#review-${urn} .review-status`).textContent()).toMatch(/^Overridden: SEMH by A\. Officer/);
    const mapping = (await (await fetch(`${server.url}/designations/mappings/${urn}`, { headers: auth() })).json()) as Record<string, unknown>;
    expect(mapping).toMatchObject({ status: 'overridden', designation: 'SEMH', reason: 'Most pupils here now have SEMH as their primary need.' });
  });

  it('when the version the officer saw is stale, then the page says so and shows the latest decision instead of overwriting it', async () => {
    const { page } = browser;
    const urn = 119032; // Valence School
    await page.locator(`#review-${urn}`).getByRole('button', { name: /^Decide on/ }).click();
    // Someone else decides first, through the API.
    const res = await fetch(`${server.url}/designations/mappings/${urn}/decision`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'override', designation: 'NLD', reason: 'Decided elsewhere first', expectedVersion: 0 }),
    });
    expect(res.status).toBe(200);
    const detail = page.locator(`#review-${urn}-detail`);
    await detail.getByLabel('Reason (recorded in the audit log)').fill('A late approval');
    await detail.getByRole('button', { name: 'Record decision' }).click();
    await page.locator(`#review-${urn}[data-status="overridden"]`).waitFor();
    expect(await page.locator(`#review-${urn} .review-status`).textContent()).toMatch(/^Overridden: NLD/);
    // The form stays open with the latest decision above it, and says why nothing was recorded.
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.textContent()).toMatch(/Latest decision \(version 1\): .*\(NLD\).*Decided elsewhere first/);
    expect(await page.locator(`#review-${urn}-status`).textContent()).toMatch(/^Not recorded: .*decide again/);
    const mapping = (await (await fetch(`${server.url}/designations/mappings/${urn}`, { headers: auth() })).json()) as Record<string, unknown>;
    expect(mapping).toMatchObject({ status: 'overridden', version: 1, reason: 'Decided elsewhere first' });
  });
});
