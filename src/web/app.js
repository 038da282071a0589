// @ts-check
/**
 * The dashboard page: wires the controls, the map, the chart and the tables to the service's API.
 * State lives here; the other modules render.
 */
import { api, apiKey, explain } from './api.js';
import { count, h } from './dom.js';
import { PlannerMap } from './map.js';
import { provisionPopup, provisionsTable } from './provisions.js';
import { outlineScale, renderLegend } from './scales.js';

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const state = {
  /** @type {Record<string, string>} */
  designationNames: {},
  /** @type {import('./provisions.js').Provision[]} */
  provisions: [],
  /** @type {Record<string, GeoJSON.FeatureCollection>} localities by level */
  localities: {},
  level: 'district',
};

const plannerMap = new PlannerMap($('map'));

function showError(/** @type {unknown} */ err) {
  const box = $('page-error');
  box.textContent = explain(err);
  box.hidden = false;
}

/** @param {string} level */
async function localities(level) {
  return (state.localities[level] ??= await api(`/localities?level=${level}`));
}

async function drawCatalogue() {
  const collection = await localities(state.level);
  const scale = outlineScale();
  const describe = (/** @type {any} */ p) => `${p.name}: ${p.specialSchools} special schools, ${p.srps} SRPs, ${count(p.places)} known places`;
  plannerMap.setLocalities(collection, scale.colour, describe);
  renderLegend($('legend-scale'), scale, 'Pick a run to shade localities by shortfall.');
  $('map-caption').textContent = `Kent's ${collection.features.length} ${state.level === 'msoa' ? 'MSOAs' : 'districts'} with special schools and SRPs. No run selected.`;
  $('map').dataset.state = 'catalogue';
}

function drawProvisions() {
  plannerMap.setProvisions(state.provisions, (p) => provisionPopup(p, state.designationNames, undefined, null));
  $('provisions-table').replaceChildren(provisionsTable(state.provisions, state.designationNames, null));
}

async function loadSummary() {
  const health = await api('/health');
  const d = health.dataset;
  $('dataset-summary').textContent =
    `${d.localAuthority}: ${d.specialSchools} state-funded special schools and ${d.srps} known SRPs and satellites ` +
    `(a partial public list) among ${d.schools} open state-funded schools, register of ${d.registerDate}.`;
}

function wireKeyForm() {
  const form = /** @type {HTMLFormElement} */ ($('key-form'));
  const input = /** @type {HTMLInputElement} */ ($('api-key'));
  const status = $('key-status');
  status.textContent = apiKey.get() ? 'A key is set for this tab.' : 'No key set.';
  form.addEventListener('submit', (event) => {
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

async function main() {
  wireKeyForm();
  const levelSelect = /** @type {HTMLSelectElement} */ ($('level-select'));
  levelSelect.addEventListener('change', () => {
    state.level = levelSelect.value;
    drawCatalogue().catch(showError);
  });
  const [designations, provisions] = await Promise.all([api('/designations'), api('/provisions'), loadSummary()]);
  for (const d of designations.current) state.designationNames[d.code] = d.name;
  state.provisions = provisions.items;
  await drawCatalogue();
  drawProvisions();
  document.body.dataset.ready = 'true';
}

main().catch(showError);
