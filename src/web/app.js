// @ts-check
/**
 * The dashboard's shell: one document (index.html) serves every page (pages.js); this module shows
 * the page the address names, writes the navigation, wires "Your API key" (key-form.js), says what
 * dataset the service runs on, and starts only the current page's modules. Each page keeps its
 * reader's choices in its address (url-state.js), so a view can be bookmarked and shared.
 */
import { api, explain } from './api.js';
import { h } from './dom.js';
import { wireKeyForm } from './key-form.js';
import { PAGES, pageOf, pagePath } from './pages.js';
import { param, setParams } from './url-state.js';
import { categoryName, loadNames, localities } from './catalogue.js';

/** @param {string} id */
const $ = (id) => /** @type {any} */ (document.getElementById(id));

function showError(/** @type {unknown} */ err) {
  const box = $('page-error');
  box.textContent = explain(err);
  box.hidden = false;
}

/** The navigation: each page under the role it serves, the current one marked. @param {import('./pages.js').Page | null} current */
function renderNav(current) {
  /** @type {Map<string, import('./pages.js').Page[]>} */
  const byRole = new Map();
  for (const page of PAGES) byRole.set(page.role, [...(byRole.get(page.role) ?? []), page]);
  $('page-nav').replaceChildren(
    h(
      'ul',
      { class: 'nav-roles' },
      ...[...byRole].map(([role, pages]) =>
        h(
          'li',
          { class: 'nav-role' },
          h('span', { class: 'nav-role-name' }, role),
          h('ul', {}, ...pages.map((p) => h('li', {}, h('a', { href: pagePath(p), 'data-page-link': p.id, 'aria-current': p === current ? 'page' : null }, p.title)))),
        ),
      ),
    ),
  );
}

async function loadSummary() {
  const health = await api('/health');
  const d = health.dataset;
  $('dataset-summary').textContent =
    `${d.localAuthority}: ${d.specialSchools} state-funded special schools and ${d.srps} known SRPs and satellites ` +
    `(a partial public list) among ${d.schools} open state-funded schools, register of ${d.registerDate}.`;
}

/** The sections other modules add to a page (pages.js): each its own panel, started in order. @param {import('./pages.js').Page} page */
async function startSections(page) {
  const slot = document.querySelector(`[data-sections="${page.id}"]`);
  if (!slot || !page.sections) return;
  const context = { showError, param, setParams };
  for (const section of page.sections) {
    const container = h('div', { id: section.containerId }, h('p', { class: 'muted' }, 'Loading...'));
    slot.append(h('section', { id: section.id, class: 'panel', 'aria-labelledby': `${section.id}-heading` }, h('h2', { id: `${section.id}-heading` }, section.heading), container));
  }
  await Promise.all(
    page.sections.map(async (section) => {
      try {
        await section.init(/** @type {HTMLElement} */ (document.getElementById(section.containerId)), context);
      } catch (err) {
        /** @type {HTMLElement} */ (document.getElementById(section.containerId)).replaceChildren(h('p', { class: 'status' }, explain(err)));
      }
    }),
  );
}

/** Starts the page's own modules (imported when needed: a page loads only what it shows). @param {import('./pages.js').Page} page */
async function startPage(page) {
  switch (page.id) {
    case 'sufficiency':
      return (await import('./sufficiency.js')).initSufficiency();
    case 'demand':
      return (await import('./demand-page.js')).initDemandPage($('demand-page'));
    case 'plans': {
      await loadNames();
      const { initPlans } = await import('./plan.js');
      initPlans($('plans'), { showError, localities, categoryName });
      return startSections(page);
    }
    case 'placements': {
      const [{ initPlacementSearch }, { initBatchSearch }] = await Promise.all([import('./placement-search.js'), import('./batch-search.js')]);
      initPlacementSearch($('placement-search'));
      initBatchSearch($('batch-search'));
      return;
    }
    case 'keys':
      return (await import('./keys-page.js')).initKeysPage($('keys'));
    default:
      return startSections(page);
  }
}

async function main() {
  const page = pageOf(window.location.pathname);
  renderNav(page);
  wireKeyForm($('key-form'));
  const summary = loadSummary().catch(showError);
  if (!page) {
    $('page-heading').textContent = 'No such page';
    $('page-description').textContent = 'Pick a page from the navigation above.';
    document.body.dataset.ready = 'true';
    return;
  }
  document.title = `${page.title} - SEND place planner - Kent`;
  document.body.dataset.page = page.id;
  $('page-heading').textContent = page.title;
  $('page-description').textContent = `${page.role}: ${page.description}`;
  /** @type {HTMLElement} */ (document.querySelector(`.page[data-page="${page.id}"]`)).hidden = false;
  await Promise.all([startPage(page), summary]);
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  showError(err);
  document.body.dataset.ready = 'true';
});
