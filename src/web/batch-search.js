// @ts-check
/**
 * Batch placement search, for planners: upload a CSV of need profiles with homes, see for each child
 * the level of support and the nearest provisions that can take them, and download the answer as
 * CSV. The profiles are personal data: the file is read in the browser and sent to the service for
 * this search only (never stored or logged there), and the results live in this page until cleared;
 * nothing goes to the browser's storage.
 */
import { api, explain } from './api.js';
import { count, h } from './dom.js';

const LEVELS = { special: 'Special school', srp: 'SRP', 'mainstream-outreach': 'Mainstream with outreach', mainstream: 'Mainstream' };
const PHASES = { primary: 'Primary', secondary: 'Secondary', post16: 'Post-16' };
/** Profiles shown in the page; the download has them all. */
const SHOWN = 200;
const TEMPLATE = 'primaryNeed,secondaryNeeds,learningDifficulty,traits,age,lat,lon,lsoa\nASD,SLCN,moderate,severe-social-communication,9,,,E01023972\n';

/**
 * @typedef {{ rank: number, provisionId: string, name: string, kind: string, district: string, level: string, designation: string | null,
 *   needTypes: string[], distanceKm: number, travelMinutes: number, overGuideline: boolean | null, freePlaces: number | null }} Candidate
 * @typedef {{ index: number, line: number | null, ok: true, phase: string | null, bestFit: string | null,
 *   continuum: { level: string, designation: string | null, srpNeedType: string | null }, totalFitting: number, candidates: Candidate[] }
 *   | { index: number, line: number | null, ok: false, errors: { path: string, message: string }[] }} Row
 */

/** A file offered for download from text in the page (a blob: link, clicked). */
function download(/** @type {string} */ text, /** @type {string} */ filename) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function numberInput(/** @type {string} */ id, /** @type {Record<string, string | number>} */ attrs) {
  return h('input', { id, name: id, type: 'number', inputmode: 'decimal', ...attrs });
}

/** @param {Row} r */
function supportOf(r) {
  if (!r.ok) return '';
  const level = LEVELS[/** @type {keyof typeof LEVELS} */ (r.continuum.level)] ?? r.continuum.level;
  const what = r.continuum.designation ?? r.continuum.srpNeedType;
  return what ? `${level}: ${what}` : level;
}

/** @param {Row[]} rows */
function resultsTable(rows) {
  const head = h(
    'tr',
    {},
    ...['Row', 'CSV line', 'Phase', 'Level of support', 'Nearest that fits', 'Minutes', 'Free places', 'Fitting within limits', 'Other candidates'].map((label, i) =>
      h('th', { scope: 'col', class: [0, 1, 5, 6, 7].includes(i) ? 'num' : null }, label),
    ),
  );
  const body = rows.slice(0, SHOWN).map((r) => {
    const cells = [h('th', { scope: 'row', class: 'num' }, String(r.index)), h('td', { class: 'num' }, r.line === null ? '' : String(r.line))];
    if (!r.ok) {
      cells.push(h('td', { colspan: 7, class: 'worse' }, `Not searched: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`));
      return h('tr', { 'data-status': 'invalid' }, ...cells);
    }
    const [first, ...others] = r.candidates;
    cells.push(
      h('td', {}, r.phase ? (PHASES[/** @type {keyof typeof PHASES} */ (r.phase)] ?? r.phase) : 'no school phase'),
      h('td', {}, supportOf(r)),
      h('td', {}, first ? `${first.name} (${first.district}${first.designation ? `, ${first.designation}` : first.needTypes.length ? `, ${first.needTypes.join('/')} SRP` : ''})` : 'None within the limits'),
      h('td', { class: 'num' }, first ? `${first.travelMinutes}${first.overGuideline ? ' (over guideline)' : ''}` : ''),
      h('td', { class: 'num' }, first ? (first.freePlaces === null ? 'unknown' : String(first.freePlaces)) : ''),
      h('td', { class: 'num' }, String(r.totalFitting)),
      h('td', {}, others.map((c) => `${c.name} (${c.travelMinutes} min)`).join('; ')),
    );
    return h('tr', { 'data-status': first ? 'ok' : 'no-candidate' }, ...cells);
  });
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Batch placement search results' },
    h('table', { id: 'batch-table' }, h('caption', {}, `Placement search by child${rows.length > SHOWN ? ` (the first ${SHOWN} of ${count(rows.length)}; the download has them all)` : ''}`), h('thead', {}, head), h('tbody', {}, ...body)),
  );
}

/** @param {HTMLElement} container */
export function initBatchSearch(container) {
  const file = /** @type {HTMLInputElement} */ (h('input', { id: 'batch-file', name: 'file', type: 'file', accept: '.csv,text/csv', 'aria-describedby': 'batch-file-hint', required: true }));
  const set = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'batch-set', name: 'designationSet', 'aria-describedby': 'batch-set-hint' },
      h('option', { value: 'current' }, "Current: today's five designations"),
      h('option', { value: 'proposed' }, 'Proposed: the rules\u2019 proposals'),
      h('option', { value: 'approved' }, "Approved: officers' decisions"),
    )
  );
  const minutes = /** @type {HTMLInputElement} */ (numberInput('batch-minutes', { min: 1, max: 300, step: 1, placeholder: 'no limit', 'aria-describedby': 'batch-minutes-hint' }));
  const km = /** @type {HTMLInputElement} */ (numberInput('batch-km', { min: 1, max: 300, step: 1, value: 40 }));
  const limit = /** @type {HTMLInputElement} */ (numberInput('batch-limit', { min: 1, max: 10, step: 1, value: 3 }));
  const status = h('p', { class: 'status', role: 'status', id: 'batch-status', 'aria-live': 'polite' });
  const results = h('div', { id: 'batch-results' });
  const submit = h('button', { type: 'submit', id: 'batch-submit' }, 'Search');
  const template = h('button', { type: 'button', class: 'secondary', id: 'batch-template' }, 'Download a template CSV');
  template.addEventListener('click', () => download(TEMPLATE, 'placement-profiles-template.csv'));
  const form = h(
    'form',
    { id: 'batch-form', class: 'batch-form' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Search for many children at once'),
      h('div', { class: 'form-field' }, h('label', { for: 'batch-file' }, 'CSV file of need profiles with homes'), h(
        'p',
        { class: 'hint', id: 'batch-file-hint' },
        'A header row, then one child per line: primaryNeed, secondaryNeeds, learningDifficulty, traits, age, and the home as lat and lon or as an LSOA code (lists separated by ";"). Up to 5,000 children. ',
        'The file is sent to the service for this search only: it is not stored or logged, and the results stay in this page until you clear them.',
      ), file),
      h(
        'div',
        { class: 'form-grid' },
        h('div', { class: 'form-field' }, h('label', { for: 'batch-set' }, 'Designation set'), h('p', { class: 'hint', id: 'batch-set-hint' }, 'Which designation each special school holds.'), set),
        h('div', { class: 'form-field' }, h('label', { for: 'batch-minutes' }, 'Longest journey (minutes)'), h('p', { class: 'hint', id: 'batch-minutes-hint' }, 'Estimated; leave empty for no limit.'), minutes),
        h('div', { class: 'form-field' }, h('label', { for: 'batch-km' }, 'Furthest (km, straight line)'), km),
        h('div', { class: 'form-field' }, h('label', { for: 'batch-limit' }, 'Candidates per child (1-10)'), limit),
      ),
      h('div', { class: 'form-actions' }, submit, template),
      status,
    ),
  );
  container.replaceChildren(form, results);

  /** The upload and the query of the last search, kept for the download and dropped on "Clear". */
  /** @type {{ text: string, query: string } | null} */
  let last = null;

  const query = () => {
    const q = new URLSearchParams({ designationSet: set.value, maxDistanceKm: km.value || '40', limit: limit.value || '3' });
    if (minutes.value) q.set('maxMinutes', minutes.value);
    return q.toString();
  };

  const clear = () => {
    last = null;
    results.replaceChildren();
    file.value = '';
    status.textContent = 'Results cleared.';
    file.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      status.textContent = 'Choose a CSV file first.';
      file.focus();
      return;
    }
    submit.setAttribute('disabled', '');
    status.textContent = `Searching for the children in ${chosen.name}...`;
    try {
      const text = await chosen.text();
      const q = query();
      const started = performance.now();
      const answer = await api(`/placements/search/batch?${q}`, { method: 'POST', text, contentType: 'text/csv' });
      last = { text, query: q };
      const s = answer.summary;
      status.textContent = `Searched ${count(s.searched)} of ${count(s.total)} children in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
      const downloadButton = h('button', { type: 'button', id: 'batch-download' }, 'Download the results as CSV');
      const clearButton = h('button', { type: 'button', class: 'secondary', id: 'batch-clear' }, 'Clear the results');
      downloadButton.addEventListener('click', async () => {
        if (!last) return;
        try {
          download(await api(`/placements/search/batch?${last.query}&format=csv`, { method: 'POST', text: last.text, contentType: 'text/csv', accept: 'text/csv' }), 'placement-search.csv');
        } catch (err) {
          status.textContent = explain(err);
        }
      });
      clearButton.addEventListener('click', clear);
      results.replaceChildren(
        h(
          'p',
          { id: 'batch-summary' },
          `${count(s.total)} children: ${count(s.withCandidates)} with a provision that fits within the limits, ${count(s.withoutCandidates)} with none`,
          s.invalid ? `, ${count(s.invalid)} not searched (their rows have errors, listed below)` : '',
          s.overGuideline ? `; for ${count(s.overGuideline)} the nearest is over the best-practice journey time` : '',
          '.',
        ),
        h('div', { class: 'form-actions' }, downloadButton, clearButton),
        resultsTable(answer.results),
        h(
          'p',
          { class: 'hint' },
          'Nearest first among the provisions at the child’s level of support, then the others that fit. Free places: capacity minus pupils on roll (negative: over capacity; unknown where no capacity is published). ',
          answer.travelModel ? `Journey minutes are estimates: ${answer.travelModel.basis}.` : '',
        ),
      );
    } catch (err) {
      status.textContent = `The search did not run: ${explain(err)}`;
    } finally {
      submit.removeAttribute('disabled');
    }
  });
}
