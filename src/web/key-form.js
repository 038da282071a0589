// @ts-check
/**
 * "Your API key", at the top of every page: the one place a reader enters or forgets the key the
 * page sends (api.js keeps it, in this tab's session storage only). Pages and sections that need a
 * key listen for the document's `planner:key` event and redraw.
 */
import { apiKey } from './api.js';

/** @param {HTMLFormElement} form */
export function wireKeyForm(form) {
  const input = /** @type {HTMLInputElement} */ (form.querySelector('#api-key'));
  const status = /** @type {HTMLElement} */ (form.querySelector('#key-status'));
  const summary = /** @type {HTMLElement | null} */ (document.getElementById('key-summary-state'));
  const say = (/** @type {string} */ text) => {
    status.textContent = text;
    if (summary) summary.textContent = apiKey.get() ? 'a key is set' : 'no key';
  };
  say(apiKey.get() ? 'A key is set for this tab.' : 'No key set.');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      say('Enter a key first.');
      return;
    }
    apiKey.set(key);
    input.value = '';
    say('Key set for this tab.');
    document.dispatchEvent(new CustomEvent('planner:key'));
  });
  /** @type {HTMLElement} */ (form.querySelector('#forget-key')).addEventListener('click', () => {
    apiKey.clear();
    say('Key forgotten.');
    document.dispatchEvent(new CustomEvent('planner:key'));
  });
}
