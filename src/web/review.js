// @ts-check
/**
 * Officers' review of each special school's proposed designation, as one compact table: a row per
 * school (current designation, proposal, status), filters (ambiguous only, undecided only, by
 * district), and the evidence with the decision form opening under the school's row. Needs an API
 * key (any role to read, officer to decide); a stale version gets 409 from the service and the table
 * reloads with the latest decision.
 */
import { api, apiKey, ApiError, explain } from './api.js';
import { h } from './dom.js';

const PROPOSED = { CLN: 'Complex Learning Needs', SEMH: 'Social, Emotional and Mental Health', NLD: 'Neurodivergent with Learning Difficulties' };
const STATUS_WORDS = { proposed: 'Under review', approved: 'Approved', overridden: 'Overridden' };

/**
 * @typedef {(notice?: { urn: number, message: string, reopen?: boolean }) => Promise<void>} Reload
 * @typedef {{ urn: number, name: string, district: { name: string }, current: string, currentName: string,
 *   proposed: keyof typeof PROPOSED, alternatives: (keyof typeof PROPOSED)[], ambiguous: boolean, confidence: string,
 *   rationale: string[], status: keyof typeof STATUS_WORDS, designation: string, decidedDesignation: string | null,
 *   reason: string | null, reviewer: string | null, decidedAt: string | null, version: number,
 *   proposalChangedSinceDecision: boolean }} Mapping
 * @typedef {{ ambiguous: boolean, undecided: boolean, district: string }} Filters
 */

/** @param {string} code */
const designation = (code) => `${PROPOSED[/** @type {keyof typeof PROPOSED} */ (code)] ?? code} (${code})`;
const day = (/** @type {string | null} */ at) => (at ? new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '');

/**
 * The decision form. The override designation is only asked for (and only enabled) when the officer
 * chooses to override, so an approval can never carry a designation by mistake.
 * @param {Mapping} m
 * @param {Reload} reload
 */
function decisionForm(m, reload) {
  const id = (/** @type {string} */ name) => `review-${m.urn}-${name}`;
  // The rule's alternatives first: they are the likeliest overrides.
  const others = [...m.alternatives, ...Object.keys(PROPOSED).filter((c) => c !== m.proposed && !m.alternatives.includes(/** @type {any} */ (c)))];
  const status = h('p', { class: 'status', role: 'status', id: id('status') });
  const approve = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'decision', value: 'approve', id: id('approve'), checked: true }));
  const override = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'decision', value: 'override', id: id('override') }));
  const overrideSelect = /** @type {HTMLSelectElement} */ (
    h('select', { id: id('designation'), name: 'designation', disabled: true, 'aria-describedby': id('designation-hint') }, ...others.map((c) => h('option', { value: c }, designation(c))))
  );
  const follow = () => (overrideSelect.disabled = !override.checked);
  approve.addEventListener('change', follow);
  override.addEventListener('change', follow);
  const form = h(
    'form',
    { class: 'decision-form', 'data-urn': m.urn },
    h(
      'fieldset',
      {},
      h('legend', {}, `Your decision on ${m.name}`),
      h('div', { class: 'radio' }, approve, h('label', { for: id('approve') }, `Approve the proposal: ${designation(m.proposed)}`)),
      h('div', { class: 'radio' }, override, h('label', { for: id('override') }, 'Override with another designation')),
      h('label', { for: id('designation') }, 'Designation instead'),
      overrideSelect,
      h('p', { class: 'hint', id: id('designation-hint') }, 'Only for an override: choose "Override" first.'),
      h('label', { for: id('reason') }, 'Reason (recorded in the audit log)'),
      h('textarea', { id: id('reason'), name: 'reason', required: true, maxlength: 2000 }),
      h('button', { type: 'submit' }, 'Record decision'),
      status,
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (form));
    const decision = String(data.get('decision'));
    const body = { decision, reason: String(data.get('reason') ?? '').trim(), expectedVersion: m.version, ...(decision === 'override' ? { designation: overrideSelect.value } : {}) };
    status.textContent = 'Recording...';
    try {
      await api(`/designations/mappings/${m.urn}/decision`, { method: 'POST', body });
      await reload({ urn: m.urn, message: 'Decision recorded.' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        await reload({ urn: m.urn, reopen: true, message: `Not recorded: ${err.message}. The row shows the latest decision; decide again if you still disagree.` });
      } else {
        status.textContent = explain(err);
      }
    }
  });
  return form;
}

/**
 * A school's row and, under it, its evidence and decision form (hidden until opened).
 * @param {Mapping} m
 * @param {Reload} reload
 * @param {boolean} open
 */
function reviewRows(m, reload, open) {
  const detailId = `review-${m.urn}-detail`;
  const decided = m.status === 'proposed' ? 'Under review' : `${STATUS_WORDS[m.status]}: ${m.designation}`;
  const toggle = h('button', { type: 'button', class: 'secondary', 'aria-expanded': String(open), 'aria-controls': detailId }, m.status === 'proposed' ? 'Decide' : 'Change');
  toggle.setAttribute('aria-label', `${m.status === 'proposed' ? 'Decide on' : 'Change the decision on'} ${m.name}`);
  const detail = h(
    'tr',
    { class: 'review-detail', id: detailId, hidden: !open },
    h(
      'td',
      { colspan: 6 },
      h(
        'div',
        { class: 'review-detail-body' },
        h(
          'div',
          {},
          h('h3', { tabindex: -1 }, `Evidence: ${m.name}`),
          h('ul', {}, ...m.rationale.map((line) => h('li', {}, line))),
          m.status === 'proposed' ? null : h('p', {}, `Latest decision (version ${m.version}): ${designation(m.designation)} by ${m.reviewer} on ${day(m.decidedAt)}. Reason: ${m.reason}`),
          m.proposalChangedSinceDecision ? h('p', { class: 'worse' }, 'The rules now propose something else than when this decision was made: please review again.') : null,
        ),
        decisionForm(m, reload),
      ),
    ),
  );
  toggle.addEventListener('click', () => {
    const opening = detail.hidden;
    detail.hidden = !opening;
    toggle.setAttribute('aria-expanded', String(opening));
    if (opening) /** @type {HTMLElement | null} */ (detail.querySelector('h3'))?.focus();
  });
  const row = h(
    'tr',
    { id: `review-${m.urn}`, class: 'review-row', 'data-status': m.status, 'data-ambiguous': String(m.ambiguous) },
    h('th', { scope: 'row' }, m.name, ' ', h('span', { class: 'muted urn' }, `URN ${m.urn}`)),
    h('td', {}, m.district.name),
    h('td', {}, `${m.currentName} (${m.current})`),
    h(
      'td',
      {},
      h('abbr', { title: PROPOSED[m.proposed] }, m.proposed),
      h('span', { class: 'muted' }, `, ${m.confidence} confidence`),
      m.ambiguous ? h('br') : null,
      m.ambiguous ? h('span', { class: 'flag' }, `ambiguous: also ${m.alternatives.join(', ')}`) : null,
    ),
    h('td', { class: 'review-status' }, decided, m.status === 'proposed' ? null : h('span', { class: 'muted' }, ` by ${m.reviewer}, ${day(m.decidedAt)}`)),
    h('td', {}, toggle),
  );
  return [row, detail];
}

/**
 * @param {Mapping[]} items
 * @param {Filters} filters
 */
function filtered(items, filters) {
  return items.filter(
    (m) => (!filters.ambiguous || m.ambiguous) && (!filters.undecided || m.status === 'proposed') && (!filters.district || m.district.name === filters.district),
  );
}

/**
 * The filters: checkboxes and a district select, applied at once as they change.
 * @param {Filters} filters
 * @param {string[]} districts
 * @param {() => void} apply
 */
function filterControls(filters, districts, apply) {
  const check = (/** @type {'ambiguous' | 'undecided'} */ key, /** @type {string} */ label) => {
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: `review-${key}`, checked: filters[key] }));
    input.addEventListener('change', () => {
      filters[key] = input.checked;
      apply();
    });
    return h('div', { class: 'check' }, input, h('label', { for: `review-${key}` }, label));
  };
  const district = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'review-district' }, h('option', { value: '' }, 'All districts'), ...districts.map((d) => h('option', { value: d }, d)))
  );
  district.value = filters.district;
  district.addEventListener('change', () => {
    filters.district = district.value;
    apply();
  });
  return h(
    'div',
    { class: 'review-filters', role: 'group', 'aria-label': 'Show only' },
    check('ambiguous', 'Ambiguous proposals only'),
    check('undecided', 'Undecided only'),
    h('div', { class: 'select-filter' }, h('label', { for: 'review-district' }, 'District'), district),
  );
}

/**
 * @param {HTMLElement} container
 * @param {(err: unknown) => void} _showError
 */
export function initReview(container, _showError) {
  /** @type {Filters} */
  const filters = { ambiguous: false, undecided: false, district: '' };
  /** @type {Reload} */
  const load = async (notice) => {
    if (!apiKey.get()) {
      container.replaceChildren(h('p', { class: 'muted' }, 'Officers: enter your API key (under \u201cYour API key\u201d at the top of the page) to review each special school\u2019s proposed designation.'));
      return;
    }
    try {
      const { items, counts } = /** @type {{ items: Mapping[], counts: Record<string, number> }} */ (await api('/designations/mappings'));
      const total = counts.proposed + counts.approved + counts.overridden;
      const districts = [...new Set(items.map((m) => m.district.name))].sort();
      const shown = h('p', { id: 'review-shown', role: 'status' });
      const body = h('tbody');
      const draw = () => {
        const rows = filtered(items, filters);
        body.replaceChildren(...rows.flatMap((m) => reviewRows(m, load, !!notice?.reopen && notice.urn === m.urn)));
        if (!rows.length) body.append(h('tr', {}, h('td', { colspan: 6 }, 'No school matches these filters.')));
        shown.textContent = `Showing ${rows.length} of ${items.length} schools.`;
      };
      draw();
      const head = h('tr', {}, ...['School', 'District', 'Current designation', 'Proposed', 'Status', 'Decision'].map((label) => h('th', { scope: 'col' }, label)));
      container.replaceChildren(
        h('p', { id: 'review-counts' }, `${total} special schools: ${counts.proposed} under review, ${counts.approved} approved, ${counts.overridden} overridden.`),
        filterControls(filters, districts, draw),
        shown,
        h('p', { class: 'hint' }, 'Every decision is kept in the audit log (GET /audit) under the name of the key that made it.'),
        h(
          'div',
          { class: 'table-wrap review-table', tabindex: 0, role: 'region', 'aria-label': 'Special schools and their designations' },
          h('table', { id: 'review-table' }, h('caption', {}, 'Special schools: current designation, proposal and decision'), h('thead', {}, head), body),
        ),
      );
      if (notice) {
        // The table was redrawn: say what happened at the school, and put focus back there.
        const where = notice.reopen ? document.getElementById(`review-${notice.urn}-status`) : document.querySelector(`#review-${notice.urn} .review-status`);
        if (!where) shown.textContent += ` ${notice.message}`; // the school is filtered out of view
        else if (notice.reopen) where.textContent = notice.message;
        else where.append(h('span', { class: 'status', role: 'status' }, ` ${notice.message}`));
        /** @type {HTMLElement | null} */ (document.querySelector(notice.reopen ? `#review-${notice.urn}-detail h3` : `#review-${notice.urn} button`))?.focus();
      }
    } catch (err) {
      container.replaceChildren(h('p', { class: 'status' }, err instanceof ApiError && err.status === 404 ? 'This service has no designation review yet.' : explain(err)));
    }
  };
  document.addEventListener('planner:key', () => void load());
  void load();
}

/** The officers' review as a section of the Designations page (pages.js). */
export const reviewSection = {
  id: 'review-section',
  heading: 'Designation mapping review (officers)',
  containerId: 'review-list',
  init: (/** @type {HTMLElement} */ container, /** @type {{ showError: (err: unknown) => void }} */ context) => initReview(container, context.showError),
};
