// @ts-check
/**
 * The API keys page, for admins: make a key (shown once, here, and never again: the service keeps
 * only its hash), list every key with its role and state, revoke one (confirmed in its row), and
 * read the key log, which records each key made and revoked from this page (under the admin's key)
 * or from the command line (`npm run keys`). Needs an admin key; the page says so otherwise.
 */
import { api, apiKey, ApiError, explain } from './api.js';
import { h, table } from './dom.js';

const ROLES = [
  ['commissioner', 'Commissioner: runs and saves scenarios, makes plans'],
  ['planner', 'Placement planner: matching and placement search'],
  ['officer', 'Officer: decides designations'],
  ['admin', 'Admin: manages keys, and may do everything'],
];
const when = (/** @type {string | null} */ at) => (at ? new Date(at).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }) : '');

/**
 * @typedef {{ id: string, name: string, role: string, keyPrefix: string, createdAt: string, revokedAt: string | null }} ApiKey
 * @typedef {{ id: number, at: string, action: 'create' | 'revoke', keyId: string, keyName: string, keyRole: string, by: string, via: string }} KeyLogEntry
 */

/** @param {HTMLElement} container */
export function initKeysPage(container) {
  const name = /** @type {HTMLInputElement} */ (h('input', { id: 'new-key-name', name: 'name', type: 'text', maxlength: 100, required: true, autocomplete: 'off', 'aria-describedby': 'new-key-name-hint' }));
  const role = /** @type {HTMLSelectElement} */ (h('select', { id: 'new-key-role', name: 'role' }, ...ROLES.map(([v, label]) => h('option', { value: v }, label))));
  const status = h('p', { id: 'new-key-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const made = h('div', { id: 'new-key-made', 'aria-live': 'polite' });
  const form = h(
    'form',
    { id: 'new-key-form', class: 'control-group' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Make a key'),
      h('label', { for: 'new-key-name' }, "Holder's name"),
      name,
      h('p', { id: 'new-key-name-hint', class: 'hint' }, 'Recorded on everything the key does (decisions, scenarios, plans) and in the key log.'),
      h('label', { for: 'new-key-role' }, 'Role'),
      role,
      h('button', { type: 'submit', id: 'new-key-submit' }, 'Make the key'),
      status,
    ),
  );
  const list = h('div', { id: 'keys-list' });
  const log = h('div', { id: 'keys-log' });
  container.replaceChildren(
    form,
    made,
    h('h3', { id: 'keys-list-heading' }, 'Keys'),
    list,
    h('h3', { id: 'keys-log-heading' }, 'Key log'),
    h('p', { class: 'hint' }, 'Every key made and revoked, from this page or the command line, oldest first. Entries are never changed or removed. ', h('a', { href: '/audit/keys?format=xlsx', id: 'keys-log-xlsx' }, 'Download the key log (Excel)'), '.'),
    log,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Making the key...';
    try {
      const answer = /** @type {{ key: string, apiKey: ApiKey }} */ (await api('/api-keys', { method: 'POST', body: { name: name.value, role: role.value } }));
      status.textContent = `Made a ${answer.apiKey.role} key for ${answer.apiKey.name}.`;
      name.value = '';
      showOnce(answer);
      await load();
    } catch (err) {
      status.textContent = explain(err);
    }
  });

  /** The new key, shown this once, with a button to copy it. @param {{ key: string, apiKey: ApiKey }} answer */
  function showOnce(answer) {
    const value = /** @type {HTMLInputElement} */ (h('input', { id: 'new-key-value', type: 'text', readonly: true, value: answer.key, 'aria-describedby': 'new-key-once', spellcheck: 'false' }));
    const copied = h('span', { class: 'status', role: 'status' });
    const copy = h('button', { type: 'button', class: 'secondary', id: 'new-key-copy' }, 'Copy the key');
    copy.addEventListener('click', async () => {
      value.select();
      try {
        await navigator.clipboard.writeText(answer.key);
        copied.textContent = ' Copied.';
      } catch {
        copied.textContent = ' Select the key and copy it (this browser did not let the page copy).';
      }
    });
    const done = h('button', { type: 'button', class: 'secondary', id: 'new-key-done' }, 'I have given it to its holder');
    done.addEventListener('click', () => made.replaceChildren());
    made.replaceChildren(
      h(
        'div',
        { class: 'note key-once' },
        h('label', { for: 'new-key-value' }, `The key for ${answer.apiKey.name} (${answer.apiKey.role})`),
        value,
        h('p', { id: 'new-key-once', class: 'hint' }, 'Shown this once: the service keeps only its hash and cannot show it again. Give it to its holder now, by a safe route.'),
        h('div', { class: 'form-actions' }, copy, copied, done),
      ),
    );
    value.focus();
    value.select();
  }

  /** @param {ApiKey[]} keys */
  function keysTable(keys) {
    return table({
      caption: 'Every key, revoked ones included (the key itself is never shown)',
      id: 'keys-table',
      rows: keys,
      columns: [
        { label: 'Holder', value: (k) => k.name },
        { label: 'Role', value: (k) => k.role },
        { label: 'Key starts', value: (k) => h('code', {}, k.keyPrefix) },
        { label: 'Made', value: (k) => when(k.createdAt) },
        {
          label: 'State',
          value: (k) => {
            if (k.revokedAt) return `Revoked ${when(k.revokedAt)}`;
            const cell = h('div', { class: 'row-actions', 'data-key': k.id });
            const revoke = h('button', { type: 'button', class: 'warning', 'aria-label': `Revoke the key of ${k.name} (${k.role})` }, 'Revoke');
            revoke.addEventListener('click', () => {
              const confirm = h('button', { type: 'button', class: 'warning', 'data-confirm-revoke': k.id }, 'Revoke now');
              const cancel = h('button', { type: 'button', class: 'secondary' }, 'Keep it');
              confirm.addEventListener('click', async () => {
                try {
                  await api(`/api-keys/${encodeURIComponent(k.id)}/revoke`, { method: 'POST' });
                  await load();
                } catch (err) {
                  cell.replaceChildren(h('span', { class: 'status' }, explain(err)));
                }
              });
              cancel.addEventListener('click', () => void load());
              cell.replaceChildren(h('p', { class: 'confirm' }, `Revoke ${k.name}'s key? It stops working at once and cannot be restored.`), confirm, cancel);
              confirm.focus();
            });
            cell.append('Active ', revoke);
            return cell;
          },
        },
      ],
    });
  }

  /** @param {KeyLogEntry[]} entries */
  function logTable(entries) {
    return table({
      caption: 'The key log: keys made and revoked, oldest first',
      id: 'keys-log-table',
      rows: entries,
      columns: [
        { label: 'When', value: (e) => when(e.at) },
        { label: 'What', value: (e) => (e.action === 'create' ? 'Made' : 'Revoked') },
        { label: 'Key of', value: (e) => `${e.keyName} (${e.keyRole})` },
        { label: 'By', value: (e) => e.by },
        { label: 'From', value: (e) => ({ api: 'this page or the API', 'command-line': 'the command line', other: 'not recorded' })[e.via] ?? e.via },
      ],
    });
  }

  async function load() {
    if (!apiKey.get()) {
      list.replaceChildren(h('p', { class: 'muted' }, 'Admins: enter an admin API key under \u201cYour API key\u201d at the top of the page to manage keys.'));
      log.replaceChildren();
      return;
    }
    try {
      const [{ items }, history] = await Promise.all([api('/api-keys'), api('/audit/keys?limit=1000')]);
      list.replaceChildren(keysTable(items));
      log.replaceChildren(logTable(history.items));
      container.dataset.ready = 'true';
    } catch (err) {
      const message = err instanceof ApiError && err.status === 403 ? `${err.message}. Managing keys needs an admin key.` : explain(err);
      list.replaceChildren(h('p', { class: 'status' }, message));
      log.replaceChildren();
    }
  }
  document.addEventListener('planner:key', () => void load());
  return load();
}
