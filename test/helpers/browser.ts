import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium, missingChromiumMessage } from '../../src/tools/ensure-browser.js';
import { PROJECT_ROOT, tempDir } from './app.js';

/**
 * Debian's chromium (CHROMIUM_PATH, else on PATH), as `npm test` ensured before running the tests;
 * the npm browser download does not work on these machines.
 */
export const CHROMIUM = findChromium();
export const ARTIFACTS_DIR = join(PROJECT_ROOT, 'test-artifacts');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and failed requests seen so far (CSP violations show here). */
  problems: string[];
  close: () => Promise<void>;
}

/** Headless chromium with a fresh profile, one page, and a record of everything that went wrong in it. */
export async function openBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  if (!CHROMIUM) throw new Error(missingChromiumMessage());
  const context = await chromium.launchPersistentContext(tempDir('planner-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return { context, page, problems, close: () => context.close() };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page against WCAG 2.0-2.2 A and AA. The source goes in through the DevTools
 * protocol (page.evaluate), which the page's content security policy does not govern, so the policy
 * under test stays exactly as served.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } };
  // A string, not a function: the test tree compiles without the DOM library.
  const result = (await page.evaluate(`axe.run(document, ${JSON.stringify(options)})`)) as { violations: AxeViolation[] };
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
}

/** Violations axe rates serious or critical, in a form that reads well in a failed assertion. */
export function seriousOrCritical(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
}

/**
 * Text nodes in the page's main content that are a JavaScript value leaking into the page
 * ("null", "undefined", "NaN", "[object Object]") rather than words.
 */
export async function strayValues(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (/^(null|undefined|NaN|\\[object Object\\])$|\\bNaN\\b/.test(node.nodeValue.trim())) found.push(node.parentElement.tagName + ': ' + node.nodeValue);
    }
    return found;
  })()`)) as string[];
}

/** Saves a full-page screenshot under test-artifacts/ (git-ignored; CI keeps it) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Page elements a reader works with: controls, their labels and hints, headings, the objectives. */
const LAID_OUT = 'fieldset, legend, label, select, input:not([type="hidden"]), button, textarea, summary, .hint, .status, h1, h2, h3, caption, .objective';

/**
 * What is wrong with the page's layout at the current viewport, in words: the page scrolling
 * sideways, visible controls (and labels, hints, headings) overlapping one another, reaching past
 * the viewport, or spilling out of their fieldset, with the page scrolled to the top. Elements
 * inside a scrolling region (a wide table)
 * are compared only with each other; the map's markers are left to the map, which fans them out.
 * Empty when the layout is sound.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  // At rest: scrolled, the sticky objectives strip covers what passes under it, by design.
  await page.evaluate('window.scrollTo(0, 0)');
  return (await page.evaluate(`(() => {
    const viewport = document.documentElement.clientWidth;
    const problems = [];
    const width = document.documentElement.scrollWidth;
    if (width > viewport) problems.push('the page is ' + width + ' px wide in a ' + viewport + ' px viewport');
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
    const scroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return p;
      }
      return null;
    };
    const items = [...document.querySelectorAll(${JSON.stringify(LAID_OUT)})]
      .filter((el) => !el.closest('#map') && el.checkVisibility({ opacityProperty: true, visibilityProperty: true }))
      .map((el) => ({ el, r: el.getBoundingClientRect(), scroller: scroller(el) }))
      .filter(({ r }) => r.width >= 2 && r.height >= 2);
    for (const { el, r, scroller: s } of items) {
      if (!s && (r.left < -0.5 || r.right > viewport + 0.5)) problems.push(describe(el) + ' reaches past the viewport (' + Math.round(r.left) + ' to ' + Math.round(r.right) + ' px of ' + viewport + ')');
      const fieldset = el.parentElement && el.parentElement.closest('fieldset');
      if (fieldset && el.tagName !== 'LEGEND') {
        const f = fieldset.getBoundingClientRect();
        if (r.left < f.left - 1 || r.right > f.right + 1) problems.push(describe(el) + ' spills out of its fieldset ' + describe(fieldset));
      }
    }
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i], b = items[j];
        if (a.scroller !== b.scroller || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (x > 1 && y > 1) problems.push(describe(a.el) + ' overlaps ' + describe(b.el) + ' (' + Math.round(x) + ' x ' + Math.round(y) + ' px)');
      }
    }
    return problems;
  })()`)) as string[];
}

/** Pages in a PDF that Chromium printed (each page object says /Type /Page). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/**
 * Opens a page of the dashboard (`/` is Sufficiency; `/app/plans`, `/app/placements?set=current`...)
 * and waits until it has loaded its data.
 */
export async function gotoDashboard(page: Page, serverUrl: string, path = '/'): Promise<void> {
  await page.goto(`${serverUrl}${path}`);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
}

/** Enters an API key in the page's key form (at the top of every page, opened first), as a user would. */
export async function enterKey(page: Page, key: string): Promise<void> {
  await page.locator('#key-panel').evaluate((d) => ((d as unknown as { open: boolean }).open = true));
  await page.fill('#api-key', key);
  await page.click('#key-form button[type="submit"]');
}

/** Runs a scenario through the API (not the page) and returns the finished run's id. */
export async function runThroughApi(serverUrl: string, key: string, body: { scenarioId: string } | { scenario: object }): Promise<string> {
  const res = await fetch(`${serverUrl}/runs?wait=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  let run = (await res.json()) as { id: string; status: string; error?: string };
  // A path on a busy machine can take longer than the wait: follow it until it is done.
  for (let i = 0; res.status === 202 && (run.status === 'queued' || run.status === 'running') && i < 600; i++) {
    await new Promise((r) => setTimeout(r, 250));
    run = (await (await fetch(`${serverUrl}/runs/${run.id}`, { headers: { authorization: `Bearer ${key}` } })).json()) as typeof run;
  }
  if (run.status !== 'done') throw new Error(`run did not finish: ${res.status} ${JSON.stringify(run).slice(0, 300)}`);
  return run.id;
}
