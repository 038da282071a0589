import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.js';
import { axeViolations, openBrowser, screenshot, seriousOrCritical, strayValues, type BrowserSession } from '../helpers/browser.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

let server: RunningServer;
let browser: BrowserSession;
let officerKey: string;

beforeAll(async () => {
  const dataDir = tempDir();
  officerKey = lastLine(await keysCli(dataDir, ['create', '--role', 'officer', '--name', 'A. Officer']));
  server = await startServer({ DATA_DIR: dataDir });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

const URN = 119026; // Broomhill Bank School: C&I, proposed NLD, ambiguous

describe('the designation review in the dashboard', () => {
  it('when an officer enters a key and approves a school, then the service records the decision under their name and the page shows it', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('#review-list').textContent()).toMatch(/enter your API key/);

    await page.fill('#api-key', officerKey);
    await page.click('#key-form button[type="submit"]');
    await page.locator('.review-item').first().waitFor();
    expect(await page.locator('.review-item').count()).toBe(25);
    // The key stays in this tab's session storage only.
    expect(await page.evaluate('[sessionStorage.length, localStorage.length]')).toEqual([1, 0]);

    const item = page.locator(`#review-${URN}`);
    expect(await item.getAttribute('data-status')).toBe('proposed');
    await item.getByText('Decide', { exact: true }).click();
    await item.getByLabel('Reason (recorded in the audit log)').fill('Intake is autistic pupils with learning difficulties: NLD fits.');
    expect(await item.getByLabel(/Approve the proposal/).isChecked()).toBe(true);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    await item.getByRole('button', { name: 'Record decision' }).click();

    await page.locator(`#review-${URN}[data-status="approved"]`).waitFor();
    expect(await page.locator(`#review-${URN} .review-status`).textContent()).toMatch(/Approved: Neurodivergent with Learning Difficulties \(NLD\) by A\. Officer/);
    expect(await page.locator('#review-counts').textContent()).toMatch(/24 under review, 1 approved, 0 overridden/);

    const auth = { authorization: `Bearer ${officerKey}` };
    const mapping = (await (await fetch(`${server.url}/designations/mappings/${URN}`, { headers: auth })).json()) as Record<string, unknown>;
    expect(mapping).toMatchObject({ status: 'approved', designation: 'NLD', reviewer: 'A. Officer', version: 1 });
    const audit = (await (await fetch(`${server.url}/audit?urn=${URN}`, { headers: auth })).json()) as { items: Record<string, unknown>[] };
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ decision: 'approve', designation: 'NLD', reviewer: 'A. Officer', reason: 'Intake is autistic pupils with learning difficulties: NLD fits.' });

    expect(browser.problems).toEqual([]);
    expect(await strayValues(page)).toEqual([]);
    await screenshot(page, 'dashboard-review');
  });

  it('when the version the officer saw is stale, then the page says so and reloads the latest decision instead of overwriting it', async () => {
    const { page } = browser;
    const urn = 119032; // Valence School
    const item = page.locator(`#review-${urn}`);
    await item.getByText('Decide', { exact: true }).click();
    // Someone else decides first, through the API.
    const res = await fetch(`${server.url}/designations/mappings/${urn}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'override', designation: 'NLD', reason: 'Decided elsewhere first', expectedVersion: 0 }),
    });
    expect(res.status).toBe(200);
    await item.getByLabel('Reason (recorded in the audit log)').fill('A late approval');
    await item.getByRole('button', { name: 'Record decision' }).click();
    await page.locator(`#review-${urn}[data-status="overridden"]`).waitFor();
    expect(await page.locator(`#review-${urn} .review-status`).textContent()).toMatch(/Overridden: .*\(NLD\).*Decided elsewhere first/);
    expect(await item.getByRole('status').first().textContent()).toMatch(/Not recorded: .*decide again/);
    const mapping = (await (await fetch(`${server.url}/designations/mappings/${urn}`, { headers: { authorization: `Bearer ${officerKey}` } })).json()) as Record<string, unknown>;
    expect(mapping).toMatchObject({ status: 'overridden', version: 1, reason: 'Decided elsewhere first' });
  });
});
