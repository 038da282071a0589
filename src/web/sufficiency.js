// @ts-check
/**
 * The Sufficiency page (commissioners): scenarios, runs and paths, the map, the objectives strip,
 * the comparison and the tables. State lives here and in the page's address (url-state.js: the run,
 * its year, the comparison, the category, phase, measure, locality and the level drawn), so a view
 * can be bookmarked and shared; the other modules render.
 */
import { api, ApiError, explain } from './api.js';
import { barChart } from './chart.js';
import { count, h, money, signed, table } from './dom.js';
import { catalogueLocalityTable, runLocalityTable } from './locality-table.js';
import { PlannerMap } from './map.js';
import { renderObjectives, watchStuck } from './objectives.js';
import { provisionPopup, provisionsTable, runProvisionsTable } from './provisions.js';
import { comparisonTable, MEASURES, resultsTable, sumByLocality } from './results.js';
import { chooseYear, isPath, pathYear, renderPath, solvedText } from './path.js';
import { initScenarioEditor } from './scenario-editor.js';
import { categoryName, categoryNames, designationNames, loadNames, localities } from './catalogue.js';
import { param, setParams } from './url-state.js';
import { renderRunSummary } from './run-summary.js';
import { divergingScale, outlineScale, renderLegend, sequentialScale } from './scales.js';

/** @param {string} id */
const $ = (id) => /** @type {any} */ (document.getElementById(id));

const PHASE_NAMES = { primary: 'Primary (4-10)', secondary: 'Secondary (11-15)', post16: 'Post-16 (16-19)' };
const PHASE_AGES = { primary: [4, 10], secondary: [11, 15], post16: [16, 19] };
/**
 * @typedef {{ id: string, status: string, scenarioId: string, scenarioName: string, createdAt: string,
 *   error: string | null, result?: any }} Run
 */
const state = {
  designationNames,
  categoryNames,
  /** @type {import('./provisions.js').Provision[]} */
  provisions: [],
  /** @type {Map<string, any>} scenarios by id, as GET /scenarios lists them */
  scenarios: new Map(),
  /** @type {Map<string, Promise<any>>} full scenarios by id */
  scenarioDetails: new Map(),
  /** @type {Map<string, Run>} finished runs by id, newest first; results fetched when first shown */
  runs: new Map(),
  level: 'district',
};

/** @type {PlannerMap} made when the page starts (Leaflet needs its element shown) */
let plannerMap;

function showError(/** @type {unknown} */ err) {
  const box = $('page-error');
  box.textContent = explain(err);
  box.hidden = false;
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

/** @param {Run} run */
function runLabel(run) {
  const at = new Date(run.createdAt);
  const time = Number.isNaN(at.getTime()) ? run.id.slice(0, 8) : at.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `${run.scenarioName} (run ${time})`;
}

/** A finished run with its result, fetched once; a run not among the latest listed (a bookmark) is fetched too. */
async function withResult(/** @type {string} */ id) {
  if (!state.runs.has(id)) {
    try {
      const full = await api(`/runs/${encodeURIComponent(id)}`);
      if (full.status !== 'done') return undefined;
      state.runs.set(id, full);
      return full;
    } catch (err) {
      showError(new Error(`The run in this address could not be shown: ${explain(err)}`));
      return undefined;
    }
  }
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
    locality: /** @type {string} */ ($('locality-select').value),
  };
}

/** Writes the view shown into the page's address (url-state.js), so that it can be bookmarked. */
function rememberView(/** @type {number | undefined} */ year) {
  const sel = selection();
  setParams({
    run: sel.runId,
    year: sel.runId ? year : undefined,
    compare: sel.compareId,
    category: sel.category === 'all' ? null : sel.category,
    phase: sel.phase === 'all' ? null : sel.phase,
    measure: sel.measure === 'shortfall' ? null : sel.measure,
    locality: sel.locality,
    level: sel.runId || state.level === 'district' ? null : state.level,
  });
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
  fillSelect($('locality-select'), [['', 'All localities']], '');
  $('locality-select').disabled = true;
  $('locality-detail').replaceChildren();
  renderPath($('map-section'), null, () => {});
  rememberView(undefined);
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
  renderLocality(result, sums, label, sel.locality);
  rememberView(isPath(run.result) ? result.year : undefined);
}

/**
 * The locality picked (the address's `locality`): outlined on the map, and its rows by category and
 * phase in a table of their own under the results.
 * @param {any} result @param {Map<string, any>} sums @param {string} label @param {string} chosen
 */
function renderLocality(result, sums, label, chosen) {
  const names = [...sums.values()].map((s) => /** @type {[string, string]} */ ([s.code, s.name])).sort((a, b) => a[1].localeCompare(b[1]));
  fillSelect($('locality-select'), [['', 'All localities'], ...names], chosen);
  $('locality-select').disabled = false;
  const code = $('locality-select').value;
  plannerMap.highlight(code || null);
  if (!code) {
    $('locality-detail').replaceChildren();
    return;
  }
  const rows = result.byLocality.filter((/** @type {any} */ r) => r.locality === code);
  const name = sums.get(code)?.name ?? code;
  $('locality-detail').replaceChildren(
    table({
      caption: `${name}: every category and phase, ${label} (whole pupils)`,
      id: 'locality-detail-table',
      rows,
      columns: [
        { label: 'Category', value: (r) => categoryName(r.category) },
        { label: 'Phase', value: (r) => PHASE_NAMES[/** @type {keyof typeof PHASE_NAMES} */ (r.phase)] ?? r.phase },
        { label: 'Demand', value: (r) => count(r.whole.demand), numeric: true },
        { label: 'Placed locally', value: (r) => count(r.whole.placedLocal), numeric: true },
        { label: 'Elsewhere', value: (r) => count(r.whole.placedElsewhere), numeric: true },
        { label: 'Independent', value: (r) => count(r.whole.placedIndependent), numeric: true },
        { label: 'Unmet', value: (r) => count(r.whole.unmet), numeric: true },
        { label: 'Mean journey', value: (r) => (r.meanMinutes === null ? 'none' : `${count(r.meanMinutes)} min`), numeric: true },
      ],
    }),
  );
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

/**
 * What the address asked for when the page opened (a bookmark), applied once as the pickers are
 * first filled, then forgotten: later choices are the reader's.
 * @type {{ category?: string, phase?: string }}
 */
const bookmarked = {};

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
  fillSelect($('category-select'), [['all', 'All categories'], ...categories.map((c) => /** @type {[string, string]} */ ([c, categoryName(c)]))], bookmarked.category);
  fillSelect($('phase-select'), [['all', 'All phases'], ...phases.map((p) => /** @type {[string, string]} */ ([p, PHASE_NAMES[/** @type {keyof typeof PHASE_NAMES} */ (p)] ?? p]))], bookmarked.phase);
  bookmarked.category = undefined;
  bookmarked.phase = undefined;
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
  // A bookmarked comparison may be older than the runs listed: fetch it so the picker can offer it.
  if (compareId) await withResult(compareId);
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
      status.textContent = `${name}: ${run.status === 'queued' ? 'waiting for a solver' : 'solving'} (${seconds} s)`;
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

function wireControls() {
  $('level-select').addEventListener('change', () => {
    state.level = $('level-select').value;
    render().catch(showError);
  });
  $('run-select').addEventListener('change', () => {
    $('locality-select').value = '';
    selectRun($('run-select').value).catch(showError);
  });
  for (const id of ['category-select', 'phase-select', 'measure-select', 'compare-select', 'locality-select']) {
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

/**
 * Starts the Sufficiency page: the view the address names (run, year, comparison, category, phase,
 * measure, locality, level), else the latest baseline run.
 */
export async function initSufficiency() {
  plannerMap = new PlannerMap($('map'));
  watchStuck($('objectives'));
  wireControls();
  const [provisions] = await Promise.all([api('/provisions'), loadNames(), loadScenarios(), loadRuns()]);
  state.provisions = provisions.items;
  bookmarked.category = param('category') ?? undefined;
  bookmarked.phase = param('phase') ?? undefined;
  const measure = param('measure');
  if (measure && measure in MEASURES) $('measure-select').value = measure;
  const level = param('level');
  if (level === 'msoa' || level === 'district') {
    state.level = level;
    $('level-select').value = level;
  }
  const runId = param('run');
  const year = Number(param('year'));
  if (runId && Number.isInteger(year) && year > 0) chooseYear(runId, year);
  $('locality-select').append(h('option', { value: param('locality') ?? '' }, ''));
  $('locality-select').value = param('locality') ?? '';
  if (runId) await selectRun(runId, param('compare') ?? '');
  else await selectRun(latestBaseline('')?.id ?? '');
  initScenarioEditor($('scenario-editor'), {
    onRun: (id) => runScenario(id, { comparePrevious: true }),
    onChange: () => loadScenarios(),
  });
}
