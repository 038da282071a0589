// @ts-check
/**
 * Officers' review of each special school's proposed designation: the evidence, the latest decision,
 * and a form to approve the proposal or override it with a reason. Needs an API key (any role to
 * read, officer to decide); a stale version gets 409 from the service and the list reloads.
 */
import { api, apiKey, ApiError, explain } from './api.js';
import { h } from './dom.js';

const PROPOSED = { CLN: 'Complex Learning Needs', SEMH: 'Social, Emotional and Mental Health', NLD: 'Neurodivergent with Learning Difficulties' };
const STATUS_WORDS = { proposed: 'Under review', approved: 'Approved', overridden: 'Overridden' };

/**
 * @typedef {(notice?: { urn: number, message: string }) => Promise<void>} Reload
 * @typedef {{ urn: number, name: string, district: { name: string }, current: string, currentName: string,
 *   proposed: keyof typeof PROPOSED, alternatives: (keyof typeof PROPOSED)[], ambiguous: boolean, confidence: string,
 *   rationale: string[], status: keyof typeof STATUS_WORDS, designation: string, decidedDesignation: string | null,
 *   reason: string | null, reviewer: string | null, decidedAt: string | null, version: number,
 *   proposalChangedSinceDecision: boolean }} Mapping
 */

/** @param {string} code */
const designation = (code) => `${PROPOSED[/** @type {keyof typeof PROPOSED} */ (code)] ?? code} (${code})`;

/**
 * @param {Mapping} m
 * @param {Reload} reload
 */
function decisionForm(m, reload) {
  const id = (/** @type {string} */ name) => `review-${m.urn}-${name}`;
  // The rule's alternatives first: they are the likeliest overrides.
  const others = [...m.alternatives, ...Object.keys(PROPOSED).filter((c) => c !== m.proposed && !m.alternatives.includes(/** @type {any} */ (c)))];
  const status = h('p', { class: 'status', role: 'status', id: id('status') });
  const overrideSelect = h('select', { id: id('designation'), name: 'designation' }, ...others.map((c) => h('option', { value: c }, designation(c))));
  const form = h(
    'form',
    { class: 'decision-form', 'data-urn': m.urn },
    h(
      'fieldset',
      {},
      h('legend', {}, `Your decision on ${m.name}`),
      h('div', { class: 'radio' }, h('input', { type: 'radio', name: 'decision', value: 'approve', id: id('approve'), checked: true }), h('label', { for: id('approve') }, `Approve the proposal: ${designation(m.proposed)}`)),
      h('div', { class: 'radio' }, h('input', { type: 'radio', name: 'decision', value: 'override', id: id('override') }), h('label', { for: id('override') }, 'Override with another designation')),
      h('label', { for: id('designation') }, 'Designation instead (for an override)'),
      overrideSelect,
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
    const body = { decision, reason: String(data.get('reason') ?? '').trim(), expectedVersion: m.version, ...(decision === 'override' ? { designation: String(data.get('designation')) } : {}) };
    status.textContent = 'Recording...';
    try {
      await api(`/designations/mappings/${m.urn}/decision`, { method: 'POST', body });
      await reload({ urn: m.urn, message: 'Decision recorded.' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        await reload({ urn: m.urn, message: `Not recorded: ${err.message}. Above is the latest decision; decide again if you still disagree.` });
      } else {
        status.textContent = explain(err);
      }
    }
  });
  return form;
}

/**
 * @param {Mapping} m
 * @param {Reload} reload
 */
function reviewItem(m, reload) {
  const decided = m.status === 'proposed' ? 'Not yet decided.' : `${STATUS_WORDS[m.status]}: ${designation(m.designation)} by ${m.reviewer} on ${new Date(m.decidedAt ?? '').toLocaleString('en-GB')} (version ${m.version}). Reason: ${m.reason}`;
  return h(
    'article',
    { class: 'review-item', id: `review-${m.urn}`, 'data-status': m.status },
    h('h3', { tabindex: -1 }, `${m.name} (URN ${m.urn}, ${m.district.name})`),
    h(
      'dl',
      { class: 'review-facts' },
      h('dt', {}, 'Current designation'),
      h('dd', {}, `${m.currentName} (${m.current})`),
      h('dt', {}, 'Proposed'),
      h('dd', {}, `${designation(m.proposed)}, ${m.confidence} confidence${m.ambiguous ? `; ambiguous: also fits ${m.alternatives.map(designation).join(', ')}` : ''}`),
      h('dt', {}, 'Status'),
      h('dd', { class: 'review-status' }, decided),
    ),
    m.proposalChangedSinceDecision ? h('p', { class: 'worse' }, 'The rules now propose something else than when this decision was made: please review again.') : null,
    h('details', {}, h('summary', {}, `Evidence and rationale (${m.rationale.length} points)`), h('ul', {}, ...m.rationale.map((line) => h('li', {}, line)))),
    h('details', {}, h('summary', {}, m.status === 'proposed' ? 'Decide' : 'Change the decision'), decisionForm(m, reload)),
  );
}

/**
 * @param {HTMLElement} container
 * @param {(err: unknown) => void} _showError
 */
export function initReview(container, _showError) {
  let filter = '';
  const filterSelect = h(
    'select',
    { id: 'review-filter' },
    h('option', { value: '' }, 'All schools'),
    ...Object.entries(STATUS_WORDS).map(([value, label]) => h('option', { value }, label)),
  );
  filterSelect.addEventListener('change', () => {
    filter = /** @type {HTMLSelectElement} */ (filterSelect).value;
    void load();
  });
  /** @type {Reload} */
  const load = async (notice) => {
    if (!apiKey.get()) {
      container.replaceChildren(h('p', { class: 'muted' }, 'Officers: enter your API key above to review each special school\u2019s proposed designation.'));
      return;
    }
    try {
      const { items, counts } = await api(`/designations/mappings${filter ? `?status=${filter}` : ''}`);
      const total = counts.proposed + counts.approved + counts.overridden;
      container.replaceChildren(
        h('p', { id: 'review-counts' }, `${total} special schools: ${counts.proposed} under review, ${counts.approved} approved, ${counts.overridden} overridden.`),
        h('label', { for: 'review-filter' }, 'Show'),
        filterSelect,
        h('p', { class: 'hint' }, 'Every decision is kept in the audit log (GET /audit) under the name of the key that made it.'),
        ...items.map((/** @type {Mapping} */ m) => reviewItem(m, load)),
      );
      if (!items.length) container.append(h('p', { class: 'muted' }, 'No school has this status.'));
      if (notice) {
        // The list was redrawn: say what happened next to the school, and put focus back there.
        const item = document.getElementById(`review-${notice.urn}`);
        item?.querySelector('.review-facts')?.after(h('p', { class: 'status', role: 'status' }, notice.message));
        item?.querySelector('h3')?.focus();
      }
    } catch (err) {
      container.replaceChildren(h('p', { class: 'status' }, err instanceof ApiError && err.status === 404 ? 'This service has no designation review yet.' : explain(err)));
    }
  };
  document.addEventListener('planner:key', () => void load());
  void load();
}
