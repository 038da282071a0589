// @ts-check
/**
 * The dashboard page: wires the controls, the map, the chart and the tables to the service's API.
 * State lives here; the other modules render.
 */
import { api, apiKey, ApiError, explain } from './api.js';
import { barChart } from './chart.js';
import { count, h, money, signed, table } from './dom.js';
import { catalogueLocalityTable, runLocalityTable } from './locality-table.js';
import { PlannerMap } from './map.js';
import { renderObjectives, watchStuck } from './objectives.js';
import { provisionPopup, provisionsTable, runProvisionsTable } from './provisions.js';
import { comparisonTable, MEASURES, resultsTable, sumByLocality } from './results.js';
import { initDesignationDemand } from './designation-demand.js';
import { initReview } from './review.js';
import { isPath, pathYear, renderPath, solvedText } from './path.js';
import { initPlans } from './plan.js';
import { initScenarioEditor } from './scenario-editor.js';
import { initBatchSearch } from './batch-search.js';
import { progressText } from './job-progress.js';
import { renderRunSummary } from './run-summary.js';
import { divergingScale, outlineScale, renderLegend, sequentialScale } from './scales.js';

/** @param {string} id */
const $ = (id) => /** @type {any} */ (document.getElementById(id));

const PHASE_NAMES = { primary: 'Primary (4-10)', secondary: 'Secondary (11-15)', post16: 'Post-16 (16-19)' };
const PHASE_AGES = { primary: [4, 10], secondary: [11, 15], post16: [16, 19] };
/**
 * @typedef {{ id: string, status: string, scenarioId: string, scenarioName: string, createdAt: string,
 *   error: string | null, progress?: import('./job-progress.js').JobProgress | null, result?: any }} Run
 */
const state = {
  /** @type {Record<string, string>} current designations of special schools */
  designationNames: {},
  /** @type {Record<string, string>} categories of a run: proposed designations and SRP need types */
  categoryNames: {},
  /** @type {import('./provisions.js').Provision[]} */
  provisions: [],
  /** @type {Record<string, Promise<any>>} localities by level (GeoJSON feature collections) */
  localities: {},
  /** @type {Map<string, any>} scenarios by id, as GET /scenarios lists them */
  scenarios: new Map(),
  /** @type {Map<string, Promise<any>>} full scenarios by id */
  scenarioDetails: new Map(),
  /** @type {Map<string, Run>} finished runs by id, newest first; results fetched when first shown */
  runs: new Map(),
  level: 'district',
};

const plannerMap = new PlannerMap($('map'));

function showError(/** @type {unknown} */ err) {
  const box = $('page-error');
  box.textContent = explain(err);
  box.hidden = false;
}

/** @param {string} level */
function localities(level) {
  return (state.localities[level] ??= api(`/localities?level=${level}`));
}

/**
 * The names written on the map: districts, and MSOAs too when MSOAs are drawn.
 * @param {string} level the level drawn
 */
async function labelLayers(level) {
  const districts = { level: /** @type {const} */ ('district'), collection: await localities('district') };
  return level === 'msoa' ? [districts, { level: /** @type {const} */ ('msoa'), collection: await localities('msoa') }] : [districts];
}

/** No run: the strip, the summary and the print button say so. */
function clearRunViews() {
  renderObjectives($('objectives-list'), null);
  $('objectives-run').textContent = '';
  renderRunSummary($('run-summary'), null, { limits: null });
  $('print-summary').disabled = true;
}

/** @param {string} code */
function categoryName(code) {
  const name = state.categoryNames[code];
  if (code.startsWith('SRP-')) return `SRP: ${name ?? code.slice(4)}`;
  return name ? `${name} (${code})` : code;
}

/** @param {Run} run */
function runLabel(run) {
  const at = new Date(run.createdAt);
  const time = Number.isNaN(at.getTime()) ? run.id.slice(0, 8) : at.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `${run.scenarioName} (run ${time})`;
}

/** A finished run with its result, fetched once. */
async function withResult(/** @type {string} */ id) {
  const run = state.runs.get(id);
  if (!run || run.result) return run;
  const full = await api(`/runs/${encodeURIComponent(id)}`);
  run.result = full.result;
  return run;
}

function selection() {
  return {
    runId: /** @type {string} */ ($('run-select').value),
    category: /** @type {string} */ ($('category-select').value || 'all'),
    phase: /** @type {string} */ ($('phase-select').value || 'all'),
    measure: /** @type {string} */ ($('measure-select').value),
    compareId: /** @type {string} */ ($('compare-select').value),
  };
}

/**
 * Refills a select, keeping the chosen value when it is still offered.
 * @param {HTMLSelectElement} select
 * @param {[string, string][]} options value, label
 * @param {string} [preferred]
 */
function fillSelect(select, options, preferred) {
  const keep = preferred ?? select.value;
  select.replaceChildren(...options.map(([value, label]) => h('option', { value }, label)));
  if (options.some(([value]) => value === keep)) select.value = keep;
}

// ---- Rendering --------------------------------------------------------------------------------

async function renderCatalogue() {
  const collection = await localities(state.level);
  const scale = outlineScale();
  const describe = (/** @type {any} */ p) => `${p.name}: ${p.specialSchools} special schools, ${p.srps} SRPs, ${count(p.places)} known places`;
  plannerMap.setLocalities(collection, scale.colour, describe);
  plannerMap.setLabels(await labelLayers(state.level));
  $('locality-table').replaceChildren(catalogueLocalityTable(collection, state.level === 'msoa' ? 'MSOAs' : 'districts'));
  clearRunViews();
  renderLegend($('legend-scale'), scale, 'Pick a run to shade localities by shortfall.');
  $('map-caption').textContent = `Kent's ${collection.features.length} ${state.level === 'msoa' ? 'MSOAs' : 'districts'} with special schools and SRPs. No run selected.`;
  $('map').dataset.state = 'catalogue';
  plannerMap.setProvisions(state.provisions, (p) => provisionPopup(p, state.designationNames, undefined, null));
  $('provisions-table').replaceChildren(provisionsTable(state.provisions, state.designationNames));
  $('chart').replaceChildren(h('p', { class: 'muted' }, 'Run or pick a scenario to see shortfall by locality.'));
  $('results-table').replaceChildren(h('p', { class: 'muted' }, 'No run selected.'));
  $('results-downloads').replaceChildren();
  $('comparison-section').hidden = true;
  $('level-select').disabled = false;
  renderPath($('map-section'), null, () => {});
}

/** Redraws everything for the selected run, category, phase, measure and comparison. */
async function render() {
  const sel = selection();
  const run = sel.runId ? await withResult(sel.runId) : undefined;
  if (!run?.result) return renderCatalogue();
  // A path draws the year its slider picks (path.js); a single-year run draws itself.
  const result = pathYear(run.result, run.id);
  renderPath($('map-section'), run, () => render().catch(showError));
  const other = sel.compareId ? await withResult(sel.compareId) : undefined;
  const measure = MEASURES[/** @type {keyof typeof MEASURES} */ (sel.measure)];
  const outreach = sel.measure === 'outreachUnmet';
  $('category-select').disabled = outreach;
  $('phase-select').disabled = outreach;
  $('level-select').disabled = true;

  const sums = sumByLocality(result, sel);
  // A path is compared at the year its slider shows: with another path's same year, or with a single-year run of that year.
  // Two single-year runs are compared whatever their years (the comparison says when they differ in more than the what-if).
  const otherResult = !other?.result ? undefined : isPath(run.result) || isPath(other.result) ? atYear(other.result, result.year) : other.result;
  const comparable = !!otherResult && otherResult.level === result.level;
  const otherSums = comparable ? sumByLocality(otherResult, sel) : null;
  const scope = outreach ? 'all categories and phases' : `${sel.category === 'all' ? 'all categories' : categoryName(sel.category)}, ${sel.phase === 'all' ? 'all phases' : PHASE_NAMES[/** @type {keyof typeof PHASE_NAMES} */ (sel.phase)]}`;
  const label = runLabel(run);
  const otherLabel = other ? runLabel(other) : '';

  // Map: the measure, or its change from the run compared with.
  const values = new Map([...sums.values()].map((s) => [s.code, otherSums ? s.value - (otherSums.get(s.code)?.value ?? 0) : s.value]));
  const scale = otherSums
    ? divergingScale([...values.values()], `Change in ${measure.label.toLowerCase()} (pupils)`)
    : sequentialScale([...values.values()], `${measure.label} (pupils)`);
  const describe = (/** @type {any} */ p) => {
    const s = sums.get(p.code);
    const v = values.get(p.code) ?? 0;
    return otherSums ? `${p.name}: ${measure.label.toLowerCase()} ${count(s?.value ?? 0)}, change ${v > 0 ? '+' : ''}${count(v)}` : `${p.name}: ${measure.label.toLowerCase()} ${count(v)}${outreach ? '' : ` of demand ${count(s?.demand ?? 0)}`}`;
  };
  if (result.level === 'district' || result.level === 'msoa') {
    plannerMap.setLocalities(await localities(result.level), (code) => scale.colour(values.get(code) ?? 0), describe);
    plannerMap.setLabels(await labelLayers(result.level));
    $('map').dataset.state = otherSums ? 'comparison' : 'run';
  } else {
    plannerMap.setLocalities(await localities('district'), () => outlineScale().colour(), (p) => p.name);
    plannerMap.setLabels(await labelLayers('district'));
    $('map').dataset.state = 'not-drawable';
  }
  const base = comparable && other ? { result: otherResult, label: otherLabel } : undefined;
  $('locality-table').replaceChildren(runLocalityTable(result, sel, { runLabel: label, scope, base }));
  renderObjectives($('objectives-list'), result, base?.result);
  $('objectives-run').textContent = base ? `of ${label}, compared with ${otherLabel}` : `of ${label}`;
  renderRunSummary($('run-summary'), { id: run.id, result, label }, { base, limits: $('model-limits') });
  $('print-summary').disabled = false;
  const note = otherSums
    ? `${label} minus ${otherLabel}. Blue: fewer pupils short; red: more.${differencesBeyondSupply(result, other?.result) ? ' The runs differ in more than the scenario: see the comparison.' : ''}`
    : `${measure.unit}. Whole pupils, rounded by the service so that totals are kept (the exact figures are in the run's JSON).`;
  renderLegend($('legend-scale'), scale, note);
  $('map-caption').textContent =
    result.level === 'lsoa'
      ? `${label} counted pupils by LSOA; the service has no LSOA boundaries to draw, so the map is not shaded. The chart and tables show every LSOA.`
      : `${otherSums ? `Change in ${measure.label.toLowerCase()}` : measure.label} by ${result.level === 'msoa' ? 'MSOA' : 'district'}, ${scope}: ${otherSums ? `${label} compared with ${otherLabel}` : label}.`;

  // Markers: each provision's figures in the run, and the provisions its scenario opens.
  const byId = new Map(result.provisions.map((/** @type {any} */ p) => [p.id, p]));
  const opened = await openedProvisions(run, isPath(run.result) ? result.year : undefined);
  for (const p of opened) {
    const code = byId.get(p.id)?.locality;
    if (!p.locality.name && code) p.locality = { code, name: sums.get(code)?.name ?? code };
  }
  const markers = [...state.provisions, ...opened];
  plannerMap.setProvisions(markers, (p) => provisionPopup(p, state.designationNames, byId.get(p.id), label));

  $('chart').replaceChildren(
    barChart({
      title: `${measure.label} by ${result.level === 'district' ? 'district' : result.level.toUpperCase()}, ${scope}`,
      unit: 'pupils',
      runLabel: label,
      compareLabel: otherSums ? otherLabel : undefined,
      rows: [...sums.values()].map((s) => ({ name: s.name, value: s.value, compareValue: otherSums?.get(s.code)?.value ?? 0 })),
    }),
  );
  $('results-table').replaceChildren(resultsTable(sums, `${outreach ? 'Outreach' : 'Placements'} by locality, ${scope}: ${label}`, outreach));
  const csv = (/** @type {string} */ table) => `/runs/${encodeURIComponent(run.id)}?format=csv&table=${table}`;
  $('results-downloads').replaceChildren(
    'Download this run as CSV: ',
    h('a', { href: csv('byLocality') }, 'every locality, category and phase'),
    ', ',
    h('a', { href: csv('provisions') }, 'provisions'),
    ', ',
    h('a', { href: csv('outreach') }, 'outreach'),
    '.',
  );
  $('comparison-section').hidden = !otherSums;
  $('comparison-note').textContent = otherResult ? differencesBeyondSupply(result, otherResult) : '';
  const pathYearCompared = isPath(run.result) || isPath(other?.result) ? result.year : undefined;
  if (other && otherSums) await renderComparison(run, other, comparisonTable(sums, otherSums, { runLabel: label, otherLabel, measureLabel: `${measure.label}, ${scope}` }), pathYearCompared);
  else if (other && !otherResult) {
    showError(new Error(`${otherLabel} has no ${result.year}: compare a path with a run of the year its slider shows, or move the slider.`));
  } else if (other && !comparable) {
    showError(new Error(`${otherLabel} counted pupils by ${otherResult?.level}, this run by ${result.level}: pick runs at the same locality level to compare.`));
  }
  $('provisions-table').replaceChildren(runProvisionsTable(result.provisions, (code) => sums.get(code)?.name ?? code, categoryName, label));
}

/**
 * A run's result at a year: a path's model year, or a single-year run when it is of that year.
 * @param {any} result @param {number} year
 */
function atYear(result, year) {
  if (isPath(result)) return result.yearResults.find((/** @type {any} */ y) => y.year === year);
  return result.year === year ? result : undefined;
}

/**
 * Says when two runs differ in more than their scenario's changes, so a difference is not read as
 * the effect of the what-if alone.
 * @param {any} a @param {any} b results
 */
function differencesBeyondSupply(a, b) {
  const parts = [];
  if (a.year !== b.year) parts.push(`demand year (${b.year} and ${a.year})`);
  if (a.designationSet !== b.designationSet) parts.push(`designation set (${b.designationSet} and ${a.designationSet})`);
  if (!parts.length) return '';
  return `These runs differ in ${parts.join(' and ')}: the differences include those changes as well as any change to places.`;
}

/** @type {Record<string, [string, (n: number) => string]>} */
const TOTAL_NAMES = {
  demand: ['Demand', count],
  placedLocal: ['Placed locally', count],
  placedElsewhere: ['Placed in another locality', count],
  placedIndependent: ['Placed in independent schools', count],
  unmet: ['Unmet', count],
  notCommissioned: ['Not commissioned for their phase', count],
  independentCost: ['Cost of independent placements (a year)', money],
  places: ['State places', count],
  outreachUnmet: ['Outreach unmet', count],
};

/** @type {Record<string, string>} */
const PATH_YEAR_MEASURES = { shortfall: 'Children without a state place', placedIndependent: 'Placed in independent schools', unmet: 'With no place', independentCost: 'Cost of independent placements (a year)' };

/**
 * The comparison section: county totals from the service's comparison of the two runs, then the
 * locality table for the page's selection. A path is compared at one year (`year`); two paths also
 * year by year.
 * @param {Run} run @param {Run} base @param {HTMLElement} localityTable @param {number} [year]
 */
async function renderComparison(run, base, localityTable, year) {
  const query = year === undefined ? '' : `?year=${year}`;
  const url = `/runs/${encodeURIComponent(base.id)}/compare/${encodeURIComponent(run.id)}`;
  const comparison = await api(`${url}${query}`);
  const byYear = comparison.years
    ? table({
        caption: `Year by year: ${runLabel(run)} compared with ${runLabel(base)}`,
        id: 'comparison-years',
        rows: comparison.years.filter((/** @type {any} */ y) => y.measure in PATH_YEAR_MEASURES),
        columns: [
          { label: 'Year', value: (y) => String(y.year) },
          { label: 'Measure', value: (y) => PATH_YEAR_MEASURES[y.measure] },
          { label: runLabel(base), value: (y) => (y.measure === 'independentCost' ? money(y.base) : count(y.base)), numeric: true },
          { label: runLabel(run), value: (y) => (y.measure === 'independentCost' ? money(y.other) : count(y.other)), numeric: true },
          { label: 'Change', value: (y) => (y.measure === 'independentCost' ? (y.change < 0 ? '\u2212' : '+') + money(Math.abs(y.change)) : signed(y.change)), numeric: true },
        ],
      })
    : null;
  const totals = table({
    caption: `Kent totals${year === undefined ? '' : ` in ${year}`}: ${runLabel(run)} compared with ${runLabel(base)}`,
    id: 'comparison-totals',
    rows: comparison.totals.filter((/** @type {any} */ t) => t.measure in TOTAL_NAMES),
    columns: [
      { label: 'Measure', value: (t) => TOTAL_NAMES[t.measure][0] },
      { label: runLabel(base), value: (t) => TOTAL_NAMES[t.measure][1](t.base), numeric: true },
      { label: runLabel(run), value: (t) => TOTAL_NAMES[t.measure][1](t.other), numeric: true },
      { label: 'Change', value: (t) => (t.measure === 'independentCost' ? (t.change < 0 ? '\u2212' : '+') + money(Math.abs(t.change)) : signed(t.change)), numeric: true },
    ],
  });
  // What differs between the runs, first: the service says when it is more than the what-if's own changes.
  $('comparison-note').textContent =
    comparison.warning ?? `Like for like: the runs differ only in ${runLabel(run)}'s own changes (${comparison.inputDifferences.map((/** @type {any} */ d) => d.input).join(', ') || 'none'}).`;
  $('comparison-table').replaceChildren(
    ...(byYear ? [byYear] : []),
    totals,
    localityTable,
    h('p', {}, h('a', { href: `${url}?format=csv${year === undefined ? '' : `&year=${year}`}` }, `Download the comparison by locality, category and phase${year === undefined ? '' : ` in ${year}`} (CSV)`)),
  );
}

// ---- Runs ---------------------------------------------------------------------------------------

/** Offers the finished runs in the run and comparison pickers, and the run's categories and phases. */
function refreshRunPickers(/** @type {string | undefined} */ chooseRun, /** @type {string | undefined} */ chooseCompare) {
  const runs = [...state.runs.values()];
  fillSelect($('run-select'), [['', 'No run: localities and provisions only'], ...runs.map((r) => /** @type {[string, string]} */ ([r.id, runLabel(r)]))], chooseRun);
  const runId = $('run-select').value;
  const result = pathYear(state.runs.get(runId)?.result, runId);
  fillSelect($('compare-select'), [['', 'No comparison'], ...runs.filter((r) => r.id !== runId).map((r) => /** @type {[string, string]} */ ([r.id, runLabel(r)]))], chooseCompare);
  $('compare-select').disabled = !result || runs.length < 2;
  const categories = result ? [...new Set(result.byLocality.map((/** @type {any} */ r) => r.category))] : [];
  const phases = result ? [...new Set(result.byLocality.map((/** @type {any} */ r) => r.phase))] : [];
  fillSelect($('category-select'), [['all', 'All categories'], ...categories.map((c) => /** @type {[string, string]} */ ([c, categoryName(c)]))]);
  fillSelect($('phase-select'), [['all', 'All phases'], ...phases.map((p) => /** @type {[string, string]} */ ([p, PHASE_NAMES[/** @type {keyof typeof PHASE_NAMES} */ (p)] ?? p]))]);
  $('category-select').disabled = !result;
  $('phase-select').disabled = !result;
}

/**
 * Shows a run (fetching its result first) and, unless told otherwise, compares a what-if with the
 * latest baseline run.
 * @param {string} runId '' for none
 * @param {string} [compareId]
 */
async function selectRun(runId, compareId) {
  const run = runId ? await withResult(runId) : undefined;
  refreshRunPickers(runId, compareId ?? (run ? await defaultComparison(run) : ''));
  await render();
}

/** A scenario in full (supply changes, demand parameters), fetched once; null if the service has none. */
function scenarioDetail(/** @type {string} */ id) {
  if (!state.scenarioDetails.has(id)) {
    // A run of a scenario posted in full has none to fetch: asking would only log a 404.
    const listed = state.scenarios.has(id);
    state.scenarioDetails.set(id, listed ? api(`/scenarios/${encodeURIComponent(id)}`).then((b) => b.scenario ?? b, () => null) : Promise.resolve(null));
  }
  return /** @type {Promise<any>} */ (state.scenarioDetails.get(id));
}

/**
 * Provisions a run's scenario opens, placed where the scenario says (a location, or its host school).
 * @param {Run} run @param {number} [year] a path's year: only the changes in effect that year
 * @returns {Promise<import('./provisions.js').Provision[]>}
 */
async function openedProvisions(run, year) {
  const scenario = await scenarioDetail(run.scenarioId);
  // A path's changes take effect from their `from` year to their `to` year: the map shows the slider's year.
  const inYear = (/** @type {any} */ c) => year === undefined || ((c.from ?? -Infinity) <= year && year <= (c.to ?? Infinity));
  const opened = (scenario?.supply ?? []).filter((/** @type {any} */ c) => c.action === 'open' && inYear(c));
  return Promise.all(
    opened.map(async (/** @type {any} */ c) => {
      const host = c.hostUrn ? await api(`/schools/${c.hostUrn}`) : null;
      const codes = c.designation ? [c.designation] : (c.needTypes ?? []).map((/** @type {string} */ t) => `SRP-${t}`);
      return {
        id: c.id,
        kind: 'opened',
        urn: c.hostUrn ?? null,
        name: c.name,
        summary: `${c.kind === 'srp' ? 'SRP' : 'Special school'}: ${codes.map(categoryName).join('; ')}`,
        designation: null,
        needTypes: [],
        phase: c.phases.join(', '),
        ageLow: Math.min(...c.phases.map((/** @type {string} */ p) => PHASE_AGES[/** @type {keyof typeof PHASE_AGES} */ (p)][0])),
        ageHigh: Math.max(...c.phases.map((/** @type {string} */ p) => PHASE_AGES[/** @type {keyof typeof PHASE_AGES} */ (p)][1])),
        capacity: c.places,
        capacityBasis: `scenario: ${run.scenarioName}${c.from ? `; open from ${c.from}${c.to ? ` to ${c.to}` : ''}` : ''}${c.note ? `; ${c.note}` : ''}`,
        roll: null,
        locality: host?.district ?? { code: '', name: '' },
        location: host?.location ?? c.location,
        commissioning: 'opened by the scenario',
      };
    }),
  );
}

/** A base scenario changes nothing: no supply changes, no demand parameters. */
const isBase = (/** @type {any} */ s) => !!s && (s.supply ?? []).length === 0 && Object.keys(s.demand ?? {}).length === 0;

/**
 * What a run is compared with unless the user picks: for a what-if, the latest run of a base
 * scenario with the same year, locality level and designation set (like with like); when there is
 * no such run yet, nothing, and the page offers to run that base scenario. For a base scenario, the
 * latest baseline run; for a baseline, nothing.
 * @param {Run} run
 */
async function defaultComparison(run) {
  offerBase(null);
  if (isPath(run.result)) return '';
  if (/^baseline/.test(run.scenarioId)) return '';
  if (!isBase(await scenarioDetail(run.scenarioId))) {
    const own = state.scenarios.get(run.scenarioId);
    const alike = (/** @type {any} */ s) => !!own && !!s && s.year === own.year && s.level === own.level && s.designationSet === own.designationSet;
    for (const other of state.runs.values()) {
      if (other.id === run.id || !alike(state.scenarios.get(other.scenarioId))) continue;
      if (isBase(await scenarioDetail(other.scenarioId))) return other.id;
    }
    for (const s of state.scenarios.values()) {
      if (s.id !== run.scenarioId && alike(s) && isBase(await scenarioDetail(s.id))) {
        offerBase(s, run.id);
        break;
      }
    }
    return '';
  }
  return latestBaseline(run.id)?.id ?? '';
}

/**
 * Offers, next to the run status, to run the like-for-like base of a what-if run (or clears the offer).
 * @param {any} scenario a catalogue entry, or null
 * @param {string} [whatIf] the run to compare with it once it has run
 */
function offerBase(scenario, whatIf) {
  document.getElementById('base-offer')?.remove();
  if (!scenario) return;
  const button = h('button', { type: 'button', id: 'base-offer' }, `Run ${scenario.name} to compare like with like`);
  button.addEventListener('click', async () => {
    try {
      await runScenario(scenario.id);
    } catch {
      return; // runScenario has shown why
    }
    const base = [...state.runs.values()].find((r) => r.scenarioId === scenario.id);
    if (whatIf && base) await selectRun(whatIf, base.id);
  });
  $('run-status').after(button);
}

/** Newest first, as GET /runs lists them. */
function remember(/** @type {Run} */ run) {
  const others = [...state.runs.values()].filter((r) => r.id !== run.id);
  state.runs = new Map([run, ...others].map((r) => [r.id, r]));
}

/** The most recent finished run of a baseline scenario, other than `exceptId`. */
function latestBaseline(/** @type {string} */ exceptId) {
  return [...state.runs.values()].find((r) => r.id !== exceptId && /^baseline/.test(r.scenarioId));
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a run of the chosen scenario and follows it until it finishes, showing progress; then shows
 * it, compared with the scenario's previous run when asked (after an edit: what the edit changed).
 * Resolves to what happened, in words; rejects when the run did not finish.
 * @param {string} scenarioId
 * @param {{ level?: string, comparePrevious?: boolean }} [options] level: another locality level than the scenario's own
 */
async function runScenario(scenarioId, options = {}) {
  const button = $('run-button');
  const status = $('run-status');
  const progress = $('run-progress');
  const scenario = state.scenarios.get(scenarioId);
  const name = scenario?.name ?? scenarioId;
  const previous = options.comparePrevious ? [...state.runs.values()].find((r) => r.scenarioId === scenarioId) : undefined;
  button.disabled = true;
  progress.hidden = false;
  $('page-error').hidden = true;
  status.textContent = `Starting ${name}...`;
  const started = performance.now();
  try {
    /** @type {Run} */
    let run = await api('/runs', { method: 'POST', body: { scenarioId, ...(options.level ? { level: options.level } : {}) } });
    for (let wait = 250; run.status !== 'done' && run.status !== 'failed'; wait = Math.min(1000, wait * 1.5)) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      status.textContent = `${name}: ${progressText(run)} (${seconds} s)`;
      await sleep(wait);
      run = await api(`/runs/${encodeURIComponent(run.id)}`);
    }
    if (run.status === 'failed') throw new Error(`${name} failed: ${run.error ?? 'no reason given'}`);
    remember(run);
    status.textContent = `${name} finished in ${((performance.now() - started) / 1000).toFixed(1)} s (${solvedText(run.result)}).`;
    await selectRun(run.id, previous?.id);
    return `${status.textContent}${previous ? ` Shown on the map compared with its previous run (${runLabel(previous)}).` : ' Shown on the map.'}`;
  } catch (err) {
    status.textContent = `${name} did not finish.`;
    showError(err);
    throw err;
  } finally {
    button.disabled = false;
    progress.hidden = true;
  }
}

/** Finished runs the service holds (from anyone), newest first. */
async function loadRuns() {
  try {
    const { items } = await api('/runs?limit=50');
    for (const run of items) if (run.status === 'done') state.runs.set(run.id, run);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
}

const describeScenario = () => ($('scenario-description').textContent = state.scenarios.get($('scenario-select').value)?.description ?? '');

/** The scenarios the service holds, in the run form; again after the scenario editor changes one. */
async function loadScenarios() {
  const select = $('scenario-select');
  try {
    const body = await api('/scenarios');
    const list = Array.isArray(body) ? body : body.items ?? body.scenarios ?? [];
    state.scenarios = new Map(list.map((/** @type {any} */ s) => [s.id, s]));
    // A scenario saved again may differ from the one fetched before.
    state.scenarioDetails.clear();
    fillSelect(select, list.map((/** @type {any} */ s) => /** @type {[string, string]} */ ([s.id, `${s.name} (${s.horizon ? `${s.horizon.from}-${s.horizon.to}` : s.year}, ${s.level ?? 'district'})`])));
    $('run-button').disabled = list.length === 0;
    describeScenario();
  } catch (err) {
    fillSelect(select, [['', 'No scenarios available']]);
    $('run-button').disabled = true;
    $('scenario-description').textContent = err instanceof ApiError && err.status === 404 ? 'This service has no scenarios yet.' : explain(err);
  }
}

// ---- Start ---------------------------------------------------------------------------------------

async function loadSummary() {
  const health = await api('/health');
  const d = health.dataset;
  $('dataset-summary').textContent =
    `${d.localAuthority}: ${d.specialSchools} state-funded special schools and ${d.srps} known SRPs and satellites ` +
    `(a partial public list) among ${d.schools} open state-funded schools, register of ${d.registerDate}.`;
}

function wireKeyForm() {
  const input = $('api-key');
  const status = $('key-status');
  status.textContent = apiKey.get() ? 'A key is set for this tab.' : 'No key set.';
  $('key-form').addEventListener('submit', (/** @type {Event} */ event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      status.textContent = 'Enter a key first.';
      return;
    }
    apiKey.set(key);
    input.value = '';
    status.textContent = 'Key set for this tab.';
    document.dispatchEvent(new CustomEvent('planner:key'));
  });
  $('forget-key').addEventListener('click', () => {
    apiKey.clear();
    status.textContent = 'Key forgotten.';
    document.dispatchEvent(new CustomEvent('planner:key'));
  });
}

function wireControls() {
  $('level-select').addEventListener('change', () => {
    state.level = $('level-select').value;
    render().catch(showError);
  });
  $('run-select').addEventListener('change', () => {
    selectRun($('run-select').value).catch(showError);
  });
  for (const id of ['category-select', 'phase-select', 'measure-select', 'compare-select']) {
    $(id).addEventListener('change', () => {
      $('page-error').hidden = true;
      render().catch(showError);
    });
  }
  $('view-form').addEventListener('submit', (/** @type {Event} */ event) => event.preventDefault());
  $('print-summary').addEventListener('click', () => window.print());
  $('scenario-select').addEventListener('change', describeScenario);
  $('run-form').addEventListener('submit', (/** @type {Event} */ event) => {
    event.preventDefault();
    const scenarioId = $('scenario-select').value;
    if (scenarioId) runScenario(scenarioId, { level: $('run-level').value || undefined }).catch(() => {});
  });
}

async function main() {
  watchStuck($('objectives'));
  wireKeyForm();
  wireControls();
  const [designations, provisions] = await Promise.all([api('/designations'), api('/provisions'), loadSummary(), loadScenarios(), loadRuns()]);
  for (const d of designations.current) state.designationNames[d.code] = d.name;
  for (const d of designations.proposed) state.categoryNames[d.code] = d.name;
  for (const n of designations.srpNeedTypes) state.categoryNames[`SRP-${n.code}`] = n.name;
  state.provisions = provisions.items;
  await selectRun(latestBaseline('')?.id ?? '');
  initReview($('review-list'), showError);
  const plans = initPlans($('plans'), { showError, localities, categoryName });
  initScenarioEditor($('scenario-editor'), {
    onRun: (id) => runScenario(id, { comparePrevious: true }),
    onChange: () => Promise.all([loadScenarios(), plans.loadScenarios()]).then(() => {}),
  });
  initBatchSearch($('batch-search'));
  await initDesignationDemand($('designation-demand'), showError);
  document.body.dataset.ready = 'true';
}

main().catch(showError);
