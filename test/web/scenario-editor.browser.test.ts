/**
 * The scenario editor in headless Chromium against the real server: a commissioner creates a
 * scenario from the generated form (the schema's descriptions as its help), runs it, edits it, runs
 * it again and sees the two runs compared, meets a stale edit, and deletes it. Axe on each state;
 * screenshots in test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/domain/sufficiency/scenario.js';
import { tempDir } from '../helpers/app.js';
import { axeViolations, enterKey, gotoDashboard, openBrowser, screenshot, seriousOrCritical, strayValues, type BrowserSession } from '../helpers/browser.js';
import { keysCli, lastLine } from '../helpers/keys-cli.js';
import { startServer, type RunningServer } from '../helpers/server-process.js';

let server: RunningServer;
let browser: BrowserSession;
let key: string;

beforeAll(async () => {
  const dataDir = tempDir();
  key = lastLine(await keysCli(dataDir, ['create', '--role', 'commissioner', '--name', 'C. Ommissioner']));
  server = await startServer({ DATA_DIR: dataDir });
  browser = await openBrowser();
  browser.page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  server?.proc.kill('SIGTERM');
  await server?.exited;
});

const ID = 'more-nld-places-2026';
const row = (page: Page, id = ID) => page.locator(`#scenario-table tr[data-scenario="${id}"]`);
const form = (page: Page) => page.locator('#scenario-form');
const api = async <T>(path: string, init: RequestInit = {}): Promise<T> =>
  (await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers as object) } })).json() as Promise<T>;

/** Waits for the editor's status line to say something matching. */
const status = (page: Page, text: RegExp) => page.locator('#editor-status').filter({ hasText: text }).waitFor({ timeout: 90_000 });

describe('the scenario editor', () => {
  it('when a commissioner creates a scenario in the form, then the help is the schema’s own, and it is saved, listed and offered to run', async () => {
    const { page } = browser;
    await gotoDashboard(page, server.url);
    await enterKey(page, key);
    await row(page, 'baseline-2025').waitFor();
    // Shipped scenarios offer run and duplicate only.
    expect(await row(page, 'baseline-2025').locator('button').allTextContents()).toEqual(['Run', 'Duplicate']);

    await page.click('#new-scenario');
    await form(page).waitFor();
    // Help text and choices come from the scenario's JSON Schema, not from the page.
    const schema = scenarioJsonSchema() as { $defs: { Scenario: { properties: Record<string, { description?: string }> } } };
    const described = schema.$defs.Scenario.properties;
    expect(await form(page).textContent()).toContain(described.year!.description);
    expect(await form(page).textContent()).toContain(described.designationSet!.description);
    expect(await form(page).getByLabel(/^Designation set/).locator('option').allTextContents()).toEqual(['Default: current', 'current', 'proposed', 'approved']);

    await form(page).getByLabel('ID', { exact: true }).fill(ID);
    await form(page).getByLabel('Name', { exact: true }).fill('More NLD places in Ashford');
    await form(page).getByLabel(/^Year( \(optional\))?$/).fill('2026');
    await form(page).getByLabel(/^Designation set/).selectOption('proposed');
    await page.getByRole('button', { name: 'Add a supply change' }).click();
    const change = page.locator('#scenario-form .form-list > li').first();
    await change.getByLabel('Action').selectOption('open');
    await change.getByLabel('ID', { exact: true }).fill('new-nld-ashford');
    await change.getByLabel('Name', { exact: true }).fill('New NLD school, Ashford');
    await change.getByLabel('Kind').selectOption('special-school');
    await change.getByLabel(/^Designation/).selectOption('NLD');
    await change.getByLabel('primary').check();
    await change.getByLabel('secondary').check();
    await change.getByLabel(/^Places/).fill('60');
    await change.getByLabel(/^Host URN/).fill('118438');
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    await screenshot(page, 'scenario-editor-new');

    await page.click('#save-scenario');
    await status(page, /Saved/);
    expect(await page.locator('#editor-status').textContent()).toBe(`Saved More NLD places in Ashford (${ID}, version 1).`);
    expect(await row(page).locator('td').nth(3).textContent()).toBe('Saved, version 1');
    // The run form offers it too.
    expect(await page.locator(`#scenario-select option[value="${ID}"]`).count()).toBe(1);
    const saved = await api<{ scenario: { supply: object[]; designationSet: string } }>(`/scenarios/${ID}`);
    expect(saved.scenario.designationSet).toBe('proposed');
    expect(saved.scenario.supply).toEqual([
      { action: 'open', id: 'new-nld-ashford', name: 'New NLD school, Ashford', kind: 'special-school', designation: 'NLD', phases: ['primary', 'secondary'], places: 60, hostUrn: 118438 },
    ]);
  });

  it('when the scenario is run, edited, and run again, then the second run is shown compared with the first', { timeout: 240_000 }, async () => {
    const { page } = browser;
    await row(page).getByRole('button', { name: /^Run/ }).click();
    await status(page, /finished|did not run/);
    expect(await page.locator('#editor-status').textContent()).toMatch(/finished in [\d.]+ s.*Shown on the map\.$/);
    await page.locator('#map[data-state="run"]').waitFor();
    const firstRunId = await page.locator('#run-select').inputValue();

    await row(page).getByRole('button', { name: /^Edit/ }).click();
    await form(page).waitFor();
    expect(await page.locator('#scenario-form-heading').textContent()).toBe('Edit More NLD places in Ashford (version 1)');
    expect(await form(page).getByLabel('ID', { exact: true }).first().getAttribute('readonly')).toBe('');
    const places = page.locator('#scenario-form .form-list > li').first().getByLabel(/^Places/);
    expect(await places.inputValue()).toBe('60');
    await places.fill('240');
    await page.click('#save-scenario');
    await status(page, /Saved/);
    expect(await row(page).locator('td').nth(3).textContent()).toBe('Saved, version 2');

    await row(page).getByRole('button', { name: /^Run/ }).click();
    await status(page, /compared with its previous run/);
    await page.locator('#map[data-state="comparison"]').waitFor();
    expect(await page.locator('#compare-select').inputValue()).toBe(firstRunId);
    expect(await page.locator('#run-select').inputValue()).not.toBe(firstRunId);
    expect(await page.locator('#comparison-section').isVisible()).toBe(true);
    // 180 more places: the comparison's state places rise by 180.
    const placesRow = page.locator('#comparison-totals tbody tr').filter({ hasText: 'State places' });
    expect(await placesRow.locator('td').last().textContent()).toBe('+180');
    expect(await strayValues(page)).toEqual([]);
    await screenshot(page, 'scenario-editor-compared');
  });

  it('when the form is saved with mistakes, then each is shown at its field and in a summary, and nothing is saved', async () => {
    const { page } = browser;
    await page.click('#new-scenario');
    await form(page).getByLabel('ID', { exact: true }).fill('Not A Slug');
    await form(page).getByLabel(/^Year( \(optional\))?$/).fill('2031');
    await page.click('#save-scenario');
    const summary = page.locator('#scenario-form-errors');
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).toMatch(/id: lower-case letters/);
    expect(text).toMatch(/year: /);
    expect(text).toMatch(/name: required/);
    // Each entry of the summary links to its field.
    const links = summary.locator('a[href^="#"]');
    expect(await links.count()).toBeGreaterThanOrEqual(3);
    const target = (await links.first().getAttribute('href'))!.slice(1);
    expect(await page.locator(`[id="${target}"]`).getAttribute('aria-invalid')).toBe('true');
    expect(await form(page).getByLabel(/^Year( \(optional\))?$/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#scenario-form .field-error:not([hidden])').count()).toBeGreaterThanOrEqual(3);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    await screenshot(page, 'scenario-editor-errors');
    await page.click('#cancel-scenario');
    expect(await form(page).count()).toBe(0);
  });

  it('when someone else saved the scenario meanwhile, then saving is refused and the latest version can be loaded', async () => {
    const { page } = browser;
    await row(page).getByRole('button', { name: /^Edit/ }).click();
    await form(page).waitFor();
    const current = await api<{ scenario: object }>(`/scenarios/${ID}`);
    const changed = await fetch(`${server.url}/scenarios/${ID}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'if-match': '"2"' },
      body: JSON.stringify({ ...current.scenario, name: 'Changed by a colleague' }),
    });
    expect(changed.status).toBe(200);
    await form(page).getByLabel('Name', { exact: true }).first().fill('My late edit');
    await page.click('#save-scenario');
    await page.locator('#scenario-form-errors').filter({ hasText: /stale/ }).waitFor();
    await page.click('#reload-scenario');
    await page.locator('#scenario-form-heading').filter({ hasText: 'Edit Changed by a colleague (version 3)' }).waitFor();
    await page.click('#cancel-scenario');
  });

  it('when the scenario is deleted after a confirmation in its row, then it leaves the list and the run form; a shipped one can be duplicated', { timeout: 60_000 }, async () => {
    const { page } = browser;
    await row(page).getByRole('button', { name: /^Delete/ }).click();
    await page.locator('[data-action="keep"]').click();
    expect(await row(page).count()).toBe(1);
    await row(page).getByRole('button', { name: /^Delete/ }).click();
    expect(await row(page).textContent()).toContain('Its runs and its history stay.');
    await page.locator('[data-action="confirm-delete"]').click();
    await status(page, /Deleted/);
    expect(await row(page).count()).toBe(0);
    expect(await page.locator(`#scenario-select option[value="${ID}"]`).count()).toBe(0);
    const log = await api<{ items: { action: string; version: number; by: string }[] }>(`/audit/scenarios?scenarioId=${ID}`);
    expect(log.items.map((e) => [e.action, e.version, e.by])).toEqual([
      ['create', 1, 'C. Ommissioner'],
      ['update', 2, 'C. Ommissioner'],
      ['update', 3, 'C. Ommissioner'],
      ['delete', 4, 'C. Ommissioner'],
    ]);

    await row(page, 'sheppey-semh-free-school-2026').getByRole('button', { name: /^Duplicate/ }).click();
    await form(page).waitFor();
    expect(await form(page).getByLabel('ID', { exact: true }).first().inputValue()).toBe('sheppey-semh-free-school-2026-copy');
    expect(await form(page).getByLabel('Name', { exact: true }).first().inputValue()).toBe('Copy of Sheppey SEMH free school opens (Nore Academy, 120 places)');
    expect(await page.locator('#scenario-form .form-list > li').first().getByLabel(/^Places/).inputValue()).toBe('120');
    await page.click('#save-scenario');
    await status(page, /Saved/);
    expect(await row(page, 'sheppey-semh-free-school-2026-copy').count()).toBe(1);
    expect(seriousOrCritical(await axeViolations(page))).toEqual([]);
    expect(browser.problems.filter((p) => !/409|Conflict|400|Bad Request/.test(p))).toEqual([]);
    await screenshot(page, 'scenario-editor-list');
  });
});
