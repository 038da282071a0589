// @ts-check
/**
 * Placement search for one child (planners): a short form of the child's need profile and home, and
 * the answer of POST /placements/search (the level of support the profile fits, and the provisions
 * that can take the child, nearest first, each with its journey and free places). The profile is
 * personal data: it goes to the service for this search only, never into the page's address or the
 * browser's storage; only the search options (designation set, journey limit) are kept in the address.
 */
import { api, explain } from './api.js';
import { count, h, table } from './dom.js';
import { param, setParams } from './url-state.js';

const NEEDS = ['ASD', 'SLCN', 'SEMH', 'MLD', 'SLD', 'PMLD', 'SPLD', 'HI', 'VI', 'MSI', 'PD', 'OTH'];
const DIFFICULTY = ['none', 'mild', 'moderate', 'severe', 'profound'];
const SETS = [
  ['approved', "Approved: officers' decisions"],
  ['current', "Current: today's five designations"],
  ['proposed', 'Proposed: the rules\u2019 proposals'],
];
const LEVELS = { special: 'Special school', srp: 'SRP', 'mainstream-outreach': 'Mainstream with outreach', mainstream: 'Mainstream' };

/** @param {HTMLElement} container */
export function initPlacementSearch(container) {
  const field = (/** @type {string} */ id, /** @type {string} */ label, /** @type {HTMLElement} */ control, /** @type {string} */ hint = '') =>
    h('div', { class: 'form-field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
  const need = h('select', { id: 'one-need', name: 'primaryNeed' }, ...NEEDS.map((n) => h('option', { value: n }, n)));
  const difficulty = h('select', { id: 'one-difficulty', name: 'learningDifficulty' }, ...DIFFICULTY.map((d) => h('option', { value: d }, d)));
  const age = h('input', { id: 'one-age', name: 'age', type: 'number', inputmode: 'numeric', min: 2, max: 25, step: 1, value: 9, required: true });
  const lsoa = h('input', { id: 'one-lsoa', name: 'lsoa', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'E01023972', 'aria-describedby': 'one-lsoa-hint', required: true });
  const set = /** @type {HTMLSelectElement} */ (h('select', { id: 'one-set', name: 'designationSet' }, ...SETS.map(([v, label]) => h('option', { value: v }, label))));
  const minutes = /** @type {HTMLInputElement} */ (h('input', { id: 'one-minutes', name: 'maxMinutes', type: 'number', inputmode: 'numeric', min: 1, max: 300, step: 1, placeholder: 'no limit', 'aria-describedby': 'one-minutes-hint' }));
  if (SETS.some(([v]) => v === param('set'))) set.value = /** @type {string} */ (param('set'));
  if (/^\d+$/.test(param('maxMinutes') ?? '')) minutes.value = /** @type {string} */ (param('maxMinutes'));
  const keep = () => setParams({ set: set.value === 'approved' ? null : set.value, maxMinutes: minutes.value });
  set.addEventListener('change', keep);
  minutes.addEventListener('change', keep);
  const status = h('p', { id: 'one-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const output = h('div', { id: 'one-results' });
  const form = h(
    'form',
    { id: 'one-form', class: 'batch-form' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Search for one child'),
      h(
        'div',
        { class: 'form-grid' },
        field('one-need', 'Primary need', need),
        field('one-difficulty', 'Learning difficulty', difficulty),
        field('one-age', 'Age (years, at the start of the school year)', age),
        field('one-lsoa', 'Home: LSOA code', lsoa, 'Where the child lives, as an LSOA code; the search measures journeys from its centre.'),
        field('one-set', 'Designations', set),
        field('one-minutes', 'Longest journey (minutes)', minutes, 'Estimated; leave empty for no limit.'),
      ),
      h('button', { type: 'submit', id: 'one-submit' }, 'Search'),
      status,
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (form));
    const profile = {
      primaryNeed: String(data.get('primaryNeed')),
      secondaryNeeds: [],
      learningDifficulty: String(data.get('learningDifficulty')),
      traits: [],
      age: Number(data.get('age')),
      home: { lsoa: String(data.get('lsoa')).trim().toUpperCase() },
    };
    const options = { designationSet: set.value, ...(minutes.value ? { maxMinutes: Number(minutes.value) } : {}) };
    status.textContent = 'Searching...';
    try {
      const r = await api('/placements/search', { method: 'POST', body: { profile, options } });
      status.textContent = '';
      const level = LEVELS[/** @type {keyof typeof LEVELS} */ (r.match.continuum.level)] ?? r.match.continuum.level;
      const what = r.match.continuum.designation ?? r.match.continuum.srpNeedType;
      output.replaceChildren(
        h('p', { id: 'one-level' }, h('strong', {}, `Level of support: ${what ? `${level}, ${what}` : level}.`), ` Phase: ${r.phase ?? 'none'}.`),
        r.candidates.length
          ? table({
              caption: 'Provisions that can take the child, nearest first',
              id: 'one-table',
              rows: r.candidates,
              columns: [
                { label: 'Provision', value: (c) => c.name },
                { label: 'Kind', value: (c) => (c.kind === 'srp' ? 'SRP' : c.kind === 'satellite' ? 'Satellite' : 'Special school') },
                { label: 'Minutes', value: (c) => `${count(c.travelMinutes)}${c.overGuideline ? ' (over the guideline)' : ''}`, numeric: true },
                { label: 'Km', value: (c) => count(c.distanceKm), numeric: true },
                { label: 'Free places', value: (c) => (c.freePlaces.places === null ? 'not known' : count(c.freePlaces.places)), numeric: true },
              ],
            })
          : h('p', {}, 'No provision within these limits can take this child.'),
      );
    } catch (err) {
      status.textContent = explain(err);
    }
  });
  container.replaceChildren(
    h('p', { class: 'hint' }, 'The profile goes to the service for this search only: it is not stored, logged or kept in this page\u2019s address. Needs a key of any role.'),
    form,
    output,
  );
}
