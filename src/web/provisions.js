// @ts-check
/** Special schools and SRPs: marker popups and the provisions table. */
import { capacityWithBasis, count, h, percent, table } from './dom.js';

const KIND_NAMES = {
  'special-school': 'Special school',
  srp: 'SRP',
  satellite: 'Special-school satellite',
  opened: 'Opened by the scenario',
  'unlisted-srp': 'SRP places not in the public list (assumed)',
  'independent-special': 'Independent special school',
  'non-maintained-special': 'Non-maintained special school',
};

/**
 * @typedef {{ id: string, kind: 'special-school' | 'srp' | 'satellite' | 'opened', urn: number | null, name: string, summary?: string,
 *   designation: string | null, needTypes: string[], phase: string, ageLow: number, ageHigh: number,
 *   capacity: number | null, capacityBasis: string, roll: number | null, locality: { code: string, name: string },
 *   location: { lat: number, lon: number }, commissioning: string }} Provision
 * @typedef {{ id: string, name: string, kind: string, locality: string, categories: string[], capacity: number,
 *   capacityBasis: 'source' | 'estimate' | 'assumption', capacityNote: string, used: number, usedWhole: number, utilisation: number | null,
 *   utilisationNote: string, valuePerPlace: number | null, valueMeaning: string, changes: string[] }} ProvisionResult
 */

/** "363 (estimate)": a run's capacity with what it rests on, unless it is a published figure. */
function runCapacity(/** @type {ProvisionResult} */ r) {
  return h('span', {}, count(r.capacity), r.capacityBasis === 'source' ? '' : ' ', r.capacityBasis === 'source' ? null : h('span', { class: `tag tag-${r.capacityBasis === 'estimate' ? 'estimate' : 'unknown'}`, title: r.capacityNote }, r.capacityBasis));
}

/** The value of one more place in pounds a year, and what it means. @param {ProvisionResult} r */
function marginal(r) {
  if (r.valuePerPlace === null || r.valuePerPlace === undefined) return r.valueMeaning ?? 'n/a';
  return r.valuePerPlace > 0 ? `\u00a3${count(r.valuePerPlace)} a year: ${r.valueMeaning}` : 'none';
}

/** Utilisation where places are known; "unknown" (with the reason as a tooltip) where places are the roll. @param {ProvisionResult} r */
function utilisation(r) {
  return r.utilisation === null ? h('span', { title: r.utilisationNote }, 'unknown') : percent(r.utilisation);
}

/** @param {Provision} p @param {Record<string, string>} designationNames */
export function provisionSummary(p, designationNames) {
  if (p.summary) return p.summary;
  if (p.kind === 'special-school') return p.designation ? `${designationNames[p.designation] ?? p.designation} (${p.designation})` : 'designation not known';
  return `${p.needTypes.join(', ')} unit`;
}

/**
 * The popup for one provision, with its figures in the selected run when there is one.
 * @param {Provision} p
 * @param {Record<string, string>} designationNames
 * @param {ProvisionResult | undefined} result
 * @param {string | null} runLabel
 */
export function provisionPopup(p, designationNames, result, runLabel) {
  /** @type {[string, Node | string][]} */
  const rows = [
    ['Type', KIND_NAMES[p.kind]],
    [p.kind === 'special-school' ? 'Designation' : p.kind === 'opened' ? 'Designation or need' : 'Need type', provisionSummary(p, designationNames)],
    ['Ages', `${p.ageLow} to ${p.ageHigh} (${p.phase === 'all' ? 'all phases' : p.phase})`],
    ['Places', capacityWithBasis(p.capacity, p.capacityBasis)],
    ['Pupils on roll', p.roll === null ? 'not published' : count(p.roll)],
    ['District', p.locality.name],
  ];
  if (p.commissioning !== 'commissioned') rows.push(['Commissioning', p.commissioning]);
  if (result) {
    rows.push(
      ['Places in the run', runCapacity(result)],
      ['Places used', count(result.usedWhole ?? result.used)],
      ['Utilisation', utilisation(result)],
      ['Value of one more place', marginal(result)],
    );
    if (result.changes.length) rows.push(['Scenario changes', result.changes.join('; ')]);
  }
  return h(
    'div',
    { class: 'popup' },
    h('h3', { tabindex: -1 }, p.name),
    h('dl', {}, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    p.capacityBasis ? h('p', { class: 'hint' }, `Places: ${p.capacityBasis}`) : null,
    result && runLabel ? h('p', { class: 'hint' }, `Run figures from ${runLabel}, in whole pupils and pounds a year.`) : null,
  );
}

/**
 * The catalogue's provisions, before a run is shown.
 * @param {Provision[]} provisions
 * @param {Record<string, string>} designationNames
 */
export function provisionsTable(provisions, designationNames) {
  return table({
    caption: 'Special schools and SRPs',
    id: 'provisions',
    rows: provisions,
    columns: [
      { label: 'Provision', value: (p) => p.name },
      { label: 'Type', value: (p) => KIND_NAMES[p.kind] },
      { label: 'Designation or need', value: (p) => provisionSummary(p, designationNames) },
      { label: 'District', value: (p) => p.locality.name },
      { label: 'Places (basis)', value: (p) => capacityWithBasis(p.capacity, p.capacityBasis), numeric: true },
    ],
  });
}

/**
 * The provisions of a run (including places the scenario opens and the assumed unlisted SRP places),
 * fullest first.
 * @param {ProvisionResult[]} rows
 * @param {(code: string) => string} localityName
 * @param {(code: string) => string} categoryName
 * @param {string} runLabel
 */
export function runProvisionsTable(rows, localityName, categoryName, runLabel) {
  const sorted = [...rows].sort((a, b) => (b.utilisation ?? -1) - (a.utilisation ?? -1) || a.name.localeCompare(b.name));
  return table({
    caption: `Provisions in ${runLabel}: places, use and the value of one more place`,
    id: 'provisions',
    rows: sorted,
    columns: [
      { label: 'Provision', value: (r) => r.name },
      { label: 'Type', value: (r) => KIND_NAMES[/** @type {keyof typeof KIND_NAMES} */ (r.kind)] ?? r.kind },
      { label: 'Categories', value: (r) => r.categories.map(categoryName).join('; ') },
      { label: 'Locality', value: (r) => localityName(r.locality) },
      { label: 'Places', value: (r) => runCapacity(r), numeric: true },
      { label: 'Used', value: (r) => count(r.usedWhole ?? r.used), numeric: true },
      { label: 'Utilisation', value: (r) => utilisation(r), numeric: true },
      { label: 'Value of one more place (\u00a3 a year)', value: (r) => marginal(r) },
    ],
  });
}
