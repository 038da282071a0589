// @ts-check
/**
 * The scenario editor, for commissioners: every scenario the service holds, and a form to create,
 * duplicate, edit and delete saved ones without writing JSON. The form is generated from the
 * scenario's JSON Schema as the service publishes it (schema-form.js), so its help text is the
 * schema's own. Edits and deletions send the version they were made on (If-Match): when someone
 * changed the scenario meanwhile, the service answers 409 and the form offers the latest version.
 * Running goes through the page's run logic, which compares a scenario's run with its previous run.
 */
import { api, ApiError, explain } from './api.js';
import { h } from './dom.js';
import { plain, schemaForm } from './schema-form.js';

/**
 * @typedef {{ id: string, name: string, description: string, year: number, level: string, designationSet: string,
 *   source: 'file' | 'saved', version: number | null, updatedAt: string | null }} Entry
 * @typedef {{ mode: 'new' | 'duplicate' | 'edit', id?: string, version?: number, from?: string, value: object }} Editing
 */

const LEVELS = { district: 'Districts', msoa: 'MSOAs', lsoa: 'LSOAs' };

/** The scenario's JSON Schema (input side: what may be sent), from the service's OpenAPI document. */
let schemaOnce = /** @type {Promise<Record<string, any>> | null} */ (null);
const scenarioSchema = () => (schemaOnce ??= api('/openapi.json').then((doc) => doc.components.schemas.ScenarioInput));

/**
 * @param {HTMLElement} container
 * @param {{ onRun: (scenarioId: string) => Promise<string>, onChange: () => Promise<void> }} hooks
 *   onRun runs the scenario on the page and says what happened; onChange tells the page the list changed.
 */
export function initScenarioEditor(container, hooks) {
  /** @type {Entry[]} */
  let items = [];
  const status = h('p', { class: 'status', role: 'status', id: 'editor-status' });
  const list = h('div', { id: 'scenario-list' });
  const formSlot = h('div', { id: 'scenario-form-slot' });
  const newButton = h('button', { type: 'button', id: 'new-scenario' }, 'New scenario');
  newButton.addEventListener('click', () => openForm({ mode: 'new', value: {} }));
  container.replaceChildren(
    h(
      'p',
      { class: 'hint' },
      'Shipped scenarios are read-only: duplicate one to change it. Saving, editing and deleting need a commissioner\u2019s API key; running needs any key. ',
      'Every change is kept in the scenario audit log (GET /audit/scenarios).',
    ),
    newButton,
    status,
    list,
    formSlot,
  );

  const say = (/** @type {string} */ text) => (status.textContent = text);

  async function load() {
    try {
      items = (await api('/scenarios')).items;
      list.replaceChildren(scenarioTable());
    } catch (err) {
      list.replaceChildren(h('p', { class: 'status' }, explain(err)));
    }
  }

  function scenarioTable() {
    const head = h('tr', {}, ...['Scenario', 'Year', 'Localities', 'Designations', 'Source', 'Actions'].map((label) => h('th', { scope: 'col' }, label)));
    const rows = items.map((s) => {
      const button = (/** @type {string} */ text, /** @type {string} */ action, /** @type {() => void} */ onClick) => {
        const b = h('button', { type: 'button', class: 'secondary', 'data-action': action, 'aria-label': `${text} ${s.name}` }, text);
        b.addEventListener('click', onClick);
        return b;
      };
      const actions = h(
        'div',
        { class: 'row-actions' },
        button('Run', 'run', () => run(s)),
        button('Duplicate', 'duplicate', () => duplicate(s)),
        s.source === 'saved' ? button('Edit', 'edit', () => edit(s.id)) : null,
        s.source === 'saved' ? button('Delete', 'delete', () => confirmDelete(s, actions)) : null,
      );
      return h(
        'tr',
        { 'data-scenario': s.id, 'data-source': s.source },
        h('th', { scope: 'row' }, s.name, h('br'), h('span', { class: 'muted urn' }, s.id)),
        h('td', {}, String(s.year)),
        h('td', {}, LEVELS[/** @type {keyof typeof LEVELS} */ (s.level)] ?? s.level),
        h('td', {}, s.designationSet),
        h('td', {}, s.source === 'file' ? 'Shipped (read-only)' : `Saved, version ${s.version}`),
        h('td', {}, actions),
      );
    });
    return h(
      'div',
      { class: 'table-wrap scenario-table', tabindex: 0, role: 'region', 'aria-label': 'Scenarios' },
      h('table', { id: 'scenario-table' }, h('caption', {}, 'Scenarios: shipped with the service and saved by commissioners'), h('thead', {}, head), h('tbody', {}, ...rows)),
    );
  }

  async function run(/** @type {Entry} */ s) {
    say(`Running ${s.name}...`);
    try {
      say(await hooks.onRun(s.id));
    } catch (err) {
      say(`${s.name} did not run: ${explain(err)}`);
    }
  }

  /** A free id for a copy: "<id>-copy", then "<id>-copy-2", ... */
  function copyId(/** @type {string} */ id) {
    const taken = new Set(items.map((s) => s.id));
    const base = `${id.slice(0, 55)}-copy`;
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  async function duplicate(/** @type {Entry} */ s) {
    try {
      const { scenario } = await api(`/scenarios/${encodeURIComponent(s.id)}`);
      const { $schema: _ignored, ...value } = scenario;
      await openForm({ mode: 'duplicate', from: s.name, value: { ...value, id: copyId(s.id), name: `Copy of ${s.name}`.slice(0, 200) } });
    } catch (err) {
      say(explain(err));
    }
  }

  async function edit(/** @type {string} */ id) {
    try {
      const { scenario, version } = await api(`/scenarios/${encodeURIComponent(id)}`);
      await openForm({ mode: 'edit', id, version, value: scenario });
    } catch (err) {
      say(explain(err));
    }
  }

  /** Asks in the row itself (no dialog box), then deletes with the version listed. */
  function confirmDelete(/** @type {Entry} */ s, /** @type {HTMLElement} */ actions) {
    const yes = h('button', { type: 'button', class: 'warning', 'data-action': 'confirm-delete' }, 'Yes, delete it');
    const no = h('button', { type: 'button', class: 'secondary', 'data-action': 'keep' }, 'Keep it');
    const question = h('p', { class: 'confirm', id: `delete-${s.id}` }, `Delete ${s.name}? Its runs and its history stay.`);
    yes.setAttribute('aria-describedby', question.id);
    actions.replaceChildren(question, yes, no);
    yes.focus();
    no.addEventListener('click', () => {
      list.replaceChildren(scenarioTable());
      /** @type {HTMLElement | null} */ (list.querySelector(`tr[data-scenario="${s.id}"] [data-action="delete"]`))?.focus();
    });
    yes.addEventListener('click', async () => {
      try {
        await api(`/scenarios/${encodeURIComponent(s.id)}`, { method: 'DELETE', headers: { 'if-match': `"${s.version}"` } });
        if (formSlot.dataset.editing === s.id) closeForm();
        await load();
        await hooks.onChange();
        // Said once the list and the run form no longer offer it.
        say(`Deleted ${s.name}.`);
        newButton.focus();
      } catch (err) {
        say(`${s.name} was not deleted: ${explain(err)}`);
        await load();
      }
    });
  }

  function closeForm() {
    formSlot.replaceChildren();
    delete formSlot.dataset.editing;
  }

  /** @param {Editing} editing */
  async function openForm(editing) {
    const schema = await scenarioSchema();
    const form = schemaForm(schema, editing.value, { nouns: { supply: 'supply change', pathwayShifts: 'pathway shift' } });
    const title =
      editing.mode === 'edit' ? `Edit ${/** @type {any} */ (editing.value).name} (version ${editing.version})` : editing.mode === 'duplicate' ? `New scenario: a copy of ${editing.from}` : 'New scenario';
    const heading = h('h3', { id: 'scenario-form-heading', tabindex: -1 }, title);
    const summary = h('div', { class: 'error-summary', id: 'scenario-form-errors', role: 'alert', hidden: true, tabindex: -1 });
    const formStatus = h('p', { class: 'status', role: 'status', id: 'scenario-form-status' });
    const save = h('button', { type: 'submit', id: 'save-scenario' }, editing.mode === 'edit' ? 'Save changes' : 'Save scenario');
    const cancel = h('button', { type: 'button', class: 'secondary', id: 'cancel-scenario' }, 'Cancel');
    const el = h(
      'form',
      { id: 'scenario-form', class: 'scenario-form', novalidate: true, 'aria-labelledby': 'scenario-form-heading' },
      heading,
      h('p', { class: 'hint' }, 'Fields left empty take the defaults shown (each assumption is listed with its value in every run). Only the id, the name and the year are needed.'),
      summary,
      form.el,
      h('div', { class: 'form-actions' }, save, cancel),
      formStatus,
    );
    // An id cannot change once saved: save under a new id (duplicate) instead.
    if (editing.mode === 'edit') {
      const idInput = /** @type {HTMLInputElement | null} */ (form.el.querySelector('input[type="text"]'));
      if (idInput) idInput.readOnly = true;
    }
    cancel.addEventListener('click', () => {
      closeForm();
      newButton.focus();
    });
    el.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = form.read();
      form.mark([]);
      summary.hidden = true;
      formStatus.textContent = 'Saving...';
      try {
        const saved =
          editing.mode === 'edit'
            ? await api(`/scenarios/${encodeURIComponent(/** @type {string} */ (editing.id))}`, { method: 'PUT', body: value, headers: { 'if-match': `"${editing.version}"` } })
            : await api('/scenarios', { method: 'POST', body: value });
        closeForm();
        await load();
        await hooks.onChange();
        // Said once the list and the run form show it.
        say(`Saved ${/** @type {any} */ (value).name ?? saved.id} (${saved.id}, version ${saved.version}).`);
        /** @type {HTMLElement | null} */ (list.querySelector(`tr[data-scenario="${saved.id}"] [data-action="run"]`))?.focus();
      } catch (err) {
        formStatus.textContent = '';
        showProblem(err, form, summary, editing);
      }
    });
    formSlot.replaceChildren(el);
    formSlot.dataset.editing = editing.id ?? '';
    heading.focus();
  }

  /**
   * A refused save: each field's error at the field and in a summary at the top (linking to it);
   * a stale version with a way to load the latest.
   * @param {unknown} err @param {ReturnType<typeof schemaForm>} form @param {HTMLElement} summary @param {Editing} editing
   */
  function showProblem(err, form, summary, editing) {
    const issues = err instanceof ApiError ? err.issues : [];
    form.mark(issues);
    const items = issues.length
      ? issues.map((i) => {
          const message = plain(i.message);
          const at = /** @type {HTMLElement | null} */ ([...form.el.querySelectorAll('.field-error:not([hidden])')].find((e) => e.textContent?.includes(message)) ?? null);
          const input = at?.parentElement?.querySelector('input, select, textarea');
          const text = `${i.path.replace(/^body\.?/, '').replace(/\[(\d+)\]/g, '.$1') || 'scenario'}: ${message}`;
          return h('li', {}, input?.id ? h('a', { href: `#${input.id}` }, text) : text);
        })
      : [h('li', {}, explain(err))];
    const children = [h('h4', {}, 'The scenario was not saved'), h('ul', {}, ...items)];
    if (err instanceof ApiError && err.status === 409 && editing.mode === 'edit') {
      const reload = h('button', { type: 'button', class: 'secondary', id: 'reload-scenario' }, 'Load the latest version (your changes here are dropped)');
      reload.addEventListener('click', async () => {
        await load();
        await edit(/** @type {string} */ (editing.id));
      });
      children.push(reload);
    }
    summary.replaceChildren(...children);
    summary.hidden = false;
    summary.focus();
  }

  void load();
}
