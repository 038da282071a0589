// @ts-check
/**
 * The capital plan page, for commissioners: start a plan for a scenario (years, capital budgets),
 * follow it while it is queued and solved, list the plans the service holds, and read one: its
 * status and proven gap, the builds by year with their places, pounds and reasons, the chosen sites
 * on a map of their own, where special-school places are still chosen and why, what one more pound
 * of capital is worth, and the resulting path beside the same path without the plan. Every figure is
 * the service's (GET /plans/{id}); this module only lays it out, in whole places and pounds.
 */
import { param, setParams } from './url-state.js';
import { api, explain } from './api.js';
import { count, h, money, percent, table } from './dom.js';
import { PlannerMap } from './map.js';
import { outlineScale } from './scales.js';

const KIND_NAMES = {
  'specialist-base': 'Specialist base',
  'special-school-expansion': 'Special-school expansion',
  satellite: 'Special-school satellite',
  redesignation: 'Redesignation',
  facility: 'New places',
};
const PHASE_NAMES = { primary: 'primary', secondary: 'secondary', post16: 'post-16' };
/** How each kind of reason is introduced in the page; the service writes the reason itself. */
const REASON_NAMES = {
  marginal: 'What it is worth',
  'no-base-can-meet': 'No base can meet this need',
  'bases-full': 'Bases are full',
  'shortfall-in-reach': 'Too few base places in reach',
  'shorter-journey': 'Shorter journey',
};
const STATUS_NAMES = { queued: 'Queued: waiting for a solver', running: 'Solving', done: 'Done', failed: 'Failed' };

/**
 * @typedef {{ id: string, status: 'queued' | 'running' | 'done' | 'failed', scenarioId: string, scenarioName: string,
 *   request: { horizon?: { from: number, to: number }, budgets: { total?: number, perYear?: Record<string, number> } },
 *   createdAt: string, error: string | null, result?: any }} Plan
 * @typedef {{ showError: (err: unknown) => void, localities: (level: string) => Promise<any>, categoryName: (code: string) => string }} Hooks
 */

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;
const plural = (/** @type {number} */ n, /** @type {string} */ one, /** @type {string} */ many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** @param {string} iso */
function when(iso) {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "£5,000,000 in total; 2027: £1,000,000" @param {Plan['request']['budgets']} b */
function budgetText(b) {
  const parts = [];
  if (b.total !== undefined) parts.push(`${money(b.total)} in total`);
  for (const [year, pounds] of Object.entries(b.perYear ?? {})) parts.push(`${year}: ${money(pounds)}`);
  return parts.join('; ');
}

/** What the solve proved, in words. @param {any} r a PlanResult */
export function solveText(r) {
  const proven = r.gap === null ? '' : `proven within ${percent(r.gap)} of the best possible plan${r.gapPupilYears !== null ? ` (no plan leaves more than ${count(Math.max(0, r.gapPupilYears))} fewer pupil-years without a state place)` : ''}`;
  const time = `solved in ${seconds(r.solveMs)}, ${seconds(r.totalMs)} with the paths and the reasons`;
  switch (r.status) {
    case 'optimal':
      return `Optimal: ${proven}; ${time}.`;
    case 'time-limit':
      return `Time limit of ${r.timeLimitSeconds} s reached: the best plan found, ${proven}; ${time}.`;
    case 'infeasible':
      return `No plan meets these budgets (${time}).`;
    case 'no-plan':
      return `No plan was found within the time limit of ${r.timeLimitSeconds} s.`;
    default:
      return `The solver failed (${time}).`;
  }
}

/**
 * @param {HTMLElement} container
 * @param {Hooks} hooks
 * @returns {{ loadScenarios: () => Promise<void> }} call loadScenarios when the scenarios change
 */
export function initPlans(container, hooks) {
  /** @type {Map<string, any>} */
  let scenarios = new Map();
  /** @type {Map<string, Plan>} plans with their results, fetched when first shown */
  const shown = new Map();
  /** @type {PlannerMap | null} made when the first plan is shown: Leaflet needs a visible element */
  let planMap = null;

  const scenarioSelect = /** @type {HTMLSelectElement} */ (h('select', { id: 'plan-scenario', name: 'scenarioId', 'aria-describedby': 'plan-scenario-hint' }, h('option', { value: '' }, 'Loading scenarios...')));
  const from = /** @type {HTMLInputElement} */ (h('input', { id: 'plan-from', name: 'from', type: 'number', inputmode: 'numeric', min: 2025, max: 2030, step: 1, required: true }));
  const to = /** @type {HTMLInputElement} */ (h('input', { id: 'plan-to', name: 'to', type: 'number', inputmode: 'numeric', min: 2025, max: 2030, step: 1, required: true }));
  const total = /** @type {HTMLInputElement} */ (h('input', { id: 'plan-budget', name: 'total', type: 'number', inputmode: 'numeric', min: 0, step: 1000, 'aria-describedby': 'plan-budget-hint' }));
  const perYear = h('div', { id: 'plan-budget-years', class: 'form-grid' });
  const timeLimit = /** @type {HTMLInputElement} */ (h('input', { id: 'plan-time-limit', name: 'timeLimitSeconds', type: 'number', inputmode: 'numeric', min: 1, max: 600, step: 1, value: 60, 'aria-describedby': 'plan-time-hint' }));
  const greedy = /** @type {HTMLInputElement} */ (h('input', { id: 'plan-greedy', name: 'greedy', type: 'checkbox' }));
  const submit = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', id: 'plan-submit' }, 'Make the plan'));
  const progress = h('div', { class: 'run-progress', hidden: true }, h('progress', { 'aria-labelledby': 'plan-status' }));
  const status = h('p', { id: 'plan-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const errors = h('div', { id: 'plan-form-errors', class: 'error-summary', tabindex: -1, hidden: true });
  const form = h(
    'form',
    { id: 'plan-form', class: 'plan-form', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Start a plan'),
      h(
        'div',
        { class: 'form-grid' },
        h('div', { class: 'form-field plan-scenario-field' }, h('label', { for: 'plan-scenario' }, 'Scenario'), scenarioSelect, h('p', { id: 'plan-scenario-hint', class: 'hint' }, 'The plan builds on this scenario\u2019s places and demand, run as a path over the plan\u2019s years.')),
        h('div', { class: 'form-field' }, h('label', { for: 'plan-from' }, 'First year (January)'), from),
        h('div', { class: 'form-field' }, h('label', { for: 'plan-to' }, 'Last year (January)'), to),
        h('div', { class: 'form-field' }, h('label', { for: 'plan-budget' }, 'Total capital budget (\u00a3)'), total, h('p', { id: 'plan-budget-hint', class: 'hint' }, 'Pounds over all the years, e.g. 5000000. Leave empty to give budgets by year only.')),
        h('div', { class: 'form-field' }, h('label', { for: 'plan-time-limit' }, 'Time limit (seconds)'), timeLimit, h('p', { id: 'plan-time-hint', class: 'hint' }, 'At the limit the best plan found is returned with its proven gap.')),
      ),
      h('fieldset', { class: 'checks plan-years' }, h('legend', {}, 'Capital budget by year (optional, \u00a3)'), h('p', { class: 'hint', id: 'plan-years-hint' }, 'Spent in the year a build opens; unspent capital does not carry over. With a total, a year left empty has no limit of its own; without one, a year left empty has no capital.'), perYear),
      h('div', { class: 'check' }, greedy, h('label', { for: 'plan-greedy' }, 'Also build the greedy plan (best shortfall reduction per pound, repeated) for comparison')),
      errors,
      submit,
      progress,
      status,
    ),
  );

  const listSlot = h('div', { id: 'plans-list' }, h('p', { class: 'muted' }, 'Loading plans...'));
  const refresh = h('button', { type: 'button', class: 'secondary', id: 'plans-refresh' }, 'Refresh the list');
  const head = h('div', { id: 'plan-head' }, h('p', { class: 'muted' }, 'No plan shown: make one, or show one from the list.'));
  const mapElement = h('div', { id: 'plan-map', role: 'region', 'aria-label': 'Map of the plan\u2019s chosen sites. Arrow keys pan, plus and minus zoom; Tab reaches each site\u2019s marker and Enter opens its details. The tables below list every build.' });
  const mapCaption = h('p', { id: 'plan-map-caption', class: 'hint' });
  const mapFigure = h(
    'div',
    { class: 'plan-map-wrap', hidden: true },
    h('h4', {}, 'Where the plan builds'),
    mapCaption,
    mapElement,
    h('ul', { class: 'marker-key' }, h('li', {}, h('span', { class: 'marker-swatch marker-build', 'aria-hidden': 'true' }), ' A site of a build (one marker for each school a build is placed at)')),
  );
  const body = h('div', { id: 'plan-body' });
  container.replaceChildren(
    h('p', { class: 'hint' }, 'Which places to build, where and when, within capital budgets: the exact plan that leaves fewest children without a suitable state place, then spends least on independent places and running costs, then keeps journeys short. Making a plan needs an API key of any role (enter it under \u201cYour API key\u201d); reading plans needs none.'),
    form,
    h('h3', { id: 'plans-list-heading' }, 'Plans made'),
    refresh,
    listSlot,
    h('div', { id: 'plan-view', class: 'plan-view', 'aria-labelledby': 'plan-view-heading' }, h('h3', { id: 'plan-view-heading', tabindex: -1 }, 'The plan'), head, mapFigure, body),
  );

  // ---- The form -------------------------------------------------------------------------------

  /** Years of the horizon as entered, or [] while it is not a range. */
  function years() {
    const a = Number(from.value);
    const b = Number(to.value);
    if (!Number.isInteger(a) || !Number.isInteger(b) || b < a || b - a > 10) return [];
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }

  /** One budget field per year of the horizon, keeping what was typed. */
  function yearFields() {
    /** @type {Record<string, string>} */
    const typed = {};
    for (const input of perYear.querySelectorAll('input')) typed[/** @type {HTMLInputElement} */ (input).dataset.year ?? ''] = /** @type {HTMLInputElement} */ (input).value;
    perYear.replaceChildren(
      ...years().map((y) =>
        h(
          'div',
          { class: 'form-field' },
          h('label', { for: `plan-budget-${y}` }, `Builds opening in ${y}`),
          h('input', { id: `plan-budget-${y}`, type: 'number', inputmode: 'numeric', min: 0, step: 1000, 'data-year': y, value: typed[String(y)] ?? '', 'aria-describedby': 'plan-years-hint' }),
        ),
      ),
    );
  }

  function scenarioYears() {
    const s = scenarios.get(scenarioSelect.value);
    if (!s) return;
    from.value = String(s.horizon?.from ?? s.year);
    to.value = String(s.horizon?.to ?? s.year);
    yearFields();
  }

  /** The request body from the form; a field left empty is left out. */
  function requestBody() {
    /** @type {Record<string, number>} */
    const byYear = {};
    for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (perYear.querySelectorAll('input'))) {
      if (input.value.trim() !== '') byYear[input.dataset.year ?? ''] = Number(input.value);
    }
    /** @type {Record<string, unknown>} */
    const budgets = {};
    if (total.value.trim() !== '') budgets.total = Number(total.value);
    if (Object.keys(byYear).length) budgets.perYear = byYear;
    return {
      scenarioId: scenarioSelect.value,
      horizon: { from: Number(from.value), to: Number(to.value) },
      budgets,
      timeLimitSeconds: Number(timeLimit.value),
      ...(greedy.checked ? { greedy: true } : {}),
    };
  }

  /** The fields the service refused, marked and listed with links to them. @param {{ path: string, message: string }[]} issues */
  function showIssues(issues) {
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    if (!issues.length) {
      errors.hidden = true;
      return;
    }
    /** @param {string} path body.budgets.perYear.2027 and the like */
    const field = (path) => {
      const p = path.replace(/^body\./, '');
      const year = /^budgets\.perYear\.(\d{4})/.exec(p)?.[1];
      if (year) return `plan-budget-${year}`;
      if (p.startsWith('budgets')) return 'plan-budget';
      if (p.startsWith('horizon.to')) return 'plan-to';
      if (p.startsWith('horizon')) return 'plan-from';
      if (p.startsWith('timeLimitSeconds')) return 'plan-time-limit';
      if (p.startsWith('scenario')) return 'plan-scenario';
      return null;
    };
    errors.replaceChildren(
      h('h4', {}, 'The plan was not started'),
      h(
        'ul',
        {},
        ...issues.map((issue) => {
          const id = field(issue.path);
          if (id) document.getElementById(id)?.setAttribute('aria-invalid', 'true');
          return h('li', {}, id ? h('a', { href: `#${id}` }, `${issue.path}: ${issue.message}`) : `${issue.path}: ${issue.message}`);
        }),
      ),
    );
    errors.hidden = false;
    errors.focus();
  }

  /** Starts a plan and follows it until it finishes; then lists and shows it. */
  async function start() {
    const bodyToSend = requestBody();
    const name = scenarios.get(bodyToSend.scenarioId)?.name ?? bodyToSend.scenarioId;
    submit.disabled = true;
    progress.hidden = false;
    showIssues([]);
    status.textContent = `Starting a plan for ${name}...`;
    const started = performance.now();
    try {
      /** @type {Plan} */
      let plan = await api('/plans', { method: 'POST', body: bodyToSend });
      await loadPlans();
      for (let wait = 500; plan.status === 'queued' || plan.status === 'running'; wait = Math.min(2000, wait * 1.5)) {
        status.textContent = `${name}: ${STATUS_NAMES[plan.status].toLowerCase()} (${seconds(performance.now() - started)})`;
        await sleep(wait);
        plan = await api(`/plans/${encodeURIComponent(plan.id)}`);
      }
      await loadPlans();
      if (plan.status === 'failed') {
        status.textContent = `The plan for ${name} failed: ${plan.error ?? 'no reason given'}`;
        return;
      }
      shown.set(plan.id, plan);
      status.textContent = `The plan for ${name} is done (${seconds(performance.now() - started)}): shown below.`;
      await showPlan(plan.id);
    } catch (err) {
      status.textContent = `The plan for ${name} was not made: ${explain(err)}`;
      if (err && typeof err === 'object' && 'issues' in err && Array.isArray(err.issues)) showIssues(err.issues);
    } finally {
      submit.disabled = false;
      progress.hidden = true;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!scenarioSelect.value) {
      status.textContent = 'Pick a scenario first.';
      return;
    }
    start().catch(hooks.showError);
  });
  scenarioSelect.addEventListener('change', scenarioYears);
  from.addEventListener('change', yearFields);
  to.addEventListener('change', yearFields);

  // ---- The list ---------------------------------------------------------------------------------

  async function loadPlans() {
    try {
      const { items } = /** @type {{ items: Plan[] }} */ (await api('/plans?limit=50'));
      listSlot.replaceChildren(items.length ? plansTable(items) : h('p', { class: 'muted' }, 'No plans yet.'));
    } catch (err) {
      listSlot.replaceChildren(h('p', { class: 'status' }, explain(err)));
    }
  }

  /** @param {Plan[]} items */
  function plansTable(items) {
    return table({
      caption: 'Plans the service holds, newest first',
      id: 'plans-table',
      rows: items,
      columns: [
        { label: 'Started', value: (p) => when(p.createdAt) },
        { label: 'Scenario', value: (p) => p.scenarioName },
        { label: 'Years', value: (p) => (p.request.horizon ? `${p.request.horizon.from}\u2013${p.request.horizon.to}` : 'the scenario\u2019s') },
        { label: 'Capital budget', value: (p) => budgetText(p.request.budgets) },
        { label: 'Status', value: (p) => (p.status === 'failed' ? `Failed: ${p.error ?? 'no reason given'}` : STATUS_NAMES[p.status]) },
        {
          label: 'Show',
          value: (p) => {
            if (p.status !== 'done') return '';
            const button = h('button', { type: 'button', class: 'secondary', 'data-plan': p.id, 'aria-label': `Show the plan for ${p.scenarioName} started ${when(p.createdAt)}` }, 'Show');
            button.addEventListener('click', () => showPlan(p.id).catch(hooks.showError));
            return button;
          },
        },
      ],
    });
  }
  refresh.addEventListener('click', () => loadPlans().catch(hooks.showError));

  // ---- One plan -----------------------------------------------------------------------------------

  /** @param {string} id */
  async function showPlan(id) {
    let plan = shown.get(id);
    if (!plan?.result) {
      plan = /** @type {Plan} */ (await api(`/plans/${encodeURIComponent(id)}`));
      shown.set(id, plan);
    }
    const r = plan.result;
    if (!r) {
      head.replaceChildren(h('p', { class: 'status' }, `This plan is ${plan.status}: nothing to show yet.`));
      return;
    }
    container.querySelector('#plan-view')?.setAttribute('data-plan', plan.id);
    setParams({ plan: plan.id });
    head.replaceChildren(...planHead(plan));
    body.replaceChildren(...planBody(r));
    await drawMap(r);
    container.querySelector('#plan-view')?.setAttribute('data-state', 'shown');
    /** @type {HTMLElement | null} */ (container.querySelector('#plan-view-heading'))?.focus();
  }

  /** @param {Plan} plan */
  function planHead(plan) {
    const r = plan.result;
    const spent = r.builds.reduce((/** @type {number} */ s, /** @type {any} */ b) => s + b.capital, 0);
    const places = r.builds.reduce((/** @type {number} */ s, /** @type {any} */ b) => s + b.places, 0);
    const withPath = r.byYear.every((/** @type {any} */ y) => y.path && y.withoutPlan);
    const sum = (/** @type {(y: any) => number} */ f) => r.byYear.reduce((/** @type {number} */ s, /** @type {any} */ y) => s + f(y), 0);
    /** @type {[string, Node | string][]} */
    const facts = [
      ['Scenario', `${r.scenarioName} (${r.level === 'msoa' ? 'MSOAs' : r.level === 'lsoa' ? 'LSOAs' : 'districts'}, ${r.designationSet} designations)`],
      ['Years', `January ${r.horizon.from} to January ${r.horizon.to}`],
      ['Capital budget', budgetText(plan.request.budgets)],
      ['Capital spent', `${money(spent)} on ${plural(r.builds.length, 'build')}, ${plural(places, 'place')}`],
      ['Running cost of the new places', `${money(r.totals.newPlacesRunningCost)} over the years`],
    ];
    if (withPath) {
      const short = sum((y) => y.path.shortfall);
      const shortWithout = sum((y) => y.withoutPlan.shortfall);
      const cost = sum((y) => y.path.independentCost);
      const costWithout = sum((y) => y.withoutPlan.independentCost);
      facts.push(
        ['Without a state place (resulting path)', `${plural(short, 'pupil-year')} against ${count(shortWithout)} without the plan: ${count(shortWithout - short)} fewer`],
        ['Independent places (resulting path)', `${money(cost)} against ${money(costWithout)} without the plan: ${money(costWithout - cost)} less`],
      );
    }
    return [
      h('p', { id: 'plan-solve', class: `status plan-status-${r.status}`, 'data-status': r.status }, solveText(r)),
      h('dl', { class: 'plan-facts' }, ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
      h(
        'p',
        {},
        h('a', { id: 'plan-csv', href: `/plans/${encodeURIComponent(plan.id)}?format=csv`, download: `plan-${plan.id}-builds.csv` }, 'Download the builds with their reasons (CSV)'),
        ' \u00b7 ',
        h('a', { href: `/plans/${encodeURIComponent(plan.id)}` }, 'the whole plan (JSON, for the API)'),
      ),
    ];
  }

  /** @param {any} r a PlanResult */
  function planBody(r) {
    return [
      h('h4', {}, 'Year by year'),
      yearsTable(r),
      h('h4', { id: 'plan-builds-heading' }, 'Builds by year'),
      ...buildsByYear(r),
      h('h4', {}, 'What one more pound of capital is worth'),
      capitalValue(r.capitalValue, r.horizon),
      h('h4', {}, 'Where special-school places are still chosen, and why'),
      ...specialPlaces(r.specialPlaces),
      ...(r.greedy ? [h('h4', {}, 'Against the greedy plan'), greedyTable(r)] : []),
      ...(r.warnings.length ? [h('h4', {}, 'Warnings'), h('ul', { class: 'limits' }, ...r.warnings.map((/** @type {string} */ w) => h('li', {}, w)))] : []),
      h(
        'details',
        { class: 'plan-assumptions' },
        h('summary', {}, `Assumptions and notes (${r.assumptions.length + r.notes.length})`),
        h('ul', { class: 'limits' }, ...r.notes.map((/** @type {string} */ n) => h('li', {}, n))),
        table({
          caption: 'The plan\u2019s assumptions, each with its basis',
          id: 'plan-assumptions',
          rows: r.assumptions,
          columns: [
            { label: 'Assumption', value: (a) => a.name },
            { label: 'Value', value: (a) => (a.value === null ? 'none' : String(a.value)) },
            { label: 'Basis', value: (a) => a.basis },
          ],
        }),
      ),
    ];
  }

  /** The resulting path against the same path without the plan, and the plan's spending, by year. @param {any} r */
  function yearsTable(r) {
    const withPath = r.byYear.some((/** @type {any} */ y) => y.path && y.withoutPlan);
    const columns = [
      { label: 'Year (January)', value: (/** @type {any} */ y) => String(y.year) },
      { label: 'Capital budget', value: (/** @type {any} */ y) => (y.budget === null ? 'no limit of its own' : money(y.budget)), numeric: true },
      { label: 'Builds opening', value: (/** @type {any} */ y) => count(y.builds), numeric: true },
      { label: 'Places opening', value: (/** @type {any} */ y) => count(y.places), numeric: true },
      { label: 'Capital spent', value: (/** @type {any} */ y) => money(y.plan.capital), numeric: true },
      { label: 'Running cost of new places', value: (/** @type {any} */ y) => money(y.plan.newPlacesRunningCost), numeric: true },
    ];
    if (withPath) {
      columns.push(
        { label: 'Demand', value: (y) => (y.path ? count(y.path.demand) : 'n/a'), numeric: true },
        { label: 'Without a state place, with the plan', value: (y) => (y.path ? count(y.path.shortfall) : 'n/a'), numeric: true },
        { label: 'Without a state place, without the plan', value: (y) => (y.withoutPlan ? count(y.withoutPlan.shortfall) : 'n/a'), numeric: true },
        { label: 'Of whom no place at all, with the plan', value: (y) => (y.path ? count(y.path.unmet) : 'n/a'), numeric: true },
        { label: 'Of whom no place at all, without', value: (y) => (y.withoutPlan ? count(y.withoutPlan.unmet) : 'n/a'), numeric: true },
        { label: 'Independent places cost, with the plan', value: (y) => (y.path ? money(y.path.independentCost) : 'n/a'), numeric: true },
        { label: 'Independent places cost, without', value: (y) => (y.withoutPlan ? money(y.withoutPlan.independentCost) : 'n/a'), numeric: true },
      );
    }
    return h(
      'div',
      {},
      table({
        caption: withPath
          ? 'The resulting path (the path model run with the plan\u2019s builds) beside the same path without them: whole pupils, pounds a year'
          : 'The plan\u2019s spending by year (the answer carries no resulting path)',
        id: 'plan-years',
        rows: r.byYear,
        columns,
      }),
      h('p', { class: 'hint' }, 'Without a state place: placed in an independent school or with no place at all. The plan\u2019s own model chooses builds with foresight over all the years; the figures here are the path model\u2019s, the same model as every other run.'),
    );
  }

  /** @param {any} r */
  function buildsByYear(r) {
    if (!r.builds.length) return [h('p', { id: 'plan-no-builds' }, 'The plan builds nothing: no candidate within the budgets leaves fewer children without a state place or costs less than the places it saves.')];
    const years = [...new Set(r.builds.map((/** @type {any} */ b) => b.year))].sort();
    return years.map((year) => {
      const builds = r.builds.filter((/** @type {any} */ b) => b.year === year);
      const capital = builds.reduce((/** @type {number} */ s, /** @type {any} */ b) => s + b.capital, 0);
      const places = builds.reduce((/** @type {number} */ s, /** @type {any} */ b) => s + b.places, 0);
      return table({
        caption: `Opening for January ${year}: ${plural(builds.length, 'build')}, ${plural(places, 'place')}, ${money(capital)} capital`,
        id: `plan-builds-${year}`,
        rows: builds,
        columns: [
          { label: 'Build', value: (b) => b.name },
          { label: 'Locality', value: (b) => b.localityName },
          { label: 'Kind', value: (b) => KIND_NAMES[/** @type {keyof typeof KIND_NAMES} */ (b.kind)] ?? b.kind },
          { label: 'For', value: (b) => `${b.categories.map(hooks.categoryName).join('; ')} (${b.phases.map((/** @type {string} */ p) => PHASE_NAMES[/** @type {keyof typeof PHASE_NAMES} */ (p)] ?? p).join(', ')})` },
          { label: 'Places', value: (b) => count(b.places), numeric: true },
          { label: 'Capital', value: (b) => money(b.capital), numeric: true },
          { label: 'Running cost a year', value: (b) => money(b.runningPerYear), numeric: true },
          { label: 'Site', value: (b) => siteText(b) },
          { label: 'Why', value: (b) => reasonsList(b.reasons) },
        ],
      });
    });
  }

  /** @param {any} b a build */
  function siteText(b) {
    if (!b.sites.length) return 'no site named';
    const names = b.sites.map((/** @type {any} */ s) => s.name).join('; ');
    return b.siteChoices > b.sites.length ? `${names} (one of ${count(b.siteChoices)} schools it could go to)` : names;
  }

  /** @param {{ kind: string, text: string }[]} reasons */
  function reasonsList(reasons) {
    return h(
      'ul',
      { class: 'build-reasons' },
      ...reasons.map((x) => h('li', { 'data-reason': x.kind }, h('strong', {}, `${REASON_NAMES[/** @type {keyof typeof REASON_NAMES} */ (x.kind)] ?? x.kind}: `), x.text)),
    );
  }

  /** @param {any} v the plan's capitalValue @param {{ from: number, to: number }} horizon */
  function capitalValue(v, horizon) {
    if (!v) return h('p', { id: 'plan-capital-value' }, 'Not worked out for this plan: no further build is possible or worth anything.');
    const fewer = Math.abs(v.fewerWithoutStatePlace) < 0.05 ? 0 : v.fewerWithoutStatePlace;
    return h(
      'div',
      { id: 'plan-capital-value' },
      h(
        'p',
        {},
        h('strong', {}, `Each further pound of capital avoids ${money2(v.independentSpendingAvoidedPerPound)} of independent spending over ${horizon.from}\u2013${horizon.to}`),
        ` (${money2(v.independentSpendingAvoidedPerPoundPerYear)} a year): the best next build, ${money(v.step)} for ${plural(v.extraPlaces, 'place')} opening in ${v.year}, leaves ${fewer > 0 ? `${count(fewer)} fewer pupil-years` : 'no fewer pupil-years'} without a state place.`,
      ),
      h('p', { class: 'hint' }, `How: ${v.method}.`),
    );
  }

  /** @param {any[]} rows the plan's specialPlaces */
  function specialPlaces(rows) {
    if (!rows.length) return [h('p', {}, 'The plan places no pupils in special-school places.')];
    /** @type {Map<string, { rows: number, pupils: number }>} */
    const byKind = new Map();
    for (const r of rows) {
      const k = byKind.get(r.kind) ?? { rows: 0, pupils: 0 };
      k.rows += 1;
      k.pupils += r.years.at(-1)?.pupils ?? 0;
      byKind.set(r.kind, k);
    }
    const last = rows[0].years.at(-1)?.year;
    return [
      h(
        'ul',
        { id: 'plan-special-summary' },
        ...[...byKind].map(([kind, k]) => h('li', {}, h('strong', {}, `${REASON_NAMES[/** @type {keyof typeof REASON_NAMES} */ (kind)] ?? kind}: `), `${plural(k.rows, 'locality, designation and phase', 'localities, designations and phases')}, ${plural(k.pupils, 'pupil')} in special-school places in ${last}`)),
      ),
      h(
        'details',
        { class: 'plan-special' },
        h('summary', {}, `Every locality, designation and phase, with its reason (${count(rows.length)})`),
        table({
          caption: 'Pupils the plan places in special-school places (existing or new), by locality, designation and phase',
          id: 'plan-special-places',
          rows,
          columns: [
            { label: 'Locality', value: (s) => s.localityName },
            { label: 'Designation or need', value: (s) => hooks.categoryName(s.category) },
            { label: 'Phase', value: (s) => PHASE_NAMES[/** @type {keyof typeof PHASE_NAMES} */ (s.phase)] ?? s.phase },
            { label: 'Pupils by year', value: (s) => s.years.map((/** @type {any} */ y) => `${y.year}: ${count(y.pupils)}`).join('; '), numeric: true },
            { label: 'In new places', value: (s) => s.years.map((/** @type {any} */ y) => `${y.year}: ${count(y.inNewPlaces)}`).join('; '), numeric: true },
            { label: 'Why a special place', value: (s) => h('span', {}, h('strong', {}, `${REASON_NAMES[/** @type {keyof typeof REASON_NAMES} */ (s.kind)] ?? s.kind}: `), s.text) },
          ],
        }),
      ),
    ];
  }

  /** @param {any} r */
  function greedyTable(r) {
    const g = r.greedy;
    const rows = [
      { measure: 'Pupil-years without a state place', exact: count(r.totals.withoutStatePlace), greedy: count(g.totals.withoutStatePlace), diff: count(g.difference.withoutStatePlace) },
      { measure: 'Independent places cost', exact: money(r.totals.independentCost), greedy: money(g.totals.independentCost), diff: money(g.difference.independentCost) },
      { measure: 'Running cost of new places', exact: money(r.totals.newPlacesRunningCost), greedy: money(g.totals.newPlacesRunningCost), diff: money(g.difference.newPlacesRunningCost) },
      { measure: 'Capital', exact: money(r.totals.capital), greedy: money(g.totals.capital), diff: money(g.difference.capital) },
    ];
    return h(
      'div',
      {},
      table({
        caption: `The exact plan against the greedy one on the same instance (the plan\u2019s own figures over ${r.horizon.from}\u2013${r.horizon.to})`,
        id: 'plan-greedy',
        rows,
        columns: [
          { label: 'Measure', value: (x) => x.measure },
          { label: 'Exact plan', value: (x) => x.exact, numeric: true },
          { label: 'Greedy plan', value: (x) => x.greedy, numeric: true },
          { label: 'Greedy minus exact', value: (x) => x.diff, numeric: true },
        ],
      }),
      h('p', { class: 'hint' }, `The greedy plan scores ${percent(g.difference.objectivePercent / 100)} worse on the plan\u2019s objective, with ${plural(g.builds.length, 'build')}.`),
    );
  }

  /** The chosen sites on the plan's own map: one marker per school a build is placed at. @param {any} r */
  async function drawMap(r) {
    const markers = r.builds.flatMap((/** @type {any} */ b) =>
      b.sites.map((/** @type {any} */ s, /** @type {number} */ i) => ({
        id: `${b.candidate}@${b.year}#${i}`,
        kind: 'plan-build',
        name: s.name,
        title: `Build opening ${b.year}: ${count(b.places)} places, ${s.name}`,
        location: { lat: s.lat, lon: s.lon },
        build: b,
        site: s,
      })),
    );
    mapFigure.hidden = false;
    const level = r.level === 'msoa' ? 'msoa' : 'district';
    if (!planMap) planMap = new PlannerMap(mapElement);
    else planMap.map.invalidateSize();
    const scale = outlineScale();
    const builds = new Map();
    for (const b of r.builds) builds.set(b.locality, (builds.get(b.locality) ?? 0) + 1);
    const collection = await hooks.localities(level);
    planMap.setLocalities(collection, scale.colour, (p) => `${p.name}: ${plural(builds.get(p.code) ?? 0, 'build')} in this plan`);
    planMap.setLabels(level === 'msoa' ? [{ level: 'district', collection: await hooks.localities('district') }, { level, collection }] : [{ level, collection }]);
    planMap.setProvisions(markers, (m) => buildPopup(m.build, m.site));
    const unmapped = r.builds.filter((/** @type {any} */ b) => !b.sites.length).length;
    mapCaption.textContent = `${plural(markers.length, 'site')} of ${plural(r.builds.length, 'build')}${unmapped ? ` (${count(unmapped)} with no site named, listed in the tables only)` : ''}. A base at \u201ca school in\u201d a locality is drawn where the resulting path puts it: the schools nearest the locality\u2019s centre.`;
    mapElement.dataset.state = 'plan';
  }

  /** @param {any} b @param {any} site */
  function buildPopup(b, site) {
    /** @type {[string, Node | string][]} */
    const rows = [
      ['Opens', `January ${b.year} (places from the September before)`],
      ['Kind', KIND_NAMES[/** @type {keyof typeof KIND_NAMES} */ (b.kind)] ?? b.kind],
      ['Places', b.sites.length > 1 ? `${count(b.places)} over ${count(b.sites.length)} sites` : count(b.places)],
      ['Capital', money(b.capital)],
      ['Running cost', `${money(b.runningPerYear)} a year`],
      ['Locality', b.localityName],
    ];
    return h(
      'div',
      { class: 'popup' },
      h('h3', { tabindex: -1 }, site.name),
      h('p', {}, b.name),
      h('dl', {}, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
      reasonsList(b.reasons),
    );
  }

  async function loadScenarios() {
    try {
      const { items } = await api('/scenarios');
      const keep = scenarioSelect.value;
      scenarios = new Map(items.map((/** @type {any} */ s) => [s.id, s]));
      scenarioSelect.replaceChildren(...items.map((/** @type {any} */ s) => h('option', { value: s.id }, `${s.name} (${s.horizon ? `${s.horizon.from}-${s.horizon.to}` : s.year})`)));
      const path = items.find((/** @type {any} */ s) => s.horizon);
      scenarioSelect.value = scenarios.has(keep) ? keep : path?.id ?? items[0]?.id ?? '';
      if (scenarioSelect.value !== keep) scenarioYears();
    } catch (err) {
      scenarioSelect.replaceChildren(h('option', { value: '' }, 'No scenarios available'));
      status.textContent = explain(err);
    }
  }

  loadScenarios().catch(hooks.showError);
  loadPlans().catch(hooks.showError);
  // A bookmarked plan (?plan=<id>) is shown at once.
  const bookmarked = param('plan');
  if (bookmarked) showPlan(bookmarked).catch(hooks.showError);
  return { loadScenarios };
}

/** Pounds and pence for small sums such as the worth of one pound: "£0.58". @param {number} n */
function money2(n) {
  return Number.isFinite(n) ? `\u00a3${n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : 'n/a';
}
