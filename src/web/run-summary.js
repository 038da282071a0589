// @ts-check
/**
 * A one-page summary of the selected run for a committee paper: what was run, its objectives, where
 * children are short of a state place by designation, what the model is not, and the run's
 * assumptions. Hidden on screen; print.css prints it alone on one A4 page ("Print a one-page summary",
 * or the browser's own Print, which can save a PDF).
 */
import { h } from './dom.js';
import { runLocalityTable } from './locality-table.js';
import { objectives } from './objectives.js';

/** Localities listed on the page: 12 districts fit; for MSOA and LSOA runs, the most short. */
const MAX_LOCALITIES = 14;

/**
 * @param {HTMLElement} container the #run-summary section
 * @param {{ id: string, result: any, label: string } | null} run
 * @param {{ base?: { result: any, label: string }, limits: HTMLElement | null }} context
 */
export function renderRunSummary(container, run, context) {
  const heading = h('h2', { id: 'run-summary-heading' }, 'Run summary');
  if (!run) {
    container.replaceChildren(heading, h('p', {}, 'No run selected.'));
    return;
  }
  const r = run.result;
  const base = context.base;
  const before = base ? new Map(objectives(base.result).map((o) => [o.key, o.value])) : null;
  const printed = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  const level = { district: 'district', msoa: 'MSOA', lsoa: 'LSOA' }[/** @type {'district'} */ (r.level)] ?? r.level;
  container.replaceChildren(
    h('h2', { id: 'run-summary-heading' }, `SEND place sufficiency: ${r.scenarioName}`),
    h(
      'p',
      { class: 'summary-meta' },
      `${run.label}. Kent, ${r.year}, by ${level}, designation set \u2018${r.designationSet}\u2019; solved by ${r.solver.name}; inputs sha256 ${String(r.inputsHash).slice(0, 12)}; printed ${printed}.`,
      base ? ` Changes are from ${base.label}.` : '',
    ),
    h(
      'dl',
      { class: 'summary-objectives' },
      ...objectives(r).map((o) => {
        const was = before?.get(o.key);
        const change = was === undefined || was === null || o.value === null ? '' : ` (${o.change(o.value - was)})`;
        return h('div', {}, h('dt', {}, o.label), h('dd', {}, h('strong', {}, o.text), change, h('br'), o.detail));
      }),
    ),
    h('h3', {}, 'Where children are without a state place'),
    runLocalityTable(r, { category: 'all', phase: 'all', measure: 'shortfall' }, {
      runLabel: run.label,
      scope: 'all phases; shortfall = independent placements + no suitable place in reach',
      base,
      top: MAX_LOCALITIES,
      id: 'summary-localities',
    }),
    h('h3', {}, 'What this model is not'),
    context.limits ? /** @type {HTMLElement} */ (context.limits.cloneNode(true)) : h('p', {}, 'See the dashboard.'),
    h('h3', {}, 'Assumptions of this run'),
    h(
      'ul',
      { class: 'summary-assumptions' },
      ...r.assumptions.map((/** @type {any} */ a) => h('li', {}, `${a.name} = ${a.value === null ? 'none' : a.value}`)),
    ),
    h(
      'p',
      { class: 'summary-sources' },
      'Sources: DfE Get Information about Schools (2025-05-24), DfE SEN2 EHCP statistics (January 2025), ONS Census 2021 and 2022-based projections; ' +
        'boundaries contain OS and ONS data \u00a9 Crown copyright 2016 (OGL v3). Each assumption\u2019s basis, and every figure, is in the run: ',
      h('code', {}, `/runs/${run.id}`),
      '.',
    ),
  );
  // The clone keeps the list's id; the summary's copy must not repeat it.
  container.querySelector('#model-limits')?.removeAttribute('id');
}
